/* SPDX-License-Identifier: MIT */
/*
 * callback_op(int cmd, void *arg): register the guest entry points the
 * hypervisor calls into (event upcall, failsafe, syscall, NMI).
 */
#ifndef XEN_PUBLIC_CALLBACK_H
#define XEN_PUBLIC_CALLBACK_H

#include "xen.h"

#define CALLBACKTYPE_event               0 /* event channel upcall */
#define CALLBACKTYPE_failsafe            1 /* a segment reload on return to the guest failed */
#define CALLBACKTYPE_syscall             2 /* 64-bit syscall from guest user mode */
#define CALLBACKTYPE_sysenter_deprecated 3
#define CALLBACKTYPE_nmi                 4 /* NMI (register with CALLBACKOP_register only) */
#define CALLBACKTYPE_sysenter            5 /* sysenter from 32-bit guest user mode */
#define CALLBACKTYPE_syscall32           7 /* syscall from 32-bit guest user mode */

/* CALLBACKF_mask_events: enter the callback with events masked. */
#define _CALLBACKF_mask_events 0
#define CALLBACKF_mask_events  (1U << _CALLBACKF_mask_events)

/* CALLBACKOP_register: `arg` is a callback_register. */
#define CALLBACKOP_register 0
struct callback_register {
    uint16_t type;  /* CALLBACKTYPE_* */
    uint16_t flags; /* CALLBACKF_* */
    uint32_t _pad0;
    xen_callback_t address;
};
typedef struct callback_register callback_register_t;
DEFINE_XEN_GUEST_HANDLE(callback_register_t);
XEN_ABI_SIZE(struct callback_register, 16);

/* CALLBACKOP_unregister: `arg` is a callback_unregister (not every type may be). */
#define CALLBACKOP_unregister 1
struct callback_unregister {
    uint16_t type; /* CALLBACKTYPE_* */
    uint16_t _unused;
};
typedef struct callback_unregister callback_unregister_t;
DEFINE_XEN_GUEST_HANDLE(callback_unregister_t);
XEN_ABI_SIZE(struct callback_unregister, 4);

#if __XEN_INTERFACE_VERSION__ < 0x00030207
#undef CALLBACKTYPE_sysenter
#define CALLBACKTYPE_sysenter CALLBACKTYPE_sysenter_deprecated
#endif

#endif /* XEN_PUBLIC_CALLBACK_H */
