/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PV page-table side of grant mappings (the hooks of xen/grant_table.h):
 * frame references for granted frames, and host mappings written into the
 * grantee's L1 tables. A host mapping's entry holds the same references an
 * ordinary entry does (general, plus writable type when writable) but on the
 * granter's frame; whoever removes the entry drops them.
 *
 * Locking: every reference change here is made under pv_mm_lock (pv/mm.c).
 */
#include <asm/current.h>
#include <asm/domain.h>
#include <asm/guest_access.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/pv_mm.h>
#include <public/grant_table.h>
#include <xen/grant_table.h>
#include <xen/sched.h>
#include <xen/spinlock.h>

extern spinlock_t pv_mm_lock;
unsigned int pv_table_level(const struct page_info *pg);
pte_t pv_l1e_exchange(struct page_info *pg, unsigned int slot, pte_t val);
void pv_put_l1e(pte_t e);
void flush_tlb_all(void);

/* Bits of the PTE the guest may choose through GNTMAP_guest_avail (9..11). */
#define GRANT_PTE_AVAIL_SHIFT 9
#define GRANT_PTE_AVAIL_MASK  0x7UL

int arch_grant_get_frame(struct domain *owner, unsigned long frame, bool writable, mfn_t *mfn)
{
    struct page_info *pg;
    unsigned long irq;
    int rc = GNTST_okay;

    if ( !mfn_valid(_mfn(frame)) )
        return GNTST_bad_page;
    pg = mfn_to_page(_mfn(frame));
    irq = spin_lock_irqsave(&pv_mm_lock);
    if ( !get_page(pg, owner) )
        rc = GNTST_bad_page;
    else if ( writable && get_page_type(pg, PGT_writable_page, owner) )
    {
        put_page(pg);
        rc = GNTST_general_error;
    }
    spin_unlock_irqrestore(&pv_mm_lock, irq);
    *mfn = _mfn(frame);
    return rc;
}

void arch_grant_put_frame(mfn_t mfn, bool writable)
{
    struct page_info *pg = mfn_to_page(mfn);
    unsigned long irq = spin_lock_irqsave(&pv_mm_lock);

    if ( writable )
        put_page_type(pg);
    put_page(pg);
    spin_unlock_irqrestore(&pv_mm_lock, irq);
}

/*
 * The L1 table page (referenced) and slot that addr names for v: the machine
 * address of an entry (is_pte) or a virtual address in v's current tables.
 * NULL unless it is an L1 table of v's domain. pv_mm_lock held.
 */
static struct page_info *l1_slot(struct vcpu *v, uint64_t addr, bool is_pte, unsigned int *slot)
{
    struct page_info *pg;

    if ( is_pte )
    {
        mfn_t mfn = _mfn(addr >> PAGE_SHIFT);

        if ( (addr & (sizeof(pte_t) - 1)) || !mfn_valid(mfn) )
            return NULL;
        pg = mfn_to_page(mfn);
        *slot = (addr & (PAGE_SIZE - 1)) / sizeof(pte_t);
    }
    else
    {
        mfn_t table = v->arch->guest_table;

        /* Non-canonical addresses and the hypervisor's range have no guest entry. */
        if ( !guest_range_ok(addr, 1) )
            return NULL;
        for ( unsigned int level = 4; level > 1; level-- )
        {
            pte_t e = ((pte_t *)arch_mfn_to_virt(mfn_x(table)))[pt_index(addr, level)];

            if ( !pte_present(e) || pte_is_superpage(e) || !mfn_valid(pte_mfn(e)) )
                return NULL;
            table = pte_mfn(e);
        }
        pg = mfn_to_page(table);
        *slot = pt_index(addr, 1);
    }
    if ( !get_page(pg, v->domain) )
        return NULL;
    if ( pv_table_level(pg) != 1 )
    {
        put_page(pg);
        return NULL;
    }
    return pg;
}

