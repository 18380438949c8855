/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant tables, version 1: each domain's table of grant entries lives in frames
 * the hypervisor allocates and shares with the domain. A grantee maps granted
 * frames (host and device mappings, tracked by handles in its maptrack) or
 * copies to and from them; the active entries count those uses (pins) and the
 * shared entry's GTF_reading/GTF_writing tell the granter its grant is in use,
 * so it can never revoke a grant while it is mapped. Transfers are not
 * implemented (-ENOSYS).
 *
 * Locking: gt->lock protects a table's frames, its active entries (the domain
 * as granter) and its maptrack (as grantee). An operation needing two tables
 * takes both, the one at the lower address first; pv_mm_lock (inside the
 * arch hooks) nests inside them.
 */
#include <xen/types.h> /* before the public headers, which use its types */

#include <public/grant_table.h>
#include <public/xen.h>
#include <xen/arch.h>
#include <xen/errno.h>
#include <xen/grant_table.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <xen/string.h>
#include <xen/xmalloc.h>

/* Frames a table may grow to: Xen 4.17's default gnttab_max_frames (4.0's was 32). */
#define MAX_GRANT_FRAMES  64
#define ENTRIES_PER_FRAME (PAGE_SIZE / sizeof(struct grant_entry_v1))

/* Maptrack handles come in chunks; 256 K handles at most (Xen's default limit). */
#define MAPTRACK_PER_CHUNK  256
#define MAPTRACK_MAX_CHUNKS 1024
#define MAPTRACK_END        (~0U)

/*
 * The pins of an active entry, one counter per use. As in Xen, a counter that
 * reached PIN_LIMIT refuses further pins of any kind (GNTST_general_error).
 */
enum { PIN_HOST_RO, PIN_HOST_RW, PIN_DEV_RO, PIN_DEV_RW, PIN_KINDS };
#define PIN_LIMIT 0x80

/** The hypervisor's view of a grant entry in use. */
struct active_grant {
    uint8_t pin[PIN_KINDS];
    domid_t domid; /* the grantee holding the pins */
    mfn_t mfn;     /* the granted frame, while pinned */
};

/** One handle of a grantee: a mapping of a grant of domain dom. */
struct maptrack {
    uint32_t flags; /* GNTMAP_* of the request, less what was unmapped; 0 when free */
    grant_ref_t ref;
    domid_t dom;
    uint16_t unmapping; /* unmaps between their two halves (see unmap_one) */
    uint32_t next_free;
};

struct grant_table {
    spinlock_t lock; /* see the top of this file */
    unsigned int nr_frames;
    unsigned long frames[MAX_GRANT_FRAMES]; /* mfns */
    struct active_grant *active[MAX_GRANT_FRAMES];
    unsigned int maptrack_limit; /* handles [0, limit) exist */
    uint32_t maptrack_free;      /* free-list head, MAPTRACK_END when empty */
    struct maptrack *maptrack[MAPTRACK_MAX_CHUNKS];
};

/* A table of d, created on first use. */
static struct grant_table *table_of(struct domain *d)
{
    struct grant_table *gt = d->grant_table;

    if ( gt == NULL )
    {
        gt = xzalloc(struct grant_table);
        if ( gt == NULL )
            return NULL;
        spin_lock_init(&gt->lock);
        gt->maptrack_free = MAPTRACK_END;
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
        struct active_grant *act = xzalloc_array(struct active_grant, ENTRIES_PER_FRAME);
        void *va = act ? alloc_xenheap_pages(0) : NULL;
        struct page_info *pg;

        if ( va == NULL )
        {
            xfree(act);
            return -ENOMEM;
        }
        memset(va, 0, PAGE_SIZE);
        pg = mfn_to_page(_mfn(arch_virt_to_mfn(va)));
        pg->v.owner = d;
        pg->count_info = PGC_state_inuse | PGC_allocated | 1;
        gt->active[gt->nr_frames] = act;
        gt->frames[gt->nr_frames++] = arch_virt_to_mfn(va);
    }
    return 0;
}

static unsigned int nr_entries(const struct grant_table *gt)
{
    return gt ? gt->nr_frames * ENTRIES_PER_FRAME : 0;
}

static struct grant_entry_v1 *shared_entry(const struct grant_table *gt, grant_ref_t ref)
{
    return (struct grant_entry_v1 *)arch_mfn_to_virt(gt->frames[ref / ENTRIES_PER_FRAME]) +
           ref % ENTRIES_PER_FRAME;
}

