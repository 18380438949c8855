/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * domctl's vCPU sub-ops: affinity (hard: where the scheduler may run the
 * vCPU; soft: stored and reported only), state (getvcpuinfo) and the whole
 * register context (set/getvcpucontext, done by the architecture).
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
#include <xen/xmalloc.h>

/* Bytes of a CPU mask here (NR_CPUS bits). */
#define MASK_BYTES (NR_CPUS / 8)

/* The vCPU a sub-op names: -EINVAL beyond d's slots, -ESRCH for a slot not created. */
static long vcpu_of(struct domain *d, uint32_t id, struct vcpu **v)
{
    if ( id >= d->max_vcpus )
        return -EINVAL;
    if ( (*v = d->vcpu[id]) == NULL )
        return -ESRCH;
    return 0;
}

/*
 * A guest bitmap as a CPU mask. As Xen: bits beyond NR_CPUS are ignored (a
 * larger map is not an error), bits beyond nr_bits are not read.
 */
static long bitmap_from_guest(const struct xenctl_bitmap *b, uint64_t *mask)
{
    uint64_t bytes = ((uint64_t)b->nr_bits + 7) / 8;
    uint8_t buf[MASK_BYTES] = {0};
    unsigned int n = bytes < MASK_BYTES ? (unsigned int)bytes : MASK_BYTES;

    if ( n && copy_from_guest(buf, guest_handle_va(b->bitmap), n) )
        return -EFAULT;
    if ( (b->nr_bits & 7) && bytes <= MASK_BYTES )
        buf[n - 1] &= (uint8_t) ~(0xffU << (b->nr_bits & 7));
    *mask = 0;
    for ( unsigned int i = 0; i < n; i++ )
        *mask |= (uint64_t)buf[i] << (8 * i);
    return 0;
}

/* A CPU mask into a guest bitmap of nr_bits bits: ours, then zeros to its end (as Xen). */
static long bitmap_to_guest(const struct xenctl_bitmap *b, uint64_t mask)
{
    uint64_t bytes = ((uint64_t)b->nr_bits + 7) / 8, va = guest_handle_va(b->bitmap);
    static const uint8_t zeros[256];
    uint8_t buf[MASK_BYTES];
    unsigned int n = bytes < MASK_BYTES ? (unsigned int)bytes : MASK_BYTES;

    for ( unsigned int i = 0; i < MASK_BYTES; i++ )
        buf[i] = (uint8_t)(mask >> (8 * i));
    if ( (b->nr_bits & 7) && bytes <= MASK_BYTES )
        buf[n - 1] &= (uint8_t) ~(0xffU << (b->nr_bits & 7));
    if ( n && copy_to_guest(va, buf, n) )
        return -EFAULT;
    for ( uint64_t off = n; off < bytes; off += sizeof(zeros) )
    {
        uint64_t len = bytes - off < sizeof(zeros) ? bytes - off : sizeof(zeros);

        if ( copy_to_guest(va + off, zeros, (unsigned long)len) )
            return -EFAULT;
    }
    return 0;
}

/* v's hard affinity: 0 stored means never set, every CPU. */
static uint64_t hard_affinity_of(const struct vcpu *v)
{
    return v->cpu_hard_affinity ? v->cpu_hard_affinity : ~0ULL;
}

static uint64_t soft_affinity_of(const struct vcpu *v)
{
    return v->cpu_soft_affinity ? v->cpu_soft_affinity : ~0ULL;
}

/* The vCPU an affinity sub-op names, and a check that it asks for HARD and/or SOFT. */
static long affinity_vcpu(const struct xen_domctl_vcpuaffinity *a, struct domain *d,
                          struct vcpu **v)
{
    long rc = vcpu_of(d, a->vcpu, v);

    if ( rc == 0 && !(a->flags & (XEN_VCPUAFFINITY_HARD | XEN_VCPUAFFINITY_SOFT)) )
        rc = -EINVAL;
    return rc;
}

/*
 * XEN_DOMCTL_setvcpuaffinity: HARD and/or SOFT. A hard mask with no online
 * CPU is -EINVAL. The masks written back are the effective ones: hard and
 * the online CPUs; soft, hard and the online CPUs.
 */
