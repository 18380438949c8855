/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xen/common/sysctl.c against the real console ring (console.c), heap and
 * keyhandler, with fake domains and a fake machine (CPUs 0, 1 and 3 online):
 * who may call it, the interface version, and readconsole's semantics as
 * `xl dmesg` and `xl dmesg -c` use them (oldest first, the incremental index,
 * clearing only what was read, a small buffer, a ring that wrapped, a bad
 * buffer); physinfo, sched_id, getdomaininfolist (id order, first_domain,
 * max_domains), debug_keys, getcpuinfo, cputopoinfo and numainfo (counting
 * calls with null handles, short buffers), pcitopoinfo, cpupool_op's queries;
 * dom0's console output kept out of the ring.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake/fake.h"
#include "tap.h"

#include "fake/rename.h"
#include <public/physdev.h>
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
#include <xen/softirq.h>

long do_sysctl(uint64_t arg);

/* d0 (privileged), d1, d7 and a system domain that lists never show. */
static struct domain doms[4];
static struct vcpu vcpus[2];
static struct vcpu *cur;
struct domain *domain_list;

struct vcpu *current_vcpu(void)
{
    return cur;
}

/* ---- the fake machine ---- */

void arch_get_cpu_info(struct arch_cpu_info *info)
{
    memset(info, 0, sizeof(*info));
    info->threads_per_core = 2;
    info->cores_per_socket = 4;
    info->cpu_khz = 2500000;
    for ( unsigned int i = 0; i < 8; i++ )
        info->hw_cap[i] = 0x11111111u * (i + 1);
}

bool arch_cpu_topology(unsigned int cpu, uint32_t *core, uint32_t *socket)
{
    if ( !cpu_online(cpu) )
        return false;
    *core = cpu % 4;
    *socket = cpu / 4;
    return true;
}

uint64_t arch_cpu_idle_time(unsigned int cpu)
{
    return 1000000u * cpu + 5;
}

unsigned long arch_total_ram_pages(void)
{
    return 1000;
}

/* The architecture's policies (x86/cpu_policy.c): here a record of the request. */
static struct xen_sysctl_cpu_policy policy_asked;
static long policy_rc;

long arch_sysctl_cpu_featureset(struct xen_sysctl_cpu_featureset *f)
{
    f->nr_features = 11;
    return 0;
}

long arch_sysctl_cpu_policy(struct xen_sysctl_cpu_policy *p)
{
    policy_asked = *p;
    p->nr_leaves = 42;
    p->nr_msrs = 2;
    return policy_rc;
}

/* domain.c's walk in id order, over the fake list. */
struct domain *domain_next_from(unsigned int from)
{
    struct domain *best = NULL;

    for ( struct domain *d = domain_list; d; d = d->next_in_list )
        if ( d->domain_id >= from && d->domain_id < DOMID_FIRST_RESERVED &&
             (best == NULL || d->domain_id < best->domain_id) )
            best = d;
    return best;
}

/* What domctl.c reports of a domain: here its id and page count. */
void domctl_getdomaininfo(const struct domain *d, struct xen_domctl_getdomaininfo *info)
{
    memset(info, 0, sizeof(*info));
    info->domain = d->domain_id;
    info->tot_pages = d->tot_pages;
}

/* Guest memory: fake/guest_access.c (host pointers; address 1 is unmapped). */

/* One sysctl with cmd and the current interface version; op->u is the caller's. */
static long sysctl_call(struct xen_sysctl *op, uint32_t cmd)
{
    op->cmd = cmd;
    op->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    return do_sysctl((uint64_t)(uintptr_t)op);
}

/* readconsole into buf (count bytes); returns the result, op keeps the OUT fields. */
static long readcons(struct xen_sysctl *op, char *buf, uint32_t count, bool incremental,
                     uint32_t index, bool clear)
{
    memset(op, 0, sizeof(*op));
    op->u.readconsole.buffer.p = buf;
    op->u.readconsole.count = count;
    op->u.readconsole.incremental = incremental;
    op->u.readconsole.index = index;
    op->u.readconsole.clear = clear;
    return sysctl_call(op, XEN_SYSCTL_readconsole);
}