static struct active_grant *active_entry(const struct grant_table *gt, grant_ref_t ref)
{
    return &gt->active[ref / ENTRIES_PER_FRAME][ref % ENTRIES_PER_FRAME];
}

/* Take both tables' locks (one if they are the same), in address order. */
static unsigned long lock_two(struct grant_table *a, struct grant_table *b)
{
    unsigned long flags = arch_irq_save();

    if ( a == b )
        spin_lock(&a->lock);
    else
    {
        spin_lock((uintptr_t)a < (uintptr_t)b ? &a->lock : &b->lock);
        spin_lock((uintptr_t)a < (uintptr_t)b ? &b->lock : &a->lock);
    }
    return flags;
}

static void unlock_two(struct grant_table *a, struct grant_table *b, unsigned long flags)
{
    spin_unlock(&a->lock);
    if ( a != b )
        spin_unlock(&b->lock);
    arch_irq_restore(flags);
}

/* The domain a request names: the caller, or (privileged) another one. */
static struct domain *target_of(domid_t dom, int16_t *status)
{
    struct domain *self = current->domain, *d;

    if ( dom == DOMID_SELF || dom == self->domain_id )
        return self;
    if ( (d = domain_lookup(dom)) == NULL || d->is_dying != DOMDYING_alive )
    {
        *status = GNTST_bad_domain; /* none, or being destroyed: no new table, grant or copy */
        d = NULL;
    }
    else if ( !self->is_privileged )
    {
        *status = GNTST_permission_denied;
        d = NULL;
    }
    return d;
}

/* ---- pins: the shared entry's flags and the active entry's counters ---- */

static bool pins_overflow(const struct active_grant *act)
{
    for ( unsigned int k = 0; k < PIN_KINDS; k++ )
        if ( act->pin[k] >= PIN_LIMIT )
            return true;
    return false;
}

static unsigned int pins_total(const struct active_grant *act)
{
    return act->pin[PIN_HOST_RO] + act->pin[PIN_HOST_RW] + act->pin[PIN_DEV_RO] +
           act->pin[PIN_DEV_RW];
}

static bool pins_writable(const struct active_grant *act)
{
    return act->pin[PIN_HOST_RW] || act->pin[PIN_DEV_RW];
}

/*
 * Mark the shared entry in use for ldom: GTF_reading, and GTF_writing unless
 * readonly. On the entry's first pin it must permit access to ldom (type
 * GTF_permit_access; for mappings no sub-page grant); a writable use needs
 * no GTF_readonly. The granter may change the entry at the same time: the
 * flags and domid are checked and updated in one compare-and-exchange.
 */
static int shared_pin(struct grant_entry_v1 *e, bool first, domid_t ldom, bool readonly,
                      bool mapping)
{
    uint32_t *word = (uint32_t *)e; /* flags in the low half, domid in the high one */
    uint32_t old = __atomic_load_n(word, __ATOMIC_SEQ_CST);
    uint16_t type_mask = GTF_type_mask | (mapping ? GTF_sub_page : 0);

    for ( unsigned int tries = 0;; tries++ )
    {
        uint16_t fl = (uint16_t)old;
        uint32_t new;

        if ( first && ((fl & type_mask) != GTF_permit_access || (domid_t)(old >> 16) != ldom) )
            return GNTST_general_error;
        if ( !readonly && (fl & GTF_readonly) )
            return GNTST_general_error;
        new = old | GTF_reading | (readonly ? 0 : GTF_writing);
        if ( __atomic_compare_exchange_n(word, &old, new, false, __ATOMIC_SEQ_CST,
                                         __ATOMIC_SEQ_CST) )
            return GNTST_okay;
        if ( tries == 4 )
            return GNTST_general_error; /* the granter keeps changing it */
    }
}

static void shared_clear(struct grant_entry_v1 *e, uint16_t flags)
{
    __atomic_fetch_and(&e->flags, (uint16_t)~flags, __ATOMIC_SEQ_CST);
}

/* After pins were dropped: clear what the remaining pins no longer justify. */
static void shared_unpin(struct grant_entry_v1 *e, const struct active_grant *act)
{
    if ( !pins_writable(act) )
        shared_clear(e, GTF_writing);
    if ( pins_total(act) == 0 )
        shared_clear(e, GTF_reading);
}

