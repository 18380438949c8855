/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * GNTTABOP_copy, v1, a domain granting to itself: frame to grant, grant to
 * frame, grant to grant and frame to frame, at offsets, in one batch; the
 * entries' flags are clear afterwards. Refused, each with the status Xen 4.17
 * gives: a copy crossing the end of the source or destination page, a frame
 * named with the caller's domid instead of DOMID_SELF, an unknown domain, a
 * bad ref, a read-only grant as destination, a grant for another domain, a
 * source frame the caller does not own, a page table as destination. Also
 * GNTTABOP_dump_table (status only; the dump goes to the console), which
 * Xen 4.17 no longer has (-ENOSYS there).
 */
#include "gnttab.h"

const char test_title[] = "grant_table_op: copy between frames and grants, dump_table";

#define REF_A     8  /* spare page 0 */
#define REF_B     9  /* spare page 1 */
#define REF_RO    10 /* spare page 1, read-only */
#define REF_OTHER 11 /* spare page 1, for domain 5 */

static uint8_t *const page_a = spare_pages[0];
static uint8_t *const page_b = spare_pages[1];
static uint8_t *const page_c = spare_pages[2];

#define barrier() __asm__ volatile("" ::: "memory")

/* A copy from (src, soff) to (dst, doff) of len bytes; each side a ref or an mfn. */
static struct gnttab_copy copy_req(bool sref, uint64_t src, uint16_t soff, bool dref, uint64_t dst,
                                   uint16_t doff, uint16_t len)
{
    struct gnttab_copy c = {.len = 0};

    if ( sref )
        c.source.u.ref = (grant_ref_t)src, c.source.domid = SELF_DOMID;
    else
        c.source.u.gmfn = src, c.source.domid = DOMID_SELF;
    c.source.offset = soff;
    if ( dref )
        c.dest.u.ref = (grant_ref_t)dst, c.dest.domid = SELF_DOMID;
    else
        c.dest.u.gmfn = dst, c.dest.domid = DOMID_SELF;
    c.dest.offset = doff;
    c.len = len;
    c.flags = (sref ? GNTCOPY_source_gref : 0) | (dref ? GNTCOPY_dest_gref : 0);
    c.status = 0x55;
    return c;
}

static int copy1(struct gnttab_copy c)
{
    check_rc("GNTTABOP_copy", gnttab_op(GNTTABOP_copy, &c, 1), 0);
    return c.status;
}

static bool all_bytes(const uint8_t *p, size_t n, uint8_t v)
{
    for ( size_t i = 0; i < n; i++ )
        if ( p[i] != v )
            return false;
    return true;
}

static void good_copies(void)
{
    uint64_t a = virt_to_mfn(page_a), c = virt_to_mfn(page_c);
    struct gnttab_copy batch[4];

    guest_memset(page_a, 0x11, PAGE_SIZE);
    guest_memset(page_b, 0x22, PAGE_SIZE);
    guest_memset(page_c, 0x33, PAGE_SIZE);
    batch[0] = copy_req(false, a, 0, true, REF_B, 100, 50);        /* a[0,50) -> b[100,150) */
    batch[1] = copy_req(true, REF_B, 0, false, c, 4000, 96);       /* b[0,96) -> c[4000,4096) */
    batch[2] = copy_req(true, REF_A, 10, true, REF_B, 2048, 2048); /* a[10..] -> b[2048..] */
    batch[3] = copy_req(false, c, 0, false, a, 0, 8);              /* c[0,8) -> a[0,8) */
    check_rc("a batch of four copies", gnttab_op(GNTTABOP_copy, batch, 4), 0);
    for ( unsigned int i = 0; i < 4; i++ )
        check_st("copy of the batch", batch[i].status, GNTST_okay);
    barrier();
    check_true("frame to grant landed",
               all_bytes(page_b + 100, 50, 0x11) && page_b[99] == 0x22 && page_b[150] == 0x22);
    check_true("grant to frame landed", all_bytes(page_c + 4000, 96, 0x22) && page_c[3999] == 0x33);
    check_true("grant to grant landed", all_bytes(page_b + 2048, 2048, 0x11));
    check_true("frame to frame landed", all_bytes(page_a, 8, 0x33) && page_a[8] == 0x11);
    check_true("a zero-length copy passes",
               copy1(copy_req(false, a, 4096, true, REF_B, 4096, 0)) == GNTST_okay);
    check_true("no flags left behind",
               ((gt_flags(REF_A) | gt_flags(REF_B)) & (GTF_reading | GTF_writing)) == 0);
}

