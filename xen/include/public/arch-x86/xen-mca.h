/* SPDX-License-Identifier: MIT */
/*
 * mca(struct xen_mc *op), hypercall __HYPERVISOR_mca: machine-check
 * telemetry for the hardware domain (Linux's xen_mcelog: /dev/mcelog). Every
 * call carries XEN_MCA_INTERFACE_VERSION; another value is -EACCES. The
 * hypervisor raises VIRQ_MCA when telemetry waits to be fetched.
 */
#ifndef XEN_PUBLIC_ARCH_X86_XEN_MCA_H
#define XEN_PUBLIC_ARCH_X86_XEN_MCA_H

#include "../xen.h"

#define __HYPERVISOR_mca          __HYPERVISOR_arch_0
#define XEN_MCA_INTERFACE_VERSION 0x01ecc003
#define VIRQ_MCA                  VIRQ_ARCH_0

/* Fetch flags: IN, what to fetch or acknowledge. */
#define XEN_MC_NONURGENT 0x0001
#define XEN_MC_URGENT    0x0002
#define XEN_MC_ACK       0x0004
/* Fetch and notify flags: OUT, what happened. */
#define XEN_MC_OK           0x0
#define XEN_MC_FETCHFAILED  0x1
#define XEN_MC_NODATA       0x2 /* no telemetry waiting */
#define XEN_MC_NOMATCH      0x4 /* nothing with that fetch_id to acknowledge */
#define XEN_MC_CANNOTHANDLE 0x8
#define XEN_MC_NOTDELIVERED 0x10

/** One MSR and its value. */
struct mcinfo_msr {
    uint64_t reg;
    uint64_t value;
};
typedef struct mcinfo_msr xen_mcinfo_msr_t;
XEN_ABI_SIZE(struct mcinfo_msr, 16);

/* A telemetry record: entries of (type, size) headers and bodies in mi_data. */
#define MCINFO_MAXSIZE 768
struct mc_info {
    uint32_t mi_nentries;
    uint32_t flags;
    uint64_t mi_data[(MCINFO_MAXSIZE - 1) / 8];
};
typedef struct mc_info mc_info_t;
DEFINE_XEN_GUEST_HANDLE(mc_info_t);
XEN_ABI_SIZE(struct mc_info, 768);

#define __MC_MSR_ARRAYSIZE 8
#define MC_NCAPS           7 /* CPUID feature words in mc_cpu_caps: */
#define MC_CAPS_STD_EDX    0 /* leaf 1 %edx */
#define MC_CAPS_AMD_EDX    1 /* leaf 0x80000001 %edx */
#define MC_CAPS_TM         2 /* leaf 0x80860001 */
#define MC_CAPS_LINUX      3 /* Linux's own word */
#define MC_CAPS_STD_ECX    4 /* leaf 1 %ecx */
#define MC_CAPS_VIA        5 /* leaf 0xc0000001 */
#define MC_CAPS_AMD_ECX    6 /* leaf 0x80000001 %ecx */

/** One physical CPU as XEN_MC_physcpuinfo describes it. */
struct mcinfo_logical_cpu {
    uint32_t mc_cpunr; /* the hypervisor's number for it */
    uint32_t mc_chipid;
    uint16_t mc_coreid;
    uint16_t mc_threadid;
    uint32_t mc_apicid;
    uint32_t mc_clusterid;
    uint32_t mc_ncores;
    uint32_t mc_ncores_active;
    uint32_t mc_nthreads;
    int32_t mc_cpuid_level; /* highest standard CPUID leaf */
    uint32_t mc_family;
    uint32_t mc_vendor;
    uint32_t mc_model;
    uint32_t mc_step;
    char mc_vendorid[16];
    char mc_brandid[64];
    uint32_t mc_cpu_caps[MC_NCAPS];
    uint32_t mc_cache_size;
    uint32_t mc_cache_alignment;
    int32_t mc_nmsrvals; /* valid entries of mc_msrvalues */
    xen_mcinfo_msr_t mc_msrvalues[__MC_MSR_ARRAYSIZE];
};
typedef struct mcinfo_logical_cpu xen_mc_logical_cpu_t;
DEFINE_XEN_GUEST_HANDLE(xen_mc_logical_cpu_t);
XEN_ABI_SIZE(struct mcinfo_logical_cpu, 304);

