/* SPDX-License-Identifier: GPL-2.0-only */
/* Formatting, number parsing and logging for the hypervisor. */
#ifndef XEN_LIB_H
#define XEN_LIB_H

#include <stdarg.h>
#include <xen/compiler.h>
#include <xen/types.h>

/**
 * Format into buf (size bytes, always NUL-terminated when size > 0) following C99
 * printf rules for the conversions d i u x X o c s p % and the length modifiers
 * hh h l ll z t j. Returns the length the whole output would have had.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap) __printf(3, 0);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

/** As vsnprintf, but returns the number of characters actually stored. */
int vscnprintf(char *buf, size_t size, const char *fmt, va_list ap) __printf(3, 0);
int scnprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

/**
 * Parse an unsigned number in base 10, 16 (0x prefix) or 8 (leading 0) when
 * base is 0, else in the given base. *end (if not NULL) points past the digits.
 */
unsigned long long simple_strtoull(const char *s, const char **end, unsigned int base);

/**
 * Parse a size with an optional binary suffix (B, K, M, G, T; case-insensitive;
 * no suffix means the default_shift). Returns the size in bytes.
 */
unsigned long long parse_size_and_unit(const char *s, const char **end, unsigned int default_shift);

/** Print to the hypervisor console; each line gets the "(XEN) " prefix. */
void printk(const char *fmt, ...) __printf(1, 2);
void vprintk(const char *fmt, va_list ap) __printf(1, 0);

/** Report a fatal error on the console and stop the machine with a crash status. */
__noreturn void panic(const char *fmt, ...) __printf(1, 2);

#endif /* XEN_LIB_H */
