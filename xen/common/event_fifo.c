/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The FIFO event-channel ABI (public/event_channel.h): event words in pages
 * the guest hands over (EVTCHNOP_expand_array), a control block per vCPU
 * (EVTCHNOP_init_control), and per vCPU one queue per priority, chained
 * through the LINK fields of the guest-visible words.
 *
 * The guest may rewrite any of those words at any moment, so: a word is only
 * reached through word_of(), NULL for a port beyond the array; a raise only
 * touches the raised port's word, the tail word of one queue and one control
 * block; every compare-and-exchange loop gives up after a few tries (the
 * guest then loses its own event, nothing else); no chain the guest built is
 * ever walked. The frames are held with a general and a writable-type
 * reference (no page table can become one), dropped by evtchn_fifo_destroy().
 *
 * Locking: d->evtchn_fifo_lock (taken with interrupts off, innermost of all)
 * guards d->evtchn_fifo, the queue tails and each port's fifo_* fields;
 * switching the ABI and adding pages also hold d->evtchn_lock.
 */
#include <xen/types.h> /* before the public headers, which use its types */

#include <public/event_channel.h>
#include <public/grant_table.h>
#include <public/xen.h>
#include <xen/arch.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/grant_table.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <xen/string.h>
#include <xen/xmalloc.h>

#define WORDS_PER_PAGE  (PAGE_SIZE / sizeof(event_word_t))
#define MAX_ARRAY_PAGES (EVTCHN_FIFO_NR_CHANNELS / WORDS_PER_PAGE)
#define LINK_TRIES      4 /* compare-and-exchange attempts before (and after) setting BUSY */

#define EW_PENDING (1U << EVTCHN_FIFO_PENDING)
#define EW_MASKED  (1U << EVTCHN_FIFO_MASKED)
#define EW_LINKED  (1U << EVTCHN_FIFO_LINKED)
#define EW_BUSY    (1U << EVTCHN_FIFO_BUSY)
#define EW_LINK    ((event_word_t)EVTCHN_FIFO_LINK_MASK)

/* A vCPU's side: its control block and the last port linked on each queue. */
struct fifo_vcpu {
    struct evtchn_fifo_control_block *cb; /* NULL until its init_control */
    mfn_t cb_mfn;
    uint32_t tail[EVTCHN_FIFO_MAX_QUEUES]; /* 0: nothing linked by us yet */
};

/** A domain's FIFO state (d->evtchn_fifo). */
struct evtchn_fifo_domain {
    unsigned int nr_pages; /* event array pages [0, nr_pages) exist */
    event_word_t *page[MAX_ARRAY_PAGES];
    mfn_t page_mfn[MAX_ARRAY_PAGES];
    unsigned int nr_vcpus;
    struct fifo_vcpu vcpu[];
};

static unsigned long fifo_lock(const struct domain *d)
{
    return spin_lock_irqsave(&((struct domain *)d)->evtchn_fifo_lock);
}

static void fifo_unlock(const struct domain *d, unsigned long flags)
{
    spin_unlock_irqrestore(&((struct domain *)d)->evtchn_fifo_lock, flags);
}

/* The event word of port, or NULL when its page is not in the array. */
static event_word_t *word_of(const struct evtchn_fifo_domain *f, unsigned int port)
{
    if ( f == NULL || port / WORDS_PER_PAGE >= f->nr_pages )
        return NULL;
    return &f->page[port / WORDS_PER_PAGE][port % WORDS_PER_PAGE];
}

static event_word_t load(const event_word_t *w)
{
    return __atomic_load_n(w, __ATOMIC_SEQ_CST);
}

