/* SPDX-License-Identifier: GPL-2.0-only */
/* Domains and vCPUs: creation, their pages, the domain list, shutdown. */
#include <xen/types.h> /* before the public headers, which use its types */

#include <public/vcpu.h>
#include <public/xen.h>
#include <xen/arch.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/shutdown.h>
#include <xen/string.h>
#include <xen/xmalloc.h>

struct domain *domain_list;
struct domain dom_xen = {.domain_id = DOMID_XEN}, dom_io = {.domain_id = DOMID_IO};
struct domain *hardware_domain;
static DEFINE_SPINLOCK(domlist_lock);

struct domain *domain_lookup(domid_t domid)
{
    struct domain *d;
    unsigned long flags = spin_lock_irqsave(&domlist_lock);

    for ( d = domain_list; d && d->domain_id != domid; d = d->next_in_list )
        ;
    spin_unlock_irqrestore(&domlist_lock, flags);
    return d;
}

struct domain *domain_next_from(unsigned int from)
{
    struct domain *best = NULL;
    unsigned long flags = spin_lock_irqsave(&domlist_lock);

    for ( struct domain *d = domain_list; d; d = d->next_in_list )
        if ( d->domain_id >= from && d->domain_id < DOMID_FIRST_RESERVED &&
             (best == NULL || d->domain_id < best->domain_id) )
            best = d;
    spin_unlock_irqrestore(&domlist_lock, flags);
    return best;
}

void domain_unlink(struct domain *d)
{
    unsigned long flags = spin_lock_irqsave(&domlist_lock);

    for ( struct domain **pp = &domain_list; *pp; pp = &(*pp)->next_in_list )
        if ( *pp == d )
        {
            *pp = d->next_in_list;
            break;
        }
    d->next_in_list = NULL;
    spin_unlock_irqrestore(&domlist_lock, flags);
}

static void watchdog_fired(void *data)
{
    struct domain *d = data;

    printk("Watchdog timer fired for domain %u\n", d->domain_id);
    domain_shutdown(d, XEN_SHUTDOWN_watchdog);
}

struct domain *domain_create(domid_t domid, unsigned int max_vcpus, bool privileged)
{
    struct domain *d = xzalloc(struct domain);
    unsigned long flags;

    if ( d == NULL )
        return NULL;
    d->domain_id = domid;
    d->is_privileged = privileged;
    d->shutdown_code = ~0u; /* none yet (getdomaininfo shows ~0 in bits 16-31, as Xen) */
    d->max_vcpus = max_vcpus;
    d->tsc_incarnation = 1; /* as Xen's: creation sets the default mode, incarnation 0 + 1 */
    d->created = NOW();
    spin_lock_init(&d->page_lock);
    for ( unsigned int i = 0; i < ARRAY_SIZE(d->watchdog_timer); i++ )
        init_timer(&d->watchdog_timer[i], watchdog_fired, d, 0);
    d->vcpu = xzalloc_array(struct vcpu *, max_vcpus);
    d->shared_info = alloc_xenheap_pages(0);
    if ( d->vcpu == NULL || d->shared_info == NULL )
        goto fail;
    memset(d->shared_info, 0, PAGE_SIZE);
    {
        /* The guest maps shared_info itself: the page is shared with d (not counted in tot_pages).
         */
        struct page_info *pg = mfn_to_page(_mfn(arch_virt_to_mfn(d->shared_info)));

        pg->v.owner = d;
        pg->count_info = PGC_state_inuse | PGC_allocated | 1;
    }
    if ( evtchn_init(d) || arch_domain_create(d) )
        goto fail;

    if ( domid < DOMID_FIRST_RESERVED )
    {
        flags = spin_lock_irqsave(&domlist_lock);
        d->next_in_list = domain_list;
        domain_list = d;
        spin_unlock_irqrestore(&domlist_lock, flags);
    }
    return d;

fail:
    free_xenheap_pages(d->shared_info, 0);
    xfree(d->vcpu);
    xfree(d);
    return NULL;
}

static void singleshot_fired(void *data)
{
    struct vcpu *v = data;

    /* VIRQ_TIMER if the guest bound it; else a bare upcall still wakes it. */
    if ( !send_guest_vcpu_virq(v, VIRQ_TIMER) )
    {
        v->vcpu_info->evtchn_upcall_pending = 1;
        vcpu_wake(v);
    }
}

static void periodic_fired(void *data)
{
    struct vcpu *v = data;

    send_guest_vcpu_virq(v, VIRQ_TIMER);
    if ( v->periodic_period )
        set_timer(&v->periodic_timer, NOW() + v->periodic_period);
}

static void poll_timeout(void *data)
{
    struct vcpu *v = data;

    if ( v->polling )
    {
        v->polling = false;
        vcpu_wake(v);
    }
}

struct vcpu *vcpu_create(struct domain *d, unsigned int vcpu_id, unsigned int cpu)
{
    struct vcpu *v;

    if ( vcpu_id >= d->max_vcpus || d->vcpu[vcpu_id] )
        return NULL;
    v = xzalloc(struct vcpu);
    if ( v == NULL )
        return NULL;
    v->vcpu_id = vcpu_id;
    v->processor = cpu;
    v->domain = d;
    v->pause_flags = 1UL << VPF_down;
    if ( vcpu_id < XEN_LEGACY_MAX_VCPUS )
        v->vcpu_info = &d->shared_info->vcpu_info[vcpu_id];
    init_timer(&v->singleshot_timer, singleshot_fired, v, cpu);
    init_timer(&v->periodic_timer, periodic_fired, v, cpu);
    init_timer(&v->poll_timer, poll_timeout, v, cpu);
    v->periodic_period = MILLISECS(10); /* Xen's default tick, until the guest stops it */
    v->runstate = RUNSTATE_offline;
    v->runstate_entry = NOW();
    if ( arch_vcpu_create(v) )
    {
        xfree(v);
        return NULL;
    }
    d->vcpu[vcpu_id] = v;
    return v;
}

