/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The register frame built on a hypervisor stack by every exception, interrupt
 * and (later) hypercall entry. Its order is the PV ABI's cpu_user_regs, so a
 * guest's frame can be copied to and from vcpu_guest_context unchanged.
 * Assembly uses the offsets from <generated/asm-offsets.h>, never numbers.
 */
#ifndef ASM_X86_REGS_H
#define ASM_X86_REGS_H

#include <xen/types.h>

#include <public/xen.h> /* struct cpu_user_regs */

/** True when the frame was interrupted in ring 0 (the hypervisor itself). */
static inline bool regs_from_hypervisor(const struct cpu_user_regs *r)
{
    return (r->cs & 3) == 0;
}

#endif /* ASM_X86_REGS_H */
