/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * machphys_mfn_list: XENMEM_machphys_mfn_list, the machine frames behind the
 * read-only M2P (what libxenctrl's xc_map_m2p asks for). Probes: one frame per
 * 2 MiB of the table, as far as maximum_ram_page reaches, each 2 MiB-aligned,
 * distinct and below the top of RAM, none of them the guest's own (mapping one
 * as ours is -EBUSY); max_extents caps the count (0 gives none); a bad list or
 * argument pointer is -EFAULT. The 32-bit variant is -EOPNOTSUPP (no 32-bit
 * PV guests).
 */
#include "guest.h"

const char test_title[] = "machphys_mfn_list: the M2P's machine frames";

#define MAX_EXTENTS 256

static xen_pfn_t extents[MAX_EXTENTS];

static long mfn_list(uint32_t max, xen_pfn_t *buf, uint32_t *nr)
{
    struct xen_machphys_mfn_list l = {.max_extents = max, .nr_extents = 0xdead};
    long rc;

    set_xen_guest_handle(l.extent_start, buf);
    rc = hypervisor_memory_op(XENMEM_machphys_mfn_list, &l);
    *nr = l.nr_extents;
    return rc;
}

void test_main(void)
{
    long top = hypervisor_memory_op(XENMEM_maximum_ram_page, NULL);
    unsigned long want = ((unsigned long)top * 8 + (2UL << 20) - 1) >> 21;
    uint32_t nr = 0;
    bool aligned = true, below = true, distinct = true, foreign = true;

    guest_printf("maximum_ram_page %#lx: %lu chunks of 2 MiB expected\n", top, want);
    if ( !check_rc("XENMEM_machphys_mfn_list", mfn_list(MAX_EXTENTS, extents, &nr), 0) )
        return;
    guest_printf("%u extents, the first %#lx\n", nr, (unsigned long)extents[0]);
    check_true("one extent per 2 MiB of the M2P", nr == (want < MAX_EXTENTS ? want : MAX_EXTENTS));
    for ( uint32_t i = 0; i < nr; i++ )
    {
        aligned &= (extents[i] & 511) == 0 && extents[i] != 0;
        below &= extents[i] < (unsigned long)top;
        /* None is the guest's: the M2P says no pfn of ours sits there. */
        foreign &= mfn_to_pfn(extents[i]) >= start_info->nr_pages ||
                   pfn_to_mfn(mfn_to_pfn(extents[i])) != extents[i];
        for ( uint32_t j = 0; j < i; j++ )
            distinct &= extents[i] != extents[j];
    }
    check_true("each extent is a 2 MiB-aligned frame", aligned);
    check_true("each lies below maximum_ram_page", below);
    check_true("they are distinct", distinct);
    check_true("none is one of the guest's frames", foreign);
    if ( nr > 0 )
        check_rc("mapping an M2P frame read-only as our own",
                 hypervisor_update_va_mapping((unsigned long)spare_pages[0],
                                              pte_make(extents[0], PTE_P | PTE_A), UVMF_INVLPG),
                 -XEN_EBUSY);

    check_rc("max_extents 1", mfn_list(1, extents, &nr), 0);
    check_true("gives one extent", nr == 1);
    check_rc("max_extents 0", mfn_list(0, extents, &nr), 0);
    check_true("gives none", nr == 0);
    check_rc("a list in the hypervisor's hole",
             mfn_list(MAX_EXTENTS, (xen_pfn_t *)HYPERVISOR_VIRT_START, &nr), -XEN_EFAULT);
    check_rc("the argument at an unmapped address",
             hypervisor_memory_op(XENMEM_machphys_mfn_list, (void *)0x40000000UL), -XEN_EFAULT);
    {
        /* XENMEM_machphys_compat_mfn_list: the 32-bit M2P, absent without 32-bit PV guests. */
        struct xen_machphys_mfn_list l = {.max_extents = MAX_EXTENTS};

        set_xen_guest_handle(l.extent_start, extents);
        check_rc("XENMEM_machphys_compat_mfn_list",
                 hypervisor_memory_op(XENMEM_machphys_compat_mfn_list, &l), -XEN_EOPNOTSUPP);
    }
}
