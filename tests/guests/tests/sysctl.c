/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sysctl from dom0, as the toolstack (`xl dmesg`, `xl info`) uses it. Probes:
 * another interface version is -EACCES; readconsole reads the boot log oldest
 * first, ends its index at the newest byte, continues incrementally from an
 * index (nothing new: nothing), fills a small buffer with the oldest bytes,
 * clears only what it read, and a bad buffer is -EFAULT; physinfo describes a
 * plausible machine (CPUs online, PV capable, free <= total pages); sched_id
 * names a known scheduler; getcpuinfo's idle times grow; cputopoinfo and
 * numainfo agree with physinfo. The same kernel runs on Xen 4.17 (the oracle).
 */
/* sysctl.h is for toolstacks (and the hypervisor): see the headers as a toolstack does. */
#undef __XEN_INTERFACE_VERSION__
#define __XEN_TOOLS__ 1
#include "guest.h"

#include <public/sysctl.h>

const char test_title[] = "sysctl: readconsole, physinfo, sched_id, cpu and node info";

#define XEN_SCHEDULER_CREDIT  5
#define XEN_SCHEDULER_CREDIT2 6

static struct xen_sysctl op;
static char ring[65536], again[4096];

static long sysctl(uint32_t cmd)
{
    op.cmd = cmd;
    op.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    return hypercall1(__HYPERVISOR_sysctl, (unsigned long)&op);
}

static long readcons(char *buf, uint32_t count, bool incremental, uint32_t index, bool clear)
{
    guest_memset(&op, 0, sizeof(op));
    op.u.readconsole.buffer.p = buf;
    op.u.readconsole.count = count;
    op.u.readconsole.incremental = incremental;
    op.u.readconsole.index = index;
    op.u.readconsole.clear = clear;
    return sysctl(XEN_SYSCTL_readconsole);
}

static bool same(const char *a, const char *b, size_t n)
{
    for ( size_t i = 0; i < n; i++ )
        if ( a[i] != b[i] )
            return false;
    return true;
}

/* No guest_printf between reads here: dom0's own output may land in the ring. */
static void test_readconsole(void)
{
    uint32_t total, end, start;
    long r1, r2, r3, r4, r5;
    uint32_t c2, c3, c4, i3, i4;

    r1 = readcons(ring, sizeof(ring), false, 0, false);
    total = op.u.readconsole.count;
    end = op.u.readconsole.index;
    r2 = readcons(again, 100, true, end, false);
    c2 = op.u.readconsole.count;
    r3 = readcons(again, 16, false, 0, false);
    c3 = op.u.readconsole.count;
    i3 = op.u.readconsole.index;
    r4 = readcons(again + 16, 16, true, i3, false);
    c4 = op.u.readconsole.count;
    i4 = op.u.readconsole.index;

    check_rc("readconsole of the whole ring", r1, 0);
    guest_printf("ring: %u bytes, index %u\n", total, end);
    check_true("the boot log is there (some 100s of bytes, (XEN) lines)",
               total >= 200 && total < sizeof(ring) && guest_strstr(ring, "(XEN) ") != NULL);
    start = end - total;
    check_rc("incremental read at the end", r2, 0);
    check_true("nothing is new at the end", c2 == 0);
    check_rc("a 16-byte read", r3, 0);
    check_true("it gets the 16 oldest bytes, index past them",
               c3 == 16 && same(again, ring, 16) && i3 == start + 16);
    check_rc("incremental from that index", r4, 0);
    check_true("it continues with the next 16",
               c4 == 16 && same(again + 16, ring + 16, 16) && i4 == start + 32);

    /* A bad buffer (while the ring has bytes to copy) is -EFAULT. */
    check_rc("readconsole into an unmapped buffer",
             readcons((char *)0x40000000UL, 64, false, 0, true), -XEN_EFAULT);
    check_rc("readconsole into the hypervisor's area",
             readcons((char *)HYPERVISOR_VIRT_START, 64, false, 0, true), -XEN_EFAULT);

    /* Clearing: a 32-byte read with clear forgets those 32 bytes only. */
    r1 = readcons(again, 32, false, 0, true);
    r2 = readcons(again, sizeof(again), false, 0, false);
    c2 = op.u.readconsole.count;
    check_rc("a 32-byte read with clear", r1, 0);
    check_rc("then a read", r2, 0);
    check_true("it starts 32 bytes later", c2 > 32 && same(again, ring + 32, 32));
    r3 = readcons(ring, sizeof(ring), false, 0, true);
    c3 = op.u.readconsole.count;
    r4 = readcons(again, sizeof(again), false, 0, false);
    c4 = op.u.readconsole.count;
    r5 = readcons(again, sizeof(again), true, start, false);
    check_rc("read everything with clear", r3, 0);
    check_true("that was the rest of the log", c3 >= total - 32);
    check_rc("read after clearing everything", r4, 0);
    check_true("the ring reads empty", c4 == 0);
    check_true("an index in the cleared part reads nothing either",
               r5 == 0 && op.u.readconsole.count == 0);
}

