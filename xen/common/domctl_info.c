/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * domctl sub-ops that report on a domain, hand it parts of the machine or
 * refuse what needs HVM: the TSC mode (set/gettscinfo), the types of its frames
 * (getpageframeinfo3, for a toolstack saving or checking a PV domain), its
 * IRQ, I/O-memory and I/O-port permissions, a device model's target.
 */
#include <xen/types.h> /* before the public headers, which use its types */

#include <public/domctl.h>
#include <public/xen.h>
#include <xen/domctl.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/rangeset.h>
#include <xen/sched.h>
#include <xen/string.h>
#include <xen/time.h>

/* TSC modes (tsc_mode of xen_domctl_tsc_info). */
#define TSC_MODE_DEFAULT        0
#define TSC_MODE_ALWAYS_EMULATE 1
#define TSC_MODE_NEVER_EMULATE  2

/* Frames getpageframeinfo3 answers for in one call (Xen 4.17's limit). */
#define PFINFO_MAX 1024

/*
 * XEN_DOMCTL_settscinfo: PV guests read the host TSC; only modes that say so are
 * taken. The incarnation is kept one up, as Xen keeps it (a migrated domain's
 * count of moves).
 */
long domctl_op_settscinfo(struct xen_domctl *op, struct domain *d)
{
    const struct xen_domctl_tsc_info *t = &op->u.tsc_info;

    switch ( t->tsc_mode )
    {
    case TSC_MODE_DEFAULT:
    case TSC_MODE_NEVER_EMULATE:
        d->tsc_mode = t->tsc_mode;
        d->tsc_incarnation = t->incarnation + 1;
        return 0;
    case TSC_MODE_ALWAYS_EMULATE:
        printk("d%u: domctl settscinfo: TSC emulation is not supported\n",
               current->domain->domain_id);
        return -EOPNOTSUPP;
    default:
        return -EINVAL;
    }
}

/*
 * XEN_DOMCTL_gettscinfo: the mode and incarnation settscinfo left, the host
 * TSC's kHz and the ns since the domain was created (what a restore would
 * carry on from).
 */
long domctl_op_gettscinfo(struct xen_domctl *op, struct domain *d)
{
    struct xen_domctl_tsc_info *t = &op->u.tsc_info;
    s_time_t elapsed = NOW() - d->created;

    memset(t, 0, sizeof(*t));
    t->tsc_mode = d->tsc_mode;
    t->incarnation = d->tsc_incarnation;
    if ( d->tsc_mode == TSC_MODE_DEFAULT )
    {
        t->gtsc_khz = arch_tsc_khz();
        t->elapsed_nsec = elapsed > 0 ? (uint64_t)elapsed : 0;
    }
    return 0;
}

/*
 * XEN_DOMCTL_getpageframeinfo3: each frame number of the caller's array is
 * replaced by its type as d's frame. The count is checked before anything is
 * read; a fault part-way leaves the entries before it answered.
 */
long domctl_op_getpageframeinfo3(struct xen_domctl *op, struct domain *d)
{
    uint64_t num = op->u.getpageframeinfo3.num;
    uint64_t array = guest_handle_va(op->u.getpageframeinfo3.array);

    if ( num > PFINFO_MAX )
        return -E2BIG;
    for ( uint64_t i = 0; i < num; i++ )
    {
        xen_pfn_t f;

        if ( copy_from_guest(&f, array + i * sizeof(f), sizeof(f)) )
            return -EFAULT;
        f = arch_page_frame_type(d, (unsigned long)f);
        if ( copy_to_guest(array + i * sizeof(f), &f, sizeof(f)) )
            return -EFAULT;
    }
    return 0;
}

/*
 * XEN_DOMCTL_set_target: d (a device model's domain) would act on the target
 * as a privileged domain. Targets are HVM guests, and there are none here: a
 * valid request is -EOPNOTSUPP, as Xen 4.17 answers for a PV target.
 */
long domctl_op_set_target(struct xen_domctl *op, struct domain *d)
{
    struct domain *e;

    if ( op->u.set_target.target == d->domain_id )
        return -EINVAL;
    e = domain_lookup(op->u.set_target.target);
    if ( e == NULL )
        return -ESRCH;
    return -EOPNOTSUPP;
}

/* Frames and ports the permission sub-ops know: I/O ports are 16-bit. */
#define NR_IOPORTS 0x10000

/*
 * Grant (allow) or take away [s, e] of d's set, if the caller holds all of it
 * itself: -EPERM otherwise, whichever way (as Xen 4.17).
 */
static long pass_on(struct rangeset *mine, struct rangeset *theirs, uint64_t s, uint64_t e,
                    bool allow)
{
    if ( !rangeset_contains(mine, s, e) )
        return -EPERM;
    return allow ? rangeset_add(theirs, s, e) : rangeset_remove(theirs, s, e);
}

/* XEN_DOMCTL_irq_permission: the machine IRQ behind the caller's pirq. */
long domctl_op_irq_permission(struct xen_domctl *op, struct domain *d)
{
    const struct xen_domctl_irq_permission *p = &op->u.irq_permission;
    int irq = arch_irq_of_pirq(current->domain, p->pirq);

    if ( irq < 0 )
        return irq;
    return p->allow_access ? rangeset_add(&d->irq_caps, (uint64_t)irq, (uint64_t)irq)
                           : rangeset_remove(&d->irq_caps, (uint64_t)irq, (uint64_t)irq);
}

/* XEN_DOMCTL_iomem_permission: machine frames [first_mfn, first_mfn + nr_mfns). */
long domctl_op_iomem_permission(struct xen_domctl *op, struct domain *d)
{
    const struct xen_domctl_iomem_permission *p = &op->u.iomem_permission;
    uint64_t last = p->first_mfn + p->nr_mfns - 1;

    if ( p->nr_mfns == 0 || last < p->first_mfn )
        return -EINVAL; /* empty or wrapping */
    return pass_on(&current->domain->iomem_caps, &d->iomem_caps, p->first_mfn, last,
                   p->allow_access != 0);
}

/* XEN_DOMCTL_ioport_permission: ports [first_port, first_port + nr_ports). */
long domctl_op_ioport_permission(struct xen_domctl *op, struct domain *d)
{
    const struct xen_domctl_ioport_permission *p = &op->u.ioport_permission;
    uint64_t end = (uint64_t)p->first_port + p->nr_ports;

    if ( p->nr_ports == 0 || end > NR_IOPORTS )
        return -EINVAL;
    return pass_on(&current->domain->ioport_caps, &d->ioport_caps, p->first_port, end - 1,
                   p->allow_access != 0);
}
