/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Writable page tables, emulated: a PV kernel that writes straight into one of
 * its page tables (mapped read-only, as every page table is) takes a page
 * fault; the write is decoded from its code, the new entry validated like an
 * mmu_update, and applied. Handles the stores Linux uses for entries: 64-bit
 * mov from a register or an immediate, xchg, and lock cmpxchg.
 */
#include <asm/current.h>
#include <asm/domain.h>
#include <asm/guest_access.h>
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
#define ZF           (1UL << 6)

static uint64_t *reg_of(struct cpu_user_regs *r, unsigned int n)
{
    uint64_t *regs[16] = {&r->rax, &r->rcx, &r->rdx, &r->rbx, &r->rsp, &r->rbp, &r->rsi, &r->rdi,
                          &r->r8,  &r->r9,  &r->r10, &r->r11, &r->r12, &r->r13, &r->r14, &r->r15};

    return regs[n & 15];
}

/* Length of a ModRM operand (ModRM, SIB, displacement) starting at p[0]. */
static unsigned int modrm_len(const uint8_t *p, unsigned int avail)
{
    unsigned int mod = p[0] >> 6, rm = p[0] & 7, len = 1;

    if ( avail < 1 || mod == 3 )
        return 0; /* a register operand is no store */
    if ( rm == 4 )
    {
        if ( avail < 2 )
            return 0;
        if ( mod == 0 && (p[1] & 7) == 5 )
            len += 4;
        len++;
    }
    if ( mod == 0 && rm == 5 )
        len += 4; /* rip-relative */
    else if ( mod == 1 )
        len += 1;
    else if ( mod == 2 )
        len += 4;
    return len <= avail ? len : 0;
}

/* The L1 entry that maps addr in the current tables, with its table page. */
static struct page_info *l1_of(const struct vcpu *v, unsigned long addr, unsigned int *slot)
{
    mfn_t table = v->arch->guest_table;

    if ( (v->arch->flags & TF_kernel_mode) == 0 && mfn_valid(v->arch->guest_table_user) )
        table = v->arch->guest_table_user;
    for ( unsigned int level = 4; level > 1; level-- )
    {
        pte_t e = ((pte_t *)arch_mfn_to_virt(mfn_x(table)))[pt_index(addr, level)];

        if ( !pte_present(e) || pte_is_superpage(e) || !mfn_valid(pte_mfn(e)) )
            return NULL;
        table = pte_mfn(e);
    }
    *slot = pt_index(addr, 1);
    return mfn_to_page(table);
}

/** A write fault from guest kernel mode: emulate it if it hit a page table. */
bool pv_ptwr_emulate(struct cpu_user_regs *regs, unsigned long addr);

bool pv_ptwr_emulate(struct cpu_user_regs *regs, unsigned long addr)
{
    struct vcpu *v = current;
    struct domain *d = v->domain;
    uint8_t insn[15];
    unsigned long got, flags;
    unsigned int i = 0, slot, level, len, reg;
    uint8_t rex = 0;
    bool lock = false;
    struct page_info *l1, *target;
    pte_t e;
    uint64_t *entry, newval, oldval;
    int rc;

    if ( (regs->error_code & (PFEC_present | PFEC_write)) != (PFEC_present | PFEC_write) ||
         !(v->arch->flags & TF_kernel_mode) || (addr & 7) )
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
    for ( ; i < got; i++ )
        if ( insn[i] == 0xf0 )
            lock = true;
        else if ( (insn[i] & 0xf0) == 0x40 )
            rex = insn[i];
        else
            break;
    if ( i + 2 > got || !(rex & 8) ) /* 64-bit operands only */
        return false;

    entry = (uint64_t *)arch_mfn_to_virt(mfn_x(page_to_mfn(target))) + ((addr & ~PAGE_MASK) / 8);
    flags = spin_lock_irqsave(&pv_mm_lock);
    oldval = *entry;
    switch ( insn[i] )
    {
    case 0x89: /* mov r64, m64 */
    case 0x87: /* xchg r64, m64 */
        reg = ((insn[i + 1] >> 3) & 7) | ((rex & 4) ? 8 : 0);
        len = modrm_len(&insn[i + 1], got - i - 1);
        newval = *reg_of(regs, reg);
        break;
    case 0xc7: /* mov imm32 (sign-extended), m64 */
        len = modrm_len(&insn[i + 1], got - i - 1);
        if ( len == 0 || ((insn[i + 1] >> 3) & 7) != 0 || i + 1 + len + 4 > got )
            len = 0;
        else
        {
            int32_t imm;

            __builtin_memcpy(&imm, &insn[i + 1 + len], 4);
            newval = (uint64_t)(int64_t)imm;
            len += 4;
        }
        reg = 0;
        break;
    case 0x0f: /* lock cmpxchg r64, m64 */
        if ( insn[i + 1] != 0xb1 || i + 3 > got )
            len = 0;
        else
        {
            reg = ((insn[i + 2] >> 3) & 7) | ((rex & 4) ? 8 : 0);
            len = modrm_len(&insn[i + 2], got - i - 2);
            len = len ? len + 1 : 0;
            newval = *reg_of(regs, reg);
            if ( regs->rax != oldval )
            {
                /* Compare failed: nothing written, as the CPU would. */
                regs->rax = oldval;
                regs->rflags &= ~ZF;
                spin_unlock_irqrestore(&pv_mm_lock, flags);
                if ( len == 0 )
                    return false;
                regs->rip += i + 1 + len;
                return true;
            }
            regs->rflags |= ZF;
        }
        break;
    default:
        len = 0;
    }
    (void)lock;
    if ( len == 0 )
    {
        spin_unlock_irqrestore(&pv_mm_lock, flags);
        return false;
    }
    rc = pv_update_entry(target, level, (addr & ~PAGE_MASK) / 8, (pte_t){newval}, d);
    spin_unlock_irqrestore(&pv_mm_lock, flags);
    if ( rc )
        return false; /* refused: the guest sees its page fault */
    if ( insn[i] == 0x87 )
        *reg_of(regs, reg) = oldval;
    regs->rip += i + 1 + len;
    if ( d->max_vcpus > 1 )
        __asm__ __volatile__("" ::: "memory"); /* other vCPUs: the entry write is atomic */
    flush_tlb_local();
    return true;
}
