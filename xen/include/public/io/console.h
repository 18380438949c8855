/* SPDX-License-Identifier: MIT */
/*
 * The PV console page: one shared page holding an input ring (backend to
 * guest) and an output ring (guest to backend), each indexed by free-running
 * 32-bit counters. The guest produces into `out` and consumes from `in`; the
 * backend (the hypervisor until a console daemon exists, then xenconsoled)
 * does the opposite. Either side signals the other over the event channel
 * named in start_info.console.domU.
 */
#ifndef XEN_PUBLIC_IO_CONSOLE_H
#define XEN_PUBLIC_IO_CONSOLE_H

#include "../xen.h"

/** A ring counter: counts bytes ever produced or consumed, wrapping at 2^32. */
typedef uint32_t XENCONS_RING_IDX;

/** The slot of counter `idx` in `ring` (a char array whose size is a power of two). */
#define MASK_XENCONS_IDX(idx, ring) ((idx) & (sizeof(ring) - 1))

/*
 * The page's layout. A ring holds prod - cons unread bytes (never more than
 * its size); the writer stores the bytes before advancing prod, the reader
 * reads them before advancing cons.
 */
struct xencons_interface {
    char in[1024];  /* keystrokes for the guest */
    char out[2048]; /* the guest's output */
    XENCONS_RING_IDX in_cons, in_prod;
    XENCONS_RING_IDX out_cons, out_prod;
};
XEN_ABI_OFFSET(struct xencons_interface, out, 1024);
XEN_ABI_OFFSET(struct xencons_interface, in_cons, 3072);
XEN_ABI_OFFSET(struct xencons_interface, out_prod, 3084);
XEN_ABI_SIZE(struct xencons_interface, 3088);

#endif /* XEN_PUBLIC_IO_CONSOLE_H */
