/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xen/common/tlbflush.c, the TLB-flush clock: stamps move the clock on, a CPU
 * counts as flushed for a stamp only if it read the clock after it, filters
 * keep exactly the CPUs that may still hold a stale translation; two threads
 * stamping at once never get the same stamp. Then page_alloc.c on fake
 * memory: a freed page handed out again flushes the CPUs that have not
 * flushed since it was freed, and only those; a fresh page flushes none.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fake/fake.h"
#include "tap.h"

#include "fake/rename.h"
#include <xen/mm.h>
#include <xen/smp.h>
#include <xen/tlbflush.h>

#define STAMPS 100000

static void test_clock(void)
{
    uint64_t t0 = tlbflush_current_time(), s1, s2, t;

    ok(t0 >= 1, "the clock starts at 1 or later (%llu)", (unsigned long long)t0);
    s1 = tlbflush_stamp();
    s2 = tlbflush_stamp();
    ok(s1 == t0 && s2 == t0 + 1, "stamps are the clock's values, each moving it on");
    ok(tlbflush_current_time() == t0 + 2, "the clock is past both stamps");

    ok(tlbflush_cpu_time(3) == 0, "a CPU that never flushed has time 0");
    ok(tlbflush_filter(1ULL << 3, s2) == 1ULL << 3, "it may hold anything: kept by the filter");
    ok(tlbflush_filter(1ULL << 3, 0) == 0, "a stamp of 0 needs no flush anywhere");

    /* CPU 3 flushes after reading the clock past s2; CPU 4 read it before s2 was taken. */
    t = tlbflush_current_time();
    tlbflush_note(3, t);
    tlbflush_note(4, s2);
    ok(tlbflush_filter((1ULL << 3) | (1ULL << 4), s2) == 1ULL << 4,
       "a flush after the stamp clears a CPU; one that read the stamp's own value does not");
    ok(tlbflush_filter(1ULL << 4, s1) == 0, "CPU 4's flush is after the earlier stamp");
    tlbflush_note(3, s1);
    ok(tlbflush_cpu_time(3) == t, "an older reading does not move a CPU's time back");
    tlbflush_note(NR_CPUS, t);
    ok(tlbflush_cpu_time(NR_CPUS) == 0, "a CPU number beyond NR_CPUS is ignored");

    fake_tlb_flushes = 0;
    fake_tlb_flush_mask = 0;
    tlbflush_filtered((1ULL << 3) | (1ULL << 5), tlbflush_cpu_time(3) - 1);
    ok(fake_tlb_flushes == 1 && fake_tlb_flush_mask == 1ULL << 5,
       "tlbflush_filtered flushes only the CPU that needs it (mask %#llx)",
       (unsigned long long)fake_tlb_flush_mask);
    ok(tlbflush_filter(1ULL << 5, s2) == 0, "and that CPU then counts as flushed");
    tlbflush_filtered(1ULL << 3, s1);
    ok(fake_tlb_flushes == 1, "nothing to flush: the arch is not called");
}

static uint64_t stamps[2 * STAMPS]; /* each thread fills half */

static void *stamper(void *arg)
{
    uint64_t *out = arg;

    for ( unsigned int i = 0; i < STAMPS; i++ )
        out[i] = tlbflush_stamp();
    return NULL;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return x < y ? -1 : x > y;
}

static void test_concurrent_stamps(void)
{
    uint64_t start = tlbflush_current_time();
    pthread_t t;
    unsigned int dups = 0;

    if ( pthread_create(&t, NULL, stamper, stamps + STAMPS) != 0 )
    {
        ok(0, "pthread_create");
        return;
    }
    stamper(stamps);
    pthread_join(t, NULL);
    qsort(stamps, 2 * STAMPS, sizeof(uint64_t), cmp_u64);
    for ( unsigned int i = 1; i < 2 * STAMPS; i++ )
        dups += stamps[i] == stamps[i - 1];
    ok(dups == 0, "two threads stamping at once: no stamp given twice (%u)", dups);
    ok(tlbflush_current_time() == start + 2 * STAMPS, "the clock moved on by every stamp");
}

#define NR_FRAMES 1024UL

static void test_heap_reuse(void)
{
    struct page_info *a, *b;
    uint64_t t;

    fake_ram_setup(NR_FRAMES);
    init_heap_pages(mfn_to_page(_mfn(256)), NR_FRAMES - 256);
    cpu_online_map = (1ULL << 0) | (1ULL << 1);
    t = tlbflush_current_time();
    tlbflush_note(0, t);
    tlbflush_note(1, t);

    fake_tlb_flushes = 0;
    a = alloc_heap_pages(0);
    ok(a != NULL && fake_tlb_flushes == 0, "a page never freed flushes nothing");

    free_heap_pages(a, 0);
    ok(a->tlbflush_timestamp != 0, "a freed page is stamped");
    fake_tlb_flush_mask = 0;
    b = alloc_heap_pages(0);
    ok(b == a, "the heap hands the same page out again");
    ok(fake_tlb_flushes == 1 && fake_tlb_flush_mask == 3,
       "both CPUs flushed before its reuse (mask %#llx)", (unsigned long long)fake_tlb_flush_mask);
    ok(b->tlbflush_timestamp == 0, "the handed-out page's stamp is cleared");

    free_heap_pages(b, 0);
    tlbflush_note(1, tlbflush_current_time()); /* CPU 1 flushed since */
    fake_tlb_flushes = 0;
    fake_tlb_flush_mask = 0;
    b = alloc_heap_pages(0);
    ok(b == a && fake_tlb_flushes == 1 && fake_tlb_flush_mask == 1,
       "only the CPU that did not flush since the free is flushed (mask %#llx)",
       (unsigned long long)fake_tlb_flush_mask);

    /* An order-2 block: one old freed page in it is enough. */
    a = alloc_heap_pages(2);
    fake_tlb_flushes = 0;
    free_heap_pages(a + 2, 0);
    free_heap_pages(a + 3, 0);
    free_heap_pages(a, 0);
    free_heap_pages(a + 1, 0);
    tlbflush_note(0, tlbflush_current_time());
    tlbflush_note(1, tlbflush_current_time());
    fake_tlb_flush_mask = 0;
    b = alloc_heap_pages(2);
    ok(b == a && fake_tlb_flushes == 0, "every CPU flushed after the block's frees: no flush");
    free_heap_pages(b + 2, 0);
    free_heap_pages(b + 3, 0);
    free_heap_pages(b, 0);
    tlbflush_note(0, tlbflush_current_time());
    tlbflush_note(1, tlbflush_current_time());
    free_heap_pages(b + 1, 0); /* freed after the CPUs' last flush */
    fake_tlb_flush_mask = 0;
    b = alloc_heap_pages(2);
    ok(b == a && fake_tlb_flushes == 1 && fake_tlb_flush_mask == 3,
       "one page of the block freed after the last flushes: both CPUs flushed (mask %#llx)",
       (unsigned long long)fake_tlb_flush_mask);
    free_heap_pages(b, 2);
    cpu_online_map = 0;
}

int main(void)
{
    test_clock();
    test_concurrent_stamps();
    test_heap_reuse();
    return tap_done();
}
