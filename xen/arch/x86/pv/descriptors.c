/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A PV vCPU's own GDT and LDT: set_gdt installs up to 14 guest frames below
 * the hypervisor's reserved GDT page, MMUEXT_SET_LDT up to 16 pages of LDT,
 * update_descriptor edits one entry. Every descriptor a guest can load is
 * checked first: no system descriptors, code and data segments at DPL 3.
 * Frames in use get the seg_desc page type, so the guest can never map them
 * writable meanwhile (the hypervisor's windows map them writable: the CPU sets
 * accessed bits in them).
 *
 * Each vCPU has 32 pages in the per-domain area. The first 16 are its GDT:
 * guest frames, then a zero page, and at page 14 the hypervisor's GDT page of
 * its CPU. The next 16 are its LDT: the guest's LDT frames, zero pages after.
 * The mappings are global and a vCPU's window is its own: a CPU the vCPU
 * arrives on from another drops whatever it cached of the window before.
 */
#include <asm/config.h>
#include <asm/desc.h>
#include <asm/domain.h>
#include <asm/guest_access.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/pv_mm.h>
#include <public/xen.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/spinlock.h>
#include <xen/string.h>

#define PERDOMAIN_VIRT_START 0xffff820000000000UL
#define GDT_WINDOW_SIZE      (GDT_PAGES * PAGE_SIZE)
#define LDT_PAGES            (LDT_MAX_ENTRIES * LDT_ENTRY_SIZE / PAGE_SIZE)
#define VCPU_WINDOW_PAGES    (GDT_PAGES + LDT_PAGES)
#define NO_CPU               (~0u)

extern spinlock_t pv_mm_lock;

static unsigned long next_gdt_slot;
static mfn_t zero_page = {INVALID_MFN_RAW};
static bool cpu_ldt_loaded[NR_CPUS]; /* the CPU's LDTR holds a guest LDT */

#define DESC_P      (1UL << 47)
#define DESC_S      (1UL << 44)
#define DESC_DPL(d) (((d) >> 45) & 3)

/**
 * Make descriptor *d safe for a ring-3 guest, or say it cannot be: returns
 * false for a present system descriptor (gates, TSS, LDT are the hypervisor's).
 */
bool pv_check_descriptor(uint64_t *d);

bool pv_check_descriptor(uint64_t *d)
{
    if ( !(*d & DESC_P) )
        return true;
    if ( !(*d & DESC_S) )
        return false;
    *d |= 3UL << 45; /* a ring-3 kernel's segments are DPL 3 */
    return true;
}

/** Validate every descriptor of a page becoming a descriptor table. */
int pv_validate_desc_page(struct page_info *pg);

int pv_validate_desc_page(struct page_info *pg)
{
    uint64_t *t = arch_mfn_to_virt(mfn_x(page_to_mfn(pg)));

    for ( unsigned int i = 0; i < PAGE_SIZE / 8; i++ )
        if ( !pv_check_descriptor(&t[i]) )
            return -EINVAL;
    return 0;
}

static unsigned long gdt_window(const struct vcpu *v)
{
    return PERDOMAIN_VIRT_START + v->arch->gdt_slot * VCPU_WINDOW_PAGES * PAGE_SIZE;
}

static unsigned long ldt_window(const struct vcpu *v)
{
    return gdt_window(v) + GDT_WINDOW_SIZE;
}

/* Point window page i at frame mfn (read-only to the hypervisor unless rw). */
static void map_gdt_page(const struct vcpu *v, unsigned int i, mfn_t mfn, bool rw)
{
    if ( map_pages_to_xen(gdt_window(v) + i * PAGE_SIZE, mfn, 1,
                          rw ? PAGE_HYPERVISOR_RW : (PAGE_HYPERVISOR_RW & ~_PAGE_RW)) )
        panic("No memory for a vCPU's GDT window\n");
}

static unsigned long gdt_slot_alloc(void);

/** Reserve v's GDT window and fill it: no guest frames yet. */
int pv_vcpu_gdt_init(struct vcpu *v);