/*
 * Pin entry ref of rgt (rd's) for ldom: checks, shared flags, and on the first
 * pin the frame (which must be rd's). The caller then adds its pin counts.
 * rgt->lock held. Returns a GNTST_* status.
 */
static int pin_entry(struct grant_table *rgt, struct domain *rd, grant_ref_t ref, domid_t ldom,
                     bool readonly, bool mapping)
{
    struct active_grant *act;
    struct grant_entry_v1 *e;
    bool first;
    int rc;

    if ( ref >= nr_entries(rgt) )
        return GNTST_bad_gntref;
    act = active_entry(rgt, ref);
    e = shared_entry(rgt, ref);
    first = pins_total(act) == 0;
    if ( !first && (act->domid != ldom || pins_overflow(act)) )
        return GNTST_general_error;
    if ( first || (!readonly && !pins_writable(act)) )
    {
        rc = shared_pin(e, first, ldom, readonly, mapping);
        if ( rc != GNTST_okay )
            return rc;
    }
    if ( first )
    {
        mfn_t mfn;

        /* The frame must be the granter's: checked with a reference, then let go. */
        rc = arch_grant_get_frame(rd, __atomic_load_n(&e->frame, __ATOMIC_SEQ_CST), false, &mfn);
        if ( rc != GNTST_okay )
        {
            shared_clear(e, GTF_reading | GTF_writing);
            return rc;
        }
        arch_grant_put_frame(mfn, false);
        act->mfn = mfn;
        act->domid = ldom;
    }
    return GNTST_okay;
}

/* Drop one pin of kind k from entry ref and update the shared flags. rgt->lock held. */
static void unpin_entry(struct grant_table *rgt, grant_ref_t ref, unsigned int k)
{
    struct active_grant *act = active_entry(rgt, ref);

    act->pin[k]--;
    shared_unpin(shared_entry(rgt, ref), act);
}

/* ---- the maptrack: a grantee's handles ---- */

static struct maptrack *maptrack_entry(const struct grant_table *gt, grant_handle_t h)
{
    return &gt->maptrack[h / MAPTRACK_PER_CHUNK][h % MAPTRACK_PER_CHUNK];
}

/* A free handle of gt, growing the maptrack by a chunk if needed. Lock held. */
static int maptrack_get(struct grant_table *gt, grant_handle_t *h)
{
    if ( gt->maptrack_free == MAPTRACK_END )
    {
        unsigned int chunk = gt->maptrack_limit / MAPTRACK_PER_CHUNK;
        struct maptrack *m;

        if ( chunk == MAPTRACK_MAX_CHUNKS )
            return GNTST_no_device_space;
        m = xzalloc_array(struct maptrack, MAPTRACK_PER_CHUNK);
        if ( m == NULL )
            return GNTST_no_device_space;
        gt->maptrack[chunk] = m;
        /* Handles come out in increasing order: chain the chunk from its top down. */
        for ( unsigned int i = MAPTRACK_PER_CHUNK; i-- > 0; )
        {
            m[i].next_free = gt->maptrack_free;
            gt->maptrack_free = chunk * MAPTRACK_PER_CHUNK + i;
        }
        gt->maptrack_limit += MAPTRACK_PER_CHUNK;
    }
    *h = gt->maptrack_free;
    gt->maptrack_free = maptrack_entry(gt, *h)->next_free;
    return GNTST_okay;
}

static void maptrack_put(struct grant_table *gt, grant_handle_t h)
{
    struct maptrack *m = maptrack_entry(gt, h);

    m->flags = 0;
    m->next_free = gt->maptrack_free;
    gt->maptrack_free = h;
}

/* ---- map and unmap ---- */

