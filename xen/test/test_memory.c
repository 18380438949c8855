/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xen/common/memory.c and domain.c's page functions on fake memory, with a
 * fake PV side (a reference count per frame, an M2P array): what a dom0 test
 * kernel cannot show. Two domains, the privileged d0 and d1: max_pages stops
 * increase_reservation part-way and refuses an extent that does not fit;
 * d0 grows and shrinks d1 while d1 cannot touch d0; frames come out scrubbed
 * and aligned, below an address width when asked; a frame given back goes to
 * the heap at once or with its last reference; exchange is all or nothing
 * per chunk (a referenced frame, another domain's frame, no memory left
 * below the width) and gives back -EAGAIN with nr_exchanged past the work
 * limit (compiled at 64 pages here); every frame returns to the heap.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake/fake.h"
#include "tap.h"

#include "fake/rename.h"
#include <public/memory.h>
#include <public/xen.h>
#include <xen/arch.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/string.h>
#include <xen/xmalloc.h>

long do_memory_op(unsigned long cmd, uint64_t arg);
long arch_memory_op(unsigned long cmd, uint64_t arg);

#define NR_FRAMES  4096UL /* 16 MiB; the heap gets frames 256.. (above 1 MiB) */
#define FIRST_HEAP 256UL

/* ---- fake domains, the current vCPU, guest memory ---- */

static struct domain doms[2];
static struct vcpu vcpus[2];
static struct vcpu *cur;

struct vcpu *current_vcpu(void)
{
    return cur;
}

/* Guest memory: fake/guest_access.c (host pointers; address 1 is unmapped). */

/* What domain.c needs besides pages; never reached by these tests. */
int evtchn_init(struct domain *d)
{
    (void)d;
    return 0;
}

bool send_guest_global_virq(struct domain *d, unsigned int virq)
{
    (void)d;
    (void)virq;
    return false;
}

int arch_domain_create(struct domain *d)
{
    (void)d;
    return 0;
}

int arch_vcpu_create(struct vcpu *v)
{
    (void)v;
    return 0;
}

bool send_guest_vcpu_virq(struct vcpu *v, unsigned int virq)
{
    (void)v, (void)virq;
    return false;
}

void vcpu_wake(struct vcpu *v)
{
    (void)v;
}

long arch_memory_op(unsigned long cmd, uint64_t arg)
{
    (void)cmd, (void)arg;
    return -ENOSYS;
}

/* ---- the fake PV side: the M2P and extra references ("mappings") ---- */

static unsigned long m2p[NR_FRAMES];

void arch_set_gpfn_from_mfn(unsigned long mfn, unsigned long gpfn)
{
    m2p[mfn] = gpfn;
}

static bool is_allocated(const struct domain *d, unsigned long mfn)
{
    const struct page_info *pg = mfn_to_page(_mfn(mfn));

    return mfn < NR_FRAMES && pg->v.owner == d && (pg->count_info & PGC_allocated);
}

/* Drop one reference; the last one of a page given up frees it. */
static void put_ref(unsigned long mfn)
{
    struct page_info *pg = mfn_to_page(_mfn(mfn));

    if ( (pg->count_info & PGC_count_mask) == 0 )
        abort();
    pg->count_info--;
    if ( (pg->count_info & (PGC_count_mask | PGC_allocated)) == 0 )
    {
        m2p[mfn] = ~0UL;
        free_domheap_page(pg);
    }
}

int arch_release_page(struct domain *d, unsigned long mfn)
{
    if ( !is_allocated(d, mfn) )
        return -EINVAL;
    mfn_to_page(_mfn(mfn))->count_info &= ~PGC_allocated;
    put_ref(mfn);
    return 0;
}

int arch_claim_pages(struct domain *d, const unsigned long *mfns, unsigned long nr,
                     unsigned int order)
{
    unsigned long i, j = 0;

    for ( i = 0; i < nr; i++ )
        for ( j = 0; j < (1UL << order); j++ )
        {
            struct page_info *pg = mfn_to_page(_mfn(mfns[i] + j));

            if ( !is_allocated(d, mfns[i] + j) || (pg->count_info & PGC_count_mask) != 1 )
                goto undo;
            pg->count_info &= ~PGC_allocated;
        }
    return 0;
undo:
    for ( unsigned long k = 0; k <= i; k++ )
        for ( unsigned long l = 0; l < (k == i ? j : 1UL << order); l++ )
            mfn_to_page(_mfn(mfns[k] + l))->count_info |= PGC_allocated;
    return -EINVAL;
}

