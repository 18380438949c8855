/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A PV vCPU's own GDT: set_gdt installs up to 14 guest frames below the
 * hypervisor's reserved GDT page, update_descriptor edits one entry. Every
 * descriptor a guest can load is checked first: no system descriptors, code
 * and data segments at DPL 3. Frames in use get the seg_desc page type, so the
 * guest can never map them writable meanwhile (the hypervisor's window maps
 * them writable: the CPU sets accessed bits in them).
 *
 * Each vCPU's GDT is a 16-page window in the per-domain area: guest frames,
 * then a zero page, and at page 14 the hypervisor's GDT page of its CPU.
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

extern spinlock_t pv_mm_lock;

static unsigned long next_gdt_slot;
static mfn_t zero_page = {INVALID_MFN_RAW};

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
    return PERDOMAIN_VIRT_START + v->arch->gdt_slot * GDT_WINDOW_SIZE;
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
    for ( unsigned int i = 0; i < GDT_PAGES; i++ )
        map_gdt_page(v, i, zero_page, false);
    map_gdt_page(v, FIRST_RESERVED_GDT_PAGE, _mfn(arch_virt_to_mfn(cpu_gdt_page(v->processor))),
                 true);
    v->arch->gdt_cpu = v->processor;
    return 0;
}

/** Load v's GDT on this CPU (it is about to run v). */
void pv_load_vcpu_gdt(struct vcpu *v);

void pv_load_vcpu_gdt(struct vcpu *v)
{
    unsigned int cpu = smp_processor_id();

    /* Moved here from another CPU: the reserved entries (TSS, ...) are this CPU's. */
    if ( v->arch->gdt_cpu != cpu )
    {
        unsigned long va = gdt_window(v) + FIRST_RESERVED_GDT_PAGE * PAGE_SIZE;

        map_gdt_page(v, FIRST_RESERVED_GDT_PAGE, _mfn(arch_virt_to_mfn(cpu_gdt_page(cpu))), true);
        __asm__ __volatile__("invlpg (%0)" : : "r"(va) : "memory");
        v->arch->gdt_cpu = cpu;
    }
    load_gdt(gdt_window(v));
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
    spin_unlock_irqrestore(&pv_mm_lock, flags);
    flags = spin_lock_irqsave(&gdt_slot_lock);
    /* Past GDT_FREE_SLOTS free windows, the window stays unused (the area has millions). */
    if ( gdt_nr_free < GDT_FREE_SLOTS )
        gdt_free_slots[gdt_nr_free++] = v->arch->gdt_slot;
    spin_unlock_irqrestore(&gdt_slot_lock, flags);
}

/** Drop v's GDT frames, keeping its window (vCPU reset). */
void pv_vcpu_gdt_release(struct vcpu *v);

void pv_vcpu_gdt_release(struct vcpu *v)
{
    unsigned long flags = spin_lock_irqsave(&pv_mm_lock);

    release_gdt(v);
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
