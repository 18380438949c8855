/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Bringing up the other CPUs (INIT-SIPI-SIPI through the trampoline), cross-CPU
 * function calls and TLB shootdown, and the idle loop every CPU ends in.
 */
#include <asm/apic.h>
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/time.h>
#include <asm/traps.h>
#include <xen/acpi.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/param.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/spinlock.h>
#include <xen/string.h>
#include <xen/time.h>

/* A page of conventional memory the heap never gets (it starts at 1 MiB). */
#define TRAMPOLINE_PHYS 0x8000UL

extern const char trampoline_start[], trampoline_end[], tramp_gdt[], tramp32[], tramp64[];
extern uint64_t tramp_cr3, tramp_efer, tramp_stack, tramp_entry;
extern uint32_t tramp_gdtr_base, tramp_jump32, tramp_jump64;

void pv_percpu_init(unsigned int cpu);
void fpu_cpu_init(void);

/* maxcpus=<n>: bring up at most n CPUs. */
static unsigned int opt_maxcpus = NR_CPUS;
integer_param("maxcpus", opt_maxcpus);

uint32_t cpu_to_apic_id[NR_CPUS];

unsigned int smp_processor_id(void)
{
    return get_processor_id();
}

void arch_send_event_check(unsigned int cpu)
{
    apic_send_ipi(cpu_to_apic_id[cpu], EVENT_CHECK_VECTOR);
}

/* ---------------------------------------------------------- function calls */

static DEFINE_SPINLOCK(call_lock);
static struct {
    void (*fn)(void *data);
    void *data;
    uint64_t pending;
} call;

static void call_function_interrupt(struct cpu_user_regs *regs)
{
    (void)regs;
    ack_APIC_irq();
    call.fn(call.data);
    __atomic_fetch_and(&call.pending, ~(1ULL << get_processor_id()), __ATOMIC_SEQ_CST);
}

void on_selected_cpus(uint64_t mask, void (*fn)(void *data), void *data)
{
    unsigned int me = get_processor_id();
    uint64_t others = mask & cpu_online_map & ~(1ULL << me);

    if ( others && !(read_flags() & X86_EFLAGS_IF) )
    {
        /*
         * A bug: a target CPU spinning with interrupts off (for a lock we
         * hold, or for call_lock in its own call) never answers, and we wait
         * for ever. Say so, loudly, once.
         */
        static bool warned;

        if ( !__atomic_exchange_n(&warned, true, __ATOMIC_RELAXED) )
        {
            printk("WARNING: on_selected_cpus() with interrupts off (CPU %u): may deadlock\n", me);
            dump_stack();
        }
    }
    if ( others )
    {
        spin_lock(&call_lock);
        call.fn = fn;
        call.data = data;
        __atomic_store_n(&call.pending, others, __ATOMIC_SEQ_CST);
        for ( unsigned int c = 0; c < NR_CPUS; c++ )
            if ( others & (1ULL << c) )
                apic_send_ipi(cpu_to_apic_id[c], CALL_FUNCTION_VECTOR);
        while ( __atomic_load_n(&call.pending, __ATOMIC_SEQ_CST) )
            arch_cpu_relax();
        spin_unlock(&call_lock);
    }
    if ( mask & (1ULL << me) )
    {
        unsigned long flags = arch_irq_save();

        fn(data);
        arch_irq_restore(flags);
    }
}

/* --------------------------------------------------------------- idle */

/*
 * Per CPU: nanoseconds halted in the idle loop before the current halt, and
 * when the current halt began (0: not halted). Only the CPU itself writes
 * them, bumping seq to odd before and to even after, so a reader on another
 * CPU retries instead of seeing half an update.
 */
static struct idle_account {
    unsigned int seq;
    uint64_t time;
    s_time_t since;
} idle_account[NR_CPUS];

static void idle_account_set(struct idle_account *ia, uint64_t time, s_time_t since)
{
    __atomic_store_n(&ia->seq, ia->seq + 1, __ATOMIC_RELEASE);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    __atomic_store_n(&ia->time, time, __ATOMIC_RELAXED);
    __atomic_store_n(&ia->since, since, __ATOMIC_RELAXED);
    __atomic_store_n(&ia->seq, ia->seq + 1, __ATOMIC_RELEASE);
}

uint64_t arch_cpu_idle_time(unsigned int cpu)
{
    struct idle_account *ia = &idle_account[cpu];
    unsigned int seq;
    uint64_t time;
    s_time_t since;

    if ( cpu >= NR_CPUS )
        return 0;
    do
    {
        seq = __atomic_load_n(&ia->seq, __ATOMIC_ACQUIRE);
        time = __atomic_load_n(&ia->time, __ATOMIC_RELAXED);
        since = __atomic_load_n(&ia->since, __ATOMIC_RELAXED);
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
    } while ( (seq & 1) || seq != __atomic_load_n(&ia->seq, __ATOMIC_RELAXED) );
    return time + (since ? (uint64_t)(NOW() - since) : 0);
}

/** Every CPU's last stop: run softirqs, halt until an interrupt. */
__noreturn void idle_loop(void);

