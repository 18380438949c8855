/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * domctl from a guest test acting as a toolstack (domctl.c, domctl_perms.c):
 * one call buffer, the call itself at the tools' interface version, and the
 * create/destroy pair every such test starts and ends with. Include after
 * "public/domctl.h", with __XEN_TOOLS__ defined.
 */
#ifndef GUEST_TESTS_DOMCTL_CALLS_H
#define GUEST_TESTS_DOMCTL_CALLS_H

#include "guest.h"
#include "public/domctl.h"

/** The call's buffer: the sub-op's IN fields before the call, its OUT fields after. */
static struct xen_domctl dc;

/** domctl `cmd` on domain `dom` with what dc.u holds. */
static inline long domctl(uint32_t cmd, domid_t dom)
{
    dc.cmd = cmd;
    dc.interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    dc.domain = dom;
    return hypercall1(__HYPERVISOR_domctl, (unsigned long)&dc);
}

static inline void clear_dc(void)
{
    guest_memset(&dc, 0, sizeof(dc));
}

/** createdomain as libxl asks for a PV domain; the id chosen is then in dc.domain. */
static inline long create_domain(domid_t want, uint32_t flags, unsigned int max_vcpus)
{
    clear_dc();
    dc.u.createdomain.flags = flags;
    dc.u.createdomain.max_vcpus = max_vcpus;
    dc.u.createdomain.max_evtchn_port = 1023;
    dc.u.createdomain.max_grant_frames = -1;
    dc.u.createdomain.max_maptrack_frames = -1;
    dc.u.createdomain.grant_opts = 1;
    return domctl(XEN_DOMCTL_createdomain, want);
}

/** destroydomain to the end: as libxenctrl does, -EAGAIN means more to free, call again. */
static inline long destroy_domain(domid_t dom)
{
    long rc;

    do
    {
        clear_dc();
        rc = domctl(XEN_DOMCTL_destroydomain, dom);
    } while ( rc == -XEN_EAGAIN );
    return rc;
}

#endif /* GUEST_TESTS_DOMCTL_CALLS_H */
