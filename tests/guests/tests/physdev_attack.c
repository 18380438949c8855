/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Bad pirq, GSI and MSI numbers from dom0, the class of Xen's pirq/MSI bugs
 * (XSA-237's and XSA-238's out-of-range pirq and IRQ numbers reaching arrays,
 * XSA-53/XSA-120-style MSI requests for devices that are not there). dom0 is
 * trusted with its devices, not with the hypervisor's memory: every request
 * below is refused with the errno Xen 4.17 gives, and afterwards a legal
 * mapping (GSI 7 to a pirq, an event channel bound to it, unbound, unmapped)
 * still works.
 */
#include "guest.h"

const char test_title[] = "bad pirq/GSI/MSI numbers from dom0: refused, the hypervisor consistent";

#define LEGAL_GSI 7 /* ISA IRQ 7 (the parallel port): no device on QEMU's q35/pc */

static long physdev(int cmd, void *arg)
{
    return hypercall2(__HYPERVISOR_physdev_op, (unsigned int)cmd, (unsigned long)arg);
}

static long map(domid_t dom, int type, int index, int pirq, int bus, int devfn)
{
    struct physdev_map_pirq m = {
        .domid = dom, .type = type, .index = index, .pirq = pirq, .bus = bus, .devfn = devfn};

    return physdev(PHYSDEVOP_map_pirq, &m);
}

/* An MSI-X vector: entry of the table dom0 says sits in a BAR at table_base. */
static long map_msix(int bus, int devfn, int entry, uint64_t table_base)
{
    struct physdev_map_pirq m = {.domid = DOMID_SELF,
                                 .type = MAP_PIRQ_TYPE_MSI,
                                 .index = -1,
                                 .pirq = -1,
                                 .bus = bus,
                                 .devfn = devfn,
                                 .entry_nr = entry,
                                 .table_base = table_base};

    return physdev(PHYSDEVOP_map_pirq, &m);
}

static void bad_maps(void)
{
    check_rc("GSI -1", map(DOMID_SELF, MAP_PIRQ_TYPE_GSI, -1, -1, 0, 0), -XEN_EINVAL);
    check_rc("GSI 4096", map(DOMID_SELF, MAP_PIRQ_TYPE_GSI, 4096, -1, 0, 0), -XEN_EINVAL);
    check_rc("GSI 0x7fffffff", map(DOMID_SELF, MAP_PIRQ_TYPE_GSI, 0x7fffffff, -1, 0, 0),
             -XEN_EINVAL);
    check_rc("GSI 7 to pirq 100000", map(DOMID_SELF, MAP_PIRQ_TYPE_GSI, LEGAL_GSI, 100000, 0, 0),
             -XEN_EINVAL);
    check_rc("GSI 7 to pirq 0x7fffffff",
             map(DOMID_SELF, MAP_PIRQ_TYPE_GSI, LEGAL_GSI, 0x7fffffff, 0, 0), -XEN_EINVAL);
    check_rc("map type 99", map(DOMID_SELF, 99, LEGAL_GSI, -1, 0, 0), -XEN_EINVAL);
    check_rc("for a domain that does not exist", map(1234, MAP_PIRQ_TYPE_GSI, LEGAL_GSI, -1, 0, 0),
             -XEN_ESRCH);
    check_rc("MSI for bus 0x100", map(DOMID_SELF, MAP_PIRQ_TYPE_MSI, -1, -1, 0x100, 0),
             -XEN_ENODEV);
    check_rc("MSI for bus -1", map(DOMID_SELF, MAP_PIRQ_TYPE_MSI, -1, -1, -1, 0), -XEN_ENODEV);
    check_rc("MSI for devfn 0x100", map(DOMID_SELF, MAP_PIRQ_TYPE_MSI, -1, -1, 0, 0x100),
             -XEN_ENODEV);
    check_rc("MSI for devfn -1", map(DOMID_SELF, MAP_PIRQ_TYPE_MSI, -1, -1, 0, -1), -XEN_ENODEV);
    check_rc("MSI for a function that is not there (bus 0xfe)",
             map(DOMID_SELF, MAP_PIRQ_TYPE_MSI, -1, -1, 0xfe, 0x08), -XEN_ENODEV);
    check_rc("MSI in segment 0xffff", map(DOMID_SELF, MAP_PIRQ_TYPE_MSI_SEG, -1, -1, 0xffff0000, 0),
             -XEN_ENODEV);
    /* The table would be written where dom0 says: only a real MSI-X capability and BAR count. */
    check_rc("MSI-X for a function that is not there (bus 0xfe)",
             map_msix(0xfe, 0x08, 0, 0xfebf0000), -XEN_ENODEV);
    check_rc("MSI-X for the host bridge (no MSI-X capability), table 'in RAM'",
             map_msix(0, 0, 0, 0x100000), -XEN_ENODEV);
    check_rc("MSI-X entry 0x7fffffff of the host bridge", map_msix(0, 0, 0x7fffffff, 0xfebf0000),
             -XEN_ENODEV);
}

