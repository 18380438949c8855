/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The page-table hypercalls: mmu_update, update_va_mapping and mmuext_op. Each
 * request is copied in, checked against the page types (pv/mm.c), and only
 * then applied.
 */
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/domain.h>
#include <asm/guest_access.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/pv_mm.h>
#include <public/xen.h>
#include <xen/arch.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/spinlock.h>

extern spinlock_t pv_mm_lock;
int pv_update_entry(struct page_info *pg, unsigned int level, unsigned int slot, pte_t val,
                    struct domain *d);
int pv_update_entry_foreign(struct page_info *pg, unsigned int level, unsigned int slot, pte_t val,
                            struct domain *d, struct domain *pg_owner);
unsigned int pv_table_level(const struct page_info *pg);
void flush_tlb_all(void);
int pv_set_ldt_in(struct vcpu *v, mfn_t table, unsigned long base, unsigned long ents);

/** Largest batch one call handles; a guest batches more in several calls. */
/* Requests done between two looks at whether to continue later (softirqs, fairness). */
#define MAX_BATCH 4096
/*
 * A count with this bit is a continuation (ours, or one the guest forged, to
 * the same effect): the requests done so far are read back from *pdone.
 */
#define MMU_UPDATE_PREEMPTED (1u << 31)

/*
 * Whether replacing a table entry old by val calls for a TLB flush: a TLB never holds a
 * not-present entry, and one that keeps the same frame and differs only in RW, NX, Accessed
 * or Dirty leaves any cached copy naming the same frame, its rights the guest's own business
 * (Linux flushes after changing them, as on bare metal). The hypervisor's safety never rests
 * on this flush: a frame whose last writable mapping goes is stamped on the TLB-flush clock,
 * and CPUs that have not flushed since are flushed before it becomes a page table or a
 * descriptor table, or leaves the domain (pv/mm.c, page_alloc.c). Linux's boot changes the
 * rights of some 15000 kernel pages one mmu_update each: a flush of every CPU each time.
 */
static bool replace_needs_flush(uint64_t old, uint64_t val)
{
    const uint64_t guest_bits = _PAGE_RW | _PAGE_NX | _PAGE_ACCESSED | _PAGE_DIRTY;

    if ( !(old & _PAGE_PRESENT) || old == val )
        return false;
    return !(val & _PAGE_PRESENT) || ((old ^ val) & ~guest_bits);
}

/*
 * One MMU_NORMAL_PT_UPDATE: ptr is the machine address of the entry to change,
 * in a table of d; an L1 entry maps a frame of pg_owner. *flush is set when the
 * change calls for a TLB flush (replace_needs_flush()).
 */
static int normal_pt_update(struct domain *d, struct domain *pg_owner, uint64_t ptr, uint64_t val,
                            bool *flush)
{
    mfn_t mfn = _mfn(ptr >> PAGE_SHIFT);
    unsigned int slot = (ptr & (PAGE_SIZE - 1)) / sizeof(pte_t);
    struct page_info *pg;
    unsigned int level;
    int rc;

    if ( ptr & 7 )
        return -EINVAL;
    if ( !mfn_valid(mfn) || !get_page(pg = mfn_to_page(mfn), d) )
        return -EINVAL;
    level = pv_table_level(pg);
    if ( level )
    {
        uint64_t old = ((const uint64_t *)arch_mfn_to_virt(mfn_x(mfn)))[slot];

        *flush |= replace_needs_flush(old, val);
        rc = pv_update_entry_foreign(pg, level, slot, (pte_t){val}, d, pg_owner);
    }
    else if ( (rc = get_page_type(pg, PGT_writable_page, d)) == 0 )
    {
        /* An ordinary page: a plain write. */
        ((uint64_t *)arch_mfn_to_virt(mfn_x(mfn)))[slot] = val;
        put_page_type(pg);
    }
    put_page(pg);
    return rc;
}

long do_mmu_update(uint64_t ureqs, unsigned long count, uint64_t pdone, unsigned long foreigndom);

