/* SPDX-License-Identifier: MIT */
/*
 * The x86 part of the PV ABI: guest handles, frame-number types, the trap
 * table, the full vCPU context and the architectural parts of shared_info.
 * Only 64-bit (x86-64) guests and tools are described.
 */
#include "../xen.h"

#ifndef XEN_PUBLIC_ARCH_X86_XEN_H
#define XEN_PUBLIC_ARCH_X86_XEN_H

#if !defined(__x86_64__)
#error "public Xen headers: only the x86-64 ABI is described"
#endif

/*
 * Guest handles: every guest pointer in the ABI is wrapped in a one-member
 * struct, so that a handle cannot be dereferenced by accident and keeps the
 * same size and alignment in every compilation mode.
 *   DEFINE_XEN_GUEST_HANDLE(t)           handle types for `t` and `const t`
 *   __DEFINE_XEN_GUEST_HANDLE(name, t)   the same under another name
 *   XEN_GUEST_HANDLE(name)               the handle type, for declarations
 *   set_xen_guest_handle(h, ptr)         store a pointer into a handle
 */
#define ___DEFINE_XEN_GUEST_HANDLE(name, type) \
    typedef struct {                           \
        type *p;                               \
    } xen_guest_handle_##name##_t
#define __DEFINE_XEN_GUEST_HANDLE(name, type) \
    ___DEFINE_XEN_GUEST_HANDLE(name, type);   \
    ___DEFINE_XEN_GUEST_HANDLE(const_##name, const type)
#define DEFINE_XEN_GUEST_HANDLE(name) __DEFINE_XEN_GUEST_HANDLE(name, name)
#define __XEN_GUEST_HANDLE(name)      xen_guest_handle_##name##_t
#define XEN_GUEST_HANDLE(name)        __XEN_GUEST_HANDLE(name)
#define XEN_GUEST_HANDLE_PARAM(name)  XEN_GUEST_HANDLE(name)
#define set_xen_guest_handle_raw(hnd, val) \
    do                                     \
    {                                      \
        (hnd).p = (val);                   \
    } while ( 0 )
#define set_xen_guest_handle(hnd, val) set_xen_guest_handle_raw(hnd, val)

#ifndef __ASSEMBLY__
/* A guest frame number (machine frame for PV guests). */
typedef uint64_t xen_pfn_t;
#define PRI_xen_pfn  "lx"
#define PRIu_xen_pfn "lu"
/* A register-wide unsigned value in hypercall arguments. */
typedef uint64_t xen_ulong_t;
#define PRI_xen_ulong "lx"
#endif

#include "xen-x86_64.h"

/* This ABI has a PV entry (start_info) and a PV upcall mask in vcpu_info. */
#define XEN_HAVE_PV_GUEST_ENTRY 1
#define XEN_HAVE_PV_UPCALL_MASK 1

/*
 * The hypervisor owns the GDT from page FIRST_RESERVED_GDT_PAGE on; a guest's
 * own descriptors live below it.
 */
#define FIRST_RESERVED_GDT_PAGE  14
#define FIRST_RESERVED_GDT_BYTE  (FIRST_RESERVED_GDT_PAGE * 4096)
#define FIRST_RESERVED_GDT_ENTRY (FIRST_RESERVED_GDT_BYTE / 8)

/* vCPUs that have a vcpu_info slot inside shared_info. */
#define XEN_LEGACY_MAX_VCPUS 32

#ifndef __ASSEMBLY__

/*
 * One entry of the virtual IDT given by set_trap_table (the list ends at an
 * entry whose address is 0). flags: bits 0-1 the lowest privilege level
 * allowed to raise the vector with `int`; bit 2 set means event delivery
 * stays enabled on entry (an interrupt gate clears it).
 */
struct trap_info {
    uint8_t vector;
    uint8_t flags;
    uint16_t cs;
    uint32_t _pad0;
    uint64_t address;
};
typedef struct trap_info trap_info_t;
DEFINE_XEN_GUEST_HANDLE(trap_info_t);
XEN_ABI_SIZE(struct trap_info, 16);
XEN_ABI_OFFSET(struct trap_info, address, 8);

#define TI_GET_DPL(_ti)       ((_ti)->flags & 3)
#define TI_GET_IF(_ti)        ((_ti)->flags & 4)
#define TI_SET_DPL(_ti, _dpl) ((_ti)->flags |= (_dpl))
#define TI_SET_IF(_ti, _if)   ((_ti)->flags |= ((!!(_if)) << 2))

typedef uint64_t tsc_timestamp_t;

/*
 * The complete state of a vCPU: read by the toolstack for save and debugging,
 * written to start a vCPU (VCPUOP_initialise, domctl setvcpucontext).
 */
struct vcpu_guest_context {
    struct {
        char x[512];
    } fpu_ctxt; /* FXSAVE image */
#define VGCF_I387_VALID                (1 << 0)
#define VGCF_IN_KERNEL                 (1 << 2)
#define _VGCF_i387_valid               0
#define VGCF_i387_valid                (1 << _VGCF_i387_valid)
#define _VGCF_in_kernel                2
#define VGCF_in_kernel                 (1 << _VGCF_in_kernel)
#define _VGCF_failsafe_disables_events 3
#define VGCF_failsafe_disables_events  (1 << _VGCF_failsafe_disables_events)
#define _VGCF_syscall_disables_events  4
#define VGCF_syscall_disables_events   (1 << _VGCF_syscall_disables_events)
#define _VGCF_online                   5
#define VGCF_online                    (1 << _VGCF_online)
    uint64_t flags;
    struct cpu_user_regs user_regs;
    struct trap_info trap_ctxt[256]; /* the virtual IDT */
    uint64_t ldt_base;
    uint64_t ldt_ents;
    uint64_t gdt_frames[16];
    uint64_t gdt_ents;
    uint64_t kernel_ss; /* stack used on a switch to guest kernel mode */
    uint64_t kernel_sp;
    uint64_t ctrlreg[8]; /* ctrlreg[3] is the kernel page-table base (a CR3 value) */
    uint64_t debugreg[8];
    uint64_t event_callback_eip;
    uint64_t failsafe_callback_eip;
    uint64_t syscall_callback_eip;
    uint64_t vm_assist; /* VMASST_TYPE_* bits */
    uint64_t fs_base;
    uint64_t gs_base_kernel;
    uint64_t gs_base_user;
};
typedef struct vcpu_guest_context vcpu_guest_context_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_guest_context_t);
XEN_ABI_SIZE(struct vcpu_guest_context, 5168);
XEN_ABI_OFFSET(struct vcpu_guest_context, user_regs, 520);
XEN_ABI_OFFSET(struct vcpu_guest_context, trap_ctxt, 720);
XEN_ABI_OFFSET(struct vcpu_guest_context, ldt_base, 4816);
XEN_ABI_OFFSET(struct vcpu_guest_context, ctrlreg, 4984);
XEN_ABI_OFFSET(struct vcpu_guest_context, event_callback_eip, 5112);
XEN_ABI_OFFSET(struct vcpu_guest_context, fs_base, 5144);