static void bad_numbers(void)
{
    struct physdev_unmap_pirq u = {.domid = DOMID_SELF};
    struct physdev_eoi eoi;
    struct physdev_irq_status_query q;
    struct physdev_setup_gsi g = {.gsi = -1};
    static const int pirqs[] = {-1, 100000, 0x7fffffff, (int)0x80000000};

    for ( unsigned int i = 0; i < sizeof(pirqs) / sizeof(pirqs[0]); i++ )
    {
        char what[64];

        u.pirq = pirqs[i];
        guest_snprintf(what, sizeof(what), "unmap_pirq %d", pirqs[i]);
        check_rc(what, physdev(PHYSDEVOP_unmap_pirq, &u), -XEN_EINVAL);
        eoi.irq = (uint32_t)pirqs[i];
        guest_snprintf(what, sizeof(what), "eoi of pirq %d", pirqs[i]);
        check_rc(what, physdev(PHYSDEVOP_eoi, &eoi), -XEN_EINVAL);
        q.irq = (uint32_t)pirqs[i];
        guest_snprintf(what, sizeof(what), "irq_status_query of %d", pirqs[i]);
        check_rc(what, physdev(PHYSDEVOP_irq_status_query, &q), -XEN_EINVAL);
    }
    u.pirq = 50;
    check_rc("unmap_pirq of a pirq never mapped", physdev(PHYSDEVOP_unmap_pirq, &u), -XEN_EINVAL);
    check_rc("setup_gsi -1", physdev(PHYSDEVOP_setup_gsi, &g), -XEN_EINVAL);
    g.gsi = 100000;
    check_rc("setup_gsi 100000", physdev(PHYSDEVOP_setup_gsi, &g), -XEN_EINVAL);
}

static void legal_afterwards(void)
{
    struct physdev_map_pirq m = {
        .domid = DOMID_SELF, .type = MAP_PIRQ_TYPE_GSI, .index = LEGAL_GSI, .pirq = LEGAL_GSI};
    struct physdev_unmap_pirq u = {.domid = DOMID_SELF};
    struct evtchn_bind_pirq bind = {.flags = 0};
    struct evtchn_close cl;

    if ( !check_rc("GSI 7 mapped to pirq 7", physdev(PHYSDEVOP_map_pirq, &m), 0) )
        return;
    check_true("the pirq is 7", m.pirq == LEGAL_GSI);
    bind.pirq = (uint32_t)m.pirq;
    if ( check_rc("an event channel bound to it",
                  hypervisor_event_channel_op(EVTCHNOP_bind_pirq, &bind), 0) )
    {
        cl.port = bind.port;
        check_rc("and closed", hypervisor_event_channel_op(EVTCHNOP_close, &cl), 0);
    }
    u.pirq = m.pirq;
    check_rc("pirq 7 unmapped", physdev(PHYSDEVOP_unmap_pirq, &u), 0);
    check_rc("and unmapping it again", physdev(PHYSDEVOP_unmap_pirq, &u), -XEN_EINVAL);
}

void test_main(void)
{
    if ( !(start_info->flags & SIF_PRIVILEGED) )
    {
        test_skip("not the hardware domain");
        return;
    }
    bad_maps();
    bad_numbers();
    legal_afterwards();
}
