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
    uint8_t insn[15];
    unsigned long got, flags;
    unsigned int i = 0, slot, level, len = 0, reg = 0, bytes = 8, shift, op;
    uint8_t rex = 0;
    struct page_info *l1, *target;
    pte_t e;
    uint64_t *entry, newval = 0, oldval, operand = 0, mask;
    bool xchg = false, cmpxchg_failed = false;
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

    /*
     * Prefixes: lock, the flat segments' overrides (Linux patches its lock
     * prefix into a harmless DS override on one CPU), REX last.
     */
    got = sizeof(insn) - copy_from_guest_va(insn, regs->rip, sizeof(insn));
    for ( ; i < got; i++ )
        if ( insn[i] == 0xf0 || insn[i] == 0x2e || insn[i] == 0x3e || insn[i] == 0x26 ||
             insn[i] == 0x36 )
            rex = 0;
        else if ( (insn[i] & 0xf0) == 0x40 )
            rex = insn[i];
        else
            break;
    if ( i + 2 > got )
        return false;
    op = insn[i];

    /* Decode: the operand size, the ModRM length, and what is stored (as a function of the old
     * value). */
    switch ( op )
    {
    case 0x89: /* mov r64, m64 */
    case 0x87: /* xchg r64, m64 */
    case 0x09: /* or r64, m64 */
    case 0x21: /* and r64, m64 */
        reg = ((insn[i + 1] >> 3) & 7) | ((rex & 4) ? 8 : 0);
        len = modrm_len(&insn[i + 1], got - i - 1);
        xchg = op == 0x87;
        break;
    case 0xc7: /* mov imm32 (sign-extended), m64 */
    case 0x81: /* and/or imm32 (sign-extended), m64 */
    case 0x83: /* and/or imm8 (sign-extended), m64 */
    case 0x80: /* and/or imm8, m8 */
    {
        unsigned int imm_len = op == 0x83 || op == 0x80 ? 1 : 4;

        len = modrm_len(&insn[i + 1], got - i - 1);
        reg = (insn[i + 1] >> 3) & 7;
        if ( len == 0 || i + 1 + len + imm_len > got || (op == 0xc7 && reg != 0) ||
             (op != 0xc7 && reg != 1 && reg != 4) )
            return false;
        if ( imm_len == 1 )
            operand = op == 0x80 ? insn[i + 1 + len] : (uint64_t)(int64_t)(int8_t)insn[i + 1 + len];
        else
        {
            int32_t imm;

            __builtin_memcpy(&imm, &insn[i + 1 + len], 4);
            operand = (uint64_t)(int64_t)imm;
        }
        len += imm_len;
        bytes = op == 0x80 ? 1 : 8;
        break;
    }
    case 0x0f: /* lock cmpxchg r64, m64; lock bts/btr r64, m64 */
        if ( i + 3 > got || (insn[i + 1] != 0xb1 && insn[i + 1] != 0xab && insn[i + 1] != 0xb3) )
            return false;
        reg = ((insn[i + 2] >> 3) & 7) | ((rex & 4) ? 8 : 0);
        len = modrm_len(&insn[i + 2], got - i - 2);
        len = len ? len + 1 : 0;
        break;
    default:
        return false;
    }
    /* 64-bit forms need REX.W and an aligned entry; a byte form hits one byte of it. */
    if ( len == 0 || (bytes == 8 && (!(rex & 8) || (addr & 7))) )
        return false;
    shift = (addr & 7) * 8;
    mask = bytes == 8 ? ~0ULL : 0xffULL << shift;

    entry = (uint64_t *)arch_mfn_to_virt(mfn_x(page_to_mfn(target))) + ((addr & ~PAGE_MASK) / 8);
    flags = spin_lock_irqsave(&pv_mm_lock);
    oldval = *entry;
    switch ( op )
    {
    case 0x89:
    case 0x87:
        newval = *reg_of(regs, reg);
        break;
    case 0x09:
        newval = oldval | *reg_of(regs, reg);
        logic_flags(regs, newval, 8);
        break;
    case 0x21:
        newval = oldval & *reg_of(regs, reg);
        logic_flags(regs, newval, 8);
        break;
    case 0xc7:
        newval = operand;
        break;
    case 0x80:
    case 0x81:
    case 0x83:
    {
        uint64_t part = (oldval & mask) >> shift;

        part = reg == 1 ? part | operand : part & operand;
        newval = (oldval & ~mask) | ((part << shift) & mask);
        logic_flags(regs, part, bytes);
        break;
    }
    case 0x0f:
        if ( insn[i + 1] == 0xb1 )
        {
            newval = *reg_of(regs, reg);
            if ( regs->rax != oldval )
            {
                /* Compare failed: nothing written, as the CPU would. */
                regs->rax = oldval;
                regs->rflags &= ~ZF;
                cmpxchg_failed = true;
            }
            else
                regs->rflags |= ZF;
        }
        else
        {
            uint64_t bit = *reg_of(regs, reg);

            if ( bit >= 64 )
            {
                spin_unlock_irqrestore(&pv_mm_lock, flags);
                return false; /* another word than the entry: not emulated */
            }
            regs->rflags = (oldval >> bit) & 1 ? regs->rflags | CF : regs->rflags & ~CF;
            newval = insn[i + 1] == 0xab ? oldval | (1ULL << bit) : oldval & ~(1ULL << bit);
        }
        break;
    }
    rc = cmpxchg_failed || newval == oldval
             ? 0
             : pv_update_entry(target, level, (addr & ~PAGE_MASK) / 8, (pte_t){newval}, d);
    spin_unlock_irqrestore(&pv_mm_lock, flags);
    if ( rc )
        return false; /* refused: the guest sees its page fault */
    if ( xchg )
        *reg_of(regs, reg) = oldval;
    regs->rip += i + 1 + len;
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
    uint8_t insn[15], rex = 0;
    unsigned long got, flags;
    unsigned int i, slot, len, bytes, imm = 0;
    bool opsize = false, ro;
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

    /* Prefixes: operand size, segment overrides, REX last. */
    got = sizeof(insn) - copy_from_guest_va(insn, regs->rip, sizeof(insn));
    for ( i = 0; i < got; i++ )
        if ( insn[i] == 0x66 )
            opsize = true, rex = 0;
        else if ( insn[i] == 0x2e || insn[i] == 0x3e || insn[i] == 0x26 || insn[i] == 0x36 ||
                  insn[i] == 0x64 || insn[i] == 0x65 )
            rex = 0;
        else if ( (insn[i] & 0xf0) == 0x40 )
            rex = insn[i];
        else
            break;
    if ( i + 2 > got )
        return false;
    switch ( insn[i] )
    {
    case 0x88: /* mov r8, m8 */
    case 0xc6: /* mov imm8, m8 */
        bytes = 1;
        break;
    case 0x89: /* mov r, m */
    case 0xc7: /* mov imm, m */
        bytes = (rex & 8) ? 8 : opsize ? 2 : 4;
        break;
    default:
        return false;
    }
    if ( insn[i] == 0xc6 || insn[i] == 0xc7 )
    {
        if ( (insn[i + 1] >> 3) & 7 )
            return false; /* only /0 is mov */
        imm = bytes == 8 ? 4 : bytes;
    }
    len = modrm_len(&insn[i + 1], got - i - 1);
    if ( len == 0 || i + 1 + len + imm > got || (addr & (bytes - 1)) )
        return false;
    regs->rip += i + 1 + len + imm;
    return true;
}
