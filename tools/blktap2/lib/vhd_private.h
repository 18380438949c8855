/* SPDX-License-Identifier: GPL-2.0-only */
/* libvhd internals shared between its files; not exported (see libvhd.map). */
#ifndef BLKTAP2_VHD_PRIVATE_H
#define BLKTAP2_VHD_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

/** pwrite all of buf, retrying short writes: 0 or -errno. */
int vhd__pwrite(int fd, const void *buf, size_t len, uint64_t off);
/** pread all of buf: 0, -errno, or -EIO when the file ends first. */
int vhd__pread(int fd, void *buf, size_t len, uint64_t off);
/** pread all of buf, zero-filling past the end of the file: 0, 1 (hit the end) or -errno. */
int vhd__pread_zero(int fd, void *buf, size_t len, uint64_t off);

#endif /* BLKTAP2_VHD_PRIVATE_H */
