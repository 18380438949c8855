/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channels, 2-level ABI: ports whose pending and mask bits live in
 * shared_info, selected per vCPU through evtchn_pending_sel, signalled by an
 * upcall. Ports are unbound, interdomain, virq or ipi. (PIRQs come with
 * device interrupts.)
 *
 * Locking: d->evtchn_lock protects d's port table; interdomain binds take the
 * lock of the lower domain id first.
 */
#include <public/event_channel.h>
#include <public/xen.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/string.h>
#include <xen/xmalloc.h>

enum evtchn_state { ECS_FREE, ECS_UNBOUND, ECS_INTERDOMAIN, ECS_PIRQ, ECS_VIRQ, ECS_IPI };

struct evtchn {
    uint8_t state;
    uint16_t notify_vcpu;
    domid_t remote_domid;      /* unbound: who may bind */
    struct domain *remote_dom; /* interdomain */
    uint32_t remote_port;      /* interdomain */
    uint32_t virq;
};

#define BITS_PER_WORD (sizeof(xen_ulong_t) * 8)

int evtchn_init(struct domain *d)
{
    spin_lock_init(&d->evtchn_lock);
    d->evtchn = xzalloc_array(struct evtchn, NR_EVENT_CHANNELS);
    if ( d->evtchn == NULL )
        return -ENOMEM;
    d->evtchn[0].state = ECS_FREE; /* port 0 is never handed out */
    return 0;
}

static bool port_valid(const struct domain *d, unsigned int port)
{
    return port < NR_EVENT_CHANNELS && d->evtchn != NULL;
}

bool evtchn_port_is_bound(const struct domain *d, unsigned int port)
{
    return port_valid(d, port) && d->evtchn[port].state != ECS_FREE;
}

bool evtchn_port_is_pending(const struct domain *d, unsigned int port)
{
    return port_valid(d, port) &&
           (__atomic_load_n(&d->shared_info->evtchn_pending[port / BITS_PER_WORD],
                            __ATOMIC_SEQ_CST) >>
            (port % BITS_PER_WORD)) &
               1;
}

static int alloc_port(struct domain *d)
{
    for ( unsigned int p = 1; p < NR_EVENT_CHANNELS; p++ )
        if ( d->evtchn[p].state == ECS_FREE )
            return (int)p;
    return -ENOSPC;
}

static bool test_and_set(xen_ulong_t *word, unsigned int bit)
{
    xen_ulong_t m = (xen_ulong_t)1 << bit;

    return __atomic_fetch_or(word, m, __ATOMIC_SEQ_CST) & m;
}

static void vcpu_mark_events_pending(struct vcpu *v)
{
    if ( __atomic_exchange_n(&v->vcpu_info->evtchn_upcall_pending, 1, __ATOMIC_SEQ_CST) )
        return;
    vcpu_wake(v);
}

