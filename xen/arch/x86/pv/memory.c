/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * memory_op sub-ops that are x86/PV-specific (the M2P's place, the memory
 * maps), and the PV side of giving frames back: M2P entries, dropping a
 * domain's allocation reference, taking unreferenced frames for an exchange.
 */
#include <asm/config.h>
#include <asm/domain.h>
#include <asm/pv_mm.h>
#include <asm/time.h>
#include <public/domctl.h>
#include <public/memory.h>
#include <public/xen.h>
#include <xen/bootinfo.h>
#include <xen/domctl.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <xen/string.h>
#include <xen/xmalloc.h>

#define E820_ENTRY_SIZE  20
#define E820_MAX_ENTRIES 1024 /* what set_memory_map takes, as Xen 4.17 */

/** What the loader said, kept by setup.c. */
extern const struct boot_info *xen_boot_info;

long arch_memory_op(unsigned long cmd, uint64_t arg);
extern spinlock_t pv_mm_lock;

/* Guards every domain's e820 map (set_memory_map against memory_map). */
static DEFINE_SPINLOCK(e820_lock);

void arch_set_gpfn_from_mfn(unsigned long mfn, unsigned long gpfn)
{
    m2p_table[mfn] = gpfn;
}

/*
 * A frame from d's heap allocation, as opposed to a hypervisor page d merely
 * shares (shared_info, grant-table frames): only those are on d's page list,
 * and a page off every list has no previous link.
 */
static bool is_listed_page(const struct domain *d, const struct page_info *pg)
{
    return page_state(pg) == PGC_state_inuse && pg->v.owner == d &&
           (pg->list.prev != NULL || d->page_list == pg);
}

/* A hypervisor page d only shares (shared_info, grant-table frames). */
static bool is_shared_page(const struct domain *d, const struct page_info *pg)
{
    return page_state(pg) == PGC_state_inuse && pg->v.owner == d && !is_listed_page(d, pg);
}

uint32_t arch_page_frame_type(struct domain *d, unsigned long mfn)
{
    struct page_info *pg;
    unsigned long flags, type;
    uint32_t t;

    if ( !mfn_valid(_mfn(mfn)) )
        return XEN_DOMCTL_PFINFO_XTAB;
    pg = mfn_to_page(_mfn(mfn));
    flags = spin_lock_irqsave(&pv_mm_lock);
    if ( !is_listed_page(d, pg) )
    {
        spin_unlock_irqrestore(&pv_mm_lock, flags);
        return XEN_DOMCTL_PFINFO_XTAB;
    }
    type = pg->type_info;
    spin_unlock_irqrestore(&pv_mm_lock, flags);
    switch ( type & PGT_type_mask )
    {
    case PGT_l1_page_table:
        t = XEN_DOMCTL_PFINFO_L1TAB;
        break;
    case PGT_l2_page_table:
        t = XEN_DOMCTL_PFINFO_L2TAB;
        break;
    case PGT_l3_page_table:
        t = XEN_DOMCTL_PFINFO_L3TAB;
        break;
    case PGT_l4_page_table:
        t = XEN_DOMCTL_PFINFO_L4TAB;
        break;
    default:
        t = XEN_DOMCTL_PFINFO_NOTAB;
        break;
    }
    return (type & PGT_pinned) ? t | XEN_DOMCTL_PFINFO_LPINTAB : t;
}

uint32_t arch_tsc_khz(void)
{
    return (uint32_t)tsc_khz;
}

int arch_release_page(struct domain *d, unsigned long mfn)
{
    struct page_info *pg = mfn_to_page(_mfn(mfn));
    unsigned long flags;
    int rc = -EINVAL;

    if ( !mfn_valid(_mfn(mfn)) )
        return -EINVAL;
    flags = spin_lock_irqsave(&pv_mm_lock);
    /*
     * As Xen 4.17: a frame already given back but still referenced is given
     * back again without effect (success); a pin stays, and the frame goes
     * when the guest unpins it.
     */
    if ( is_shared_page(d, pg) )
        rc = 0; /* as Xen 4.17: "given back" with success, and the hypervisor keeps it */
    else if ( is_listed_page(d, pg) && get_page(pg, d) )
    {
        if ( pg->count_info & PGC_allocated )
        {
            pg->count_info &= ~PGC_allocated;
            put_page(pg); /* the allocation reference */
        }
        put_page(pg); /* ours: the last one frees the frame */
        rc = 0;
    }
    spin_unlock_irqrestore(&pv_mm_lock, flags);
    return rc;
}