/*
 * The architectural tail of shared_info: where the toolstack finds the
 * guest's physical-to-machine list for save/restore, and why an NMI came.
 */
struct arch_shared_info {
    uint64_t max_pfn; /* highest pfn + 1 in the guest's P2M */
    xen_pfn_t pfn_to_mfn_frame_list_list;
    uint64_t nmi_reason;     /* XEN_NMIREASON_* bits */
    uint64_t p2m_cr3;        /* 0, or the CR3 of a virtually mapped P2M */
    uint64_t p2m_vaddr;      /* that P2M's virtual address */
    uint64_t p2m_generation; /* bumped (odd while changing) around P2M edits */
};
typedef struct arch_shared_info arch_shared_info_t;
XEN_ABI_SIZE(struct arch_shared_info, 48);

/*
 * CPUID and MSR policies as the toolstack moves them (sysctl and domctl
 * get_cpu_policy / set_cpu_policy): one CPUID leaf's four registers, and one
 * MSR's value. A leaf without subleaves has subleaf XEN_CPUID_NO_SUBLEAF; an
 * MSR entry's flags are reserved and must be zero.
 */
#define XEN_CPUID_NO_SUBLEAF 0xffffffffu
struct xen_cpuid_leaf {
    uint32_t leaf, subleaf;
    uint32_t a, b, c, d;
};
typedef struct xen_cpuid_leaf xen_cpuid_leaf_t;
DEFINE_XEN_GUEST_HANDLE(xen_cpuid_leaf_t);
XEN_ABI_SIZE(struct xen_cpuid_leaf, 24);

struct xen_msr_entry {
    uint32_t idx;
    uint32_t flags; /* reserved, zero */
    uint64_t val;
};
typedef struct xen_msr_entry xen_msr_entry_t;
DEFINE_XEN_GUEST_HANDLE(xen_msr_entry_t);
XEN_ABI_SIZE(struct xen_msr_entry, 16);

#endif /* !__ASSEMBLY__ */

/* The byte sequence that makes a PV guest's next instruction a trapped CPUID. */
#ifdef __ASSEMBLY__
#define XEN_EMULATE_PREFIX .byte 0x0f, 0x0b, 0x78, 0x65, 0x6e;
#define XEN_CPUID          XEN_EMULATE_PREFIX cpuid
#else
#define XEN_EMULATE_PREFIX ".byte 0x0f,0x0b,0x78,0x65,0x6e ; "
#define XEN_CPUID          XEN_EMULATE_PREFIX "cpuid"
#endif

#endif /* XEN_PUBLIC_ARCH_X86_XEN_H */