static void map_one(struct gnttab_map_grant_ref *op)
{
    struct vcpu *v = current;
    struct domain *ld = v->domain, *rd;
    struct grant_table *lgt, *rgt;
    struct active_grant *act;
    bool ro = op->flags & GNTMAP_readonly, dev = op->flags & GNTMAP_device_map;
    bool host = op->flags & GNTMAP_host_map;
    grant_handle_t h;
    unsigned long irq;
    uint64_t old = 0;
    mfn_t mfn;
    int rc;

    if ( !dev && !host )
    {
        op->status = GNTST_bad_gntref; /* as Xen: neither mapping asked for */
        return;
    }
    rd = op->dom == DOMID_SELF ? ld : domain_lookup(op->dom);
    if ( rd == NULL || rd->is_dying != DOMDYING_alive )
    {
        op->status = GNTST_bad_domain;
        return;
    }
    if ( (lgt = table_of(ld)) == NULL || (rgt = table_of(rd)) == NULL )
    {
        op->status = GNTST_no_device_space;
        return;
    }

    irq = lock_two(lgt, rgt);
    rc = maptrack_get(lgt, &h);
    if ( rc != GNTST_okay )
        goto out;
    rc = pin_entry(rgt, rd, op->ref, ld->domain_id, ro, true);
    if ( rc != GNTST_okay )
        goto out_handle;
    act = active_entry(rgt, op->ref);
    mfn = act->mfn;
    if ( dev )
        act->pin[ro ? PIN_DEV_RO : PIN_DEV_RW]++;
    if ( host )
        act->pin[ro ? PIN_HOST_RO : PIN_HOST_RW]++;

    /* The device mapping's references belong to the handle. */
    if ( dev && (rc = arch_grant_get_frame(rd, mfn_x(mfn), !ro, &mfn)) != GNTST_okay )
    {
        rc = GNTST_general_error; /* the frame changed hands or type: cannot pin */
        goto out_unpin;
    }
    if ( host && (rc = arch_grant_create_host_mapping(v, op->host_addr, mfn, rd, op->flags,
                                                      &old)) != GNTST_okay )
    {
        if ( dev )
            arch_grant_put_frame(mfn, !ro);
        goto out_unpin;
    }

    *maptrack_entry(lgt, h) =
        (struct maptrack){.flags = op->flags, .ref = op->ref, .dom = rd->domain_id};
    op->handle = h;
    op->dev_bus_addr = (uint64_t)mfn_x(mfn) << PAGE_SHIFT;
    unlock_two(lgt, rgt, irq);
    op->status = GNTST_okay;
    /* What the mapping replaced goes once no TLB can hold it any more. */
    if ( old )
    {
        arch_grant_flush(ld);
        arch_grant_release_entry(old);
    }
    return;

out_unpin:
    if ( dev )
        act->pin[ro ? PIN_DEV_RO : PIN_DEV_RW]--;
    if ( host )
        act->pin[ro ? PIN_HOST_RO : PIN_HOST_RW]--;
    shared_unpin(shared_entry(rgt, op->ref), act);
out_handle:
    maptrack_put(lgt, h);
out:
    unlock_two(lgt, rgt, irq);
    op->status = (int16_t)rc;
}

/*
 * Undo handle's host mapping at host_addr (moving new_addr's entry there when
 * non-zero) and/or its device mapping (dev_bus_addr, which must be the
 * frame's bus address when the handle has a device mapping; otherwise it is
 * ignored); a zero address leaves that mapping alone. Returns a GNTST_* status.
 *
 * In two halves, as the grant may only be released once no TLB still maps
 * the frame: the first takes the mappings off the handle (a concurrent unmap
 * of the same mapping then fails), the TLBs are flushed with no lock held,
 * and the second drops the pins, the shared flags, the references and, when
 * nothing is left, the handle.
 */
