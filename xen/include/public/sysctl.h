/* SPDX-License-Identifier: MIT */
/*
 * sysctl(struct xen_sysctl *op): the toolstack's view of the whole machine
 * (console ring, CPUs, memory, the domain list). Privileged domains only.
 *
 * Every call carries cmd and interface_version; a version other than
 * XEN_SYSCTL_INTERFACE_VERSION is -EACCES, an unprivileged caller -EPERM. OUT
 * fields are written back into the caller's structure on success.
 */
#ifndef XEN_PUBLIC_SYSCTL_H
#define XEN_PUBLIC_SYSCTL_H

#include "xen.h"
#include "domctl.h"  /* struct xen_domctl_getdomaininfo, XEN_SCHEDULER_*, xenctl_bitmap */
#include "physdev.h" /* struct physdev_pci_device */

#if defined(__XEN__) || defined(__XEN_TOOLS__)

/* The layout level of struct xen_sysctl this header describes (Xen 4.17's). */
#define XEN_SYSCTL_INTERFACE_VERSION 0x00000015

/* Sub-operation numbers (xen_sysctl.cmd). */
#define XEN_SYSCTL_readconsole            1
#define XEN_SYSCTL_tbuf_op                2
#define XEN_SYSCTL_physinfo               3
#define XEN_SYSCTL_sched_id               4
#define XEN_SYSCTL_perfc_op               5
#define XEN_SYSCTL_getdomaininfolist      6
#define XEN_SYSCTL_debug_keys             7
#define XEN_SYSCTL_getcpuinfo             8
#define XEN_SYSCTL_availheap              9
#define XEN_SYSCTL_get_pmstat             10
#define XEN_SYSCTL_cpu_hotplug            11
#define XEN_SYSCTL_pm_op                  12
#define XEN_SYSCTL_page_offline_op        14
#define XEN_SYSCTL_lockprof_op            15
#define XEN_SYSCTL_cputopoinfo            16
#define XEN_SYSCTL_numainfo               17
#define XEN_SYSCTL_cpupool_op             18
#define XEN_SYSCTL_scheduler_op           19
#define XEN_SYSCTL_coverage_op            20
#define XEN_SYSCTL_psr_cmt_op             21
#define XEN_SYSCTL_pcitopoinfo            22
#define XEN_SYSCTL_psr_alloc              23
#define XEN_SYSCTL_get_cpu_levelling_caps 25
#define XEN_SYSCTL_get_cpu_featureset     26
#define XEN_SYSCTL_livepatch_op           27
#define XEN_SYSCTL_get_cpu_policy         29

/*
 * XEN_SYSCTL_readconsole: copy bytes out of the hypervisor's console ring.
 * Indexes count bytes ever written (modulo 2^32); the ring keeps the newest.
 *  1. Reading starts at the oldest byte kept, or at `index` when incremental
 *     is non-zero and index lies within what the ring still holds.
 *  2. At most `count` bytes are copied, oldest first; `count` returns how
 *     many, `index` where reading stopped (the next incremental start).
 *  3. clear non-zero forgets the bytes read (only those): later reads start
 *     after them.
 */
struct xen_sysctl_readconsole {
    uint8_t clear;       /* IN */
    uint8_t incremental; /* IN */
    uint8_t pad0, pad1;
    uint32_t index;                   /* IN (if incremental) / OUT */
    XEN_GUEST_HANDLE_64(char) buffer; /* IN: where the bytes go */
    uint32_t count;                   /* IN: buffer size / OUT: bytes copied */
    uint32_t _pad2;
};
typedef struct xen_sysctl_readconsole xen_sysctl_readconsole_t;
XEN_ABI_SIZE(struct xen_sysctl_readconsole, 24);
XEN_ABI_OFFSET(struct xen_sysctl_readconsole, buffer, 8);