/* Make pg d's: owner, allocation reference, on d's page list, counted. page_lock held. */
static void assign_page_locked(struct domain *d, struct page_info *pg)
{
    pg->v.owner = d;
    pg->count_info = PGC_state_inuse | PGC_allocated | 1; /* the allocation reference */
    pg->type_info = 0;
    pg->list.next = d->page_list;
    pg->list.prev = NULL;
    if ( d->page_list )
        d->page_list->list.prev = pg;
    d->page_list = pg;
    d->tot_pages++;
}

struct page_info *alloc_domheap_page(struct domain *d)
{
    struct page_info *pg;
    unsigned long flags = spin_lock_irqsave(&d->page_lock);

    /* A dying domain gets nothing: its pages are being given back. */
    if ( d->is_dying != DOMDYING_alive || d->tot_pages >= d->max_pages ||
         (pg = alloc_heap_pages(0)) == NULL )
    {
        spin_unlock_irqrestore(&d->page_lock, flags);
        return NULL;
    }
    assign_page_locked(d, pg);
    spin_unlock_irqrestore(&d->page_lock, flags);
    return pg;
}

/* Heap pages may hold another domain's or the hypervisor's data: zero them first. */
static void scrub_pages(struct page_info *pg, unsigned int order)
{
    for ( unsigned long i = 0; i < (1UL << order); i++ )
        memset(arch_mfn_to_virt(mfn_x(page_to_mfn(pg + i))), 0, PAGE_SIZE);
}

/* Assign 2^order pages to d; `reserved`: tot_pages already counted them. */
static void assign_pages(struct domain *d, struct page_info *pg, unsigned int order, bool reserved)
{
    unsigned long flags = spin_lock_irqsave(&d->page_lock);

    for ( unsigned long i = 0; i < (1UL << order); i++ )
        assign_page_locked(d, pg + i);
    if ( reserved )
        d->tot_pages -= 1UL << order;
    spin_unlock_irqrestore(&d->page_lock, flags);
}

void assign_domheap_pages(struct domain *d, struct page_info *pg, unsigned int order)
{
    scrub_pages(pg, order);
    assign_pages(d, pg, order, false);
}

struct page_info *alloc_domheap_pages(struct domain *d, unsigned int order, unsigned long limit)
{
    struct page_info *pg;
    unsigned long flags = spin_lock_irqsave(&d->page_lock);

    /* Checked and counted under page_lock: racing vCPUs cannot pass max_pages together. */
    if ( d->is_dying != DOMDYING_alive || d->tot_pages + (1UL << order) > d->max_pages ||
         (pg = alloc_heap_pages_below(order, limit)) == NULL )
    {
        spin_unlock_irqrestore(&d->page_lock, flags);
        return NULL;
    }
    d->tot_pages += 1UL << order;
    spin_unlock_irqrestore(&d->page_lock, flags);
    scrub_pages(pg, order); /* outside the lock: up to 2^MAX_ORDER pages */
    assign_pages(d, pg, order, true);
    return pg;
}

void free_domheap_page(struct page_info *pg)
{
    struct domain *d = pg->v.owner;
    unsigned long flags = spin_lock_irqsave(&d->page_lock);

    if ( pg->list.prev )
        pg->list.prev->list.next = pg->list.next;
    else
        d->page_list = pg->list.next;
    if ( pg->list.next )
        pg->list.next->list.prev = pg->list.prev;
    pg->list.next = pg->list.prev = NULL;
    d->tot_pages--;
    spin_unlock_irqrestore(&d->page_lock, flags);
    pg->type_info = 0;
    free_heap_pages(pg, 0);
    /* The last page of a destroyed domain others held on to: it can go now (domain_destroy.c). */
    if ( d->is_dying == DOMDYING_dead && d->tot_pages == 0 )
        set_timer(&d->release_timer, NOW());
}

void domain_notify_exception(void)
{
    if ( hardware_domain )
        send_guest_global_virq(hardware_domain, VIRQ_DOM_EXC);
}

void domain_shutdown(struct domain *d, unsigned int reason)
{
    static const char *const names[] = {"poweroff", "reboot", "suspend", "crash", "watchdog"};

    if ( d->is_shutting_down )
        return;
    d->is_shutting_down = true;
    d->shutdown_code = reason;
    printk("Domain %u shut down: %s (reason %u)\n", d->domain_id,
           reason < ARRAY_SIZE(names) ? names[reason] : "unknown", reason);
    /* The hardware domain takes the machine with it, as with Xen. */
    if ( d == hardware_domain )
        machine_shutdown(reason <= XEN_SHUTDOWN_watchdog ? reason : XEN_SHUTDOWN_crash);
    for ( unsigned int i = 0; i < d->max_vcpus; i++ )
        if ( d->vcpu[i] )
            __atomic_fetch_or(&d->vcpu[i]->pause_flags, 1UL << VPF_down, __ATOMIC_SEQ_CST);
    domain_notify_exception(); /* VIRQ_DOM_EXC: the toolstack looks at who shut down */
}
