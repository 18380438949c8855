/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Writable page tables, emulated: a PV kernel that writes straight into one of
 * its page tables (mapped read-only, as every page table is) takes a page
 * fault; the write is decoded from its code, the new entry validated like an
 * mmu_update, and applied. Handles the stores Linux uses for entries: 64-bit
 * mov from a register or an immediate, xchg, lock cmpxchg, and the bit
 * operations of its set_bit/clear_bit family (and/or of a byte or the whole
 * entry with an immediate or a register, bts/btr), with or without lock.
 * Also here: the hardware domain's plain stores to read-only MMIO, dropped.
 */
#include <asm/current.h>
#include <asm/domain.h>
#include <asm/guest_access.h>
#include <asm/insn.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/pv_mm.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/spinlock.h>

extern spinlock_t pv_mm_lock;
int pv_update_entry(struct page_info *pg, unsigned int level, unsigned int slot, pte_t val,
                    struct domain *d);
unsigned int pv_table_level(const struct page_info *pg);

#define PFEC_present (1u << 0)
#define PFEC_write   (1u << 1)
#define CF           (1UL << 0)
#define PF           (1UL << 2)
#define ZF           (1UL << 6)
#define SF           (1UL << 7)
#define OF           (1UL << 11)

static uint64_t *reg_of(struct cpu_user_regs *r, unsigned int n)
{
    uint64_t *regs[16] = {&r->rax, &r->rcx, &r->rdx, &r->rbx, &r->rsp, &r->rbp, &r->rsi, &r->rdi,
                          &r->r8,  &r->r9,  &r->r10, &r->r11, &r->r12, &r->r13, &r->r14, &r->r15};

    return regs[n & 15];
}

/* The L1 entry that maps addr in the current tables, with its table page. */
static struct page_info *l1_of(const struct vcpu *v, unsigned long addr, unsigned int *slot)
{
    mfn_t table = v->arch->guest_table;

    if ( (v->arch->flags & TF_kernel_mode) == 0 && mfn_valid(v->arch->guest_table_user) )
        table = v->arch->guest_table_user;
    *slot = pt_index(addr, 1);
    return pv_l1_table_of(table, addr);
}

/** A write fault from guest kernel mode: emulate it if it hit a page table. */
bool pv_ptwr_emulate(struct cpu_user_regs *regs, unsigned long addr);

/* Arithmetic flags of a logical result (and/or): CF = OF = 0, ZF, SF, PF. */
static void logic_flags(struct cpu_user_regs *regs, uint64_t result, unsigned int bytes)
{
    uint64_t mask = bytes == 8 ? ~0ULL : (1ULL << (bytes * 8)) - 1;
    unsigned int low = (unsigned int)(result & 0xff), bits = 0;

    result &= mask;
    regs->rflags &= ~(CF | PF | ZF | SF | OF);
    for ( ; low; low &= low - 1 )
        bits++;
    if ( !(bits & 1) )
        regs->rflags |= PF;
    if ( result == 0 )
        regs->rflags |= ZF;
    if ( result >> (bytes * 8 - 1) )
        regs->rflags |= SF;
}

