/* SPDX-License-Identifier: MIT */
/*
 * domctl(struct xen_domctl *): the toolstack's operations on one domain
 * (create, destroy, pause, inspect, size, vCPU state). Only a privileged
 * domain may call it. The layout is interface version 0x15 (Xen 4.17's), so
 * that a 4.17 libxenctrl drives this hypervisor; any other version is -EACCES.
 *
 * Every call: cmd and interface_version IN, domain IN (OUT for createdomain),
 * then the sub-op's struct in the union `u`; the whole struct is copied back
 * where a sub-op has OUT fields. Visible to the hypervisor and the tools only.
 */
#ifndef XEN_PUBLIC_DOMCTL_H
#define XEN_PUBLIC_DOMCTL_H

#include "xen.h"

#if defined(__XEN__) || defined(__XEN_TOOLS__)

#include "arch-x86/xen.h" /* vcpu_guest_context_t */

#define XEN_DOMCTL_INTERFACE_VERSION 0x00000015

/* A bitmap in the caller's memory: nr_bits bits, bit i is byte i/8 bit i%8. */
struct xenctl_bitmap {
    XEN_GUEST_HANDLE_64(uint8) bitmap;
    uint32_t nr_bits;
    uint32_t _pad0;
};
typedef struct xenctl_bitmap xenctl_bitmap_t;
XEN_ABI_SIZE(struct xenctl_bitmap, 16);

/* x86 part of a domain's configuration (emulated devices: HVM only). */
struct xen_arch_domainconfig {
    uint32_t emulation_flags; /* XEN_X86_EMU_*: must be 0 for a PV domain */
    uint32_t misc_flags;      /* XEN_X86_MSR_RELAXED */
};
XEN_ABI_SIZE(struct xen_arch_domainconfig, 8);

/*
 * XEN_DOMCTL_createdomain: make a new, paused, empty domain.
 *  1. domain IN: the id wanted; 0 or an id >= DOMID_FIRST_RESERVED asks for
 *     the first free one. The id chosen is written back to domain.
 *  2. -EEXIST if the id is taken; -ENOMEM when no id or memory is left.
 *  3. Only PV domains: XEN_DOMCTL_CDF_hvm/hap is -EINVAL.
 *  4. The domain has max_vcpus vCPU slots and no memory (max_mem first).
 */
#define XEN_DOMCTL_createdomain 1
struct xen_domctl_createdomain {
    uint32_t ssidref; /* IN: security label (no XSM: ignored) */
    xen_domain_handle_t handle;
#define _XEN_DOMCTL_CDF_hvm          0
#define XEN_DOMCTL_CDF_hvm           (1U << _XEN_DOMCTL_CDF_hvm)
#define _XEN_DOMCTL_CDF_hap          1
#define XEN_DOMCTL_CDF_hap           (1U << _XEN_DOMCTL_CDF_hap)
#define _XEN_DOMCTL_CDF_s3_integrity 2
#define XEN_DOMCTL_CDF_s3_integrity  (1U << _XEN_DOMCTL_CDF_s3_integrity)
#define _XEN_DOMCTL_CDF_oos_off      3
#define XEN_DOMCTL_CDF_oos_off       (1U << _XEN_DOMCTL_CDF_oos_off)
#define _XEN_DOMCTL_CDF_xs_domain    4
#define XEN_DOMCTL_CDF_xs_domain     (1U << _XEN_DOMCTL_CDF_xs_domain)
#define _XEN_DOMCTL_CDF_iommu        5
#define XEN_DOMCTL_CDF_iommu         (1U << _XEN_DOMCTL_CDF_iommu)
#define _XEN_DOMCTL_CDF_nested_virt  6
#define XEN_DOMCTL_CDF_nested_virt   (1U << _XEN_DOMCTL_CDF_nested_virt)
#define XEN_DOMCTL_CDF_vpmu          (1U << 7)
#define XEN_DOMCTL_CDF_MAX           XEN_DOMCTL_CDF_vpmu
    uint32_t flags;      /* IN: XEN_DOMCTL_CDF_* */
    uint32_t iommu_opts; /* IN: must be 0 (no IOMMU) */
    uint32_t max_vcpus;  /* IN: vCPU slots, >= 1 */
    uint32_t max_evtchn_port;
    int32_t max_grant_frames;    /* < 0: the hypervisor's default */
    int32_t max_maptrack_frames; /* < 0: the hypervisor's default */
#define XEN_DOMCTL_GRANT_version_mask 0xf
    uint32_t grant_opts;   /* low 4 bits: grant-table version (0 or 1) */
    uint32_t vmtrace_size; /* must be 0 */
    uint32_t cpupool_id;   /* 0: the only pool */
    struct xen_arch_domainconfig arch;
};
XEN_ABI_SIZE(struct xen_domctl_createdomain, 64);
XEN_ABI_OFFSET(struct xen_domctl_createdomain, flags, 20);
XEN_ABI_OFFSET(struct xen_domctl_createdomain, arch, 56);