static char buf[CONRING_SIZE + 1];
static char want[CONRING_SIZE + 1];

static void test_access(void)
{
    struct xen_sysctl op;

    memset(&op, 0, sizeof(op));
    cur = &vcpus[1];
    ok(sysctl_call(&op, XEN_SYSCTL_readconsole) == -EPERM, "an unprivileged domain gets -EPERM");
    ok(sysctl_call(&op, 0xffffffffu) == -EPERM, "for any sub-op, even one that does not exist");
    op.interface_version = 0x00000008;
    ok(do_sysctl((uint64_t)(uintptr_t)&op) == -EACCES,
       "but, as in Xen, the version is checked first (-EACCES)");
    ok(do_sysctl(1) == -EFAULT, "and before that the argument (-EFAULT)");
    cur = &vcpus[0];
    ok(do_sysctl(1) == -EFAULT, "dom0 with a bad argument pointer: -EFAULT");
    op.cmd = XEN_SYSCTL_readconsole;
    op.interface_version = XEN_SYSCTL_INTERFACE_VERSION - 1;
    ok(do_sysctl((uint64_t)(uintptr_t)&op) == -EACCES, "an older interface version: -EACCES");
    op.interface_version = 0x00000008;
    ok(do_sysctl((uint64_t)(uintptr_t)&op) == -EACCES, "Xen 4.0's version 8: -EACCES");
    ok(sysctl_call(&op, 24) == -ENOSYS, "a retired sub-op (tmem_op, 24): -ENOSYS");
    ok(sysctl_call(&op, 0xffffffffu) == -ENOSYS, "a sub-op number past the table: -ENOSYS");
    ok(sysctl_call(&op, XEN_SYSCTL_tbuf_op) == -ENOSYS, "tbuf_op is not implemented: -ENOSYS");
}

