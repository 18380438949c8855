/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The memory_op hypercall, generic part: reservation sizes and the top of RAM,
 * growing and shrinking a domain (increase/decrease_reservation,
 * populate_physmap) and trading frames for others (exchange); the rest goes to
 * arch_memory_op().
 *
 * Long requests are done MEMOP_MAX_PAGES pages at a time (at least one extent),
 * each chunk a hypercall continuation of the last, so the CPU runs its softirqs in
 * between (the scheduler may preempt the guest) and the guest sees one call that
 * did everything, as with Xen. From a multicall, where a continuation is not
 * possible, one call does one chunk and returns the extents done (the ABI lets a
 * guest resume from there, the start extent in cmd; an exchange from nr_exchanged).
 */
#include <xen/types.h> /* before the public headers, which use its types */

#include <public/memory.h>
#include <public/xen.h>
#include <xen/arch.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/string.h>
#include <xen/xmalloc.h>

long arch_memory_op(unsigned long cmd, uint64_t arg);
long do_memory_op(unsigned long cmd, uint64_t arg);

/* cmd: the sub-op in the low bits, the extent to start from above them. */
#define MEMOP_CMD_MASK     0x3fUL
#define MEMOP_EXTENT_SHIFT 6

/* Largest extent: the hardware domain may ask for 2^18 pages (1 GiB) as with Xen; others 2^9. */
#define MEMOP_MAX_ORDER_PRIV 18
#define MEMOP_MAX_ORDER      9

/* The work done between two preemption points (pages; host tests lower it). */
#ifndef MEMOP_MAX_PAGES
#define MEMOP_MAX_PAGES (1UL << 12)
#endif

/* Page offset bits: an address width must exceed them. */
#define MEMOP_PAGE_BITS 12

static unsigned int max_extent_order(const struct domain *d)
{
    return d->is_privileged ? MEMOP_MAX_ORDER_PRIV : MEMOP_MAX_ORDER;
}

/* The domain a request names: the caller, or another if privileged; NULL and *rc if neither. */
static struct domain *target_domain(domid_t domid, long *rc)
{
    struct domain *self = current->domain, *d;

    if ( domid == DOMID_SELF || domid == self->domain_id )
        return self;
    if ( (d = domain_lookup(domid)) == NULL )
        *rc = -ESRCH;
    else if ( !self->is_privileged )
    {
        *rc = -EPERM;
        d = NULL;
    }
    return d;
}

/*
 * The requests for what PV domains do not have (an auto-translated physmap, a
 * vNUMA topology): each starts with the domid it names, and is read and
 * checked whole before the answer (as Xen 4.17 does).
 */
static long absent_feature(uint64_t arg, size_t size, long answer)
{
    uint8_t req[40];
    domid_t domid;
    long rc = 0;

    if ( size > sizeof(req) || copy_from_guest(req, arg, size) )
        return -EFAULT;
    memcpy(&domid, req, sizeof(domid));
    if ( target_domain(domid, &rc) == NULL )
        return rc;
    return answer;
}

/* The domain a reservation query names. */
static struct domain *query_domain(uint64_t arg, long *rc)
{
    domid_t domid;

    if ( copy_from_guest(&domid, arg, sizeof(domid)) )
    {
        *rc = -EFAULT;
        return NULL;
    }
    return target_domain(domid, rc);
}

/*
 * The frame limit (exclusive) an address width in mem_flags allows: ~0UL for
 * none (0, or at least the machine's width), 0 if the width cannot hold a page.
 */
static unsigned long frame_limit(uint32_t mem_flags)
{
    unsigned int bits = XENMEMF_get_address_bits(mem_flags);

    if ( bits == 0 )
        return ~0UL;
    if ( bits <= MEMOP_PAGE_BITS )
        return 0;
    if ( bits - MEMOP_PAGE_BITS >= 8 * sizeof(unsigned long) )
        return ~0UL;
    return 1UL << (bits - MEMOP_PAGE_BITS);
}

/* Read/write entry i of a frame list the guest passed. */
static bool get_frame(const struct xen_memory_reservation *r, unsigned long i, xen_pfn_t *f)
{
    return copy_from_guest(f, guest_handle_va(r->extent_start) + i * sizeof(*f), sizeof(*f)) == 0;
}

