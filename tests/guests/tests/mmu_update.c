/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mmu_update and update_va_mapping: the page-table writes a PV guest makes
 * through the hypervisor, from both sides. Happy path: make a page read-only
 * and back with MMU_NORMAL_PT_UPDATE (a write faults in between), alias one
 * page at another's address with update_va_mapping, map a page table
 * read-only, update our own M2P entry. Attacks, each refused with the errno
 * Xen 4.17 gives, the hypervisor running on: a writable mapping of an L1 and
 * of the L4 (-EBUSY: the frame's type conflicts), mapping a RAM frame the
 * guest does not own (-EBUSY) or a frame beyond the machine (-EPERM), an M2P
 * update for a frame not ours (-EINVAL), mapping into the hypervisor hole, at
 * a non-canonical address or where no L1 exists, and writing the hypervisor's
 * own L4 slot (-EINVAL), bad guest pointers for the request list (-EFAULT),
 * FOREIGNDOM naming ourselves by id rather than DOMID_SELF (-ESRCH).
 * Two non-attacks pinned down as Xen behaves: a request aimed at a plain data
 * page is a plain write, and an unwritable `done` pointer is ignored.
 */
#include "guest.h"

const char test_title[] = "mmu_update/update_va_mapping: remaps, and the attacks that must fail";

#define UNMAPPED ((void *)0x40000000UL)

static long pt_write(uint64_t maddr, uint64_t val, unsigned int *done)
{
    struct mmu_update req = {.ptr = maddr | MMU_NORMAL_PT_UPDATE, .val = val};

    return hypervisor_mmu_update(&req, 1, done, DOMID_SELF);
}

static void flush_local(void)
{
    struct mmuext_op op = {.cmd = MMUEXT_TLB_FLUSH_LOCAL};

    hypervisor_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

/* A RAM frame this domain does not own, or 0 if none was found. */
static uint64_t foreign_frame(void)
{
    uint64_t top = hypervisor_memory_op(XENMEM_maximum_ram_page, NULL), mfn;

    for ( mfn = top > 0x100 ? top - 0x100 : 0; mfn > 0x100; mfn -= 0x123 )
    {
        uint64_t pfn = mfn_to_pfn(mfn);

        if ( pfn >= start_info->nr_pages || pfn_to_mfn(pfn) != mfn )
            return mfn;
    }
    return 0;
}

static void happy_path(void)
{
    uint8_t *a = spare_pages[0], *b = spare_pages[1], *c = spare_pages[2];
    uint64_t a_l1e = l1e_of(a), b_l1e = l1e_of(b), l1_mfn = pte_maddr(b, 1) >> PAGE_SHIFT;
    unsigned int done = 0;

    a[0] = 0x5a;
    check_rc("mmu_update: clear RW in a's L1 entry",
             pt_write(pte_maddr(a, 1), a_l1e & ~PTE_RW, &done), 0);
    check_true("mmu_update counts one request done", done == 1);
    flush_local();
    check_rc("a write to the read-only page faults", probe_write(a, 1), X86_EXC_PF);
    check_true("#PF error code: present, write", (last_fault.error_code & 3) == 3);
    check_true("the page still reads", probe_read(a) == -1 && a[0] == 0x5a);
    check_rc("mmu_update: restore RW", pt_write(pte_maddr(a, 1), a_l1e, NULL), 0);
    flush_local();
    check_rc("the page is writable again", probe_write(a, 0x5b), -1);
    {
        /* FOREIGNDOM naming ourselves (dom0) by id, not DOMID_SELF: -ESRCH, as on Xen 4.17. */
        struct mmu_update req = {.ptr = pte_maddr(a, 1) | MMU_NORMAL_PT_UPDATE, .val = a_l1e};
        struct mmuext_op op = {.cmd = MMUEXT_TLB_FLUSH_LOCAL};

        check_rc("mmu_update with FOREIGNDOM = our own id", hypervisor_mmu_update(&req, 1, NULL, 0),
                 -XEN_ESRCH);
        check_rc("mmuext_op with FOREIGNDOM = our own id", hypervisor_mmuext_op(&op, 1, NULL, 0),
                 -XEN_ESRCH);
    }

    c[0] = 0x77;
    check_rc("update_va_mapping: alias c's frame at b",
             hypervisor_update_va_mapping((unsigned long)b,
                                          pte_make(virt_to_mfn(c), PTE_P | PTE_RW | PTE_A | PTE_D),
                                          UVMF_INVLPG),
             0);
    check_true("b now shows c's contents", b[0] == 0x77);
    check_rc("update_va_mapping: map b's own L1 table read-only at b",
             hypervisor_update_va_mapping((unsigned long)b, pte_make(l1_mfn, PTE_P | PTE_A),
                                          UVMF_INVLPG),
             0);
    check_true("the read-only L1 shows the entry just written (apart from added bits)",
               (((volatile uint64_t *)b)[((unsigned long)b >> PAGE_SHIFT) & 511] & ~PTE_HV_ADDED) ==
                   pte_make(l1_mfn, PTE_P | PTE_A));
    check_rc("update_va_mapping: restore b",
             hypervisor_update_va_mapping((unsigned long)b, b_l1e, UVMF_INVLPG), 0);
}

static void attacks(void)
{
    uint8_t *b = spare_pages[1];
    uint64_t b_l1e = l1e_of(b), l1_mfn = pte_maddr(b, 1) >> PAGE_SHIFT, foreign = foreign_frame();
    struct mmu_update req = {.ptr = pte_maddr(b, 1), .val = b_l1e};
    struct mmu_update m2p = {.ptr = (virt_to_mfn(b) << PAGE_SHIFT) | MMU_MACHPHYS_UPDATE,
                             .val = (unsigned long)b >> PAGE_SHIFT};

    check_rc("writable mapping of an L1 table (update_va_mapping)",
             hypervisor_update_va_mapping((unsigned long)b, pte_make(l1_mfn, PTE_P | PTE_RW),
                                          UVMF_INVLPG),
             -XEN_EBUSY);
    check_rc("writable mapping of an L1 table (mmu_update)",
             pt_write(pte_maddr(b, 1), pte_make(l1_mfn, PTE_P | PTE_RW), NULL), -XEN_EBUSY);
    check_rc("writable mapping of the L4 table",
             hypervisor_update_va_mapping((unsigned long)b, pte_make(l4_mfn(), PTE_P | PTE_RW),
                                          UVMF_INVLPG),
             -XEN_EBUSY);
    check_true("b is still mapped as before", l1e_of(b) == b_l1e);

    if ( foreign )
    {
        guest_printf("foreign frame %#lx\n", (unsigned long)foreign);
        check_rc("mapping a frame the guest does not own",
                 hypervisor_update_va_mapping((unsigned long)b, pte_make(foreign, PTE_P | PTE_RW),
                                              UVMF_INVLPG),
                 -XEN_EBUSY);
        check_rc("mapping it read-only", pt_write(pte_maddr(b, 1), pte_make(foreign, PTE_P), NULL),
                 -XEN_EBUSY);
        m2p.ptr = (foreign << PAGE_SHIFT) | MMU_MACHPHYS_UPDATE;
        check_rc("an M2P update for it", hypervisor_mmu_update(&m2p, 1, NULL, DOMID_SELF),
                 -XEN_EINVAL);
    }
    else
        test_fail("no RAM frame outside the domain was found to attack with");

    check_rc("mapping a frame beyond the machine's address width",
             pt_write(pte_maddr(b, 1), pte_make(1UL << 39, PTE_P), NULL), -XEN_EPERM);
    m2p.ptr = (virt_to_mfn(b) << PAGE_SHIFT) | MMU_MACHPHYS_UPDATE;
    check_rc("an M2P update for our own frame", hypervisor_mmu_update(&m2p, 1, NULL, DOMID_SELF),
             0);
    check_rc("update_va_mapping at a non-canonical address",
             hypervisor_update_va_mapping(0x8000000000000000UL, pte_make(virt_to_mfn(b), PTE_P),
                                          UVMF_INVLPG),
             -XEN_EINVAL);
    check_rc(
        "update_va_mapping where no L1 table exists",
        hypervisor_update_va_mapping(0x40000000UL, pte_make(virt_to_mfn(b), PTE_P), UVMF_INVLPG),
        -XEN_EINVAL);
    check_rc("update_va_mapping inside the hypervisor hole",
             hypervisor_update_va_mapping(HYPERVISOR_VIRT_START + 0x200000,
                                          pte_make(virt_to_mfn(b), PTE_P | PTE_RW), UVMF_INVLPG),
             -XEN_EINVAL);
    check_rc("writing the hypervisor's L4 slot 256",
             pt_write((l4_mfn() << PAGE_SHIFT) + 256 * 8, pte_make(l1_mfn, PTE_P | PTE_RW), NULL),
             -XEN_EINVAL);
    check_rc("mmu_update aimed at a data page (a plain write there)",
             pt_write(virt_to_mfn(spare_pages[3]) << PAGE_SHIFT, 0x1122334455667788UL, NULL), 0);
    check_true("the data page holds the value",
               *(volatile uint64_t *)spare_pages[3] == 0x1122334455667788UL);
    check_rc("mmu_update with an unmapped request list",
             hypervisor_mmu_update(UNMAPPED, 1, NULL, DOMID_SELF), -XEN_EFAULT);
    check_rc("mmu_update with requests in the hypervisor's area",
             hypervisor_mmu_update((void *)HYPERVISOR_VIRT_START, 1, NULL, DOMID_SELF),
             -XEN_EFAULT);
    check_rc("mmu_update with an unmapped `done` pointer (ignored)",
             hypervisor_mmu_update(&req, 1, UNMAPPED, DOMID_SELF), 0);
    check_true("b is still mapped as before", l1e_of(b) == b_l1e);
    check_rc("b is still writable", probe_write(b, 1), -1);
}

void test_main(void)
{
    happy_path();
    attacks();
}