/*
 * The domain whose frames a request maps (FOREIGNDOM): the caller's own, or
 * any other for a privileged caller (the toolstack building or inspecting a
 * domain, privcmd's foreign mappings). A dying domain's frames are not mapped
 * anew. A privileged caller may also name DOMID_XEN (the hypervisor frames
 * shared read-only: the M2P) and DOMID_IO (MMIO its permissions allow).
 */
static int check_foreigndom(struct domain *d, unsigned long foreigndom, struct domain **pg_owner)
{
    domid_t fd = foreigndom & 0x7fff;
    struct domain *o;

    *pg_owner = d;
    if ( fd == DOMID_SELF )
        return 0;
    if ( fd == d->domain_id )
        return -ESRCH; /* as Xen: a domain names itself DOMID_SELF, never by its id */
    if ( fd == DOMID_XEN || fd == DOMID_IO )
    {
        if ( !d->is_privileged )
            return -EPERM;
        *pg_owner = fd == DOMID_XEN ? &dom_xen : &dom_io;
        return 0;
    }
    if ( (o = domain_lookup(fd)) == NULL )
        return -ESRCH;
    if ( !d->is_privileged )
        return -EPERM;
    if ( o->is_dying != DOMDYING_alive )
        return -EINVAL;
    *pg_owner = o;
    return 0;
}

/*
 * The count a batch hypercall runs (its low 32 bits, as in Xen's unsigned
 * int) and, for a continuation, the requests already done.
 */
static unsigned int batch_count(unsigned long arg, uint64_t pdone, unsigned int *done)
{
    unsigned int count = (unsigned int)arg;

    *done = 0;
    if ( count & MMU_UPDATE_PREEMPTED )
    {
        count &= ~MMU_UPDATE_PREEMPTED;
        if ( pdone && copy_from_guest_va(done, pdone, sizeof(*done)) )
            *done = 0; /* as Xen: an unreadable count starts from 0 */
    }
    return count;
}

/*
 * Every MAX_BATCH requests, before request i: true when the batch must stop
 * for a continuation, which was then set up to resume at request i of the
 * list with the rest of the count marked preempted.
 */
static bool batch_continue(uint64_t list, size_t size, unsigned int i, unsigned int count,
                           uint64_t pdone, unsigned long foreigndom)
{
    return i && i % MAX_BATCH == 0 &&
           arch_hypercall_continue(list + (uint64_t)i * size, (count - i) | MMU_UPDATE_PREEMPTED,
                                   pdone, foreigndom, 0);
}

long do_mmu_update(uint64_t ureqs, unsigned long count_arg, uint64_t pdone,
                   unsigned long foreigndom)
{
    struct domain *d = current->domain, *pg_owner;
    unsigned long flags;
    unsigned int done, count = batch_count(count_arg, pdone, &done), i;
    int rc = check_foreigndom(d, foreigndom, &pg_owner);
    bool flush = false, preempted = false;

    if ( rc )
        return rc;

    for ( i = 0; i < count; i++ )
    {
        struct mmu_update req;

        if ( batch_continue(ureqs, sizeof(req), i, count, pdone, foreigndom) )
        {
            preempted = true;
            break;
        }

        if ( copy_from_guest_va(&req, ureqs + i * sizeof(req), sizeof(req)) )
        {
            rc = -EFAULT;
            break;
        }
        flags = spin_lock_irqsave(&pv_mm_lock);
        switch ( req.ptr & 3 )
        {
        case MMU_NORMAL_PT_UPDATE:
        case MMU_PT_UPDATE_PRESERVE_AD:
        case MMU_PT_UPDATE_NO_TRANSLATE:
            rc = normal_pt_update(d, pg_owner, req.ptr & ~3ULL, req.val, &flush);
            break;
        case MMU_MACHPHYS_UPDATE:
        {
            mfn_t mfn = _mfn(req.ptr >> PAGE_SHIFT);

            if ( mfn_valid(mfn) && get_page(mfn_to_page(mfn), pg_owner) )
            {
                m2p_table[mfn_x(mfn)] = req.val;
                put_page(mfn_to_page(mfn));
            }
            else
                rc = -EINVAL;
            break;
        }
        default:
            rc = -ENOSYS;
        }
        spin_unlock_irqrestore(&pv_mm_lock, flags);
        if ( rc )
            break;
    }
    /* As Xen does, an unwritable `done` pointer is not an error. */
    done += i;
    if ( pdone )
        copy_to_guest_va(pdone, &done, sizeof(done));
    /*
     * A replaced mapping may be cached in a TLB: every CPU's if d has several
     * vCPUs. New entries need no flush (a fault in dom0 fills one: no IPI).
     * Before a continuation too: the guest may run in between.
     */
    if ( flush && d->max_vcpus > 1 )
        flush_tlb_all();
    else if ( flush )
        flush_tlb_local();
    return preempted ? 0 : rc;
}