/* XEN_SYSCTL_physinfo capability bits (physinfo.capabilities). */
#define _XEN_SYSCTL_PHYSCAP_hvm                0
#define XEN_SYSCTL_PHYSCAP_hvm                 (1u << _XEN_SYSCTL_PHYSCAP_hvm)
#define _XEN_SYSCTL_PHYSCAP_pv                 1
#define XEN_SYSCTL_PHYSCAP_pv                  (1u << _XEN_SYSCTL_PHYSCAP_pv)
#define _XEN_SYSCTL_PHYSCAP_directio           2
#define XEN_SYSCTL_PHYSCAP_directio            (1u << _XEN_SYSCTL_PHYSCAP_directio)
#define _XEN_SYSCTL_PHYSCAP_hap                3
#define XEN_SYSCTL_PHYSCAP_hap                 (1u << _XEN_SYSCTL_PHYSCAP_hap)
#define _XEN_SYSCTL_PHYSCAP_shadow             4
#define XEN_SYSCTL_PHYSCAP_shadow              (1u << _XEN_SYSCTL_PHYSCAP_shadow)
#define _XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share 5
#define XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share  (1u << _XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share)
#define XEN_SYSCTL_PHYSCAP_vmtrace             (1u << 6)
#define XEN_SYSCTL_PHYSCAP_vpmu                (1u << 7)
#define XEN_SYSCTL_PHYSCAP_gnttab_v1           (1u << 8)
#define XEN_SYSCTL_PHYSCAP_gnttab_v2           (1u << 9)
#define XEN_SYSCTL_PHYSCAP_MAX                 XEN_SYSCTL_PHYSCAP_gnttab_v2

/*
 * XEN_SYSCTL_physinfo: the machine. All fields OUT.
 *  1. Page counts are in 4 KiB machine pages; total_pages is the RAM the
 *     hypervisor manages, free_pages what its heap has left.
 *  2. hw_cap holds the boot CPU's feature words (CPUID 1 edx, ecx, ...).
 */
struct xen_sysctl_physinfo {
    uint32_t threads_per_core;
    uint32_t cores_per_socket;
    uint32_t nr_cpus;     /* CPUs online */
    uint32_t max_cpu_id;  /* highest CPU number there could be */
    uint32_t nr_nodes;    /* NUMA nodes online */
    uint32_t max_node_id; /* highest node number there could be */
    uint32_t cpu_khz;
    uint32_t capabilities;      /* XEN_SYSCTL_PHYSCAP_* */
    uint32_t arch_capabilities; /* architecture-specific, none on x86 yet */
    uint32_t pad;
    uint64_aligned_t total_pages;
    uint64_aligned_t free_pages;
    uint64_aligned_t scrub_pages;
    uint64_aligned_t outstanding_pages;
    uint64_aligned_t max_mfn; /* highest machine frame there could be */
    uint32_t hw_cap[8];
};
typedef struct xen_sysctl_physinfo xen_sysctl_physinfo_t;
XEN_ABI_SIZE(struct xen_sysctl_physinfo, 112);
XEN_ABI_OFFSET(struct xen_sysctl_physinfo, total_pages, 40);
XEN_ABI_OFFSET(struct xen_sysctl_physinfo, hw_cap, 80);

/* XEN_SYSCTL_sched_id: the scheduler's XEN_SCHEDULER_* number (domctl.h). OUT. */
struct xen_sysctl_sched_id {
    uint32_t sched_id;
};
typedef struct xen_sysctl_sched_id xen_sysctl_sched_id_t;
XEN_ABI_SIZE(struct xen_sysctl_sched_id, 4);

/*
 * XEN_SYSCTL_getdomaininfolist: struct xen_domctl_getdomaininfo (domctl.h)
 * for up to max_domains domains, in id order, from first_domain on.
 *  1. num_domains (OUT) is how many were written.
 */
struct xen_sysctl_getdomaininfolist {
    domid_t first_domain; /* IN */
    uint16_t _pad0;
    uint32_t max_domains;                                   /* IN */
    XEN_GUEST_HANDLE_64(xen_domctl_getdomaininfo_t) buffer; /* IN: max_domains entries */
    uint32_t num_domains;                                   /* OUT */
    uint32_t _pad1;
};
typedef struct xen_sysctl_getdomaininfolist xen_sysctl_getdomaininfolist_t;
XEN_ABI_SIZE(struct xen_sysctl_getdomaininfolist, 24);
XEN_ABI_OFFSET(struct xen_sysctl_getdomaininfolist, buffer, 8);

