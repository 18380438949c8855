/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Tearing a PV domain down (domctl destroydomain): its vCPUs' page tables,
 * GDT frames and vcpu_info placements are dropped, every pin, then every
 * page's allocation reference. Page types unwind by themselves: a page table's
 * last type reference devalidates it, which drops the references its entries
 * held (tables only reference lower levels, so there are no cycles).
 */
#include <asm/pv_mm.h> /* first: asm/config.h before the public headers */

#include <asm/domain.h>
#include <asm/xstate.h>
#include <public/xen.h>
#include <xen/arch.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <xen/xmalloc.h>

extern spinlock_t pv_mm_lock;
void pv_vcpu_gdt_destroy(struct vcpu *v);

/* Work per call: pages unpinned or given back before answering -EAGAIN. */
#define RELINQUISH_BATCH 4096

/* arch_domain.relinquish_phase */
enum { REL_VCPUS, REL_PINS, REL_PAGES, REL_DONE };

/* Drop v's vcpu_info placement (the writable reference on its frame). */
static void unmap_vcpu_info(struct vcpu *v)
{
    struct arch_vcpu *a = v->arch;
    unsigned long flags;

    if ( !mfn_valid(a->vcpu_info_mfn) )
        return;
    v->vcpu_info =
        v->vcpu_id < XEN_LEGACY_MAX_VCPUS ? &v->domain->shared_info->vcpu_info[v->vcpu_id] : NULL;
    flags = spin_lock_irqsave(&pv_mm_lock);
    put_page_and_type(mfn_to_page(a->vcpu_info_mfn));
    spin_unlock_irqrestore(&pv_mm_lock, flags);
    a->vcpu_info_mfn = INVALID_MFN;
}

/*
 * Unpin up to RELINQUISH_BATCH pinned pages of d. A page is held by a
 * reference of ours while it is worked on, so the next page is read from a
 * live entry even when unwinding freed others. Returns whether pins remain.
 */
static bool unpin_some(struct domain *d)
{
    unsigned int done = 0;
    unsigned long flags = spin_lock_irqsave(&pv_mm_lock);
    struct page_info *pg = d->page_list;

    while ( pg && done < RELINQUISH_BATCH )
    {
        struct page_info *next;

        if ( !get_page(pg, d) )
        {
            pg = pg->list.next;
            continue;
        }
        if ( pg->type_info & PGT_pinned )
        {
            pg->type_info &= ~PGT_pinned;
            put_page_and_type(pg);
            done++;
        }
        next = pg->list.next;
        put_page(pg);
        pg = next;
    }
    spin_unlock_irqrestore(&pv_mm_lock, flags);
    return pg != NULL;
}

/*
 * Drop up to RELINQUISH_BATCH allocation references; a page nothing else
 * references goes back to the heap at once. Returns whether some remain.
 */
static bool release_some(struct domain *d)
{
    unsigned int done = 0;
    unsigned long flags = spin_lock_irqsave(&pv_mm_lock);
    struct page_info *pg = d->page_list;

    while ( pg && done < RELINQUISH_BATCH )
    {
        struct page_info *next = pg->list.next; /* put_page() frees pg alone */

        if ( pg->count_info & PGC_allocated )
        {
            pg->count_info &= ~PGC_allocated;
            put_page(pg);
            done++;
        }
        pg = next;
    }
    spin_unlock_irqrestore(&pv_mm_lock, flags);
    return pg != NULL;
}

int arch_domain_relinquish(struct domain *d)
{
    switch ( d->arch->relinquish_phase )
    {
    case REL_VCPUS:
        for ( unsigned int i = 0; i < d->max_vcpus; i++ )
            if ( d->vcpu[i] )
            {
                arch_vcpu_reset(d->vcpu[i]);
                unmap_vcpu_info(d->vcpu[i]);
            }
        d->arch->relinquish_phase = REL_PINS;
        return -EAGAIN;
    case REL_PINS:
        if ( unpin_some(d) )
            return -EAGAIN;
        d->arch->relinquish_phase = REL_PAGES;
        return -EAGAIN;
    case REL_PAGES:
        if ( release_some(d) )
            return -EAGAIN;
        d->arch->relinquish_phase = REL_DONE;
        return 0;
    default:
        return 0;
    }
}

void arch_vcpu_destroy(struct vcpu *v)
{
    pv_vcpu_gdt_destroy(v);
    xstate_free(v->arch);
    xfree(v->arch);
    v->arch = NULL;
}

void arch_domain_destroy(struct domain *d)
{
    xfree(d->arch->p2m);
    xfree(d->arch->pirqs);
    xfree(d->arch->e820);
    xfree(d->arch);
    d->arch = NULL;
}
