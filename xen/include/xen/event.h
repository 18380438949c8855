/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channels inside the hypervisor: the port table the hypercalls keep
 * (common/event_channel.c) and the port operations of the two ABIs that hold
 * a port's pending and masked state where the guest sees it: 2-level bitmaps
 * in shared_info (common/event_2l.c) or FIFO event words and queues in guest
 * pages (common/event_fifo.c). A domain starts on 2-level and switches to
 * FIFO with EVTCHNOP_init_control; EVTCHNOP_reset switches it back.
 */
#ifndef XEN_EVENT_H
#define XEN_EVENT_H

#include <xen/types.h> /* before the public headers, which use its types */

#include <public/event_channel.h>
#include <xen/sched.h>

struct evtchn_init_control;
struct evtchn_expand_array;

enum evtchn_state { ECS_FREE, ECS_UNBOUND, ECS_INTERDOMAIN, ECS_PIRQ, ECS_VIRQ, ECS_IPI };

/**
 * One port of a domain. The binding fields are under the domain's evtchn_lock
 * (event_channel.c); the fifo_* fields under its evtchn_fifo_lock (event_fifo.c).
 */
struct evtchn {
    uint8_t state;
    bool xen_consumer; /* unbound: sends go to the hypervisor's console (guest_console.c) */
    uint16_t notify_vcpu;
    domid_t remote_domid;      /* unbound: who may bind */
    struct domain *remote_dom; /* interdomain */
    uint32_t remote_port;      /* interdomain */
    uint32_t virq;
    uint16_t virq_vcpu; /* virq: the vCPU whose virq_to_evtchn names the port */
    uint32_t pirq;      /* pirq */
    /* The FIFO ABI's part, from here on: kept when the port closes (event_channel.c's unbind). */
    uint8_t priority;           /* FIFO queue the port's events join (EVTCHN_FIFO_PRIORITY_*) */
    bool fifo_pending;          /* FIFO: raised while its event word had no page yet */
    uint8_t fifo_last_priority; /* FIFO: the queue it was last linked on, */
    uint16_t fifo_last_vcpu;    /* ...  (vCPU and priority), while linked */
};

/*
 * A domain's ports live in buckets of EVTCHN_PORTS_PER_BUCKET, allocated as
 * the valid range grows (d->valid_evtchns, a multiple of it) and freed with
 * the domain; d->evtchn has room for a pointer to each bucket up to the FIFO
 * ABI's limit.
 */
#define EVTCHN_PORTS_PER_BUCKET 64
#define EVTCHN_MAX_PORTS        EVTCHN_FIFO_NR_CHANNELS

/** Port port of d; port must be below d->valid_evtchns. */
static inline struct evtchn *evtchn_from_port(const struct domain *d, unsigned int port)
{
    return &__atomic_load_n(&d->evtchn[port / EVTCHN_PORTS_PER_BUCKET],
                            __ATOMIC_SEQ_CST)[port % EVTCHN_PORTS_PER_BUCKET];
}

/**
 * What an ABI does with a port's state in guest memory. Every operation takes
 * a port below d->valid_evtchns; none sleeps; set_pending may run in interrupt
 * context and without the domain's evtchn_lock.
 */
struct evtchn_port_ops {
    const char *name;
    unsigned int nr_ports; /* ports it can name: a domain's ports stay below */
    /** Mark port pending and notify its vCPU unless masked; whether it was not pending. */
    bool (*set_pending)(struct domain *d, unsigned int port);
    /** Forget a pending event (the port is closing). */
    void (*clear_pending)(struct domain *d, unsigned int port);
    /** EVTCHNOP_unmask: clear the mask and deliver the event if pending. */
    void (*unmask)(struct domain *d, unsigned int port);
    bool (*is_pending)(const struct domain *d, unsigned int port);
    bool (*is_masked)(const struct domain *d, unsigned int port);
    /** Whether the port number must not be handed out again yet (still queued). */
    bool (*is_busy)(const struct domain *d, unsigned int port);
};

/** The 2-level ABI (event_2l.c), every domain's at creation. */
extern const struct evtchn_port_ops evtchn_port_ops_2l;
/** The FIFO ABI (event_fifo.c). */
extern const struct evtchn_port_ops evtchn_port_ops_fifo;

/** d's port operations (read once: EVTCHNOP_init_control and reset switch them). */
const struct evtchn_port_ops *evtchn_ops(const struct domain *d);

/** The vCPU that port's events notify, or NULL if it does not exist. */
struct vcpu *evtchn_notify_vcpu(struct domain *d, const struct evtchn *ch);

/** Raise v's upcall flag and wake it (an ABI found a new event for it). */
void evtchn_vcpu_notify(struct vcpu *v);

/*
 * The FIFO ABI's hypercalls (event_fifo.c), called with the domain's
 * evtchn_lock held, arguments copied in.
 */

/** EVTCHNOP_init_control: v's control block; the first one switches d to FIFO. */
long evtchn_fifo_init_control(struct domain *d, struct evtchn_init_control *ic);
/** EVTCHNOP_expand_array: one more page of event words. */
long evtchn_fifo_expand_array(struct domain *d, const struct evtchn_expand_array *ea);
/** EVTCHNOP_set_priority of a port (d on FIFO). */
long evtchn_fifo_set_priority(struct domain *d, unsigned int port, unsigned int priority);
/**
 * Back to 2-level: drop the event array and control blocks, releasing the
 * references held on their frames (EVTCHNOP_reset, domain destruction).
 */
void evtchn_fifo_destroy(struct domain *d);

#endif /* XEN_EVENT_H */