/* XEN_SYSCTL_debug_keys: act on nr_keys debug-key characters, as if typed. */
struct xen_sysctl_debug_keys {
    XEN_GUEST_HANDLE_64(const_char) keys; /* IN */
    uint32_t nr_keys;                     /* IN */
    uint32_t _pad0;
};
typedef struct xen_sysctl_debug_keys xen_sysctl_debug_keys_t;
XEN_ABI_SIZE(struct xen_sysctl_debug_keys, 16);

/*
 * XEN_SYSCTL_getcpuinfo: per physical CPU, the nanoseconds it spent idle.
 *  1. Entries for CPUs 0 .. min(max_cpus, CPUs there are) - 1; nr_cpus (OUT)
 *     says how many were written.
 */
struct xen_sysctl_cpuinfo {
    uint64_aligned_t idletime;
};
typedef struct xen_sysctl_cpuinfo xen_sysctl_cpuinfo_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_cpuinfo_t);
XEN_ABI_SIZE(struct xen_sysctl_cpuinfo, 8);

struct xen_sysctl_getcpuinfo {
    uint32_t max_cpus; /* IN */
    uint32_t _pad0;
    XEN_GUEST_HANDLE_64(xen_sysctl_cpuinfo_t) info; /* IN: max_cpus entries */
    uint32_t nr_cpus;                               /* OUT */
    uint32_t _pad1;
};
typedef struct xen_sysctl_getcpuinfo xen_sysctl_getcpuinfo_t;
XEN_ABI_SIZE(struct xen_sysctl_getcpuinfo, 24);

/* XEN_SYSCTL_availheap: free heap bytes within an address-width range (0: any). */
struct xen_sysctl_availheap {
    uint32_t min_bitwidth; /* IN */
    uint32_t max_bitwidth; /* IN */
    int32_t node;          /* IN: -1 for every node */
    uint32_t _pad0;
    uint64_aligned_t avail_bytes; /* OUT */
};
typedef struct xen_sysctl_availheap xen_sysctl_availheap_t;
XEN_ABI_SIZE(struct xen_sysctl_availheap, 24);

/* XEN_SYSCTL_cputopoinfo: the "no such" values of struct xen_sysctl_cputopo. */
#define XEN_INVALID_CORE_ID   (~0U)
#define XEN_INVALID_SOCKET_ID (~0U)
#define XEN_INVALID_NODE_ID   (~0U)

/* One CPU's place: its core, socket and node (XEN_INVALID_* for a CPU not online). */
struct xen_sysctl_cputopo {
    uint32_t core;
    uint32_t socket;
    uint32_t node;
};
typedef struct xen_sysctl_cputopo xen_sysctl_cputopo_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_cputopo_t);
XEN_ABI_SIZE(struct xen_sysctl_cputopo, 12);

/*
 * XEN_SYSCTL_cputopoinfo: topology of CPUs 0 .. num_cpus - 1.
 *  1. A null cputopo handle asks only for the number of entries (num_cpus OUT).
 *  2. Otherwise min(num_cpus, entries there are) entries are written, and
 *     num_cpus (OUT) is the number there are (the caller learns it was short).
 */
struct xen_sysctl_cputopoinfo {
    uint32_t num_cpus; /* IN/OUT */
    uint32_t _pad0;
    XEN_GUEST_HANDLE_64(xen_sysctl_cputopo_t) cputopo; /* IN */
};
typedef struct xen_sysctl_cputopoinfo xen_sysctl_cputopoinfo_t;
XEN_ABI_SIZE(struct xen_sysctl_cputopoinfo, 16);

/* XEN_SYSCTL_numainfo: "no such" values, and one node's memory in bytes. */
#define XEN_INVALID_MEM_SZ    (~0U)
#define XEN_INVALID_NODE_DIST (~0U)

struct xen_sysctl_meminfo {
    uint64_t memsize;
    uint64_t memfree;
};
typedef struct xen_sysctl_meminfo xen_sysctl_meminfo_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_meminfo_t);
XEN_ABI_SIZE(struct xen_sysctl_meminfo, 16);

/*
 * XEN_SYSCTL_numainfo: memory per node and the node distance matrix.
 *  1. Both handles null asks only for the number of nodes (num_nodes OUT).
 *  2. Otherwise entries for min(num_nodes, nodes there are) nodes are written
 *     (distance[i * N + j], N the number of nodes there are), and num_nodes
 *     (OUT) is the number there are.
 */
