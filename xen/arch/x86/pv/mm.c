/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PV page types and reference counts (see asm/pv_mm.h): the rules that keep a
 * guest from ever writing a page table directly or mapping what is not its own.
 *
 * Locking: pv_mm_lock serialises every type change and page-table update; it is
 * taken by the hypercall entry points (mm_hypercalls.c) and the dom0 builder,
 * with interrupts off; under it only a domain's page_lock (a page freed by its
 * last put_page()) and heap_lock are taken.
 *
 * Stale TLB entries: a guest's writable translation of a page may outlive
 * the entry it came from in another CPU's TLB. So the moment the last
 * writable mapping goes is stamped on the TLB-flush clock, and before the
 * page becomes a page table or descriptor page the CPUs that have not
 * flushed since are (tlbflush_filtered(): safe under this lock, as a CPU
 * spinning for it serves the flush). Freed pages: page_alloc.c.
 */
#include <asm/config.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/pv_mm.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/rangeset.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <xen/string.h>
#include <xen/tlbflush.h>

DEFINE_SPINLOCK(pv_mm_lock);

/* MMIO frames guests may map read-only only (mmio_ro_add()); changed under pv_mm_lock. */
static struct rangeset mmio_ro_frames;

/* Guest page-table entries may not use these bits: reserved, or PSE (no superpages). */
#define L1_DISALLOW_MASK 0x7ff0000000000000UL /* bits 52-62 */
#define LX_DISALLOW_MASK (0x7ff0000000000000UL | _PAGE_PSE)

/* L4 slots the hypervisor owns: 256..271 (its part of the upper half). */
#define FIRST_XEN_L4_SLOT 256
#define LAST_XEN_L4_SLOT  271

static bool is_guest_l4_slot(unsigned int slot)
{
    return slot < FIRST_XEN_L4_SLOT || slot > LAST_XEN_L4_SLOT;
}

bool get_page(struct page_info *pg, const struct domain *d)
{
    /*
     * A frame d gave back (no allocation flag) is still d's while anything
     * references it, and may be referenced again, as with Xen 4.17.
     */
    if ( pg->v.owner != d || page_state(pg) != PGC_state_inuse ||
         (pg->count_info & PGC_count_mask) == 0 )
        return false;
    if ( (pg->count_info & PGC_count_mask) == PGC_count_mask )
        return false;
    pg->count_info++;
    return true;
}

void put_page(struct page_info *pg)
{
    if ( (pg->count_info & PGC_count_mask) == 0 )
        panic("put_page: frame %#lx has no reference\n", mfn_x(page_to_mfn(pg)));
    pg->count_info--;
    /* The last reference to a page its domain gave up (arch_release_page()) frees it. */
    if ( (pg->count_info & (PGC_count_mask | PGC_allocated)) == 0 && pg->v.owner )
    {
        m2p_table[mfn_x(page_to_mfn(pg))] = INVALID_M2P_ENTRY;
        free_domheap_page(pg);
    }
}

/* The table page as hypervisor-addressable entries. */
static pte_t *table_of(struct page_info *pg)
{
    return arch_mfn_to_virt(mfn_x(page_to_mfn(pg)));
}

/** Whether mfn is RAM per the firmware map, and the CPU's address width (x86 mm.c). */
bool page_is_ram(unsigned long mfn);
extern unsigned int paddr_bits;

static int get_page_from_entry(pte_t e, unsigned int level, mfn_t table, struct domain *d,
                               struct domain *pg_owner);
static void put_page_from_entry(pte_t e, unsigned int level, mfn_t table);

int mmio_ro_add(unsigned long first, unsigned long last)
{
    unsigned long flags = spin_lock_irqsave(&pv_mm_lock);
    int rc = rangeset_add(&mmio_ro_frames, first, last);

    spin_unlock_irqrestore(&pv_mm_lock, flags);
    return rc;
}

bool mmio_ro_contains(unsigned long mfn)
{
    return rangeset_contains(&mmio_ro_frames, mfn, mfn);
}

