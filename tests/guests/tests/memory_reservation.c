/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * memory_op reservations, as a PV balloon driver uses them. Happy path:
 * decrease_reservation gives an unmapped frame back (the count drops, its M2P
 * entry becomes invalid), increase_reservation takes one (its MFN written to
 * the list, no M2P entry, zero-filled), populate_physmap fills guest frames
 * with extents of order 0 and 2 (M2P entries gpfn..gpfn+3), a list resumed
 * from the start encoded in the command's upper bits. Frames still in use:
 * a mapped frame given back stays ours until its mapping goes (then it is
 * freed; meanwhile it may be mapped again and giving it back again is a
 * successful no-op), a pinned L1 table stays until unpinned, a live L1 table hooked into
 * the L2 stays (and translates) until unhooked, then goes. Refused, reported
 * as the number of extents done (as Xen 4.17): freeing a frame twice, a frame
 * that is not ours (firmware, beyond RAM), a page given back in the middle of
 * a list stops it there, a domain that does not exist, extents past the
 * hardware domain's order 18, address widths that cannot hold a page or have
 * nothing below them, populate-on-demand and a missing NUMA node for a PV
 * guest, a count no continuation could encode, bad pointers. (Xen 4.17 does
 * not scrub what a guest gives back, so reuse of a dirty frame is not tested.)
 * shared_info given back: Xen reports success and keeps it; it stays mapped.
 * A request of 5000 pages completes in one call (continuations).
 */
#include "memop.h"

const char test_title[] = "memory_op: increase/decrease_reservation, populate_physmap";

static xen_pfn_t list[8];

static void give_and_take(void)
{
    long before = memop_current();
    uint64_t f = memop_free_frame(0), mfn;

    list[0] = f;
    check_rc("decrease_reservation of an unmapped frame",
             memop_resv(XENMEM_decrease_reservation, list, 1, 0, 0, DOMID_SELF), 1);
    check_true("the reservation dropped by one", memop_current() == before - 1);
    check_true("its M2P entry is invalid", mfn_to_pfn(f) == ~0UL);
    check_rc("decreasing it again does nothing",
             memop_resv(XENMEM_decrease_reservation, list, 1, 0, 0, DOMID_SELF), 0);
    check_rc("mapping the frame given back", memop_map(f, false), -XEN_EBUSY);

    list[0] = 0x1234;
    check_rc("increase_reservation of one page",
             memop_resv(XENMEM_increase_reservation, list, 1, 0, 0, DOMID_SELF), 1);
    mfn = list[0];
    check_true("the reservation is back", memop_current() == before);
    check_true("the new frame has no M2P entry", mfn_to_pfn(mfn) == ~0UL);
    check_true("the new frame is zero-filled", memop_frame_is_zero(mfn));

    list[0] = mfn;
    check_rc("giving the new frame back",
             memop_resv(XENMEM_decrease_reservation, list, 1, 0, 0, DOMID_SELF), 1);
    list[0] = start_info->nr_pages - 1;
    check_rc("populate_physmap of the gpfn given back",
             memop_resv(XENMEM_populate_physmap, list, 1, 0, 0, DOMID_SELF), 1);
    check_true("its M2P entry names the gpfn", mfn_to_pfn(list[0]) == start_info->nr_pages - 1);
    ((xen_pfn_t *)start_info->mfn_list)[start_info->nr_pages - 1] = list[0];
    check_true("the reservation is unchanged overall", memop_current() == before);
}

static void populate_order2(void)
{
    long before = memop_current();
    unsigned long gpfn = start_info->nr_pages + 16;
    uint64_t mfn;

    list[0] = gpfn;
    check_rc("populate_physmap of an order-2 extent",
             memop_resv(XENMEM_populate_physmap, list, 1, 2, 0, DOMID_SELF), 1);
    mfn = list[0];
    check_true("4 more pages", memop_current() == before + 4);
    check_true("the extent is naturally aligned", (mfn & 3) == 0);
    check_true("M2P entries gpfn..gpfn+3",
               mfn_to_pfn(mfn) == gpfn && mfn_to_pfn(mfn + 3) == gpfn + 3);
    check_true("the last frame is zero-filled", memop_frame_is_zero(mfn + 3));
    check_rc("giving it back as an order-2 extent",
             memop_resv(XENMEM_decrease_reservation, list, 1, 2, 0, DOMID_SELF), 1);
    check_true("the 4 pages are gone", memop_current() == before);
    check_true("their M2P entries are invalid", mfn_to_pfn(mfn) == ~0UL);
}