/* Whether the frame is d's and referenced by its allocation only. pv_mm_lock held. */
static bool is_unreferenced_page(const struct domain *d, unsigned long mfn)
{
    const struct page_info *pg = mfn_to_page(_mfn(mfn));

    return mfn_valid(_mfn(mfn)) && is_listed_page(d, pg) && (pg->count_info & PGC_allocated) &&
           (pg->count_info & PGC_count_mask) == 1 && (pg->type_info & PGT_count_mask) == 0;
}

int arch_claim_pages(struct domain *d, const unsigned long *mfns, unsigned long nr,
                     unsigned int order)
{
    unsigned long flags, i, j = 0, n = 1UL << order;
    int rc = 0;

    flags = spin_lock_irqsave(&pv_mm_lock);
    /* Claim each frame by dropping its allocation flag, so a repeat fails the check. */
    for ( i = 0; i < nr && rc == 0; i++ )
        for ( j = 0; j < n; j++ )
        {
            if ( mfns[i] + j < mfns[i] || !is_unreferenced_page(d, mfns[i] + j) )
            {
                rc = -EINVAL;
                break;
            }
            mfn_to_page(_mfn(mfns[i] + j))->count_info &= ~PGC_allocated;
        }
    /* On failure, undo: extents before i - 1 whole, extent i - 1 up to frame j. */
    for ( unsigned long k = 0; rc && k < i; k++ )
        for ( unsigned long l = 0; l < (k + 1 == i ? j : n); l++ )
            mfn_to_page(_mfn(mfns[k] + l))->count_info |= PGC_allocated;
    spin_unlock_irqrestore(&pv_mm_lock, flags);
    return rc;
}

void arch_settle_claimed_pages(const unsigned long *mfns, unsigned long nr, unsigned int order,
                               bool free)
{
    unsigned long flags = spin_lock_irqsave(&pv_mm_lock);

    for ( unsigned long i = 0; i < nr; i++ )
        for ( unsigned long j = 0; j < (1UL << order); j++ )
        {
            struct page_info *pg = mfn_to_page(_mfn(mfns[i] + j));

            if ( free )
                put_page(pg); /* the allocation reference, the last: frees it */
            else
                pg->count_info |= PGC_allocated;
        }
    spin_unlock_irqrestore(&pv_mm_lock, flags);
}

/* XENMEM_memory_map: the map set for d, as much as the buffer holds; -ENOSYS if none (as Xen). */
static long memory_map(struct domain *d, uint64_t arg)
{
    struct xen_memory_map map;
    unsigned long flags;
    uint8_t *copy = NULL;
    long rc = 0;

    if ( copy_from_guest(&map, arg, sizeof(map)) )
        return -EFAULT;
    /* A copy taken under the lock: the guest's buffer may fault, which we cannot under it. */
    flags = spin_lock_irqsave(&e820_lock);
    if ( d->arch->nr_e820 == 0 )
        rc = -ENOSYS;
    else
    {
        if ( map.nr_entries > d->arch->nr_e820 )
            map.nr_entries = d->arch->nr_e820;
        copy = xmalloc_bytes((size_t)map.nr_entries * E820_ENTRY_SIZE + 1);
        if ( copy == NULL )
            rc = -ENOMEM;
        else
            memcpy(copy, d->arch->e820, (size_t)map.nr_entries * E820_ENTRY_SIZE);
    }
    spin_unlock_irqrestore(&e820_lock, flags);
    if ( rc == 0 && (copy_to_guest(guest_handle_va(map.buffer), copy,
                                   (size_t)map.nr_entries * E820_ENTRY_SIZE) ||
                     copy_to_guest(arg, &map, sizeof(map))) )
        rc = -EFAULT;
    xfree(copy);
    return rc;
}

/*
 * XENMEM_set_memory_map: the map XENMEM_memory_map will give the domain (what
 * libxl sets for a PV guest: its RAM limit). Checked and copied in whole before
 * the old one is replaced.
 */
