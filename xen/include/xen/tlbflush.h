/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The TLB-flush clock: when a page stops being writable by a guest, or goes
 * back to the heap, it is stamped; each CPU records the clock as it flushes.
 * Before the page becomes a page table or descriptor page, or is handed out
 * again, only the CPUs whose last flush is not later than the stamp are flushed.
 */
#ifndef XEN_TLBFLUSH_H
#define XEN_TLBFLUSH_H

#include <xen/smp.h>
#include <xen/types.h>

/** The clock; starts at 1, so a stamp of 0 means "never needs a flush". */
extern uint64_t tlbflush_clock;

/** The clock now (read before a CPU flushes; see tlbflush_note()). */
static inline uint64_t tlbflush_current_time(void)
{
    return __atomic_load_n(&tlbflush_clock, __ATOMIC_SEQ_CST);
}

/**
 * A stamp for "now", taken after the mappings it covers are gone: the clock
 * moves on past it, so a CPU that reads the clock afterwards and then flushes
 * is known to hold none of them. Never 0.
 */
uint64_t tlbflush_stamp(void);

/**
 * CPU cpu flushed its TLB (every guest translation) after reading the clock
 * as t (tlbflush_current_time() taken before the flush). Called by cpu itself.
 */
void tlbflush_note(unsigned int cpu, uint64_t t);

/** The last clock value CPU cpu recorded with tlbflush_note() (0: never). */
uint64_t tlbflush_cpu_time(unsigned int cpu);

/**
 * The CPUs of mask that may still hold a translation removed before stamp
 * (their last flush read the clock at or before it); none for stamp 0.
 */
uint64_t tlbflush_filter(uint64_t mask, uint64_t stamp);

/**
 * Flush the CPUs of mask that may still hold a translation removed before
 * stamp (arch_flush_tlb_mask() on tlbflush_filter()'s result, if not empty).
 * Safe with interrupts off and under any lock.
 */
void tlbflush_filtered(uint64_t mask, uint64_t stamp);

#endif /* XEN_TLBFLUSH_H */