static bool cmpxchg(event_word_t *w, event_word_t *old, event_word_t new)
{
    return __atomic_compare_exchange_n(w, old, new, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

/*
 * Point the LINK of tail word tw at port, if the guest has not taken it off
 * its queue yet (LINKED still set). After LINK_TRIES failed attempts (the
 * guest changing the word under us) BUSY is set, which holds off a guest
 * unmasking it, for LINK_TRIES more. Whether the link was made.
 */
static bool set_link(event_word_t *tw, unsigned int port)
{
    event_word_t old = load(tw);
    bool linked = false, busy = false;

    for ( unsigned int i = 0; i < 2 * LINK_TRIES; i++ )
    {
        if ( i == LINK_TRIES )
        {
            old = __atomic_fetch_or(tw, EW_BUSY, __ATOMIC_SEQ_CST) | EW_BUSY;
            busy = true;
        }
        if ( !(old & EW_LINKED) )
            break;
        if ( cmpxchg(tw, &old, (old & ~EW_LINK) | port) )
        {
            linked = true;
            break;
        }
    }
    if ( busy )
        __atomic_fetch_and(tw, ~EW_BUSY, __ATOMIC_SEQ_CST);
    return linked;
}

/*
 * Queue port (its word pending, unmasked, not linked) at the tail of its
 * vCPU's queue for its priority. Returns the vCPU to notify (the queue was
 * empty and its ready bit clear), or NULL. Lock held.
 */
static struct vcpu *link_event(struct domain *d, struct evtchn_fifo_domain *f, unsigned int port)
{
    struct evtchn *ch = evtchn_from_port(d, port);
    event_word_t *w = word_of(f, port), old;
    struct vcpu *v = evtchn_notify_vcpu(d, ch);
    struct fifo_vcpu *fv;
    unsigned int prio = ch->priority, t, tries = 0;
    bool linked = false;

    if ( w == NULL || v == NULL || v->vcpu_id >= f->nr_vcpus || !f->vcpu[v->vcpu_id].cb ||
         prio > EVTCHN_FIFO_PRIORITY_MIN )
        return NULL; /* no control block for its vCPU: it stays pending, unqueued */
    fv = &f->vcpu[v->vcpu_id];
    old = load(w);
    for ( ;; )
    {
        if ( !(old & EW_PENDING) || (old & (EW_MASKED | EW_LINKED)) )
            return NULL;
        if ( cmpxchg(w, &old, old | EW_LINKED) )
            break;
        if ( ++tries == LINK_TRIES )
            return NULL; /* the guest keeps rewriting its own word */
    }

    /* Behind the last port we linked on this queue, if the guest still has it queued there. */
    t = fv->tail[prio];
    if ( t != 0 && t != port && evtchn_from_port(d, t)->fifo_last_vcpu == v->vcpu_id &&
         evtchn_from_port(d, t)->fifo_last_priority == prio && word_of(f, t) != NULL )
        linked = set_link(word_of(f, t), port);
    if ( !linked )
        __atomic_store_n(&fv->cb->head[prio], port, __ATOMIC_SEQ_CST);
    fv->tail[prio] = port;
    ch->fifo_last_vcpu = (uint16_t)v->vcpu_id;
    ch->fifo_last_priority = (uint8_t)prio;
    if ( linked ||
         (__atomic_fetch_or(&fv->cb->ready, 1U << prio, __ATOMIC_SEQ_CST) & (1U << prio)) )
        return NULL;
    return v;
}

static bool fifo_set_pending(struct domain *d, unsigned int port)
{
    unsigned long flags = fifo_lock(d);
    struct evtchn_fifo_domain *f = d->evtchn_fifo;
    event_word_t *w = word_of(f, port);
    struct vcpu *notify = NULL;
    bool raised;

    if ( f == NULL )
        raised = false; /* switched back to 2-level under us: the event is lost, as the ABI says */
    else if ( w == NULL )
    {
        /* Its page comes later: expand_array raises it then. */
        raised = !evtchn_from_port(d, port)->fifo_pending;
        evtchn_from_port(d, port)->fifo_pending = true;
    }
    else
    {
        raised = !(__atomic_fetch_or(w, EW_PENDING, __ATOMIC_SEQ_CST) & EW_PENDING);
        notify = link_event(d, f, port);
    }
    fifo_unlock(d, flags);
    if ( notify )
        evtchn_vcpu_notify(notify);
    return raised;
}

static void fifo_clear_pending(struct domain *d, unsigned int port)
{
    unsigned long flags = fifo_lock(d);
    event_word_t *w = word_of(d->evtchn_fifo, port);

    /* A queued word stays queued: the guest finds it not pending and skips it. */
    if ( w )
        __atomic_fetch_and(w, ~EW_PENDING, __ATOMIC_SEQ_CST);
    evtchn_from_port(d, port)->fifo_pending = false;
    fifo_unlock(d, flags);
}

static void fifo_unmask(struct domain *d, unsigned int port)
{
    unsigned long flags = fifo_lock(d);
    struct evtchn_fifo_domain *f = d->evtchn_fifo;
    event_word_t *w = word_of(f, port);
    struct vcpu *notify = NULL;

    if ( w )
    {
        __atomic_fetch_and(w, ~EW_MASKED, __ATOMIC_SEQ_CST);
        notify = link_event(d, f, port); /* if it is pending */
    }
    fifo_unlock(d, flags);
    if ( notify )
        evtchn_vcpu_notify(notify);
}

/* Whether port's word has any of bits; `none` when it has no word. */
static bool word_test(const struct domain *d, unsigned int port, event_word_t bits, bool none)
{
    unsigned long flags = fifo_lock(d);
    const event_word_t *w = word_of(d->evtchn_fifo, port);
    bool r = w ? (load(w) & bits) != 0 : none;

    fifo_unlock(d, flags);
    return r;
}

static bool fifo_is_pending(const struct domain *d, unsigned int port)
{
    return word_test(d, port, EW_PENDING, evtchn_from_port(d, port)->fifo_pending);
}

static bool fifo_is_masked(const struct domain *d, unsigned int port)
{
    return word_test(d, port, EW_MASKED, true);
}

static bool fifo_is_busy(const struct domain *d, unsigned int port)
{
    return word_test(d, port, EW_LINKED, false);
}

const struct evtchn_port_ops evtchn_port_ops_fifo = {
    .name = "FIFO",
    .nr_ports = EVTCHN_FIFO_NR_CHANNELS,
    .set_pending = fifo_set_pending,
    .clear_pending = fifo_clear_pending,
    .unmask = fifo_unmask,
    .is_pending = fifo_is_pending,
    .is_masked = fifo_is_masked,
    .is_busy = fifo_is_busy,
};

/* ---- setting up and tearing down (d->evtchn_lock held) ---- */

/* A writable-typed reference on d's frame gfn and its hypervisor address, or NULL. */
static void *get_frame(struct domain *d, uint64_t gfn, mfn_t *mfn)
{
    if ( gfn >> 40 || arch_grant_get_frame(d, (unsigned long)gfn, true, mfn) != GNTST_okay )
        return NULL;
    return arch_mfn_to_virt(mfn_x(*mfn));
}

long evtchn_fifo_init_control(struct domain *d, struct evtchn_init_control *ic)
{
    struct evtchn_fifo_domain *f = d->evtchn_fifo, *fresh = NULL;
    unsigned long flags;
    mfn_t mfn;
    void *page;

    if ( ic->vcpu >= d->max_vcpus || d->vcpu[ic->vcpu] == NULL )
        return -ENOENT;
    if ( (ic->offset & 7) || ic->offset > PAGE_SIZE - sizeof(struct evtchn_fifo_control_block) )
        return -EINVAL;
    if ( f && f->vcpu[ic->vcpu].cb )
        return -EINVAL; /* once per vCPU */
    if ( f == NULL )
    {
        fresh = xzalloc_bytes(sizeof(*f) + d->max_vcpus * sizeof(f->vcpu[0]));
        if ( fresh == NULL )
            return -ENOMEM;
        fresh->nr_vcpus = d->max_vcpus;
    }
    if ( (page = get_frame(d, ic->control_gfn, &mfn)) == NULL )
    {
        xfree(fresh);
        return -EINVAL; /* not the caller's RAM, or not writable (a page table...) */
    }

    flags = fifo_lock(d);
    if ( fresh )
    {
        /*
         * The switch: ports keep their numbers and bindings; a 2-level event
         * still pending is raised again once its page is in the array.
         */
        for ( unsigned int port = 1; port < d->valid_evtchns; port++ )
            if ( evtchn_from_port(d, port)->state != ECS_FREE )
                evtchn_from_port(d, port)->fifo_pending = evtchn_port_ops_2l.is_pending(d, port);
        d->evtchn_fifo = f = fresh;
        __atomic_store_n(&d->evtchn_port_ops, &evtchn_port_ops_fifo, __ATOMIC_SEQ_CST);
    }
    f->vcpu[ic->vcpu] = (struct fifo_vcpu){
        .cb = (struct evtchn_fifo_control_block *)((char *)page + ic->offset),
        .cb_mfn = mfn,
    };
    fifo_unlock(d, flags);
    ic->link_bits = EVTCHN_FIFO_LINK_BITS;
    return 0;
}

long evtchn_fifo_expand_array(struct domain *d, const struct evtchn_expand_array *ea)
{
    struct evtchn_fifo_domain *f = d->evtchn_fifo;
    unsigned int first, end;
    unsigned long flags;
    mfn_t mfn;
    void *page;

    if ( f == NULL )
        return -EOPNOTSUPP; /* still 2-level */
    if ( f->nr_pages == MAX_ARRAY_PAGES )
        return -EINVAL;
    if ( (page = get_frame(d, ea->array_gfn, &mfn)) == NULL )
        return -EINVAL;

    flags = fifo_lock(d);
    f->page[f->nr_pages] = page;
    f->page_mfn[f->nr_pages] = mfn;
    first = f->nr_pages * WORDS_PER_PAGE;
    f->nr_pages++;
    /* Ports raised before they had a word: pending now, queued unless masked. */
    end = first + WORDS_PER_PAGE < d->valid_evtchns ? first + WORDS_PER_PAGE : d->valid_evtchns;
    for ( unsigned int port = first; port < end; port++ )
    {
        if ( !evtchn_from_port(d, port)->fifo_pending )
            continue;
        evtchn_from_port(d, port)->fifo_pending = false;
        __atomic_fetch_or(word_of(f, port), EW_PENDING, __ATOMIC_SEQ_CST);
        link_event(d, f, port); /* the vCPUs are notified below */
    }
    fifo_unlock(d, flags);
    /* A spurious upcall costs a look at the ready word; a missed one loses events. */
    for ( unsigned int i = 0; i < f->nr_vcpus && first < end; i++ )
        if ( f->vcpu[i].cb && __atomic_load_n(&f->vcpu[i].cb->ready, __ATOMIC_SEQ_CST) )
            evtchn_vcpu_notify(d->vcpu[i]);
    return 0;
}

long evtchn_fifo_set_priority(struct domain *d, unsigned int port, unsigned int priority)
{
    unsigned long flags;

    if ( priority > EVTCHN_FIFO_PRIORITY_MIN )
        return -EINVAL;
    /* A port already queued stays where it is; its next event joins the new queue. */
    flags = fifo_lock(d);
    evtchn_from_port(d, port)->priority = (uint8_t)priority;
    fifo_unlock(d, flags);
    return 0;
}

void evtchn_fifo_destroy(struct domain *d)
{
    unsigned long flags = fifo_lock(d);
    struct evtchn_fifo_domain *f = d->evtchn_fifo;

    d->evtchn_fifo = NULL;
    __atomic_store_n(&d->evtchn_port_ops, &evtchn_port_ops_2l, __ATOMIC_SEQ_CST);
    for ( unsigned int port = 0; f && port < d->valid_evtchns; port++ )
        evtchn_from_port(d, port)->fifo_pending = false;
    fifo_unlock(d, flags);
    if ( f == NULL )
        return;
    for ( unsigned int i = 0; i < f->nr_pages; i++ )
        arch_grant_put_frame(f->page_mfn[i], true);
    for ( unsigned int i = 0; i < f->nr_vcpus; i++ )
        if ( f->vcpu[i].cb )
            arch_grant_put_frame(f->vcpu[i].cb_mfn, true);
    xfree(f);
}
