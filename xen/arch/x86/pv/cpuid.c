/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CPUID as a PV guest sees it: the host's leaves filtered down to what a ring-3
 * kernel on our page tables can use, plus the hypervisor leaves at 0x40000000.
 * pv_cpuid_leaf() is the whole policy, for the guest's cpuid and for anyone
 * reporting it.
 */
#include <asm/cpu_policy.h>
#include <asm/cpuid.h>
#include <asm/domain.h>
#include <asm/xstate.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/version.h>
#include <asm/processor.h>
#include <asm/regs.h>

/*
 * Leaf 1. EDX keeps the features a PV guest can use as they are; it loses paging
 * extensions it cannot have (PSE, PSE36, PGE: the hypervisor owns the page-table
 * format), MTRRs, VME, the local APIC (PV guests have event channels instead; see
 * LEAF1_EDX_APIC) and the debug-store and thermal features. MCE and MCA stay:
 * pv/vmce.c gives every vCPU a virtual machine-check architecture (its MSRs),
 * as Xen does. ECX keeps the instruction-set extensions
 * that need no state we do not switch; no VMX/SMX, no MONITOR, no x2APIC/TSC-deadline,
 * no PCID. XSAVE, OSXSAVE and what needs AVX state (AVX, FMA, F16C) come
 * from the XSAVE components we switch (LEAF1_ECX_XSAVE, LEAF1_ECX_AVX).
 */
#define LEAF1_EDX_KEEP                                                                          \
    ((1u << 0) | (1u << 2) | (1u << 4) | (1u << 5) | (1u << 6) | (1u << 7) | (1u << 8) |        \
     (1u << 11) | (1u << 14) | (1u << 15) | (1u << 16) | (1u << 19) | (1u << 22) | (1u << 23) | \
     (1u << 24) | (1u << 25) | (1u << 26) | (1u << 27) | (1u << 28))
#define LEAF1_ECX_KEEP                                                                       \
    ((1u << 0) | (1u << 1) | (1u << 9) | (1u << 13) | (1u << 19) | (1u << 20) | (1u << 22) | \
     (1u << 23) | (1u << 25) | (1u << 30))
#define LEAF1_ECX_HYPERVISOR (1u << 31)
/*
 * XSAVE and OSXSAVE: the hardware's CR4.OSXSAVE is always on while a guest
 * runs (its xgetbv and xsave work), so OSXSAVE is set whatever the guest's
 * virtual CR4 says, as on Xen 4.17 (Linux checks both bits before it uses
 * XSAVE, then sets its CR4.OSXSAVE and XCR0 itself).
 */
#define LEAF1_ECX_XSAVE ((1u << 26) | (1u << 27))
/* FMA, AVX, F16C: only with the AVX (YMM) state component switched. */
#define LEAF1_ECX_AVX ((1u << 12) | (1u << 28) | (1u << 29))
/* Leaf 7 EBX: AVX2, likewise. */
#define LEAF7_EBX_AVX (1u << 5)
/* Leaf 0xd subleaf 1 EAX: XSAVEOPT (not XSAVEC, XGETBV1 nor XSAVES: no compacted form). */
#define LEAFD1_EAX_XSAVEOPT (1u << 0)
/*
 * The local APIC bit, for the hardware domain only: Linux reads the MADT's
 * IO-APICs (and so routes GSIs through physdev_op) only when it is set; the
 * APIC itself stays the hypervisor's.
 */
#define LEAF1_EDX_APIC (1u << 9)

/*
 * Leaf 7 subleaf 0, EBX: FSGSBASE (the guest turns it on in its CR4; the
 * context switch saves the bases from the registers), BMI1, BMI2, ERMS,
 * RDSEED, ADX, CLFLUSHOPT, CLWB, SHA (and AVX2 with AVX state). Not SMEP/SMAP
 * (ring 0 only), INVPCID/RTM/HLE, nor AVX-512. ECX: nothing. EDX: only
 * ARCH_CAPABILITIES, as Xen 4.17 shows it (the MSR reads 0), so a
 * guest never meets speculation-control MSRs we do not emulate.
 */
#define LEAF7_EBX_KEEP                                                                      \
    ((1u << 0) | (1u << 3) | (1u << 8) | (1u << 9) | (1u << 18) | (1u << 19) | (1u << 23) | \
     (1u << 24) | (1u << 29))
#define LEAF7_EDX_ARCH_CAPS (1u << 29)

/*
 * Leaf 0x80000001: EDX keeps SYSCALL, NX, RDTSCP (each vCPU has its own
 * TSC_AUX), LM and the AMD copies of leaf 1's EDX bits we keep; not 1 GiB
 * pages. ECX keeps LAHF/SAHF, ABM/LZCNT, SSE4A, MISALIGNSSE, 3DNow!-prefetch.
 */
#define LEAFX1_EDX_KEEP \
    ((1u << 11) | (1u << 20) | (1u << 27) | (1u << 29) | (LEAF1_EDX_KEEP & 0x0183f3ffu))
