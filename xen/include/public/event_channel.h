/* SPDX-License-Identifier: MIT */
/*
 * Event channels: the PV interrupt mechanism. With the 2-level ABI (every
 * domain's at first) a port is one bit in a domain's pending bitmap
 * (shared_info.evtchn_pending); setting it while unmasked raises the vCPU's
 * event callback. With the FIFO ABI (EVTCHNOP_init_control) a port is a
 * 32-bit event word in guest pages, and pending ports are queued per vCPU
 * and priority (see "FIFO ABI" below).
 *
 * event_channel_op(int cmd, void *arg): `arg` points to the sub-op's struct;
 * fields marked OUT are written back on success.
 */
#ifndef XEN_PUBLIC_EVENT_CHANNEL_H
#define XEN_PUBLIC_EVENT_CHANNEL_H

#include "xen.h"

#define EVTCHNOP_bind_interdomain 0
#define EVTCHNOP_bind_virq        1
#define EVTCHNOP_bind_pirq        2
#define EVTCHNOP_close            3
#define EVTCHNOP_send             4
#define EVTCHNOP_status           5
#define EVTCHNOP_alloc_unbound    6
#define EVTCHNOP_bind_ipi         7
#define EVTCHNOP_bind_vcpu        8
#define EVTCHNOP_unmask           9
#define EVTCHNOP_reset            10
#define EVTCHNOP_init_control     11
#define EVTCHNOP_expand_array     12
#define EVTCHNOP_set_priority     13

typedef uint32_t evtchn_port_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_port_t);

/*
 * EVTCHNOP_alloc_unbound: allocate a port in domain `dom` that `remote_dom`
 * may later connect to with bind_interdomain.
 *  1. dom may be DOMID_SELF; naming another domain needs privilege.
 */
struct evtchn_alloc_unbound {
    domid_t dom;        /* IN */
    domid_t remote_dom; /* IN */
    evtchn_port_t port; /* OUT */
};
typedef struct evtchn_alloc_unbound evtchn_alloc_unbound_t;
XEN_ABI_SIZE(struct evtchn_alloc_unbound, 8);

/*
 * EVTCHNOP_bind_interdomain: connect a new local port to an unbound port of
 * `remote_dom` that was allocated for the caller.
 */
struct evtchn_bind_interdomain {
    domid_t remote_dom; /* IN */
    uint16_t _pad0;
    evtchn_port_t remote_port; /* IN */
    evtchn_port_t local_port;  /* OUT */
};
typedef struct evtchn_bind_interdomain evtchn_bind_interdomain_t;
XEN_ABI_SIZE(struct evtchn_bind_interdomain, 12);

/*
 * EVTCHNOP_bind_virq: bind VIRQ_* `virq` on vCPU `vcpu` to a new port.
 *  1. A virq can be bound once per vCPU (-EEXIST otherwise).
 */
struct evtchn_bind_virq {
    uint32_t virq;      /* IN */
    uint32_t vcpu;      /* IN */
    evtchn_port_t port; /* OUT */
};
typedef struct evtchn_bind_virq evtchn_bind_virq_t;
XEN_ABI_SIZE(struct evtchn_bind_virq, 12);

/*
 * EVTCHNOP_bind_pirq: bind physical IRQ `pirq` (a domain's own number) to a
 * new port. BIND_PIRQ__WILL_SHARE: the guest accepts sharing the line.
 */
struct evtchn_bind_pirq {
    uint32_t pirq; /* IN */
#define BIND_PIRQ__WILL_SHARE 1
    uint32_t flags;     /* IN: BIND_PIRQ__* */
    evtchn_port_t port; /* OUT */
};
typedef struct evtchn_bind_pirq evtchn_bind_pirq_t;
XEN_ABI_SIZE(struct evtchn_bind_pirq, 12);

/* EVTCHNOP_bind_ipi: a new port that signals vCPU `vcpu` of the caller. */
struct evtchn_bind_ipi {
    uint32_t vcpu;      /* IN */
    evtchn_port_t port; /* OUT */
};
typedef struct evtchn_bind_ipi evtchn_bind_ipi_t;
XEN_ABI_SIZE(struct evtchn_bind_ipi, 8);

/* EVTCHNOP_close: close `port`; an interdomain peer's end becomes unbound. */
struct evtchn_close {
    evtchn_port_t port; /* IN */
};
typedef struct evtchn_close evtchn_close_t;
XEN_ABI_SIZE(struct evtchn_close, 4);