long domctl_op_setvcpuaffinity(struct xen_domctl *op, struct domain *d)
{
    struct xen_domctl_vcpuaffinity *a = &op->u.vcpuaffinity;
    uint64_t hard = 0, soft = 0;
    struct vcpu *v;
    long rc = affinity_vcpu(a, d, &v);

    if ( rc )
        return rc;
    if ( (a->flags & XEN_VCPUAFFINITY_HARD) && (rc = bitmap_from_guest(&a->cpumap_hard, &hard)) )
        return rc;
    if ( (a->flags & XEN_VCPUAFFINITY_SOFT) && (rc = bitmap_from_guest(&a->cpumap_soft, &soft)) )
        return rc;
    if ( (a->flags & XEN_VCPUAFFINITY_HARD) && !(hard & cpu_online_map) )
        return -EINVAL;

    if ( a->flags & XEN_VCPUAFFINITY_HARD )
    {
        __atomic_store_n(&v->cpu_hard_affinity, hard, __ATOMIC_SEQ_CST);
        sched_affinity_changed(v);
    }
    if ( (a->flags & XEN_VCPUAFFINITY_SOFT) )
        v->cpu_soft_affinity = soft ? soft : ~0ULL;
    if ( (a->flags & XEN_VCPUAFFINITY_HARD) &&
         (rc = bitmap_to_guest(&a->cpumap_hard, hard_affinity_of(v) & cpu_online_map)) )
        return rc;
    if ( a->flags & XEN_VCPUAFFINITY_SOFT )
        rc = bitmap_to_guest(&a->cpumap_soft,
                             soft_affinity_of(v) & hard_affinity_of(v) & cpu_online_map);
    return rc;
}

/* XEN_DOMCTL_getvcpuaffinity: the masks as set (every CPU when never set). */
long domctl_op_getvcpuaffinity(struct xen_domctl *op, struct domain *d)
{
    struct xen_domctl_vcpuaffinity *a = &op->u.vcpuaffinity;
    struct vcpu *v;
    long rc = affinity_vcpu(a, d, &v);

    if ( rc )
        return rc;
    if ( (a->flags & XEN_VCPUAFFINITY_HARD) &&
         (rc = bitmap_to_guest(&a->cpumap_hard, hard_affinity_of(v))) )
        return rc;
    if ( a->flags & XEN_VCPUAFFINITY_SOFT )
        rc = bitmap_to_guest(&a->cpumap_soft, soft_affinity_of(v));
    return rc;
}

/* XEN_DOMCTL_setnodeaffinity: one NUMA node, 0, which the map must include. */
long domctl_op_setnodeaffinity(struct xen_domctl *op, struct domain *d)
{
    uint64_t nodes;
    long rc = bitmap_from_guest(&op->u.nodeaffinity.nodemap, &nodes);

    (void)d;
    if ( rc == 0 && !(nodes & 1) )
        rc = -EINVAL;
    return rc;
}

/* XEN_DOMCTL_getnodeaffinity: node 0. */
long domctl_op_getnodeaffinity(struct xen_domctl *op, struct domain *d)
{
    (void)d;
    return bitmap_to_guest(&op->u.nodeaffinity.nodemap, 1);
}

/* XEN_DOMCTL_getvcpuinfo */
long domctl_op_getvcpuinfo(struct xen_domctl *op, struct domain *d)
{
    struct xen_domctl_getvcpuinfo *i = &op->u.getvcpuinfo;
    struct vcpu *v;
    long rc = vcpu_of(d, i->vcpu, &v);
    unsigned long pf;

    if ( rc )
        return rc;
    pf = __atomic_load_n(&v->pause_flags, __ATOMIC_RELAXED);
    i->online = !(pf & (1UL << VPF_down));
    i->blocked = !!(pf & (1UL << VPF_blocked));
    i->running = v->is_running;
    i->cpu_time = v->runstate_time[RUNSTATE_running] +
                  (v->runstate == RUNSTATE_running ? (uint64_t)(NOW() - v->runstate_entry) : 0);
    i->cpu = v->processor;
    return 0;
}