void arch_settle_claimed_pages(const unsigned long *mfns, unsigned long nr, unsigned int order,
                               bool free)
{
    for ( unsigned long i = 0; i < nr; i++ )
        for ( unsigned long j = 0; j < (1UL << order); j++ )
        {
            if ( free )
                put_ref(mfns[i] + j);
            else
                mfn_to_page(_mfn(mfns[i] + j))->count_info |= PGC_allocated;
        }
}

/* ---- helpers ---- */

static xen_pfn_t list[256];

static long resv(unsigned int cmd, xen_pfn_t *l, unsigned long nr, unsigned int order,
                 unsigned int flags, domid_t domid)
{
    struct xen_memory_reservation r = {
        .nr_extents = nr, .extent_order = order, .mem_flags = flags, .domid = domid};

    set_xen_guest_handle(r.extent_start, l);
    return do_memory_op(cmd, (uint64_t)(uintptr_t)&r);
}

static long xchg(xen_pfn_t *in, unsigned long nin, unsigned int oin, xen_pfn_t *out,
                 unsigned long nout, unsigned int oout, unsigned int flags, domid_t domid,
                 xen_ulong_t *done)
{
    struct xen_memory_exchange x = {
        .in = {.nr_extents = nin, .extent_order = oin, .domid = domid},
        .out = {.nr_extents = nout, .extent_order = oout, .mem_flags = flags, .domid = domid},
        .nr_exchanged = *done,
    };
    long rc;

    set_xen_guest_handle(x.in.extent_start, in);
    set_xen_guest_handle(x.out.extent_start, out);
    rc = do_memory_op(XENMEM_exchange, (uint64_t)(uintptr_t)&x);
    *done = x.nr_exchanged;
    return rc;
}

/* Pages d owns by walking its list, which must agree with tot_pages. */
static unsigned long listed(const struct domain *d)
{
    unsigned long n = 0;

    for ( const struct page_info *pg = d->page_list; pg; pg = pg->list.next )
        n++;
    return n;
}

static bool all_zero(unsigned long mfn, unsigned long n)
{
    const unsigned char *p = arch_mfn_to_virt(mfn);

    for ( unsigned long i = 0; i < n * PAGE_SIZE; i++ )
        if ( p[i] )
            return false;
    return true;
}

static void as(unsigned int dom)
{
    cur = &vcpus[dom];
}

/* ---- tests ---- */

