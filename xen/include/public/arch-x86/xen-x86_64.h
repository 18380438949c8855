/* SPDX-License-Identifier: MIT */
/*
 * The x86-64 half of the PV ABI: the flat segment selectors a PV guest runs
 * with, the hypervisor's reserved hole in the guest's address space, the
 * register frame, and the frame the iret hypercall consumes.
 */
#include "xen.h"

#ifndef XEN_PUBLIC_ARCH_X86_XEN_X86_64_H
#define XEN_PUBLIC_ARCH_X86_XEN_X86_64_H

/*
 * Flat selectors in the hypervisor's GDT that a 64-bit PV guest uses. Guest
 * kernel and guest user both run in ring 3, so the kernel and user names are
 * the same selectors. The 64-bit data selector is the null selector.
 */
#define FLAT_RING3_CS32 0xe023
#define FLAT_RING3_CS64 0xe033
#define FLAT_RING3_DS32 0xe02b
#define FLAT_RING3_DS64 0x0000
#define FLAT_RING3_SS32 0xe02b
#define FLAT_RING3_SS64 0xe02b

#define FLAT_KERNEL_CS64 FLAT_RING3_CS64
#define FLAT_KERNEL_CS32 FLAT_RING3_CS32
#define FLAT_KERNEL_CS   FLAT_KERNEL_CS64
#define FLAT_KERNEL_DS64 FLAT_RING3_DS64
#define FLAT_KERNEL_DS32 FLAT_RING3_DS32
#define FLAT_KERNEL_DS   FLAT_KERNEL_DS64
#define FLAT_KERNEL_SS64 FLAT_RING3_SS64
#define FLAT_KERNEL_SS32 FLAT_RING3_SS32
#define FLAT_KERNEL_SS   FLAT_KERNEL_SS64
#define FLAT_USER_CS64   FLAT_RING3_CS64
#define FLAT_USER_CS32   FLAT_RING3_CS32
#define FLAT_USER_CS     FLAT_USER_CS64
#define FLAT_USER_DS64   FLAT_RING3_DS64
#define FLAT_USER_DS32   FLAT_RING3_DS32
#define FLAT_USER_DS     FLAT_USER_DS64
#define FLAT_USER_SS64   FLAT_RING3_SS64
#define FLAT_USER_SS32   FLAT_RING3_SS32
#define FLAT_USER_SS     FLAT_USER_SS64

/*
 * The hypervisor hole: [HYPERVISOR_VIRT_START, HYPERVISOR_VIRT_END) at the
 * bottom of the canonical upper half belongs to the hypervisor in every PV
 * guest's page tables; a guest can never map anything there. Its first part
 * is the read-only machine-to-physical table, one 8-byte entry per machine
 * frame.
 */
#define __HYPERVISOR_VIRT_START 0xFFFF800000000000
#define __HYPERVISOR_VIRT_END   0xFFFF880000000000
#define __MACH2PHYS_VIRT_START  0xFFFF800000000000
#define __MACH2PHYS_VIRT_END    0xFFFF804000000000

#ifndef HYPERVISOR_VIRT_START
#define HYPERVISOR_VIRT_START xen_mk_ulong(__HYPERVISOR_VIRT_START)
#define HYPERVISOR_VIRT_END   xen_mk_ulong(__HYPERVISOR_VIRT_END)
#endif
#define MACH2PHYS_VIRT_START xen_mk_ulong(__MACH2PHYS_VIRT_START)
#define MACH2PHYS_VIRT_END   xen_mk_ulong(__MACH2PHYS_VIRT_END)
#define MACH2PHYS_NR_ENTRIES ((MACH2PHYS_VIRT_END - MACH2PHYS_VIRT_START) >> 3)
#ifndef machine_to_phys_mapping
#define machine_to_phys_mapping ((unsigned long *)HYPERVISOR_VIRT_START)
#endif