static pte_t l1_read(struct page_info *pg, unsigned int slot)
{
    pte_t *t = arch_mfn_to_virt(mfn_x(page_to_mfn(pg)));

    return (pte_t){__atomic_load_n(&t[slot].raw, __ATOMIC_SEQ_CST)};
}

/* The entry of a grant mapping: a 64-bit PV kernel runs in ring 3, so always user. */
static pte_t grant_pte(mfn_t mfn, uint32_t flags)
{
    uint64_t f = _PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_USER | _PAGE_NX;

    if ( !(flags & GNTMAP_readonly) )
        f |= _PAGE_RW;
    f |= ((uint64_t)(flags >> _GNTMAP_guest_avail0) & GRANT_PTE_AVAIL_MASK)
         << GRANT_PTE_AVAIL_SHIFT;
    return pte_make(mfn, f);
}

int arch_grant_create_host_mapping(struct vcpu *v, uint64_t addr, mfn_t mfn, struct domain *owner,
                                   uint32_t flags, uint64_t *old)
{
    bool rw = !(flags & GNTMAP_readonly);
    struct page_info *l1, *pg = mfn_to_page(mfn);
    unsigned long irq = spin_lock_irqsave(&pv_mm_lock);
    unsigned int slot;
    int rc = GNTST_general_error;

    *old = 0;
    l1 = l1_slot(v, addr, flags & GNTMAP_contains_pte, &slot);
    if ( l1 == NULL )
        goto out;
    if ( mfn_valid(mfn) && get_page(pg, owner) )
    {
        if ( rw && get_page_type(pg, PGT_writable_page, owner) )
            put_page(pg); /* a page table or descriptor page: never writable */
        else
        {
            *old = pv_l1e_exchange(l1, slot, grant_pte(mfn, flags)).raw;
            rc = GNTST_okay;
        }
    }
    put_page(l1);
out:
    spin_unlock_irqrestore(&pv_mm_lock, irq);
    return rc;
}

int arch_grant_replace_host_mapping(struct vcpu *v, uint64_t addr, mfn_t mfn, uint32_t flags,
                                    uint64_t new_addr, uint64_t *old)
{
    bool is_pte = flags & GNTMAP_contains_pte;
    uint64_t want_rw = flags & GNTMAP_readonly ? 0 : _PAGE_RW;
    struct page_info *l1, *nl1 = NULL;
    unsigned long irq = spin_lock_irqsave(&pv_mm_lock);
    unsigned int slot, nslot = 0;
    int rc = GNTST_general_error;
    pte_t cur, moved = {0};

    *old = 0;
    if ( (l1 = l1_slot(v, addr, is_pte, &slot)) == NULL )
        goto out;
    if ( new_addr &&
         ((nl1 = l1_slot(v, new_addr, is_pte, &nslot)) == NULL || (nl1 == l1 && nslot == slot)) )
        goto out_put;
    /* The entry must still be the grant's mapping, with the grant's write permission. */
    cur = l1_read(l1, slot);
    if ( !pte_present(cur) || !mfn_eq(pte_mfn(cur), mfn) || (cur.raw & _PAGE_RW) != want_rw )
        goto out_put;
    if ( nl1 )
        moved = pv_l1e_exchange(nl1, nslot, (pte_t){0}); /* its references move with it */
    *old = pv_l1e_exchange(l1, slot, moved).raw;
    rc = GNTST_okay;
out_put:
    if ( nl1 )
        put_page(nl1);
    put_page(l1);
out:
    spin_unlock_irqrestore(&pv_mm_lock, irq);
    return rc;
}

void arch_grant_flush(struct domain *d)
{
    if ( d->max_vcpus > 1 )
        flush_tlb_all();
    else
        flush_tlb_local();
}

void arch_grant_release_entry(uint64_t old)
{
    unsigned long irq;

    if ( !pte_present((pte_t){old}) )
        return;
    irq = spin_lock_irqsave(&pv_mm_lock);
    pv_put_l1e((pte_t){old});
    spin_unlock_irqrestore(&pv_mm_lock, irq);
}
