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
long domctl_op_get_ext_vcpucontext(struct xen_domctl *op, struct domain *d);
long domctl_op_set_ext_vcpucontext(struct xen_domctl *op, struct domain *d);

/*
 * The sub-ops of common/domctl_info.c, rows of domctl.c's table (the same contract).
 */
long domctl_op_gettscinfo(struct xen_domctl *op, struct domain *d);
long domctl_op_settscinfo(struct xen_domctl *op, struct domain *d);
long domctl_op_getpageframeinfo3(struct xen_domctl *op, struct domain *d);
long domctl_op_set_target(struct xen_domctl *op, struct domain *d);
long domctl_op_irq_permission(struct xen_domctl *op, struct domain *d);
long domctl_op_iomem_permission(struct xen_domctl *op, struct domain *d);
long domctl_op_ioport_permission(struct xen_domctl *op, struct domain *d);

/**
 * Arch hook for getpageframeinfo3: the XEN_DOMCTL_PFINFO_* type of machine frame
 * mfn as a frame of d: its page-table type and pinning, NOTAB for an ordinary
 * page, XTAB for a frame that is not on d's page list (not RAM, another
 * domain's, or a hypervisor page d only shares).
 */
uint32_t arch_page_frame_type(struct domain *d, unsigned long mfn);

/**
 * Arch hook for irq_permission: the machine IRQ behind d's pirq, -EINVAL for a
 * pirq beyond d's range, -EPERM for one d has not mapped.
 */
int arch_irq_of_pirq(struct domain *d, unsigned int pirq);

/*
 * Arch hooks for ext_vcpucontext (arch/x86/pv/ext_context.c): read v's
 * extended state into *e; check a request completely (0 or -EINVAL), then
 * apply it to a vCPU that is not running (nothing can fail by then).
 */
struct vcpu;
void arch_get_ext_vcpucontext(const struct vcpu *v, struct xen_domctl_ext_vcpucontext *e);
int arch_check_ext_vcpucontext(const struct xen_domctl_ext_vcpucontext *e);
void arch_set_ext_vcpucontext(struct vcpu *v, const struct xen_domctl_ext_vcpucontext *e);

/** Arch hook: the TSC's frequency in kHz (what gettscinfo reports for native TSC modes). */
uint32_t arch_tsc_khz(void);

#endif /* XEN_DOMCTL_H */
