/* SPDX-License-Identifier: GPL-2.0-only */
/* x86 implementations of the interrupt-flag and spin-wait hooks of <xen/arch.h>. */
#include <asm/processor.h>
#include <xen/arch.h>

unsigned long arch_irq_save(void)
{
    unsigned long flags = read_flags();

    local_irq_disable();
    return flags & X86_EFLAGS_IF;
}

void arch_irq_restore(unsigned long flags)
{
    if ( flags & X86_EFLAGS_IF )
        local_irq_enable();
}

void arch_cpu_relax(void)
{
    __asm__ __volatile__("pause" ::: "memory");
    flush_tlb_serve();
}