int pv_vcpu_gdt_init(struct vcpu *v)
{
    if ( !mfn_valid(zero_page) )
    {
        void *z = alloc_xenheap_pages(0);

        if ( z == NULL )
            return -ENOMEM;
        memset(z, 0, PAGE_SIZE);
        zero_page = _mfn(arch_virt_to_mfn(z));
    }
    v->arch->gdt_slot = gdt_slot_alloc();
    for ( unsigned int i = 0; i < VCPU_WINDOW_PAGES; i++ )
        map_gdt_page(v, i, zero_page, false);
    /* A reused window may still be cached where its last vCPU ran: the first load drops it. */
    v->arch->gdt_cpu = NO_CPU;
    return 0;
}

/* Load v's LDT (or none) into this CPU's LDTR; interrupts off. */
static void load_vcpu_ldt(const struct vcpu *v, unsigned int cpu)
{
    uint64_t *slot = cpu_gdt_page(cpu) + (LDT_SELECTOR >> 3) - FIRST_RESERVED_GDT_ENTRY;

    if ( v->arch->ldt_nr_frames )
    {
        sys_desc_write(slot, ldt_window(v), (uint32_t)(v->arch->ldt_ents * LDT_ENTRY_SIZE - 1),
                       SYS_TYPE_LDT);
        __asm__ __volatile__("lldt %w0" : : "r"(LDT_SELECTOR) : "memory");
        cpu_ldt_loaded[cpu] = true;
    }
    else if ( cpu_ldt_loaded[cpu] )
    {
        __asm__ __volatile__("lldt %w0" : : "r"(0) : "memory");
        cpu_ldt_loaded[cpu] = false;
    }
}

/** Load v's GDT on this CPU (it is about to run v). */
void pv_load_vcpu_gdt(struct vcpu *v);

void pv_load_vcpu_gdt(struct vcpu *v)
{
    unsigned int cpu = smp_processor_id();

    /*
     * Moved here from another CPU: the reserved entries (TSS, ...) are this
     * CPU's, and what this CPU cached of the window from an earlier stay (or
     * from the window's previous vCPU) may be stale since.
     */
    if ( v->arch->gdt_cpu != cpu )
    {
        map_gdt_page(v, FIRST_RESERVED_GDT_PAGE, _mfn(arch_virt_to_mfn(cpu_gdt_page(cpu))), true);
        for ( unsigned int i = 0; i < VCPU_WINDOW_PAGES; i++ )
            __asm__ __volatile__("invlpg (%0)" : : "r"(gdt_window(v) + i * PAGE_SIZE) : "memory");
        v->arch->gdt_cpu = cpu;
    }
    load_gdt(gdt_window(v));
    load_vcpu_ldt(v, cpu);
}

/* Drop v's guest GDT frames (pv_mm_lock held). */
static void release_gdt(struct vcpu *v)
{
    struct arch_vcpu *a = v->arch;

    for ( unsigned int i = 0; i < a->gdt_nr_frames; i++ )
    {
        map_gdt_page(v, i, zero_page, false);
        put_page_and_type(mfn_to_page(a->gdt_frames[i]));
    }
    a->gdt_nr_frames = 0;
    a->gdt_ents = 0;
}

/* Drop v's LDT frames (pv_mm_lock held); the LDTR is the caller's business. */
static void release_ldt(struct vcpu *v)
{
    struct arch_vcpu *a = v->arch;

    for ( unsigned int i = 0; i < a->ldt_nr_frames; i++ )
    {
        map_gdt_page(v, GDT_PAGES + i, zero_page, false);
        put_page_and_type(mfn_to_page(a->ldt_frames[i]));
    }
    a->ldt_nr_frames = 0;
    a->ldt_base = 0;
    a->ldt_ents = 0;
}

/* The frame guest address va of v's domain is mapped to by kernel tables `table`, or NULL. */
static struct page_info *guest_frame_of(mfn_t table, unsigned long va)
{
    struct page_info *l1 = pv_l1_table_of(table, va);
    pte_t e;

    if ( l1 == NULL )
        return NULL;
    e = ((pte_t *)arch_mfn_to_virt(mfn_x(page_to_mfn(l1))))[pt_index(va, 1)];
    return pte_present(e) && mfn_valid(pte_mfn(e)) ? mfn_to_page(pte_mfn(e)) : NULL;
}

