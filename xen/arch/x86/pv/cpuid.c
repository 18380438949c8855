/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CPUID as a PV guest sees it: the host's leaves filtered down to what a ring-3
 * kernel on our page tables can use, plus the hypervisor leaves at 0x40000000.
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/version.h>
#include <asm/processor.h>
#include <asm/regs.h>

/*
 * Leaf 1. EDX keeps the features a PV guest can use as they are; it loses paging
 * extensions it cannot have (PSE, PSE36, PGE: the hypervisor owns the page-table
 * format), MTRRs, VME, the local APIC (PV guests have event channels instead; see
 * LEAF1_EDX_APIC) and
 * the debug-store and thermal features, and MCE/MCA: there is no virtual
 * machine-check architecture (its MSRs) for guests yet. ECX keeps the instruction-set extensions
 * that need no state we do not switch: no XSAVE (and so nothing that needs it:
 * AVX, FMA, F16C, OSXSAVE), no VMX/SMX, no MONITOR, no x2APIC/TSC-deadline, no PCID.
 */
#define LEAF1_EDX_KEEP                                                                          \
    ((1u << 0) | (1u << 2) | (1u << 4) | (1u << 5) | (1u << 6) | (1u << 8) | (1u << 11) |       \
     (1u << 15) | (1u << 16) | (1u << 19) | (1u << 22) | (1u << 23) | (1u << 24) | (1u << 25) | \
     (1u << 26) | (1u << 27) | (1u << 28))
#define LEAF1_ECX_KEEP                                                                       \
    ((1u << 0) | (1u << 1) | (1u << 9) | (1u << 13) | (1u << 19) | (1u << 20) | (1u << 22) | \
     (1u << 23) | (1u << 25) | (1u << 30))
#define LEAF1_ECX_HYPERVISOR (1u << 31)
/*
 * The local APIC bit, for the hardware domain only: Linux reads the MADT's
 * IO-APICs (and so routes GSIs through physdev_op) only when it is set; the
 * APIC itself stays the hypervisor's.
 */
#define LEAF1_EDX_APIC (1u << 9)

/*
 * Leaf 7 subleaf 0, EBX: BMI1, BMI2, ERMS, RDSEED, ADX, CLFLUSHOPT, CLWB, SHA. Not
 * FSGSBASE (the segment bases are switched by the hypervisor), SMEP/SMAP (ring 0
 * only), INVPCID/RTM/HLE, nor anything AVX (no XSAVE). ECX and EDX: nothing, so a
 * guest never meets speculation-control MSRs we do not emulate.
 */
#define LEAF7_EBX_KEEP                                                                       \
    ((1u << 3) | (1u << 8) | (1u << 9) | (1u << 18) | (1u << 19) | (1u << 23) | (1u << 24) | \
     (1u << 29))

/*
 * Leaf 0x80000001: EDX keeps SYSCALL, NX, LM and the AMD copies of leaf 1's EDX
 * bits we keep; not 1 GiB pages nor RDTSCP. ECX keeps LAHF/SAHF, ABM/LZCNT,
 * SSE4A, MISALIGNSSE, 3DNow!-prefetch.
 */
#define LEAFX1_EDX_KEEP ((1u << 11) | (1u << 20) | (1u << 29) | (LEAF1_EDX_KEEP & 0x0183f3ffu))
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

/**
 * Fill regs' rax/rbx/rcx/rdx with CPUID leaf rax, subleaf rcx, as a PV guest
 * sees it.
 */
void pv_cpuid(struct cpu_user_regs *r);

void pv_cpuid(struct cpu_user_regs *r)
{
    uint32_t leaf = (uint32_t)r->rax, subleaf = (uint32_t)r->rcx;
    struct cpuid_regs c;

    if ( leaf >= HV_LEAF_BASE && leaf <= HV_LEAF_BASE + 0xff )
        c = leaf <= HV_LEAF_LAST ? pv_cpuid_hv_leaf(leaf) : (struct cpuid_regs){0, 0, 0, 0};
    else
        c = cpuid_count(leaf, subleaf);

    switch ( leaf )
    {
    case 1:
        c.d &= LEAF1_EDX_KEEP | (current->domain->is_privileged ? LEAF1_EDX_APIC : 0);
        c.c = (c.c & LEAF1_ECX_KEEP) | LEAF1_ECX_HYPERVISOR;
        break;
    case 7:
        if ( subleaf == 0 )
        {
            c.a = 0; /* no further subleaves */
            c.b &= LEAF7_EBX_KEEP;
        }
        else
            c.b = 0;
        c.c = 0;
        c.d = 0;
        break;
    case 0xd: /* XSAVE state components: none, as XSAVE is hidden */
        c.a = c.b = c.c = c.d = 0;
        break;
    case 0x80000001:
        c.d &= LEAFX1_EDX_KEEP;
        c.c &= LEAFX1_ECX_KEEP;
        break;
    }
    r->rax = c.a;
    r->rbx = c.b;
    r->rcx = c.c;
    r->rdx = c.d;
}
