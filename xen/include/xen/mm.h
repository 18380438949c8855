/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Machine memory: typesafe frame numbers, the frame table (one struct page_info
 * per machine frame), the boot allocator and the buddy heap.
 */
#ifndef XEN_MM_H
#define XEN_MM_H

#include <xen/compiler.h>
#include <xen/page-size.h>
#include <xen/types.h>

/** A machine frame number; never mixed up with a guest frame number. */
typedef struct {
    unsigned long m;
} mfn_t;

/** A guest frame number (a domain's pseudo-physical frame). */
typedef struct {
    unsigned long g;
} gfn_t;

#define INVALID_MFN_RAW (~0UL)
#define INVALID_MFN     ((mfn_t){INVALID_MFN_RAW})

static inline mfn_t _mfn(unsigned long m)
{
    return (mfn_t){m};
}

static inline unsigned long mfn_x(mfn_t m)
{
    return m.m;
}

static inline bool mfn_eq(mfn_t a, mfn_t b)
{
    return a.m == b.m;
}

static inline mfn_t mfn_add(mfn_t m, unsigned long n)
{
    return _mfn(m.m + n);
}

static inline gfn_t _gfn(unsigned long g)
{
    return (gfn_t){g};
}

static inline unsigned long gfn_x(gfn_t g)
{
    return g.g;
}

static inline unsigned long pfn_of(uint64_t paddr)
{
    return (unsigned long)(paddr >> PAGE_SHIFT);
}

struct domain;

/** Links of a page on a free list or a domain's page list. */
struct page_list_entry {
    struct page_info *next, *prev;
};

/**
 * One machine frame. count_info holds the PGC_* state bits and, for an in-use
 * page, the general reference count; type_info the page type and type count
 * (used by the PV memory manager). Locking: see xen/common/page_alloc.c.
 */
struct page_info {
    struct page_list_entry list;
    unsigned long count_info;
    unsigned long type_info;
    union {
        struct domain *owner;    /* in use: owning domain, NULL for the hypervisor */
        unsigned int free_order; /* free, at the head of a buddy block: its order */
    } v;
    /*
     * TLB-flush clock stamp (xen/tlbflush.h), 0 for none: when the page's last
     * writable mapping went (while in use) or when it was freed (while free).
     */
    uint64_t tlbflush_timestamp;
};

/*
 * count_info state. A zeroed frame-table entry reads as in use: frames the heap
 * was never given (the hypervisor image, firmware areas) can never look free.
 */
#define PGC_state_mask    (3UL << 62)
#define PGC_state_inuse   (0UL << 62)
#define PGC_state_offline (1UL << 62) /* reserved, never allocated */
#define PGC_state_free    (3UL << 62)
#define PGC_allocated     (1UL << 61) /* a domain owns it (its allocation reference) */
#define PGC_count_mask    ((1UL << 48) - 1)

static inline unsigned long page_state(const struct page_info *pg)
{
    return pg->count_info & PGC_state_mask;
}

/** The frame table and its extent: frames [0, max_page) have an entry. */
extern struct page_info *frame_table;
extern unsigned long max_page;

static inline struct page_info *mfn_to_page(mfn_t mfn)
{
    return frame_table + mfn_x(mfn);
}

static inline mfn_t page_to_mfn(const struct page_info *pg)
{
    return _mfn((unsigned long)(pg - frame_table));
}

static inline bool mfn_valid(mfn_t mfn)
{
    return mfn_x(mfn) < max_page;
}

/* Largest buddy block: 2^MAX_ORDER pages (4 GiB with 4 KiB pages). */
#define MAX_ORDER 20

/**
 * Boot allocator: before the frame table exists, memory is handed out of a list
 * of free physical ranges. init_boot_pages() adds [ps, pe) (bytes, rounded
 * inwards to pages); alloc_boot_pages() takes nr contiguous pages aligned to
 * align pages, from the top of memory, and panics if it cannot.
 */
void init_boot_pages(uint64_t ps, uint64_t pe);
mfn_t alloc_boot_pages(unsigned long nr, unsigned long align);

/**
 * Remove [ps, pe) from the boot allocator's free ranges (e.g. a module that
 * turned out to be in RAM the loader listed as free). Returns the number of
 * pages that were free and are now reserved.
 */
unsigned long reserve_boot_pages(uint64_t ps, uint64_t pe);

/** Total pages the boot allocator still holds. */
unsigned long boot_pages_free(void);

/**
 * Hand every page the boot allocator still holds to the buddy heap; the boot
 * allocator is unusable afterwards. Needs frame_table/max_page set up.
 */
void end_boot_allocator(void);

/** Give nr pages starting at pg to the heap (they become free). */
void init_heap_pages(struct page_info *pg, unsigned long nr);

/** Allocate 2^order contiguous, naturally aligned pages; NULL when none. */
struct page_info *alloc_heap_pages(unsigned int order);

/**
 * Allocate 2^order contiguous, naturally aligned pages that all lie below
 * machine frame limit (for devices that address only so many bits); NULL when
 * no free block qualifies. The block is the lowest part of a free buddy block.
 */
struct page_info *alloc_heap_pages_below(unsigned int order, unsigned long limit);

/** Free 2^order pages from alloc_heap_pages(); merges with free buddies. */
void free_heap_pages(struct page_info *pg, unsigned int order);

/** Free pages in the heap, in total and per order of the free blocks. */
unsigned long total_free_pages(void);
unsigned long free_blocks_of_order(unsigned int order);

/**
 * Hypervisor-heap pages: allocated from the heap and reachable through the
 * direct map. Return the virtual address, or NULL.
 */
void *alloc_xenheap_pages(unsigned int order);
void free_xenheap_pages(void *va, unsigned int order);

/** Smallest order whose block holds size bytes. */
unsigned int get_order_from_bytes(size_t size);

#endif /* XEN_MM_H */