static void test_physinfo(void)
{
    struct xen_sysctl_physinfo pi;

    guest_memset(&op, 0xa5, sizeof(op));
    check_rc("physinfo", sysctl(XEN_SYSCTL_physinfo), 0);
    pi = op.u.physinfo;
    guest_printf("physinfo: %u threads/core, %u cores/socket, %u cpus (max id %u), %u nodes, "
                 "%u kHz, caps %#x, %lu pages (%lu free), max mfn %#lx, hw_cap %08x %08x\n",
                 pi.threads_per_core, pi.cores_per_socket, pi.nr_cpus, pi.max_cpu_id, pi.nr_nodes,
                 pi.cpu_khz, pi.capabilities, (unsigned long)pi.total_pages,
                 (unsigned long)pi.free_pages, (unsigned long)pi.max_mfn, pi.hw_cap[0],
                 pi.hw_cap[1]);
    check_true("one CPU online (run-guest's machine)", pi.nr_cpus == 1);
    check_true("max_cpu_id >= nr_cpus - 1", pi.max_cpu_id >= pi.nr_cpus - 1);
    check_true("threads per core and cores per socket are 1 or more",
               pi.threads_per_core >= 1 && pi.cores_per_socket >= 1);
    check_true("one node", pi.nr_nodes == 1 && pi.max_node_id < 64);
    check_true("a CPU clock of 100 MHz..100 GHz", pi.cpu_khz >= 100000 && pi.cpu_khz <= 100000000);
    check_true("PV guests are supported", (pi.capabilities & XEN_SYSCTL_PHYSCAP_pv) != 0);
    check_true("grant table v1 is offered", (pi.capabilities & XEN_SYSCTL_PHYSCAP_gnttab_v1) != 0);
    /* run-guest gives the machine 512 MiB. */
    check_true("total pages: most of 512 MiB", pi.total_pages > 100000 && pi.total_pages <= 131072);
    check_true("free pages below total", pi.free_pages > 0 && pi.free_pages < pi.total_pages);
    check_true("max_mfn covers the RAM", pi.max_mfn >= pi.total_pages);
    check_true("hw_cap[0] is CPUID 1 edx (FPU, TSC, PAE, APIC bits)",
               (pi.hw_cap[0] & 0x251) == 0x251);
}

