/* SPDX-License-Identifier: MIT */
/*
 * The core of the PV ABI between Xen and its guests and tools: hypercall
 * numbers, virtual IRQs, page-table update requests, domain identifiers, and
 * the pages every PV guest starts with (start_info and shared_info).
 *
 * The includer provides the <stdint.h> types (uint8_t ... uint64_t, int8_t ...).
 */
#ifndef XEN_PUBLIC_XEN_H
#define XEN_PUBLIC_XEN_H

#include "xen-compat.h"

#if defined(__i386__) || defined(__x86_64__)
#include "arch-x86/xen.h"
#else
#error "public Xen headers: unsupported architecture"
#endif

#ifndef __ASSEMBLY__
DEFINE_XEN_GUEST_HANDLE(char);
__DEFINE_XEN_GUEST_HANDLE(uchar, unsigned char);
DEFINE_XEN_GUEST_HANDLE(int);
__DEFINE_XEN_GUEST_HANDLE(uint, unsigned int);
DEFINE_XEN_GUEST_HANDLE(long);
__DEFINE_XEN_GUEST_HANDLE(ulong, unsigned long);
DEFINE_XEN_GUEST_HANDLE(void);
DEFINE_XEN_GUEST_HANDLE(uint64_t);
DEFINE_XEN_GUEST_HANDLE(xen_pfn_t);
DEFINE_XEN_GUEST_HANDLE(xen_ulong_t);

/* Dimension of a variable-length trailing array, for every language level. */
#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 199901L
#define XEN_FLEX_ARRAY_DIM
#elif defined(__GNUC__)
#define XEN_FLEX_ARRAY_DIM 0
#else
#define XEN_FLEX_ARRAY_DIM 1
#endif

/* Typed integer constants that also work in assembly. */
#define __xen_mk_uint(x)  x##U
#define __xen_mk_ulong(x) x##UL
#define xen_mk_uint(x)    __xen_mk_uint(x)
#define xen_mk_ulong(x)   __xen_mk_ulong(x)
#else
#define xen_mk_uint(x)  x
#define xen_mk_ulong(x) x
#endif

/*
 * Hypercall numbers: the index of a 32-byte stub in the hypercall page that
 * the hypervisor writes into each PV guest. Arguments go in rdi, rsi, rdx,
 * r10, r8 (in that order); the result comes back in rax, a negative XEN_E*
 * value on failure.
 */
#define __HYPERVISOR_set_trap_table                0
#define __HYPERVISOR_mmu_update                    1
#define __HYPERVISOR_set_gdt                       2
#define __HYPERVISOR_stack_switch                  3
#define __HYPERVISOR_set_callbacks                 4
#define __HYPERVISOR_fpu_taskswitch                5
#define __HYPERVISOR_sched_op_compat               6 /* legacy, before sched_op */
#define __HYPERVISOR_platform_op                   7
#define __HYPERVISOR_set_debugreg                  8
#define __HYPERVISOR_get_debugreg                  9
#define __HYPERVISOR_update_descriptor             10
#define __HYPERVISOR_memory_op                     12
#define __HYPERVISOR_multicall                     13
#define __HYPERVISOR_update_va_mapping             14
#define __HYPERVISOR_set_timer_op                  15
#define __HYPERVISOR_event_channel_op_compat       16 /* legacy, before event_channel_op */
#define __HYPERVISOR_xen_version                   17
#define __HYPERVISOR_console_io                    18
#define __HYPERVISOR_physdev_op_compat             19 /* legacy, before physdev_op */
#define __HYPERVISOR_grant_table_op                20
#define __HYPERVISOR_vm_assist                     21
#define __HYPERVISOR_update_va_mapping_otherdomain 22
#define __HYPERVISOR_iret                          23 /* PV guests only */
#define __HYPERVISOR_vcpu_op                       24
#define __HYPERVISOR_set_segment_base              25 /* x86-64 PV guests only */
#define __HYPERVISOR_mmuext_op                     26
#define __HYPERVISOR_xsm_op                        27
#define __HYPERVISOR_nmi_op                        28
#define __HYPERVISOR_sched_op                      29
#define __HYPERVISOR_callback_op                   30
#define __HYPERVISOR_xenoprof_op                   31
#define __HYPERVISOR_event_channel_op              32
#define __HYPERVISOR_physdev_op                    33
#define __HYPERVISOR_hvm_op                        34
#define __HYPERVISOR_sysctl                        35
#define __HYPERVISOR_domctl                        36
#define __HYPERVISOR_kexec_op                      37
#define __HYPERVISOR_tmem_op                       38
/* Eight numbers left to each architecture. */
#define __HYPERVISOR_arch_0 48
#define __HYPERVISOR_arch_1 49
#define __HYPERVISOR_arch_2 50
#define __HYPERVISOR_arch_3 51
#define __HYPERVISOR_arch_4 52
#define __HYPERVISOR_arch_5 53
#define __HYPERVISOR_arch_6 54
#define __HYPERVISOR_arch_7 55

