/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Physical memory allocators: the boot allocator (free ranges, used before the
 * frame table exists) and the buddy heap over the frame table.
 *
 * Locking: heap_lock protects the free lists, the free counters and the
 * count_info state of every page on or leaving a free list. It is taken with
 * interrupts off and is a leaf lock.
 *
 * TLBs: freed pages are stamped on the TLB-flush clock; handing them out
 * again first flushes the CPUs that may still cache a translation of them.
 */
#include <xen/arch.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/spinlock.h>
#include <xen/string.h>
#include <xen/tlbflush.h>

struct page_info *frame_table;
unsigned long max_page;

/* ------------------------------------------------------------------ boot */

#define MAX_BOOT_RANGES 128

/* Free page ranges [start, end) in frame numbers, sorted, non-overlapping. */
static struct {
    unsigned long start, end;
} boot_ranges[MAX_BOOT_RANGES];
static unsigned int nr_boot_ranges;
static bool boot_allocator_done;

static void boot_range_remove(unsigned int i)
{
    memmove(&boot_ranges[i], &boot_ranges[i + 1],
            (nr_boot_ranges - i - 1) * sizeof(boot_ranges[0]));
    nr_boot_ranges--;
}

static void boot_range_insert(unsigned int i, unsigned long s, unsigned long e)
{
    if ( nr_boot_ranges == MAX_BOOT_RANGES )
    {
        printk("WARNING: boot allocator full: %#lx-%#lx not used\n", s, e);
        return;
    }
    memmove(&boot_ranges[i + 1], &boot_ranges[i], (nr_boot_ranges - i) * sizeof(boot_ranges[0]));
    boot_ranges[i].start = s;
    boot_ranges[i].end = e;
    nr_boot_ranges++;
}

unsigned long reserve_boot_pages(uint64_t ps, uint64_t pe)
{
    unsigned long s = pfn_of(ps), e = pfn_of(pe + PAGE_SIZE - 1), taken = 0;

    for ( unsigned int i = 0; i < nr_boot_ranges; )
    {
        unsigned long rs = boot_ranges[i].start, re = boot_ranges[i].end;

        if ( re <= s || rs >= e )
        {
            i++;
            continue;
        }
        taken += (re < e ? re : e) - (rs > s ? rs : s);
        if ( rs < s && re > e )
        {
            /* Split: keep both sides. */
            boot_ranges[i].end = s;
            boot_range_insert(i + 1, e, re);
            break;
        }
        if ( rs < s )
            boot_ranges[i++].end = s;
        else if ( re > e )
            boot_ranges[i++].start = e;
        else
            boot_range_remove(i);
    }
    return taken;
}

void init_boot_pages(uint64_t ps, uint64_t pe)
{
    unsigned long s = pfn_of(ps + PAGE_SIZE - 1), e = pfn_of(pe);
    unsigned int i;

    if ( s >= e || boot_allocator_done )
        return;
    /* Never hand out a page twice: drop any overlap first. */
    reserve_boot_pages((uint64_t)s << PAGE_SHIFT, (uint64_t)e << PAGE_SHIFT);
    for ( i = 0; i < nr_boot_ranges && boot_ranges[i].start < s; i++ )
        ;
    boot_range_insert(i, s, e);
    /* Merge with neighbours. */
    if ( i + 1 < nr_boot_ranges && boot_ranges[i].end == boot_ranges[i + 1].start )
    {
        boot_ranges[i].end = boot_ranges[i + 1].end;
        boot_range_remove(i + 1);
    }
    if ( i > 0 && boot_ranges[i - 1].end == boot_ranges[i].start )
    {
        boot_ranges[i - 1].end = boot_ranges[i].end;
        boot_range_remove(i);
    }
}