void idle_loop(void)
{
    unsigned int cpu = get_processor_id();

    for ( ;; )
    {
        do_softirq();
        local_irq_disable();
        if ( !softirq_pending(cpu) )
        {
            struct idle_account *ia = &idle_account[cpu];

            /* Interrupts return here (never into a guest), so each halt is accounted. */
            idle_account_set(ia, ia->time, NOW());
            __asm__ __volatile__("sti; hlt" ::: "memory"); /* sti's shadow covers hlt */
            idle_account_set(ia, ia->time + (uint64_t)(NOW() - ia->since), 0);
        }
        else
            local_irq_enable();
    }
}

/* --------------------------------------------------------------- bring-up */

static __noreturn void start_secondary(void)
{
    unsigned int cpu = get_processor_id();

    load_cpu_tables(cpu);
    write_cr4(read_cr4() | X86_CR4_PGE);
    fpu_cpu_init();
    apic_setup_cpu();
    pv_percpu_init(cpu);
    set_cpu_online(cpu);
    flush_tlb_idle_enter(); /* the trampoline loaded idle_pg_table */
    local_irq_enable();
    idle_loop();
}

static int boot_one_cpu(unsigned int cpu, uint32_t apic_id)
{
    void *stack = alloc_xenheap_pages(STACK_ORDER); /* naturally STACK_SIZE aligned */
    struct cpu_info *ci;
    uint8_t *tramp = __va(TRAMPOLINE_PHYS);
    s_time_t deadline;

    if ( stack == NULL )
        return -1;
    ci = (struct cpu_info *)((uint8_t *)stack + STACK_SIZE) - 1;
    memset(ci, 0, sizeof(*ci));
    ci->processor_id = cpu;
    if ( init_cpu_tables(cpu, ci) )
        return -1;
    cpu_to_apic_id[cpu] = apic_id;

    /* Fill this start's slots in the copy. */
    *(uint64_t *)(tramp + ((const char *)&tramp_stack - trampoline_start)) = (uint64_t)ci;
    *(uint64_t *)(tramp + ((const char *)&tramp_entry - trampoline_start)) =
        (uint64_t)start_secondary;

    apic_send_ipi(apic_id, APIC_DM_INIT | APIC_ICR_ASSERT | APIC_ICR_LEVEL);
    pit_wait_ms(10);
    for ( int i = 0; i < 2; i++ )
    {
        apic_send_ipi(apic_id, APIC_DM_STARTUP | (TRAMPOLINE_PHYS >> PAGE_SHIFT));
        udelay(200);
        if ( cpu_online(cpu) )
            break;
    }
    deadline = NOW() + SECONDS(1);
    while ( !cpu_online(cpu) && NOW() < deadline )
        arch_cpu_relax();
    return cpu_online(cpu) ? 0 : -1;
}

/** Start every enabled CPU the MADT lists (up to maxcpus=); returns how many run. */
unsigned int smp_boot_cpus(void);

unsigned int smp_boot_cpus(void)
{
    uint8_t *tramp = __va(TRAMPOLINE_PHYS);
    size_t len = trampoline_end - trampoline_start;
    uint32_t me = apic_get_id();
    unsigned int next = 1;

    cpu_to_apic_id[0] = me;
    set_irq_handler(CALL_FUNCTION_VECTOR, call_function_interrupt);
    flush_tlb_init();

    /* The copy, its fixed slots, and an identity map of it for the switch to paging. */
    memcpy(tramp, trampoline_start, len);
    *(uint32_t *)(tramp + ((const char *)&tramp_gdtr_base - trampoline_start)) =
        TRAMPOLINE_PHYS + (tramp_gdt - trampoline_start);
    *(uint32_t *)(tramp + ((const char *)&tramp_jump32 - trampoline_start)) =
        TRAMPOLINE_PHYS + (tramp32 - trampoline_start);
    *(uint32_t *)(tramp + ((const char *)&tramp_jump64 - trampoline_start)) =
        TRAMPOLINE_PHYS + (tramp64 - trampoline_start);
    *(uint64_t *)(tramp + ((const char *)&tramp_cr3 - trampoline_start)) = __pa(idle_pg_table);
    *(uint64_t *)(tramp + ((const char *)&tramp_efer - trampoline_start)) =
        rdmsr(MSR_EFER) & (EFER_LME | EFER_NXE);
    if ( map_pages_to_xen(0, _mfn(0), SUPERPAGE_2M_PAGES, PAGE_HYPERVISOR_RWX) )
        panic("No memory for the trampoline's identity mapping\n");

    for ( unsigned int i = 0; i < acpi_info.nr_cpus && next < opt_maxcpus && next < NR_CPUS; i++ )
    {
        const struct acpi_cpu *c = &acpi_info.cpus[i];

        if ( !c->enabled || c->apic_id == me )
            continue;
        if ( boot_one_cpu(next, c->apic_id) == 0 )
            next++;
        else
            printk("CPU with APIC ID %u did not come up\n", c->apic_id);
    }

    /* Drop the identity mapping: the low half belongs to guests. */
    idle_pg_table[0].raw = 0;
    flush_tlb_all();
    printk("Brought up %u CPUs\n", num_online_cpus());
    return num_online_cpus();
}