static int unmap_one(grant_handle_t handle, uint64_t host_addr, uint64_t dev_bus_addr,
                     uint64_t new_addr)
{
    struct vcpu *v = current;
    struct domain *ld = v->domain, *rd;
    struct grant_table *lgt = ld->grant_table, *rgt;
    struct maptrack *m;
    struct active_grant *act;
    uint32_t done = 0, flags;
    uint64_t old = 0;
    unsigned long irq;
    bool ro;
    int rc = GNTST_okay;

    if ( lgt == NULL || handle >= __atomic_load_n(&lgt->maptrack_limit, __ATOMIC_SEQ_CST) )
        return GNTST_bad_handle;
    m = maptrack_entry(lgt, handle);
    if ( __atomic_load_n(&m->flags, __ATOMIC_SEQ_CST) == 0 )
        return GNTST_bad_handle;
    if ( (rd = domain_lookup(m->dom)) == NULL || (rgt = rd->grant_table) == NULL )
        return GNTST_bad_domain;

    irq = lock_two(lgt, rgt);
    flags = m->flags;
    if ( !(flags & (GNTMAP_host_map | GNTMAP_device_map)) || m->dom != rd->domain_id )
    {
        unlock_two(lgt, rgt, irq);
        return GNTST_bad_handle; /* unmapped by another vCPU meanwhile */
    }
    act = active_entry(rgt, m->ref);
    if ( dev_bus_addr && (flags & GNTMAP_device_map) &&
         dev_bus_addr != (uint64_t)mfn_x(act->mfn) << PAGE_SHIFT )
        rc = GNTST_bad_dev_addr;
    else if ( host_addr && (flags & GNTMAP_host_map) )
    {
        rc = arch_grant_replace_host_mapping(v, host_addr, act->mfn, flags, new_addr, &old);
        if ( rc == GNTST_okay )
            done |= GNTMAP_host_map;
    }
    if ( rc == GNTST_okay && dev_bus_addr && (flags & GNTMAP_device_map) )
        done |= GNTMAP_device_map;
    m->flags &= ~done;
    m->unmapping += done != 0;
    unlock_two(lgt, rgt, irq);
    if ( !done )
        return rc;

    if ( done & GNTMAP_host_map )
    {
        arch_grant_flush(ld);
        arch_grant_release_entry(old);
    }

    irq = lock_two(lgt, rgt);
    ro = flags & GNTMAP_readonly;
    if ( done & GNTMAP_host_map )
        act->pin[ro ? PIN_HOST_RO : PIN_HOST_RW]--;
    if ( done & GNTMAP_device_map )
    {
        act->pin[ro ? PIN_DEV_RO : PIN_DEV_RW]--;
        arch_grant_put_frame(act->mfn, !ro);
    }
    shared_unpin(shared_entry(rgt, m->ref), act);
    m->unmapping--;
    if ( !(m->flags & (GNTMAP_host_map | GNTMAP_device_map)) && m->unmapping == 0 )
        maptrack_put(lgt, handle);
    unlock_two(lgt, rgt, irq);
    return GNTST_okay;
}

/* ---- copy ---- */

/** One side of a copy: a frame held (reference, and pin if a grant) while copying. */
struct copy_buf {
    struct domain *d;
    bool is_gref, pinned, held, writable;
    grant_ref_t ref;
    mfn_t mfn;
};

/* Take one side: a grant of buf->d's for the caller, or (DOMID_SELF) a frame of its own. */
static int copy_claim(struct copy_buf *buf, const struct gnttab_copy_ptr *p)
{
    struct domain *ld = current->domain;
    struct grant_table *rgt;
    unsigned long irq;
    int rc;

    if ( !buf->is_gref )
    {
        rc = arch_grant_get_frame(buf->d, p->u.gmfn, buf->writable, &buf->mfn);
        buf->held = rc == GNTST_okay;
        return rc;
    }
    if ( (rgt = table_of(buf->d)) == NULL )
        return GNTST_general_error;
    irq = spin_lock_irqsave(&rgt->lock);
    rc = pin_entry(rgt, buf->d, p->u.ref, ld->domain_id, !buf->writable, false);
    if ( rc == GNTST_okay )
    {
        struct active_grant *act = active_entry(rgt, p->u.ref);
        unsigned int k = buf->writable ? PIN_HOST_RW : PIN_HOST_RO;

        act->pin[k]++;
        buf->pinned = true;
        buf->ref = p->u.ref;
        rc = arch_grant_get_frame(buf->d, mfn_x(act->mfn), buf->writable, &buf->mfn);
        if ( rc == GNTST_okay )
            buf->held = true;
        else
        {
            unpin_entry(rgt, buf->ref, k);
            buf->pinned = false;
            rc = GNTST_general_error;
        }
    }
    spin_unlock_irqrestore(&rgt->lock, irq);
    return rc;
}

static void copy_release(struct copy_buf *buf)
{
    if ( buf->held )
        arch_grant_put_frame(buf->mfn, buf->writable);
    if ( buf->pinned )
    {
        struct grant_table *rgt = buf->d->grant_table;
        unsigned long irq = spin_lock_irqsave(&rgt->lock);

        unpin_entry(rgt, buf->ref, buf->writable ? PIN_HOST_RW : PIN_HOST_RO);
        spin_unlock_irqrestore(&rgt->lock, irq);
    }
    buf->held = buf->pinned = false;
}