/* set_segment_base hypercall: which base register to load. */
#define SEGBASE_FS          0
#define SEGBASE_GS_USER     1
#define SEGBASE_GS_KERNEL   2
#define SEGBASE_GS_USER_SEL 3 /* load the user %gs selector (and its base) */

/* vcpu_guest_context.flags: the vCPU was stopped inside a syscall. */
#define _VGCF_in_syscall 8
#define VGCF_in_syscall  (1 << _VGCF_in_syscall)
#define VGCF_IN_SYSCALL  VGCF_in_syscall

#ifndef __ASSEMBLY__

/*
 * The frame a guest pushes on its stack before the iret hypercall, lowest
 * address first. VGCF_in_syscall in `flags` asks for a sysret-style return
 * that leaves %rcx and %r11 as they are; otherwise they come from the frame.
 */
struct iret_context {
    uint64_t rax;
    uint64_t r11;
    uint64_t rcx;
    uint64_t flags;
    uint64_t rip;
    uint64_t cs;
    uint64_t rflags;
    uint64_t rsp;
    uint64_t ss;
};
XEN_ABI_SIZE(struct iret_context, 72);

/*
 * General-purpose registers and the interrupt frame of a vCPU, as saved on
 * entry to the hypervisor and as exchanged with vcpu_guest_context. The
 * selectors are 16 bits wide, each followed by named padding to 8 bytes.
 */
struct cpu_user_regs {
    uint64_t r15;
    uint64_t r14;
    uint64_t r13;
    uint64_t r12;
    uint64_t rbp;
    uint64_t rbx;
    uint64_t r11;
    uint64_t r10;
    uint64_t r9;
    uint64_t r8;
    uint64_t rax;
    uint64_t rcx;
    uint64_t rdx;
    uint64_t rsi;
    uint64_t rdi;
    uint32_t error_code;   /* private to the hypervisor */
    uint32_t entry_vector; /* private to the hypervisor */
    uint64_t rip;
    uint16_t cs;
    uint16_t _pad0[1];
    uint8_t saved_upcall_mask;
    uint8_t _pad1[3];
    uint64_t rflags; /* rflags.IF mirrors !saved_upcall_mask */
    uint64_t rsp;
    uint16_t ss;
    uint16_t _pad2[3];
    uint16_t es;
    uint16_t _pad3[3];
    uint16_t ds;
    uint16_t _pad4[3];
    uint16_t fs;
    uint16_t _pad5[3];
    uint16_t gs;
    uint16_t _pad6[3];
};
typedef struct cpu_user_regs cpu_user_regs_t;
DEFINE_XEN_GUEST_HANDLE(cpu_user_regs_t);
XEN_ABI_SIZE(struct cpu_user_regs, 200);
XEN_ABI_OFFSET(struct cpu_user_regs, error_code, 120);
XEN_ABI_OFFSET(struct cpu_user_regs, rip, 128);
XEN_ABI_OFFSET(struct cpu_user_regs, saved_upcall_mask, 140);
XEN_ABI_OFFSET(struct cpu_user_regs, rflags, 144);
XEN_ABI_OFFSET(struct cpu_user_regs, gs, 192);

/* Conversions between a page-table base frame and a CR3 value. */
#define xen_pfn_to_cr3(pfn) ((unsigned long)(pfn) << 12)
#define xen_cr3_to_pfn(cr3) ((unsigned long)(cr3) >> 12)

/* Per-vCPU architectural state in vcpu_info: the faulting address of #PF. */
struct arch_vcpu_info {
    uint64_t cr2;
    uint64_t _pad0;
};
typedef struct arch_vcpu_info arch_vcpu_info_t;
XEN_ABI_SIZE(struct arch_vcpu_info, 16);

/* A guest entry point for callbacks: a virtual address (the code selector is implied). */
typedef uint64_t xen_callback_t;

#endif /* !__ASSEMBLY__ */

#endif /* XEN_PUBLIC_ARCH_X86_XEN_X86_64_H */
