/* SPDX-License-Identifier: GPL-2.0-only */
/* The CPUID policy of PV guests: one function says what every leaf shows. */
#ifndef ASM_X86_CPUID_H
#define ASM_X86_CPUID_H

#include <asm/processor.h>

struct vcpu;

/**
 * CPUID leaf `leaf`, subleaf `subleaf`, as vCPU v of a PV domain sees it: the
 * host's leaves filtered to what a PV kernel can use, plus the hypervisor
 * leaves at 0x40000000. v may be NULL for the domain-wide view (what a
 * toolstack's cpu-policy query reports): per-vCPU parts (the XSAVE size for
 * the vCPU's XCR0) then take their initial values.
 */
struct cpuid_regs pv_cpuid_leaf(const struct vcpu *v, uint32_t leaf, uint32_t subleaf);

#endif /* ASM_X86_CPUID_H */