/*
 * XEN_DOMCTL_destroydomain: free the domain and all it holds. Long work is
 * continued transparently; from a multicall it answers -EAGAIN: call again.
 */
#define XEN_DOMCTL_destroydomain 2

/* XEN_DOMCTL_pausedomain / unpausedomain: counted pauses by the toolstack. */
#define XEN_DOMCTL_pausedomain   3
#define XEN_DOMCTL_unpausedomain 4

/*
 * XEN_DOMCTL_getdomaininfo: a domain's state.
 *  1. The domain named, or if it does not exist the next existing one above it
 *     (-ESRCH when none), as Xen answers; `domain` says which.
 */
#define XEN_DOMCTL_getdomaininfo 5
struct xen_domctl_getdomaininfo {
    domid_t domain; /* OUT */
    uint16_t pad1;
#define _XEN_DOMINF_dying        0
#define XEN_DOMINF_dying         (1U << _XEN_DOMINF_dying)
#define _XEN_DOMINF_hvm_guest    1
#define XEN_DOMINF_hvm_guest     (1U << _XEN_DOMINF_hvm_guest)
#define _XEN_DOMINF_shutdown     2
#define XEN_DOMINF_shutdown      (1U << _XEN_DOMINF_shutdown)
#define _XEN_DOMINF_paused       3
#define XEN_DOMINF_paused        (1U << _XEN_DOMINF_paused)
#define _XEN_DOMINF_blocked      4
#define XEN_DOMINF_blocked       (1U << _XEN_DOMINF_blocked)
#define _XEN_DOMINF_running      5
#define XEN_DOMINF_running       (1U << _XEN_DOMINF_running)
#define _XEN_DOMINF_debugged     6
#define XEN_DOMINF_debugged      (1U << _XEN_DOMINF_debugged)
#define _XEN_DOMINF_xs_domain    7
#define XEN_DOMINF_xs_domain     (1U << _XEN_DOMINF_xs_domain)
#define _XEN_DOMINF_hap          8
#define XEN_DOMINF_hap           (1U << _XEN_DOMINF_hap)
#define XEN_DOMINF_shutdownmask  255 /* the SHUTDOWN_* reason, at bit 16 */
#define XEN_DOMINF_shutdownshift 16
    uint32_t flags; /* XEN_DOMINF_* */
    uint64_aligned_t tot_pages;
    uint64_aligned_t max_pages;
    uint64_aligned_t outstanding_pages;
    uint64_aligned_t shr_pages;
    uint64_aligned_t paged_pages;
    uint64_aligned_t shared_info_frame; /* machine frame of its shared_info */
    uint64_aligned_t cpu_time;          /* ns all its vCPUs ran */
    uint32_t nr_online_vcpus;
#define XEN_INVALID_MAX_VCPU_ID (~0U)
    uint32_t max_vcpu_id; /* highest vCPU id that exists */
    uint32_t ssidref;
    xen_domain_handle_t handle;
    uint32_t cpupool;
    uint8_t gpaddr_bits;
    uint8_t pad2[7];
    struct xen_arch_domainconfig arch_config;
};
typedef struct xen_domctl_getdomaininfo xen_domctl_getdomaininfo_t;
DEFINE_XEN_GUEST_HANDLE(xen_domctl_getdomaininfo_t);
XEN_ABI_SIZE(struct xen_domctl_getdomaininfo, 112);
XEN_ABI_OFFSET(struct xen_domctl_getdomaininfo, shared_info_frame, 48);
XEN_ABI_OFFSET(struct xen_domctl_getdomaininfo, handle, 76);
XEN_ABI_OFFSET(struct xen_domctl_getdomaininfo, arch_config, 104);

