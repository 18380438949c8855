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
#include <xen/smp.h>
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
        flags |= XEN_DOMINF_shutdown;
    /*
     * As Xen 4.17: the code is reported even before any shutdown, unmasked
     * (none set yet, ~0, fills bits 16-31).
     */
    flags |= d->shutdown_code << XEN_DOMINF_shutdownshift;
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

/* vCPU slots a domain may have: legacy vcpu_info slots in shared_info, times four. */
#define DOMCTL_MAX_VCPUS 128

/* The flags createdomain knows; those that need HVM are refused below. */
#define CDF_KNOWN (XEN_DOMCTL_CDF_MAX * 2 - 1)

/* Domain ids handed out by "first free" go round from the last one given, as Xen's do. */
static domid_t domid_rover;

static bool domid_is_free(domid_t id)
{
    return domain_lookup(id) == NULL;
}

/* Check a createdomain request completely; 0 or the errno to answer. */
static long check_createdomain(const struct xen_domctl_createdomain *c)
{
    if ( c->flags & ~CDF_KNOWN )
        return -EINVAL;
    if ( c->flags & XEN_DOMCTL_CDF_hvm )
    {
        printk("domctl createdomain: HVM domains are not supported (PV only)\n");
        return -EOPNOTSUPP;
    }
    /* HAP and nested virtualisation are HVM's; no IOMMU, no vPMU here. */
    if ( c->flags & (XEN_DOMCTL_CDF_hap | XEN_DOMCTL_CDF_nested_virt | XEN_DOMCTL_CDF_iommu |
                     XEN_DOMCTL_CDF_vpmu) )
        return -EINVAL;
    if ( c->iommu_opts || c->vmtrace_size || c->cpupool_id )
        return -EINVAL;
    if ( c->max_vcpus == 0 || c->max_vcpus > DOMCTL_MAX_VCPUS )
        return -EINVAL;
    if ( (c->grant_opts & ~XEN_DOMCTL_GRANT_version_mask) ||
         (c->grant_opts & XEN_DOMCTL_GRANT_version_mask) > 2 )
        return -EINVAL;
    if ( c->arch.emulation_flags )
        return -EOPNOTSUPP; /* emulated devices are for HVM guests */
    if ( c->arch.misc_flags & ~1U /* XEN_X86_MSR_RELAXED */ )
        return -EINVAL;
    return 0;
}

/*
 * XEN_DOMCTL_createdomain: a PV domain, paused once by the toolstack, with
 * vCPU slots but no vCPUs (max_vcpus) and no memory (max_mem, memory_op).
 * Taken as given and not used: ssidref (no XSM), max_evtchn_port,
 * max_grant_frames, max_maptrack_frames (fixed limits), the grant version
 * (version 1 only), s3_integrity, oos_off and xs_domain.
 */
static long domctl_op_createdomain(struct xen_domctl *op)
{
    struct xen_domctl_createdomain *c = &op->u.createdomain;
    domid_t id = op->domain;
    struct domain *d;
    long rc;

    /* The id first, as Xen: a refused request still moves the "first free" rover on. */
    if ( id != 0 && id < DOMID_FIRST_RESERVED )
    {
        if ( !domid_is_free(id) )
            return -EEXIST;
    }
    else
    {
        for ( id = domid_rover;; )
        {
            if ( ++id >= DOMID_FIRST_RESERVED )
                id = 1;
            if ( domid_is_free(id) )
                break;
            if ( id == domid_rover )
                return -ENOMEM; /* every id taken */
        }
        domid_rover = id;
    }
    if ( (rc = check_createdomain(c)) != 0 )
        return rc;
    d = domain_create(id, c->max_vcpus, false);
    if ( d == NULL )
        return -ENOMEM;
    d->controller_pause_count = 1;
    memcpy(d->handle, c->handle, sizeof(d->handle));
    op->domain = id;
    printk("Domain %u created by d%u (%u vCPU slots)\n", id, current->domain->domain_id,
           c->max_vcpus);
    return 0;
}

/* XEN_DOMCTL_destroydomain (-EAGAIN: a batch done, do_domctl continues the call). */
static long domctl_op_destroydomain(struct xen_domctl *op, struct domain *d)
{
    (void)op;
    return domain_kill(d);
}

/* XEN_DOMCTL_pausedomain: not the caller's own domain, nor a dying one. */
static long domctl_op_pausedomain(struct xen_domctl *op, struct domain *d)
{
    (void)op;
    if ( d == current->domain || d->is_dying != DOMDYING_alive )
        return -EINVAL;
    domain_pause_by_controller(d);
    return 0;
}

/* XEN_DOMCTL_unpausedomain: -EINVAL unless the toolstack paused it. */
static long domctl_op_unpausedomain(struct xen_domctl *op, struct domain *d)
{
    (void)op;
    if ( d->is_dying != DOMDYING_alive )
        return -EINVAL;
    return domain_unpause_by_controller(d);
}