long do_update_va_mapping(unsigned long va, uint64_t val, unsigned long flags);

long do_update_va_mapping(unsigned long va, uint64_t val, unsigned long flags)
{
    struct vcpu *v = current;
    struct domain *d = v->domain;
    struct page_info *l1;
    unsigned long irq;
    int rc = -EINVAL;

    if ( !guest_range_ok(va, 1) )
        return -EINVAL;
    irq = spin_lock_irqsave(&pv_mm_lock);
    l1 = pv_l1_table_of(v->arch->guest_table, va);
    if ( l1 && get_page(l1, d) )
    {
        if ( pv_table_level(l1) == 1 )
            rc = pv_update_entry(l1, 1, pt_index(va, 1), (pte_t){val}, d);
        put_page(l1);
    }
    spin_unlock_irqrestore(&pv_mm_lock, irq);
    if ( rc )
        return rc;

    switch ( flags & UVMF_FLUSHTYPE_MASK )
    {
    case UVMF_TLB_FLUSH:
        if ( (flags & ~UVMF_FLUSHTYPE_MASK) == UVMF_ALL )
            flush_tlb_all();
        else
            flush_tlb_local();
        break;
    case UVMF_INVLPG:
    default:
        __asm__ __volatile__("invlpg (%0)" : : "r"(va) : "memory");
        break;
    }
    return 0;
}

/* Switch the vCPU's kernel page table to L4 frame mfn (already referenced). */
static void set_guest_table(struct vcpu *v, mfn_t mfn)
{
    mfn_t old = v->arch->guest_table;

    v->arch->guest_table = mfn;
    write_cr3_flush((uint64_t)mfn_x(mfn) << PAGE_SHIFT);
    if ( mfn_valid(old) )
        put_page_and_type(mfn_to_page(old));
}

