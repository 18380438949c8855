/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor console: every printk goes to a ring buffer (read later by
 * `xl dmesg`) and, once console_start() has run, to the console drivers.
 */
#ifndef XEN_CONSOLE_H
#define XEN_CONSOLE_H

#include <xen/types.h>

/** Size of the console ring in bytes (a power of two). */
#define CONRING_SIZE 16384

/**
 * Start output to the drivers selected by the console= option, first replaying
 * what the ring holds. Called once the command line has been parsed.
 */
void console_start(void);

/** Append raw text (no prefixing) to the ring and the active drivers. */
void console_write(const char *s, size_t len);

/**
 * Write prefix then s (a whole line, newline included) as one unit: no other
 * CPU's output lands inside it. For guest console lines ("(d1) ...").
 */
void console_write_line(const char *prefix, const char *s, size_t len);

/**
 * Copy the oldest-to-newest contents of the ring into buf (at most size-1
 * bytes, NUL-terminated) and return the number of bytes copied. When the ring
 * holds more than fits, the newest bytes are kept.
 */
size_t console_ring_copy(char *buf, size_t size);

/** Total bytes ever written to the ring (the ring holds the last CONRING_SIZE). */
uint64_t console_ring_produced(void);

/**
 * Start polling the console for input (every 10 ms, on the calling CPU); keys
 * go to the keyhandler. Needs timers.
 */
void console_start_input(void);

#endif /* XEN_CONSOLE_H */
