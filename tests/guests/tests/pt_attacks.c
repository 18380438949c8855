/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Page-table attacks above L1, where one bad entry would hand the guest a
 * writable view of its own page tables. Happy path first: a fresh page, made
 * read-only, hooked into the L2 as a new L1 table, then used to map a page.
 * Refused, with the errno Xen 4.17 gives (after each, the hypervisor runs on):
 * an L2 entry naming a writable-mapped data page as an L1 (-EINVAL); an L2
 * entry naming a read-only page whose contents map that very page writable
 * (-EBUSY: validating the entry meets the type in progress); a 2MB superpage
 * and a writable recursive L4 entry (-EINVAL); requests on behalf of a domain
 * that does not exist (-ESRCH).
 */
#include "guest.h"

const char test_title[] = "page-table attacks at L2/L4: bad tables, superpages, self-maps";

#define VA ((void *)0x600000UL) /* an L2 slot the initial 4MB mapping leaves empty */

static long pt_write(uint64_t maddr, uint64_t val)
{
    struct mmu_update req = {.ptr = maddr | MMU_NORMAL_PT_UPDATE, .val = val};

    return hypervisor_mmu_update(&req, 1, NULL, DOMID_SELF);
}

static long make_ro(void *va, bool ro)
{
    uint64_t l1e = l1e_of(va);

    return hypervisor_update_va_mapping((unsigned long)va, ro ? l1e & ~PTE_RW : l1e | PTE_RW,
                                        UVMF_INVLPG);
}

void test_main(void)
{
    uint64_t l2e = pte_maddr(VA, 2), l4e = (l4_mfn() << PAGE_SHIFT) + 200 * 8;
    uint64_t *t = (uint64_t *)spare_pages[5];
    uint64_t t_mfn = virt_to_mfn(t), d_mfn = virt_to_mfn(spare_pages[4]);
    struct mmu_update req = {.ptr = l2e, .val = 0};

    if ( !l2e || (((uint64_t *)mfn_to_virt(l2e >> PAGE_SHIFT))[(l2e & 4095) / 8] & PTE_P) )
    {
        test_skip("the L2 slot for %p is not empty here", VA);
        return;
    }

    /* Happy path: a new L1 table, hooked in through the L2. */
    guest_memset(t, 0, PAGE_SIZE);
    check_rc("the new table page made read-only", make_ro(t, true), 0);
    check_rc("an L2 entry naming it as an L1",
             pt_write(l2e, pte_make(t_mfn, PTE_P | PTE_RW | PTE_A)), 0);
    spare_pages[4][0] = 0x42;
    check_rc("a page mapped through the new L1",
             hypervisor_update_va_mapping(
                 (unsigned long)VA, pte_make(d_mfn, PTE_P | PTE_RW | PTE_A | PTE_D), UVMF_INVLPG),
             0);
    check_true("it reads through the new mapping", *(volatile uint8_t *)VA == 0x42);
    check_rc("unmapping it", hypervisor_update_va_mapping((unsigned long)VA, 0, UVMF_INVLPG), 0);
    check_rc("the L2 entry cleared", pt_write(l2e, 0), 0);
    check_rc("the table page writable again", make_ro(t, false), 0);

    /* Attacks. */
    check_rc("an L2 entry naming a writable-mapped page as an L1",
             pt_write(l2e, pte_make(d_mfn, PTE_P | PTE_RW | PTE_A)), -XEN_EINVAL);
    t[0] = pte_make(t_mfn, PTE_P | PTE_RW | PTE_A);
    check_rc("the self-mapping table page made read-only", make_ro(t, true), 0);
    check_rc("an L2 entry naming an L1 that maps itself writable",
             pt_write(l2e, pte_make(t_mfn, PTE_P | PTE_RW | PTE_A)), -XEN_EBUSY);
    check_rc("it is still only a read-only data page: writable again", make_ro(t, false), 0);
    check_rc("a 2MB superpage in the L2", pt_write(l2e, pte_make(0, PTE_P | PTE_RW | PTE_PSE)),
             -XEN_EINVAL);
    check_rc("a writable recursive L4 entry", pt_write(l4e, pte_make(l4_mfn(), PTE_P | PTE_RW)),
             -XEN_EINVAL);
    check_rc("mmu_update on behalf of domain 1234", hypervisor_mmu_update(&req, 1, NULL, 1234),
             -XEN_ESRCH);
    check_true("the L2 slot is still empty",
               !(((uint64_t *)mfn_to_virt(l2e >> PAGE_SHIFT))[(l2e & 4095) / 8] & PTE_P));
    check_rc("a read through the slot faults", probe_read(VA), X86_EXC_PF);
}