static void resume_and_stop(void)
{
    long before = memop_current();

    list[0] = memop_free_frame(1);
    list[1] = memop_free_frame(2);
    check_rc("a list of 2 resumed from extent 1 (cmd bits 6+)",
             memop_resv(XENMEM_decrease_reservation | (1 << 6), list, 2, 0, 0, DOMID_SELF), 2);
    check_true("only the second frame went", memop_current() == before - 1 &&
                                                 mfn_to_pfn(list[0]) != ~0UL &&
                                                 mfn_to_pfn(list[1]) == ~0UL);
    list[1] = list[0];
    list[2] = memop_free_frame(3);
    list[0] = memop_free_frame(2); /* already given back */
    check_rc("a list whose first frame is no longer ours stops at once",
             memop_resv(XENMEM_decrease_reservation, list, 3, 0, 0, DOMID_SELF), 0);
    list[0] = memop_free_frame(1);
    list[1] = memop_free_frame(1);
    check_rc("a frame listed twice: the second stops the list",
             memop_resv(XENMEM_decrease_reservation, list, 3, 0, 0, DOMID_SELF), 1);
    check_true("the third frame was left alone", mfn_to_pfn(list[2]) != ~0UL);
}

static void in_use(void)
{
    long before = memop_current();
    uint64_t f = memop_free_frame(4), t = memop_free_frame(5);
    uint64_t spare6_l1e = l1e_of(spare_pages[6]);

    check_rc("a free frame mapped", memop_map(f, true), 0);
    MEMOP_WINDOW[0] = 0x5a;
    list[0] = f;
    check_rc("decrease_reservation of the mapped frame",
             memop_resv(XENMEM_decrease_reservation, list, 1, 0, 0, DOMID_SELF), 1);
    check_true("it is still counted while mapped", memop_current() == before);
    check_true("and still reads through the mapping", MEMOP_WINDOW[0] == 0x5a);
    check_rc("it is still ours: a second mapping",
             hypervisor_update_va_mapping((unsigned long)spare_pages[6], pte_make(f, PTE_P | PTE_A),
                                          UVMF_INVLPG),
             0);
    check_rc("giving it back again changes nothing",
             memop_resv(XENMEM_decrease_reservation, list, 1, 0, 0, DOMID_SELF), 1);
    check_true("still counted", memop_current() == before);
    check_rc("the second mapping gone (spare page 6 back)",
             hypervisor_update_va_mapping((unsigned long)spare_pages[6], spare6_l1e, UVMF_INVLPG),
             0);
    check_rc("unmapping it", memop_unmap(), 0);
    check_true("now it is gone", memop_current() == before - 1 && mfn_to_pfn(f) == ~0UL);

    guest_printf("pinning frame %#lx as an L1\n", (unsigned long)t);
    check_rc("an unmapped frame pinned as an L1 table", memop_pin_l1(t, true), 0);
    list[0] = t;
    check_rc("decrease_reservation of the pinned table",
             memop_resv(XENMEM_decrease_reservation, list, 1, 0, 0, DOMID_SELF), 1);
    check_true("a pinned table stays while pinned",
               memop_current() == before - 1 && mfn_to_pfn(t) != ~0UL);
    check_rc("unpinning it", memop_pin_l1(t, false), 0);
    check_true("then it is gone", memop_current() == before - 2 && mfn_to_pfn(t) == ~0UL);
    check_rc("pinning it again", memop_pin_l1(t, true), -XEN_EINVAL);
}

/* A page table in use, given back: it must outlive its last use (no use after free). */
static void live_table(void)
{
    void *va = (void *)0x600000UL; /* an L2 slot the initial 4MB mapping leaves empty */
    uint64_t l2e = pte_maddr(va, 2), t = memop_free_frame(8), data = memop_free_frame(9);
    struct mmu_update req = {.ptr = l2e | MMU_NORMAL_PT_UPDATE};
    long before = memop_current();

    if ( !l2e || (((uint64_t *)mfn_to_virt(l2e >> PAGE_SHIFT))[(l2e & 4095) / 8] & PTE_P) )
    {
        test_skip("the L2 slot for %p is not empty here", va);
        return;
    }
    check_rc("a data frame filled with 0x3c", memop_fill(data, 0x3c), 0);
    check_rc("the table frame zeroed", memop_fill(t, 0), 0);
    req.val = pte_make(t, PTE_P | PTE_RW | PTE_A);
    check_rc("an unmapped frame hooked in as an L1 table",
             hypervisor_mmu_update(&req, 1, NULL, DOMID_SELF), 0);
    check_rc(
        "the data frame mapped through it",
        hypervisor_update_va_mapping((unsigned long)va, pte_make(data, PTE_P | PTE_A), UVMF_INVLPG),
        0);
    list[0] = t;
    check_rc("decrease_reservation of the live L1 table",
             memop_resv(XENMEM_decrease_reservation, list, 1, 0, 0, DOMID_SELF), 1);
    check_true("it stays while the L2 uses it", memop_current() == before && mfn_to_pfn(t) != ~0UL);
    check_true("and still translates", *(volatile uint8_t *)va == 0x3c);
    req.val = 0;
    check_rc("the L2 entry cleared", hypervisor_mmu_update(&req, 1, NULL, DOMID_SELF), 0);
    check_true("now the table is gone", memop_current() == before - 1 && mfn_to_pfn(t) == ~0UL);
    check_rc("and the address faults", probe_read(va), X86_EXC_PF);
    list[0] = data;
    check_rc("the data frame, no longer mapped, given back",
             memop_resv(XENMEM_decrease_reservation, list, 1, 0, 0, DOMID_SELF), 1);
    check_true("gone at once", memop_current() == before - 2);
}