static bool put_frame(const struct xen_memory_reservation *r, unsigned long i, xen_pfn_t f)
{
    return copy_to_guest(guest_handle_va(r->extent_start) + i * sizeof(f), &f, sizeof(f)) == 0;
}

/* Whether entries [start, nr_extents) of the frame list lie in the guest's address space. */
static bool list_ok(const struct xen_memory_reservation *r, unsigned long start)
{
    unsigned long n = r->nr_extents - start;

    if ( !guest_handle_va(r->extent_start) )
        return true; /* no list (increase only; the others fail on the first read) */
    return n <= ~0UL / sizeof(xen_pfn_t) &&
           guest_access_ok(guest_handle_va(r->extent_start) + start * sizeof(xen_pfn_t),
                           n * sizeof(xen_pfn_t));
}

/* increase_reservation / populate_physmap: extents [i, end) for d. Returns extents done. */
static unsigned long grow(struct domain *d, unsigned int op, const struct xen_memory_reservation *r,
                          unsigned long i, unsigned long end, unsigned long limit)
{
    for ( ; i < end; i++ )
    {
        struct page_info *pg;
        xen_pfn_t gpfn = 0;
        unsigned long mfn;

        if ( op == XENMEM_populate_physmap && !get_frame(r, i, &gpfn) )
            break;
        if ( (pg = alloc_domheap_pages(d, r->extent_order, limit)) == NULL )
            break;
        mfn = mfn_x(page_to_mfn(pg));
        for ( unsigned long j = 0; j < (1UL << r->extent_order); j++ )
            arch_set_gpfn_from_mfn(mfn + j, op == XENMEM_populate_physmap ? gpfn + j : ~0UL);
        /* A null list asks for no report (increase only: populate read its gpfn from it). */
        if ( guest_handle_va(r->extent_start) && !put_frame(r, i, mfn) )
            break; /* the frames stay d's, as with Xen */
    }
    return i;
}

/* decrease_reservation: give back the extents [i, end) d lists. Returns extents done. */
static unsigned long shrink(struct domain *d, const struct xen_memory_reservation *r,
                            unsigned long i, unsigned long end)
{
    for ( ; i < end; i++ )
    {
        xen_pfn_t mfn;
        unsigned long j;

        if ( !get_frame(r, i, &mfn) )
            break;
        /* Frame by frame, as Xen: a failure part-way leaves the earlier frames freed. */
        for ( j = 0; j < (1UL << r->extent_order); j++ )
            if ( mfn + j < mfn || arch_release_page(d, mfn + j) )
                break;
        if ( j < (1UL << r->extent_order) )
            break;
    }
    return i;
}

/*
 * increase_reservation, decrease_reservation, populate_physmap. As Xen, every
 * refusal (bad argument, unknown domain, too large an extent) is reported only
 * as the count of extents done, which starts at the continuation's start.
 */
static long reservation_op(unsigned int op, unsigned long start, uint64_t arg)
{
    struct xen_memory_reservation r;
    struct domain *d;
    unsigned long limit, end, node, per_call, done;
    long rc = 0;

    if ( copy_from_guest(&r, arg, sizeof(r)) || start >= r.nr_extents )
        return (long)start;
    /* As Xen: a count a continuation could not encode in 32 bits, or a list outside the guest. */
    if ( r.nr_extents > (0xffffffffUL >> MEMOP_EXTENT_SHIFT) || !list_ok(&r, start) )
        return (long)start;
    if ( r.extent_order > max_extent_order(current->domain) )
        return (long)start;
    node = (r.mem_flags >> 8) & 0xff;
    if ( op != XENMEM_decrease_reservation &&
         ((r.mem_flags & XENMEMF_populate_on_demand) ||
          ((r.mem_flags & XENMEMF_exact_node_request) && node > 1)) )
        return (long)start; /* no populate-on-demand for PV; one NUMA node, 0 */
    if ( (limit = frame_limit(r.mem_flags)) == 0 )
        return (long)start;
    if ( (d = target_domain(r.domid, &rc)) == NULL )
        return (long)start;

    /* Bounded work per chunk (see the top of the file), at least one extent. */
    per_call = MEMOP_MAX_PAGES >> r.extent_order;
    if ( per_call == 0 )
        per_call = 1;
    end = r.nr_extents;
    if ( end - start > per_call )
        end = start + per_call;
    done = op == XENMEM_decrease_reservation ? shrink(d, &r, start, end)
                                             : grow(d, op, &r, start, end, limit);
    /* The whole chunk done and more to do: the rest is a continuation, if possible. */
    if ( done == end && end < r.nr_extents &&
         arch_hypercall_continue(op | (end << MEMOP_EXTENT_SHIFT), arg, 0, 0, 0) )
        return 0;
    return (long)done;
}