static void test_readconsole(void)
{
    struct xen_sysctl op;
    uint32_t idx, n;

    /* Whole ring, not incremental: what console_ring_copy sees, oldest first. */
    xen_printk("sysctl test line one\n");
    n = (uint32_t)console_ring_copy(want, sizeof(want));
    ok(readcons(&op, buf, sizeof(buf) - 1, false, 0, false) == 0, "readconsole succeeds");
    ok(op.u.readconsole.count == n && !memcmp(buf, want, n),
       "a whole read returns the ring oldest first (%u of %u bytes)", op.u.readconsole.count, n);
    ok(op.u.readconsole.index == (uint32_t)console_ring_produced(),
       "index ends at the newest byte (%u)", op.u.readconsole.index);
    idx = op.u.readconsole.index;

    /* Incremental from there: only what came after. */
    ok(readcons(&op, buf, 100, true, idx, false) == 0 && op.u.readconsole.count == 0 &&
           op.u.readconsole.index == idx,
       "incremental at the end: nothing, index unchanged");
    xen_printk("sysctl test line two\n");
    ok(readcons(&op, buf, 100, true, idx, false) == 0 && op.u.readconsole.count == 27 &&
           !memcmp(buf, "(XEN) sysctl test line two\n", 27),
       "incremental: only the new line (%u bytes)", op.u.readconsole.count);
    ok(op.u.readconsole.index == idx + 27, "index moves past it");

    /* A small buffer: the oldest part, and the index to continue from. */
    ok(readcons(&op, buf, 10, true, idx, false) == 0 && op.u.readconsole.count == 10 &&
           !memcmp(buf, "(XEN) sysc", 10) && op.u.readconsole.index == idx + 10,
       "a 10-byte buffer gets the first 10 bytes, index + 10");
    ok(readcons(&op, buf, 100, true, idx + 10, false) == 0 && op.u.readconsole.count == 17 &&
           !memcmp(buf, "tl test line two\n", 17),
       "continuing at that index gets the rest");
    ok(readcons(&op, buf, 0, true, idx, false) == 0 && op.u.readconsole.count == 0,
       "count 0 copies nothing");

    /* An index the ring does not hold (ahead of it): start at the oldest byte. */
    ok(readcons(&op, buf, 6, true, idx + 100000, false) == 0 && op.u.readconsole.count == 6 &&
           !memcmp(buf, want, 6),
       "an index ahead of the ring reads from the oldest byte");

    /* A bad buffer: -EFAULT, and nothing is cleared. */
    memset(&op, 0, sizeof(op));
    op.u.readconsole.buffer.p = (char *)1;
    op.u.readconsole.count = 100;
    op.u.readconsole.clear = 1;
    ok(sysctl_call(&op, XEN_SYSCTL_readconsole) == -EFAULT, "a bad buffer: -EFAULT");
    ok(readcons(&op, buf, 6, false, 0, false) == 0 && op.u.readconsole.count == 6 &&
           !memcmp(buf, want, 6),
       "and the ring was not cleared");
    memset(&op, 0, sizeof(op));
    op.u.readconsole.buffer.p = (char *)(uintptr_t)UINT64_C(0xfffffffffffffff0);
    op.u.readconsole.count = 100;
    ok(sysctl_call(&op, XEN_SYSCTL_readconsole) == -EFAULT,
       "a buffer that wraps the address space: -EFAULT");

    /* Clear with a small buffer clears only what was read. */
    ok(readcons(&op, buf, 10, false, 0, true) == 0 && op.u.readconsole.count == 10,
       "clear with a 10-byte buffer");
    ok(readcons(&op, buf, sizeof(buf) - 1, false, 0, false) == 0 &&
           op.u.readconsole.count == n + 27 - 10 && !memcmp(buf, want + 10, n - 10),
       "only those 10 bytes are gone (%u left)", op.u.readconsole.count);
    ok(readcons(&op, buf, sizeof(buf) - 1, false, 0, true) == 0 && op.u.readconsole.count == n + 17,
       "clear after reading everything");
    ok(readcons(&op, buf, 100, false, 0, false) == 0 && op.u.readconsole.count == 0,
       "then the ring reads empty");
    ok(readcons(&op, buf, 100, true, idx, false) == 0 && op.u.readconsole.count == 0,
       "an index inside the cleared part reads nothing either");
    xen_printk("after clear\n");
    ok(readcons(&op, buf, 100, false, 0, false) == 0 && op.u.readconsole.count == 18 &&
           !memcmp(buf, "(XEN) after clear\n", 18),
       "new output after a clear is read (%u bytes)", op.u.readconsole.count);
    idx = op.u.readconsole.index;

    /* Wrap: an old index is gone, reading starts at the oldest byte still held. */
    for ( int i = 0; i < 2000; i++ )
        xen_printk("wrap %04d\n", i);
    ok(readcons(&op, buf, sizeof(buf) - 1, true, idx, false) == 0 &&
           op.u.readconsole.count == CONRING_SIZE,
       "after a wrap an old index gets the whole ring (%u bytes)", op.u.readconsole.count);
    n = (uint32_t)console_ring_copy(want, sizeof(want));
    ok(n == CONRING_SIZE && !memcmp(buf, want, n), "the newest CONRING_SIZE bytes, oldest first");
    ok(op.u.readconsole.index == (uint32_t)console_ring_produced(), "index at the newest byte");
}

