/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A PV vCPU's whole state as struct vcpu_guest_context: written by the
 * toolstack to start or restore a vCPU (domctl setvcpucontext), read back for
 * save and debugging (getvcpucontext). The registers part is shared with
 * VCPUOP_initialise (pv/domain.c).
 */
#include <asm/pv_mm.h> /* first: asm/config.h before the public headers */

#include <asm/domain.h>
#include <asm/processor.h>
#include <asm/xstate.h>
#include <public/xen.h>
#include <xen/arch.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <xen/string.h>

extern spinlock_t pv_mm_lock;
int pv_set_gdt(struct vcpu *v, const unsigned long *frames, unsigned int entries);
void pv_vcpu_gdt_release(struct vcpu *v);
void pv_vcpu_ldt_release(struct vcpu *v);
int pv_set_ldt_in(struct vcpu *v, mfn_t table, unsigned long base, unsigned long ents);
void pv_write_hypercall_page(uint8_t *page);
void flush_tlb_all(void);

/** Load the register part of *c into v (both context setters). */
void pv_vcpu_load_regs(struct vcpu *v, const struct vcpu_guest_context *c);

void pv_vcpu_load_regs(struct vcpu *v, const struct vcpu_guest_context *c)
{
    struct arch_vcpu *a = v->arch;

    a->user_regs = c->user_regs;
    a->user_regs.cs = FLAT_RING3_CS64; /* the guest runs in ring 3, whatever it asked */
    a->user_regs.ss = FLAT_RING3_DS32;
    a->user_regs.rflags = (c->user_regs.rflags & ~(3UL << 12)) | (1UL << 9) | 2;
    a->user_regs.entry_vector = 0; /* private: never the syscall mark (asm/regs.h) from outside */
    /*
     * The IOPL field of the context's rflags is the vCPU's virtual IOPL, as
     * PHYSDEVOP_set_iopl sets it (the real one stays 0): Linux starts its
     * secondary vCPUs with IOPL 1 so that their kernel may use port I/O.
     */
    a->iopl = (unsigned int)(c->user_regs.rflags >> 12) & 3;
    for ( unsigned int i = 0; i < 256; i++ )
        a->traps[i] = c->trap_ctxt[i];
    a->kernel_ss = (uint32_t)c->kernel_ss;
    a->kernel_sp = c->kernel_sp;
    a->event_callback_eip = c->event_callback_eip;
    a->failsafe_callback_eip = c->failsafe_callback_eip;
    a->syscall_callback_eip = c->syscall_callback_eip;
    a->fs_base = c->fs_base;
    a->gs_base_kernel = c->gs_base_kernel;
    a->gs_base_user = c->gs_base_user;
    a->flags = (c->flags & VGCF_in_kernel) ? TF_kernel_mode : 0;
}

/* Take a type reference on L4 table cr3 of d (as a CR3 value); NULL if it is not one. */
static struct page_info *get_l4(struct domain *d, uint64_t cr3)
{
    mfn_t mfn = _mfn(xen_cr3_to_pfn(cr3));
    unsigned long flags;
    int rc;

    if ( !mfn_valid(mfn) )
        return NULL;
    flags = spin_lock_irqsave(&pv_mm_lock);
    rc = get_page_and_type(mfn_to_page(mfn), d, PGT_l4_page_table);
    spin_unlock_irqrestore(&pv_mm_lock, flags);
    return rc ? NULL : mfn_to_page(mfn);
}

static void put_table(mfn_t mfn)
{
    unsigned long flags;

    if ( !mfn_valid(mfn) )
        return;
    flags = spin_lock_irqsave(&pv_mm_lock);
    put_page_and_type(mfn_to_page(mfn));
    spin_unlock_irqrestore(&pv_mm_lock, flags);
}

/**
 * Give v (not running) the whole state in *c: registers, callbacks, trap
 * table, page tables (ctrlreg[3], and ctrlreg[1] for user mode), GDT, LDT,
 * FPU state and the guest's CR0.TS. Both VCPUOP_initialise and domctl
 * setvcpucontext come here; v's online state is the caller's. Every table
 * is taken (referenced and typed) before anything of v changes; on an error
 * v keeps its old state, except that a refused GDT also drops its LDT.
 */
int pv_vcpu_set_context(struct vcpu *v, const struct vcpu_guest_context *c);

