/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The local APIC: per-CPU enable, IPIs, and the one-shot timer behind
 * arch_set_timer_deadline(). The legacy 8259 PICs are masked for good.
 */
#include <asm/apic.h>
#include <asm/current.h>
#include <asm/io.h>
#include <asm/mm.h>
#include <asm/processor.h>
#include <asm/time.h>
#include <asm/traps.h>
#include <xen/arch.h>
#include <xen/lib.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/time.h>

static volatile uint32_t *apic_base;
static unsigned long apic_khz; /* timer ticks per millisecond, divide-by-1 */
unsigned long apic_timer_irqs[NR_CPUS];

uint32_t apic_read(unsigned int reg)
{
    return apic_base[reg / 4];
}

void apic_write(unsigned int reg, uint32_t v)
{
    apic_base[reg / 4] = v;
}

uint32_t apic_get_id(void)
{
    return apic_read(APIC_ID) >> 24;
}

void apic_send_ipi(uint32_t apic_id, uint32_t icr_lo)
{
    unsigned long flags = arch_irq_save();

    while ( apic_read(APIC_ICR_LO) & APIC_ICR_BUSY )
        __asm__ __volatile__("pause");
    apic_write(APIC_ICR_HI, apic_id << 24);
    apic_write(APIC_ICR_LO, icr_lo);
    arch_irq_restore(flags);
}

static void timer_interrupt(struct cpu_user_regs *regs)
{
    (void)regs;
    apic_timer_irqs[get_processor_id()]++;
    ack_APIC_irq();
    raise_softirq(TIMER_SOFTIRQ);
}

static void spurious_interrupt(struct cpu_user_regs *regs)
{
    (void)regs; /* no EOI for a spurious interrupt */
}

static void error_interrupt(struct cpu_user_regs *regs)
{
    uint32_t esr;

    (void)regs;
    apic_write(APIC_ESR, 0);
    esr = apic_read(APIC_ESR);
    ack_APIC_irq();
    printk("APIC error on CPU%u: %#x\n", get_processor_id(), esr);
}

static void event_check_interrupt(struct cpu_user_regs *regs)
{
    (void)regs;
    ack_APIC_irq(); /* the softirq check on the way out does the work */
}

void apic_map(uint64_t phys)
{
    apic_base = ioremap(phys, 4096);
    if ( apic_base == NULL )
        panic("Cannot map the local APIC at %#lx\n", (unsigned long)phys);
    wrmsr(MSR_APIC_BASE, rdmsr(MSR_APIC_BASE) | (1UL << 11)); /* global enable */

    /* Mask both 8259s: every interrupt comes through the APICs. */
    outb(0xff, 0x21);
    outb(0xff, 0xa1);

    set_irq_handler(LOCAL_TIMER_VECTOR, timer_interrupt);
    set_irq_handler(SPURIOUS_APIC_VECTOR, spurious_interrupt);
    set_irq_handler(ERROR_APIC_VECTOR, error_interrupt);
    set_irq_handler(EVENT_CHECK_VECTOR, event_check_interrupt);
}

void apic_setup_cpu(void)
{
    apic_write(APIC_SVR, APIC_SVR_ENABLE | SPURIOUS_APIC_VECTOR);
    apic_write(APIC_TPR, 0);
    apic_write(APIC_LVT_LINT0, APIC_LVT_MASKED);
    apic_write(APIC_LVT_LINT1, APIC_DM_NMI);
    apic_write(APIC_LVT_ERROR, ERROR_APIC_VECTOR);
    apic_write(APIC_ESR, 0);
    apic_write(APIC_TDCR, APIC_TDCR_DIV_1);
    apic_write(APIC_LVT_TIMER, LOCAL_TIMER_VECTOR); /* one-shot */
    apic_write(APIC_TMICT, 0);
    ack_APIC_irq();
}

void apic_calibrate_timer(void)
{
    uint32_t start = 0xffffffffu, end;

    apic_write(APIC_TDCR, APIC_TDCR_DIV_1);
    apic_write(APIC_LVT_TIMER, APIC_LVT_MASKED | LOCAL_TIMER_VECTOR);
    apic_write(APIC_TMICT, start);
    pit_wait_ms(20);
    end = apic_read(APIC_TMCCT);
    apic_write(APIC_TMICT, 0);
    apic_khz = (start - end) / 20;
    if ( apic_khz == 0 )
        panic("The APIC timer does not count\n");
    printk("APIC timer: %lu.%03lu MHz\n", apic_khz / 1000, apic_khz % 1000);
}

void arch_set_timer_deadline(s_time_t deadline)
{
    s_time_t delta;
    uint64_t ticks;

    if ( deadline == STIME_MAX )
    {
        apic_write(APIC_TMICT, 0);
        return;
    }
    delta = deadline - NOW();
    if ( delta < MICROSECS(1) )
        delta = MICROSECS(1);
    if ( delta > SECONDS(1000) )
        delta = SECONDS(1000); /* keeps the product below in range; re-armed on expiry */
    ticks = (uint64_t)delta * apic_khz / 1000000;
    if ( ticks == 0 )
        ticks = 1;
    if ( ticks > 0xffffffffu )
        ticks = 0xffffffffu; /* fires early; the softirq re-arms */
    apic_write(APIC_LVT_TIMER, LOCAL_TIMER_VECTOR);
    apic_write(APIC_TMICT, (uint32_t)ticks);
}