/* EVTCHNOP_send: raise the event at the other end of `port`. */
struct evtchn_send {
    evtchn_port_t port; /* IN */
};
typedef struct evtchn_send evtchn_send_t;
XEN_ABI_SIZE(struct evtchn_send, 4);

/*
 * EVTCHNOP_status: what `port` of domain `dom` is bound to.
 *  1. Another domain's ports need privilege.
 */
struct evtchn_status {
    domid_t dom; /* IN */
    uint16_t _pad0;
    evtchn_port_t port;          /* IN */
#define EVTCHNSTAT_closed      0 /* not in use */
#define EVTCHNSTAT_unbound     1 /* waiting for a remote domain */
#define EVTCHNSTAT_interdomain 2 /* connected to a remote domain */
#define EVTCHNSTAT_pirq        3 /* bound to a physical IRQ */
#define EVTCHNSTAT_virq        4 /* bound to a virtual IRQ */
#define EVTCHNSTAT_ipi         5 /* bound to a vCPU of the caller */
    uint32_t status;             /* OUT: EVTCHNSTAT_* */
    uint32_t vcpu;               /* OUT: the vCPU the port notifies */
    union {
        struct {
            domid_t dom;
        } unbound; /* EVTCHNSTAT_unbound */
        struct {
            domid_t dom;
            uint16_t _pad0;
            evtchn_port_t port;
        } interdomain; /* EVTCHNSTAT_interdomain */
        uint32_t pirq; /* EVTCHNSTAT_pirq */
        uint32_t virq; /* EVTCHNSTAT_virq */
    } u;               /* OUT */
};
typedef struct evtchn_status evtchn_status_t;
XEN_ABI_SIZE(struct evtchn_status, 24);
XEN_ABI_OFFSET(struct evtchn_status, u, 16);

/*
 * EVTCHNOP_bind_vcpu: deliver `port` to vCPU `vcpu` from now on.
 *  1. Only virq (global ones), interdomain, unbound and pirq ports can move.
 */
struct evtchn_bind_vcpu {
    evtchn_port_t port; /* IN */
    uint32_t vcpu;      /* IN */
};
typedef struct evtchn_bind_vcpu evtchn_bind_vcpu_t;
XEN_ABI_SIZE(struct evtchn_bind_vcpu, 8);

/* EVTCHNOP_unmask: clear the mask bit and deliver the event if pending. */
struct evtchn_unmask {
    evtchn_port_t port; /* IN */
};
typedef struct evtchn_unmask evtchn_unmask_t;
XEN_ABI_SIZE(struct evtchn_unmask, 4);

/*
 * EVTCHNOP_reset: close every port of domain `dom` (DOMID_SELF allowed).
 *  1. A domain resetting itself goes back to the 2-level ABI: its FIFO event
 *     array and control blocks are forgotten.
 */
struct evtchn_reset {
    domid_t dom; /* IN */
};
typedef struct evtchn_reset evtchn_reset_t;
XEN_ABI_SIZE(struct evtchn_reset, 2);

/*
 * EVTCHNOP_init_control: give vCPU `vcpu` its FIFO control block, at byte
 * `offset` (a multiple of 8, the whole block inside the page) of the
 * caller's frame `control_gfn` (a machine frame for a PV guest), which must
 * be ordinary writable RAM of the caller. The first call switches the domain
 * to the FIFO ABI; each vCPU gets one block. `link_bits` is set to the width
 * of the LINK field (EVTCHN_FIFO_LINK_BITS).
 *  1. Events pending at the switch are not queued anew: set it up first.
 */
struct evtchn_init_control {
    uint64_t control_gfn; /* IN */
    uint32_t offset;      /* IN */
    uint32_t vcpu;        /* IN */
    uint8_t link_bits;    /* OUT */
    uint8_t _pad0[7];
};
typedef struct evtchn_init_control evtchn_init_control_t;
XEN_ABI_SIZE(struct evtchn_init_control, 24);
XEN_ABI_OFFSET(struct evtchn_init_control, link_bits, 16);

/*
 * EVTCHNOP_expand_array: append the caller's frame `array_gfn` to its FIFO
 * event array (1024 event words a page; ports of a page beyond the array
 * cannot be signalled until it is added).
 */