static void test_physinfo(void)
{
    struct xen_sysctl op;
    struct xen_sysctl_physinfo *pi = &op.u.physinfo;
    bool caps_ok = true;

    memset(&op, 0xa5, sizeof(op));
    ok(sysctl_call(&op, XEN_SYSCTL_physinfo) == 0, "physinfo succeeds");
    ok(pi->threads_per_core == 2 && pi->cores_per_socket == 4 && pi->cpu_khz == 2500000,
       "threads per core, cores per socket and kHz from the architecture");
    ok(pi->nr_cpus == 3 && pi->max_cpu_id == 3, "3 CPUs online, the highest is 3 (%u, %u)",
       pi->nr_cpus, pi->max_cpu_id);
    ok(pi->nr_nodes == 1 && pi->max_node_id == 0, "one node");
    ok(pi->capabilities == (XEN_SYSCTL_PHYSCAP_pv | XEN_SYSCTL_PHYSCAP_gnttab_v1) &&
           pi->arch_capabilities == 0 && pi->pad == 0,
       "capabilities: PV and grant tables v1 only (%#x)", pi->capabilities);
    ok(pi->total_pages == 1000 && pi->free_pages == 767, "1000 pages of RAM, 767 free (%llu, %llu)",
       (unsigned long long)pi->total_pages, (unsigned long long)pi->free_pages);
    ok(pi->scrub_pages == 0 && pi->outstanding_pages == 0, "nothing to scrub, no claims");
    ok(pi->max_mfn == 1023, "max_mfn is the last frame (%llu)", (unsigned long long)pi->max_mfn);
    for ( unsigned int i = 0; i < 8; i++ )
        caps_ok = caps_ok && pi->hw_cap[i] == 0x11111111u * (i + 1);
    ok(caps_ok, "hw_cap from the architecture");

    memset(&op, 0, sizeof(op));
    ok(sysctl_call(&op, XEN_SYSCTL_sched_id) == 0 && op.u.sched_id.sched_id == XEN_SCHEDULER_CREDIT,
       "sched_id: credit (%u)", op.u.sched_id.sched_id);
}

/* getdomaininfolist from first, into room for max entries; returns the result. */
static long domlist(struct xen_sysctl *op, struct xen_domctl_getdomaininfo *info, domid_t first,
                    uint32_t max)
{
    memset(op, 0, sizeof(*op));
    memset(info, 0x5a, 4 * sizeof(*info));
    op->u.getdomaininfolist.first_domain = first;
    op->u.getdomaininfolist.max_domains = max;
    op->u.getdomaininfolist.buffer.p = info;
    return sysctl_call(op, XEN_SYSCTL_getdomaininfolist);
}

static void test_domainlist(void)
{
    struct xen_sysctl op;
    struct xen_domctl_getdomaininfo info[4];

    long rc = domlist(&op, info, 0, 4);

    ok(rc == 0 && op.u.getdomaininfolist.num_domains == 3, "every domain but the system one (%u)",
       op.u.getdomaininfolist.num_domains);
    ok(info[0].domain == 0 && info[1].domain == 1 && info[2].domain == 7 &&
           info[2].tot_pages == 700 && info[3].domain == 0x5a5a,
       "in id order, as domctl_getdomaininfo reports them; nothing past them written");
    ok(domlist(&op, info, 1, 1) == 0 && op.u.getdomaininfolist.num_domains == 1 &&
           info[0].domain == 1 && info[1].domain == 0x5a5a,
       "first_domain 1, max_domains 1: just d1");
    ok(domlist(&op, info, 2, 4) == 0 && op.u.getdomaininfolist.num_domains == 1 &&
           info[0].domain == 7,
       "first_domain 2: the next one up, d7");
    ok(domlist(&op, info, 8, 4) == 0 && op.u.getdomaininfolist.num_domains == 0,
       "first_domain past the last: none");
    ok(domlist(&op, info, 0, 0) == 0 && op.u.getdomaininfolist.num_domains == 0,
       "max_domains 0: none");
    op.u.getdomaininfolist.buffer.p = (void *)1;
    op.u.getdomaininfolist.max_domains = 2;
    ok(sysctl_call(&op, XEN_SYSCTL_getdomaininfolist) == -EFAULT, "a bad buffer: -EFAULT");
    op.u.getdomaininfolist.buffer.p = (void *)(uintptr_t)UINT64_C(0xffffffffffff0000);
    op.u.getdomaininfolist.max_domains = 0xffffffffu;
    ok(sysctl_call(&op, XEN_SYSCTL_getdomaininfolist) == -EFAULT,
       "a buffer that cannot hold max_domains entries: -EFAULT");
}

