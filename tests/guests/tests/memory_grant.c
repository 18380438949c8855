/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Giving back a frame another mapping holds through a grant: the class of
 * bug where a granted page is freed (and handed to someone else) while still
 * mapped. Our frame is granted to ourselves and mapped for a device
 * (GNTMAP_device_map, which holds a reference without a virtual address).
 * Then: exchanging it is refused (-EINVAL, it is referenced);
 * decrease_reservation succeeds but the frame stays ours, counted and in the
 * M2P, while the grant mapping holds it; the unmap frees it; a new mapping of
 * the freed frame is refused (GNTST_bad_page). As Xen 4.17 does.
 */
#include "gnttab.h"
#include "memop.h"

const char test_title[] = "memory_op: a grant-mapped frame given back outlives its mapping";

#define REF 3

static int map_dev(grant_handle_t *h, uint64_t *bus)
{
    struct gnttab_map_grant_ref m = {.flags = GNTMAP_device_map, .ref = REF, .dom = SELF_DOMID};

    check_rc("GNTTABOP_map_grant_ref", gnttab_op(GNTTABOP_map_grant_ref, &m, 1), 0);
    *h = m.handle;
    *bus = m.dev_bus_addr;
    return m.status;
}

void test_main(void)
{
    uint64_t f = memop_free_frame(10), bus = 0;
    grant_handle_t h = 0;
    xen_pfn_t list[1], out[1] = {start_info->nr_pages + 512};
    struct xen_memory_exchange x = {.in = {.nr_extents = 1, .domid = DOMID_SELF},
                                    .out = {.nr_extents = 1, .domid = DOMID_SELF}};
    struct gnttab_unmap_grant_ref u = {0};
    long before;

    if ( !memop_have_free_frames() )
    {
        test_skip("only %lu pages", (unsigned long)start_info->nr_pages);
        return;
    }
    if ( !gt_setup() )
        return;
    gt_grant(REF, SELF_DOMID, f, 0);
    if ( !check_st("the frame granted to ourselves, mapped for a device", map_dev(&h, &bus),
                   GNTST_okay) )
        goto out;
    before = memop_current();

    list[0] = f;
    set_xen_guest_handle(x.in.extent_start, list);
    set_xen_guest_handle(x.out.extent_start, out);
    check_rc("exchanging the grant-mapped frame", hypervisor_memory_op(XENMEM_exchange, &x),
             -XEN_EINVAL);
    check_rc("decrease_reservation of the grant-mapped frame",
             memop_resv(XENMEM_decrease_reservation, list, 1, 0, 0, DOMID_SELF), 1);
    check_true("it stays ours while mapped", memop_current() == before && mfn_to_pfn(f) != ~0UL);

    u.dev_bus_addr = bus;
    u.handle = h;
    check_rc("GNTTABOP_unmap_grant_ref", gnttab_op(GNTTABOP_unmap_grant_ref, &u, 1), 0);
    check_st("the device mapping removed", u.status, GNTST_okay);
    check_true("the frame is freed with it",
               memop_current() == before - 1 && mfn_to_pfn(f) == ~0UL);
    check_st("mapping the freed frame's grant", map_dev(&h, &bus), GNTST_bad_page);
out:
    gt_teardown();
}