static void test_reservations(void)
{
    struct domain *d1 = &doms[1];
    unsigned long free0 = total_free_pages(), mfn;
    bool zero = true;

    /* Dirty free memory: whatever a domain gets must read as zeroes. */
    memset(arch_mfn_to_virt(FIRST_HEAP), 0xcc, (NR_FRAMES - FIRST_HEAP) * PAGE_SIZE);

    as(1);
    d1->max_pages = 5;
    ok(resv(XENMEM_increase_reservation, list, 8, 0, 0, DOMID_SELF) == 5,
       "max_pages 5: increase of 8 stops after 5");
    ok(d1->tot_pages == 5 && listed(d1) == 5, "d1 holds 5 pages, all on its list");
    for ( unsigned int i = 0; i < 5; i++ )
        zero = zero && all_zero(list[i], 1);
    ok(zero, "from dirty free memory, scrubbed");
    ok(m2p[list[0]] == ~0UL && m2p[list[4]] == ~0UL, "increase leaves no M2P entries");
    ok(resv(XENMEM_increase_reservation, list, 1, 0, 0, DOMID_SELF) == 0,
       "at max_pages: nothing more");
    ok(resv(XENMEM_decrease_reservation, list, 5, 0, 0, DOMID_SELF) == 5 && d1->tot_pages == 0 &&
           listed(d1) == 0,
       "all 5 given back");
    ok(total_free_pages() == free0, "the heap has them again");
    ok(resv(XENMEM_decrease_reservation, list, 1, 0, 0, DOMID_SELF) == 0, "giving one twice: 0");

    d1->max_pages = 3;
    ok(resv(XENMEM_populate_physmap, list, 1, 2, 0, DOMID_SELF) == 0,
       "max_pages 3: an order-2 extent does not fit");
    d1->max_pages = 4;
    list[0] = 100;
    ok(resv(XENMEM_populate_physmap, list, 1, 2, 0, DOMID_SELF) == 1, "max_pages 4: it does");
    mfn = list[0];
    ok(mfn % 4 == 0 && m2p[mfn] == 100 && m2p[mfn + 3] == 103, "aligned, M2P gpfn 100..103");
    ok(resv(XENMEM_populate_physmap, list, 1, 10, 0, DOMID_SELF) == 0,
       "an order-10 extent for an unprivileged domain: refused (limit 9)");

    /* A frame with a second reference ("mapped") outlives its release. */
    mfn_to_page(_mfn(mfn + 1))->count_info++;
    list[0] = mfn + 1;
    ok(resv(XENMEM_decrease_reservation, list, 1, 0, 0, DOMID_SELF) == 1,
       "giving back a mapped frame");
    ok(d1->tot_pages == 4 && m2p[mfn + 1] == 101, "still d1's while mapped");
    put_ref(mfn + 1);
    ok(d1->tot_pages == 3 && m2p[mfn + 1] == ~0UL, "freed with its last reference");
    list[0] = mfn;
    list[1] = mfn + 2;
    list[2] = mfn + 3;
    ok(resv(XENMEM_decrease_reservation, list, 3, 0, 0, DOMID_SELF) == 3 && d1->tot_pages == 0,
       "the rest given back");

    /* Another domain: d1 may not touch d0, d0 (privileged) may grow and shrink d1. */
    ok(resv(XENMEM_increase_reservation, list, 1, 0, 0, 0) == 0, "d1 growing d0: refused");
    as(0);
    d1->max_pages = 16;
    ok(resv(XENMEM_increase_reservation, list, 2, 0, 0, 1) == 2 && d1->tot_pages == 2 &&
           mfn_to_page(_mfn(list[0]))->v.owner == d1,
       "d0 grows d1 by 2 pages, owned by d1");
    ok(resv(XENMEM_decrease_reservation, list, 2, 0, 0, 0) == 0,
       "d1's frames are not d0's to give back");
    ok(resv(XENMEM_decrease_reservation, list, 2, 0, 0, 1) == 2 && d1->tot_pages == 0,
       "d0 shrinks d1 by them");
    ok(resv(XENMEM_increase_reservation, list, 1, 0, 0, 7) == 0, "domain 7 does not exist: 0");
    d1->max_pages = 4096;
    ok(resv(XENMEM_populate_physmap, list, 1, 11, 0, 1) == 1 && d1->tot_pages == 2048,
       "the hardware domain may ask for an order-11 extent (for d1)");
    ok(resv(XENMEM_decrease_reservation, list, 1, 11, 0, 1) == 1 && d1->tot_pages == 0,
       "and give it back whole");

    /* Address widths and the per-call limit. */
    ok(resv(XENMEM_increase_reservation, list, 1, 0, XENMEMF_address_bits(20), DOMID_SELF) == 0,
       "nothing free below 1 MiB");
    ok(resv(XENMEM_increase_reservation, list, 1, 0, XENMEMF_address_bits(12), DOMID_SELF) == 0,
       "a width of one page offset holds nothing");
    ok(resv(XENMEM_increase_reservation, list, 1, 3, XENMEMF_address_bits(21), DOMID_SELF) == 1 &&
           list[0] + 8 <= 512,
       "an order-3 extent below 2 MiB");
    ok(resv(XENMEM_decrease_reservation, list, 1, 3, 0, DOMID_SELF) == 1, "given back");
    ok(resv(XENMEM_increase_reservation, list, 100, 0, 0, DOMID_SELF) == 64 &&
           doms[0].tot_pages == 64,
       "100 extents: the call stops at the 64-page work limit");
    ok(resv(XENMEM_increase_reservation | (64 << 6), list, 100, 0, 0, DOMID_SELF) == 100 &&
           doms[0].tot_pages == 100,
       "resumed from extent 64: the rest");
    ok(resv(XENMEM_decrease_reservation, list, 100, 0, 0, DOMID_SELF) == 64 &&
           resv(XENMEM_decrease_reservation | (64 << 6), list, 100, 0, 0, DOMID_SELF) == 100 &&
           doms[0].tot_pages == 0,
       "and all given back in two calls");

    /* A direct hypercall: the rest is a continuation, not a short count. */
    fake_continuations = true;
    fake_continued = 0;
    {
        struct xen_memory_reservation r = {.nr_extents = 100, .domid = DOMID_SELF};
        uint64_t arg = (uint64_t)(uintptr_t)&r;

        set_xen_guest_handle(r.extent_start, list);
        ok(do_memory_op(XENMEM_increase_reservation, arg) == 0 && fake_continued == 1 &&
               fake_continue_args[0] == (XENMEM_increase_reservation | (64 << 6)) &&
               fake_continue_args[1] == arg && doms[0].tot_pages == 64,
           "100 extents, directly: 64 done, the call continued from extent 64 (cmd %#lx)",
           (unsigned long)fake_continue_args[0]);
        ok(do_memory_op((unsigned long)fake_continue_args[0], arg) == 100 && fake_continued == 1 &&
               doms[0].tot_pages == 100,
           "the continuation finishes it and returns the whole count");
        ok(do_memory_op(XENMEM_decrease_reservation, arg) == 0 && fake_continued == 2 &&
               do_memory_op((unsigned long)fake_continue_args[0], arg) == 100 &&
               doms[0].tot_pages == 0,
           "giving back: continued once, then done");
    }
    fake_continuations = false;
    ok(total_free_pages() == free0, "every frame is back in the heap");
}

