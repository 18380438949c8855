/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The system control hypercall (sysctl): the toolstack's view of the whole
 * machine (console ring, CPUs, memory, domains). Privileged domains only; one
 * worker per sub-op in sysctl_ops[]; sub-ops not there are -ENOSYS.
 */
#include <xen/types.h> /* before the public headers, which use its types */
#include <public/sysctl.h>
#include <public/xen.h>
#include <xen/arch.h>
#include <xen/console.h>
#include <xen/domctl.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/keyhandler.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/string.h>

/* One NUMA node: every CPU and all memory; its distance to itself (ACPI SLIT's local value). */
#define NODE_LOCAL_DISTANCE 10

long do_sysctl(uint64_t arg);

/*
 * XEN_SYSCTL_readconsole: the console ring through a small bounce buffer, so
 * the console lock is never held across a guest copy.
 */
static long sysctl_readconsole(struct xen_sysctl *op)
{
    struct xen_sysctl_readconsole *rc = &op->u.readconsole;
    uint64_t buf = guest_handle_va(rc->buffer);
    char chunk[256];
    uint32_t pos, done = 0;

    if ( !guest_access_ok(buf, rc->count) )
        return -EFAULT;

    pos = console_ring_start(rc->incremental, rc->index);
    while ( done < rc->count )
    {
        uint32_t want = rc->count - done < sizeof(chunk) ? rc->count - done : sizeof(chunk);
        size_t n = console_ring_fetch(&pos, chunk, want);

        if ( n == 0 )
            break;
        if ( copy_to_guest(buf + done, chunk, n) )
            return -EFAULT;
        done += n;
    }
    if ( rc->clear )
        console_ring_clear(pos);
    rc->count = done;
    rc->index = pos;
    return 0;
}

/* The highest CPU number online (CPUs come up in order; none go away). */
static unsigned int max_cpu_id(void)
{
    unsigned int max = 0;

    for ( unsigned int c = 0; c < NR_CPUS; c++ )
        if ( cpu_online(c) )
            max = c;
    return max;
}

/* XEN_SYSCTL_physinfo: the machine, from the architecture and the heap. */
static long sysctl_physinfo(struct xen_sysctl *op)
{
    struct xen_sysctl_physinfo *pi = &op->u.physinfo;
    struct arch_cpu_info ci;

    arch_get_cpu_info(&ci);
    memset(pi, 0, sizeof(*pi));
    pi->threads_per_core = ci.threads_per_core;
    pi->cores_per_socket = ci.cores_per_socket;
    pi->nr_cpus = num_online_cpus();
    pi->max_cpu_id = max_cpu_id();
    pi->nr_nodes = 1;
    pi->max_node_id = 0;
    pi->cpu_khz = ci.cpu_khz;
    /* PV guests and grant tables v1; no HVM, no IOMMU, no shadow or HAP paging. */
    pi->capabilities = XEN_SYSCTL_PHYSCAP_pv | XEN_SYSCTL_PHYSCAP_gnttab_v1;
    pi->total_pages = arch_total_ram_pages();
    pi->free_pages = total_free_pages();
    pi->scrub_pages = 0;       /* pages are scrubbed as they are handed out */
    pi->outstanding_pages = 0; /* no memory claims */
    pi->max_mfn = max_page - 1;
    memcpy(pi->hw_cap, ci.hw_cap, sizeof(pi->hw_cap));
    return 0;
}

/* XEN_SYSCTL_sched_id: the credit scheduler's number (common/sched_credit.c). */
static long sysctl_sched_id(struct xen_sysctl *op)
{
    op->u.sched_id.sched_id = XEN_SCHEDULER_CREDIT;
    return 0;
}

/* XEN_SYSCTL_getdomaininfolist: domctl_getdomaininfo() of each domain, in id order. */
static long sysctl_getdomaininfolist(struct xen_sysctl *op)
{
    struct xen_sysctl_getdomaininfolist *gl = &op->u.getdomaininfolist;
    uint64_t buf = guest_handle_va(gl->buffer);
    struct xen_domctl_getdomaininfo info;
    const struct domain *d;
    unsigned int from = gl->first_domain;
    uint32_t n = 0;

    if ( !guest_access_ok(buf, (unsigned long)gl->max_domains * sizeof(info)) )
        return -EFAULT;
    while ( n < gl->max_domains && (d = domain_next_from(from)) != NULL )
    {
        domctl_getdomaininfo(d, &info);
        if ( copy_to_guest(buf + (uint64_t)n * sizeof(info), &info, sizeof(info)) )
            return -EFAULT;
        n++;
        from = d->domain_id + 1u;
    }
    gl->num_domains = n;
    return 0;
}

/* XEN_SYSCTL_debug_keys: the keys go to the keyhandler, as if typed on the console. */
static long sysctl_debug_keys(struct xen_sysctl *op)
{
    struct xen_sysctl_debug_keys *dk = &op->u.debug_keys;
    uint64_t keys = guest_handle_va(dk->keys);
    unsigned char chunk[64];

    if ( !guest_access_ok(keys, dk->nr_keys) )
        return -EFAULT;
    for ( uint32_t done = 0; done < dk->nr_keys; )
    {
        uint32_t n = dk->nr_keys - done < sizeof(chunk) ? dk->nr_keys - done : sizeof(chunk);

        if ( copy_from_guest(chunk, keys + done, n) )
            return -EFAULT;
        for ( uint32_t i = 0; i < n; i++ )
            keyhandler_queue(chunk[i]);
        done += n;
    }
    return 0;
}

