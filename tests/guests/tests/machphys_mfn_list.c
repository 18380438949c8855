/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * machphys_mfn_list: XENMEM_machphys_mfn_list, the machine frames behind the
 * read-only M2P (what libxenctrl's xc_map_m2p asks for). Probes: one frame per
 * 2 MiB of the table, as far as maximum_ram_page reaches, each 2 MiB-aligned,
 * distinct and below the top of RAM, none of them the guest's own (mapping one
 * as ours is -EBUSY); max_extents caps the count (0 gives none); a bad list or
 * argument pointer is -EFAULT. The 32-bit variant is -EOPNOTSUPP (no 32-bit
 * PV guests). Mapped as libxenctrl's xc_map_m2p does (mmu_update with
 * FOREIGNDOM = DOMID_XEN): read-only it is the M2P guests see, writable it is
 * refused, and DOMID_XEN lends no other frame; DOMID_IO lends MMIO only.
 */
#include "guest.h"

const char test_title[] = "machphys_mfn_list: the M2P's machine frames";

#define MAX_EXTENTS 256

static xen_pfn_t extents[MAX_EXTENTS];

/* Map machine frame mfn at spare page 7 with mmu_update, FOREIGNDOM dom. */
static long map_foreign(uint64_t mfn, uint64_t flags, domid_t dom)
{
    struct mmu_update mu = {.ptr = pte_maddr(spare_pages[7], 1) | MMU_NORMAL_PT_UPDATE,
                            .val = pte_make(mfn, flags)};

    return hypervisor_mmu_update(&mu, 1, NULL, dom);
}

/* The M2P through DOMID_XEN: the frame holding own's entry, and what else DOMID_XEN and DOMID_IO
 * lend. */
static void map_m2p(void)
{
    uint64_t own = virt_to_mfn(spare_pages[3]), ro = PTE_P | PTE_A | PTE_NX;
    uint64_t frame = extents[own >> 18] + ((own >> 9) & 511);
    const volatile uint64_t *m2p = (const volatile uint64_t *)spare_pages[7];
    struct mmuext_op pin = {.cmd = MMUEXT_PIN_L1_TABLE};

    if ( !check_rc("mapping the M2P frame of one of our entries through DOMID_XEN",
                   map_foreign(frame, ro, DOMID_XEN), 0) )
        return;
    check_true("it maps that frame, read-only",
               pte_mfn(l1e_of(spare_pages[7])) == frame && !(l1e_of(spare_pages[7]) & PTE_RW));
    check_true("the entry reads as the M2P we see", m2p[own & 511] == mfn_to_pfn(own));
    check_rc("mapping it writable", map_foreign(frame, ro | PTE_RW, DOMID_XEN), -XEN_EBUSY);
    pin.arg1.mfn = frame;
    check_rc("pinning it as an L1 table", hypervisor_mmuext_op(&pin, 1, NULL, DOMID_XEN),
             -XEN_EINVAL);
    check_rc("one of our frames through DOMID_XEN", map_foreign(own, ro, DOMID_XEN), -XEN_EBUSY);
    check_rc("a frame of the first MiB through DOMID_XEN", map_foreign(0x100, ro, DOMID_XEN),
             -XEN_EBUSY);
    check_rc("MMIO (the IO-APIC) through DOMID_XEN", map_foreign(0xfec00, ro, DOMID_XEN),
             -XEN_EPERM);
    check_rc("MMIO (the IO-APIC) through DOMID_IO", map_foreign(0xfec00, ro, DOMID_IO), 0);
    check_rc("one of our frames through DOMID_IO", map_foreign(own, ro, DOMID_IO), -XEN_EBUSY);
    check_rc("unmapping",
             hypervisor_update_va_mapping((unsigned long)spare_pages[7], 0, UVMF_INVLPG), 0);
}

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

    if ( nr == want )
        map_m2p();

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
