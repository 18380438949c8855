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

/*
 * The vCPU sub-ops (common/domctl_vcpu.c), rows of domctl.c's table: each
 * gets the copied-in call and its existing domain, returns 0 or -errno.
 */
long domctl_op_setvcpuaffinity(struct xen_domctl *op, struct domain *d);
long domctl_op_getvcpuaffinity(struct xen_domctl *op, struct domain *d);
long domctl_op_setvcpucontext(struct xen_domctl *op, struct domain *d);
long domctl_op_getvcpucontext(struct xen_domctl *op, struct domain *d);
long domctl_op_getvcpuinfo(struct xen_domctl *op, struct domain *d);
long domctl_op_setnodeaffinity(struct xen_domctl *op, struct domain *d);
long domctl_op_getnodeaffinity(struct xen_domctl *op, struct domain *d);

#endif /* XEN_DOMCTL_H */
