/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * XENMEM_exchange, as Linux's xen_create_contiguous_region uses it for DMA
 * buffers and swiotlb: order-0 frames in, one extent out below an address
 * width, out.extent_start naming the guest frames on input and the new MFN
 * on output. Happy path: 4 frames for an aligned order-2 extent below 4 GiB
 * (M2P entries for the new frames, none for the old, which are no longer
 * ours, the reservation unchanged), and back again (order 2 in, 4 frames out
 * below 2 GiB). Refused with Xen 4.17's errno: an extent order past the
 * hardware domain's 18 (-EPERM), sizes that do not match, a resumption point
 * past the end (-EINVAL; at the end: nothing to do, 0), an address width
 * below one page or with nothing free below it (-ENOMEM), a domain that does
 * not exist (-ESRCH), input frames that are mapped, a page table, pinned,
 * not ours, shared_info or listed twice (-EINVAL), bad pointers (-EFAULT).
 * All or nothing per chunk: a chunk with a mapped frame fails after the first
 * chunk succeeded (nr_exchanged 2), its frames stay ours and exchange alone
 * later; a call resumed from nr_exchanged 3 starts at that chunk's first
 * extent.
 */
#include "memop.h"

const char test_title[] = "memory_op: XENMEM_exchange for contiguous DMA extents";

static xen_pfn_t in[8], out[8];
static unsigned long next_frame = 8; /* memop_free_frame() index of the next unused frame */

static long exchange(unsigned long nin, unsigned int oin, unsigned long nout, unsigned int oout,
                     unsigned int bits, domid_t domid, unsigned long *done)
{
    struct xen_memory_exchange x = {
        .in = {.nr_extents = nin, .extent_order = oin, .domid = domid},
        .out = {.nr_extents = nout, .extent_order = oout, .mem_flags = bits, .domid = domid},
    };
    long rc;

    set_xen_guest_handle(x.in.extent_start, in);
    set_xen_guest_handle(x.out.extent_start, out);
    rc = hypervisor_memory_op(XENMEM_exchange, &x);
    *done = x.nr_exchanged;
    return rc;
}

/* Fill in[0..n) with unused frames of ours and out[0..m) with gpfns beyond our memory. */
static void fresh(unsigned int n, unsigned int m)
{
    for ( unsigned int i = 0; i < n; i++ )
        in[i] = memop_free_frame(next_frame++);
    for ( unsigned int i = 0; i < m; i++ )
        out[i] = start_info->nr_pages + 256 + 8 * next_frame + i;
}

static void contiguous(void)
{
    long before = memop_current();
    unsigned long done = 0, gpfn;
    uint64_t old[4], mfn;

    fresh(4, 1);
    gpfn = out[0];
    for ( unsigned int i = 0; i < 4; i++ )
        old[i] = in[i];
    check_rc("4 frames for an order-2 extent below 4 GiB",
             exchange(4, 0, 1, 2, XENMEMF_address_bits(32), DOMID_SELF, &done), 0);
    check_true("nr_exchanged counts the 4 input extents", done == 4);
    mfn = out[0];
    guest_printf("new extent at mfn %#lx\n", (unsigned long)mfn);
    check_true("the extent is aligned and below 4 GiB", (mfn & 3) == 0 && mfn + 4 <= (1UL << 20));
    check_true("M2P entries for the new frames: gpfn..gpfn+3",
               mfn_to_pfn(mfn) == gpfn && mfn_to_pfn(mfn + 3) == gpfn + 3);
    check_true("the old frames have none",
               mfn_to_pfn(old[0]) == ~0UL && mfn_to_pfn(old[3]) == ~0UL);
    check_true("the reservation is unchanged", memop_current() == before);
    check_rc("mapping an old frame", memop_map(old[1], false), -XEN_EBUSY);
    check_rc("exchanging the old frames again", exchange(4, 0, 1, 2, 0, DOMID_SELF, &done),
             -XEN_EINVAL);
    check_true("nothing was exchanged", done == 0);

    /* And back: the extent for 4 single frames below 2 GiB. */
    in[0] = mfn;
    for ( unsigned int i = 0; i < 4; i++ )
        out[i] = gpfn + i;
    check_rc("an order-2 extent for 4 frames below 2 GiB",
             exchange(1, 2, 4, 0, XENMEMF_address_bits(31), DOMID_SELF, &done), 0);
    check_true("nr_exchanged is 1", done == 1);
    check_true("4 frames below 2 GiB with their M2P entries",
               out[0] < (1UL << 19) && out[3] < (1UL << 19) && mfn_to_pfn(out[0]) == gpfn &&
                   mfn_to_pfn(out[3]) == gpfn + 3);
    check_true("the extent's frames have none", mfn_to_pfn(mfn) == ~0UL);
    check_true("a new frame is usable", memop_fill(out[2], 0x77) == 0);
    check_true("the reservation is still unchanged", memop_current() == before);
}