/* The domain of one side: any domain for a grant, only DOMID_SELF for a frame. */
static int copy_domain(domid_t dom, bool is_gref, struct copy_buf *buf)
{
    struct domain *ld = current->domain;

    if ( dom != DOMID_SELF && !is_gref )
        return GNTST_permission_denied;
    buf->d = dom == DOMID_SELF ? ld : domain_lookup(dom);
    buf->is_gref = is_gref;
    return buf->d ? GNTST_okay : GNTST_bad_domain;
}

static int copy_one(const struct gnttab_copy *op)
{
    struct copy_buf src = {.writable = false}, dst = {.writable = true};
    int rc;

    if ( (rc = copy_domain(op->source.domid, op->flags & GNTCOPY_source_gref, &src)) ||
         (rc = copy_domain(op->dest.domid, op->flags & GNTCOPY_dest_gref, &dst)) )
        return rc;
    if ( (rc = copy_claim(&src, &op->source)) == GNTST_okay &&
         (rc = copy_claim(&dst, &op->dest)) == GNTST_okay )
    {
        if ( (unsigned int)op->source.offset + op->len > PAGE_SIZE ||
             (unsigned int)op->dest.offset + op->len > PAGE_SIZE )
            rc = GNTST_bad_copy_arg;
        else
            memmove((uint8_t *)arch_mfn_to_virt(mfn_x(dst.mfn)) + op->dest.offset,
                    (const uint8_t *)arch_mfn_to_virt(mfn_x(src.mfn)) + op->source.offset, op->len);
    }
    copy_release(&dst);
    copy_release(&src);
    return rc;
}

/* ---- a dying domain ---- */

void gnttab_release_mappings(struct domain *d)
{
    struct grant_table *lgt = d->grant_table;

    if ( lgt == NULL )
        return;
    for ( grant_handle_t h = 0; h < lgt->maptrack_limit; h++ )
    {
        struct maptrack *m = maptrack_entry(lgt, h);
        struct domain *rd;
        struct grant_table *rgt;
        struct active_grant *act;
        unsigned long irq;
        bool ro;

        if ( m->flags == 0 )
            continue;
        if ( (rd = domain_lookup(m->dom)) == NULL || (rgt = rd->grant_table) == NULL )
        {
            m->flags = 0; /* the granter is gone, and its pins with it */
            continue;
        }
        irq = lock_two(lgt, rgt);
        act = active_entry(rgt, m->ref);
        ro = m->flags & GNTMAP_readonly;
        /* A host mapping's frame references stay with its entry until d's tables unwind. */
        if ( m->flags & GNTMAP_host_map )
            act->pin[ro ? PIN_HOST_RO : PIN_HOST_RW]--;
        if ( m->flags & GNTMAP_device_map )
        {
            act->pin[ro ? PIN_DEV_RO : PIN_DEV_RW]--;
            arch_grant_put_frame(act->mfn, !ro);
        }
        shared_unpin(shared_entry(rgt, m->ref), act);
        m->unmapping = 0;
        maptrack_put(lgt, h);
        unlock_two(lgt, rgt, irq);
    }
}

bool gnttab_destroy(struct domain *d)
{
    struct grant_table *gt = d->grant_table;

    if ( gt == NULL )
        return true;
    for ( unsigned int i = 0; i < gt->nr_frames; i++ )
        if ( (mfn_to_page(_mfn(gt->frames[i]))->count_info & PGC_count_mask) != 1 )
            return false; /* still mapped by someone */
    for ( unsigned int i = 0; i < gt->nr_frames; i++ )
    {
        struct page_info *pg = mfn_to_page(_mfn(gt->frames[i]));

        pg->v.owner = NULL;
        pg->count_info = PGC_state_inuse;
        free_xenheap_pages(arch_mfn_to_virt(gt->frames[i]), 0);
        xfree(gt->active[i]);
    }
    for ( unsigned int c = 0; c < gt->maptrack_limit / MAPTRACK_PER_CHUNK; c++ )
        xfree(gt->maptrack[c]);
    xfree(gt);
    d->grant_table = NULL;
    return true;
}

/* ---- dump_table ---- */

