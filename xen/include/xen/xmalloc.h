/* SPDX-License-Identifier: GPL-2.0-only */
/* The hypervisor's heap for small objects (xen/common/xmalloc.c). */
#ifndef XEN_XMALLOC_H
#define XEN_XMALLOC_H

#include <xen/types.h>

/**
 * Allocate size bytes, 16-byte aligned; NULL when out of memory or size is 0.
 * Small sizes come from per-size slabs, larger ones from whole heap pages.
 */
void *xmalloc_bytes(size_t size);

/** As xmalloc_bytes(), zero-filled. */
void *xzalloc_bytes(size_t size);

/** Release memory from xmalloc_bytes(); NULL is ignored; a double free panics. */
void xfree(void *p);

#define xmalloc(type) ((type *)xmalloc_bytes(sizeof(type)))
#define xzalloc(type) ((type *)xzalloc_bytes(sizeof(type)))
/** Zeroed array of n elements of size bytes: NULL (not a short allocation) on overflow. */
void *xzalloc_array_bytes(size_t n, size_t size);
#define xzalloc_array(type, n) ((type *)xzalloc_array_bytes((n), sizeof(type)))

/** Bytes currently handed out by xmalloc, for the 'm' debug key. */
size_t xmalloc_bytes_in_use(void);

#endif /* XEN_XMALLOC_H */