static long set_memory_map(struct domain *self, uint64_t arg)
{
    struct xen_foreign_memory_map fmap;
    struct domain *d;
    uint8_t *e820 = NULL, *old;
    size_t bytes;
    unsigned long flags;

    if ( copy_from_guest(&fmap, arg, sizeof(fmap)) )
        return -EFAULT;
    if ( fmap.map.nr_entries > E820_MAX_ENTRIES )
        return -EINVAL;
    d = fmap.domid == DOMID_SELF ? self : domain_lookup(fmap.domid);
    if ( d == NULL )
        return -ESRCH;
    if ( d != self && !self->is_privileged )
        return -EPERM;
    bytes = (size_t)fmap.map.nr_entries * E820_ENTRY_SIZE;
    if ( bytes )
    {
        if ( (e820 = xmalloc_bytes(bytes)) == NULL )
            return -ENOMEM;
        if ( copy_from_guest(e820, guest_handle_va(fmap.map.buffer), bytes) )
        {
            xfree(e820);
            return -EFAULT;
        }
    }
    flags = spin_lock_irqsave(&e820_lock);
    old = d->arch->e820;
    d->arch->e820 = e820;
    d->arch->nr_e820 = fmap.map.nr_entries;
    spin_unlock_irqrestore(&e820_lock, flags);
    xfree(old);
    return 0;
}

long arch_memory_op(unsigned long cmd, uint64_t arg)
{
    struct domain *d = current->domain;

    switch ( cmd & 0x3f )
    {
    case XENMEM_machphys_mapping:
    {
        /*
         * max_mfn is the last frame the table holds an entry for (as Xen 4.17 without memory
         * hotplug), not the last its area could hold: Linux reads an entry only below it and
         * takes a page fault (and an exception-table search) for every frame above the RAM
         * it translates otherwise, e.g. each MMIO mapping its boot-time page-table walk meets.
         */
        struct xen_machphys_mapping m = {
            .v_start = RO_MPT_VIRT_START,
            .v_end = RO_MPT_VIRT_END,
            .max_mfn = max_page - 1,
        };

        return copy_to_guest(arg, &m, sizeof(m)) ? -EFAULT : 0;
    }
    case XENMEM_machphys_mfn_list:
    {
        /*
         * Any PV guest may ask: the frames behind each 2 MiB of the M2P (as far
         * as max_page reaches), at most max_extents of them.
         */
        struct xen_machphys_mfn_list l;
        unsigned long i, mfn;

        if ( copy_from_guest(&l, arg, sizeof(l)) )
            return -EFAULT;
        for ( i = 0; i < l.max_extents && (mfn = m2p_chunk_mfn(i)) != INVALID_MFN_RAW; i++ )
            if ( copy_to_guest(guest_handle_va(l.extent_start) + i * sizeof(xen_pfn_t), &mfn,
                               sizeof(mfn)) )
                return -EFAULT;
        l.nr_extents = (uint32_t)i;
        return copy_to_guest(arg, &l, sizeof(l)) ? -EFAULT : 0;
    }
    case XENMEM_machphys_compat_mfn_list:
        /* The 32-bit M2P: there are no 32-bit PV guests here (as Xen 4.17 without pv32). */
        return -EOPNOTSUPP;
    case XENMEM_memory_map:
        return memory_map(d, arg);
    case XENMEM_set_memory_map:
        return set_memory_map(d, arg);
    case XENMEM_machine_memory_map:
    {
        /* The host's e820 map, for the hardware domain. */
        struct xen_memory_map map;
        unsigned int n = 0;

        if ( !d->is_privileged )
            return -EPERM;
        if ( copy_from_guest(&map, arg, sizeof(map)) )
            return -EFAULT;
        for ( ; n < xen_boot_info->nr_memranges && n < map.nr_entries; n++ )
        {
            const struct boot_memrange *r = &xen_boot_info->memranges[n];
            uint8_t entry[E820_ENTRY_SIZE];

            memcpy(entry, &r->base, 8);
            memcpy(entry + 8, &r->size, 8);
            memcpy(entry + 16, &r->type, 4);
            if ( copy_to_guest(guest_handle_va(map.buffer) + n * E820_ENTRY_SIZE, entry,
                               sizeof(entry)) )
                return -EFAULT;
        }
        map.nr_entries = n;
        return copy_to_guest(arg, &map, sizeof(map)) ? -EFAULT : 0;
    }
    default:
        return -ENOSYS;
    }
}