/* XEN_DOMCTL_shadow_op: there is no shadow paging nor log-dirty tracking. */
static long domctl_op_shadow_op(struct xen_domctl *op, struct domain *d)
{
    printk("d%u: domctl shadow_op %u on d%u: shadow paging is not supported\n",
           current->domain->domain_id, op->u.shadow_op.op, d->domain_id);
    return -EOPNOTSUPP;
}

/* XEN_DOMCTL_max_mem: KiB, rounded down to pages; may be below what d has (it only stops growth).
 */
static long domctl_op_max_mem(struct xen_domctl *op, struct domain *d)
{
    uint64_t pages = op->u.max_mem.max_memkb >> (PAGE_SHIFT - 10);

    d->max_pages = pages > ~0UL ? ~0UL : (unsigned long)pages;
    return 0;
}

/* XEN_DOMCTL_max_vcpus: create vCPUs 0..max-1 (max as createdomain said), spread over the CPUs. */
static long domctl_op_max_vcpus(struct xen_domctl *op, struct domain *d)
{
    unsigned int max = op->u.max_vcpus.max, ncpus = num_online_cpus();

    if ( d == current->domain || max != d->max_vcpus || d->is_dying != DOMDYING_alive )
        return -EINVAL;
    for ( unsigned int i = 0; i < max; i++ )
        if ( d->vcpu[i] == NULL && vcpu_create(d, i, (d->domain_id + i) % ncpus) == NULL )
            return -ENOMEM;
    return 0;
}

/*
 * XEN_DOMCTL_scheduler_op: the credit scheduler's weight and cap, per domain.
 * Stored here, used by sched_credit.c.
 */
static long domctl_op_scheduler_op(struct xen_domctl *op, struct domain *d)
{
    struct xen_domctl_scheduler_op *s = &op->u.scheduler_op;

    if ( s->sched_id != XEN_SCHEDULER_CREDIT )
        return -EINVAL;
    switch ( s->cmd )
    {
    case XEN_DOMCTL_SCHEDOP_putinfo:
        if ( s->u.credit.weight != 0 )
            d->sched_weight = s->u.credit.weight;
        if ( s->u.credit.cap != (uint16_t)~0U )
            d->sched_cap = s->u.credit.cap;
        return 0;
    case XEN_DOMCTL_SCHEDOP_getinfo:
        memset(&s->u, 0, sizeof(s->u));
        s->u.credit.weight = (uint16_t)sched_domain_weight(d);
        s->u.credit.cap = d->sched_cap;
        return 0;
    default:
        return -EINVAL; /* no per-vCPU parameters in the credit scheduler */
    }
}

/* XEN_DOMCTL_setdomainhandle */
static long domctl_op_setdomainhandle(struct xen_domctl *op, struct domain *d)
{
    memcpy(d->handle, op->u.setdomainhandle.handle, sizeof(d->handle));
    return 0;
}

/* XEN_DOMCTL_hypercall_init */
static long domctl_op_hypercall_init(struct xen_domctl *op, struct domain *d)
{
    return arch_hypercall_page_init(d, op->u.hypercall_init.gmfn);
}

/* XEN_DOMCTL_set_address_size: 64-bit PV guests only (no 32-bit compat guests). */
static long domctl_op_set_address_size(struct xen_domctl *op, struct domain *d)
{
    (void)d;
    if ( op->u.address_size.size == 64 )
        return 0;
    if ( op->u.address_size.size == 32 )
        return -EOPNOTSUPP; /* 32-bit PV guests are not supported */
    return -EINVAL;
}

/* XEN_DOMCTL_get_address_size */
static long domctl_op_get_address_size(struct xen_domctl *op, struct domain *d)
{
    (void)d;
    op->u.address_size.size = 64;
    return 0;
}

/* XEN_DOMCTL_get_cpu_policy / set_cpu_policy: the architecture's (x86/cpu_policy.c). */
static long domctl_op_get_cpu_policy(struct xen_domctl *op, struct domain *d)
{
    return arch_domctl_get_cpu_policy(d, &op->u.cpu_policy);
}

static long domctl_op_set_cpu_policy(struct xen_domctl *op, struct domain *d)
{
    return arch_domctl_set_cpu_policy(d, &op->u.cpu_policy);
}

/* One sub-op: its worker and what it needs. */
struct domctl_op {
    long (*fn)(struct xen_domctl *op, struct domain *d); /* on the existing domain op->domain */
    long (*fn_nodom)(struct xen_domctl *op);             /* not on one existing domain */
    bool copy_back;                                      /* has OUT fields: copy the struct back */
    bool copy_back_errors; /* and on an error (but -EFAULT): its OUT fields say why */
};

