/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The toolstack's hold on domains: pausing them (counted), and destroying
 * them. Destruction runs in steps: the domain is marked dying and stopped,
 * its event channels and grant mappings closed, then the architecture gives
 * back its pages (in batches: -EAGAIN asks the caller to call again). A
 * domain some of whose pages others still reference stays, dead, until they
 * let go (a later destroydomain finishes it). Its memory is freed last, a
 * grace period after it left the domain list, so that a CPU which looked it
 * up just before cannot touch freed memory (there is no RCU).
 */
#include <xen/types.h> /* before the public headers, which use its types */

#include <public/xen.h>
#include <xen/arch.h>
#include <xen/errno.h>
#include <xen/grant_table.h>
#include <xen/guest_console.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/spinlock.h>
#include <xen/xmalloc.h>

/* How long a domain's memory outlives its removal from the list. */
#define DOMAIN_GRACE MILLISECS(100)

/* Domains off the list, waiting out their grace period; linked by next_in_list. */
static struct domain *graveyard;
static DEFINE_SPINLOCK(graveyard_lock);

/* One release at a time: destroydomain and the last page's timer may race. */
static DEFINE_SPINLOCK(release_lock);

/* Wait until none of d's vCPUs is on a CPU (they are not runnable any more). */
static void wait_not_running(struct domain *d)
{
    for ( unsigned int i = 0; i < d->max_vcpus; i++ )
    {
        struct vcpu *v = d->vcpu[i];

        if ( v == NULL || v == current )
            continue;
        while ( __atomic_load_n(&v->is_running, __ATOMIC_ACQUIRE) )
        {
            cpu_raise_softirq(__atomic_load_n(&v->processor, __ATOMIC_RELAXED), SCHEDULE_SOFTIRQ);
            arch_cpu_relax();
        }
    }
}

void domain_pause_by_controller(struct domain *d)
{
    __atomic_fetch_add(&d->controller_pause_count, 1, __ATOMIC_SEQ_CST);
    wait_not_running(d);
}

int domain_unpause_by_controller(struct domain *d)
{
    unsigned int n = __atomic_load_n(&d->controller_pause_count, __ATOMIC_SEQ_CST);

    do
    {
        if ( n == 0 )
            return -EINVAL; /* not paused by the toolstack */
    } while ( !__atomic_compare_exchange_n(&d->controller_pause_count, &n, n - 1, false,
                                           __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST) );
    if ( n == 1 )
        for ( unsigned int i = 0; i < d->max_vcpus; i++ )
            if ( d->vcpu[i] )
                cpu_raise_softirq(d->vcpu[i]->processor, SCHEDULE_SOFTIRQ);
    return 0;
}

/* The page the hypervisor shares with d (owner d, one reference): free it unless mapped. */
static bool free_shared_page(struct domain *d, void *va)
{
    struct page_info *pg = mfn_to_page(_mfn(arch_virt_to_mfn(va)));

    if ( pg->v.owner != d || (pg->count_info & PGC_count_mask) != 1 )
        return false;
    pg->v.owner = NULL;
    pg->count_info = PGC_state_inuse;
    free_xenheap_pages(va, 0);
    return true;
}

static void stop_timers(struct domain *d)
{
    for ( unsigned int i = 0; i < d->max_vcpus; i++ )
    {
        struct vcpu *v = d->vcpu[i];

        if ( v == NULL )
            continue;
        v->periodic_period = 0; /* the periodic timer re-arms itself while this is set */
        stop_timer(&v->singleshot_timer);
        stop_timer(&v->periodic_timer);
        stop_timer(&v->poll_timer);
    }
    for ( unsigned int i = 0; i < ARRAY_SIZE(d->watchdog_timer); i++ )
        stop_timer(&d->watchdog_timer[i]);
    d->watchdog_inuse = 0;
}

/* Free what is left of d, off the list and past its grace period. */
static void domain_free(struct domain *d)
{
    stop_timer(&d->release_timer);
    stop_timers(d); /* once more: a handler running during the first stop may have re-armed */
    guest_console_free(d);
    for ( unsigned int i = 0; i < d->max_vcpus; i++ )
        if ( d->vcpu[i] )
        {
            arch_vcpu_destroy(d->vcpu[i]);
            xfree(d->vcpu[i]);
        }
    arch_domain_destroy(d);
    evtchn_free(d);
    xfree(d->vcpu);
    xfree(d);
}

void domain_reap(void)
{
    s_time_t now = NOW();
    unsigned long flags = spin_lock_irqsave(&graveyard_lock);
    struct domain **pp = &graveyard, *ready = NULL;

    while ( *pp )
    {
        struct domain *d = *pp;

        if ( now - d->died_at >= DOMAIN_GRACE )
        {
            *pp = d->next_in_list;
            d->next_in_list = ready;
            ready = d;
        }
        else
            pp = &d->next_in_list;
    }
    spin_unlock_irqrestore(&graveyard_lock, flags);
    while ( ready )
    {
        struct domain *d = ready;

        ready = d->next_in_list;
        domain_free(d);
    }
}

/*
 * A dead domain leaves the list once nothing references its pages, its
 * shared_info or grant frames. Returns whether it did.
 */
static bool domain_try_release(struct domain *d)
{
    unsigned long flags = spin_lock_irqsave(&release_lock);

    if ( d->released || d->tot_pages || d->page_list || !gnttab_destroy(d) ||
         (d->shared_info && !free_shared_page(d, d->shared_info)) )
    {
        spin_unlock_irqrestore(&release_lock, flags);
        return false;
    }
    d->shared_info = NULL;
    d->released = true;
    spin_unlock_irqrestore(&release_lock, flags);
    domain_unlink(d);
    d->died_at = NOW();
    flags = spin_lock_irqsave(&graveyard_lock);
    d->next_in_list = graveyard;
    graveyard = d;
    spin_unlock_irqrestore(&graveyard_lock, flags);
    return true;
}

static void release_fired(void *data)
{
    domain_try_release(data);
}

int domain_kill(struct domain *d)
{
    int rc;

    if ( d == current->domain )
        return -EINVAL;
    switch ( d->is_dying )
    {
    case DOMDYING_alive:
        init_timer(&d->release_timer, release_fired, d, smp_processor_id());
        __atomic_store_n(&d->is_dying, DOMDYING_dying, __ATOMIC_SEQ_CST);
        wait_not_running(d);
        stop_timers(d);
        for ( unsigned int i = 0; i < d->max_vcpus; i++ )
            if ( d->vcpu[i] )
                sched_remove_vcpu(d->vcpu[i]);
        guest_console_stop(d);
        evtchn_destroy(d);
        gnttab_release_mappings(d);
        /* fall through */
    case DOMDYING_dying:
        if ( (rc = arch_domain_relinquish(d)) != 0 )
            return rc;
        __atomic_store_n(&d->is_dying, DOMDYING_dead, __ATOMIC_SEQ_CST);
        printk("Domain %u destroyed%s\n", d->domain_id,
               d->tot_pages ? ": pages still referenced elsewhere, freed when let go" : "");
        domain_try_release(d);
        domain_notify_exception();
        return 0;
    default:
        domain_try_release(d); /* the references that kept it may be gone now */
        return 0;
    }
}
