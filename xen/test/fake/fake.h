/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The fake architecture and drivers host unit tests link hypervisor code
 * against: a serial port that records what it is sent, and a shutdown that
 * returns to the test instead of stopping the machine.
 */
#ifndef XEN_TEST_FAKE_H
#define XEN_TEST_FAKE_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>

/** Everything written to the fake COM1 since the last fake_serial_reset(). */
extern char fake_serial_buf[65536];
extern size_t fake_serial_len;
extern unsigned int fake_serial_inits;
void fake_serial_reset(void);

/**
 * arch_shutdown() records its reason here and, when fake_shutdown_armed is
 * set, longjmps to fake_shutdown_jmp; otherwise it aborts the test program.
 */
extern jmp_buf fake_shutdown_jmp;
extern bool fake_shutdown_armed;
extern int fake_shutdown_reason;

#endif /* XEN_TEST_FAKE_H */