/* Guests built for an old interface level get the legacy entry points. */
#if __XEN_INTERFACE_VERSION__ < 0x00030101
#undef __HYPERVISOR_sched_op
#define __HYPERVISOR_sched_op __HYPERVISOR_sched_op_compat
#endif
#if __XEN_INTERFACE_VERSION__ < 0x00030202
#undef __HYPERVISOR_event_channel_op
#define __HYPERVISOR_event_channel_op __HYPERVISOR_event_channel_op_compat
#undef __HYPERVISOR_physdev_op
#define __HYPERVISOR_physdev_op __HYPERVISOR_physdev_op_compat
#endif
#if __XEN_INTERFACE_VERSION__ < 0x00030204
#define __HYPERVISOR_dom0_op __HYPERVISOR_platform_op
#endif

/*
 * Virtual IRQs: events the hypervisor raises, bound to an event channel with
 * EVTCHNOP_bind_virq. Per-vCPU ones are bound on each vCPU; global ones once,
 * by the domain that should get them.
 */
#define VIRQ_TIMER      0  /* per vCPU: the timer set by set_timer_op fired */
#define VIRQ_DEBUG      1  /* per vCPU: a debug key asked for a register dump */
#define VIRQ_CONSOLE    2  /* global: input on the hypervisor console (dom0) */
#define VIRQ_DOM_EXC    3  /* global: a domain shut down or crashed (dom0) */
#define VIRQ_TBUF       4  /* global: trace buffers need reading */
#define VIRQ_DEBUGGER   6  /* global: a domain stopped for the debugger */
#define VIRQ_XENOPROF   7  /* per vCPU: profiling samples ready */
#define VIRQ_CON_RING   8  /* global: new text in the hypervisor's console ring */
#define VIRQ_PCPU_STATE 9  /* global: a physical CPU went on- or offline */
#define VIRQ_MEM_EVENT  10 /* global: a memory event is waiting */
#define VIRQ_ARCH_0     16
#define VIRQ_ARCH_1     17
#define VIRQ_ARCH_2     18
#define VIRQ_ARCH_3     19
#define VIRQ_ARCH_4     20
#define VIRQ_ARCH_5     21
#define VIRQ_ARCH_6     22
#define VIRQ_ARCH_7     23
#define NR_VIRQS        24

/*
 * mmu_update(const mmu_update_t reqs[], unsigned count, unsigned *done,
 *            domid_t owner)
 *
 * Applies a batch of page-table and machine-to-physical updates. The low two
 * bits of each request's `ptr` select the command, the rest is a machine
 * address:
 *  MMU_NORMAL_PT_UPDATE: ptr is the machine address of a page-table entry;
 *    write `val` there. The page must be a validated page table of the right
 *    level, and the new entry must pass the same checks (see mmuext_op): no
 *    writable mapping of a page table, no frame the domain does not own, no
 *    mapping that reaches into the hypervisor's area.
 *  MMU_MACHPHYS_UPDATE: ptr is a machine frame address the domain owns; set
 *    its machine-to-physical entry to `val`.
 *  MMU_PT_UPDATE_PRESERVE_AD: as NORMAL, keeping the entry's accessed/dirty bits.
 *  MMU_PT_UPDATE_NO_TRANSLATE: as NORMAL (for a PV guest `val` is never
 *    translated anyway).
 * Processing stops at the first failure; *done (if given) counts the
 * requests applied. A long batch is continued by the hypervisor as often as
 * it needs: to the guest it is one call.
 */