static void test_cpus(void)
{
    struct xen_sysctl op;
    struct xen_sysctl_cpuinfo ci[8];
    struct xen_sysctl_cputopo topo[8];

    memset(&op, 0, sizeof(op));
    memset(ci, 0xff, sizeof(ci));
    op.u.getcpuinfo.max_cpus = 8;
    op.u.getcpuinfo.info.p = ci;
    ok(sysctl_call(&op, XEN_SYSCTL_getcpuinfo) == 0 && op.u.getcpuinfo.nr_cpus == 4,
       "getcpuinfo: CPUs 0..3 (%u)", op.u.getcpuinfo.nr_cpus);
    ok(ci[0].idletime == 5 && ci[1].idletime == 1000005 && ci[2].idletime == 0 &&
           ci[3].idletime == 3000005 && ci[4].idletime == UINT64_MAX,
       "each online CPU's idle time, 0 for the offline CPU 2, nothing past CPU 3");
    op.u.getcpuinfo.max_cpus = 2;
    ok(sysctl_call(&op, XEN_SYSCTL_getcpuinfo) == 0 && op.u.getcpuinfo.nr_cpus == 2,
       "max_cpus 2: two entries");
    op.u.getcpuinfo.info.p = (void *)1;
    ok(sysctl_call(&op, XEN_SYSCTL_getcpuinfo) == -EFAULT, "getcpuinfo, bad buffer: -EFAULT");

    memset(&op, 0, sizeof(op));
    ok(sysctl_call(&op, XEN_SYSCTL_cputopoinfo) == 0 && op.u.cputopoinfo.num_cpus == 4,
       "cputopoinfo with a null handle counts CPUs 0..3");
    memset(topo, 0x5a, sizeof(topo));
    op.u.cputopoinfo.num_cpus = 3;
    op.u.cputopoinfo.cputopo.p = topo;
    ok(sysctl_call(&op, XEN_SYSCTL_cputopoinfo) == 0 && op.u.cputopoinfo.num_cpus == 4,
       "room for 3: num_cpus says 4 are there");
    ok(topo[1].core == 1 && topo[1].socket == 0 && topo[1].node == 0,
       "CPU 1: core 1, socket 0, node 0");
    ok(topo[2].core == XEN_INVALID_CORE_ID && topo[2].socket == XEN_INVALID_SOCKET_ID &&
           topo[2].node == XEN_INVALID_NODE_ID,
       "the offline CPU 2: all invalid");
    ok(topo[3].core == 0x5a5a5a5a, "nothing written past the room given");
    op.u.cputopoinfo.num_cpus = 8;
    ok(sysctl_call(&op, XEN_SYSCTL_cputopoinfo) == 0 && op.u.cputopoinfo.num_cpus == 4 &&
           topo[3].core == 3 && topo[4].core == 0x5a5a5a5a,
       "room for 8: 4 written, num_cpus 4");
    op.u.cputopoinfo.cputopo.p = (void *)1;
    ok(sysctl_call(&op, XEN_SYSCTL_cputopoinfo) == -EFAULT, "cputopoinfo, bad buffer: -EFAULT");
}