/* One request; pins and unpins work on pg_owner's tables (FOREIGNDOM), the rest only on v's own. */
static int one_mmuext_op(struct vcpu *v, const struct mmuext_op *op, struct domain *pg_owner)
{
    struct domain *d = v->domain;
    mfn_t mfn = _mfn(op->arg1.mfn);
    struct page_info *pg = mfn_valid(mfn) ? mfn_to_page(mfn) : NULL;
    int rc;

    if ( pg_owner != d && op->cmd > MMUEXT_UNPIN_TABLE )
        return -EPERM;
    switch ( op->cmd )
    {
    case MMUEXT_PIN_L1_TABLE:
    case MMUEXT_PIN_L2_TABLE:
    case MMUEXT_PIN_L3_TABLE:
    case MMUEXT_PIN_L4_TABLE:
        if ( pg == NULL )
            return -EINVAL;
        rc = get_page_and_type(pg, pg_owner, pgt_of_level(op->cmd - MMUEXT_PIN_L1_TABLE + 1));
        if ( rc )
            return rc == -EBUSY ? -EINVAL : rc; /* as Xen reports a failed pin */
        if ( pg->type_info & PGT_pinned )
        {
            put_page_and_type(pg);
            return -EINVAL; /* already pinned */
        }
        pg->type_info |= PGT_pinned;
        return 0;
    case MMUEXT_UNPIN_TABLE:
        if ( pg == NULL || pg->v.owner != pg_owner || !(pg->type_info & PGT_pinned) )
            return -EINVAL;
        pg->type_info &= ~PGT_pinned;
        put_page_and_type(pg);
        return 0;
    case MMUEXT_NEW_BASEPTR:
        if ( pg == NULL )
            return -EINVAL;
        rc = get_page_and_type(pg, d, PGT_l4_page_table);
        if ( rc )
            return rc == -EBUSY ? -EINVAL : rc;
        set_guest_table(v, mfn);
        return 0;
    case MMUEXT_NEW_USER_BASEPTR:
    {
        mfn_t old = v->arch->guest_table_user;

        if ( op->arg1.mfn == 0 )
            v->arch->guest_table_user = INVALID_MFN; /* no user page tables */
        else
        {
            if ( pg == NULL )
                return -EINVAL;
            rc = get_page_and_type(pg, d, PGT_l4_page_table);
            if ( rc )
                return rc == -EBUSY ? -EINVAL : rc;
            v->arch->guest_table_user = mfn;
        }
        if ( mfn_valid(old) )
            put_page_and_type(mfn_to_page(old));
        return 0;
    }
    case MMUEXT_TLB_FLUSH_LOCAL:
        flush_tlb_local();
        return 0;
    case MMUEXT_INVLPG_LOCAL:
        if ( !guest_range_ok(op->arg1.linear_addr, 1) )
            return -EINVAL;
        __asm__ __volatile__("invlpg (%0)" : : "r"(op->arg1.linear_addr) : "memory");
        return 0;
    case MMUEXT_SET_LDT:
        return pv_set_ldt_in(v, v->arch->guest_table, op->arg1.linear_addr, op->arg2.nr_ents);
    case MMUEXT_TLB_FLUSH_MULTI:
    case MMUEXT_INVLPG_MULTI:
    case MMUEXT_TLB_FLUSH_ALL:
    case MMUEXT_INVLPG_ALL:
        return 0; /* the flush itself: do_mmuext_op, once pv_mm_lock is dropped */
    default:
        return -ENOSYS;
    }
}

long do_mmuext_op(uint64_t uops, unsigned long count, uint64_t pdone, unsigned long foreigndom);

long do_mmuext_op(uint64_t uops, unsigned long count_arg, uint64_t pdone, unsigned long foreigndom)
{
    struct vcpu *v = current;
    struct domain *pg_owner;
    unsigned long flags;
    unsigned int done, count = batch_count(count_arg, pdone, &done), i;
    int rc = 0;

    if ( (rc = check_foreigndom(v->domain, foreigndom, &pg_owner)) != 0 )
        return rc;
    for ( i = 0; i < count; i++ )
    {
        struct mmuext_op op;

        if ( batch_continue(uops, sizeof(op), i, count, pdone, foreigndom) )
            break; /* rc is 0: nothing failed */

        if ( copy_from_guest_va(&op, uops + i * sizeof(op), sizeof(op)) )
        {
            rc = -EFAULT;
            break;
        }
        flags = spin_lock_irqsave(&pv_mm_lock);
        rc = one_mmuext_op(v, &op, pg_owner);
        spin_unlock_irqrestore(&pv_mm_lock, flags);
        if ( rc )
            break;
        /*
         * Every CPU's flush waits for the others to answer an IPI: never with
         * interrupts off or pv_mm_lock held, or two CPUs flushing while the other
         * spins for the lock deadlock (dom0 hung in fork+exec on 2 vCPUs).
         */
        if ( op.cmd == MMUEXT_TLB_FLUSH_MULTI || op.cmd == MMUEXT_INVLPG_MULTI ||
             op.cmd == MMUEXT_TLB_FLUSH_ALL || op.cmd == MMUEXT_INVLPG_ALL )
            flush_tlb_all();
    }
    done += i;
    if ( pdone )
        copy_to_guest_va(pdone, &done, sizeof(done));
    return rc;
}