/**
 * Give vCPU v the LDT of `ents` descriptors at guest address base (page
 * aligned, all in the guest's range, at most LDT_MAX_ENTRIES: -EINVAL
 * otherwise), 0 for none, its pages found through kernel page tables
 * `table` (v's own for MMUEXT_SET_LDT, the new ones for a new context) and
 * typed seg_desc at once: all or none, -EINVAL if one is missing, not the
 * domain's or mapped writable (Xen 4.17 types them at first use and faults
 * then). The old LDT is released. v is the running vCPU, or one not running
 * whose window the caller flushes. pv_mm_lock held, interrupts off.
 */
int pv_set_ldt_in(struct vcpu *v, mfn_t table, unsigned long base, unsigned long ents);

int pv_set_ldt_in(struct vcpu *v, mfn_t table, unsigned long base, unsigned long ents)
{
    struct page_info *pages[LDT_PAGES];
    unsigned int nr, i;

    if ( (base & (PAGE_SIZE - 1)) || ents > LDT_MAX_ENTRIES ||
         (ents && !guest_range_ok(base, ents * LDT_ENTRY_SIZE)) )
        return -EINVAL;
    nr = (unsigned int)((ents * LDT_ENTRY_SIZE + PAGE_SIZE - 1) / PAGE_SIZE);
    for ( i = 0; i < nr; i++ )
    {
        pages[i] = guest_frame_of(table, base + i * PAGE_SIZE);
        if ( pages[i] == NULL || get_page_and_type(pages[i], v->domain, PGT_seg_desc_page) )
            break;
    }
    if ( i < nr )
    {
        while ( i-- > 0 )
            put_page_and_type(pages[i]);
        return -EINVAL;
    }
    release_ldt(v);
    for ( i = 0; i < nr; i++ )
    {
        v->arch->ldt_frames[i] = page_to_mfn(pages[i]);
        map_gdt_page(v, GDT_PAGES + i, page_to_mfn(pages[i]), true);
    }
    v->arch->ldt_nr_frames = nr;
    v->arch->ldt_base = nr ? base : 0;
    v->arch->ldt_ents = nr ? ents : 0;
    if ( v == current )
    {
        for ( i = 0; i < LDT_PAGES; i++ )
            __asm__ __volatile__("invlpg (%0)" : : "r"(ldt_window(v) + i * PAGE_SIZE) : "memory");
        load_vcpu_ldt(v, smp_processor_id());
    }
    /* Elsewhere the window is refreshed when v arrives (gdt_cpu != cpu) or was flushed. */
    return 0;
}

/**
 * Give v the GDT of `entries` descriptors in frames[] (frames of v's domain,
 * each typed seg_desc and referenced here), releasing the old one; all frames
 * or none (-EINVAL). The caller flushes the TLBs that may map v's window.
 */
int pv_set_gdt(struct vcpu *v, const unsigned long *frames, unsigned int entries);

int pv_set_gdt(struct vcpu *v, const unsigned long *frames, unsigned int entries)
{
    struct domain *d = v->domain;
    unsigned int nr = (entries + 511) / 512, i;
    unsigned long flags;
    int rc = 0;

    if ( entries > FIRST_RESERVED_GDT_ENTRY )
        return -EINVAL;
    flags = spin_lock_irqsave(&pv_mm_lock);
    for ( i = 0; i < nr; i++ )
        if ( !mfn_valid(_mfn(frames[i])) ||
             get_page_and_type(mfn_to_page(_mfn(frames[i])), d, PGT_seg_desc_page) )
        {
            rc = -EINVAL;
            break;
        }
    if ( rc )
    {
        while ( i-- > 0 )
            put_page_and_type(mfn_to_page(_mfn(frames[i])));
    }
    else
    {
        release_gdt(v);
        for ( i = 0; i < nr; i++ )
        {
            v->arch->gdt_frames[i] = _mfn(frames[i]);
            map_gdt_page(v, i, _mfn(frames[i]), true);
        }
        v->arch->gdt_nr_frames = nr;
        v->arch->gdt_ents = entries;
    }
    spin_unlock_irqrestore(&pv_mm_lock, flags);
    return rc;
}

long do_set_gdt(uint64_t frame_list, unsigned int entries);

