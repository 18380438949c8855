/* SPDX-License-Identifier: GPL-2.0-only */
/* The hypervisor's own string and memory routines (xen/common/string.c). */
#ifndef XEN_STRING_H
#define XEN_STRING_H

#include <xen/types.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);

/**
 * Copy at most size-1 bytes of src into dst and always NUL-terminate (when
 * size > 0). Returns strlen(src), so truncation happened iff result >= size.
 */
size_t strlcpy(char *dst, const char *src, size_t size);

/**
 * Append src to the NUL-terminated dst in a buffer of size bytes, always
 * NUL-terminating. Returns the length the full result would have had.
 */
size_t strlcat(char *dst, const char *src, size_t size);

#endif /* XEN_STRING_H */
