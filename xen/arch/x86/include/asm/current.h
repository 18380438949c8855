/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-CPU state reachable from the stack pointer: every CPU's primary stack is
 * STACK_SIZE bytes, STACK_SIZE aligned, with a struct cpu_info at its top.
 */
#ifndef ASM_X86_CURRENT_H
#define ASM_X86_CURRENT_H

#include <asm/config.h>
#include <asm/regs.h>
#include <xen/types.h>

struct vcpu;

/**
 * The top of a CPU's primary stack. Entries from a guest build their frame in
 * guest_cpu_user_regs: the TSS's rsp0 (and the syscall stub) point at its es
 * field, where the hardware frame ends.
 */
struct cpu_info {
    struct cpu_user_regs guest_cpu_user_regs;
    unsigned int processor_id;
    unsigned int _pad0;
    struct vcpu *current_vcpu;
    uint64_t _pad1[2]; /* keeps the structure a multiple of 16 bytes */
};

static inline struct cpu_info *get_cpu_info(void)
{
    unsigned long sp;

    __asm__("mov %%rsp, %0" : "=r"(sp));
    return (struct cpu_info *)((sp | (STACK_SIZE - 1)) + 1) - 1;
}

static inline unsigned int get_processor_id(void)
{
    return get_cpu_info()->processor_id;
}

static inline struct cpu_user_regs *guest_cpu_user_regs(void)
{
    return &get_cpu_info()->guest_cpu_user_regs;
}

#endif /* ASM_X86_CURRENT_H */
