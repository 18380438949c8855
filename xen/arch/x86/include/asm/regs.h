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

/*
 * entry_vector of a guest frame built by the syscall entry (pv/entry.S), not a
 * hardware vector: the guest's rcx and r11 are dead on the way back (a
 * hypercall, a syscall bounced to the guest kernel, an iret hypercall with
 * VGCF_in_syscall), so the return may reload them with rip and rflags and use
 * sysretq. PV_IRET_VECTOR marks a frame the iret hypercall rewrote with the
 * guest's own rcx and r11.
 */
#define PV_SYSCALL_VECTOR 0x100
#define PV_IRET_VECTOR    0x101

/** True when addr is canonical (bits 63..47 equal): the only rip iretq or sysretq may load. */
static inline bool x86_canonical(uint64_t addr)
{
    return (uint64_t)((int64_t)(addr << 16) >> 16) == addr;
}

#endif /* ASM_X86_REGS_H */