/*
 * XEN_DOMCTL_setvcpuaffinity / getvcpuaffinity: the CPUs a vCPU may run on.
 *  1. set: cpumap_hard IN (the mask) and OUT (what takes effect: the mask and
 *     the online CPUs); an empty result is -EINVAL.
 *  2. Soft affinity is stored and reported but only a hint.
 */
#define XEN_DOMCTL_setvcpuaffinity 9
#define XEN_DOMCTL_getvcpuaffinity 25
struct xen_domctl_vcpuaffinity {
    uint32_t vcpu; /* IN */
#define _XEN_VCPUAFFINITY_HARD  0
#define XEN_VCPUAFFINITY_HARD   (1U << _XEN_VCPUAFFINITY_HARD)
#define _XEN_VCPUAFFINITY_SOFT  1
#define XEN_VCPUAFFINITY_SOFT   (1U << _XEN_VCPUAFFINITY_SOFT)
#define _XEN_VCPUAFFINITY_FORCE 2
#define XEN_VCPUAFFINITY_FORCE  (1U << _XEN_VCPUAFFINITY_FORCE)
    uint32_t flags; /* IN: XEN_VCPUAFFINITY_* */
    struct xenctl_bitmap cpumap_hard;
    struct xenctl_bitmap cpumap_soft;
};
XEN_ABI_SIZE(struct xen_domctl_vcpuaffinity, 40);

/* XEN_DOMCTL_shadow_op: shadow paging and log-dirty (not provided: -EOPNOTSUPP). */
#define XEN_DOMCTL_shadow_op                10
#define XEN_DOMCTL_SHADOW_OP_OFF            0
#define XEN_DOMCTL_SHADOW_OP_ENABLE         32
#define XEN_DOMCTL_SHADOW_OP_CLEAN          11
#define XEN_DOMCTL_SHADOW_OP_PEEK           12
#define XEN_DOMCTL_SHADOW_OP_GET_ALLOCATION 30
#define XEN_DOMCTL_SHADOW_OP_SET_ALLOCATION 31
struct xen_domctl_shadow_op_stats {
    uint32_t fault_count;
    uint32_t dirty_count;
};
struct xen_domctl_shadow_op {
    uint32_t op;   /* IN: XEN_DOMCTL_SHADOW_OP_* */
    uint32_t mode; /* IN */
    uint32_t mb;   /* IN/OUT: shadow pool size in MiB */
    uint32_t _pad0;
    XEN_GUEST_HANDLE_64(uint8) dirty_bitmap;
    uint64_aligned_t pages;
    struct xen_domctl_shadow_op_stats stats;
};
XEN_ABI_SIZE(struct xen_domctl_shadow_op, 40);

/* XEN_DOMCTL_max_mem: the most memory the domain may own, in KiB. */
#define XEN_DOMCTL_max_mem 11
struct xen_domctl_max_mem {
    uint64_aligned_t max_memkb; /* IN */
};
XEN_ABI_SIZE(struct xen_domctl_max_mem, 8);

/*
 * XEN_DOMCTL_setvcpucontext / getvcpucontext: a vCPU's register state as
 * vcpu_guest_context.
 *  1. set: only while the domain is paused; ctrlreg[3] must name an L4 page
 *     table of the domain (it is validated and referenced). A null handle
 *     resets the vCPU to down and uninitialised.
 *  2. get: the vCPU must not be running (pause the domain first).
 */