mfn_t alloc_boot_pages(unsigned long nr, unsigned long align)
{
    if ( align == 0 )
        align = 1;
    for ( unsigned int i = nr_boot_ranges; i-- > 0; )
    {
        unsigned long s, e = boot_ranges[i].end;

        if ( e - boot_ranges[i].start < nr )
            continue;
        s = (e - nr) & ~(align - 1);
        if ( s < boot_ranges[i].start )
            continue;
        reserve_boot_pages((uint64_t)s << PAGE_SHIFT, (uint64_t)(s + nr) << PAGE_SHIFT);
        return _mfn(s);
    }
    panic("Boot allocator out of memory: %lu pages aligned to %lu\n", nr, align);
}

unsigned long boot_pages_free(void)
{
    unsigned long n = 0;

    for ( unsigned int i = 0; i < nr_boot_ranges; i++ )
        n += boot_ranges[i].end - boot_ranges[i].start;
    return n;
}

void end_boot_allocator(void)
{
    for ( unsigned int i = 0; i < nr_boot_ranges; i++ )
    {
        unsigned long s = boot_ranges[i].start, e = boot_ranges[i].end;

        if ( e > max_page )
            e = max_page;
        if ( s < e )
            init_heap_pages(mfn_to_page(_mfn(s)), e - s);
    }
    nr_boot_ranges = 0;
    boot_allocator_done = true;
}

/* ------------------------------------------------------------------ heap */

static DEFINE_SPINLOCK(heap_lock);
static struct page_info *free_head[MAX_ORDER + 1];
static unsigned long free_count[MAX_ORDER + 1];
static unsigned long free_pages;

static void list_add(struct page_info *pg, unsigned int order)
{
    pg->list.prev = NULL;
    pg->list.next = free_head[order];
    if ( free_head[order] )
        free_head[order]->list.prev = pg;
    free_head[order] = pg;
    pg->v.free_order = order;
    free_count[order]++;
}

static void list_del(struct page_info *pg, unsigned int order)
{
    if ( pg->list.prev )
        pg->list.prev->list.next = pg->list.next;
    else
        free_head[order] = pg->list.next;
    if ( pg->list.next )
        pg->list.next->list.prev = pg->list.prev;
    pg->list.next = pg->list.prev = NULL;
    free_count[order]--;
}

/* Put a free, naturally aligned block on the lists, merging with its buddies. */
static void free_block(struct page_info *pg, unsigned int order)
{
    unsigned long mfn = mfn_x(page_to_mfn(pg));

    while ( order < MAX_ORDER )
    {
        unsigned long buddy_mfn = mfn ^ (1UL << order);
        struct page_info *buddy;

        if ( buddy_mfn >= max_page )
            break;
        buddy = mfn_to_page(_mfn(buddy_mfn));
        if ( page_state(buddy) != PGC_state_free || buddy->v.free_order != order ||
             (buddy->list.prev == NULL && free_head[order] != buddy) )
            break;
        list_del(buddy, order);
        mfn &= ~(1UL << order);
        order++;
    }
    list_add(mfn_to_page(_mfn(mfn)), order);
}

void init_heap_pages(struct page_info *pg, unsigned long nr)
{
    unsigned long mfn = mfn_x(page_to_mfn(pg)), end = mfn + nr;
    unsigned long flags = arch_irq_save();

    spin_lock(&heap_lock);
    for ( unsigned long m = mfn; m < end; m++ )
    {
        struct page_info *p = mfn_to_page(_mfn(m));

        memset(p, 0, sizeof(*p));
        p->count_info = PGC_state_inuse;
    }
    /* Largest aligned blocks that fit, each freed (and merged) in turn. */
    while ( mfn < end )
    {
        unsigned int order = 0;

        while ( order < MAX_ORDER && !(mfn & (1UL << order)) && mfn + (2UL << order) <= end )
            order++;
        for ( unsigned long m = mfn; m < mfn + (1UL << order); m++ )
            mfn_to_page(_mfn(m))->count_info = PGC_state_free;
        free_pages += 1UL << order;
        free_block(mfn_to_page(_mfn(mfn)), order);
        mfn += 1UL << order;
    }
    spin_unlock(&heap_lock);
    arch_irq_restore(flags);
}