/*
 * XEN_DOMCTL_setvcpucontext: the domain is paused around the change (Xen
 * does the same). A null handle resets the vCPU (down, no page tables).
 */
long domctl_op_setvcpucontext(struct xen_domctl *op, struct domain *d)
{
    uint64_t va = guest_handle_va(op->u.vcpucontext.ctxt);
    struct vcpu_guest_context *c;
    struct vcpu *v;
    long rc;

    if ( d == current->domain || d->is_dying != DOMDYING_alive )
        return -EINVAL;
    if ( (rc = vcpu_of(d, op->u.vcpucontext.vcpu, &v)) != 0 )
        return rc == -ESRCH ? -EINVAL : rc;
    if ( va == 0 )
    {
        domain_pause_by_controller(d);
        arch_vcpu_reset(v);
        domain_unpause_by_controller(d);
        return 0;
    }
    if ( (c = xmalloc(struct vcpu_guest_context)) == NULL )
        return -ENOMEM;
    if ( copy_from_guest(c, va, sizeof(*c)) )
        rc = -EFAULT;
    else
    {
        domain_pause_by_controller(d);
        rc = arch_set_vcpu_context(v, c);
        domain_unpause_by_controller(d);
    }
    xfree(c);
    return rc;
}

/* XEN_DOMCTL_getvcpucontext: -ENODATA for a vCPU that never got a context. */
long domctl_op_getvcpucontext(struct xen_domctl *op, struct domain *d)
{
    uint64_t va = guest_handle_va(op->u.vcpucontext.ctxt);
    struct vcpu_guest_context *c;
    struct vcpu *v;
    long rc;

    if ( d == current->domain )
        return -EINVAL;
    if ( (rc = vcpu_of(d, op->u.vcpucontext.vcpu, &v)) != 0 )
        return rc == -ESRCH ? -EINVAL : rc;
    if ( !v->initialised )
        return -ENODATA;
    if ( (c = xmalloc(struct vcpu_guest_context)) == NULL )
        return -ENOMEM;
    domain_pause_by_controller(d);
    arch_get_vcpu_context(v, c);
    domain_unpause_by_controller(d);
    rc = copy_to_guest(va, c, sizeof(*c)) ? -EFAULT : 0;
    xfree(c);
    return rc;
}

/* The vCPU an ext_vcpucontext call names: -ESRCH unless it exists (as Xen 4.17). */
static struct vcpu *ext_vcpu(struct domain *d, uint32_t id)
{
    return id < d->max_vcpus ? d->vcpu[id] : NULL;
}

/* XEN_DOMCTL_get_ext_vcpucontext: read with the domain paused; not the caller's own (-ESRCH). */
long domctl_op_get_ext_vcpucontext(struct xen_domctl *op, struct domain *d)
{
    struct xen_domctl_ext_vcpucontext *e = &op->u.ext_vcpucontext;
    struct vcpu *v = ext_vcpu(d, e->vcpu);

    if ( v == NULL || d == current->domain )
        return -ESRCH;
    domain_pause_by_controller(d);
    arch_get_ext_vcpucontext(v, e);
    domain_unpause_by_controller(d);
    e->size = sizeof(*e);
    return 0;
}

/*
 * XEN_DOMCTL_set_ext_vcpucontext: never the caller's own domain (-ESRCH, as
 * Xen 4.17); size must reach the vmce part; checked whole, then applied with
 * the domain paused.
 */
long domctl_op_set_ext_vcpucontext(struct xen_domctl *op, struct domain *d)
{
    const struct xen_domctl_ext_vcpucontext *e = &op->u.ext_vcpucontext;
    struct vcpu *v = ext_vcpu(d, e->vcpu);
    long rc;

    if ( v == NULL || d == current->domain )
        return -ESRCH;
    if ( e->size < offsetof(struct xen_domctl_ext_vcpucontext, vmce) )
        return -EINVAL;
    if ( (rc = arch_check_ext_vcpucontext(e)) != 0 )
        return rc;
    domain_pause_by_controller(d);
    arch_set_ext_vcpucontext(v, e);
    domain_unpause_by_controller(d);
    return 0;
}