/* Print d's grant entries in use and its handles, as the 'g' debug key would. */
static void dump_table(struct domain *d)
{
    struct grant_table *gt = table_of(d);
    unsigned long irq;

    if ( gt == NULL )
        return;
    irq = spin_lock_irqsave(&gt->lock);
    printk("grant table of d%u: %u frames, %u entries, %u handles\n", d->domain_id, gt->nr_frames,
           nr_entries(gt), gt->maptrack_limit);
    for ( grant_ref_t ref = 0; ref < nr_entries(gt); ref++ )
    {
        const struct grant_entry_v1 *e = shared_entry(gt, ref);
        const struct active_grant *act = active_entry(gt, ref);

        if ( e->flags == 0 && pins_total(act) == 0 )
            continue;
        printk("  [%5u] flags %#06x dom %5u frame %#x pins hr %u hw %u dr %u dw %u\n", ref,
               e->flags, e->domid, e->frame, act->pin[PIN_HOST_RO], act->pin[PIN_HOST_RW],
               act->pin[PIN_DEV_RO], act->pin[PIN_DEV_RW]);
    }
    for ( grant_handle_t h = 0; h < gt->maptrack_limit; h++ )
    {
        const struct maptrack *m = maptrack_entry(gt, h);

        if ( m->flags )
            printk("  handle %u: d%u ref %u flags %#x\n", h, m->dom, m->ref, m->flags);
    }
    spin_unlock_irqrestore(&gt->lock, irq);
}

/* ---- the hypercall ---- */

/* Run fn over count structures of size sz at arg, copying each in and back. */
#define FOR_EACH_OP(type, arg, count, body)                 \
    for ( unsigned int i_ = 0; i_ < (count); i_++ )         \
    {                                                       \
        type op_;                                           \
        uint64_t va_ = (arg) + (uint64_t)i_ * sizeof(type); \
                                                            \
        if ( copy_from_guest(&op_, va_, sizeof(op_)) )      \
            return -EFAULT;                                 \
        body;                                               \
        if ( copy_to_guest(va_, &op_, sizeof(op_)) )        \
            return -EFAULT;                                 \
    }

static long table_op(unsigned int cmd, uint64_t arg)
{
    struct grant_table *gt;
    struct domain *d;
    unsigned long flags;

    switch ( cmd )
    {
    case GNTTABOP_query_size:
    {
        struct gnttab_query_size q;

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

        if ( copy_from_guest(&sv, arg, sizeof(sv)) )
            return -EFAULT;
        if ( sv.version != 1 )
            return -ENOSYS; /* version 2 tables: not implemented */
        return 0;
    }
    case GNTTABOP_dump_table:
    {
        struct gnttab_dump_table dt;

        if ( copy_from_guest(&dt, arg, sizeof(dt)) )
            return -EFAULT;
        dt.status = GNTST_okay;
        if ( (d = target_of(dt.dom, &dt.status)) != NULL )
            dump_table(d);
        return copy_to_guest(arg, &dt, sizeof(dt)) ? -EFAULT : 0;
    }
    default:
        return -ENOSYS;
    }
}

long do_grant_table_op(unsigned int cmd, uint64_t arg, unsigned int count);

long do_grant_table_op(unsigned int cmd, uint64_t arg, unsigned int count)
{
    if ( (int)count < 0 )
        return -EINVAL;
    switch ( cmd )
    {
    case GNTTABOP_map_grant_ref:
        FOR_EACH_OP(struct gnttab_map_grant_ref, arg, count, map_one(&op_));
        return 0;
    case GNTTABOP_unmap_grant_ref:
        FOR_EACH_OP(struct gnttab_unmap_grant_ref, arg, count,
                    op_.status =
                        (int16_t)unmap_one(op_.handle, op_.host_addr, op_.dev_bus_addr, 0));
        return 0;
    case GNTTABOP_unmap_and_replace:
        FOR_EACH_OP(struct gnttab_unmap_and_replace, arg, count,
                    op_.status = (int16_t)unmap_one(op_.handle, op_.host_addr, 0, op_.new_addr));
        return 0;
    case GNTTABOP_copy:
        FOR_EACH_OP(struct gnttab_copy, arg, count, op_.status = (int16_t)copy_one(&op_));
        return 0;
    case GNTTABOP_transfer:
        return -ENOSYS; /* page flipping: not implemented (no user since netfront's copy mode) */
    case GNTTABOP_query_size:
    case GNTTABOP_setup_table:
    case GNTTABOP_get_version:
    case GNTTABOP_set_version:
    case GNTTABOP_dump_table:
        if ( count != 1 )
            return -EINVAL;
        return table_op(cmd, arg);
    default:
        return -ENOSYS;
    }
}