static void test_exchange(void)
{
    struct domain *d1 = &doms[1];
    unsigned long free0;
    xen_pfn_t in[8], out[8], held[8];
    xen_ulong_t done = 0;

    /* xmalloc keeps a slab page per size class: take those the exchanges use first. */
    for ( unsigned int n = 1; n <= 32; n++ )
        xfree(xzalloc_array(unsigned long, n));
    free0 = total_free_pages();

    as(1);
    d1->max_pages = 16;
    ok(resv(XENMEM_increase_reservation, held, 8, 0, 0, DOMID_SELF) == 8, "d1 takes 8 frames");
    memcpy(in, held, sizeof(in));
    out[0] = 40;
    ok(xchg(in, 4, 0, out, 1, 2, XENMEMF_address_bits(22), DOMID_SELF, &done) == 0 && done == 4,
       "4 frames for an order-2 extent below 4 MiB");
    ok(out[0] % 4 == 0 && out[0] + 4 <= 1024 && m2p[out[0]] == 40 && m2p[out[0] + 3] == 43,
       "aligned, below the width, M2P gpfn 40..43");
    ok(d1->tot_pages == 8 && listed(d1) == 8 &&
           page_state(mfn_to_page(_mfn(held[0]))) == PGC_state_free,
       "d1 still has 8 pages; the old frames are free");
    held[0] = out[0];
    held[1] = out[0] + 1;
    held[2] = out[0] + 2;
    held[3] = out[0] + 3;

    /* All or nothing: the second chunk holds a frame with another reference. */
    memcpy(in, held, sizeof(in));
    mfn_to_page(_mfn(in[5]))->count_info++;
    done = 0;
    out[0] = 50;
    out[1] = 52;
    ok(xchg(in + 2, 4, 0, out, 2, 1, 0, DOMID_SELF, &done) == -EINVAL && done == 2,
       "2 chunks, the second with a referenced frame: -EINVAL after the first");
    ok(is_allocated(d1, in[4]) && is_allocated(d1, in[5]) && !is_allocated(d1, in[2]),
       "the second chunk's frames are untouched, the first chunk's gone");
    put_ref(in[5]);
    held[2] = out[0];
    held[3] = out[0] + 1;

    done = 0;
    in[0] = held[4];
    in[1] = held[4];
    ok(xchg(in, 2, 0, out, 1, 1, 0, DOMID_SELF, &done) == -EINVAL && done == 0 &&
           is_allocated(d1, held[4]),
       "a frame listed twice: -EINVAL, the frame still d1's");
    in[0] = held[4];
    in[1] = held[5];
    ok(xchg(in, 2, 0, out, 1, 1, XENMEMF_address_bits(20), DOMID_SELF, &done) == -ENOMEM &&
           is_allocated(d1, held[4]) && is_allocated(d1, held[5]),
       "nothing free below 1 MiB: -ENOMEM, the frames given back to d1");
    ok(xchg(in, 2, 0, out, 1, 2, 0, DOMID_SELF, &done) == -EINVAL, "2 frames for 4: -EINVAL");
    ok(xchg(in, 2, 0, out, 1, 10, 0, DOMID_SELF, &done) == -EPERM,
       "an order-10 extent for an unprivileged domain: -EPERM");
    ok(xchg(in, 2, 0, out, 1, 1, 0, 0, &done) == -EPERM, "d1 exchanging for d0: -EPERM");
    in[0] = 300;
    ok(xchg(in, 1, 0, out, 1, 0, 0, DOMID_SELF, &done) == -EINVAL, "a frame not d1's: -EINVAL");
    done = 3;
    ok(xchg(in, 1, 0, out, 1, 0, 0, DOMID_SELF, &done) == -EINVAL && done == 3,
       "nr_exchanged past the end: -EINVAL");

    /* d0 exchanges for d1; then the work limit (64 pages per call) with 8 chunks of 16. */
    as(0);
    done = 0;
    in[0] = held[4];
    in[1] = held[5];
    out[0] = 60;
    ok(xchg(in, 2, 0, out, 1, 1, 0, 1, &done) == 0 && mfn_to_page(_mfn(out[0]))->v.owner == d1,
       "d0 exchanges d1's frames for d1");
    held[4] = out[0];
    held[5] = out[0] + 1;
    as(1);
    ok(resv(XENMEM_decrease_reservation, held, 8, 0, 0, DOMID_SELF) == 8 && d1->tot_pages == 0,
       "d1 gives everything back");

    as(0);
    doms[0].max_pages = 1000;
    {
        static xen_pfn_t big_in[128], big_out[8];

        ok(resv(XENMEM_increase_reservation, big_in, 128, 0, 0, DOMID_SELF) == 64 &&
               resv(XENMEM_increase_reservation | (64 << 6), big_in, 128, 0, 0, DOMID_SELF) == 128,
           "d0 takes 128 frames");
        done = 0;
        ok(xchg(big_in, 128, 0, big_out, 8, 4, 0, DOMID_SELF, &done) == -EAGAIN && done == 64,
           "128 frames in 8 chunks of 16: -EAGAIN after 64 (the work limit)");
        ok(xchg(big_in, 128, 0, big_out, 8, 4, 0, DOMID_SELF, &done) == 0 && done == 128,
           "called again from nr_exchanged 64: done");
        /* Directly: the work limit continues the same call instead of -EAGAIN. */
        fake_continuations = true;
        fake_continued = 0;
        done = 0;
        ok(xchg(big_out, 8, 4, big_in, 128, 0, 0, DOMID_SELF, &done) == 0 && done == 4 &&
               fake_continued == 1 && fake_continue_args[0] == XENMEM_exchange,
           "back to 128 frames, directly: 4 of 8 extents (64 pages) done, the same call continued");
        ok(xchg(big_out, 8, 4, big_in, 128, 0, 0, DOMID_SELF, &done) == 0 && done == 8 &&
               fake_continued == 1,
           "its continuation (from nr_exchanged 4) finishes");
        fake_continuations = false;
        done = 0;
        ok(xchg(big_in, 128, 0, big_out, 8, 4, 0, DOMID_SELF, &done) == -EAGAIN && done == 64 &&
               xchg(big_in, 128, 0, big_out, 8, 4, 0, DOMID_SELF, &done) == 0 && done == 128,
           "and to 8 extents of 16 again (as from a multicall: -EAGAIN, then resumed)");
        ok(doms[0].tot_pages == 128 && listed(&doms[0]) == 128, "d0 still has 128 pages");
        for ( unsigned int i = 0; i < 8; i++ )
        {
            list[0] = big_out[i];
            resv(XENMEM_decrease_reservation, list, 1, 4, 0, DOMID_SELF);
        }
        ok(doms[0].tot_pages == 0, "all given back");
    }
    ok(total_free_pages() == free0, "every frame is back in the heap");
}

int main(void)
{
    fake_ram_setup(NR_FRAMES);
    init_heap_pages(mfn_to_page(_mfn(FIRST_HEAP)), NR_FRAMES - FIRST_HEAP);
    memset(m2p, 0xff, sizeof(m2p));
    for ( unsigned int i = 0; i < 2; i++ )
    {
        doms[i].domain_id = (domid_t)i;
        doms[i].is_privileged = i == 0;
        doms[i].max_pages = 0xffffffffUL;
        spin_lock_init(&doms[i].page_lock);
        vcpus[i].domain = &doms[i];
    }
    doms[0].next_in_list = &doms[1]; /* for domain.c's domain_lookup() */
    domain_list = &doms[0];
    test_reservations();
    test_exchange();
    return tap_done();
}