/*
 * XEN_MC_fetch: the next telemetry record of the kind flags names, into
 * *data; OUT flags say XEN_MC_OK (with fetch_id to acknowledge it by) or
 * XEN_MC_NODATA. With XEN_MC_ACK, acknowledges the record fetch_id.
 */
#define XEN_MC_fetch 1
struct xen_mc_fetch {
    uint32_t flags; /* IN/OUT */
    uint32_t _pad0;
    uint64_t fetch_id;                /* OUT: to acknowledge by; IN with XEN_MC_ACK */
    XEN_GUEST_HANDLE(mc_info_t) data; /* OUT */
};
typedef struct xen_mc_fetch xen_mc_fetch_t;
DEFINE_XEN_GUEST_HANDLE(xen_mc_fetch_t);
XEN_ABI_SIZE(struct xen_mc_fetch, 24);

/* XEN_MC_notifydomain: pass an error on to a domain (no longer supported by Xen either). */
#define XEN_MC_notifydomain 2
struct xen_mc_notifydomain {
    uint16_t mc_domid;
    uint16_t mc_vcpuid;
    uint32_t flags;
};
typedef struct xen_mc_notifydomain xen_mc_notifydomain_t;
DEFINE_XEN_GUEST_HANDLE(xen_mc_notifydomain_t);
XEN_ABI_SIZE(struct xen_mc_notifydomain, 8);

/*
 * XEN_MC_physcpuinfo: with a null info handle, OUT ncpus is the number of
 * physical CPUs; with one, IN ncpus is how many entries info has room for
 * (fewer than there are CPUs: -EINVAL) and each CPU's is written.
 */
#define XEN_MC_physcpuinfo 3
struct xen_mc_physcpuinfo {
    uint32_t ncpus; /* IN/OUT */
    uint32_t _pad0;
    XEN_GUEST_HANDLE(xen_mc_logical_cpu_t) info; /* OUT */
};
typedef struct xen_mc_physcpuinfo xen_mc_physcpuinfo_t;
XEN_ABI_SIZE(struct xen_mc_physcpuinfo, 16);

/* XEN_MC_msrinject / XEN_MC_mceinject: error injection for testing (not supported here). */
#define XEN_MC_msrinject      4
#define MC_MSRINJ_MAXMSRS     8
#define MC_MSRINJ_F_INTERPOSE 0x1
#define MC_MSRINJ_F_GPADDR    0x2
struct xen_mc_msrinject {
    uint32_t mcinj_cpunr;
    uint32_t mcinj_flags; /* MC_MSRINJ_F_* */
    uint32_t mcinj_count;
    domid_t mcinj_domid;
    uint16_t _pad0;
    xen_mcinfo_msr_t mcinj_msr[MC_MSRINJ_MAXMSRS];
};
typedef struct xen_mc_msrinject xen_mc_msrinject_t;
XEN_ABI_SIZE(struct xen_mc_msrinject, 144);

#define XEN_MC_mceinject 5
struct xen_mc_mceinject {
    unsigned int mceinj_cpunr;
};
typedef struct xen_mc_mceinject xen_mc_mceinject_t;
XEN_ABI_SIZE(struct xen_mc_mceinject, 4);

/* The call's argument. */
struct xen_mc {
    uint32_t cmd;
    uint32_t interface_version; /* XEN_MCA_INTERFACE_VERSION */
    union {
        xen_mc_fetch_t mc_fetch;
        xen_mc_notifydomain_t mc_notifydomain;
        xen_mc_physcpuinfo_t mc_physcpuinfo;
        xen_mc_msrinject_t mc_msrinject;
        xen_mc_mceinject_t mc_mceinject;
    } u;
};
typedef struct xen_mc xen_mc_t;
DEFINE_XEN_GUEST_HANDLE(xen_mc_t);
XEN_ABI_SIZE(struct xen_mc, 152);

#endif /* XEN_PUBLIC_ARCH_X86_XEN_MCA_H */
