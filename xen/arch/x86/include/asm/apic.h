/* SPDX-License-Identifier: GPL-2.0-only */
/* The local APIC (xAPIC, memory-mapped): registers, vectors, IPIs, its timer. */
#ifndef ASM_X86_APIC_H
#define ASM_X86_APIC_H

#include <xen/types.h>

#define APIC_ID        0x020
#define APIC_VERSION   0x030
#define APIC_TPR       0x080
#define APIC_EOI       0x0b0
#define APIC_LDR       0x0d0
#define APIC_DFR       0x0e0
#define APIC_SVR       0x0f0
#define APIC_ESR       0x280
#define APIC_ICR_LO    0x300
#define APIC_ICR_HI    0x310
#define APIC_LVT_TIMER 0x320
#define APIC_LVT_LINT0 0x350
#define APIC_LVT_LINT1 0x360
#define APIC_LVT_ERROR 0x370
#define APIC_TMICT     0x380
#define APIC_TMCCT     0x390
#define APIC_TDCR      0x3e0

#define APIC_SVR_ENABLE (1u << 8)
#define APIC_LVT_MASKED (1u << 16)
#define APIC_DM_NMI     (4u << 8)
#define APIC_DM_INIT    (5u << 8)
#define APIC_DM_STARTUP (6u << 8)
#define APIC_ICR_BUSY   (1u << 12)
#define APIC_ICR_ASSERT (1u << 14)
#define APIC_ICR_LEVEL  (1u << 15)
#define APIC_TDCR_DIV_1 0xb

/* Vectors the hypervisor uses. */
#define CALL_FUNCTION_VECTOR  0xf0
#define EVENT_CHECK_VECTOR    0xf1
#define INVALIDATE_TLB_VECTOR 0xf2 /* flushtlb.c */
#define LOCAL_TIMER_VECTOR    0xfa
#define ERROR_APIC_VECTOR     0xfe
#define SPURIOUS_APIC_VECTOR  0xff

/** Map the local APIC (address from ACPI); call once on the boot CPU. */
void apic_map(uint64_t phys);

/** Enable and configure this CPU's local APIC and its timer vector. */
void apic_setup_cpu(void);

uint32_t apic_read(unsigned int reg);
void apic_write(unsigned int reg, uint32_t v);

/** This CPU's APIC ID. */
uint32_t apic_get_id(void);

static inline void ack_APIC_irq(void)
{
    apic_write(APIC_EOI, 0);
}

/** Each CPU's APIC ID (smpboot.c). */
extern uint32_t cpu_to_apic_id[];

/** Send vector (or INIT/STARTUP with its mode bits in icr_lo) to apic_id. */
void apic_send_ipi(uint32_t apic_id, uint32_t icr_lo);

/** Measure APIC timer ticks per millisecond against the reference clock. */
void apic_calibrate_timer(void);

/** Timer interrupts taken on each CPU (to show the timer runs). */
extern unsigned long apic_timer_irqs[];

#endif /* ASM_X86_APIC_H */
