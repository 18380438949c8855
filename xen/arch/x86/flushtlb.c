/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * TLB shootdown: flushing other CPUs' TLBs without locks and without needing
 * their interrupts enabled, so a flush may be asked for under pv_mm_lock with
 * interrupts off (a page changing type, a page handed out again) without
 * deadlocking against a CPU that spins for that lock: a CPU serves flush
 * requests in every spin-wait loop (arch_cpu_relax()) and in the IPI handler.
 * Each flush is recorded on the TLB-flush clock (xen/tlbflush.h).
 *
 * Idle CPUs: a CPU in its idle loop runs on idle_pg_table, which dropped every
 * guest translation (a guest never gets a global entry, pv/mm.c), but
 * hypervisor mappings are global and some are per vCPU (the GDT windows). So
 * an idle CPU is not interrupted and waited for: it gets a deferred flush,
 * global entries included, before it loads a guest's tables. The flusher sets
 * deferred then reads on_idle_tables; the CPU leaving idle clears
 * on_idle_tables then takes deferred; both sequentially consistent, so at
 * least one of the two sees the other (an IPI, a deferred flush, or both).
 */
#include <asm/apic.h>
#include <asm/current.h>
#include <asm/processor.h>
#include <asm/traps.h>
#include <xen/arch.h>
#include <xen/lib.h>
#include <xen/smp.h>
#include <xen/tlbflush.h>

static struct tlb_cpu {
    bool on_idle_tables; /* running on idle_pg_table: no guest translation */
    bool deferred;       /* flush before leaving idle */
    bool request;        /* a flusher waits for this CPU: serve it now */
} __attribute__((__aligned__(64))) tlb_cpu[NR_CPUS];

void flush_tlb_local(void)
{
    /* Toggling PGE flushes global entries too. */
    uint64_t t = tlbflush_current_time();
    unsigned long cr4 = read_cr4();

    write_cr4(cr4 & ~X86_CR4_PGE);
    write_cr4(cr4);
    tlbflush_note(get_processor_id(), t);
}

void write_cr3_flush(uint64_t cr3)
{
    uint64_t t = tlbflush_current_time();

    write_cr3(cr3);
    tlbflush_note(get_processor_id(), t);
}

void flush_tlb_idle_enter(void)
{
    __atomic_store_n(&tlb_cpu[get_processor_id()].on_idle_tables, true, __ATOMIC_SEQ_CST);
}

void flush_tlb_idle_leave(void)
{
    struct tlb_cpu *me = &tlb_cpu[get_processor_id()];

    __atomic_store_n(&me->on_idle_tables, false, __ATOMIC_SEQ_CST);
    if ( __atomic_exchange_n(&me->deferred, false, __ATOMIC_SEQ_CST) )
        flush_tlb_local();
}

void flush_tlb_serve(void)
{
    struct tlb_cpu *me = &tlb_cpu[get_processor_id()];

    if ( __atomic_load_n(&me->request, __ATOMIC_RELAXED) &&
         __atomic_exchange_n(&me->request, false, __ATOMIC_SEQ_CST) )
    {
        __atomic_store_n(&me->deferred, false, __ATOMIC_SEQ_CST);
        flush_tlb_local();
    }
}

static void invalidate_interrupt(struct cpu_user_regs *regs)
{
    (void)regs;
    ack_APIC_irq();
    flush_tlb_serve();
}

void flush_tlb_init(void)
{
    set_irq_handler(INVALIDATE_TLB_VECTOR, invalidate_interrupt);
}

void arch_flush_tlb_mask(uint64_t mask)
{
    unsigned int me = get_processor_id();
    uint64_t stamp = tlbflush_stamp(), wait = 0;

    mask &= cpu_online_map | (1ULL << me);
    for ( uint64_t m = mask & ~(1ULL << me); m; m &= m - 1 )
    {
        unsigned int c = (unsigned int)__builtin_ctzll(m);

        __atomic_store_n(&tlb_cpu[c].deferred, true, __ATOMIC_SEQ_CST);
        if ( __atomic_load_n(&tlb_cpu[c].on_idle_tables, __ATOMIC_SEQ_CST) )
            continue;
        __atomic_store_n(&tlb_cpu[c].request, true, __ATOMIC_SEQ_CST);
        apic_send_ipi(cpu_to_apic_id[c], INVALIDATE_TLB_VECTOR);
        wait |= 1ULL << c;
    }
    if ( mask & (1ULL << me) )
        flush_tlb_local();
    /* Done when each has flushed after our stamp (for this request or any other reason). */
    while ( wait )
    {
        for ( uint64_t m = wait; m; m &= m - 1 )
        {
            unsigned int c = (unsigned int)__builtin_ctzll(m);

            if ( tlbflush_cpu_time(c) > stamp )
                wait &= ~(1ULL << c);
        }
        arch_cpu_relax(); /* serves a flush someone asks of us meanwhile */
    }
}

void flush_tlb_all(void)
{
    arch_flush_tlb_mask(cpu_online_map);
}
