/* SPDX-License-Identifier: MIT */
/*
 * vcpu_op(int cmd, unsigned vcpuid, void *arg): bring vCPUs up and down,
 * read their run state, and program their timers.
 */
#ifndef XEN_PUBLIC_VCPU_H
#define XEN_PUBLIC_VCPU_H

#include "xen.h"

/*
 * VCPUOP_initialise: set the initial state of a vCPU that has never run;
 * `arg` is a vcpu_guest_context. -EEXIST if it already has been.
 */
#define VCPUOP_initialise 0

/* VCPUOP_up: start an initialised vCPU; `arg` is ignored. */
#define VCPUOP_up 1

/* VCPUOP_down: stop a vCPU (it can be brought up again); `arg` is ignored. */
#define VCPUOP_down 2

/* VCPUOP_is_up: returns 1 if the vCPU is running, 0 if it is down. */
#define VCPUOP_is_up 3

/* VCPUOP_get_runstate_info: copy the vCPU's run state into a vcpu_runstate_info. */
#define VCPUOP_get_runstate_info 4

/*
 * How long a vCPU has spent in each RUNSTATE_*, in ns of system time. While
 * the hypervisor updates an area the guest registered, it sets
 * XEN_RUNSTATE_UPDATE in state_entry_time.
 */
struct vcpu_runstate_info {
    int32_t state; /* RUNSTATE_* */
    uint32_t _pad0;
    uint64_t state_entry_time;
#define XEN_RUNSTATE_UPDATE (1UL << 63)
    uint64_t time[4];
};
typedef struct vcpu_runstate_info vcpu_runstate_info_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_runstate_info_t);
XEN_ABI_SIZE(struct vcpu_runstate_info, 48);

#define RUNSTATE_running  0 /* on a physical CPU */
#define RUNSTATE_runnable 1 /* ready, waiting for a CPU */
#define RUNSTATE_blocked  2 /* waiting for an event */
#define RUNSTATE_offline  3 /* down, or paused by the toolstack */

/*
 * VCPUOP_register_runstate_memory_area: keep a vcpu_runstate_info at a guest
 * virtual address up to date on every context switch.
 */
#define VCPUOP_register_runstate_memory_area 5
struct vcpu_register_runstate_memory_area {
    union {
        XEN_GUEST_HANDLE(vcpu_runstate_info_t) h;
        struct vcpu_runstate_info *v;
        uint64_t p;
    } addr;
};
typedef struct vcpu_register_runstate_memory_area vcpu_register_runstate_memory_area_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_register_runstate_memory_area_t);
XEN_ABI_SIZE(struct vcpu_register_runstate_memory_area, 8);

/*
 * VCPUOP_set_periodic_timer / VCPUOP_stop_periodic_timer: VIRQ_TIMER every
 * period_ns (at least 1ms; -EINVAL below).
 */
#define VCPUOP_set_periodic_timer  6
#define VCPUOP_stop_periodic_timer 7
struct vcpu_set_periodic_timer {
    uint64_t period_ns;
};
typedef struct vcpu_set_periodic_timer vcpu_set_periodic_timer_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_set_periodic_timer_t);
XEN_ABI_SIZE(struct vcpu_set_periodic_timer, 8);

/*
 * VCPUOP_set_singleshot_timer / VCPUOP_stop_singleshot_timer: one VIRQ_TIMER at
 * absolute system time timeout_abs_ns. With VCPU_SSHOTTMR_future a time already
 * past fails with -ETIME instead of firing at once.
 */
#define VCPUOP_set_singleshot_timer  8
#define VCPUOP_stop_singleshot_timer 9
struct vcpu_set_singleshot_timer {
    uint64_t timeout_abs_ns;
    uint32_t flags; /* VCPU_SSHOTTMR_* */
    uint32_t _pad0;
};
typedef struct vcpu_set_singleshot_timer vcpu_set_singleshot_timer_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_set_singleshot_timer_t);
XEN_ABI_SIZE(struct vcpu_set_singleshot_timer, 16);
#define _VCPU_SSHOTTMR_future (0)
#define VCPU_SSHOTTMR_future  (1U << _VCPU_SSHOTTMR_future)

/*
 * VCPUOP_register_vcpu_info: move the vCPU's vcpu_info out of shared_info to
 * byte `offset` of guest frame `mfn` (it must not cross a page boundary).
 */
#define VCPUOP_register_vcpu_info 10
struct vcpu_register_vcpu_info {
    uint64_t mfn;
    uint32_t offset;
    uint32_t rsvd; /* must be zero */
};
typedef struct vcpu_register_vcpu_info vcpu_register_vcpu_info_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_register_vcpu_info_t);
XEN_ABI_SIZE(struct vcpu_register_vcpu_info, 16);

/* VCPUOP_send_nmi: raise an NMI on the vCPU; `arg` is ignored. */
#define VCPUOP_send_nmi 11

/*
 * VCPUOP_get_physid: the physical CPU identifiers under the vCPU (dom0 with
 * pinned vCPUs only): APIC id in bits 0-31, ACPI id in bits 32-63.
 */
#define VCPUOP_get_physid 12
struct vcpu_get_physid {
    uint64_t phys_id;
};
typedef struct vcpu_get_physid vcpu_get_physid_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_get_physid_t);
XEN_ABI_SIZE(struct vcpu_get_physid, 8);
#define xen_vcpu_physid_to_x86_apicid(physid) ((uint32_t)(physid))
#define xen_vcpu_physid_to_x86_acpiid(physid) ((uint32_t)((physid) >> 32))

#endif /* XEN_PUBLIC_VCPU_H */