#define XEN_DOMCTL_setvcpucontext 12
#define XEN_DOMCTL_getvcpucontext 13
struct xen_domctl_vcpucontext {
    uint32_t vcpu; /* IN */
    uint32_t _pad0;
    XEN_GUEST_HANDLE_64(vcpu_guest_context_t) ctxt; /* IN (set) / OUT (get) */
};
XEN_ABI_SIZE(struct xen_domctl_vcpucontext, 16);

/* XEN_DOMCTL_getvcpuinfo: one vCPU's state. */
#define XEN_DOMCTL_getvcpuinfo 14
struct xen_domctl_getvcpuinfo {
    uint32_t vcpu;   /* IN */
    uint8_t online;  /* OUT: up (not down) */
    uint8_t blocked; /* OUT: waiting for an event */
    uint8_t running; /* OUT: on a CPU now */
    uint8_t _pad0;
    uint64_aligned_t cpu_time; /* OUT: ns it ran */
    uint32_t cpu;              /* OUT: the CPU it is assigned to */
    uint32_t _pad1;
};
XEN_ABI_SIZE(struct xen_domctl_getvcpuinfo, 24);

/* XEN_DOMCTL_max_vcpus: create the vCPUs; `max` must equal createdomain's max_vcpus. */
#define XEN_DOMCTL_max_vcpus 15
struct xen_domctl_max_vcpus {
    uint32_t max; /* IN */
};
XEN_ABI_SIZE(struct xen_domctl_max_vcpus, 4);

/*
 * XEN_DOMCTL_scheduler_op: the domain's scheduler parameters.
 *  1. sched_id must be XEN_SCHEDULER_CREDIT (the one scheduler), else -EINVAL.
 *  2. putinfo: weight 1..65535 (0: leave as is), cap in % of one CPU (0: none).
 *  3. Per-vCPU parameters (put/getvcpuinfo) are -EINVAL, as for Xen's credit.
 */
#define XEN_DOMCTL_scheduler_op 16
#define XEN_SCHEDULER_CREDIT    5
#define XEN_SCHEDULER_CREDIT2   6
#define XEN_SCHEDULER_ARINC653  7
#define XEN_SCHEDULER_RTDS      8
#define XEN_SCHEDULER_NULL      9
struct xen_domctl_sched_credit {
    uint16_t weight;
    uint16_t cap;
};
#define XEN_DOMCTL_SCHEDOP_putinfo     0
#define XEN_DOMCTL_SCHEDOP_getinfo     1
#define XEN_DOMCTL_SCHEDOP_putvcpuinfo 2
#define XEN_DOMCTL_SCHEDOP_getvcpuinfo 3
struct xen_domctl_scheduler_op {
    uint32_t sched_id; /* IN: XEN_SCHEDULER_* */
    uint32_t cmd;      /* IN: XEN_DOMCTL_SCHEDOP_* */
    union {
        struct xen_domctl_sched_credit credit; /* IN (put) / OUT (get) */
        uint8_t _pad[16];                      /* other schedulers' parameters */
    } u;
};
XEN_ABI_SIZE(struct xen_domctl_scheduler_op, 24);

/* XEN_DOMCTL_setdomainhandle: set the domain's UUID. */
#define XEN_DOMCTL_setdomainhandle 17
struct xen_domctl_setdomainhandle {
    xen_domain_handle_t handle; /* IN */
};
XEN_ABI_SIZE(struct xen_domctl_setdomainhandle, 16);

/*
 * XEN_DOMCTL_set_address_size / get_address_size: the guest's word size in
 * bits. Only 64-bit PV guests exist here: set accepts 64 alone (-EINVAL else).
 */
#define XEN_DOMCTL_set_address_size 35
#define XEN_DOMCTL_get_address_size 36
struct xen_domctl_address_size {
    uint32_t size; /* IN (set) / OUT (get) */
};
XEN_ABI_SIZE(struct xen_domctl_address_size, 4);