bool pv_ptwr_emulate(struct cpu_user_regs *regs, unsigned long addr)
{
    struct vcpu *v = current;
    struct domain *d = v->domain;
    uint8_t insn[INSN_MAX_LEN];
    unsigned long got, flags;
    unsigned int slot, level, bytes, shift;
    struct insn_store st;
    struct page_info *l1, *target;
    pte_t e;
    uint64_t *entry, newval = 0, oldval, mask;
    bool cmpxchg_failed = false;
    int rc;

    if ( (regs->error_code & (PFEC_present | PFEC_write)) != (PFEC_present | PFEC_write) ||
         !(v->arch->flags & TF_kernel_mode) )
        return false;

    flags = spin_lock_irqsave(&pv_mm_lock);
    l1 = l1_of(v, addr, &slot);
    e = l1 ? ((pte_t *)arch_mfn_to_virt(mfn_x(page_to_mfn(l1))))[slot] : (pte_t){0};
    target = pte_present(e) && mfn_valid(pte_mfn(e)) ? mfn_to_page(pte_mfn(e)) : NULL;
    level = target && target->v.owner == d ? pv_table_level(target) : 0;
    spin_unlock_irqrestore(&pv_mm_lock, flags);
    if ( level == 0 )
        return false; /* not a page table: the guest's own fault */

    got = sizeof(insn) - copy_from_guest_va(insn, regs->rip, sizeof(insn));
    if ( insn_decode_store(insn, (unsigned int)got, &st) )
        return false;
    /*
     * The stores Linux makes to entries: a 64-bit mov, xchg, or, and,
     * cmpxchg, bts or btr (REX.W, at an aligned entry), and and/or of a byte
     * or of the entry with an immediate.
     */
    switch ( st.opcode )
    {
    case INSN_MOV_RM:
    case INSN_XCHG_RM:
    case INSN_OR_RM:
    case INSN_AND_RM:
    case INSN_MOV_IMM:
    case INSN_CMPXCHG_RM:
    case INSN_BTS_RM:
    case INSN_BTR_RM:
        break;
    case INSN_GRP1_IMM8B:
    case INSN_GRP1_IMM:
    case INSN_GRP1_IMM8:
        if ( st.ext != 1 && st.ext != 4 )
            return false; /* only or and and */
        break;
    default:
        return false;
    }
    bytes = st.bytes;
    if ( bytes == 8 ? (addr & 7) != 0 : st.opcode != INSN_GRP1_IMM8B )
        return false;
    shift = (addr & 7) * 8;
    mask = bytes == 8 ? ~0ULL : 0xffULL << shift;

    entry = (uint64_t *)arch_mfn_to_virt(mfn_x(page_to_mfn(target))) + ((addr & ~PAGE_MASK) / 8);
    flags = spin_lock_irqsave(&pv_mm_lock);
    oldval = *entry;
    switch ( st.opcode )
    {
    case INSN_MOV_RM:
    case INSN_XCHG_RM:
        newval = *reg_of(regs, st.reg);
        break;
    case INSN_OR_RM:
        newval = oldval | *reg_of(regs, st.reg);
        logic_flags(regs, newval, 8);
        break;
    case INSN_AND_RM:
        newval = oldval & *reg_of(regs, st.reg);
        logic_flags(regs, newval, 8);
        break;
    case INSN_MOV_IMM:
        newval = st.imm;
        break;
    case INSN_GRP1_IMM8B:
    case INSN_GRP1_IMM:
    case INSN_GRP1_IMM8:
    {
        uint64_t part = (oldval & mask) >> shift;

        part = st.ext == 1 ? part | st.imm : part & st.imm;
        newval = (oldval & ~mask) | ((part << shift) & mask);
        logic_flags(regs, part, bytes);
        break;
    }
    case INSN_CMPXCHG_RM:
        newval = *reg_of(regs, st.reg);
        if ( regs->rax != oldval )
        {
            /* Compare failed: nothing written, as the CPU would. */
            regs->rax = oldval;
            regs->rflags &= ~ZF;
            cmpxchg_failed = true;
        }
        else
            regs->rflags |= ZF;
        break;
    default: /* bts, btr */
    {
        uint64_t bit = *reg_of(regs, st.reg);

        if ( bit >= 64 )
        {
            spin_unlock_irqrestore(&pv_mm_lock, flags);
            return false; /* another word than the entry: not emulated */
        }
        regs->rflags = (oldval >> bit) & 1 ? regs->rflags | CF : regs->rflags & ~CF;
        newval = st.opcode == INSN_BTS_RM ? oldval | (1ULL << bit) : oldval & ~(1ULL << bit);
        break;
    }
    }
    rc = cmpxchg_failed || newval == oldval
             ? 0
             : pv_update_entry(target, level, (addr & ~PAGE_MASK) / 8, (pte_t){newval}, d);
    spin_unlock_irqrestore(&pv_mm_lock, flags);
    if ( rc )
        return false; /* refused: the guest sees its page fault */
    if ( st.opcode == INSN_XCHG_RM )
        *reg_of(regs, st.reg) = oldval;
    regs->rip += st.len;
    /* A TLB never holds a not-present entry: only a changed present one needs the flush. */
    if ( !cmpxchg_failed && newval != oldval && (oldval & _PAGE_PRESENT) )
        flush_tlb_local();
    return true;
}

/** A write fault on read-only MMIO (asm/mm.h mmio_ro_add()) by the hardware domain. */
bool pv_mmio_ro_emulate(struct cpu_user_regs *regs, unsigned long addr);

/*
 * Dropped, as Xen drops it: a mov of 1, 2, 4 or 8 bytes from a register or
 * an immediate, naturally aligned at the faulting address; the guest goes on
 * after it. Anything else stays the guest's page fault.
 */
bool pv_mmio_ro_emulate(struct cpu_user_regs *regs, unsigned long addr)
{
    struct vcpu *v = current;
    uint8_t insn[INSN_MAX_LEN];
    unsigned long got, flags;
    unsigned int slot;
    struct insn_store st;
    bool ro;
    struct page_info *l1;
    pte_t e;

    if ( (regs->error_code & (PFEC_present | PFEC_write)) != (PFEC_present | PFEC_write) ||
         !v->domain->is_privileged )
        return false;
    flags = spin_lock_irqsave(&pv_mm_lock);
    l1 = l1_of(v, addr, &slot);
    e = l1 ? ((pte_t *)arch_mfn_to_virt(mfn_x(page_to_mfn(l1))))[slot] : (pte_t){0};
    ro = pte_present(e) && mmio_ro_contains(mfn_x(pte_mfn(e)));
    spin_unlock_irqrestore(&pv_mm_lock, flags);
    if ( !ro )
        return false;

    got = sizeof(insn) - copy_from_guest_va(insn, regs->rip, sizeof(insn));
    if ( insn_decode_store(insn, (unsigned int)got, &st) || st.lock ||
         (st.opcode != INSN_MOV_RM8 && st.opcode != INSN_MOV_RM && st.opcode != INSN_MOV_IMM8 &&
          st.opcode != INSN_MOV_IMM) ||
         (addr & (st.bytes - 1)) )
        return false;
    regs->rip += st.len;
    return true;
}