static void refused(void)
{
    unsigned long done = 0;
    uint64_t t;

    fresh(4, 1);
    check_rc("an order-19 extent", exchange(1, 19, 1, 19, 0, DOMID_SELF, &done), -XEN_EPERM);
    check_rc("an order-19 output extent", exchange(4, 0, 1, 19, 0, DOMID_SELF, &done), -XEN_EPERM);
    check_rc("4 frames for an order-1 extent", exchange(4, 0, 1, 1, 0, DOMID_SELF, &done),
             -XEN_EINVAL);
    check_rc("address_bits 12", exchange(4, 0, 1, 2, XENMEMF_address_bits(12), DOMID_SELF, &done),
             -XEN_ENOMEM);
    check_rc("address_bits 20: nothing free below 1 MiB",
             exchange(4, 0, 1, 2, XENMEMF_address_bits(20), DOMID_SELF, &done), -XEN_ENOMEM);
    check_rc("domain 1234", exchange(4, 0, 1, 2, 0, 1234, &done), -XEN_ESRCH);
    check_true("the frames are still ours", mfn_to_pfn(in[0]) != ~0UL && mfn_to_pfn(in[3]) != ~0UL);

    check_rc("a frame mapped", memop_map(in[0], true), 0);
    check_rc("exchanging a mapped frame", exchange(1, 0, 1, 0, 0, DOMID_SELF, &done), -XEN_EINVAL);
    check_rc("unmapped again", memop_unmap(), 0);
    t = in[1];
    check_rc("a frame pinned as an L1 table", memop_pin_l1(t, true), 0);
    in[0] = t;
    check_rc("exchanging a pinned table", exchange(1, 0, 1, 0, 0, DOMID_SELF, &done), -XEN_EINVAL);
    check_rc("unpinned again", memop_pin_l1(t, false), 0);
    in[0] = l4_mfn();
    check_rc("exchanging our L4", exchange(1, 0, 1, 0, 0, DOMID_SELF, &done), -XEN_EINVAL);
    in[0] = 0x10;
    check_rc("exchanging a firmware frame", exchange(1, 0, 1, 0, 0, DOMID_SELF, &done),
             -XEN_EINVAL);
    in[0] = start_info->shared_info >> PAGE_SHIFT;
    check_rc("exchanging shared_info", exchange(1, 0, 1, 0, 0, DOMID_SELF, &done), -XEN_EINVAL);
    in[0] = in[1] = in[2];
    check_rc("a frame listed twice", exchange(2, 0, 1, 1, 0, DOMID_SELF, &done), -XEN_EINVAL);
    check_true("nothing was exchanged", done == 0 && mfn_to_pfn(in[0]) != ~0UL);

    {
        struct xen_memory_exchange x = {.in = {.nr_extents = 1}, .out = {.nr_extents = 1}};

        fresh(1, 1);
        set_xen_guest_handle(x.in.extent_start, in);
        set_xen_guest_handle(x.out.extent_start, out);
        x.nr_exchanged = 2;
        check_rc("nr_exchanged past nr_extents", hypervisor_memory_op(XENMEM_exchange, &x),
                 -XEN_EINVAL);
        x.nr_exchanged = 1;
        check_rc("nr_exchanged at the end: nothing to do",
                 hypervisor_memory_op(XENMEM_exchange, &x), 0);
        x.nr_exchanged = 0;
        x.in.nr_extents = x.out.nr_extents = 0;
        check_rc("no extents", hypervisor_memory_op(XENMEM_exchange, &x), 0);
        x.in.nr_extents = x.out.nr_extents = 1;
        set_xen_guest_handle(x.in.extent_start, (void *)0x40000000UL);
        check_rc("the input list unmapped", hypervisor_memory_op(XENMEM_exchange, &x), -XEN_EFAULT);
        check_true("nr_exchanged written back: 0", x.nr_exchanged == 0);
        check_rc("the argument unmapped",
                 hypervisor_memory_op(XENMEM_exchange, (void *)0x40000000UL), -XEN_EFAULT);
        check_true("the frame is still ours", mfn_to_pfn(in[0]) != ~0UL);
    }
}

static void chunks(void)
{
    unsigned long done = 0;
    uint64_t mapped;

    fresh(4, 2);
    mapped = in[2];
    check_rc("a frame mapped", memop_map(mapped, true), 0);
    check_rc("2 chunks of 2 frames, the second holding the mapped frame",
             exchange(4, 0, 2, 1, 0, DOMID_SELF, &done), -XEN_EINVAL);
    check_true("nr_exchanged: the first chunk's 2 extents", done == 2);
    check_true("the first chunk was exchanged",
               mfn_to_pfn(in[0]) == ~0UL && mfn_to_pfn(out[0]) != ~0UL && (out[0] & 1) == 0);
    check_true("the second chunk's frames are still ours",
               mfn_to_pfn(in[2]) != ~0UL && mfn_to_pfn(in[3]) != ~0UL);
    check_rc("unmapped", memop_unmap(), 0);
    in[0] = in[2];
    in[1] = in[3];
    out[0] = out[1];
    check_rc("the second chunk alone", exchange(2, 0, 1, 1, 0, DOMID_SELF, &done), 0);
    check_true("now exchanged too", done == 2 && mfn_to_pfn(mapped) == ~0UL);
}

/* nr_exchanged on input: where to resume, rounded down to a chunk's start. */
static void resume(void)
{
    struct xen_memory_exchange x = {
        .in = {.nr_extents = 4, .domid = DOMID_SELF},
        .out = {.nr_extents = 2, .extent_order = 1, .domid = DOMID_SELF},
    };

    fresh(4, 2);
    set_xen_guest_handle(x.in.extent_start, in);
    set_xen_guest_handle(x.out.extent_start, out);
    x.nr_exchanged = 3;
    check_rc("resuming from input extent 3 (inside the second chunk)",
             hypervisor_memory_op(XENMEM_exchange, &x), 0);
    check_true("nr_exchanged is 4", x.nr_exchanged == 4);
    check_true("only the second chunk went",
               mfn_to_pfn(in[0]) != ~0UL && mfn_to_pfn(in[1]) != ~0UL &&
                   mfn_to_pfn(in[2]) == ~0UL && mfn_to_pfn(in[3]) == ~0UL);
    check_true("and the second output extent was reported", mfn_to_pfn(out[1]) != ~0UL);
}

void test_main(void)
{
    if ( !memop_have_free_frames() )
    {
        test_skip("only %lu pages: too few to exchange some", (unsigned long)start_info->nr_pages);
        return;
    }
    contiguous();
    refused();
    chunks();
    resume();
}
