/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Pinning, as a page table, frames the caller can see but does not own, the
 * class of Xen's page-type reference bugs on frames shared with a guest (the
 * grant-table and shared_info frames the hypervisor owns and the guest maps
 * writable): a pinned foreign frame would give the guest a type reference on
 * memory it does not control, or a page-table walk through it. Pins at every
 * level, unpin and NEW_BASEPTR are refused with the errno Xen 4.17 gives
 * (-EINVAL) for the hypervisor's L3 table found in our L4, an M2P frame
 * (when XENMEM_machphys_mfn_list answers), the shared_info frame, a
 * grant-table frame and a frame beyond RAM; a pin of our own page on behalf
 * of a domain that does not exist is -ESRCH; a write through mmu_update into
 * the shared_info frame is a plain write (0), as Xen takes it. Afterwards the
 * shared frames are mapped as they were and our own page still pins.
 */
#include "gnttab.h"

const char test_title[] = "pinning frames the caller does not own: refused";

static long ext(unsigned int cmd, uint64_t mfn, domid_t foreigndom)
{
    struct mmuext_op op = {.cmd = cmd, .arg1.mfn = mfn};

    return hypervisor_mmuext_op(&op, 1, NULL, foreigndom);
}

static void attack(const char *whose, uint64_t mfn)
{
    static const unsigned int pins[] = {MMUEXT_PIN_L1_TABLE, MMUEXT_PIN_L2_TABLE,
                                        MMUEXT_PIN_L3_TABLE, MMUEXT_PIN_L4_TABLE};
    char what[96];

    for ( unsigned int i = 0; i < 4; i++ )
    {
        guest_snprintf(what, sizeof(what), "pinning %s (%#lx) as an L%u", whose, (unsigned long)mfn,
                       i + 1);
        check_rc(what, ext(pins[i], mfn, DOMID_SELF), -XEN_EINVAL);
    }
    guest_snprintf(what, sizeof(what), "unpinning %s", whose);
    check_rc(what, ext(MMUEXT_UNPIN_TABLE, mfn, DOMID_SELF), -XEN_EINVAL);
    guest_snprintf(what, sizeof(what), "NEW_BASEPTR to %s", whose);
    check_rc(what, ext(MMUEXT_NEW_BASEPTR, mfn, DOMID_SELF), -XEN_EINVAL);
}

/* Our own page, pinned and unpinned as an L1: must work before and after. */
static void own_pin(const char *when)
{
    uint8_t *page = spare_pages[3];
    uint64_t l1e = l1e_of(page), mfn = virt_to_mfn(page);
    char what[96];

    guest_memset(page, 0, PAGE_SIZE);
    hypervisor_update_va_mapping((uint64_t)page, l1e & ~PTE_RW, UVMF_INVLPG);
    guest_snprintf(what, sizeof(what), "%s: our own page pinned as an L1", when);
    check_rc(what, ext(MMUEXT_PIN_L1_TABLE, mfn, DOMID_SELF), 0);
    guest_snprintf(what, sizeof(what), "%s: and unpinned", when);
    check_rc(what, ext(MMUEXT_UNPIN_TABLE, mfn, DOMID_SELF), 0);
    guest_snprintf(what, sizeof(what), "%s: its mapping writable again", when);
    check_rc(what, hypervisor_update_va_mapping((uint64_t)page, l1e, UVMF_INVLPG), 0);
}

void test_main(void)
{
    uint64_t si_mfn = start_info->shared_info >> PAGE_SHIFT, m2p_mfn = 0, gt_mfn;
    uint64_t top = (uint64_t)hypervisor_memory_op(XENMEM_maximum_ram_page, NULL);
    uint64_t si_l1e = l1e_of(shared_info), gt_l1e;
    struct xen_machphys_mfn_list ml = {.max_extents = 1};
    struct mmu_update req = {.ptr = start_info->shared_info | MMU_NORMAL_PT_UPDATE};
    uint8_t *own = spare_pages[3];
    uint64_t hv_l3 = pte_mfn(((const uint64_t *)mfn_to_virt(l4_mfn()))[256]);
    long rc;

    own_pin("before");
    attack("the hypervisor's L3 table at L4 slot 256", hv_l3);
    set_xen_guest_handle(ml.extent_start, &m2p_mfn);
    rc = hypervisor_memory_op(XENMEM_machphys_mfn_list, &ml);
    if ( rc == 0 && check_true("one M2P frame listed", ml.nr_extents == 1 && m2p_mfn != 0) )
        attack("an M2P frame", m2p_mfn);
    else if ( rc )
        guest_printf("no M2P frame to attack: XENMEM_machphys_mfn_list %s\n", rc_name(rc));
    attack("the shared_info frame", si_mfn);
    if ( !gt_setup() )
        return;
    gt_l1e = l1e_of((const void *)GT_VA);
    gt_mfn = pte_mfn(gt_l1e);
    attack("a grant-table frame", gt_mfn);
    attack("a frame beyond RAM", top + 16);

    /* Not a page table: a plain write of a page we may write, as Xen takes it (same value). */
    req.val = *(volatile uint64_t *)shared_info;
    check_rc("a 'page-table' write into the shared_info frame",
             hypervisor_mmu_update(&req, 1, NULL, DOMID_SELF), 0);
    check_rc("pinning our own page on behalf of domain 1234",
             ext(MMUEXT_PIN_L1_TABLE, virt_to_mfn(own), 1234), -XEN_ESRCH);

    check_true("shared_info still mapped as it was", l1e_of(shared_info) == si_l1e);
    check_true("the grant-table frame still mapped as it was",
               l1e_of((const void *)GT_VA) == gt_l1e);
    shared_info->vcpu_info[0].evtchn_upcall_mask = 1;
    check_true("shared_info still writable", shared_info->vcpu_info[0].evtchn_upcall_mask == 1);
    gt_teardown();
    own_pin("after");
}
