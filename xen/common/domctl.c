/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The domain control hypercall (domctl): the toolstack's operations on one
 * domain. Each sub-op is a row of one table: decode (copy in, check every
 * field), then act; vCPU sub-ops are in domctl_vcpu.c.
 */
#include <xen/types.h> /* before the public headers, which use its types */

#include <public/domctl.h>
#include <public/vcpu.h>
#include <public/xen.h>
#include <xen/arch.h>
#include <xen/domctl.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/string.h>

long do_domctl(uint64_t arg);

/* A vCPU's time running so far, ns (including the current run). */
static uint64_t vcpu_cpu_time(const struct vcpu *v)
{
    uint64_t t = v->runstate_time[RUNSTATE_running];

    if ( v->runstate == RUNSTATE_running )
        t += (uint64_t)(NOW() - v->runstate_entry);
    return t;
}

void domctl_getdomaininfo(const struct domain *d, struct xen_domctl_getdomaininfo *info)
{
    /* Blocked unless some online vCPU is not; no online vCPU reports neither. */
    uint32_t flags = XEN_DOMINF_blocked;
    uint64_t cpu_time = 0;

    memset(info, 0, sizeof(*info));
    info->domain = d->domain_id;
    info->max_vcpu_id = XEN_INVALID_MAX_VCPU_ID;
    for ( unsigned int i = 0; i < d->max_vcpus; i++ )
    {
        const struct vcpu *v = d->vcpu ? d->vcpu[i] : NULL;
        unsigned long pf;

        if ( v == NULL )
            continue;
        info->max_vcpu_id = i;
        cpu_time += vcpu_cpu_time(v);
        pf = __atomic_load_n(&v->pause_flags, __ATOMIC_RELAXED);
        if ( pf & (1UL << VPF_down) )
            continue;
        info->nr_online_vcpus++;
        if ( !(pf & (1UL << VPF_blocked)) )
            flags &= ~XEN_DOMINF_blocked;
        if ( v->is_running )
            flags |= XEN_DOMINF_running;
    }
    if ( info->nr_online_vcpus == 0 )
        flags = 0;
    if ( d->is_dying != DOMDYING_alive )
        flags |= XEN_DOMINF_dying;
    if ( d->is_shutting_down )
        flags |= XEN_DOMINF_shutdown |
                 ((d->shutdown_code & XEN_DOMINF_shutdownmask) << XEN_DOMINF_shutdownshift);
    if ( d->controller_pause_count )
        flags |= XEN_DOMINF_paused;
    info->flags = flags;
    info->tot_pages = d->tot_pages;
    info->max_pages = d->max_pages;
    info->shared_info_frame = d->shared_info ? arch_virt_to_mfn(d->shared_info) : 0;
    info->cpu_time = cpu_time;
    info->ssidref = 0; /* no XSM */
    memcpy(info->handle, d->handle, sizeof(info->handle));
    info->cpupool = 0;
    info->gpaddr_bits = 0; /* PV: the guest sees machine addresses */
}

/* XEN_DOMCTL_getdomaininfo: d, or the first domain above the id asked for (as Xen 4.17). */
static long domctl_op_getdomaininfo(struct xen_domctl *op)
{
    struct domain *best = NULL;

    for ( struct domain *d = domain_list; d; d = d->next_in_list )
        if ( d->domain_id >= op->domain && (best == NULL || d->domain_id < best->domain_id) )
            best = d;
    if ( best == NULL )
        return -ESRCH;
    domctl_getdomaininfo(best, &op->u.getdomaininfo);
    op->domain = best->domain_id;
    return 0;
}

/* One sub-op: its worker and what it needs. */
struct domctl_op {
    long (*fn)(struct xen_domctl *op, struct domain *d);
    long (*fn_nodom)(struct xen_domctl *op); /* for sub-ops not on one existing domain */
    bool copy_back;                          /* has OUT fields: copy the struct back */
};

static const struct domctl_op domctl_ops[] = {
    [XEN_DOMCTL_getdomaininfo] = {.fn_nodom = domctl_op_getdomaininfo, .copy_back = true},
};

long do_domctl(uint64_t arg)
{
    struct xen_domctl op;
    const struct domctl_op *row;
    struct domain *d = NULL;
    long rc;

    if ( copy_from_guest(&op, arg, sizeof(op)) )
        return -EFAULT;
    if ( op.interface_version != XEN_DOMCTL_INTERFACE_VERSION )
        return -EACCES;
    row = op.cmd < ARRAY_SIZE(domctl_ops) ? &domctl_ops[op.cmd] : NULL;
    if ( row && row->fn )
    {
        d = domain_lookup(op.domain);
        if ( d == NULL )
            return -ESRCH;
    }
    if ( !current->domain->is_privileged )
        return -EPERM;
    if ( row == NULL || (row->fn == NULL && row->fn_nodom == NULL) )
    {
        printk("d%u: domctl cmd %u: not provided\n", current->domain->domain_id, op.cmd);
        return -ENOSYS; /* as Xen answers a sub-op it does not know */
    }
    rc = row->fn ? row->fn(&op, d) : row->fn_nodom(&op);
    if ( rc == 0 && row->copy_back && copy_to_guest(arg, &op, sizeof(op)) )
        rc = -EFAULT;
    return rc;
}
