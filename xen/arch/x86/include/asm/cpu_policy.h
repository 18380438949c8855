/* SPDX-License-Identifier: GPL-2.0-only */
/* A PV domain's CPUID policy as a toolstack narrowed it (cpu_policy.c). */
#ifndef ASM_X86_CPU_POLICY_H
#define ASM_X86_CPU_POLICY_H

#include <asm/processor.h>
#include <xen/types.h>

/* Feature words a policy holds: leaf 1 EDX/ECX, 0x80000001 EDX/ECX, 0xd:1 EAX,
 * 7:0 EBX/ECX, 0x80000007 EDX, 0x80000008 EBX, 7:0 EDX, 7:1 EAX (Xen's order). */
#define CPU_POLICY_WORDS 11

/**
 * The feature bits XEN_DOMCTL_set_cpu_policy left a domain: until set is true
 * (a new domain) it has all that pv_cpuid_leaf() gives; then each word of its
 * CPUID is that AND word[].
 */
struct cpu_policy_words {
    uint32_t word[CPU_POLICY_WORDS];
    bool set;
};

/** Narrow c, CPUID leaf:subleaf as pv_cpuid_leaf() gives it, to the features in w. */
void cpu_policy_narrow(const struct cpu_policy_words *w, uint32_t leaf, uint32_t subleaf,
                       struct cpuid_regs *c);

#endif /* ASM_X86_CPU_POLICY_H */