/* XEN_SYSCTL_getcpuinfo: each CPU's idle time, CPU 0 on. */
static long sysctl_getcpuinfo(struct xen_sysctl *op)
{
    struct xen_sysctl_getcpuinfo *gc = &op->u.getcpuinfo;
    uint64_t buf = guest_handle_va(gc->info);
    uint32_t n = max_cpu_id() + 1;

    if ( gc->max_cpus < n )
        n = gc->max_cpus;
    if ( !guest_access_ok(buf, (unsigned long)n * sizeof(struct xen_sysctl_cpuinfo)) )
        return -EFAULT;
    for ( uint32_t c = 0; c < n; c++ )
    {
        struct xen_sysctl_cpuinfo ci = {.idletime = cpu_online(c) ? arch_cpu_idle_time(c) : 0};

        if ( copy_to_guest(buf + (uint64_t)c * sizeof(ci), &ci, sizeof(ci)) )
            return -EFAULT;
    }
    gc->nr_cpus = n;
    return 0;
}

/* XEN_SYSCTL_cputopoinfo: core, socket and node of CPUs 0 .. max_cpu_id. */
static long sysctl_cputopoinfo(struct xen_sysctl *op)
{
    struct xen_sysctl_cputopoinfo *ct = &op->u.cputopoinfo;
    uint64_t buf = guest_handle_va(ct->cputopo);
    uint32_t there = max_cpu_id() + 1, n = ct->num_cpus < there ? ct->num_cpus : there;

    if ( buf != 0 )
    {
        if ( !guest_access_ok(buf, (unsigned long)n * sizeof(struct xen_sysctl_cputopo)) )
            return -EFAULT;
        for ( uint32_t c = 0; c < n; c++ )
        {
            struct xen_sysctl_cputopo t = {XEN_INVALID_CORE_ID, XEN_INVALID_SOCKET_ID,
                                           XEN_INVALID_NODE_ID};

            if ( arch_cpu_topology(c, &t.core, &t.socket) )
                t.node = 0;
            if ( copy_to_guest(buf + (uint64_t)c * sizeof(t), &t, sizeof(t)) )
                return -EFAULT;
        }
    }
    ct->num_cpus = there;
    return 0;
}

/* XEN_SYSCTL_numainfo: the one node's memory and its distance to itself. */
static long sysctl_numainfo(struct xen_sysctl *op)
{
    struct xen_sysctl_numainfo *ni = &op->u.numainfo;
    uint64_t mem = guest_handle_va(ni->meminfo), dist = guest_handle_va(ni->distance);
    struct xen_sysctl_meminfo mi = {
        .memsize = (uint64_t)arch_total_ram_pages() << PAGE_SHIFT,
        .memfree = (uint64_t)total_free_pages() << PAGE_SHIFT,
    };
    uint32_t distance = NODE_LOCAL_DISTANCE;

    if ( ni->num_nodes >= 1 )
    {
        if ( (mem && !guest_access_ok(mem, sizeof(mi))) ||
             (dist && !guest_access_ok(dist, sizeof(distance))) )
            return -EFAULT;
        if ( mem && copy_to_guest(mem, &mi, sizeof(mi)) )
            return -EFAULT;
        if ( dist && copy_to_guest(dist, &distance, sizeof(distance)) )
            return -EFAULT;
    }
    ni->num_nodes = 1;
    return 0;
}

/*
 * XEN_SYSCTL_pcitopoinfo: the node of each PCI device asked about. The
 * hypervisor records no PCI devices (physdev's pci_device_add is accepted
 * and forgotten until passthrough exists): every one is XEN_INVALID_DEV.
 */
static long sysctl_pcitopoinfo(struct xen_sysctl *op)
{
    struct xen_sysctl_pcitopoinfo *pt = &op->u.pcitopoinfo;
    uint64_t devs = guest_handle_va(pt->devs), nodes = guest_handle_va(pt->nodes);
    const uint32_t unknown = XEN_INVALID_DEV;

    if ( !guest_access_ok(devs, (unsigned long)pt->num_devs * sizeof(struct physdev_pci_device)) ||
         !guest_access_ok(nodes, (unsigned long)pt->num_devs * sizeof(uint32_t)) )
        return -EFAULT;
    for ( uint32_t i = 0; i < pt->num_devs; i++ )
    {
        struct physdev_pci_device dev;

        if ( copy_from_guest(&dev, devs + (uint64_t)i * sizeof(dev), sizeof(dev)) ||
             copy_to_guest(nodes + (uint64_t)i * sizeof(unknown), &unknown, sizeof(unknown)) )
            return -EFAULT;
    }
    return 0;
}

