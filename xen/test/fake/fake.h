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
#include <stdint.h>

/** Everything written to the fake COM1 since the last fake_serial_reset(). */
extern char fake_serial_buf[65536];
extern size_t fake_serial_len;
extern unsigned int fake_serial_inits;
void fake_serial_reset(void);
/** Called by the fake COM1 with each write before it is recorded (NULL: none). */
extern void (*fake_serial_hook)(const char *s, size_t len);
/** What smp_processor_id() says on the calling thread (0 unless a test sets it). */
extern _Thread_local unsigned int fake_cpu;

/**
 * arch_shutdown() records its reason here and, when fake_shutdown_armed is
 * set, longjmps to fake_shutdown_jmp; otherwise it aborts the test program.
 */
extern jmp_buf fake_shutdown_jmp;
extern bool fake_shutdown_armed;
extern int fake_shutdown_reason;

/**
 * Fake machine memory for the allocators: fake_ram_setup(n) gives n zeroed
 * page-aligned frames, a frame table for them, and the direct map
 * arch_mfn_to_virt() uses (frame 0 at fake_ram).
 */
extern unsigned char *fake_ram;
void fake_ram_setup(unsigned long nr_frames);

/**
 * Hypercall continuations: with fake_continuations set, arch_hypercall_continue()
 * records its arguments in fake_continue_args, counts fake_continued and says yes
 * (a direct hypercall); unset, it says no (a multicall).
 */
extern bool fake_continuations;
extern unsigned int fake_continued;
extern uint64_t fake_continue_args[5];

/**
 * arch_flush_tlb_mask() counts its calls in fake_tlb_flushes, ors each mask
 * into fake_tlb_flush_mask and records a flush on the TLB-flush clock for each
 * CPU of the mask, as real CPUs would.
 */
extern uint64_t fake_tlb_flush_mask;
extern unsigned int fake_tlb_flushes;

/** The fake clock (NOW()) and the last deadline given to arch_set_timer_deadline(). */
extern int64_t fake_now;
extern int64_t fake_deadline;

/** Bytes serial_getc() returns, in order, then -1. */
extern int fake_input[64];
extern unsigned int fake_input_len, fake_input_pos;

#endif /* XEN_TEST_FAKE_H */