/*
 * One chunk of an exchange: in_nr input extents (their frame numbers at in[])
 * for out_nr output extents whose guest frames are listed from entry `out_at`
 * of x->out.extent_start. All or nothing, in Xen's order: the old frames are
 * claimed (all unreferenced, or none is: -EINVAL), the new extents allocated
 * (or the old frames given back: -ENOMEM), then the old ones freed and the new
 * ones given to d, entered in the M2P and reported.
 */
static long exchange_chunk(struct domain *d, const struct xen_memory_exchange *x,
                           const unsigned long *in, unsigned long in_nr, unsigned long out_at,
                           unsigned long out_nr, unsigned long limit)
{
    struct page_info **out = xzalloc_array(struct page_info *, out_nr);
    unsigned int order = x->out.extent_order;
    unsigned long i;
    long rc = 0;

    if ( out == NULL )
        return -ENOMEM;
    if ( (rc = arch_claim_pages(d, in, in_nr, x->in.extent_order)) != 0 )
        goto out;
    for ( i = 0; i < out_nr && rc == 0; i++ )
        if ( (out[i] = alloc_heap_pages_below(order, limit)) == NULL )
            rc = -ENOMEM;
    arch_settle_claimed_pages(in, in_nr, x->in.extent_order, rc == 0);
    if ( rc )
    {
        for ( i = 0; i < out_nr; i++ )
            if ( out[i] )
                free_heap_pages(out[i], order);
        goto out;
    }
    for ( i = 0; i < out_nr; i++ )
    {
        unsigned long mfn = mfn_x(page_to_mfn(out[i]));
        xen_pfn_t gpfn;

        assign_domheap_pages(d, out[i], order);
        /* As Xen: a list the guest cannot read or write leaves the frames d's, -EFAULT. */
        if ( !get_frame(&x->out, out_at + i, &gpfn) )
        {
            rc = -EFAULT;
            continue;
        }
        for ( unsigned long j = 0; j < (1UL << order); j++ )
            arch_set_gpfn_from_mfn(mfn + j, gpfn + j);
        if ( !put_frame(&x->out, out_at + i, mfn) )
            rc = -EFAULT;
    }
out:
    xfree(out);
    return rc;
}

/*
 * XENMEM_exchange. Checks, in Xen's order: orders (-EPERM), resumption point
 * and sizes (-EINVAL), the domain (-ESRCH/-EPERM), the address width
 * (-ENOMEM when nothing fits). Then chunk by chunk, nr_exchanged counting the
 * input extents done and written back whatever happens. Where Xen would
 * continue itself past MEMOP_MAX_PAGES pages, this returns -EAGAIN and the
 * guest calls again with nr_exchanged as it was written back.
 */