/*
 * XEN_DOMCTL_hypercall_init: write the hypercall page (a call stub per
 * hypercall, 32 bytes each) into the domain's frame gmfn (for a PV domain,
 * a machine frame it owns). -EINVAL if it is not the domain's, -EPERM if it
 * cannot be written (a page table, a descriptor page).
 */
#define XEN_DOMCTL_hypercall_init 22
struct xen_domctl_hypercall_init {
    uint64_aligned_t gmfn; /* IN */
};
XEN_ABI_SIZE(struct xen_domctl_hypercall_init, 8);

/*
 * XEN_DOMCTL_setnodeaffinity / getnodeaffinity: the NUMA nodes the domain's
 * memory should come from. There is one node (0): set needs a map with it
 * (-EINVAL otherwise); get reports node 0.
 */
#define XEN_DOMCTL_setnodeaffinity 68
#define XEN_DOMCTL_getnodeaffinity 69
struct xen_domctl_nodeaffinity {
    struct xenctl_bitmap nodemap; /* IN (set) / OUT (get) */
};
XEN_ABI_SIZE(struct xen_domctl_nodeaffinity, 16);

/*
 * XEN_DOMCTL_settscinfo: how the guest's TSC behaves. PV guests here read the
 * host TSC directly: tsc_mode 0 (default) and 2 (never emulate) are taken
 * (gtsc_khz, incarnation and elapsed_nsec are ignored), 1 (always emulate) is
 * -EOPNOTSUPP, others -EINVAL.
 */
#define XEN_DOMCTL_gettscinfo 59
#define XEN_DOMCTL_settscinfo 60
struct xen_domctl_tsc_info {
    uint32_t tsc_mode;
    uint32_t gtsc_khz;
    uint32_t incarnation;
    uint32_t pad;
    uint64_aligned_t elapsed_nsec;
};
XEN_ABI_SIZE(struct xen_domctl_tsc_info, 24);

/*
 * XEN_DOMCTL_gettscinfo: the TSC mode settscinfo set (0 unless told), the
 * incarnation (settscinfo's + 1; 1 for a new domain) and, in mode 0, the
 * guest's TSC frequency in kHz (the host's) and the ns elapsed since the
 * domain was created (both 0 in mode 2).
 */

/*
 * XEN_DOMCTL_getpageframeinfo3: the type of each of `num` (at most 1024) of the
 * domain's frames (machine frames, for a PV domain): each entry of `array` is
 * replaced by XEN_DOMCTL_PFINFO_* bits, XTAB for a frame that is not the
 * domain's own (or a page the hypervisor only shares with it). -E2BIG beyond
 * 1024; -EFAULT if the array is not the caller's to read and write.
 */
#define XEN_DOMCTL_getpageframeinfo3    61
#define XEN_DOMCTL_PFINFO_LTAB_SHIFT    28
#define XEN_DOMCTL_PFINFO_NOTAB         (0x0U << 28)
#define XEN_DOMCTL_PFINFO_L1TAB         (0x1U << 28)
#define XEN_DOMCTL_PFINFO_L2TAB         (0x2U << 28)
#define XEN_DOMCTL_PFINFO_L3TAB         (0x3U << 28)
#define XEN_DOMCTL_PFINFO_L4TAB         (0x4U << 28)
#define XEN_DOMCTL_PFINFO_LTABTYPE_MASK (0x7U << 28)
#define XEN_DOMCTL_PFINFO_LPINTAB       (0x1U << 31) /* pinned */
#define XEN_DOMCTL_PFINFO_XTAB          (0xfU << 28) /* not a frame of the domain */
#define XEN_DOMCTL_PFINFO_XALLOC        (0xeU << 28)
#define XEN_DOMCTL_PFINFO_BROKEN        (0xdU << 28)
#define XEN_DOMCTL_PFINFO_LTAB_MASK     (0xfU << 28)
struct xen_domctl_getpageframeinfo3 {
    uint64_aligned_t num;                 /* IN */
    XEN_GUEST_HANDLE_64(xen_pfn_t) array; /* IN: frames; OUT: their types */
};
XEN_ABI_SIZE(struct xen_domctl_getpageframeinfo3, 16);