static void test_cpus_and_nodes(void)
{
    static struct xen_sysctl_cpuinfo ci[4];
    static struct xen_sysctl_cputopo topo[4];
    static struct xen_sysctl_meminfo mem[2];
    static uint32_t dist[4];
    uint64_t idle0;
    uint32_t ncpus;

    guest_memset(&op, 0, sizeof(op));
    check_rc("sched_id", sysctl(XEN_SYSCTL_sched_id), 0);
    guest_printf("sched_id %u\n", op.u.sched_id.sched_id);
    check_true("sched_id is credit or credit2",
               op.u.sched_id.sched_id == XEN_SCHEDULER_CREDIT ||
                   op.u.sched_id.sched_id == XEN_SCHEDULER_CREDIT2);

    guest_memset(&op, 0, sizeof(op));
    op.u.getcpuinfo.max_cpus = 4;
    op.u.getcpuinfo.info.p = ci;
    check_rc("getcpuinfo", sysctl(XEN_SYSCTL_getcpuinfo), 0);
    ncpus = op.u.getcpuinfo.nr_cpus;
    idle0 = ci[0].idletime;
    guest_printf("getcpuinfo: %u CPUs, CPU 0 idle %lu ns\n", ncpus, (unsigned long)idle0);
    check_true("one CPU's idle time", ncpus == 1);
    for ( volatile unsigned long i = 0; i < 20000000; i++ )
        ; /* let time pass; dom0 keeps its CPU busy, so idle time may not grow */
    check_rc("getcpuinfo again", sysctl(XEN_SYSCTL_getcpuinfo), 0);
    check_true("idle time does not go backwards", ci[0].idletime >= idle0);
    op.u.getcpuinfo.info.p = (void *)0x40000000UL;
    check_rc("getcpuinfo into an unmapped buffer", sysctl(XEN_SYSCTL_getcpuinfo), -XEN_EFAULT);

    guest_memset(&op, 0, sizeof(op));
    check_rc("cputopoinfo with a null handle", sysctl(XEN_SYSCTL_cputopoinfo), 0);
    guest_printf("cputopoinfo: %u entries\n", op.u.cputopoinfo.num_cpus);
    check_true("it counts at least the online CPU", op.u.cputopoinfo.num_cpus >= 1);
    guest_memset(topo, 0x5a, sizeof(topo));
    op.u.cputopoinfo.num_cpus = 1;
    op.u.cputopoinfo.cputopo.p = topo;
    check_rc("cputopoinfo for CPU 0", sysctl(XEN_SYSCTL_cputopoinfo), 0);
    guest_printf("CPU 0: core %u socket %u node %u\n", topo[0].core, topo[0].socket, topo[0].node);
    check_true("CPU 0 is on node 0 with a core and a socket",
               topo[0].node == 0 && topo[0].core != XEN_INVALID_CORE_ID &&
                   topo[0].socket != XEN_INVALID_SOCKET_ID);
    check_true("the entry after it is untouched", topo[1].core == 0x5a5a5a5a);

    guest_memset(&op, 0, sizeof(op));
    check_rc("numainfo with null handles", sysctl(XEN_SYSCTL_numainfo), 0);
    check_true("one node", op.u.numainfo.num_nodes == 1);
    op.u.numainfo.meminfo.p = mem;
    op.u.numainfo.distance.p = dist;
    check_rc("numainfo", sysctl(XEN_SYSCTL_numainfo), 0);
    guest_printf("node 0: %lu bytes, %lu free, distance %u\n", (unsigned long)mem[0].memsize,
                 (unsigned long)mem[0].memfree, dist[0]);
    check_true("node 0 has memory, some free, and distance 10 to itself",
               mem[0].memsize > 100 * 1048576UL && mem[0].memfree < mem[0].memsize &&
                   dist[0] == 10);
}

void test_main(void)
{
    guest_memset(&op, 0, sizeof(op));
    op.cmd = XEN_SYSCTL_physinfo;
    op.interface_version = 0x00000008; /* Xen 4.0's sysctl level */
    check_rc("physinfo with Xen 4.0's interface version",
             hypercall1(__HYPERVISOR_sysctl, (unsigned long)&op), -XEN_EACCES);
    op.interface_version = XEN_SYSCTL_INTERFACE_VERSION + 1;
    check_rc("physinfo with a newer interface version",
             hypercall1(__HYPERVISOR_sysctl, (unsigned long)&op), -XEN_EACCES);
    check_rc("sysctl with an unmapped argument", hypercall1(__HYPERVISOR_sysctl, 0x40000000UL),
             -XEN_EFAULT);

    test_readconsole();
    test_physinfo();
    test_cpus_and_nodes();
}
