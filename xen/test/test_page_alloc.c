/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xen/common/page_alloc.c on fake memory: the boot allocator's ranges (reserve,
 * split, merge, aligned allocation from the top), hand-over to the buddy heap,
 * exhaustion, fragmentation and merging, allocations below a frame limit, and
 * a random alloc/free run (with and without limits) checked
 * against a shadow map so no page is ever handed out twice.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake/fake.h"
#include "tap.h"

#include "fake/rename.h"
#include <xen/mm.h>
#include <xen/string.h>

#define NR_FRAMES 4096UL /* 16 MiB of fake RAM */
#define MB(x)     ((uint64_t)(x) << 20)

static void test_boot_allocator(void)
{
    mfn_t m;

    init_boot_pages(MB(1), MB(8));  /* frames 256..2047 */
    init_boot_pages(MB(8), MB(16)); /* adjacent: merges */
    ok(boot_pages_free() == NR_FRAMES - 256, "two adjacent ranges: %lu pages", boot_pages_free());
    init_boot_pages(MB(2), MB(3)); /* overlap is not counted twice */
    ok(boot_pages_free() == NR_FRAMES - 256, "an overlapping range adds nothing");

    ok(reserve_boot_pages(MB(4), MB(5)) == 256, "reserving a middle MiB takes 256 pages");
    ok(reserve_boot_pages(MB(4), MB(5)) == 0, "reserving it again takes nothing");
    ok(boot_pages_free() == NR_FRAMES - 512, "free pages after the split: %lu", boot_pages_free());

    m = alloc_boot_pages(1, 1);
    ok(mfn_x(m) == NR_FRAMES - 1, "first page comes from the top (%#lx)", mfn_x(m));
    m = alloc_boot_pages(16, 16);
    ok(mfn_x(m) % 16 == 0 && mfn_x(m) + 16 <= NR_FRAMES - 1, "aligned block below it (%#lx)",
       mfn_x(m));
    ok(boot_pages_free() == NR_FRAMES - 512 - 17,
       "only the 17 allocated pages are gone: alignment padding stays free");
}

static unsigned long heap_total_from_orders(void)
{
    unsigned long n = 0;

    for ( unsigned int o = 0; o <= MAX_ORDER; o++ )
        n += free_blocks_of_order(o) << o;
    return n;
}

static void test_heap(void)
{
    unsigned long before, n, boot_free = boot_pages_free();
    struct page_info **pages;

    end_boot_allocator();
    before = total_free_pages();
    ok(before == boot_free && boot_free == NR_FRAMES - 512 - 17,
       "the heap holds exactly the boot allocator's pages (%lu)", before);
    ok(boot_pages_free() == 0, "the boot allocator is empty afterwards");
    ok(heap_total_from_orders() == before, "per-order counts add up to %lu pages", before);
    ok(page_state(mfn_to_page(_mfn(100))) == PGC_state_inuse,
       "a frame the heap was never given (below 1 MiB) reads as in use");
    ok(page_state(mfn_to_page(_mfn(MB(4) >> PAGE_SHIFT))) == PGC_state_inuse,
       "the reserved MiB was not given to the heap");

    /* Exhaust with single pages. */
    pages = calloc(NR_FRAMES, sizeof(*pages));
    n = 0;
    while ( (pages[n] = alloc_heap_pages(0)) != NULL )
        n++;
    ok(n == before && total_free_pages() == 0, "exhaustion: %lu single pages, then NULL", n);
    ok(alloc_heap_pages(0) == NULL && alloc_heap_pages(3) == NULL, "nothing more to give");

    /* Fragment: free every other page; no order-1 block can exist. */
    for ( unsigned long i = 0; i < n; i += 2 )
        free_heap_pages(pages[i], 0);
    ok(alloc_heap_pages(1) == NULL, "every other page free: no order-1 block");
    ok(free_blocks_of_order(0) == (n + 1) / 2, "all free blocks are single pages");

    /* Free the rest: buddies merge back. */
    for ( unsigned long i = 1; i < n; i += 2 )
        free_heap_pages(pages[i], 0);
    ok(total_free_pages() == before && heap_total_from_orders() == before,
       "everything back: %lu pages", total_free_pages());
    ok(free_blocks_of_order(0) <= 2, "merged into large blocks (%lu single pages left)",
       free_blocks_of_order(0));
    {
        struct page_info *big = alloc_heap_pages(8);

        ok(big != NULL && mfn_x(page_to_mfn(big)) % 256 == 0,
           "an order-8 block, naturally aligned");
        free_heap_pages(big, 8);
    }
    ok(alloc_heap_pages(MAX_ORDER + 1) == NULL, "order past MAX_ORDER refused");
    free(pages);
}

