/* SPDX-License-Identifier: GPL-2.0-only */
/* Exception and interrupt dispatch (xen/arch/x86/traps.c). */
#ifndef ASM_X86_TRAPS_H
#define ASM_X86_TRAPS_H

#include <asm/regs.h>
#include <xen/compiler.h>

/* Vectors 0-31 are exceptions; external and APIC interrupts use the rest. */
#define FIRST_IRQ_VECTOR 0x20

/** Handler of an interrupt vector; runs with interrupts off. */
typedef void (*irq_handler_t)(struct cpu_user_regs *regs);

/** Route vector (>= FIRST_IRQ_VECTOR) to handler. */
void set_irq_handler(unsigned int vector, irq_handler_t handler);

/** Called by every entry stub (entry.S). */
void handle_trap(struct cpu_user_regs *regs);

/** Print a register dump and a call trace of regs, as Xen's crash output. */
void show_execution_state(const struct cpu_user_regs *regs);

/** Print the call trace starting from the current frame. */
void dump_stack(void);

#endif /* ASM_X86_TRAPS_H */
