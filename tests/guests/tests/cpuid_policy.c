/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CPUID leaves a PV kernel gets as Xen 4.17 shapes them, beyond the
 * features that have tests of their own (xsave, rdtscp, vmce, fsgsbase):
 * power management (leaf 6: ARAT, turbo, HWP) and MONITOR (leaf 5) are
 * the hypervisor's and read all zero; leaf 7 EDX shows ARCH_CAPABILITIES
 * alone, and MSR_ARCH_CAPABILITIES reads 0 (no immunity claimed) and
 * cannot be written; SPEC_CTRL and PRED_CMD, not shown, #GP.
 */
#include "guest.h"

const char test_title[] = "CPUID policy: leaves 5 and 6 hidden, ARCH_CAPABILITIES";

#define MSR_SPEC_CTRL         0x48
#define MSR_PRED_CMD          0x49
#define MSR_ARCH_CAPABILITIES 0x10a

void test_main(void)
{
    struct cpuid_res l1 = cpuid_pv(1, 0), l5 = cpuid_pv(5, 0), l6 = cpuid_pv(6, 0);
    struct cpuid_res l7 = cpuid_pv(7, 0);
    uint64_t v = 0x5a5a;

    guest_printf("leaf 6: %#x %#x %#x %#x; leaf 7 edx %#x\n", l6.a, l6.b, l6.c, l6.d, l7.d);
    check_true("leaf 6 (ARAT, turbo, HWP) reads all zero", !l6.a && !l6.b && !l6.c && !l6.d);
    check_true("no MONITOR, and leaf 5 reads all zero",
               !(l1.c & (1u << 3)) && !l5.a && !l5.b && !l5.c && !l5.d);
    check_true("leaf 7 EDX shows ARCH_CAPABILITIES alone", l7.d == (1u << 29));
    check_true("MSR_ARCH_CAPABILITIES reads 0",
               probe_msr_read(MSR_ARCH_CAPABILITIES, &v) == -1 && v == 0);
    check_true("and cannot be written", probe_msr_write(MSR_ARCH_CAPABILITIES, 0) == X86_EXC_GP);
    check_true("SPEC_CTRL, not shown, #GP", probe_msr_read(MSR_SPEC_CTRL, &v) == X86_EXC_GP);
    check_true("PRED_CMD, not shown, #GP", probe_msr_write(MSR_PRED_CMD, 1) == X86_EXC_GP);
}
