/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * grant_table_op as a PV kernel uses it at boot: the table's size, its
 * version, and the frames behind it, which the kernel then maps itself.
 * Probes: query_size answers for DOMID_SELF (at least one frame, within the
 * maximum), the version is 1, setup_table of one frame returns a frame the
 * guest can map and write (an entry written there reads back), an unknown
 * domain gets GNTST_bad_domain in the per-op status, an unknown sub-op is
 * -ENOSYS (errnos and statuses as Xen 4.17 gives them).
 */
#include "guest.h"

const char test_title[] = "grant_table_op: query_size, version, setup_table frames";

static long gnttab(unsigned int cmd, void *arg)
{
    return hypercall3(__HYPERVISOR_grant_table_op, cmd, (unsigned long)arg, 1);
}

void test_main(void)
{
    struct gnttab_query_size qs = {.dom = DOMID_SELF};
    struct gnttab_get_version gv = {.dom = DOMID_SELF};
    struct gnttab_setup_table st = {.dom = DOMID_SELF, .nr_frames = 1};
    xen_pfn_t frame = 0;
    uint8_t *va = spare_pages[7];
    uint64_t va_l1e = l1e_of(va);
    volatile struct grant_entry_v1 *entry;

    check_rc("GNTTABOP_query_size", gnttab(GNTTABOP_query_size, &qs), 0);
    guest_printf("grant table: %u frames of at most %u, status %d\n", qs.nr_frames,
                 qs.max_nr_frames, qs.status);
    check_true("status okay, at least one frame, within the maximum",
               qs.status == GNTST_okay && qs.nr_frames >= 1 && qs.nr_frames <= qs.max_nr_frames);
    check_rc("GNTTABOP_get_version", gnttab(GNTTABOP_get_version, &gv), 0);
    check_true("version 1", gv.version == 1);

    set_xen_guest_handle(st.frame_list, &frame);
    check_rc("GNTTABOP_setup_table of one frame", gnttab(GNTTABOP_setup_table, &st), 0);
    check_true("status okay and a frame returned", st.status == GNTST_okay && frame != 0);
    if ( st.status == GNTST_okay && frame )
    {
        check_rc("mapping the table frame writable",
                 hypervisor_update_va_mapping((unsigned long)va,
                                              pte_make(frame, PTE_P | PTE_RW | PTE_A | PTE_D),
                                              UVMF_INVLPG),
                 0);
        entry = (volatile struct grant_entry_v1 *)va + GNTTAB_NR_RESERVED_ENTRIES;
        entry->domid = 0;
        entry->frame = (uint32_t)virt_to_mfn(spare_pages[6]);
        check_true("an entry written there reads back",
                   entry->frame == (uint32_t)virt_to_mfn(spare_pages[6]) && entry->flags == 0);
        entry->frame = 0;
        check_rc("our page mapped back",
                 hypervisor_update_va_mapping((unsigned long)va, va_l1e, UVMF_INVLPG), 0);
    }

    st.dom = 1234;
    st.status = 0x55;
    check_rc("GNTTABOP_setup_table for domain 1234", gnttab(GNTTABOP_setup_table, &st), 0);
    check_true("its status is GNTST_bad_domain", st.status == GNTST_bad_domain);
    check_rc("unknown sub-op 99", gnttab(99, &qs), -XEN_ENOSYS);
}