static void refused(void)
{
    long before = memop_current();
    uint64_t spare6_l1e = l1e_of(spare_pages[6]);
    struct xen_memory_reservation r = {.nr_extents = 1};

    list[0] = 0x10;
    check_rc("decrease_reservation of a firmware frame",
             memop_resv(XENMEM_decrease_reservation, list, 1, 0, 0, DOMID_SELF), 0);
    list[0] = 1UL << 40;
    check_rc("decrease_reservation of a frame beyond RAM",
             memop_resv(XENMEM_decrease_reservation, list, 1, 0, 0, DOMID_SELF), 0);
    list[0] = start_info->shared_info >> PAGE_SHIFT;
    check_rc("decrease_reservation of shared_info (the hypervisor's page): success, as Xen",
             memop_resv(XENMEM_decrease_reservation, list, 1, 0, 0, DOMID_SELF), 1);
    check_true("but nothing was given back", memop_current() == before);
    check_rc("shared_info can still be mapped",
             hypervisor_update_va_mapping((unsigned long)spare_pages[6],
                                          pte_make(list[0], PTE_P | PTE_A), UVMF_INVLPG),
             0);
    check_true("and reads the same page",
               ((volatile shared_info_t *)spare_pages[6])->vcpu_info[0].time.version ==
                   shared_info->vcpu_info[0].time.version);
    check_rc("spare page 6 back",
             hypervisor_update_va_mapping((unsigned long)spare_pages[6], spare6_l1e, UVMF_INVLPG),
             0);
    list[0] = memop_free_frame(7);
    check_rc("decrease_reservation in domain 1234",
             memop_resv(XENMEM_decrease_reservation, list, 1, 0, 0, 1234), 0);
    check_rc("increase_reservation in domain 1234",
             memop_resv(XENMEM_increase_reservation, list, 1, 0, 0, 1234), 0);
    check_rc("an order-19 extent",
             memop_resv(XENMEM_increase_reservation, list, 1, 19, 0, DOMID_SELF), 0);
    check_rc(
        "address_bits 12: no page fits",
        memop_resv(XENMEM_increase_reservation, list, 1, 0, XENMEMF_address_bits(12), DOMID_SELF),
        0);
    check_rc(
        "address_bits 20: no free page below 1 MiB",
        memop_resv(XENMEM_increase_reservation, list, 1, 0, XENMEMF_address_bits(20), DOMID_SELF),
        0);
    list[0] = start_info->nr_pages + 64;
    check_rc(
        "populate-on-demand for a PV guest",
        memop_resv(XENMEM_populate_physmap, list, 1, 0, XENMEMF_populate_on_demand, DOMID_SELF), 0);
    check_rc("an exact NUMA node that does not exist",
             memop_resv(XENMEM_populate_physmap, list, 1, 0, XENMEMF_exact_node(3), DOMID_SELF), 0);
    check_rc("no extents", memop_resv(XENMEM_increase_reservation, list, 0, 0, 0, DOMID_SELF), 0);
    check_rc("2^30 extents: more than a continuation encodes",
             memop_resv(XENMEM_increase_reservation, list, 1UL << 30, 0, 0, DOMID_SELF), 0);
    check_rc("the argument at an unmapped address",
             hypervisor_memory_op(XENMEM_increase_reservation, (void *)0x40000000UL), 0);
    check_rc("the list in the hypervisor's area",
             memop_resv(XENMEM_increase_reservation, (xen_pfn_t *)HYPERVISOR_VIRT_START, 1, 0, 0,
                        DOMID_SELF),
             0);
    check_true("none of that changed the reservation", memop_current() == before);

    /* Failures after the allocation keep the pages, as Xen: a list we cannot write. */
    set_xen_guest_handle(r.extent_start, (void *)0x40000000UL);
    check_rc("increase with an unmapped list",
             hypervisor_memory_op(XENMEM_increase_reservation, &r), 0);
    check_true("the page was allocated all the same", memop_current() == before + 1);
}

/*
 * A long request is one call: 5000 pages (the hypervisor preempts itself every
 * few thousand, continuing the same hypercall) come back as 5000 done.
 */
static void long_request(void)
{
    static xen_pfn_t many[5000];
    long before = memop_current();

    check_rc("increase_reservation of 5000 pages in one call",
             memop_resv(XENMEM_increase_reservation, many, 5000, 0, 0, DOMID_SELF), 5000);
    check_true("the reservation grew by 5000", memop_current() == before + 5000);
    check_true("every MFN written", many[0] != 0 && many[4999] != 0 && many[2500] != 0);
    check_rc("and all given back in one call",
             memop_resv(XENMEM_decrease_reservation, many, 5000, 0, 0, DOMID_SELF), 5000);
    check_true("the reservation is back", memop_current() == before);
}

void test_main(void)
{
    if ( !memop_have_free_frames() )
    {
        test_skip("only %lu pages: too few to give some back", (unsigned long)start_info->nr_pages);
        return;
    }
    give_and_take();
    populate_order2();
    resume_and_stop();
    in_use();
    live_table();
    refused();
    long_request();
}