static void bad_copies(void)
{
    uint64_t a = virt_to_mfn(page_a), c = virt_to_mfn(page_c);
    struct gnttab_copy r;

    check_st("beyond the source page", copy1(copy_req(false, a, 4000, true, REF_B, 0, 97)),
             GNTST_bad_copy_arg);
    check_st("beyond the destination page", copy1(copy_req(true, REF_A, 0, false, c, 4095, 2)),
             GNTST_bad_copy_arg);
    check_st("an offset past the page", copy1(copy_req(false, a, 5000, false, c, 0, 0)),
             GNTST_bad_copy_arg);
    r = copy_req(false, a, 0, false, c, 0, 8);
    r.source.domid = SELF_DOMID;
    check_st("a frame named with our domid, not DOMID_SELF", copy1(r), GNTST_permission_denied);
    r = copy_req(true, REF_A, 0, false, c, 0, 8);
    r.source.domid = 1234;
    check_st("a grant of an unknown domain", copy1(r), GNTST_bad_domain);
    check_st("a ref beyond the table", copy1(copy_req(true, 100000, 0, false, c, 0, 8)),
             GNTST_bad_gntref);
    check_st("an unused entry", copy1(copy_req(true, 30, 0, false, c, 0, 8)), GNTST_general_error);
    check_st("a read-only grant as destination", copy1(copy_req(false, a, 0, true, REF_RO, 0, 8)),
             GNTST_general_error);
    check_st("a read-only grant as source", copy1(copy_req(true, REF_RO, 0, false, c, 0, 8)),
             GNTST_okay);
    check_st("a grant for domain 5", copy1(copy_req(true, REF_OTHER, 0, false, c, 0, 8)),
             GNTST_general_error);
    check_st("a source frame not ours", copy1(copy_req(false, 0x10, 0, false, c, 0, 8)),
             GNTST_bad_page);
    check_st("a page table as destination",
             copy1(copy_req(false, a, 0, false, pte_maddr(page_a, 1) >> PAGE_SHIFT, 0, 8)),
             GNTST_general_error);
    check_true("no flags left behind",
               ((gt_flags(REF_A) | gt_flags(REF_B) | gt_flags(REF_RO) | gt_flags(REF_OTHER)) &
                (GTF_reading | GTF_writing)) == 0);
}

void test_main(void)
{
    struct gnttab_dump_table dt = {.dom = DOMID_SELF, .status = 0x55};
    long rc;

    if ( !gt_setup() )
        return;
    gt_grant(REF_A, SELF_DOMID, virt_to_mfn(page_a), 0);
    gt_grant(REF_B, SELF_DOMID, virt_to_mfn(page_b), 0);
    gt_grant(REF_RO, SELF_DOMID, virt_to_mfn(page_b), GTF_readonly);
    gt_grant(REF_OTHER, 5, virt_to_mfn(page_b), 0);
    good_copies();
    bad_copies();

    /*
     * dump_table is in the Xen 4.0 ABI we implement; Xen 4.17 dropped it
     * (-ENOSYS). Where it exists it answers with a per-op status.
     */
    rc = gnttab_op(GNTTABOP_dump_table, &dt, 1);
    if ( rc != -XEN_ENOSYS && check_rc("GNTTABOP_dump_table", rc, 0) )
    {
        check_st("dump_table", dt.status, GNTST_okay);
        dt.dom = 1234;
        check_rc("GNTTABOP_dump_table of domain 1234", gnttab_op(GNTTABOP_dump_table, &dt, 1), 0);
        check_st("dump_table of domain 1234", dt.status, GNTST_bad_domain);
    }
    else
        guest_printf("GNTTABOP_dump_table: -ENOSYS (as Xen 4.17)\n");
    gt_teardown();
}
