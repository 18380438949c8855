/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A boot-time domU (tests/boot/domu.test runs it as d1, beside dom0's
 * domu_host and another domU as d2) attacking the other domains. Checked
 * first: start_info says unprivileged, no xenstore (store_mfn/evtchn 0) and a
 * console ring page of our own with a port unbound for dom0. Refused, the
 * others running on: mapping frames of other domains (found through the M2P
 * table; at least one of dom0's, known by a pfn beyond our size) or of the
 * hypervisor's image (-EBUSY), their M2P entries (-EINVAL), page-table
 * requests on dom0's behalf (-EPERM), reservation changes for dom0 (no extent
 * done, as Xen answers); event channels allocated,
 * queried or reset in dom0 (-EPERM), binding dom0's port offered to d2 or d2's
 * console port (-EINVAL), a domain that does not exist (-ESRCH), sending on
 * ports we do not have (-EINVAL); with a virtual IOPL, PCI configuration
 * space reads all ones and writes go nowhere; every domctl on dom0, d2 or
 * ourselves is -EPERM (-EACCES first for another interface version, -ESRCH
 * for a domain that does not exist); every sysctl sub-op is -EPERM (-EACCES
 * first for another interface version). Allowed: binding the port dom0
 * offers us, and sending on it (dom0 reports the event).
 */
/* domctl is the tools' interface (the newest level, the one the guests ask for). */
#undef __XEN_INTERFACE_VERSION__
#define __XEN_TOOLS__ 1
#include "guest.h"
#include "public/domctl.h"
#include "public/sysctl.h"

const char test_title[] = "a domU attacks dom0, another domU and the hypervisor";

/* The hypervisor's image starts at 2 MiB (XEN_LOAD_PHYS). */
#define XEN_IMAGE_MFN 0x200UL
#define MAX_ATTACKS   24

static long evtchn(int cmd, void *arg)
{
    return hypervisor_event_channel_op(cmd, arg);
}

static bool ours(uint64_t mfn)
{
    uint64_t pfn = mfn_to_pfn(mfn);

    return pfn < start_info->nr_pages && pfn_to_mfn(pfn) == mfn;
}

static void check_start_info(void)
{
    struct evtchn_status st = {.dom = DOMID_SELF, .port = start_info->console.domU.evtchn};

    check_true("start_info: not privileged, not the initial domain",
               !(start_info->flags & (SIF_PRIVILEGED | SIF_INITDOMAIN)));
    check_true("start_info: no xenstore (store_mfn 0)", start_info->store_mfn == 0);
    check_true("start_info: no xenstore (store_evtchn 0)", start_info->store_evtchn == 0);
    check_true("start_info: the console page is our own frame",
               start_info->console.domU.mfn && ours(start_info->console.domU.mfn));
    if ( check_rc("EVTCHNOP_status of the console port", evtchn(EVTCHNOP_status, &st), 0) )
        check_true("the console port is unbound, for dom0",
                   st.status == EVTCHNSTAT_unbound && st.u.unbound.dom == 0);
}

/* Try to map `mfn` read-only at a spare page: must fail with -EBUSY, changing nothing. */
static void attack_frame(const char *whose, uint64_t mfn)
{
    void *va = spare_pages[0];
    uint64_t before = l1e_of(va);
    char what[96];

    guest_snprintf(what, sizeof(what), "mapping %s frame %#lx", whose, (unsigned long)mfn);
    check_rc(what,
             hypervisor_update_va_mapping((unsigned long)va, pte_make(mfn, PTE_P), UVMF_INVLPG),
             -XEN_EBUSY);
    check_true("the spare page's mapping is unchanged", l1e_of(va) == before);
}