/*
 * A validated guest entry as it is stored: the guest kernel runs in ring 3,
 * so its mappings are user and never global; read-only MMIO is mapped
 * read-only whatever the guest asked.
 */
static pte_t stored_entry(pte_t e, unsigned int level)
{
    if ( !pte_present(e) )
        return e;
    e.raw |= _PAGE_USER;
    if ( level == 1 )
    {
        e.raw &= ~_PAGE_GLOBAL;
        if ( (e.raw & _PAGE_RW) && mmio_ro_contains(mfn_x(pte_mfn(e))) )
            e.raw &= ~_PAGE_RW;
    }
    return e;
}

/* Validate every guest entry of a table page of the given level. */
static int validate_table(struct page_info *pg, unsigned int level, struct domain *d)
{
    pte_t *t = table_of(pg);

    for ( unsigned int i = 0; i < PAGETABLE_ENTRIES; i++ )
    {
        int rc;

        if ( level == 4 && !is_guest_l4_slot(i) )
            continue;
        rc = get_page_from_entry(t[i], level, page_to_mfn(pg), d, d);
        if ( rc )
        {
            while ( i-- > 0 )
                if ( level != 4 || is_guest_l4_slot(i) )
                    put_page_from_entry(t[i], level, page_to_mfn(pg));
            return rc;
        }
        t[i] = stored_entry(t[i], level);
    }
    if ( level == 4 )
        init_xen_l4_slots(t);
    return 0;
}

static void devalidate_table(struct page_info *pg, unsigned int level)
{
    pte_t *t = table_of(pg);

    for ( unsigned int i = 0; i < PAGETABLE_ENTRIES; i++ )
        if ( level != 4 || is_guest_l4_slot(i) )
            put_page_from_entry(t[i], level, page_to_mfn(pg));
}

static unsigned int level_of_type(unsigned long type)
{
    unsigned long t = type & PGT_type_mask;

    return t >= PGT_l1_page_table && t <= PGT_l4_page_table ? (unsigned int)(t >> 60) : 0;
}

int pv_validate_desc_page(struct page_info *pg);

int get_page_type(struct page_info *pg, unsigned long type, struct domain *d)
{
    unsigned long x = pg->type_info;
    unsigned int level = level_of_type(type);
    int rc;

    if ( (x & PGT_count_mask) == 0 )
    {
        /*
         * Becoming a page table or descriptor page: no CPU may still cache a
         * writable translation from before its last writable mapping went.
         */
        if ( type != PGT_writable_page && pg->tlbflush_timestamp )
        {
            tlbflush_filtered(cpu_online_map, pg->tlbflush_timestamp);
            pg->tlbflush_timestamp = 0;
        }
        pg->type_info = type | 1; /* claimed, not yet validated */
        if ( level || type == PGT_seg_desc_page )
        {
            rc = level ? validate_table(pg, level, d) : pv_validate_desc_page(pg);
            if ( rc )
            {
                pg->type_info = 0;
                return rc;
            }
        }
        pg->type_info |= PGT_validated;
        return 0;
    }
    if ( (x & PGT_type_mask) != type || !(x & PGT_validated) )
        return -EBUSY; /* another type, or a table referring to itself */
    if ( (x & PGT_count_mask) == PGT_count_mask )
        return -EINVAL;
    pg->type_info++;
    return 0;
}

void put_page_type(struct page_info *pg)
{
    unsigned long x = pg->type_info;

    if ( (x & PGT_count_mask) == 0 )
        panic("put_page_type: frame %#lx has no type reference\n", mfn_x(page_to_mfn(pg)));
    if ( (x & PGT_count_mask) == 1 )
    {
        unsigned int level = level_of_type(x);

        if ( level && (x & PGT_validated) )
            devalidate_table(pg, level);
        else if ( (x & PGT_type_mask) == PGT_writable_page )
            pg->tlbflush_timestamp = tlbflush_stamp(); /* its last writable mapping is gone */
        pg->type_info = 0;
        return;
    }
    pg->type_info--;
}

