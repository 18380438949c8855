/* SPDX-License-Identifier: GPL-2.0-only */
/* x86 state of PV domains and vCPUs (the arch side of xen/sched.h). */
#ifndef ASM_X86_DOMAIN_H
#define ASM_X86_DOMAIN_H

#include <asm/cpu_policy.h>
#include <asm/regs.h>
#include <public/xen.h>
#include <xen/mm.h>
#include <xen/types.h>

struct pirq_info;

struct arch_domain {
    uint64_t vm_assist; /* VMASST_TYPE_* bits enabled */
    unsigned long *p2m; /* hypervisor's copy of the initial P2M (pfn -> mfn), or NULL */
    unsigned long p2m_size;
    struct pirq_info *pirqs;       /* NR_PIRQS entries (irq.c), allocated on first map */
    unsigned int relinquish_phase; /* destroydomain's progress (pv/domain_teardown.c) */
    uint8_t *e820;                 /* XENMEM_set_memory_map's entries (20 bytes each), or NULL */
    unsigned int nr_e820;
    struct cpu_policy_words cpu_policy; /* domctl set_cpu_policy's features */
};

/*
 * The CR4 bits a PV guest always sees set (the hypervisor's, which it cannot
 * change): PAE, MCE, OSFXSR, OSXMMEXCPT, as Xen 4.17 shows them; the bits it
 * may set itself are pv_cr4_guest_bits()'s (emul_priv_op.c).
 */
#define PV_CR4_FIXED ((1UL << 5) | (1UL << 6) | (1UL << 9) | (1UL << 10))

/* arch_vcpu.flags */
#define TF_kernel_mode (1u << 0)

struct arch_vcpu {
    struct cpu_user_regs user_regs; /* saved guest frame while not running */
    struct trap_info traps[256];    /* set_trap_table; address 0 = none */
    uint64_t event_callback_eip;
    uint64_t failsafe_callback_eip;
    uint64_t syscall_callback_eip;
    uint64_t nmi_callback_eip;
    /* The 32-bit entry callbacks a toolstack saves and restores (domctl ext_vcpucontext). */
    uint64_t syscall32_callback_eip, sysenter_callback_eip;
    uint16_t syscall32_callback_cs, sysenter_callback_cs;
    uint8_t syscall32_disables_events, sysenter_disables_events;
    /* Its virtual machine-check state (pv/vmce.c): MCG_CAP, MCi_CTL2, MCG_EXT_CTL, MCG_STATUS. */
    uint64_t vmce_caps, vmce_mci_ctl2[2], vmce_ext_ctl, vmce_mcg_status;
    uint64_t tsc_aux;   /* MSR_TSC_AUX while it runs (rdtscp) */
    uint64_t kernel_sp; /* stack_switch */
    uint32_t kernel_ss;
    unsigned int flags;
    mfn_t guest_table;                /* kernel L4 (type PGT_l4, referenced) */
    mfn_t guest_table_user;           /* user L4, or INVALID_MFN */
    unsigned long ldt_base, ldt_ents; /* MMUEXT_SET_LDT: the guest's LDT address and size */
    mfn_t
        vcpu_info_mfn; /* VCPUOP_register_vcpu_info's frame (writable type held), or INVALID_MFN */
    uint64_t fs_base, gs_base_kernel, gs_base_user;
    unsigned int iopl;
    unsigned long gdt_slot; /* its GDT and LDT windows in the per-domain area (descriptors.c) */
    unsigned int gdt_cpu;   /* whose reserved GDT page the window maps (the CPU it ran on) */
    mfn_t gdt_frames[14];   /* set_gdt frames (seg_desc typed, referenced) */
    unsigned int gdt_nr_frames, gdt_ents;
    mfn_t ldt_frames[16]; /* the LDT's frames (seg_desc typed, referenced) */
    unsigned int ldt_nr_frames;
    bool guest_cr0_ts;    /* fpu_taskswitch: the guest's view of CR0.TS */
    bool fpu_initialised; /* its FPU state was set or used (VGCF_i387_valid) */
    uint64_t guest_cr4;   /* the guest's view of CR4 (emul_priv_op.c) */
    uint64_t xcr0;        /* its XCR0 (XSETBV), loaded while it runs (xstate.c) */
    uint8_t *xsave_area;  /* its x87/SSE/AVX state: XSAVE area, 64-byte aligned */
    void *xsave_raw;      /* the allocation holding xsave_area */
};

#endif /* ASM_X86_DOMAIN_H */