/*
 * XEN_DOMCTL_irq_permission / iomem_permission / ioport_permission: let the
 * domain use (allow_access != 0) or stop it using a physical IRQ (by the
 * caller's pirq number), a range of machine frames that are not RAM (to map
 * them), or a range of I/O ports (to reach them with in/out).
 *  1. The caller must hold what it hands on or takes away (-EPERM); dom0
 *     holds every port but the hypervisor's serial port and every frame the
 *     CPU addresses but the local APIC's.
 *  2. An empty or wrapping range, or ports beyond 0xffff, is -EINVAL; a pirq
 *     beyond the caller's count -EINVAL, one the caller has not mapped -EPERM.
 *  3. -ENOMEM when a domain's permissions would need too many separate ranges.
 */
#define XEN_DOMCTL_irq_permission    19
#define XEN_DOMCTL_iomem_permission  20
#define XEN_DOMCTL_ioport_permission 21
struct xen_domctl_irq_permission {
    uint32_t pirq;        /* IN */
    uint8_t allow_access; /* IN */
    uint8_t pad[3];
};
XEN_ABI_SIZE(struct xen_domctl_irq_permission, 8);
struct xen_domctl_iomem_permission {
    uint64_aligned_t first_mfn; /* IN */
    uint64_aligned_t nr_mfns;   /* IN: > 0 */
    uint8_t allow_access;       /* IN */
    uint8_t _pad0[7];
};
XEN_ABI_SIZE(struct xen_domctl_iomem_permission, 24);
struct xen_domctl_ioport_permission {
    uint32_t first_port;  /* IN */
    uint32_t nr_ports;    /* IN: > 0 */
    uint8_t allow_access; /* IN */
    uint8_t _pad0[3];
};
XEN_ABI_SIZE(struct xen_domctl_ioport_permission, 12);

/*
 * XEN_DOMCTL_set_ext_vcpucontext / get_ext_vcpucontext: the parts of a vCPU's
 * state vcpu_guest_context lacks: the SYSCALL-from-32-bit and SYSENTER
 * callbacks and the virtual machine-check state (none is offered: caps 0).
 *  1. Not on the caller's own domain, nor a vCPU that does not exist (-ESRCH).
 *  2. get: size OUT is the struct's (64).
 *  3. set: size must reach vmce (-EINVAL); the vmce part counts as far as size
 *     covers it. Callback addresses must be canonical, caps beyond the bank
 *     count and MCG_CTL_P and a non-zero mcg_ext_ctl are -EINVAL. Selectors
 *     get RPL 3, the disables_events flags become 0 or 1.
 */
#define XEN_DOMCTL_set_ext_vcpucontext 42
#define XEN_DOMCTL_get_ext_vcpucontext 43
struct hvm_vmce_vcpu {
    uint64_t caps;
    uint64_t mci_ctl2_bank0;
    uint64_t mci_ctl2_bank1;
    uint64_t mcg_ext_ctl;
};
struct xen_domctl_ext_vcpucontext {
    uint32_t vcpu; /* IN */
    uint32_t size; /* IN (set) / OUT (get) */
    uint64_aligned_t syscall32_callback_eip;
    uint64_aligned_t sysenter_callback_eip;
    uint16_t syscall32_callback_cs;
    uint16_t sysenter_callback_cs;
    uint8_t syscall32_disables_events;
    uint8_t sysenter_disables_events;
    uint8_t _pad0[2];
    struct hvm_vmce_vcpu vmce;
};
XEN_ABI_SIZE(struct xen_domctl_ext_vcpucontext, 64);
XEN_ABI_OFFSET(struct xen_domctl_ext_vcpucontext, vmce, 32);

/*
 * XEN_DOMCTL_set_target: domain `domain` (a device model's stub domain) may
 * act on domain `target` as a privileged domain would. Targets are HVM guests:
 * here every valid request is -EOPNOTSUPP (as Xen 4.17 answers for a PV
 * target); the domain itself is -EINVAL, a target that does not exist -ESRCH.
 */
