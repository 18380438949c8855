/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * x86 Linux bzImage: finds the compressed kernel (payload) inside the image
 * using the real-mode setup header (boot protocol 2.08 or later).
 */
#ifndef XEN_BZIMAGE_H
#define XEN_BZIMAGE_H

#include <xen/types.h>

/* True when the image carries a setup header ("HdrS" at 0x202). */
bool bzimage_is(const void *image, size_t len);

/*
 * Points *payload at the compressed payload inside image (no copy) and sets
 * *payload_len. Returns 0, or -EINVAL with *why naming what is wrong.
 */
int bzimage_payload(const void *image, size_t len, const void **payload, size_t *payload_len,
                    const char **why);

#endif /* XEN_BZIMAGE_H */