static void attack_memory(void)
{
    uint64_t top = hypervisor_memory_op(XENMEM_maximum_ram_page, NULL);
    uint64_t foreign = 0, dom0s = 0, attacked = 0, last = 0;
    struct mmu_update m2p = {.val = 0};
    struct mmu_update pt = {.ptr = pte_maddr(spare_pages[0], 1), .val = 0};
    xen_pfn_t frame = 0;
    struct xen_memory_reservation res = {.nr_extents = 1, .domid = 0};

    for ( uint64_t mfn = 0x100; mfn < top; mfn++ )
    {
        uint64_t pfn = mfn_to_pfn(mfn);

        if ( pfn >= (1UL << 36) || ours(mfn) )
            continue; /* no M2P entry (free or the hypervisor's), or ours */
        foreign++;
        if ( pfn >= start_info->nr_pages )
            dom0s++; /* a pfn we do not have: a bigger domain's, dom0's here */
        last = mfn;
    }
    guest_printf("domu_attack: %lu frames of other domains (%lu beyond our size), top %#lx\n",
                 (unsigned long)foreign, (unsigned long)dom0s, (unsigned long)top);
    if ( !check_true("frames of other domains are found through the M2P", foreign > 0) ||
         !check_true("dom0's frames are among them", dom0s > 0) )
        return;
    /* A spread of them, every (foreign / MAX_ATTACKS)th, then dom0's last one. */
    for ( uint64_t mfn = 0x100, n = 0; mfn < top && attacked < MAX_ATTACKS; mfn++ )
    {
        uint64_t pfn = mfn_to_pfn(mfn);

        if ( pfn >= (1UL << 36) || ours(mfn) )
            continue;
        if ( n++ % (foreign / MAX_ATTACKS + 1) == 0 )
        {
            attack_frame(pfn >= start_info->nr_pages ? "dom0's" : "another domain's", mfn);
            attacked++;
        }
    }
    attack_frame("another domain's (the last)", last);
    attack_frame("the hypervisor's", XEN_IMAGE_MFN);

    m2p.ptr = (last << PAGE_SHIFT) | MMU_MACHPHYS_UPDATE;
    check_rc("an M2P update for another domain's frame",
             hypervisor_mmu_update(&m2p, 1, NULL, DOMID_SELF), -XEN_EINVAL);
    pt.val = l1e_of(spare_pages[0]);
    check_rc("mmu_update on dom0's behalf", hypervisor_mmu_update(&pt, 1, NULL, 0), -XEN_EPERM);
    set_xen_guest_handle(res.extent_start, &frame);
    /* Refused as Xen refuses it: no extent done, no error. */
    check_rc("populate_physmap for dom0: no extent",
             hypervisor_memory_op(XENMEM_populate_physmap, &res), 0);
    check_true("no frame handed out", frame == 0);
    frame = last;
    check_rc("decrease_reservation of dom0's frame: no extent",
             hypervisor_memory_op(XENMEM_decrease_reservation, &res), 0);
}

static void attack_evtchn(void)
{
    struct evtchn_alloc_unbound alloc = {.dom = 0, .remote_dom = 1};
    struct evtchn_status st = {.dom = 0, .port = 1};
    struct evtchn_reset reset = {.dom = 0};
    struct evtchn_bind_interdomain mine = {.remote_dom = 0, .remote_port = 2};
    struct evtchn_bind_interdomain d2s = {.remote_dom = 0, .remote_port = 1};
    struct evtchn_bind_interdomain d2_console = {.remote_dom = 2, .remote_port = 1};
    struct evtchn_bind_interdomain nobody = {.remote_dom = 77, .remote_port = 1};
    struct evtchn_send send = {.port = 63};
    struct evtchn_close close = {.port = 200};
    uint64_t deadline = guest_system_time() + 30000000000ULL;
    long rc;

    check_rc("EVTCHNOP_alloc_unbound in dom0", evtchn(EVTCHNOP_alloc_unbound, &alloc), -XEN_EPERM);
    check_rc("EVTCHNOP_status of dom0's port 1", evtchn(EVTCHNOP_status, &st), -XEN_EPERM);
    check_rc("EVTCHNOP_reset of dom0", evtchn(EVTCHNOP_reset, &reset), -XEN_EPERM);
    check_rc("binding a domain that does not exist", evtchn(EVTCHNOP_bind_interdomain, &nobody),
             -XEN_ESRCH);
    check_rc("sending on a port we never allocated", evtchn(EVTCHNOP_send, &send), -XEN_EINVAL);
    send.port = 4096;
    check_rc("sending on a port beyond the table", evtchn(EVTCHNOP_send, &send), -XEN_EINVAL);
    check_rc("closing a port we never allocated", evtchn(EVTCHNOP_close, &close), -XEN_EINVAL);

    /* dom0 offers d2 its port 1, then us port 2: wait until ours exists. */
    while ( (rc = evtchn(EVTCHNOP_bind_interdomain, &mine)) == -XEN_EINVAL &&
            guest_system_time() < deadline )
        hypervisor_sched_op(SCHEDOP_yield, NULL);
    if ( !check_rc("binding the port dom0 offers us", rc, 0) )
        return;
    check_rc("binding dom0's port offered to d2", evtchn(EVTCHNOP_bind_interdomain, &d2s),
             -XEN_EINVAL);
    check_rc("binding d2's console port", evtchn(EVTCHNOP_bind_interdomain, &d2_console),
             -XEN_EINVAL);
    send.port = mine.local_port;
    check_rc("sending to dom0 on our bound port", evtchn(EVTCHNOP_send, &send), 0);
}

/* PCI configuration space through ports 0xcf8/0xcfc, allowed by a virtual IOPL. */
static void attack_ports(void)
{
    struct physdev_set_iopl iopl = {.iopl = 1};
    uint32_t addr = 0x80000000u, val = 0;

    if ( !check_rc("PHYSDEVOP_set_iopl 1",
                   hypercall2(__HYPERVISOR_physdev_op, PHYSDEVOP_set_iopl, (unsigned long)&iopl),
                   0) )
        return;
    __asm__ __volatile__("outl %0, %w1" : : "a"(addr), "Nd"(0xcf8) : "memory");
    __asm__ __volatile__("inl %w1, %0" : "=a"(val) : "Nd"(0xcfc) : "memory");
    check_true("PCI config space reads all ones (no device for a domU)", val == 0xffffffffu);
    iopl.iopl = 0;
    hypercall2(__HYPERVISOR_physdev_op, PHYSDEVOP_set_iopl, (unsigned long)&iopl);
}