struct page_info *alloc_heap_pages(unsigned int order)
{
    return alloc_heap_pages_below(order, ~0UL);
}

/*
 * The first free block of order o (or larger) whose lowest 2^order pages end at
 * or below limit, or NULL. Without a limit that is the head of the smallest
 * non-empty list; with one, the lists are walked.
 */
static struct page_info *find_block_below(unsigned int order, unsigned long limit,
                                          unsigned int *found_order)
{
    for ( unsigned int o = order; o <= MAX_ORDER; o++ )
        for ( struct page_info *pg = free_head[o]; pg; pg = pg->list.next )
            if ( mfn_x(page_to_mfn(pg)) + (1UL << order) <= limit )
            {
                *found_order = o;
                return pg;
            }
    return NULL;
}

struct page_info *alloc_heap_pages_below(unsigned int order, unsigned long limit)
{
    struct page_info *pg;
    unsigned long flags;
    unsigned int o = 0;
    uint64_t stamp = 0;

    if ( order > MAX_ORDER )
        return NULL;
    flags = arch_irq_save();
    spin_lock(&heap_lock);
    pg = find_block_below(order, limit, &o);
    if ( pg )
    {
        list_del(pg, o);
        /* Split: give back the upper halves until the block is the right size. */
        while ( o > order )
        {
            o--;
            list_add(pg + (1UL << o), o);
        }
        for ( unsigned long i = 0; i < (1UL << order); i++ )
        {
            if ( pg[i].tlbflush_timestamp > stamp )
                stamp = pg[i].tlbflush_timestamp;
            pg[i].tlbflush_timestamp = 0;
            pg[i].count_info = PGC_state_inuse;
            pg[i].type_info = 0;
            pg[i].v.owner = NULL;
        }
        free_pages -= 1UL << order;
    }
    spin_unlock(&heap_lock);
    /*
     * A CPU may still hold a translation of a page from before it was freed:
     * flush those that have not flushed since, before anyone reuses it.
     */
    tlbflush_filtered(cpu_online_map, stamp);
    arch_irq_restore(flags);
    return pg;
}

void free_heap_pages(struct page_info *pg, unsigned int order)
{
    /* After every mapping of the pages went (they are unreferenced): see alloc. */
    uint64_t stamp = tlbflush_stamp();
    unsigned long flags = arch_irq_save();

    spin_lock(&heap_lock);
    for ( unsigned long i = 0; i < (1UL << order); i++ )
    {
        if ( page_state(&pg[i]) != PGC_state_inuse )
            panic("Freeing page %#lx that is not in use (count_info %#lx)\n",
                  mfn_x(page_to_mfn(&pg[i])), pg[i].count_info);
        pg[i].count_info = PGC_state_free;
        pg[i].v.owner = NULL;
        pg[i].tlbflush_timestamp = stamp;
    }
    free_pages += 1UL << order;
    free_block(pg, order);
    spin_unlock(&heap_lock);
    arch_irq_restore(flags);
}

unsigned long total_free_pages(void)
{
    return free_pages;
}

unsigned long free_blocks_of_order(unsigned int order)
{
    return order <= MAX_ORDER ? free_count[order] : 0;
}

unsigned int get_order_from_bytes(size_t size)
{
    unsigned int order = 0;

    while ( order < MAX_ORDER && (PAGE_SIZE << order) < size )
        order++;
    return order;
}

void *alloc_xenheap_pages(unsigned int order)
{
    struct page_info *pg = alloc_heap_pages(order);

    return pg ? arch_mfn_to_virt(mfn_x(page_to_mfn(pg))) : NULL;
}

void free_xenheap_pages(void *va, unsigned int order)
{
    if ( va )
        free_heap_pages(mfn_to_page(_mfn(arch_virt_to_mfn(va))), order);
}