/*
 * A CPU map into the caller's bitmap of nr_bits bits (whole bytes written;
 * bits past nr_bits in the last byte, and CPUs past 64, are zero).
 */
static long cpumap_to_guest(const struct xenctl_bitmap *b, uint64_t map)
{
    uint64_t buf = guest_handle_va(b->bitmap);
    uint32_t bytes = b->nr_bits / 8 + (b->nr_bits % 8 != 0);

    if ( !guest_access_ok(buf, bytes) )
        return -EFAULT;
    for ( uint32_t i = 0; i < bytes; i++ )
    {
        uint8_t byte = i < 8 ? (uint8_t)(map >> (8 * i)) : 0;

        if ( i == bytes - 1 && b->nr_bits % 8 )
            byte &= (uint8_t)((1u << (b->nr_bits % 8)) - 1);
        if ( copy_to_guest(buf + i, &byte, 1) )
            return -EFAULT;
    }
    return 0;
}

/*
 * XEN_SYSCTL_cpupool_op: one pool, 0, holds every CPU and every domain and
 * runs the credit scheduler. Only the queries are offered (INFO, FREEINFO).
 */
static long sysctl_cpupool_op(struct xen_sysctl *op)
{
    struct xen_sysctl_cpupool_op *cp = &op->u.cpupool_op;
    uint32_t n_dom = 0;

    switch ( cp->op )
    {
    case XEN_SYSCTL_CPUPOOL_OP_INFO:
        if ( cp->cpupool_id != 0 && cp->cpupool_id != XEN_SYSCTL_CPUPOOL_PAR_ANY )
            return -ENOENT;
        for ( const struct domain *d = domain_next_from(0); d;
              d = domain_next_from(d->domain_id + 1u) )
            n_dom++;
        cp->cpupool_id = 0;
        cp->sched_id = XEN_SCHEDULER_CREDIT;
        cp->n_dom = n_dom;
        return cpumap_to_guest(&cp->cpumap, cpu_online_map);
    case XEN_SYSCTL_CPUPOOL_OP_FREEINFO:
        return cpumap_to_guest(&cp->cpumap, 0); /* every CPU is in pool 0 */
    default:
        printk("d%u: sysctl cpupool_op %u: not implemented (one fixed pool)\n",
               current->domain->domain_id, cp->op);
        return -ENOSYS;
    }
}

/* XEN_SYSCTL_get_cpu_featureset: the architecture's (x86/cpu_policy.c). */
static long sysctl_get_cpu_featureset(struct xen_sysctl *op)
{
    return arch_sysctl_cpu_featureset(&op->u.cpu_featureset);
}

/* XEN_SYSCTL_get_cpu_policy: the architecture's (x86/cpu_policy.c). */
static long sysctl_get_cpu_policy(struct xen_sysctl *op)
{
    return arch_sysctl_cpu_policy(&op->u.cpu_policy);
}

/* A sub-op's worker: checks op->u completely, then acts and fills in the OUT fields. */
typedef long (*sysctl_worker_t)(struct xen_sysctl *op);

static const struct sysctl_op {
    sysctl_worker_t worker;
} sysctl_ops[] = {
    [XEN_SYSCTL_readconsole] = {sysctl_readconsole},
    [XEN_SYSCTL_physinfo] = {sysctl_physinfo},
    [XEN_SYSCTL_sched_id] = {sysctl_sched_id},
    [XEN_SYSCTL_getdomaininfolist] = {sysctl_getdomaininfolist},
    [XEN_SYSCTL_debug_keys] = {sysctl_debug_keys},
    [XEN_SYSCTL_getcpuinfo] = {sysctl_getcpuinfo},
    [XEN_SYSCTL_cputopoinfo] = {sysctl_cputopoinfo},
    [XEN_SYSCTL_pcitopoinfo] = {sysctl_pcitopoinfo},
    [XEN_SYSCTL_numainfo] = {sysctl_numainfo},
    [XEN_SYSCTL_cpupool_op] = {sysctl_cpupool_op},
    [XEN_SYSCTL_get_cpu_featureset] = {sysctl_get_cpu_featureset},
    [XEN_SYSCTL_get_cpu_policy] = {sysctl_get_cpu_policy},
};

long do_sysctl(uint64_t arg)
{
    struct xen_sysctl op;
    const struct sysctl_op *so = NULL;
    long rc;

    /* In Xen's order: the argument, its version, then the caller's privilege. */
    if ( copy_from_guest(&op, arg, sizeof(op)) )
        return -EFAULT;
    if ( op.interface_version != XEN_SYSCTL_INTERFACE_VERSION )
        return -EACCES;
    if ( !current->domain->is_privileged )
        return -EPERM;
    if ( op.cmd < ARRAY_SIZE(sysctl_ops) )
        so = &sysctl_ops[op.cmd];
    if ( so == NULL || so->worker == NULL )
    {
        printk("d%u: sysctl cmd %u: not implemented\n", current->domain->domain_id, op.cmd);
        return -ENOSYS;
    }
    rc = so->worker(&op);
    if ( rc == 0 && copy_to_guest(arg, &op, sizeof(op)) )
        rc = -EFAULT;
    return rc;
}