static const struct domctl_op domctl_ops[] = {
    [XEN_DOMCTL_createdomain] = {.fn_nodom = domctl_op_createdomain, .copy_back = true},
    [XEN_DOMCTL_destroydomain] = {.fn = domctl_op_destroydomain},
    [XEN_DOMCTL_pausedomain] = {.fn = domctl_op_pausedomain},
    [XEN_DOMCTL_unpausedomain] = {.fn = domctl_op_unpausedomain},
    [XEN_DOMCTL_getdomaininfo] = {.fn_nodom = domctl_op_getdomaininfo, .copy_back = true},
    [XEN_DOMCTL_setvcpuaffinity] = {.fn = domctl_op_setvcpuaffinity},
    [XEN_DOMCTL_shadow_op] = {.fn = domctl_op_shadow_op},
    [XEN_DOMCTL_max_mem] = {.fn = domctl_op_max_mem},
    [XEN_DOMCTL_setvcpucontext] = {.fn = domctl_op_setvcpucontext},
    [XEN_DOMCTL_getvcpucontext] = {.fn = domctl_op_getvcpucontext},
    [XEN_DOMCTL_getvcpuinfo] = {.fn = domctl_op_getvcpuinfo, .copy_back = true},
    [XEN_DOMCTL_max_vcpus] = {.fn = domctl_op_max_vcpus},
    [XEN_DOMCTL_scheduler_op] = {.fn = domctl_op_scheduler_op, .copy_back = true},
    [XEN_DOMCTL_setdomainhandle] = {.fn = domctl_op_setdomainhandle},
    [XEN_DOMCTL_hypercall_init] = {.fn = domctl_op_hypercall_init},
    [XEN_DOMCTL_settscinfo] = {.fn = domctl_op_settscinfo},
    [XEN_DOMCTL_gettscinfo] = {.fn = domctl_op_gettscinfo, .copy_back = true},
    [XEN_DOMCTL_getpageframeinfo3] = {.fn = domctl_op_getpageframeinfo3},
    [XEN_DOMCTL_set_target] = {.fn = domctl_op_set_target},
    [XEN_DOMCTL_get_ext_vcpucontext] = {.fn = domctl_op_get_ext_vcpucontext, .copy_back = true},
    [XEN_DOMCTL_set_ext_vcpucontext] = {.fn = domctl_op_set_ext_vcpucontext},
    [XEN_DOMCTL_irq_permission] = {.fn = domctl_op_irq_permission},
    [XEN_DOMCTL_iomem_permission] = {.fn = domctl_op_iomem_permission},
    [XEN_DOMCTL_ioport_permission] = {.fn = domctl_op_ioport_permission},
    [XEN_DOMCTL_setnodeaffinity] = {.fn = domctl_op_setnodeaffinity},
    [XEN_DOMCTL_getnodeaffinity] = {.fn = domctl_op_getnodeaffinity},
    [XEN_DOMCTL_getvcpuaffinity] = {.fn = domctl_op_getvcpuaffinity},
    [XEN_DOMCTL_set_address_size] = {.fn = domctl_op_set_address_size},
    [XEN_DOMCTL_get_address_size] = {.fn = domctl_op_get_address_size, .copy_back = true},
    [XEN_DOMCTL_get_cpu_policy] = {.fn = domctl_op_get_cpu_policy, .copy_back = true},
    [XEN_DOMCTL_set_cpu_policy] = {.fn = domctl_op_set_cpu_policy,
                                   .copy_back = true,
                                   .copy_back_errors = true},
};

/* One domctl at a time, as Xen's domctl lock makes it. */
static DEFINE_SPINLOCK(domctl_lock);

/*
 * The order of Xen 4.17: the struct (-EFAULT), its version (-EACCES), the
 * domain (-ESRCH), then the caller's privilege (-EPERM).
 */
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
    spin_lock(&domctl_lock);
    domain_reap();
    /* Looked up again under the lock: another vCPU may have destroyed it meanwhile. */
    if ( row->fn && domain_lookup(op.domain) != d )
        rc = -ESRCH;
    else
        rc = row->fn ? row->fn(&op, d) : row->fn_nodom(&op);
    spin_unlock(&domctl_lock);
    if ( (rc == 0 || (rc != -EFAULT && row->copy_back_errors)) && row->copy_back &&
         copy_to_guest(arg, &op, sizeof(op)) )
        rc = -EFAULT;
    /*
     * A long sub-op (destroydomain) did a batch: the guest issues the same
     * call again once this CPU's softirqs ran, as Xen's continuations do. From
     * a multicall that is impossible: the caller sees -EAGAIN and calls again
     * (libxenctrl does).
     */
    if ( rc == -EAGAIN && arch_hypercall_continue(arg, 0, 0, 0, 0) )
        return 0;
    return rc;
}