#define NR_OF(a) (sizeof(a) / sizeof((a)[0]))

static long domctl(struct xen_domctl *dc, uint32_t cmd, domid_t dom)
{
    guest_memset(dc, 0, sizeof(*dc));
    dc->cmd = cmd;
    dc->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    dc->domain = dom;
    return hypercall1(__HYPERVISOR_domctl, (unsigned long)dc);
}

/* Every domctl a toolstack uses, on dom0, on d2 and on ourselves (d1): not for a domU. */
static void attack_domctl(void)
{
    static const uint32_t cmds[] = {
        XEN_DOMCTL_createdomain,        XEN_DOMCTL_destroydomain,
        XEN_DOMCTL_pausedomain,         XEN_DOMCTL_unpausedomain,
        XEN_DOMCTL_getdomaininfo,       XEN_DOMCTL_setvcpuaffinity,
        XEN_DOMCTL_shadow_op,           XEN_DOMCTL_max_mem,
        XEN_DOMCTL_setvcpucontext,      XEN_DOMCTL_getvcpucontext,
        XEN_DOMCTL_getvcpuinfo,         XEN_DOMCTL_max_vcpus,
        XEN_DOMCTL_scheduler_op,        XEN_DOMCTL_setdomainhandle,
        XEN_DOMCTL_getvcpuaffinity,     XEN_DOMCTL_set_address_size,
        XEN_DOMCTL_get_address_size,    XEN_DOMCTL_hypercall_init,
        XEN_DOMCTL_settscinfo,          XEN_DOMCTL_setnodeaffinity,
        XEN_DOMCTL_getnodeaffinity,     XEN_DOMCTL_gettscinfo,
        XEN_DOMCTL_getpageframeinfo3,   XEN_DOMCTL_irq_permission,
        XEN_DOMCTL_iomem_permission,    XEN_DOMCTL_ioport_permission,
        XEN_DOMCTL_set_ext_vcpucontext, XEN_DOMCTL_get_ext_vcpucontext,
        XEN_DOMCTL_set_target,          XEN_DOMCTL_get_cpu_policy,
        XEN_DOMCTL_set_cpu_policy,
    };
    static const domid_t doms[] = {0, 2, 1};
    static struct xen_domctl dc;
    unsigned int refused = 0;

    for ( unsigned int i = 0; i < NR_OF(cmds); i++ )
        for ( unsigned int j = 0; j < NR_OF(doms); j++ )
        {
            long rc = domctl(&dc, cmds[i], doms[j]);

            if ( rc == -XEN_EPERM )
                refused++;
            else
                test_fail("domctl %u on d%u: %s, not -EPERM", cmds[i], doms[j], rc_name(rc));
        }
    check_true("every domctl on dom0, d2 and d1 is -EPERM", refused == NR_OF(cmds) * NR_OF(doms));
    check_rc("domctl pausedomain of a domain that does not exist",
             domctl(&dc, XEN_DOMCTL_pausedomain, 0x7000), -XEN_ESRCH);
    domctl(&dc, XEN_DOMCTL_destroydomain, 0);
    dc.interface_version = 0x14;
    check_rc("domctl of interface version 0x14",
             hypercall1(__HYPERVISOR_domctl, (unsigned long)&dc), -XEN_EACCES);
}

/* Every sysctl, whatever the sub-op (numbers 0..63), is for privileged domains only. */
static void attack_sysctl(void)
{
    static struct xen_sysctl sc;
    static char buf[64];
    unsigned int refused = 0;

    for ( uint32_t cmd = 0; cmd < 64; cmd++ )
    {
        long rc;

        guest_memset(&sc, 0, sizeof(sc));
        sc.cmd = cmd;
        sc.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
        sc.u.readconsole.buffer.p = buf; /* readconsole would write here */
        sc.u.readconsole.count = sizeof(buf);
        rc = hypercall1(__HYPERVISOR_sysctl, (unsigned long)&sc);
        if ( rc == -XEN_EPERM )
            refused++;
        else
            test_fail("sysctl %u: %s, not -EPERM", cmd, rc_name(rc));
    }
    check_true("every sysctl sub-op is -EPERM", refused == 64);
    check_true("readconsole wrote nothing", buf[0] == 0);
    sc.cmd = XEN_SYSCTL_physinfo;
    sc.interface_version = 0x14;
    check_rc("sysctl of interface version 0x14",
             hypercall1(__HYPERVISOR_sysctl, (unsigned long)&sc), -XEN_EACCES);
}

void test_main(void)
{
    check_start_info();
    attack_memory();
    attack_evtchn();
    attack_ports();
    attack_domctl();
    attack_sysctl();
}