/* Allocations below a frame limit (XENMEM_exchange's address_bits). */
static void test_below(void)
{
    unsigned long before = total_free_pages(), n = 0;
    struct page_info *pg, *low[256];
    bool below = true;

    ok(alloc_heap_pages_below(0, 256) == NULL, "nothing free below frame 256: NULL");
    pg = alloc_heap_pages_below(3, 264);
    ok(pg && mfn_x(page_to_mfn(pg)) == 256, "order 3 below 264: the block at 256");
    free_heap_pages(pg, 3);
    ok(alloc_heap_pages_below(3, 263) == NULL, "order 3 below 263: no block fits");
    pg = alloc_heap_pages_below(2, 300);
    ok(pg && mfn_x(page_to_mfn(pg)) + 4 <= 300 && mfn_x(page_to_mfn(pg)) % 4 == 0,
       "order 2 below 300: aligned, ends below the limit");
    free_heap_pages(pg, 2);
    while ( n < 256 && (low[n] = alloc_heap_pages_below(0, 512)) != NULL )
        below = below && mfn_x(page_to_mfn(low[n++])) < 512;
    ok(n == 256 && below, "frames 256..511 all handed out below 512 (%lu)", n);
    ok(alloc_heap_pages_below(0, 512) == NULL, "then none is left below 512");
    pg = alloc_heap_pages(0);
    ok(pg && mfn_x(page_to_mfn(pg)) >= 512, "an unbounded allocation still succeeds");
    free_heap_pages(pg, 0);
    while ( n > 0 )
        free_heap_pages(low[--n], 0);
    pg = alloc_heap_pages_below(8, 512);
    ok(pg && mfn_x(page_to_mfn(pg)) == 256, "freed and merged: order 8 below 512 again");
    free_heap_pages(pg, 8);
    ok(alloc_heap_pages_below(MAX_ORDER + 1, ~0UL) == NULL, "order past MAX_ORDER refused");
    ok(total_free_pages() == before && heap_total_from_orders() == before,
       "all returned (%lu pages)", total_free_pages());
}

static void test_random(void)
{
    static struct {
        struct page_info *pg;
        unsigned int order;
    } held[512];
    unsigned char *owner = calloc(NR_FRAMES, 1);
    unsigned long before = total_free_pages();
    bool overlap = false, aligned = true, bounded = true;

    srand(12345);
    for ( int round = 0; round < 20000; round++ )
    {
        unsigned int i = rand() % 512;

        if ( held[i].pg )
        {
            unsigned long m = mfn_x(page_to_mfn(held[i].pg));

            for ( unsigned long k = 0; k < (1UL << held[i].order); k++ )
                owner[m + k] = 0;
            free_heap_pages(held[i].pg, held[i].order);
            held[i].pg = NULL;
        }
        else
        {
            unsigned int order = rand() % 6;
            unsigned long limit = rand() % 2 ? ~0UL : 256 + rand() % (NR_FRAMES - 256);
            struct page_info *pg = alloc_heap_pages_below(order, limit);

            if ( pg == NULL )
                continue;
            unsigned long m = mfn_x(page_to_mfn(pg));

            bounded = bounded && m + (1UL << order) <= limit;

            aligned = aligned && (m % (1UL << order) == 0);
            for ( unsigned long k = 0; k < (1UL << order); k++ )
            {
                overlap = overlap || owner[m + k];
                owner[m + k] = 1;
            }
            held[i].pg = pg;
            held[i].order = order;
        }
    }
    ok(!overlap, "20000 random operations: no page handed out twice");
    ok(aligned, "every block naturally aligned");
    ok(bounded, "every block below its limit (half of them had one)");
    for ( unsigned int i = 0; i < 512; i++ )
        if ( held[i].pg )
            free_heap_pages(held[i].pg, held[i].order);
    ok(total_free_pages() == before && heap_total_from_orders() == before,
       "all returned: free count restored (%lu)", total_free_pages());
    free(owner);
}

int main(void)
{
    fake_ram_setup(NR_FRAMES);
    test_boot_allocator();
    test_heap();
    test_below();
    test_random();
    ok(get_order_from_bytes(1) == 0 && get_order_from_bytes(4096) == 0 &&
           get_order_from_bytes(4097) == 1 && get_order_from_bytes(1 << 20) == 8,
       "get_order_from_bytes");
    return tap_done();
}