#define XEN_DOMCTL_set_target 46
struct xen_domctl_set_target {
    domid_t target; /* IN */
};
XEN_ABI_SIZE(struct xen_domctl_set_target, 2);

/*
 * XEN_DOMCTL_get_cpu_policy / XEN_DOMCTL_set_cpu_policy: the CPUID and MSR
 * policy of one domain, in the arrays of sysctl's get_cpu_policy.
 *  1. get: as sysctl's (-ENOBUFS when an array is too small; nr_* OUT).
 *  2. set: each leaf must be one of the policy format (else -ERANGE), its
 *     highest-leaf values no greater than the domain's maximum policy's
 *     (sysctl's pv_max; else -EINVAL); feature bits the maximum lacks are
 *     dropped. MSRs: an unknown one is -ERANGE, flags or a value the maximum
 *     lacks -EINVAL, a value wider than its field -EOVERFLOW. err_leaf /
 *     err_subleaf, or err_msr, name the entry refused. More entries than the
 *     format holds are -E2BIG; the caller's own domain -EINVAL. Nothing
 *     changes on an error; on success the domain's CPUID answers with those
 *     feature bits.
 */
#define XEN_DOMCTL_get_cpu_policy 82
#define XEN_DOMCTL_set_cpu_policy 83
struct xen_domctl_cpu_policy {
    uint32_t nr_leaves;                           /* IN/OUT */
    uint32_t nr_msrs;                             /* IN/OUT */
    XEN_GUEST_HANDLE_64(xen_cpuid_leaf_t) leaves; /* IN (set) / OUT (get) */
    XEN_GUEST_HANDLE_64(xen_msr_entry_t) msrs;    /* IN (set) / OUT (get) */
    uint32_t err_leaf, err_subleaf, err_msr;      /* OUT, set only */
};
typedef struct xen_domctl_cpu_policy xen_domctl_cpu_policy_t;
XEN_ABI_SIZE(struct xen_domctl_cpu_policy, 40);

/* The call: header, then one sub-op's struct. */
struct xen_domctl {
    uint32_t cmd;               /* XEN_DOMCTL_* */
    uint32_t interface_version; /* XEN_DOMCTL_INTERFACE_VERSION */
    domid_t domain;
    uint16_t _pad[3];
    union {
        struct xen_domctl_createdomain createdomain;
        struct xen_domctl_getdomaininfo getdomaininfo;
        struct xen_domctl_vcpuaffinity vcpuaffinity;
        struct xen_domctl_shadow_op shadow_op;
        struct xen_domctl_max_mem max_mem;
        struct xen_domctl_vcpucontext vcpucontext;
        struct xen_domctl_getvcpuinfo getvcpuinfo;
        struct xen_domctl_max_vcpus max_vcpus;
        struct xen_domctl_scheduler_op scheduler_op;
        struct xen_domctl_setdomainhandle setdomainhandle;
        struct xen_domctl_hypercall_init hypercall_init;
        struct xen_domctl_nodeaffinity nodeaffinity;
        struct xen_domctl_tsc_info tsc_info;
        struct xen_domctl_address_size address_size;
        struct xen_domctl_getpageframeinfo3 getpageframeinfo3;
        struct xen_domctl_irq_permission irq_permission;
        struct xen_domctl_iomem_permission iomem_permission;
        struct xen_domctl_ioport_permission ioport_permission;
        struct xen_domctl_ext_vcpucontext ext_vcpucontext;
        struct xen_domctl_set_target set_target;
        struct xen_domctl_cpu_policy cpu_policy;
        uint8_t pad[128]; /* the sub-ops not listed here */
    } u;
};
typedef struct xen_domctl xen_domctl_t;
DEFINE_XEN_GUEST_HANDLE(xen_domctl_t);
XEN_ABI_SIZE(struct xen_domctl, 144);
XEN_ABI_OFFSET(struct xen_domctl, u, 16);

#endif /* __XEN__ || __XEN_TOOLS__ */

#endif /* XEN_PUBLIC_DOMCTL_H */
