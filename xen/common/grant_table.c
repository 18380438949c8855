/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant tables, version 1: each domain's table of grant entries lives in frames
 * the hypervisor allocates and shares with the domain (which maps them itself,
 * as a PV guest does). setup_table grows the table and lists its frames,
 * query_size and get_version describe it. Mapping, copying and transferring
 * grants (map_grant_ref and friends) are not implemented yet: -ENOSYS.
 *
 * Locking: gt->lock protects a table's frame list.
 */
#include <public/grant_table.h>
#include <public/xen.h>
#include <xen/arch.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <xen/string.h>
#include <xen/xmalloc.h>

/* Frames a table may grow to (Xen's default gnttab_max_frames is 32 in 4.x). */
#define MAX_GRANT_FRAMES 32

struct grant_table {
    spinlock_t lock;
    unsigned int nr_frames;
    unsigned long frames[MAX_GRANT_FRAMES]; /* mfns */
};

/* A table of d, created on first use with one frame. */
static struct grant_table *table_of(struct domain *d)
{
    struct grant_table *gt = d->grant_table;

    if ( gt == NULL )
    {
        gt = xzalloc(struct grant_table);
        if ( gt == NULL )
            return NULL;
        spin_lock_init(&gt->lock);
        if ( __atomic_exchange_n(&d->grant_table, gt, __ATOMIC_SEQ_CST) != NULL )
            panic("grant table of d%u created twice\n", d->domain_id);
    }
    return gt;
}

/* Grow gt to nr frames, each a zeroed page shared with d. Lock held. */
static int grow(struct grant_table *gt, struct domain *d, unsigned int nr)
{
    while ( gt->nr_frames < nr )
    {
        void *va = alloc_xenheap_pages(0);
        struct page_info *pg;

        if ( va == NULL )
            return -ENOMEM;
        memset(va, 0, PAGE_SIZE);
        pg = mfn_to_page(_mfn(arch_virt_to_mfn(va)));
        pg->v.owner = d;
        pg->count_info = PGC_state_inuse | PGC_allocated | 1;
        gt->frames[gt->nr_frames++] = arch_virt_to_mfn(va);
    }
    return 0;
}

/* The domain a request names: the caller, or (privileged) another one. */
static struct domain *target_of(domid_t dom, int16_t *status)
{
    struct domain *self = current->domain, *d;

    if ( dom == DOMID_SELF || dom == self->domain_id )
        return self;
    if ( (d = domain_lookup(dom)) == NULL )
        *status = GNTST_bad_domain;
    else if ( !self->is_privileged )
    {
        *status = GNTST_permission_denied;
        d = NULL;
    }
    return d;
}

long do_grant_table_op(unsigned int cmd, uint64_t arg, unsigned int count);

long do_grant_table_op(unsigned int cmd, uint64_t arg, unsigned int count)
{
    struct grant_table *gt;
    struct domain *d;
    unsigned long flags;

    switch ( cmd )
    {
    case GNTTABOP_query_size:
    {
        struct gnttab_query_size q;

        if ( count != 1 )
            return -EINVAL;
        if ( copy_from_guest(&q, arg, sizeof(q)) )
            return -EFAULT;
        q.status = GNTST_okay;
        if ( (d = target_of(q.dom, &q.status)) != NULL )
        {
            if ( (gt = table_of(d)) == NULL )
                return -ENOMEM;
            flags = spin_lock_irqsave(&gt->lock);
            if ( grow(gt, d, 1) )
                q.status = GNTST_general_error;
            q.nr_frames = gt->nr_frames;
            q.max_nr_frames = MAX_GRANT_FRAMES;
            spin_unlock_irqrestore(&gt->lock, flags);
        }
        return copy_to_guest(arg, &q, sizeof(q)) ? -EFAULT : 0;
    }
    case GNTTABOP_setup_table:
    {
        struct gnttab_setup_table s;

        if ( count != 1 )
            return -EINVAL;
        if ( copy_from_guest(&s, arg, sizeof(s)) )
            return -EFAULT;
        s.status = GNTST_okay;
        if ( (d = target_of(s.dom, &s.status)) != NULL )
        {
            if ( s.nr_frames > MAX_GRANT_FRAMES )
                s.status = GNTST_general_error;
            else if ( (gt = table_of(d)) == NULL )
                return -ENOMEM;
            else
            {
                flags = spin_lock_irqsave(&gt->lock);
                if ( grow(gt, d, s.nr_frames) )
                    s.status = GNTST_general_error;
                for ( unsigned int i = 0; s.status == GNTST_okay && i < s.nr_frames; i++ )
                {
                    xen_pfn_t mfn = gt->frames[i];

                    if ( copy_to_guest(guest_handle_va(s.frame_list) + i * sizeof(mfn), &mfn,
                                       sizeof(mfn)) )
                    {
                        spin_unlock_irqrestore(&gt->lock, flags);
                        return -EFAULT;
                    }
                }
                spin_unlock_irqrestore(&gt->lock, flags);
            }
        }
        return copy_to_guest(arg, &s, sizeof(s)) ? -EFAULT : 0;
    }
    case GNTTABOP_get_version:
    {
        struct gnttab_get_version g;
        int16_t status = GNTST_okay;

        if ( count != 1 )
            return -EINVAL;
        if ( copy_from_guest(&g, arg, sizeof(g)) )
            return -EFAULT;
        if ( target_of(g.dom, &status) == NULL )
            return status == GNTST_bad_domain ? -ESRCH : -EPERM;
        g.version = 1;
        return copy_to_guest(arg, &g, sizeof(g)) ? -EFAULT : 0;
    }
    case GNTTABOP_set_version:
    {
        struct gnttab_set_version sv;

        if ( count != 1 )
            return -EINVAL;
        if ( copy_from_guest(&sv, arg, sizeof(sv)) )
            return -EFAULT;
        if ( sv.version != 1 )
            return -ENOSYS; /* version 2 tables: not implemented */
        return 0;
    }
    default:
        return -ENOSYS; /* map, unmap, copy, transfer: not implemented yet */
    }
}