void evtchn_set_pending(struct domain *d, unsigned int port)
{
    struct shared_info *s = d->shared_info;
    struct evtchn *ch = &d->evtchn[port];
    struct vcpu *v = ch->notify_vcpu < d->max_vcpus ? d->vcpu[ch->notify_vcpu] : NULL;
    unsigned int word = port / BITS_PER_WORD, bit = port % BITS_PER_WORD;

    if ( v == NULL || test_and_set(&s->evtchn_pending[word], bit) )
        return;
    if ( !(__atomic_load_n(&s->evtchn_mask[word], __ATOMIC_SEQ_CST) & ((xen_ulong_t)1 << bit)) &&
         !test_and_set(&v->vcpu_info->evtchn_pending_sel, word) )
        vcpu_mark_events_pending(v);
    /* A vCPU polling wakes on any of its ports, masked or not. */
    if ( v->polling )
    {
        v->polling = false;
        vcpu_wake(v);
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

static long evtchn_close(struct domain *d, unsigned int port)
{
    struct evtchn *ch;

    if ( !port_valid(d, port) || port == 0 )
        return -EINVAL;
    ch = &d->evtchn[port];
    switch ( ch->state )
    {
    case ECS_FREE:
        return -EINVAL;
    case ECS_VIRQ:
        if ( ch->notify_vcpu < d->max_vcpus && d->vcpu[ch->notify_vcpu] )
            d->vcpu[ch->notify_vcpu]->virq_to_evtchn[ch->virq] = 0;
        break;
    case ECS_INTERDOMAIN:
    {
        /* The other end goes back to waiting for this domain. */
        struct evtchn *peer = &ch->remote_dom->evtchn[ch->remote_port];

        peer->state = ECS_UNBOUND;
        peer->remote_domid = d->domain_id;
        peer->remote_dom = NULL;
        break;
    }
    default:
        break;
    }
    ch->state = ECS_FREE;
    ch->notify_vcpu = 0;
    return 0;
}

long do_event_channel_op(int cmd, uint64_t arg);

long do_event_channel_op(int cmd, uint64_t arg)
{
    struct domain *d = current->domain;
    unsigned long flags;
    long rc = 0;

    switch ( cmd )
    {
    case EVTCHNOP_alloc_unbound:
    {
        struct evtchn_alloc_unbound a;
        int port;

        if ( copy_from_guest(&a, arg, sizeof(a)) )
            return -EFAULT;
        if ( a.dom != DOMID_SELF && a.dom != d->domain_id )
            return -EPERM; /* on behalf of another domain: the toolstack's, later */
        flags = spin_lock_irqsave(&d->evtchn_lock);
        port = alloc_port(d);
        if ( port > 0 )
        {
            d->evtchn[port].state = ECS_UNBOUND;
            d->evtchn[port].remote_domid = a.remote_dom == DOMID_SELF ? d->domain_id : a.remote_dom;
            d->evtchn[port].notify_vcpu = 0;
            a.port = (evtchn_port_t)port;
        }
        spin_unlock_irqrestore(&d->evtchn_lock, flags);
        if ( port < 0 )
            return port;
        return copy_to_guest(arg, &a, sizeof(a)) ? -EFAULT : 0;
    }
    case EVTCHNOP_bind_interdomain:
    {
        struct evtchn_bind_interdomain b;
        struct domain *rd;
        struct evtchn *rch;
        int port;

        if ( copy_from_guest(&b, arg, sizeof(b)) )
            return -EFAULT;
        rd = b.remote_dom == DOMID_SELF ? d : domain_lookup(b.remote_dom);
        if ( rd == NULL )
            return -ESRCH;
        if ( !port_valid(rd, b.remote_port) || b.remote_port == 0 )
            return -EINVAL;
        flags = spin_lock_irqsave(&d->evtchn_lock);
        rch = &rd->evtchn[b.remote_port];
        if ( rch->state != ECS_UNBOUND || rch->remote_domid != d->domain_id )
            rc = -EINVAL;
        else if ( (port = alloc_port(d)) < 0 )
            rc = port;
        else
        {
            struct evtchn *lch = &d->evtchn[port];

            lch->state = ECS_INTERDOMAIN;
            lch->remote_dom = rd;
            lch->remote_port = b.remote_port;
            lch->notify_vcpu = 0;
            rch->state = ECS_INTERDOMAIN;
            rch->remote_dom = d;
            rch->remote_port = (uint32_t)port;
            b.local_port = (evtchn_port_t)port;
            /* As Xen does: the new connection starts pending on our side. */
            evtchn_set_pending(d, (unsigned int)port);
        }
        spin_unlock_irqrestore(&d->evtchn_lock, flags);
        if ( rc )
            return rc;
        return copy_to_guest(arg, &b, sizeof(b)) ? -EFAULT : 0;
    }
    case EVTCHNOP_bind_virq:
    {
        struct evtchn_bind_virq b;
        struct vcpu *v;
        int port;

        if ( copy_from_guest(&b, arg, sizeof(b)) )
            return -EFAULT;
        if ( b.virq >= NR_VIRQS )
            return -EINVAL;
        if ( b.vcpu >= d->max_vcpus || (v = d->vcpu[b.vcpu]) == NULL )
            return -ENOENT;
        flags = spin_lock_irqsave(&d->evtchn_lock);
        if ( v->virq_to_evtchn[b.virq] )
            rc = -EEXIST;
        else if ( (port = alloc_port(d)) < 0 )
            rc = port;
        else
        {
            d->evtchn[port].state = ECS_VIRQ;
            d->evtchn[port].virq = b.virq;
            d->evtchn[port].notify_vcpu = (uint16_t)b.vcpu;
            v->virq_to_evtchn[b.virq] = (uint32_t)port;
            b.port = (evtchn_port_t)port;
        }
        spin_unlock_irqrestore(&d->evtchn_lock, flags);
        if ( rc )
            return rc;
        return copy_to_guest(arg, &b, sizeof(b)) ? -EFAULT : 0;
    }
    case EVTCHNOP_bind_ipi:
    {
        struct evtchn_bind_ipi b;
        int port;

        if ( copy_from_guest(&b, arg, sizeof(b)) )
            return -EFAULT;
        if ( b.vcpu >= d->max_vcpus || d->vcpu[b.vcpu] == NULL )
            return -ENOENT;
        flags = spin_lock_irqsave(&d->evtchn_lock);
        if ( (port = alloc_port(d)) < 0 )
            rc = port;
        else
        {
            d->evtchn[port].state = ECS_IPI;
            d->evtchn[port].notify_vcpu = (uint16_t)b.vcpu;
            b.port = (evtchn_port_t)port;
        }
        spin_unlock_irqrestore(&d->evtchn_lock, flags);
        if ( rc )
            return rc;
        return copy_to_guest(arg, &b, sizeof(b)) ? -EFAULT : 0;
    }
    case EVTCHNOP_close:
    {
        struct evtchn_close c;

        if ( copy_from_guest(&c, arg, sizeof(c)) )
            return -EFAULT;
        flags = spin_lock_irqsave(&d->evtchn_lock);
        rc = evtchn_close(d, c.port);
        spin_unlock_irqrestore(&d->evtchn_lock, flags);
        return rc;
    }
    case EVTCHNOP_send:
    {
        struct evtchn_send snd;
        struct evtchn *ch;

        if ( copy_from_guest(&snd, arg, sizeof(snd)) )
            return -EFAULT;
        if ( !port_valid(d, snd.port) )
            return -EINVAL;
        flags = spin_lock_irqsave(&d->evtchn_lock);
        ch = &d->evtchn[snd.port];
        if ( ch->state == ECS_INTERDOMAIN )
            evtchn_set_pending(ch->remote_dom, ch->remote_port);
        else if ( ch->state == ECS_IPI )
            evtchn_set_pending(d, snd.port);
        else if ( ch->state != ECS_UNBOUND )
            rc = -EINVAL;
        spin_unlock_irqrestore(&d->evtchn_lock, flags);
        return rc;
    }
    case EVTCHNOP_status:
    {
        struct evtchn_status st;
        struct evtchn *ch;

        if ( copy_from_guest(&st, arg, sizeof(st)) )
            return -EFAULT;
        if ( st.dom != DOMID_SELF && st.dom != d->domain_id )
            return -EPERM;
        if ( !port_valid(d, st.port) )
            return -EINVAL;
        ch = &d->evtchn[st.port];
        memset(&st.u, 0, sizeof(st.u));
        st.vcpu = ch->notify_vcpu;
        switch ( ch->state )
        {
        case ECS_FREE:
            st.status = EVTCHNSTAT_closed;
            break;
        case ECS_UNBOUND:
            st.status = EVTCHNSTAT_unbound;
            st.u.unbound.dom = ch->remote_domid;
            break;
        case ECS_INTERDOMAIN:
            st.status = EVTCHNSTAT_interdomain;
            st.u.interdomain.dom = ch->remote_dom->domain_id;
            st.u.interdomain.port = ch->remote_port;
            break;
        case ECS_VIRQ:
            st.status = EVTCHNSTAT_virq;
            st.u.virq = ch->virq;
            break;
        case ECS_IPI:
            st.status = EVTCHNSTAT_ipi;
            break;
        default:
            st.status = EVTCHNSTAT_pirq;
            break;
        }
        return copy_to_guest(arg, &st, sizeof(st)) ? -EFAULT : 0;
    }
    case EVTCHNOP_bind_vcpu:
    {
        struct evtchn_bind_vcpu b;
        struct evtchn *ch;

        if ( copy_from_guest(&b, arg, sizeof(b)) )
            return -EFAULT;
        if ( !port_valid(d, b.port) )
            return -EINVAL;
        if ( b.vcpu >= d->max_vcpus || d->vcpu[b.vcpu] == NULL )
            return -ENOENT;
        ch = &d->evtchn[b.port];
        if ( ch->state == ECS_FREE || ch->state == ECS_IPI ||
             (ch->state == ECS_VIRQ && ch->virq == VIRQ_TIMER) )
            return -EINVAL; /* per-vCPU by nature */
        ch->notify_vcpu = (uint16_t)b.vcpu;
        return 0;
    }
    case EVTCHNOP_unmask:
    {
        struct evtchn_unmask u;
        struct shared_info *s = d->shared_info;
        unsigned int word, bit;
        struct vcpu *v;

        if ( copy_from_guest(&u, arg, sizeof(u)) )
            return -EFAULT;
        if ( !port_valid(d, u.port) )
            return -EINVAL;
        word = u.port / BITS_PER_WORD;
        bit = u.port % BITS_PER_WORD;
        __atomic_fetch_and(&s->evtchn_mask[word], ~((xen_ulong_t)1 << bit), __ATOMIC_SEQ_CST);
        v = d->vcpu[d->evtchn[u.port].notify_vcpu < d->max_vcpus ? d->evtchn[u.port].notify_vcpu
                                                                 : 0];
        /* A port pending while masked notifies now. */
        if ( v &&
             (__atomic_load_n(&s->evtchn_pending[word], __ATOMIC_SEQ_CST) &
              ((xen_ulong_t)1 << bit)) &&
             !test_and_set(&v->vcpu_info->evtchn_pending_sel, word) )
            vcpu_mark_events_pending(v);
        return 0;
    }
    default:
        return -ENOSYS;
    }
}