long do_set_gdt(uint64_t frame_list, unsigned int entries)
{
    unsigned long frames[FIRST_RESERVED_GDT_PAGE];
    int rc;

    if ( entries > FIRST_RESERVED_GDT_ENTRY )
        return -EINVAL;
    if ( copy_from_guest_va(frames, frame_list, ((entries + 511) / 512) * sizeof(frames[0])) )
        return -EFAULT;
    rc = pv_set_gdt(current, frames, entries);
    flush_tlb_local();
    return rc;
}

/* GDT windows of destroyed vCPUs (slot numbers), reused before new ones are cut from the area. */
#define GDT_FREE_SLOTS 256
static unsigned long gdt_free_slots[GDT_FREE_SLOTS];
static unsigned int gdt_nr_free;
static DEFINE_SPINLOCK(gdt_slot_lock);

/* A window for a new vCPU: a destroyed vCPU's, else a fresh one. */
static unsigned long gdt_slot_alloc(void)
{
    unsigned long flags = spin_lock_irqsave(&gdt_slot_lock), slot;

    slot = gdt_nr_free ? gdt_free_slots[--gdt_nr_free]
                       : __atomic_fetch_add(&next_gdt_slot, 1, __ATOMIC_SEQ_CST);
    spin_unlock_irqrestore(&gdt_slot_lock, flags);
    return slot;
}

/** Release v's GDT frames and give its window back (v is being destroyed, not running). */
void pv_vcpu_gdt_destroy(struct vcpu *v);

void pv_vcpu_gdt_destroy(struct vcpu *v)
{
    unsigned long flags = spin_lock_irqsave(&pv_mm_lock);

    release_gdt(v);
    release_ldt(v);
    spin_unlock_irqrestore(&pv_mm_lock, flags);
    flags = spin_lock_irqsave(&gdt_slot_lock);
    /* Past GDT_FREE_SLOTS free windows, the window stays unused (the area has millions). */
    if ( gdt_nr_free < GDT_FREE_SLOTS )
        gdt_free_slots[gdt_nr_free++] = v->arch->gdt_slot;
    spin_unlock_irqrestore(&gdt_slot_lock, flags);
}

/** Drop v's GDT and LDT frames, keeping its window (vCPU reset; v is not running). */
void pv_vcpu_gdt_release(struct vcpu *v);

void pv_vcpu_gdt_release(struct vcpu *v)
{
    unsigned long flags = spin_lock_irqsave(&pv_mm_lock);

    release_gdt(v);
    release_ldt(v);
    spin_unlock_irqrestore(&pv_mm_lock, flags);
}

/** Drop v's LDT (a new context for v, which is not running, says it has none). */
void pv_vcpu_ldt_release(struct vcpu *v);

void pv_vcpu_ldt_release(struct vcpu *v)
{
    unsigned long flags = spin_lock_irqsave(&pv_mm_lock);

    release_ldt(v);
    spin_unlock_irqrestore(&pv_mm_lock, flags);
}

long do_update_descriptor(uint64_t maddr, uint64_t desc);

long do_update_descriptor(uint64_t maddr, uint64_t desc)
{
    struct domain *d = current->domain;
    mfn_t mfn = _mfn(maddr >> PAGE_SHIFT);
    struct page_info *pg;
    unsigned long flags;
    int rc = 0;

    if ( (maddr & 7) || !mfn_valid(mfn) || !pv_check_descriptor(&desc) )
        return -EINVAL;
    pg = mfn_to_page(mfn);
    flags = spin_lock_irqsave(&pv_mm_lock);
    if ( !get_page(pg, d) )
        rc = -EINVAL;
    else
    {
        bool in_use = (pg->type_info & PGT_type_mask) == PGT_seg_desc_page &&
                      (pg->type_info & PGT_count_mask);

        if ( in_use || (rc = get_page_type(pg, PGT_writable_page, d)) == 0 )
        {
            uint64_t *t = arch_mfn_to_virt(mfn_x(mfn));

            __atomic_store_n(&t[(maddr & (PAGE_SIZE - 1)) / 8], desc, __ATOMIC_SEQ_CST);
            if ( !in_use )
                put_page_type(pg);
        }
        else
            rc = -EINVAL;
        put_page(pg);
    }
    spin_unlock_irqrestore(&pv_mm_lock, flags);
    return rc;
}