#define MMU_NORMAL_PT_UPDATE       0
#define MMU_MACHPHYS_UPDATE        1
#define MMU_PT_UPDATE_PRESERVE_AD  2
#define MMU_PT_UPDATE_NO_TRANSLATE 3

/*
 * mmuext_op(mmuext_op_t ops[], unsigned count, unsigned *done, domid_t owner)
 *
 * Page-table management beyond single entries:
 *  MMUEXT_PIN_L[1-4]_TABLE: validate frame arg1.mfn as a page table of that
 *    level (recursively) and keep it typed until unpinned.
 *  MMUEXT_UNPIN_TABLE: drop the pin on arg1.mfn.
 *  MMUEXT_NEW_BASEPTR: switch the kernel page-table base to L4 frame arg1.mfn.
 *  MMUEXT_NEW_USER_BASEPTR: set the L4 used while in guest user mode.
 *  MMUEXT_TLB_FLUSH_LOCAL / MMUEXT_INVLPG_LOCAL (arg1.linear_addr): this vCPU.
 *  MMUEXT_TLB_FLUSH_MULTI / MMUEXT_INVLPG_MULTI: the vCPUs in arg2.vcpumask.
 *  MMUEXT_TLB_FLUSH_ALL / MMUEXT_INVLPG_ALL: every vCPU of the domain.
 *  MMUEXT_FLUSH_CACHE: write back and invalidate caches (privileged).
 *  MMUEXT_SET_LDT: LDT at arg1.linear_addr with arg2.nr_ents entries.
 *  MMUEXT_CLEAR_PAGE: zero frame arg1.mfn.
 *  MMUEXT_COPY_PAGE: copy frame arg2.src_mfn over frame arg1.mfn.
 */
#define MMUEXT_PIN_L1_TABLE     0
#define MMUEXT_PIN_L2_TABLE     1
#define MMUEXT_PIN_L3_TABLE     2
#define MMUEXT_PIN_L4_TABLE     3
#define MMUEXT_UNPIN_TABLE      4
#define MMUEXT_NEW_BASEPTR      5
#define MMUEXT_TLB_FLUSH_LOCAL  6
#define MMUEXT_INVLPG_LOCAL     7
#define MMUEXT_TLB_FLUSH_MULTI  8
#define MMUEXT_INVLPG_MULTI     9
#define MMUEXT_TLB_FLUSH_ALL    10
#define MMUEXT_INVLPG_ALL       11
#define MMUEXT_FLUSH_CACHE      12
#define MMUEXT_SET_LDT          13
#define MMUEXT_NEW_USER_BASEPTR 15
#define MMUEXT_CLEAR_PAGE       16
#define MMUEXT_COPY_PAGE        17

#ifndef __ASSEMBLY__
struct mmuext_op {
    uint32_t cmd; /* MMUEXT_* */
    uint32_t _pad0;
    union {
        xen_pfn_t mfn;           /* PIN_*, UNPIN, NEW_*BASEPTR, CLEAR_PAGE, COPY_PAGE */
        xen_ulong_t linear_addr; /* INVLPG_*, SET_LDT */
    } arg1;
    union {
        uint32_t nr_ents;                      /* SET_LDT */
        XEN_GUEST_HANDLE(const_void) vcpumask; /* *_MULTI: a bitmap of vCPU ids */
        xen_pfn_t src_mfn;                     /* COPY_PAGE */
    } arg2;
};
typedef struct mmuext_op mmuext_op_t;
DEFINE_XEN_GUEST_HANDLE(mmuext_op_t);
XEN_ABI_SIZE(struct mmuext_op, 24);
XEN_ABI_OFFSET(struct mmuext_op, arg2, 16);
#endif

/*
 * update_va_mapping(unsigned long va, uint64_t pte, unsigned long flags)
 *
 * Writes the L1 entry that maps `va` in the current page tables (with the
 * same checks as MMU_NORMAL_PT_UPDATE), then flushes as `flags` ask:
 * a flush type (UVMF_NONE, UVMF_TLB_FLUSH, UVMF_INVLPG) ORed with a scope
 * (UVMF_LOCAL, UVMF_ALL, or a pointer to a vCPU bitmap: UVMF_MULTI).
 */