struct xen_sysctl_numainfo {
    uint32_t num_nodes; /* IN/OUT */
    uint32_t _pad0;
    XEN_GUEST_HANDLE_64(xen_sysctl_meminfo_t) meminfo; /* IN */
    XEN_GUEST_HANDLE_64(uint32) distance;              /* IN */
};
typedef struct xen_sysctl_numainfo xen_sysctl_numainfo_t;
XEN_ABI_SIZE(struct xen_sysctl_numainfo, 24);

/*
 * XEN_SYSCTL_pcitopoinfo: the NUMA node of each of num_devs PCI devices.
 *  1. nodes[i] (OUT) is the node of devs[i], XEN_INVALID_NODE_ID if that is
 *     not known, XEN_INVALID_DEV if the hypervisor does not know the device.
 *  2. num_devs (OUT) is how many were answered.
 */
#define XEN_INVALID_DEV (XEN_INVALID_NODE_ID - 1)
struct xen_sysctl_pcitopoinfo {
    uint32_t num_devs; /* IN/OUT */
    uint32_t _pad0;
    XEN_GUEST_HANDLE_64(physdev_pci_device_t) devs; /* IN */
    XEN_GUEST_HANDLE_64(uint32) nodes;              /* OUT */
};
typedef struct xen_sysctl_pcitopoinfo xen_sysctl_pcitopoinfo_t;
XEN_ABI_SIZE(struct xen_sysctl_pcitopoinfo, 24);

/* XEN_SYSCTL_cpupool_op sub-operations (cpupool_op.op). */
#define XEN_SYSCTL_CPUPOOL_OP_CREATE     1
#define XEN_SYSCTL_CPUPOOL_OP_DESTROY    2
#define XEN_SYSCTL_CPUPOOL_OP_INFO       3
#define XEN_SYSCTL_CPUPOOL_OP_ADDCPU     4
#define XEN_SYSCTL_CPUPOOL_OP_RMCPU      5
#define XEN_SYSCTL_CPUPOOL_OP_MOVEDOMAIN 6
#define XEN_SYSCTL_CPUPOOL_OP_FREEINFO   7
#define XEN_SYSCTL_CPUPOOL_PAR_ANY       0xFFFFFFFFU

/*
 * XEN_SYSCTL_cpupool_op: CPU pools.
 *  1. INFO: the pool with the lowest id >= cpupool_id: cpupool_id, sched_id,
 *     n_dom (its domains) and cpumap (its CPUs) OUT; -ENOENT past the last.
 *  2. FREEINFO: cpumap (OUT) holds the CPUs in no pool.
 *  3. cpumap.nr_bits (IN) is the caller's bitmap size in bits; whole bytes
 *     up to it are written.
 */
struct xen_sysctl_cpupool_op {
    uint32_t op;         /* IN */
    uint32_t cpupool_id; /* IN/OUT */
    uint32_t sched_id;   /* IN (create) / OUT (info) */
    uint32_t domid;      /* IN (movedomain) */
    uint32_t cpu;        /* IN (addcpu, rmcpu) */
    uint32_t n_dom;      /* OUT (info) */
    struct xenctl_bitmap cpumap;
};
typedef struct xen_sysctl_cpupool_op xen_sysctl_cpupool_op_t;
XEN_ABI_SIZE(struct xen_sysctl_cpupool_op, 40);

/*
 * XEN_SYSCTL_get_cpu_featureset: the CPUID feature words of one of the
 * machine's featuresets, in Xen's order (leaf 1 EDX, 1 ECX, 0x80000001 EDX,
 * 0x80000001 ECX, 0xd:1 EAX, 7:0 EBX, 7:0 ECX, 0x80000007 EDX, 0x80000008
 * EBX, 7:0 EDX, 7:1 EAX, ...): raw (the CPU's), host (what the hypervisor
 * uses), pv and pv_max (what a PV guest may be given). The HVM ones are
 * -EOPNOTSUPP, another index -EINVAL.
 *  1. nr_features (IN) is the size of the array; OUT, how many words were
 *     written: all the hypervisor knows. A null array asks for that number;
 *     an array too small for it gets the words that fit, and -ENOBUFS.
 */