static void test_nodes_and_pools(void)
{
    struct xen_sysctl op;
    struct xen_sysctl_meminfo mem[2];
    uint32_t dist[4] = {0, 0, 0, 0};
    uint8_t map[3];
    struct physdev_pci_device devs[2] = {{0, 0, 8}, {0, 0, 16}};

    memset(&op, 0, sizeof(op));
    ok(sysctl_call(&op, XEN_SYSCTL_numainfo) == 0 && op.u.numainfo.num_nodes == 1,
       "numainfo with null handles: one node");
    memset(mem, 0, sizeof(mem));
    op.u.numainfo.meminfo.p = mem;
    op.u.numainfo.distance.p = dist;
    op.u.numainfo.num_nodes = 0;
    ok(sysctl_call(&op, XEN_SYSCTL_numainfo) == 0 && op.u.numainfo.num_nodes == 1 &&
           mem[0].memsize == 0 && dist[0] == 0,
       "room for no node: nothing written, num_nodes 1");
    op.u.numainfo.num_nodes = 2;
    ok(sysctl_call(&op, XEN_SYSCTL_numainfo) == 0 && op.u.numainfo.num_nodes == 1,
       "room for 2: num_nodes 1");
    ok(mem[0].memsize == 1000 * 4096ULL && mem[0].memfree == 767 * 4096ULL && dist[0] == 10 &&
           mem[1].memsize == 0 && dist[1] == 0,
       "node 0: the RAM's bytes, the heap's free bytes, distance 10; nothing more");
    op.u.numainfo.distance.p = (void *)1;
    ok(sysctl_call(&op, XEN_SYSCTL_numainfo) == -EFAULT, "numainfo, bad distance buffer: -EFAULT");

    memset(&op, 0, sizeof(op));
    op.u.pcitopoinfo.num_devs = 2;
    op.u.pcitopoinfo.devs.p = devs;
    op.u.pcitopoinfo.nodes.p = dist;
    ok(sysctl_call(&op, XEN_SYSCTL_pcitopoinfo) == 0 && op.u.pcitopoinfo.num_devs == 2 &&
           dist[0] == XEN_INVALID_DEV && dist[1] == XEN_INVALID_DEV && dist[2] == 0,
       "pcitopoinfo: 2 devices the hypervisor does not know");
    op.u.pcitopoinfo.devs.p = (void *)1;
    ok(sysctl_call(&op, XEN_SYSCTL_pcitopoinfo) == -EFAULT,
       "pcitopoinfo, bad device list: -EFAULT");

    memset(&op, 0, sizeof(op));
    memset(map, 0xff, sizeof(map));
    op.u.cpupool_op.op = XEN_SYSCTL_CPUPOOL_OP_INFO;
    op.u.cpupool_op.cpumap.bitmap.p = map;
    op.u.cpupool_op.cpumap.nr_bits = 16;
    ok(sysctl_call(&op, XEN_SYSCTL_cpupool_op) == 0 && op.u.cpupool_op.cpupool_id == 0 &&
           op.u.cpupool_op.sched_id == XEN_SCHEDULER_CREDIT && op.u.cpupool_op.n_dom == 3,
       "pool 0: credit, the 3 domains (%u)", op.u.cpupool_op.n_dom);
    ok(map[0] == 0x0b && map[1] == 0 && map[2] == 0xff, "its CPUs 0, 1, 3 in a 16-bit map");
    op.u.cpupool_op.cpumap.nr_bits = 2;
    ok(sysctl_call(&op, XEN_SYSCTL_cpupool_op) == 0 && map[0] == 0x03,
       "a 2-bit map gets CPUs 0 and 1 only");
    op.u.cpupool_op.cpupool_id = 1;
    ok(sysctl_call(&op, XEN_SYSCTL_cpupool_op) == -ENOENT, "no pool 1: -ENOENT");
    op.u.cpupool_op.op = XEN_SYSCTL_CPUPOOL_OP_FREEINFO;
    op.u.cpupool_op.cpumap.nr_bits = 16;
    ok(sysctl_call(&op, XEN_SYSCTL_cpupool_op) == 0 && map[0] == 0 && map[1] == 0,
       "free CPUs: none");
    op.u.cpupool_op.cpumap.bitmap.p = (void *)1;
    ok(sysctl_call(&op, XEN_SYSCTL_cpupool_op) == -EFAULT, "free CPUs, bad map: -EFAULT");
    op.u.cpupool_op.op = XEN_SYSCTL_CPUPOOL_OP_CREATE;
    ok(sysctl_call(&op, XEN_SYSCTL_cpupool_op) == -ENOSYS, "creating a pool: -ENOSYS");
}

