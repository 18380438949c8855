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
 * Raw text from the hardware domain (console_io): to the active drivers, and
 * to the ring only with the console_to_ring option, as Xen does; so `xl
 * dmesg` shows the hypervisor's log and other domains' lines, not dom0's own.
 * Written as one unit under the console lock, as console_write_line() is: a
 * guest's line on another CPU never lands inside it, nor it inside the line.
 */
void console_write_hwdom(const char *s, size_t len);

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

/*
 * Reading the ring as `xl dmesg` does (the readconsole sysctl). Positions are
 * byte counters modulo 2^32; the bytes a reader can get are the newest
 * CONRING_SIZE written, minus those a reader cleared.
 */

/**
 * Where a read starts: index when incremental and index lies within the held
 * bytes (or just past the newest), else the oldest byte held.
 */
uint32_t console_ring_start(bool incremental, uint32_t index);

/**
 * Copy up to max held bytes from *pos on into buf (not NUL-terminated) and
 * advance *pos past them; returns the number copied (0: nothing newer). A
 * position that is no longer held (overwritten meanwhile) moves to the oldest.
 */
size_t console_ring_fetch(uint32_t *pos, char *buf, size_t max);

/** Forget every byte before pos (a reader's `clear`), if pos is held. */
void console_ring_clear(uint32_t pos);

/**
 * Start polling the console for input (every 10 ms, on the calling CPU); keys
 * go to the keyhandler. Needs timers.
 */
void console_start_input(void);

#endif /* XEN_CONSOLE_H */