#define XEN_SYSCTL_cpu_featureset_raw     0
#define XEN_SYSCTL_cpu_featureset_host    1
#define XEN_SYSCTL_cpu_featureset_pv      2
#define XEN_SYSCTL_cpu_featureset_hvm     3
#define XEN_SYSCTL_cpu_featureset_pv_max  4
#define XEN_SYSCTL_cpu_featureset_hvm_max 5
struct xen_sysctl_cpu_featureset {
    uint32_t index;                       /* IN: XEN_SYSCTL_cpu_featureset_* */
    uint32_t nr_features;                 /* IN/OUT */
    XEN_GUEST_HANDLE_64(uint32) features; /* OUT */
};
typedef struct xen_sysctl_cpu_featureset xen_sysctl_cpu_featureset_t;
XEN_ABI_SIZE(struct xen_sysctl_cpu_featureset, 16);

/*
 * XEN_SYSCTL_get_cpu_policy: one of the machine's CPUID and MSR policies,
 * chosen by index: raw (what the CPU says), host (what the hypervisor uses),
 * pv_max (everything a PV guest may be given), pv_default (what a new PV guest
 * gets). The HVM ones are -EOPNOTSUPP: there is no HVM support.
 *  1. nr_leaves / nr_msrs (IN) are the sizes of the arrays; OUT, how many
 *     entries were written. A null array asks for the most there could be.
 *  2. An array too small for the policy is -ENOBUFS; _rsvd must be zero (else
 *     -EINVAL, as is an unknown index).
 */
#define XEN_SYSCTL_cpu_policy_raw         0
#define XEN_SYSCTL_cpu_policy_host        1
#define XEN_SYSCTL_cpu_policy_pv_max      2
#define XEN_SYSCTL_cpu_policy_hvm_max     3
#define XEN_SYSCTL_cpu_policy_pv_default  4
#define XEN_SYSCTL_cpu_policy_hvm_default 5
struct xen_sysctl_cpu_policy {
    uint32_t index;                               /* IN: XEN_SYSCTL_cpu_policy_* */
    uint32_t nr_leaves;                           /* IN/OUT */
    uint32_t nr_msrs;                             /* IN/OUT */
    uint32_t _rsvd;                               /* zero */
    XEN_GUEST_HANDLE_64(xen_cpuid_leaf_t) leaves; /* OUT */
    XEN_GUEST_HANDLE_64(xen_msr_entry_t) msrs;    /* OUT */
};
typedef struct xen_sysctl_cpu_policy xen_sysctl_cpu_policy_t;
XEN_ABI_SIZE(struct xen_sysctl_cpu_policy, 32);

/* The argument of sysctl: cmd, version and the sub-op's structure. */
struct xen_sysctl {
    uint32_t cmd;               /* XEN_SYSCTL_* */
    uint32_t interface_version; /* XEN_SYSCTL_INTERFACE_VERSION */
    union {
        struct xen_sysctl_readconsole readconsole;
        struct xen_sysctl_physinfo physinfo;
        struct xen_sysctl_sched_id sched_id;
        struct xen_sysctl_getdomaininfolist getdomaininfolist;
        struct xen_sysctl_debug_keys debug_keys;
        struct xen_sysctl_getcpuinfo getcpuinfo;
        struct xen_sysctl_availheap availheap;
        struct xen_sysctl_cputopoinfo cputopoinfo;
        struct xen_sysctl_numainfo numainfo;
        struct xen_sysctl_pcitopoinfo pcitopoinfo;
        struct xen_sysctl_cpupool_op cpupool_op;
        struct xen_sysctl_cpu_featureset cpu_featureset;
        struct xen_sysctl_cpu_policy cpu_policy;
        uint8_t pad[128];
    } u;
};
typedef struct xen_sysctl xen_sysctl_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_t);
XEN_ABI_SIZE(struct xen_sysctl, 136);
XEN_ABI_OFFSET(struct xen_sysctl, u, 8);

#endif /* __XEN__ || __XEN_TOOLS__ */

#endif /* XEN_PUBLIC_SYSCTL_H */
