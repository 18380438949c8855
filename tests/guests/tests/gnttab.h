/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers of the grant-table tests: the caller's own table (one frame) mapped
 * at a spare page so the test can write grant entries, and status checks. A
 * test kernel runs alone as dom0, so it grants to itself (domid 0).
 */
#ifndef GUEST_TESTS_GNTTAB_H
#define GUEST_TESTS_GNTTAB_H

#include "guest.h"

/** The test kernel's own domain id: it runs as dom0. */
#define SELF_DOMID ((domid_t)0)

/** Where the table frame is mapped while the test runs. */
#define GT_VA ((volatile struct grant_entry_v1 *)spare_pages[NR_SPARE_PAGES - 1])

static uint64_t gt_saved_l1e;

static inline long gnttab_op(unsigned int cmd, void *arg, unsigned int count)
{
    return hypercall3(__HYPERVISOR_grant_table_op, cmd, (unsigned long)arg, count);
}

static inline const char *gntst_name(int st)
{
    static const char *const names[] = {
        "GNTST_okay",         "GNTST_general_error",   "GNTST_bad_domain",
        "GNTST_bad_gntref",   "GNTST_bad_handle",      "GNTST_bad_virt_addr",
        "GNTST_bad_dev_addr", "GNTST_no_device_space", "GNTST_permission_denied",
        "GNTST_bad_page",     "GNTST_bad_copy_arg",    "GNTST_address_too_big",
        "GNTST_eagain",
    };

    return st <= 0 && st >= -12 ? names[-st] : "(unknown status)";
}

/** Check a per-operation GNTST_* status. */
static inline bool check_st(const char *what, int st, int want)
{
    if ( st == want )
        return true;
    test_fail("%s: status %d %s, expected %d %s", what, st, gntst_name(st), want, gntst_name(want));
    return false;
}

/** Set up one table frame and map it at GT_VA; false (and a failure) if not. */
static inline bool gt_setup(void)
{
    struct gnttab_setup_table st = {.dom = DOMID_SELF, .nr_frames = 1};
    xen_pfn_t frame = 0;

    gt_saved_l1e = l1e_of((const void *)GT_VA);
    set_xen_guest_handle(st.frame_list, &frame);
    if ( !check_rc("GNTTABOP_setup_table", gnttab_op(GNTTABOP_setup_table, &st, 1), 0) ||
         !check_st("setup_table", st.status, GNTST_okay) )
        return false;
    if ( !check_rc("mapping the table frame",
                   hypervisor_update_va_mapping((unsigned long)GT_VA,
                                                pte_make(frame, PTE_P | PTE_RW | PTE_A | PTE_D),
                                                UVMF_INVLPG),
                   0) )
        return false;
    guest_memset((void *)GT_VA, 0, PAGE_SIZE);
    return true;
}

/** Clear the entries and map the spare page back. */
static inline void gt_teardown(void)
{
    guest_memset((void *)GT_VA, 0, PAGE_SIZE);
    check_rc("the spare page mapped back",
             hypervisor_update_va_mapping((unsigned long)GT_VA, gt_saved_l1e, UVMF_INVLPG), 0);
}

/** Grant frame mfn to domid in entry ref with GTF_permit_access | extra flags. */
static inline void gt_grant(grant_ref_t ref, domid_t domid, uint64_t mfn, uint16_t extra)
{
    GT_VA[ref].domid = domid;
    GT_VA[ref].frame = (uint32_t)mfn;
    __atomic_store_n(&GT_VA[ref].flags, (uint16_t)(GTF_permit_access | extra), __ATOMIC_SEQ_CST);
}

/** The flags of entry ref as the hypervisor left them. */
static inline uint16_t gt_flags(grant_ref_t ref)
{
    return __atomic_load_n(&GT_VA[ref].flags, __ATOMIC_SEQ_CST);
}

#endif /* GUEST_TESTS_GNTTAB_H */
