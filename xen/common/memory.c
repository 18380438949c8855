/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The memory_op hypercall, generic part: reservation sizes and the top of RAM;
 * the rest goes to arch_memory_op(). (populate_physmap, increase/decrease and
 * exchange come with ballooning.)
 */
#include <public/memory.h>
#include <public/xen.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>

long arch_memory_op(unsigned long cmd, uint64_t arg);
long do_memory_op(unsigned long cmd, uint64_t arg);

/* The domain a reservation query names: the caller, or another if privileged. */
static struct domain *query_domain(uint64_t arg, long *rc)
{
    struct domain *self = current->domain, *d;
    domid_t domid;

    if ( copy_from_guest(&domid, arg, sizeof(domid)) )
    {
        *rc = -EFAULT;
        return NULL;
    }
    if ( domid == DOMID_SELF || domid == self->domain_id )
        return self;
    if ( !self->is_privileged )
    {
        *rc = -EPERM;
        return NULL;
    }
    if ( (d = domain_lookup(domid)) == NULL )
        *rc = -ESRCH;
    return d;
}

long do_memory_op(unsigned long cmd, uint64_t arg)
{
    struct domain *d;
    long rc = 0;

    switch ( cmd & 0x3f ) /* the upper bits carry a continuation start, unused yet */
    {
    case XENMEM_maximum_ram_page:
        return (long)max_page;
    case XENMEM_current_reservation:
    case XENMEM_maximum_reservation:
    case XENMEM_maximum_gpfn:
        if ( (d = query_domain(arg, &rc)) == NULL )
            return rc;
        if ( (cmd & 0x3f) == XENMEM_current_reservation )
            return (long)d->tot_pages;
        if ( (cmd & 0x3f) == XENMEM_maximum_reservation )
            return (long)d->max_pages;
        return (long)d->tot_pages - 1;
    default:
        return arch_memory_op(cmd, arg);
    }
}