int get_page_and_type(struct page_info *pg, struct domain *d, unsigned long type)
{
    int rc;

    if ( !get_page(pg, d) )
        return -EINVAL;
    rc = get_page_type(pg, type, d);
    if ( rc )
        put_page(pg);
    return rc;
}

void put_page_and_type(struct page_info *pg)
{
    put_page_type(pg);
    put_page(pg);
}

/*
 * A RAM frame of the first MiB that belongs to no domain: the heap starts at
 * 1 MiB, so these are the firmware's (BIOS data area, EBDA, option ROMs) and
 * the boot-time AP trampoline. The hardware domain maps them as it maps MMIO,
 * without references (Linux reads the BDA, EBDA, MP tables and ROMs).
 */
static bool is_low_firmware_frame(mfn_t mfn)
{
    return mfn_x(mfn) < (1UL << (20 - PAGE_SHIFT)) && mfn_to_page(mfn)->v.owner == NULL &&
           page_state(mfn_to_page(mfn)) == PGC_state_inuse;
}

/*
 * A linear page table: an upper entry (L2..L4) naming the very table it is
 * in, so the table shows itself one level down (a recursive L4 slot, an L2
 * mapping its L1s as pages). Allowed read-only, as Xen's pv-linear-pt does,
 * without references (the table holds itself); writable, never. An entry
 * naming another table of its own level stays refused: chains of those are
 * what Xen's XSA-240 had to bound.
 */
static bool is_self_entry(pte_t e, unsigned int level, mfn_t table)
{
    return level >= 2 && pte_present(e) && mfn_eq(pte_mfn(e), table);
}

/*
 * Take the references entry e of a level-`level` table of d (frame `table`)
 * needs. The frame an L1 entry maps must be pg_owner's (d itself, or the
 * domain a privileged d names in mmu_update's FOREIGNDOM); a table an upper
 * entry names, d's.
 */
static int get_page_from_entry(pte_t e, unsigned int level, mfn_t table, struct domain *d,
                               struct domain *pg_owner)
{
    mfn_t mfn = pte_mfn(e);
    struct page_info *pg;

    if ( !pte_present(e) )
        return 0;
    if ( e.raw & (level == 1 ? L1_DISALLOW_MASK : LX_DISALLOW_MASK) )
        return -EINVAL;

    if ( level == 1 )
    {
        if ( mfn_x(mfn) >> (paddr_bits - PAGE_SHIFT) )
            return -EPERM; /* beyond what the machine can address */
        if ( !mfn_valid(mfn) || !page_is_ram(mfn_x(mfn)) )
            /*
             * MMIO: the frames the domain was given (iomem_permission; dom0's
             * by the builder); through DOMID_IO, the caller's.
             */
            return rangeset_contains(pg_owner == &dom_io ? &d->iomem_caps : &pg_owner->iomem_caps,
                                     mfn_x(mfn), mfn_x(mfn))
                       ? 0
                       : -EPERM;
        if ( is_low_firmware_frame(mfn) )
            return pg_owner->is_privileged ? 0 : -EBUSY; /* BIOS data, EBDA, ROMs: dom0's */
        pg = mfn_to_page(mfn);
        if ( !get_page(pg, pg_owner) )
            return -EBUSY; /* RAM that is not this domain's */
        if ( (e.raw & _PAGE_RW) && get_page_type(pg, PGT_writable_page, pg_owner) )
        {
            put_page(pg);
            return -EBUSY; /* a page table, or another typed page */
        }
        return 0;
    }
    if ( is_self_entry(e, level, table) )
        return e.raw & _PAGE_RW ? -EINVAL : 0;
    if ( !mfn_valid(mfn) )
        return -EINVAL;
    pg = mfn_to_page(mfn);
    /* A frame already typed otherwise cannot be a table here (as Xen: -EINVAL). */
    if ( (pg->type_info & PGT_count_mask) &&
         (pg->type_info & PGT_type_mask) != pgt_of_level(level - 1) )
        return -EINVAL;
    return get_page_and_type(pg, d, pgt_of_level(level - 1));
}