#define LEAFX1_ECX_KEEP ((1u << 0) | (1u << 5) | (1u << 6) | (1u << 7) | (1u << 8))

/* The hypervisor leaves: 0x40000000..0x40000002, as Xen lays them out. */
#define HV_LEAF_BASE          0x40000000u
#define HV_LEAF_LAST          (HV_LEAF_BASE + 2)
#define HV_MSR_HYPERCALL_PAGE 0x40000000u

/* "XenVMMXenVMM" as three little-endian registers. */
static const uint32_t hv_signature[3] = {0x566e6558u, 0x65584d4du, 0x4d4d566eu};

static struct cpuid_regs pv_cpuid_hv_leaf(uint32_t leaf)
{
    struct cpuid_regs c = {0, 0, 0, 0};

    switch ( leaf - HV_LEAF_BASE )
    {
    case 0:
        c.a = HV_LEAF_LAST;
        c.b = hv_signature[0];
        c.c = hv_signature[1];
        c.d = hv_signature[2];
        break;
    case 1:
        c.a = (XEN_VERSION << 16) | XEN_SUBVERSION;
        break;
    case 2:
        c.a = 1; /* hypercall pages */
        c.b = HV_MSR_HYPERCALL_PAGE;
        break;
    }
    return c;
}

/* Leaf 0xd: the XSAVE components we switch, sized for v's XCR0. */
static struct cpuid_regs xstate_leaf(const struct vcpu *v, uint32_t subleaf)
{
    struct cpuid_regs c = {0, 0, 0, 0}, hw;
    uint64_t xcr0 = v ? v->arch->xcr0 : (XSTATE_X87 | XSTATE_SSE);

    if ( xstate_host_mask == 0 )
        return c;
    if ( subleaf == 0 )
    {
        c.a = (uint32_t)xstate_host_mask;
        c.b = xstate_size(xcr0);
        c.c = xstate_size(xstate_host_mask);
        c.d = (uint32_t)(xstate_host_mask >> 32);
    }
    else if ( subleaf == 1 )
        c.a = xstate_has_xsaveopt() ? LEAFD1_EAX_XSAVEOPT : 0;
    else if ( subleaf < 64 && ((xstate_host_mask >> subleaf) & 1) )
    {
        hw = cpuid_count(0xd, subleaf);
        c.a = hw.a; /* size */
        c.b = hw.b; /* offset in the standard form */
    }
    return c;
}

struct cpuid_regs pv_cpuid_leaf(const struct vcpu *v, uint32_t leaf, uint32_t subleaf)
{
    const struct domain *d = v ? v->domain : NULL;
    bool avx = (xstate_host_mask & XSTATE_YMM) != 0;
    struct cpuid_regs c;

    if ( leaf >= HV_LEAF_BASE && leaf <= HV_LEAF_BASE + 0xff )
        return leaf <= HV_LEAF_LAST ? pv_cpuid_hv_leaf(leaf) : (struct cpuid_regs){0, 0, 0, 0};
    c = cpuid_count(leaf, subleaf);

    switch ( leaf )
    {
    case 1:
        c.d &= LEAF1_EDX_KEEP | (d && d->is_privileged ? LEAF1_EDX_APIC : 0);
        c.c &=
            LEAF1_ECX_KEEP | (xstate_host_mask ? LEAF1_ECX_XSAVE : 0) | (avx ? LEAF1_ECX_AVX : 0);
        c.c |= LEAF1_ECX_HYPERVISOR;
        break;
    case 5: /* MONITOR/MWAIT: hidden */
    case 6: /* power management (ARAT, turbo, ...): the hypervisor's, hidden as on Xen 4.17 */
        c.a = c.b = c.c = c.d = 0;
        break;
    case 7:
        if ( subleaf == 0 )
        {
            c.a = 0; /* no further subleaves */
            c.b &= LEAF7_EBX_KEEP | (avx ? LEAF7_EBX_AVX : 0);
        }
        else
            c.b = 0;
        c.c = 0;
        c.d = subleaf == 0 ? LEAF7_EDX_ARCH_CAPS : 0;
        break;
    case 0xd:
        c = xstate_leaf(v, subleaf);
        break;
    case 0x80000001:
        c.d &= LEAFX1_EDX_KEEP;
        c.c &= LEAFX1_ECX_KEEP;
        break;
    }
    return c;
}

/**
 * Fill regs' rax/rbx/rcx/rdx with CPUID leaf rax, subleaf rcx, as the current
 * vCPU sees it.
 */
void pv_cpuid(struct cpu_user_regs *r);

void pv_cpuid(struct cpu_user_regs *r)
{
    struct cpuid_regs c = pv_cpuid_leaf(current, (uint32_t)r->rax, (uint32_t)r->rcx);

    /* within the features the toolstack left the domain (cpu_policy.c) */
    cpu_policy_narrow(&current->domain->arch->cpu_policy, (uint32_t)r->rax, (uint32_t)r->rcx, &c);
    r->rax = c.a;
    r->rbx = c.b;
    r->rcx = c.c;
    r->rdx = c.d;
}
