/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Every hook generic code calls into the architecture. Generic code (xen/common,
 * xen/include/xen) includes this header, never <asm/...>.
 */
#ifndef XEN_ARCH_H
#define XEN_ARCH_H

#include <xen/compiler.h>
#include <xen/types.h>

/**
 * Stop the machine for reason (an XEN_SHUTDOWN_* value): report the reason to
 * the platform (under QEMU, through the isa-debug-exit port, so the emulator's
 * exit status tells it), then power off, reset or halt as the reason asks.
 * Interrupts are off on return... which never happens.
 */
__noreturn void arch_shutdown(unsigned int reason);

/** Disable interrupts on this CPU and halt it forever. */
__noreturn void arch_halt(void);

struct page_info;

/**
 * The hypervisor's view of a machine frame: its address in the direct map.
 * Valid for any frame below the top of RAM.
 */
void *arch_mfn_to_virt(unsigned long mfn);

/** Inverse of arch_mfn_to_virt() for a direct-map address. */
unsigned long arch_virt_to_mfn(const void *va);

/** A hint to the CPU inside a spin-wait loop (x86: pause). */
void arch_cpu_relax(void);

/**
 * Disable interrupts on this CPU and return whether they were enabled, for
 * arch_irq_restore().
 */
unsigned long arch_irq_save(void);
void arch_irq_restore(unsigned long flags);

#endif /* XEN_ARCH_H */
