/* SPDX-License-Identifier: GPL-2.0-only */
/* What the domain control hypercall (common/domctl.c) offers the rest of the hypervisor. */
#ifndef XEN_DOMCTL_H
#define XEN_DOMCTL_H

#include <xen/types.h> /* before the public headers, which use its types */

#include <public/domctl.h>

struct domain;

/**
 * Fill *info with d's state as XEN_DOMCTL_getdomaininfo reports it (flags,
 * shutdown reason, page counts, shared_info frame, CPU time, vCPUs, handle).
 * Reads d without locks: a snapshot. Also what sysctl getdomaininfolist
 * reports for each domain.
 */
void domctl_getdomaininfo(const struct domain *d, struct xen_domctl_getdomaininfo *info);

#endif /* XEN_DOMCTL_H */