static void put_page_from_entry(pte_t e, unsigned int level, mfn_t table)
{
    mfn_t mfn = pte_mfn(e);
    struct page_info *pg;

    if ( !pte_present(e) || !mfn_valid(mfn) || is_self_entry(e, level, table) )
        return;
    pg = mfn_to_page(mfn);
    if ( level == 1 )
    {
        if ( !page_is_ram(mfn_x(mfn)) || is_low_firmware_frame(mfn) )
            return; /* no references were taken */
        if ( e.raw & _PAGE_RW )
            put_page_type(pg);
        put_page(pg);
        return;
    }
    put_page_and_type(pg);
}

/**
 * Replace entry slot of table page pg (level, owned by d) with val, taking the
 * references the new entry needs and dropping the old entry's. pv_mm_lock held.
 */
int pv_update_entry(struct page_info *pg, unsigned int level, unsigned int slot, pte_t val,
                    struct domain *d);

/**
 * As pv_update_entry(), but an L1 entry maps a frame of pg_owner (mmu_update
 * with FOREIGNDOM from a privileged domain; the usual page-type rules apply:
 * never a writable mapping of a page table).
 */
int pv_update_entry_foreign(struct page_info *pg, unsigned int level, unsigned int slot, pte_t val,
                            struct domain *d, struct domain *pg_owner);

int pv_update_entry(struct page_info *pg, unsigned int level, unsigned int slot, pte_t val,
                    struct domain *d)
{
    return pv_update_entry_foreign(pg, level, slot, val, d, d);
}

int pv_update_entry_foreign(struct page_info *pg, unsigned int level, unsigned int slot, pte_t val,
                            struct domain *d, struct domain *pg_owner)
{
    pte_t *t = table_of(pg);
    pte_t old = t[slot];
    int rc;

    if ( level == 4 && !is_guest_l4_slot(slot) )
        return -EINVAL;
    rc = get_page_from_entry(val, level, page_to_mfn(pg), d, level == 1 ? pg_owner : d);
    if ( rc )
        return rc;
    val = stored_entry(val, level);
    __atomic_store_n(&t[slot].raw, val.raw, __ATOMIC_SEQ_CST);
    put_page_from_entry(old, level, page_to_mfn(pg));
    return 0;
}

/** The level of a validated page-table page (1..4), or 0 if it is not one. */
unsigned int pv_table_level(const struct page_info *pg);

unsigned int pv_table_level(const struct page_info *pg)
{
    if ( !(pg->type_info & PGT_validated) || (pg->type_info & PGT_count_mask) == 0 )
        return 0;
    return level_of_type(pg->type_info);
}

/**
 * For grant mappings (pv/grant_map.c): store val in slot of L1 table page pg
 * without taking references for it (the caller holds those that dropping the
 * entry releases: a general reference on its frame, plus a writable type
 * reference if it is writable) and return the entry replaced, whose
 * references pass to the caller. pv_mm_lock held.
 */
pte_t pv_l1e_exchange(struct page_info *pg, unsigned int slot, pte_t val);

pte_t pv_l1e_exchange(struct page_info *pg, unsigned int slot, pte_t val)
{
    return (pte_t){__atomic_exchange_n(&table_of(pg)[slot].raw, val.raw, __ATOMIC_SEQ_CST)};
}

/** Drop the references an L1 entry holds (see pv_l1e_exchange()). pv_mm_lock held. */
void pv_put_l1e(pte_t e);

void pv_put_l1e(pte_t e)
{
    put_page_from_entry(e, 1, INVALID_MFN);
}

struct page_info *pv_l1_table_of(mfn_t l4, unsigned long va)
{
    mfn_t table = l4;

    for ( unsigned int level = 4; level > 1; level-- )
    {
        pte_t e = table_of(mfn_to_page(table))[pt_index(va, level)];

        if ( !pte_present(e) || pte_is_superpage(e) || !mfn_valid(pte_mfn(e)) )
            return NULL;
        table = pte_mfn(e);
    }
    return mfn_to_page(table);
}
