/* SPDX-License-Identifier: GPL-2.0-only */
/* The virtual machine-check MSRs of PV vCPUs (pv/vmce.c). */
#ifndef ASM_X86_VMCE_H
#define ASM_X86_VMCE_H

#include <xen/types.h>

struct vcpu;

/** MCG_CAP a new vCPU gets: two banks, and on Intel CMCI, TES and SER, as Xen 4.17. */
uint64_t vmce_guest_caps(void);
/** Whether caps (a restored MCG_CAP) asks only for what vmce_guest_caps() offers and a count. */
bool vmce_caps_valid(uint64_t caps);
/** rdmsr of a machine-check MSR by v: true and *val, or false if msr is not one. */
bool vmce_rdmsr(const struct vcpu *v, uint32_t msr, uint64_t *val);
/** wrmsr of a machine-check MSR by v: true if taken (or ignored), false for #GP or not one. */
bool vmce_wrmsr(struct vcpu *v, uint32_t msr, uint64_t val);

#endif /* ASM_X86_VMCE_H */
