/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The TLB-flush clock (see xen/tlbflush.h). Ordering: a page is stamped
 * (tlbflush_stamp(), an atomic increment) after its last mapping is removed;
 * a CPU reads the clock, then flushes, then records what it read. A recorded
 * time above a stamp was read after the increment, so that flush came after
 * the removal; at or below it, nothing is known and the CPU is flushed.
 */
#include <xen/arch.h>
#include <xen/tlbflush.h>

uint64_t tlbflush_clock = 1;

/* Each CPU's last flush time, written only by that CPU, one cache line each. */
static struct {
    uint64_t time;
} __attribute__((__aligned__(64))) tlbflush_time[NR_CPUS];

uint64_t tlbflush_stamp(void)
{
    return __atomic_fetch_add(&tlbflush_clock, 1, __ATOMIC_SEQ_CST);
}

void tlbflush_note(unsigned int cpu, uint64_t t)
{
    if ( cpu < NR_CPUS && t > __atomic_load_n(&tlbflush_time[cpu].time, __ATOMIC_RELAXED) )
        __atomic_store_n(&tlbflush_time[cpu].time, t, __ATOMIC_SEQ_CST);
}

uint64_t tlbflush_cpu_time(unsigned int cpu)
{
    return cpu < NR_CPUS ? __atomic_load_n(&tlbflush_time[cpu].time, __ATOMIC_SEQ_CST) : 0;
}

uint64_t tlbflush_filter(uint64_t mask, uint64_t stamp)
{
    if ( stamp == 0 )
        return 0;
    for ( uint64_t m = mask; m; m &= m - 1 )
    {
        unsigned int cpu = (unsigned int)__builtin_ctzll(m);

        if ( tlbflush_cpu_time(cpu) > stamp )
            mask &= ~(1ULL << cpu);
    }
    return mask;
}

void tlbflush_filtered(uint64_t mask, uint64_t stamp)
{
    mask = tlbflush_filter(mask, stamp);
    if ( mask )
        arch_flush_tlb_mask(mask);
}