struct evtchn_expand_array {
    uint64_t array_gfn; /* IN */
};
typedef struct evtchn_expand_array evtchn_expand_array_t;
XEN_ABI_SIZE(struct evtchn_expand_array, 8);

/*
 * EVTCHNOP_set_priority: the FIFO queue (EVTCHN_FIFO_PRIORITY_*) that
 * `port`'s events join from now on. Only with the FIFO ABI.
 */
struct evtchn_set_priority {
    evtchn_port_t port; /* IN */
    uint32_t priority;  /* IN */
};
typedef struct evtchn_set_priority evtchn_set_priority_t;
XEN_ABI_SIZE(struct evtchn_set_priority, 8);

/* The argument of the legacy event_channel_op_compat hypercall. */
struct evtchn_op {
    uint32_t cmd; /* EVTCHNOP_* */
    union {
        struct evtchn_alloc_unbound alloc_unbound;
        struct evtchn_bind_interdomain bind_interdomain;
        struct evtchn_bind_virq bind_virq;
        struct evtchn_bind_pirq bind_pirq;
        struct evtchn_bind_ipi bind_ipi;
        struct evtchn_close close;
        struct evtchn_send send;
        struct evtchn_status status;
        struct evtchn_bind_vcpu bind_vcpu;
        struct evtchn_unmask unmask;
    } u;
};
typedef struct evtchn_op evtchn_op_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_op_t);
XEN_ABI_SIZE(struct evtchn_op, 28);

/* Ports the 2-level ABI can name: one bit per port in shared_info. */
#define EVTCHN_2L_NR_CHANNELS (sizeof(xen_ulong_t) * sizeof(xen_ulong_t) * 64)

/*
 * FIFO ABI. Each port has an event word in the event array (the pages given
 * with EVTCHNOP_expand_array, port N at word N % 1024 of page N / 1024).
 * Each vCPU has one queue per priority; a queue is a chain of event words
 * through their LINK fields, starting at the control block's head[priority].
 * When an unmasked port becomes pending the hypervisor links it at the tail
 * of its vCPU's queue for its priority, sets that priority's bit in `ready`
 * and raises the upcall. The guest takes events off a queue from its head,
 * clearing LINKED and LINK with an atomic compare-and-exchange, and clears
 * `ready` bits itself. The hypervisor sets BUSY on a word whose LINK it is
 * changing; a guest clearing MASKED waits until BUSY is clear.
 */

/* Priorities: 0 is served first, 15 last; a new port has the default. */
#define EVTCHN_FIFO_PRIORITY_MAX     0
#define EVTCHN_FIFO_PRIORITY_DEFAULT 7
#define EVTCHN_FIFO_PRIORITY_MIN     15
#define EVTCHN_FIFO_MAX_QUEUES       (EVTCHN_FIFO_PRIORITY_MIN + 1)

/* An event word. */
typedef uint32_t event_word_t;

/* Bit numbers in an event word; LINK is the low EVTCHN_FIFO_LINK_BITS bits. */
#define EVTCHN_FIFO_PENDING 31 /* the event is raised */
#define EVTCHN_FIFO_MASKED  30 /* do not queue it */
#define EVTCHN_FIFO_LINKED  29 /* it is on a queue */
#define EVTCHN_FIFO_BUSY    28 /* the hypervisor is changing its LINK */

#define EVTCHN_FIFO_LINK_BITS 17
#define EVTCHN_FIFO_LINK_MASK ((1 << EVTCHN_FIFO_LINK_BITS) - 1)

/* Ports the FIFO ABI can name: LINK holds a port number. */
#define EVTCHN_FIFO_NR_CHANNELS (1 << EVTCHN_FIFO_LINK_BITS)

/* A vCPU's control block: which queues hold events, and their heads (port numbers). */
struct evtchn_fifo_control_block {
    uint32_t ready; /* bit P: queue of priority P is not empty */
    uint32_t _rsvd;
    uint32_t head[EVTCHN_FIFO_MAX_QUEUES];
};
typedef struct evtchn_fifo_control_block evtchn_fifo_control_block_t;
XEN_ABI_SIZE(struct evtchn_fifo_control_block, 72);
XEN_ABI_OFFSET(struct evtchn_fifo_control_block, head, 8);

#endif /* XEN_PUBLIC_EVENT_CHANNEL_H */