static long exchange(uint64_t arg)
{
    struct xen_memory_exchange x;
    unsigned int in_o, out_o, hi;
    unsigned long in_chunk, out_chunk, limit, work = 0, *in = NULL;
    struct domain *d;
    long rc = 0;

    if ( copy_from_guest(&x, arg, sizeof(x)) )
        return -EFAULT;
    in_o = x.in.extent_order;
    out_o = x.out.extent_order;
    if ( in_o > max_extent_order(current->domain) || out_o > max_extent_order(current->domain) )
        return -EPERM;
    hi = in_o > out_o ? in_o : out_o;
    /* A chunk is 2^hi pages: in_chunk input extents for out_chunk output ones. */
    in_chunk = 1UL << (hi - in_o);
    out_chunk = 1UL << (hi - out_o);
    if ( x.nr_exchanged > x.in.nr_extents || (x.in.nr_extents >> (63 - hi)) ||
         (x.out.nr_extents >> (63 - hi)) ||
         (x.in.nr_extents << in_o) != (x.out.nr_extents << out_o) )
        return -EINVAL;
    x.nr_exchanged &= ~(in_chunk - 1); /* as Xen: resume at the chunk it falls in */
    if ( (d = target_domain(x.in.domid, &rc)) == NULL )
        return rc;
    limit = frame_limit(x.out.mem_flags);
    if ( !list_ok(&x.in, x.nr_exchanged) ||
         !list_ok(&x.out, x.nr_exchanged / in_chunk * out_chunk) )
        rc = -EFAULT;
    else if ( limit == 0 && x.nr_exchanged < x.in.nr_extents )
        rc = -ENOMEM;
    else if ( (in = xzalloc_array(unsigned long, in_chunk)) == NULL )
        rc = -ENOMEM;

    while ( rc == 0 && x.nr_exchanged < x.in.nr_extents )
    {
        unsigned long c = x.nr_exchanged / in_chunk;

        if ( work && work + (1UL << hi) > MEMOP_MAX_PAGES )
        {
            rc = -EAGAIN; /* continued below, or the guest calls again from nr_exchanged */
            break;
        }
        work += 1UL << hi;
        for ( unsigned long k = 0; k < in_chunk && rc == 0; k++ )
        {
            xen_pfn_t f;

            if ( !get_frame(&x.in, x.nr_exchanged + k, &f) )
                rc = -EFAULT;
            else
                in[k] = f;
        }
        if ( rc == 0 )
            rc = exchange_chunk(d, &x, in, in_chunk, c * out_chunk, out_chunk, limit);
        if ( rc == 0 )
            x.nr_exchanged += in_chunk;
    }
    xfree(in);
    if ( copy_to_guest(arg + offsetof(struct xen_memory_exchange, nr_exchanged), &x.nr_exchanged,
                       sizeof(x.nr_exchanged)) )
        rc = -EFAULT;
    /* Stopped at the work limit: the same call again resumes from nr_exchanged. */
    if ( rc == -EAGAIN && arch_hypercall_continue(XENMEM_exchange, arg, 0, 0, 0) )
        return 0;
    return rc;
}

long do_memory_op(unsigned long cmd, uint64_t arg)
{
    struct domain *d;
    unsigned int op = cmd & MEMOP_CMD_MASK;
    long rc = 0;

    switch ( op )
    {
    case XENMEM_increase_reservation:
    case XENMEM_decrease_reservation:
    case XENMEM_populate_physmap:
        return reservation_op(op, cmd >> MEMOP_EXTENT_SHIFT, arg);
    case XENMEM_exchange:
        return exchange(arg);
    case XENMEM_maximum_ram_page:
        return (long)max_page;
    case XENMEM_add_to_physmap:
        return absent_feature(arg, 24, -EACCES);
    case XENMEM_add_to_physmap_batch:
        return absent_feature(arg, 32, -EACCES);
    case XENMEM_remove_from_physmap:
        return absent_feature(arg, 16, -EACCES);
    case XENMEM_get_vnumainfo:
        return absent_feature(arg, 40, -EOPNOTSUPP);
    case XENMEM_acquire_resource: /* no resource is offered (public/memory.h) */
        return absent_feature(arg, sizeof(struct xen_mem_acquire_resource), -EOPNOTSUPP);
    case XENMEM_get_sharing_freed_pages:
    case XENMEM_get_sharing_shared_pages:
        return 0; /* no memory sharing: nothing saved, nothing shared */
    case XENMEM_current_reservation:
    case XENMEM_maximum_reservation:
    case XENMEM_maximum_gpfn:
        if ( (d = query_domain(arg, &rc)) == NULL )
            return rc;
        if ( op == XENMEM_current_reservation )
            return (long)d->tot_pages;
        if ( op == XENMEM_maximum_reservation )
            return (long)d->max_pages;
        return (long)d->tot_pages - 1;
    default:
        return arch_memory_op(cmd, arg);
    }
}