#define UVMF_NONE           (xen_mk_ulong(0) << 0)
#define UVMF_TLB_FLUSH      (xen_mk_ulong(1) << 0)
#define UVMF_INVLPG         (xen_mk_ulong(2) << 0)
#define UVMF_FLUSHTYPE_MASK (xen_mk_ulong(3) << 0)
#define UVMF_MULTI          (xen_mk_ulong(0) << 2)
#define UVMF_LOCAL          (xen_mk_ulong(0) << 2)
#define UVMF_ALL            (xen_mk_ulong(1) << 2)

/*
 * console_io(int cmd, unsigned count, char *buffer)
 *  CONSOLEIO_write: print `count` bytes on the hypervisor console.
 *  CONSOLEIO_read: read up to `count` bytes of console input (dom0 only);
 *    returns the number of bytes read.
 */
#define CONSOLEIO_write 0
#define CONSOLEIO_read  1

/*
 * vm_assist(unsigned cmd, unsigned type): turn on or off a hypervisor
 * assistance mode for the calling domain.
 */
#define VMASST_CMD_enable               0
#define VMASST_CMD_disable              1
#define VMASST_TYPE_4gb_segments        0 /* emulate 4GB segments (32-bit only) */
#define VMASST_TYPE_4gb_segments_notify 1 /* and tell the guest when it happens */
#define VMASST_TYPE_writable_pagetables 2 /* trap and emulate writes to L1 tables */
#define VMASST_TYPE_pae_extended_cr3    3 /* page directories above 4GB (32-bit PAE) */
#define MAX_VMASST_TYPE                 3

/*
 * Domain identifiers. Ordinary domains are 0 .. DOMID_FIRST_RESERVED-1; the
 * values from DOMID_FIRST_RESERVED up name the caller or special owners.
 */
#define DOMID_FIRST_RESERVED xen_mk_uint(0x7FF0)
#define DOMID_SELF           xen_mk_uint(0x7FF0) /* the calling domain */
#define DOMID_IO             xen_mk_uint(0x7FF1) /* owner of I/O memory */
#define DOMID_XEN            xen_mk_uint(0x7FF2) /* owner of the hypervisor's pages */
#define DOMID_COW            xen_mk_uint(0x7FF3) /* owner of shared copy-on-write pages */
#define DOMID_INVALID        xen_mk_uint(0x7FF4) /* no domain */
#define DOMID_IDLE           xen_mk_uint(0x7FFF) /* the idle domain */

#ifndef __ASSEMBLY__

typedef uint16_t domid_t;

/* One mmu_update request: see MMU_* above. */
struct mmu_update {
    uint64_t ptr; /* machine address, low 2 bits: MMU_* command */
    uint64_t val; /* the new entry or M2P value */
};
typedef struct mmu_update mmu_update_t;
DEFINE_XEN_GUEST_HANDLE(mmu_update_t);
XEN_ABI_SIZE(struct mmu_update, 16);

/*
 * multicall(multicall_entry_t calls[], unsigned count): run several
 * hypercalls in one trap; each entry's `result` receives its return value.
 */
struct multicall_entry {
    xen_ulong_t op;
    xen_ulong_t result;
    xen_ulong_t args[6];
};
typedef struct multicall_entry multicall_entry_t;
DEFINE_XEN_GUEST_HANDLE(multicall_entry_t);
XEN_ABI_SIZE(struct multicall_entry, 64);

/* Event channels the 2-level bitmaps in shared_info can address. */
#define NR_EVENT_CHANNELS (sizeof(xen_ulong_t) * sizeof(xen_ulong_t) * 64)

/*
 * System time for one vCPU: nanoseconds since boot at the TSC value
 * tsc_timestamp. A guest extrapolates with
 *   system_time + (((tsc - tsc_timestamp) << tsc_shift) * tsc_to_system_mul) >> 32
 * (a negative shift shifts right). The hypervisor makes `version` odd while it
 * updates the record; a reader retries until it sees the same even version
 * before and after.
 */