/* dom0's console output goes to the serial line, not the ring, unless console_to_ring. */
static void test_hwdom_output(void)
{
    struct xen_sysctl op;
    uint64_t before = console_ring_produced();

    console_write_hwdom("dom0 says hello\n", 16);
    ok(console_ring_produced() == before, "the hardware domain's output stays out of the ring");
    memset(buf, 0, sizeof(buf));
    ok(readcons(&op, buf, sizeof(buf) - 1, false, 0, false) == 0 &&
           strstr(buf, "dom0 says") == NULL,
       "so readconsole does not return it");
}

static void test_debug_keys(void)
{
    struct xen_sysctl op;
    uint64_t before = console_ring_produced();

    keyhandler_init();
    memset(&op, 0, sizeof(op));
    op.u.debug_keys.keys.p = "h";
    op.u.debug_keys.nr_keys = 1;
    ok(sysctl_call(&op, XEN_SYSCTL_debug_keys) == 0, "debug_keys 'h'");
    do_softirq();
    console_ring_copy(buf, sizeof(buf));
    ok(console_ring_produced() > before && strstr(buf, "'h' pressed") != NULL,
       "the key was handled as if typed");
    op.u.debug_keys.keys.p = (const char *)1;
    ok(sysctl_call(&op, XEN_SYSCTL_debug_keys) == -EFAULT, "debug_keys, bad pointer: -EFAULT");
}

/* get_cpu_policy goes to the architecture with its IN fields; OUT fields come back on success. */
static void test_cpu_policy(void)
{
    struct xen_sysctl op;

    memset(&op, 0, sizeof(op));
    op.u.cpu_policy.index = XEN_SYSCTL_cpu_policy_pv_default;
    op.u.cpu_policy.nr_leaves = 7;
    ok(sysctl_call(&op, XEN_SYSCTL_get_cpu_policy) == 0 &&
           policy_asked.index == XEN_SYSCTL_cpu_policy_pv_default && policy_asked.nr_leaves == 7,
       "get_cpu_policy: the arch hook gets the index and sizes");
    ok(op.u.cpu_policy.nr_leaves == 42 && op.u.cpu_policy.nr_msrs == 2,
       "get_cpu_policy: its counts are copied back");
    policy_rc = -ENOBUFS;
    memset(&op, 0, sizeof(op));
    op.u.cpu_policy.nr_leaves = 1;
    ok(sysctl_call(&op, XEN_SYSCTL_get_cpu_policy) == -ENOBUFS && op.u.cpu_policy.nr_leaves == 1,
       "get_cpu_policy: -ENOBUFS comes back, the struct not copied back");
    cur = &vcpus[1];
    policy_asked.index = 99;
    ok(sysctl_call(&op, XEN_SYSCTL_get_cpu_policy) == -EPERM && policy_asked.index == 99,
       "get_cpu_policy from a domU: -EPERM, the arch hook never called");
    cur = &vcpus[0];
    policy_rc = 0;
    memset(&op, 0, sizeof(op));
    ok(sysctl_call(&op, XEN_SYSCTL_get_cpu_featureset) == 0 &&
           op.u.cpu_featureset.nr_features == 11,
       "get_cpu_featureset goes to the arch hook, its count copied back");
}

int main(void)
{
    static const domid_t ids[4] = {0, 1, 7, DOMID_IDLE};

    for ( unsigned int i = 0; i < 4; i++ )
    {
        doms[i].domain_id = ids[i];
        doms[i].tot_pages = 100u * ids[i];
        doms[i].next_in_list = domain_list;
        domain_list = &doms[i];
    }
    doms[0].is_privileged = true;
    vcpus[0].domain = &doms[0];
    vcpus[1].domain = &doms[1];
    cur = &vcpus[0];
    cpu_online_map = 0x0b;
    fake_ram_setup(1024);
    init_heap_pages(mfn_to_page(_mfn(256)), 768);
    ok(alloc_heap_pages(0) != NULL, "one page allocated from a 768-page heap");

    test_access();
    test_readconsole();
    test_physinfo();
    test_domainlist();
    test_cpus();
    test_nodes_and_pools();
    test_hwdom_output();
    test_cpu_policy();
    test_debug_keys();
    return tap_done();
}
