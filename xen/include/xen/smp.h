/* SPDX-License-Identifier: GPL-2.0-only */
/* CPUs: the limit, and which are online (xen/common/smp.c keeps the map). */
#ifndef XEN_SMP_H
#define XEN_SMP_H

#include <xen/types.h>

/** Most CPUs the hypervisor brings up. */
#define NR_CPUS 64

/** Bit c set when CPU c is online. */
extern uint64_t cpu_online_map;

static inline bool cpu_online(unsigned int cpu)
{
    return cpu < NR_CPUS && (cpu_online_map >> cpu) & 1;
}

static inline unsigned int num_online_cpus(void)
{
    uint64_t m = cpu_online_map;
    unsigned int n = 0;

    for ( ; m; m &= m - 1 ) /* no popcnt instruction assumed */
        n++;
    return n;
}

/** The CPU this code runs on (provided by the architecture). */
unsigned int smp_processor_id(void);

/**
 * Run fn(data) on every CPU in mask (this one included if set) and return when
 * all have finished. Call with interrupts enabled (a call with them off is a
 * bug, reported once with a call trace): a target spinning with interrupts off
 * would never answer. TLB flushes go through arch_flush_tlb_mask() instead.
 */
void on_selected_cpus(uint64_t mask, void (*fn)(void *data), void *data);

/** Mark cpu online (atomically: secondary CPUs call it themselves). */
static inline void set_cpu_online(unsigned int cpu)
{
    __atomic_fetch_or(&cpu_online_map, 1ULL << cpu, __ATOMIC_SEQ_CST);
}

#endif /* XEN_SMP_H */