struct vcpu_time_info {
    uint32_t version;
    uint32_t _pad0;
    uint64_t tsc_timestamp;
    uint64_t system_time;
    uint32_t tsc_to_system_mul;
    int8_t tsc_shift;
    uint8_t flags; /* XEN_PVCLOCK_* */
    uint8_t _pad1[2];
};
typedef struct vcpu_time_info vcpu_time_info_t;
XEN_ABI_SIZE(struct vcpu_time_info, 32);
#define XEN_PVCLOCK_TSC_STABLE_BIT (1 << 0)
#define XEN_PVCLOCK_GUEST_STOPPED  (1 << 1)

/*
 * Per-vCPU event state. evtchn_upcall_pending is set by the hypervisor when an
 * event arrives; the guest sets evtchn_upcall_mask to hold off its event
 * callback (the PV interrupt flag). evtchn_pending_sel has one bit per word of
 * shared_info.evtchn_pending that may hold pending events.
 */
struct vcpu_info {
    uint8_t evtchn_upcall_pending;
    uint8_t evtchn_upcall_mask;
    uint8_t _pad0[6];
    xen_ulong_t evtchn_pending_sel;
    struct arch_vcpu_info arch;
    struct vcpu_time_info time;
};
typedef struct vcpu_info vcpu_info_t;
XEN_ABI_SIZE(struct vcpu_info, 64);
XEN_ABI_OFFSET(struct vcpu_info, evtchn_pending_sel, 8);
XEN_ABI_OFFSET(struct vcpu_info, time, 32);

/*
 * The shared info page, one per domain, mapped by the guest at the machine
 * address start_info.shared_info: vcpu_info of the first vCPUs, the 2-level
 * event channel bitmaps (pending set by the hypervisor, mask set by the guest)
 * and the wall clock at system time 0 (same odd/even versioning as
 * vcpu_time_info).
 */
struct shared_info {
    struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
    xen_ulong_t evtchn_pending[sizeof(xen_ulong_t) * 8];
    xen_ulong_t evtchn_mask[sizeof(xen_ulong_t) * 8];
    uint32_t wc_version;
    uint32_t wc_sec;
    uint32_t wc_nsec;
    uint32_t wc_sec_hi; /* upper 32 bits of wc_sec */
    struct arch_shared_info arch;
};
typedef struct shared_info shared_info_t;
XEN_ABI_SIZE(struct shared_info, 3136);
XEN_ABI_OFFSET(struct shared_info, evtchn_pending, 2048);
XEN_ABI_OFFSET(struct shared_info, evtchn_mask, 2560);
XEN_ABI_OFFSET(struct shared_info, wc_version, 3072);
XEN_ABI_OFFSET(struct shared_info, arch, 3088);
#define xen_wc_sec_hi wc_sec_hi

/*
 * The start-of-day page a PV guest finds at the address in %rsi on entry.
 * The domain builder lays out, in the guest's virtual space from its base:
 * the kernel image, the initial ramdisk (mod_start), the P2M list (mfn_list),
 * this page, the xenstore and console pages (domUs), the bootstrap page
 * tables (pt_base, nr_pt_frames frames), and a 512kB boot stack, all mapped,
 * with some spare room after.
 */
struct start_info {
    char magic[32];       /* "xen-<version>-x86_64" */
    uint64_t nr_pages;    /* pages the domain owns */
    uint64_t shared_info; /* machine address of shared_info */
    uint32_t flags;       /* SIF_* */
    uint32_t _pad0;
    xen_pfn_t store_mfn; /* xenstore ring page */
    uint32_t store_evtchn;
    uint32_t _pad1;
    union {
        struct {
            xen_pfn_t mfn; /* console ring page */
            uint32_t evtchn;
            uint32_t _pad0;
        } domU;
        struct {
            uint32_t info_off;  /* offset of a dom0_vga_console_info in this page */
            uint32_t info_size; /* its size */
        } dom0;
    } console;
    uint64_t pt_base;      /* virtual address of the bootstrap L4 table */
    uint64_t nr_pt_frames; /* frames of bootstrap page tables */
    uint64_t mfn_list;     /* virtual address of the P2M list */
    uint64_t mod_start;    /* virtual address (or pfn, SIF_MOD_START_PFN) of the module */
    uint64_t mod_len;      /* its size in bytes */
#define MAX_GUEST_CMDLINE 1024
    int8_t cmd_line[MAX_GUEST_CMDLINE];
    uint64_t first_p2m_pfn; /* pfn of a P2M placed outside the initial mapping */
    uint64_t nr_p2m_frames;
};
typedef struct start_info start_info_t;
XEN_ABI_SIZE(struct start_info, 1168);
XEN_ABI_OFFSET(struct start_info, flags, 48);
XEN_ABI_OFFSET(struct start_info, console, 72);
XEN_ABI_OFFSET(struct start_info, pt_base, 88);
XEN_ABI_OFFSET(struct start_info, cmd_line, 128);
XEN_ABI_OFFSET(struct start_info, first_p2m_pfn, 1152);

