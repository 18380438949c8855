/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mmuext_op: pinning, base pointers and TLB flushes. Happy path: every flush
 * flavour, NEW_BASEPTR to the current L4, a page made read-only, pinned as an
 * L1, given a validated entry through mmu_update, unpinned and made writable
 * again. Refused (errno as Xen 4.17 gives it): pinning a page that is mapped
 * writable, pinning twice, unpinning an unpinned page, NEW_BASEPTR to a data
 * page or to a frame not ours, pinning a frame not ours (all -EINVAL); a
 * writable mapping of the pinned table, inside it or elsewhere (-EBUSY); an
 * unknown command (-ENOSYS); a bad operation list (-EFAULT).
 */
#include "guest.h"

const char test_title[] = "mmuext_op: pin/unpin, new_baseptr, TLB flushes";

static long ext1(unsigned int cmd, uint64_t arg1)
{
    struct mmuext_op op = {.cmd = cmd, .arg1.mfn = arg1};

    return hypervisor_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

static void flushes(void)
{
    unsigned long mask = 1;
    struct mmuext_op multi = {.cmd = MMUEXT_TLB_FLUSH_MULTI};
    unsigned int done = 0;

    check_rc("MMUEXT_TLB_FLUSH_LOCAL", ext1(MMUEXT_TLB_FLUSH_LOCAL, 0), 0);
    check_rc("MMUEXT_INVLPG_LOCAL", ext1(MMUEXT_INVLPG_LOCAL, (unsigned long)spare_pages[0]), 0);
    check_rc("MMUEXT_TLB_FLUSH_ALL", ext1(MMUEXT_TLB_FLUSH_ALL, 0), 0);
    check_rc("MMUEXT_INVLPG_ALL", ext1(MMUEXT_INVLPG_ALL, (unsigned long)spare_pages[0]), 0);
    set_xen_guest_handle(multi.arg2.vcpumask, &mask);
    check_rc("MMUEXT_TLB_FLUSH_MULTI for vCPU 0",
             hypervisor_mmuext_op(&multi, 1, &done, DOMID_SELF), 0);
    check_true("one op done", done == 1);
    check_rc("MMUEXT_NEW_BASEPTR to the current L4", ext1(MMUEXT_NEW_BASEPTR, l4_mfn()), 0);
}

static void pinning(void)
{
    uint8_t *p = spare_pages[3];
    uint64_t p_l1e = l1e_of(p), p_mfn = virt_to_mfn(p);
    struct mmu_update req;

    guest_memset(p, 0, PAGE_SIZE);
    check_rc("pinning a page mapped writable as an L1", ext1(MMUEXT_PIN_L1_TABLE, p_mfn),
             -XEN_EINVAL);
    check_rc("MMUEXT_NEW_BASEPTR to a data page", ext1(MMUEXT_NEW_BASEPTR, p_mfn), -XEN_EINVAL);
    if ( !check_rc("making the page read-only",
                   hypervisor_update_va_mapping((unsigned long)p, p_l1e & ~PTE_RW, UVMF_INVLPG),
                   0) )
        return;
    check_rc("MMUEXT_PIN_L1_TABLE", ext1(MMUEXT_PIN_L1_TABLE, p_mfn), 0);
    check_rc("pinning it again", ext1(MMUEXT_PIN_L1_TABLE, p_mfn), -XEN_EINVAL);

    req.ptr = (p_mfn << PAGE_SHIFT) | MMU_NORMAL_PT_UPDATE;
    req.val = pte_make(virt_to_mfn(spare_pages[4]), PTE_P | PTE_A);
    check_rc("a read-only entry written into the pinned L1",
             hypervisor_mmu_update(&req, 1, NULL, DOMID_SELF), 0);
    check_true("the entry reads back (apart from bits the hypervisor adds)",
               (((volatile uint64_t *)p)[0] & ~PTE_HV_ADDED) == req.val);
    req.ptr += 8;
    req.val = pte_make(p_mfn, PTE_P | PTE_RW);
    check_rc("a writable self-map in the pinned L1",
             hypervisor_mmu_update(&req, 1, NULL, DOMID_SELF), -XEN_EBUSY);
    check_rc("a writable mapping of the pinned L1 elsewhere",
             hypervisor_update_va_mapping((unsigned long)spare_pages[5],
                                          pte_make(p_mfn, PTE_P | PTE_RW), UVMF_INVLPG),
             -XEN_EBUSY);

    check_rc("MMUEXT_UNPIN_TABLE", ext1(MMUEXT_UNPIN_TABLE, p_mfn), 0);
    check_rc("unpinning it again", ext1(MMUEXT_UNPIN_TABLE, p_mfn), -XEN_EINVAL);
    check_rc("the unpinned page can be writable again",
             hypervisor_update_va_mapping((unsigned long)p, p_l1e, UVMF_INVLPG), 0);
    check_rc("and written", probe_write(p, 0), -1);
}

/* A RAM frame no domain owns (its M2P entry is invalid), or 0. */
static uint64_t unowned_frame(void)
{
    uint64_t top = hypervisor_memory_op(XENMEM_maximum_ram_page, NULL), mfn;

    for ( mfn = top > 0x100 ? top - 0x100 : 0; mfn > 0x100; mfn -= 0x123 )
        if ( mfn_to_pfn(mfn) == ~0UL )
            return mfn;
    return 0;
}

void test_main(void)
{
    uint64_t other = unowned_frame();

    flushes();
    pinning();
    if ( other )
    {
        check_rc("pinning a frame not ours as an L4", ext1(MMUEXT_PIN_L4_TABLE, other),
                 -XEN_EINVAL);
        check_rc("pinning a frame not ours as an L1", ext1(MMUEXT_PIN_L1_TABLE, other),
                 -XEN_EINVAL);
        check_rc("MMUEXT_NEW_BASEPTR to a frame not ours", ext1(MMUEXT_NEW_BASEPTR, other),
                 -XEN_EINVAL);
    }
    else
        test_fail("no RAM frame outside every domain was found");
    check_rc("unknown command 99", ext1(99, 0), -XEN_ENOSYS);
    check_rc("an unmapped operation list",
             hypervisor_mmuext_op((void *)0x40000000UL, 1, NULL, DOMID_SELF), -XEN_EFAULT);
}
