/* SPDX-License-Identifier: MIT */
/*
 * xen_version(int cmd, void *arg): who the hypervisor is and what it offers.
 * Every command is open to every guest.
 */
#ifndef XEN_PUBLIC_VERSION_H
#define XEN_PUBLIC_VERSION_H

#include "xen.h"

/* XENVER_version: returns (major << 16) | minor; `arg` is ignored. */
#define XENVER_version 0

/* XENVER_extraversion: the version suffix, e.g. ".0", NUL-terminated. */
#define XENVER_extraversion 1
typedef char xen_extraversion_t[16];
#define XEN_EXTRAVERSION_LEN (sizeof(xen_extraversion_t))

/* XENVER_compile_info: the build's compiler, user, domain and date. */
#define XENVER_compile_info 2
struct xen_compile_info {
    char compiler[64];
    char compile_by[16];
    char compile_domain[32];
    char compile_date[32];
};
typedef struct xen_compile_info xen_compile_info_t;
XEN_ABI_SIZE(struct xen_compile_info, 144);

/*
 * XENVER_capabilities: the guest types the hypervisor runs, space separated,
 * e.g. "xen-3.0-x86_64 xen-3.0-x86_32p".
 */
#define XENVER_capabilities 3
typedef char xen_capabilities_info_t[1024];
#define XEN_CAPABILITIES_INFO_LEN (sizeof(xen_capabilities_info_t))

/* XENVER_changeset: the source revision the hypervisor was built from. */
#define XENVER_changeset 4
typedef char xen_changeset_info_t[64];
#define XEN_CHANGESET_INFO_LEN (sizeof(xen_changeset_info_t))

/* XENVER_platform_parameters: where the hypervisor hole starts for this guest. */
#define XENVER_platform_parameters 5
struct xen_platform_parameters {
    xen_ulong_t virt_start;
};
typedef struct xen_platform_parameters xen_platform_parameters_t;
XEN_ABI_SIZE(struct xen_platform_parameters, 8);

/*
 * XENVER_get_features: 32 XENFEAT_* bits from submap_idx * 32 on.
 *  1. submap_idx >= XENFEAT_NR_SUBMAPS is -EINVAL.
 */
#define XENVER_get_features 6
struct xen_feature_info {
    uint32_t submap_idx; /* IN */
    uint32_t submap;     /* OUT */
};
typedef struct xen_feature_info xen_feature_info_t;
XEN_ABI_SIZE(struct xen_feature_info, 8);

#include "features.h"

/* XENVER_pagesize: returns the page size in bytes; `arg` is ignored. */
#define XENVER_pagesize 7

/* XENVER_guest_handle: the domain's xen_domain_handle_t (its UUID). */
#define XENVER_guest_handle 8

/* XENVER_commandline: the hypervisor's command line (privileged). */
#define XENVER_commandline 9
typedef char xen_commandline_t[1024];

/*
 * XENVER_build_id: the hypervisor image's build ID (privileged). `arg` points
 * to a uint32_t, the size of the buffer that follows it (IN), then the buffer
 * (OUT). Returns the number of bytes written; -EINVAL for a size of 0,
 * -ENOBUFS if the build ID does not fit, -ENODATA if the image has none.
 */
#define XENVER_build_id 10

#endif /* XEN_PUBLIC_VERSION_H */