/* The names interfaces older than 0x00030203 used for the domU console. */
#if __XEN_INTERFACE_VERSION__ < 0x00030203
#define console_mfn    console.domU.mfn
#define console_evtchn console.domU.evtchn
#endif

#endif /* !__ASSEMBLY__ */

/* start_info.flags */
#define SIF_PRIVILEGED    (1 << 0)    /* the domain may use privileged hypercalls */
#define SIF_INITDOMAIN    (1 << 1)    /* the domain is dom0 */
#define SIF_MULTIBOOT_MOD (1 << 2)    /* mod_start holds a multiboot module list */
#define SIF_MOD_START_PFN (1 << 3)    /* mod_start is a pfn, not a virtual address */
#define SIF_PM_MASK       (0xFF << 8) /* power-management capabilities */

#ifndef __ASSEMBLY__

/*
 * The firmware console dom0 inherits, found inside start_info at
 * console.dom0.info_off.
 */
typedef struct dom0_vga_console_info {
    uint8_t video_type; /* XEN_VGATYPE_* */
#define XEN_VGATYPE_TEXT_MODE_3 0x03
#define XEN_VGATYPE_VESA_LFB    0x23
#define XEN_VGATYPE_EFI_LFB     0x70
    uint8_t _pad0[3];
    union {
        struct {
            uint16_t font_height;
            uint16_t cursor_x;
            uint16_t cursor_y;
            uint16_t rows;
            uint16_t columns;
        } text_mode_3;
        struct {
            uint16_t width;
            uint16_t height;
            uint16_t bytes_per_line;
            uint16_t bits_per_pixel;
            uint32_t lfb_base;
            uint32_t lfb_size;
            uint8_t red_pos;
            uint8_t red_size;
            uint8_t green_pos;
            uint8_t green_size;
            uint8_t blue_pos;
            uint8_t blue_size;
            uint8_t rsvd_pos;
            uint8_t rsvd_size;
            uint32_t gbl_caps;
            uint16_t mode_attrs;
            uint16_t _pad0;
            uint32_t ext_lfb_base; /* bits 32-63 of the frame buffer address */
        } vesa_lfb;
    } u;
} dom0_vga_console_info_t;
XEN_ABI_SIZE(struct dom0_vga_console_info, 40);
#define xen_vga_console_info   dom0_vga_console_info
#define xen_vga_console_info_t dom0_vga_console_info_t

/* A domain's UUID as the toolstack hands it to the hypervisor. */
typedef uint8_t xen_domain_handle_t[16];

__DEFINE_XEN_GUEST_HANDLE(uint8, uint8_t);
__DEFINE_XEN_GUEST_HANDLE(uint16, uint16_t);
__DEFINE_XEN_GUEST_HANDLE(uint32, uint32_t);
__DEFINE_XEN_GUEST_HANDLE(uint64, uint64_t);

#endif /* !__ASSEMBLY__ */

/* Tools and the hypervisor: 64-bit fields and handles keep their layout everywhere. */
#if defined(__XEN__) || defined(__XEN_TOOLS__)
#ifndef int64_aligned_t
#define int64_aligned_t int64_t
#endif
#ifndef uint64_aligned_t
#define uint64_aligned_t uint64_t
#endif
#ifndef XEN_GUEST_HANDLE_64
#define XEN_GUEST_HANDLE_64(name) XEN_GUEST_HANDLE(name)
#endif
#endif

#endif /* XEN_PUBLIC_XEN_H */
