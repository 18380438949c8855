/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PV memory management: page types and reference counts, which make sure a
 * guest never holds a writable mapping of a page table and never maps a frame
 * it does not own; and the hypercalls that edit page tables.
 */
#ifndef ASM_X86_PV_MM_H
#define ASM_X86_PV_MM_H

#include <asm/page.h>
#include <xen/mm.h>
#include <xen/sched.h>

/* page->type_info: the type, the validated bit, pinned bit, and a type count. */
#define PGT_none          (0UL << 60)
#define PGT_l1_page_table (1UL << 60)
#define PGT_l2_page_table (2UL << 60)
#define PGT_l3_page_table (3UL << 60)
#define PGT_l4_page_table (4UL << 60)
#define PGT_seg_desc_page (5UL << 60)
#define PGT_writable_page (7UL << 60)
#define PGT_type_mask     (7UL << 60)
#define PGT_validated     (1UL << 59)
#define PGT_pinned        (1UL << 58)
#define PGT_count_mask    ((1UL << 32) - 1)

/** Page-table type of a level (1..4). */
static inline unsigned long pgt_of_level(unsigned int level)
{
    return (unsigned long)level << 60;
}

/** Take a general reference on a frame d owns; false if it is not d's. */
bool get_page(struct page_info *pg, const struct domain *d);
void put_page(struct page_info *pg);

/**
 * Take a type reference: the first one of a type validates the page (for page
 * tables: every entry). Fails (-EINVAL) if the page currently has another type.
 */
int get_page_type(struct page_info *pg, unsigned long type, struct domain *d);
void put_page_type(struct page_info *pg);

/** Both of the above together; undone on failure. */
int get_page_and_type(struct page_info *pg, struct domain *d, unsigned long type);
void put_page_and_type(struct page_info *pg);

/** Write the hypervisor's slots (the upper-half hole) into a guest L4 table. */
void init_xen_l4_slots(pte_t *l4);

/**
 * The L1 table page that maps va under the L4 table l4 (a guest's validated
 * tables, walked without references), or NULL where an entry above is absent,
 * a superpage or not RAM. pv_mm_lock held.
 */
struct page_info *pv_l1_table_of(mfn_t l4, unsigned long va);

/** The M2P table (machine frame -> guest frame) as the hypervisor writes it. */
#define m2p_table         ((unsigned long *)RDWR_MPT_VIRT_START)
#define INVALID_M2P_ENTRY (~0UL)

/** Allocate and map the M2P, read-write and read-only (guest-visible). */
void setup_m2p_table(void);

/**
 * The M2P is made of 2 MiB chunks of contiguous machine frames: the first frame
 * of chunk i (covering entries [i << 18, (i + 1) << 18)), or INVALID_MFN_RAW
 * past the last chunk.
 */
unsigned long m2p_chunk_mfn(unsigned long i);
#define INVALID_MFN_RAW (~0UL)

#endif /* ASM_X86_PV_MM_H */