int pv_vcpu_set_context(struct vcpu *v, const struct vcpu_guest_context *c)
{
    struct domain *d = v->domain;
    struct arch_vcpu *a = v->arch;
    unsigned long frames[16], flags;
    struct page_info *l4, *l4u = NULL;
    mfn_t old, old_user;
    unsigned int nr;
    int rc;

    /* Decode and take: every field and table first. */
    if ( c->gdt_ents > FIRST_RESERVED_GDT_ENTRY )
        return -EINVAL;
    nr = (unsigned int)((c->gdt_ents + 511) / 512);
    for ( unsigned int i = 0; i < nr; i++ )
        frames[i] = c->gdt_frames[i];
    if ( (l4 = get_l4(d, c->ctrlreg[3])) == NULL )
        return -EINVAL;
    if ( c->ctrlreg[1] && (l4u = get_l4(d, c->ctrlreg[1])) == NULL )
    {
        rc = -EINVAL;
        goto put_tables;
    }
    /* The LDT's pages are found through the new kernel tables; the old LDT goes. */
    flags = spin_lock_irqsave(&pv_mm_lock);
    rc = pv_set_ldt_in(v, page_to_mfn(l4), c->ldt_base, c->ldt_ents);
    spin_unlock_irqrestore(&pv_mm_lock, flags);
    if ( rc )
        goto put_tables;
    if ( (rc = pv_set_gdt(v, frames, (unsigned int)c->gdt_ents)) != 0 )
    {
        pv_vcpu_ldt_release(v);
        goto put_tables;
    }

    /* Act. */
    flush_tlb_all(); /* the vCPU's GDT and LDT windows changed; they may be cached where v ran */
    pv_vcpu_load_regs(v, c);
    if ( c->flags & VGCF_i387_valid )
    {
        xstate_set_fxsave(a, &c->fpu_ctxt);
        a->fpu_initialised = true;
    }
    else
    {
        xstate_reset(a);
        a->fpu_initialised = false;
    }
    a->guest_cr0_ts = (c->ctrlreg[0] & X86_CR0_TS) != 0;
    old = a->guest_table;
    old_user = a->guest_table_user;
    a->guest_table = page_to_mfn(l4);
    a->guest_table_user = l4u ? page_to_mfn(l4u) : INVALID_MFN;
    put_table(old);
    put_table(old_user);
    v->initialised = true;
    return 0;

put_tables:
    put_table(page_to_mfn(l4));
    if ( l4u )
        put_table(page_to_mfn(l4u));
    return rc;
}

int arch_set_vcpu_context(struct vcpu *v, const struct vcpu_guest_context *c)
{
    int rc = pv_vcpu_set_context(v, c);

    if ( rc )
        return rc;
    if ( c->flags & VGCF_online )
    {
        sched_add_vcpu(v);
        __atomic_fetch_and(&v->pause_flags, ~(1UL << VPF_down), __ATOMIC_SEQ_CST);
        vcpu_wake(v);
    }
    else
        __atomic_fetch_or(&v->pause_flags, 1UL << VPF_down, __ATOMIC_SEQ_CST);
    return 0;
}

void arch_get_vcpu_context(const struct vcpu *v, struct vcpu_guest_context *c)
{
    const struct arch_vcpu *a = v->arch;

    memset(c, 0, sizeof(*c));
    if ( a->fpu_initialised )
    {
        xstate_get_fxsave(a, &c->fpu_ctxt);
        c->flags |= VGCF_i387_valid;
    }
    if ( a->flags & TF_kernel_mode )
        c->flags |= VGCF_in_kernel;
    if ( !(v->pause_flags & (1UL << VPF_down)) )
        c->flags |= VGCF_online;
    c->user_regs = a->user_regs;
    c->user_regs.rflags = (a->user_regs.rflags & ~(3UL << 12)) | ((uint64_t)a->iopl << 12);
    for ( unsigned int i = 0; i < 256; i++ )
        c->trap_ctxt[i] = a->traps[i];
    c->ldt_base = a->ldt_base;
    c->ldt_ents = a->ldt_ents;
    for ( unsigned int i = 0; i < a->gdt_nr_frames; i++ )
        c->gdt_frames[i] = mfn_x(a->gdt_frames[i]);
    c->gdt_ents = a->gdt_ents;
    c->kernel_ss = a->kernel_ss;
    c->kernel_sp = a->kernel_sp;
    if ( a->guest_cr0_ts )
        c->ctrlreg[0] = X86_CR0_TS; /* CR0.TS as the guest set it; the other bits are not kept */
    if ( mfn_valid(a->guest_table) )
        c->ctrlreg[3] = xen_pfn_to_cr3(mfn_x(a->guest_table));
    if ( mfn_valid(a->guest_table_user) )
        c->ctrlreg[1] = xen_pfn_to_cr3(mfn_x(a->guest_table_user));
    c->event_callback_eip = a->event_callback_eip;
    c->failsafe_callback_eip = a->failsafe_callback_eip;
    c->syscall_callback_eip = a->syscall_callback_eip;
    c->vm_assist = v->domain->arch->vm_assist;
    c->fs_base = a->fs_base;
    c->gs_base_kernel = a->gs_base_kernel;
    c->gs_base_user = a->gs_base_user;
}

void arch_vcpu_reset(struct vcpu *v)
{
    struct arch_vcpu *a = v->arch;

    __atomic_fetch_or(&v->pause_flags, 1UL << VPF_down, __ATOMIC_SEQ_CST);
    pv_vcpu_gdt_release(v);
    put_table(a->guest_table);
    put_table(a->guest_table_user);
    a->guest_table = INVALID_MFN;
    a->guest_table_user = INVALID_MFN;
    xstate_reset(a);
    a->fpu_initialised = false;
    v->initialised = false;
}

int arch_hypercall_page_init(struct domain *d, uint64_t gmfn)
{
    mfn_t mfn = _mfn(gmfn);
    struct page_info *pg;
    unsigned long flags;
    int rc = 0;

    if ( gmfn >> 40 || !mfn_valid(mfn) )
        return -EINVAL;
    pg = mfn_to_page(mfn);
    flags = spin_lock_irqsave(&pv_mm_lock);
    if ( !get_page(pg, d) )
        rc = -EINVAL;
    else if ( get_page_type(pg, PGT_writable_page, d) )
    {
        put_page(pg);
        rc = -EPERM;
    }
    if ( rc == 0 )
    {
        pv_write_hypercall_page(arch_mfn_to_virt(gmfn));
        put_page_and_type(pg);
    }
    spin_unlock_irqrestore(&pv_mm_lock, flags);
    return rc;
}
