/* SPDX-License-Identifier: GPL-2.0-only */
/* What a kernel image looks like: compression by magic bytes, also inside a bzImage. */
#ifndef PYGRUB_KERNEL_FORMAT_H
#define PYGRUB_KERNEL_FORMAT_H

#include <stddef.h>
#include <stdint.h>

/** Reads @len bytes at @off of the kernel; returns the count read (short at the end). */
typedef long kernel_read_fn(void *ctx, void *buf, size_t len, uint64_t off);

/** Name of the compression whose magic starts @p (@len bytes), or NULL. */
const char *kernel_compression(const uint8_t *p, size_t len);

/**
 * Describe the kernel read through @rd in @out: "gzip", "ELF", "bzImage (payload xz)", ...,
 * or "unknown format". Returns @out.
 */
char *kernel_describe(kernel_read_fn *rd, void *ctx, char *out, size_t outsz);

#endif /* PYGRUB_KERNEL_FORMAT_H */
