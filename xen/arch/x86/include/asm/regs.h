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

struct cpu_user_regs {
    uint64_t r15, r14, r13, r12, rbp, rbx;
    uint64_t r11, r10, r9, r8, rax, rcx, rdx, rsi, rdi;
    uint32_t error_code;   /* pushed by the CPU or 0 by the entry stub */
    uint32_t entry_vector; /* pushed by the entry stub */
    /* The hardware frame. */
    uint64_t rip;
    uint16_t cs, _pad0[1];
    uint8_t saved_upcall_mask;
    uint8_t _pad1[3];
    uint64_t rflags;
    uint64_t rsp;
    uint16_t ss, _pad2[3];
    /* Only meaningful for guest frames. */
    uint16_t es, _pad3[3];
    uint16_t ds, _pad4[3];
    uint16_t fs, _pad5[3];
    uint16_t gs, _pad6[3];
};

/** True when the frame was interrupted in ring 0 (the hypervisor itself). */
static inline bool regs_from_hypervisor(const struct cpu_user_regs *r)
{
    return (r->cs & 3) == 0;
}

#endif /* ASM_X86_REGS_H */
