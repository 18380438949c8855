/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channels: the event_channel_op hypercall and each domain's port
 * table. Where a port's pending and mask bits live is the business of the
 * domain's ABI (xen/event.h: 2-level in event_2l.c, FIFO in event_fifo.c),
 * reached through its port operations. Ports are unbound, interdomain (also from a domain to
 * itself), virq (per-vCPU or global), ipi, or pirq (a device interrupt the domain mapped with
 * physdev_op, raised by the arch's interrupt code). A domain's valid ports
 * grow in buckets of 64, as Xen's do: a port beyond the last bucket handed out
 * is -EINVAL.
 *
 * Locking: d->evtchn_lock protects d's port table; an operation on an
 * interdomain channel between two domains takes both locks, the lower domain
 * id first. evtchn_set_pending() takes no lock of ours (the ABI's own, if
 * any: the FIFO one's evtchn_fifo_lock nests inside every other lock). The
 * arch's irq_lock (arch_pirq_bind/unbind) nests inside evtchn_lock.
 */
#include <xen/types.h> /* before the public headers, which use its types */

#include <public/event_channel.h>
#include <public/xen.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/guest_access.h>
#include <xen/guest_console.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/string.h>
#include <xen/xmalloc.h>

#define VIRQ_XENPMU 13   /* per-vCPU, like VIRQ_XENOPROF */
#define NR_PIRQS    1024 /* PIRQ numbers a domain may name */

int evtchn_init(struct domain *d)
{
    spin_lock_init(&d->evtchn_lock);
    spin_lock_init(&d->evtchn_fifo_lock);
    d->evtchn_port_ops = &evtchn_port_ops_2l;
    d->evtchn = xzalloc_array(struct evtchn *, EVTCHN_MAX_PORTS / EVTCHN_PORTS_PER_BUCKET);
    if ( d->evtchn == NULL ||
         (d->evtchn[0] = xzalloc_array(struct evtchn, EVTCHN_PORTS_PER_BUCKET)) == NULL )
    {
        xfree(d->evtchn);
        d->evtchn = NULL;
        return -ENOMEM;
    }
    d->valid_evtchns = EVTCHN_PORTS_PER_BUCKET; /* port 0 is never handed out */
    return 0;
}

void evtchn_free(struct domain *d)
{
    for ( unsigned int i = 0; d->evtchn && i < EVTCHN_MAX_PORTS / EVTCHN_PORTS_PER_BUCKET; i++ )
        xfree(d->evtchn[i]);
    xfree(d->evtchn);
    d->evtchn = NULL;
}

static bool port_valid(const struct domain *d, unsigned int port)
{
    return d->evtchn != NULL && port < __atomic_load_n(&d->valid_evtchns, __ATOMIC_SEQ_CST);
}

bool evtchn_port_is_valid(const struct domain *d, unsigned int port)
{
    return port_valid(d, port);
}

const struct evtchn_port_ops *evtchn_ops(const struct domain *d)
{
    const struct evtchn_port_ops *ops = __atomic_load_n(&d->evtchn_port_ops, __ATOMIC_SEQ_CST);

    return ops ? ops : &evtchn_port_ops_2l;
}

bool evtchn_port_is_pending(const struct domain *d, unsigned int port)
{
    return port_valid(d, port) && evtchn_ops(d)->is_pending(d, port);
}

/*
 * Forget what ch is bound to. The FIFO fields stay: the port may still be on
 * a queue, whose next link must find where it was linked (event_fifo.c).
 */
static void unbind(struct evtchn *ch)
{
    memset(ch, 0, offsetof(struct evtchn, priority));
}

/*
 * A free port of d, growing the valid range by a bucket if needed, set up as
 * a fresh port in state (the caller fills in the rest). Lock held.
 */
static int alloc_port(struct domain *d, uint8_t state)
{
    const struct evtchn_port_ops *ops = evtchn_ops(d);
    unsigned int p, end = d->valid_evtchns < ops->nr_ports ? d->valid_evtchns : ops->nr_ports;
    struct evtchn *ch;

    if ( d->is_dying != DOMDYING_alive )
        return -EINVAL; /* being destroyed: its ports are closing for good */
    for ( p = 1; p < end; p++ )
        if ( evtchn_from_port(d, p)->state == ECS_FREE && !ops->is_busy(d, p) )
            break;
    if ( p == end )
    {
        struct evtchn *bucket;

        if ( p >= ops->nr_ports )
            return -ENOSPC;
        /* A new bucket: its pointer is visible before the ports it holds are valid. */
        if ( (bucket = xzalloc_array(struct evtchn, EVTCHN_PORTS_PER_BUCKET)) == NULL )
            return -ENOMEM;
        __atomic_store_n(&d->evtchn[p / EVTCHN_PORTS_PER_BUCKET], bucket, __ATOMIC_SEQ_CST);
        __atomic_store_n(&d->valid_evtchns, p + EVTCHN_PORTS_PER_BUCKET, __ATOMIC_SEQ_CST);
    }
    ch = evtchn_from_port(d, p);
    unbind(ch);
    ch->state = state;
    ch->priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
    return (int)p;
}

void evtchn_vcpu_notify(struct vcpu *v)
{
    if ( __atomic_exchange_n(&v->vcpu_info->evtchn_upcall_pending, 1, __ATOMIC_SEQ_CST) )
        return;
    vcpu_wake(v);
}

struct vcpu *evtchn_notify_vcpu(struct domain *d, const struct evtchn *ch)
{
    return ch->notify_vcpu < d->max_vcpus ? d->vcpu[ch->notify_vcpu] : NULL;
}

void evtchn_set_pending(struct domain *d, unsigned int port)
{
    if ( !evtchn_ops(d)->set_pending(d, port) )
        return;
    /*
     * Wake d's vCPUs polling for this port, masked or not: those polling for it
     * alone, and those polling several ports (they look again), as Xen does.
     */
    for ( unsigned int i = 0; i < d->max_vcpus; i++ )
    {
        struct vcpu *p = d->vcpu[i];

        if ( p && __atomic_load_n(&p->polling, __ATOMIC_SEQ_CST) &&
             (p->poll_port < 0 || p->poll_port == (int)port) &&
             __atomic_exchange_n(&p->polling, false, __ATOMIC_SEQ_CST) )
            vcpu_wake(p);
    }
}

bool send_guest_vcpu_virq(struct vcpu *v, unsigned int virq)
{
    uint32_t port = virq < NR_VIRQS ? v->virq_to_evtchn[virq] : 0;

    if ( port == 0 )
        return false;
    evtchn_set_pending(v->domain, port);
    return true;
}

bool send_guest_global_virq(struct domain *d, unsigned int virq)
{
    return d->max_vcpus && d->vcpu[0] && send_guest_vcpu_virq(d->vcpu[0], virq);
}

/* Whether virq is delivered to one vCPU the guest chooses (else: each vCPU its own). */
static bool virq_is_global(unsigned int virq)
{
    return virq != VIRQ_TIMER && virq != VIRQ_DEBUG && virq != VIRQ_XENOPROF && virq != VIRQ_XENPMU;
}

/* ---- locking one or two domains ---- */

static unsigned long lock_two(struct domain *a, struct domain *b)
{
    unsigned long flags = arch_irq_save();

    if ( a == b )
        spin_lock(&a->evtchn_lock);
    else
    {
        spin_lock(a->domain_id < b->domain_id ? &a->evtchn_lock : &b->evtchn_lock);
        spin_lock(a->domain_id < b->domain_id ? &b->evtchn_lock : &a->evtchn_lock);
    }
    return flags;
}

static void unlock_two(struct domain *a, struct domain *b, unsigned long flags)
{
    spin_unlock(&a->evtchn_lock);
    if ( a != b )
        spin_unlock(&b->evtchn_lock);
    arch_irq_restore(flags);
}

/*
 * Lock d and, when port (valid) is an interdomain channel, its peer domain
 * too, so that the channel cannot change under us. Returns the second domain
 * locked (d itself when there is none) for unlock_two().
 */
static struct domain *lock_port(struct domain *d, unsigned int port, unsigned long *flags)
{
    const struct evtchn *ch = evtchn_from_port(d, port);

    for ( ;; )
    {
        struct domain *rd;

        *flags = spin_lock_irqsave(&d->evtchn_lock);
        if ( ch->state != ECS_INTERDOMAIN || ch->remote_dom == d )
            return d;
        rd = ch->remote_dom;
        spin_unlock_irqrestore(&d->evtchn_lock, *flags);
        *flags = lock_two(d, rd);
        if ( ch->state == ECS_INTERDOMAIN && ch->remote_dom == rd )
            return rd;
        unlock_two(d, rd, *flags);
    }
}

/* The domain a request names: the caller, or another one if the caller is privileged. */
static long target_domain(domid_t dom, struct domain **out)
{
    struct domain *self = current->domain;

    if ( dom == DOMID_SELF || dom == self->domain_id )
        *out = self;
    else if ( (*out = domain_lookup(dom)) == NULL )
        return -ESRCH;
    else if ( !self->is_privileged )
        return -EPERM;
    return 0;
}

/* ---- the operations ---- */

/* Close port of d; d's lock held, and its peer's if it is interdomain (lock_port). */
static long close_locked(struct domain *d, unsigned int port)
{
    struct evtchn *ch = evtchn_from_port(d, port);

    switch ( ch->state )
    {
    case ECS_FREE:
        return -EINVAL;
    case ECS_VIRQ:
        if ( ch->virq_vcpu < d->max_vcpus && d->vcpu[ch->virq_vcpu] )
            d->vcpu[ch->virq_vcpu]->virq_to_evtchn[ch->virq] = 0;
        break;
    case ECS_INTERDOMAIN:
    {
        /* The other end goes back to waiting for this domain. */
        struct evtchn *peer = evtchn_from_port(ch->remote_dom, ch->remote_port);

        peer->state = ECS_UNBOUND;
        peer->remote_domid = d->domain_id;
        peer->remote_dom = NULL;
        break;
    }
    case ECS_PIRQ:
        arch_pirq_unbind(d, ch->pirq);
        break;
    default:
        break;
    }
    /* A closed port keeps no event: a later user of the number starts clean. */
    evtchn_ops(d)->clear_pending(d, port);
    unbind(ch);
    return 0;
}

static long evtchn_close(struct domain *d, unsigned int port)
{
    struct domain *rd;
    unsigned long flags;
    long rc;

    if ( !port_valid(d, port) || port == 0 )
        return -EINVAL;
    rd = lock_port(d, port, &flags);
    rc = close_locked(d, port);
    unlock_two(d, rd, flags);
    return rc;
}

/* Drop d's FIFO state, if any (under our lock: init_control may not run meanwhile). */
static void fifo_destroy(struct domain *d)
{
    unsigned long flags = spin_lock_irqsave(&d->evtchn_lock);

    evtchn_fifo_destroy(d);
    spin_unlock_irqrestore(&d->evtchn_lock, flags);
}

void evtchn_destroy(struct domain *d)
{
    /* alloc_port() refuses d now that it is dying: the ports only close. */
    for ( unsigned int port = 1; port_valid(d, port); port++ )
    {
        unsigned long flags;
        struct domain *rd = lock_port(d, port, &flags);

        if ( evtchn_from_port(d, port)->state != ECS_FREE )
            close_locked(d, port);
        unlock_two(d, rd, flags);
    }
    fifo_destroy(d);
}

static long evtchn_alloc_unbound(struct evtchn_alloc_unbound *a)
{
    struct domain *d;
    unsigned long flags;
    long rc = target_domain(a->dom, &d);
    int port;

    if ( rc )
        return rc;
    flags = spin_lock_irqsave(&d->evtchn_lock);
    port = alloc_port(d, ECS_UNBOUND);
    if ( port > 0 )
    {
        evtchn_from_port(d, port)->remote_domid =
            a->remote_dom == DOMID_SELF ? current->domain->domain_id : a->remote_dom;
        a->port = (evtchn_port_t)port;
    }
    spin_unlock_irqrestore(&d->evtchn_lock, flags);
    return port < 0 ? port : 0;
}

int evtchn_alloc_xen_unbound(struct domain *d, domid_t remote)
{
    unsigned long flags = spin_lock_irqsave(&d->evtchn_lock);
    int port = alloc_port(d, ECS_UNBOUND);

    if ( port > 0 )
    {
        evtchn_from_port(d, port)->remote_domid = remote;
        evtchn_from_port(d, port)->xen_consumer = true;
    }
    spin_unlock_irqrestore(&d->evtchn_lock, flags);
    return port;
}

static long evtchn_bind_interdomain(struct evtchn_bind_interdomain *b)
{
    struct domain *d = current->domain, *rd;
    struct evtchn *rch;
    unsigned long flags;
    long rc = 0;
    int port;

    rd = b->remote_dom == DOMID_SELF ? d : domain_lookup(b->remote_dom);
    if ( rd == NULL )
        return -ESRCH;
    if ( !port_valid(rd, b->remote_port) || b->remote_port == 0 )
        return -EINVAL;
    flags = lock_two(d, rd);
    rch = evtchn_from_port(rd, b->remote_port);
    if ( rch->state != ECS_UNBOUND || rch->remote_domid != d->domain_id )
        rc = -EINVAL;
    else if ( (port = alloc_port(d, ECS_INTERDOMAIN)) < 0 )
        rc = port;
    else
    {
        evtchn_from_port(d, port)->remote_dom = rd;
        evtchn_from_port(d, port)->remote_port = b->remote_port;
        rch->state = ECS_INTERDOMAIN;
        rch->remote_dom = d;
        rch->remote_port = (uint32_t)port;
        b->local_port = (evtchn_port_t)port;
        /* As Xen does: the new connection starts pending on our side. */
        evtchn_set_pending(d, (unsigned int)port);
    }
    unlock_two(d, rd, flags);
    return rc;
}

static long evtchn_bind_virq(struct evtchn_bind_virq *b)
{
    struct domain *d = current->domain;
    struct vcpu *v;
    unsigned long flags;
    long rc = 0;
    int port;

    if ( b->virq >= NR_VIRQS )
        return -EINVAL;
    if ( virq_is_global(b->virq) && b->vcpu != 0 )
        return -EINVAL; /* a global VIRQ is bound on vCPU 0, then moved with bind_vcpu */
    if ( b->vcpu >= d->max_vcpus || (v = d->vcpu[b->vcpu]) == NULL )
        return -ENOENT;
    flags = spin_lock_irqsave(&d->evtchn_lock);
    if ( v->virq_to_evtchn[b->virq] )
        rc = -EEXIST;
    else if ( (port = alloc_port(d, ECS_VIRQ)) < 0 )
        rc = port;
    else
    {
        evtchn_from_port(d, port)->virq = b->virq;
        evtchn_from_port(d, port)->notify_vcpu = (uint16_t)b->vcpu;
        evtchn_from_port(d, port)->virq_vcpu = (uint16_t)b->vcpu;
        v->virq_to_evtchn[b->virq] = (uint32_t)port;
        b->port = (evtchn_port_t)port;
    }
    spin_unlock_irqrestore(&d->evtchn_lock, flags);
    return rc;
}

static long evtchn_bind_ipi(struct evtchn_bind_ipi *b)
{
    struct domain *d = current->domain;
    unsigned long flags;
    int port;

    if ( b->vcpu >= d->max_vcpus || d->vcpu[b->vcpu] == NULL )
        return -ENOENT;
    flags = spin_lock_irqsave(&d->evtchn_lock);
    port = alloc_port(d, ECS_IPI);
    if ( port > 0 )
    {
        evtchn_from_port(d, port)->notify_vcpu = (uint16_t)b->vcpu;
        b->port = (evtchn_port_t)port;
    }
    spin_unlock_irqrestore(&d->evtchn_lock, flags);
    return port < 0 ? port : 0;
}

static long evtchn_bind_pirq(struct evtchn_bind_pirq *b)
{
    struct domain *d = current->domain;
    unsigned long flags;
    int port;
    long rc;

    if ( b->pirq >= NR_PIRQS )
        return -EINVAL;
    flags = spin_lock_irqsave(&d->evtchn_lock);
    rc = port = alloc_port(d, ECS_FREE); /* claimed only once the pirq is bound */
    /* A pirq the domain has not mapped (PHYSDEVOP_map_pirq) is -EPERM, as Xen answers. */
    if ( port > 0 && (rc = arch_pirq_bind(d, b->pirq, (unsigned int)port,
                                          b->flags & BIND_PIRQ__WILL_SHARE)) == 0 )
    {
        evtchn_from_port(d, port)->state = ECS_PIRQ;
        evtchn_from_port(d, port)->pirq = b->pirq;
        b->port = (evtchn_port_t)port;
    }
    spin_unlock_irqrestore(&d->evtchn_lock, flags);
    return rc;
}

static long evtchn_send(unsigned int port)
{
    struct domain *d = current->domain, *rd;
    struct evtchn *ch;
    unsigned long flags;
    bool kick_console = false;
    long rc = 0;

    if ( !port_valid(d, port) )
        return -EINVAL;
    rd = lock_port(d, port, &flags);
    ch = evtchn_from_port(d, port);
    if ( ch->state == ECS_INTERDOMAIN )
        evtchn_set_pending(ch->remote_dom, ch->remote_port);
    else if ( ch->state == ECS_IPI )
        evtchn_set_pending(d, port);
    else if ( ch->state == ECS_UNBOUND ) /* dropped, unless the hypervisor serves the port */
        kick_console = ch->xen_consumer;
    else
        rc = -EINVAL;
    unlock_two(d, rd, flags);
    if ( kick_console )
        guest_console_kick(d);
    return rc;
}

static long evtchn_status(struct evtchn_status *st)
{
    struct domain *d, *rd;
    struct evtchn *ch;
    unsigned long flags;
    long rc = target_domain(st->dom, &d);

    if ( rc )
        return rc;
    if ( !port_valid(d, st->port) )
        return -EINVAL;
    rd = lock_port(d, st->port, &flags);
    ch = evtchn_from_port(d, st->port);
    memset(&st->u, 0, sizeof(st->u));
    st->vcpu = ch->notify_vcpu;
    switch ( ch->state )
    {
    case ECS_FREE:
        st->status = EVTCHNSTAT_closed;
        break;
    case ECS_UNBOUND:
        st->status = EVTCHNSTAT_unbound;
        st->u.unbound.dom = ch->remote_domid;
        break;
    case ECS_INTERDOMAIN:
        st->status = EVTCHNSTAT_interdomain;
        st->u.interdomain.dom = ch->remote_dom->domain_id;
        st->u.interdomain.port = ch->remote_port;
        break;
    case ECS_VIRQ:
        st->status = EVTCHNSTAT_virq;
        st->u.virq = ch->virq;
        break;
    case ECS_IPI:
        st->status = EVTCHNSTAT_ipi;
        break;
    default:
        st->status = EVTCHNSTAT_pirq;
        st->u.pirq = ch->pirq;
        break;
    }
    unlock_two(d, rd, flags);
    return 0;
}

static long evtchn_bind_vcpu(const struct evtchn_bind_vcpu *b)
{
    struct domain *d = current->domain;
    struct evtchn *ch;
    unsigned long flags;
    long rc = 0;

    if ( b->vcpu >= d->max_vcpus || d->vcpu[b->vcpu] == NULL )
        return -ENOENT;
    if ( !port_valid(d, b->port) )
        return -EINVAL;
    flags = spin_lock_irqsave(&d->evtchn_lock);
    ch = evtchn_from_port(d, b->port);
    switch ( ch->state )
    {
    case ECS_VIRQ:
        if ( virq_is_global(ch->virq) )
            ch->notify_vcpu = (uint16_t)b->vcpu;
        else
            rc = -EINVAL; /* per-vCPU by nature */
        break;
    case ECS_UNBOUND:
    case ECS_INTERDOMAIN:
    case ECS_PIRQ:
        ch->notify_vcpu = (uint16_t)b->vcpu;
        break;
    default:
        rc = -EINVAL; /* closed, or an IPI (bound to its vCPU) */
        break;
    }
    spin_unlock_irqrestore(&d->evtchn_lock, flags);
    return rc;
}

static long evtchn_unmask(unsigned int port)
{
    struct domain *d = current->domain;

    if ( !port_valid(d, port) )
        return -EINVAL;
    evtchn_ops(d)->unmask(d, port);
    return 0;
}

/* EVTCHNOP_init_control, expand_array: the FIFO ABI's pages, under our lock. */
static long evtchn_init_control(struct evtchn_init_control *ic)
{
    struct domain *d = current->domain;
    unsigned long flags = spin_lock_irqsave(&d->evtchn_lock);
    long rc = evtchn_fifo_init_control(d, ic);

    spin_unlock_irqrestore(&d->evtchn_lock, flags);
    return rc;
}

static long evtchn_expand_array(const struct evtchn_expand_array *ea)
{
    struct domain *d = current->domain;
    unsigned long flags = spin_lock_irqsave(&d->evtchn_lock);
    long rc = evtchn_fifo_expand_array(d, ea);

    spin_unlock_irqrestore(&d->evtchn_lock, flags);
    return rc;
}

/* EVTCHNOP_set_priority: the 2-level ABI has no priorities (-ENOSYS, as Xen). */
static long evtchn_set_priority(const struct evtchn_set_priority *sp)
{
    struct domain *d = current->domain;
    unsigned long flags;
    long rc;

    if ( !port_valid(d, sp->port) )
        return -EINVAL;
    flags = spin_lock_irqsave(&d->evtchn_lock);
    if ( evtchn_ops(d) != &evtchn_port_ops_fifo )
        rc = -ENOSYS;
    else
        rc = evtchn_fifo_set_priority(d, sp->port, sp->priority);
    spin_unlock_irqrestore(&d->evtchn_lock, flags);
    return rc;
}

/* EVTCHNOP_reset: close every port of a domain (the caller's own; another one must be paused). */
static long evtchn_reset(const struct evtchn_reset *r)
{
    struct domain *d;
    long rc = target_domain(r->dom, &d);

    if ( rc )
        return rc;
    if ( d != current->domain )
        return -EINVAL; /* as Xen for a domain that is not paused: no domctl pause yet */
    for ( unsigned int port = 1; port_valid(d, port); port++ )
        evtchn_close(d, port);
    fifo_destroy(d); /* back to 2-level, as Xen does for DOMID_SELF */
    return 0;
}

long do_event_channel_op(int cmd, uint64_t arg);

/* Copy the argument in and run the worker; with out, copy it back if it succeeded. */
#define EVTCHN_OP(type, call, out)                                      \
    do                                                                  \
    {                                                                   \
        type op;                                                        \
        long rc_;                                                       \
                                                                        \
        if ( copy_from_guest(&op, arg, sizeof(op)) )                    \
            return -EFAULT;                                             \
        rc_ = call;                                                     \
        if ( (out) && rc_ == 0 && copy_to_guest(arg, &op, sizeof(op)) ) \
            return -EFAULT;                                             \
        return rc_;                                                     \
    } while ( 0 )

long do_event_channel_op(int cmd, uint64_t arg)
{
    switch ( cmd )
    {
    case EVTCHNOP_alloc_unbound:
        EVTCHN_OP(struct evtchn_alloc_unbound, evtchn_alloc_unbound(&op), true);
    case EVTCHNOP_bind_interdomain:
        EVTCHN_OP(struct evtchn_bind_interdomain, evtchn_bind_interdomain(&op), true);
    case EVTCHNOP_bind_virq:
        EVTCHN_OP(struct evtchn_bind_virq, evtchn_bind_virq(&op), true);
    case EVTCHNOP_bind_ipi:
        EVTCHN_OP(struct evtchn_bind_ipi, evtchn_bind_ipi(&op), true);
    case EVTCHNOP_bind_pirq:
        EVTCHN_OP(struct evtchn_bind_pirq, evtchn_bind_pirq(&op), true);
    case EVTCHNOP_close:
        EVTCHN_OP(struct evtchn_close, evtchn_close(current->domain, op.port), false);
    case EVTCHNOP_send:
        EVTCHN_OP(struct evtchn_send, evtchn_send(op.port), false);
    case EVTCHNOP_status:
        EVTCHN_OP(struct evtchn_status, evtchn_status(&op), true);
    case EVTCHNOP_bind_vcpu:
        EVTCHN_OP(struct evtchn_bind_vcpu, evtchn_bind_vcpu(&op), false);
    case EVTCHNOP_unmask:
        EVTCHN_OP(struct evtchn_unmask, evtchn_unmask(op.port), false);
    case EVTCHNOP_reset:
        EVTCHN_OP(struct evtchn_reset, evtchn_reset(&op), false);
    case EVTCHNOP_init_control:
        EVTCHN_OP(struct evtchn_init_control, evtchn_init_control(&op), true);
    case EVTCHNOP_expand_array:
        EVTCHN_OP(struct evtchn_expand_array, evtchn_expand_array(&op), false);
    case EVTCHNOP_set_priority:
        EVTCHN_OP(struct evtchn_set_priority, evtchn_set_priority(&op), false);
    default:
        return -ENOSYS;
    }
}
