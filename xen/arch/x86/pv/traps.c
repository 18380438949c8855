/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PV guests and their traps: bouncing exceptions and event upcalls to the
 * guest kernel's handlers (the frame the PV ABI defines), the iret hypercall
 * that undoes one, the way back into a guest, and the trap-table, callback and
 * stack hypercalls.
 */
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/domain.h>
#include <asm/guest_access.h>
#include <asm/processor.h>
#include <asm/traps.h>
#include <public/callback.h>
#include <public/nmi.h>
#include <public/xen.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/shutdown.h>
#include <xen/smp.h>
#include <xen/softirq.h>

#define X86_EFLAGS_TF   (1UL << 8)
#define X86_EFLAGS_NT   (1UL << 14)
#define X86_EFLAGS_RF   (1UL << 16)
#define X86_EFLAGS_VM   (1UL << 17)
#define X86_EFLAGS_AC   (1UL << 18)
#define X86_EFLAGS_IOPL (3UL << 12)

/* Trap numbers whose hardware frame carries an error code. */
#define TRAP_HAS_ERRCODE(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17)

/** Crash the domain whose vCPU is running: it did something it cannot recover from. */
__noreturn void pv_crash_current(const char *why, unsigned long arg);

void pv_crash_current(const char *why, unsigned long arg)
{
    struct vcpu *v = current;

    /* The fast paths run with interrupts off; shutting a domain down needs them. */
    local_irq_enable();
    printk("d%uv%u crashed: %s (%#lx)\n", v->domain->domain_id, v->vcpu_id, why, arg);
    domain_shutdown(v->domain, XEN_SHUTDOWN_crash);
    raise_softirq(SCHEDULE_SOFTIRQ);
    do_softirq(); /* switches away: the domain no longer runs */
    panic("pv_crash_current: still running a crashed domain\n");
}

/** Switch v between guest kernel and guest user mode (page tables, GS bases). */
void pv_toggle_guest_mode(struct vcpu *v);

void pv_toggle_guest_mode(struct vcpu *v)
{
    struct arch_vcpu *a = v->arch;
    mfn_t table;

    a->flags ^= TF_kernel_mode;
    table = (a->flags & TF_kernel_mode) || !mfn_valid(a->guest_table_user) ? a->guest_table
                                                                           : a->guest_table_user;
    write_cr3_flush((uint64_t)mfn_x(table) << PAGE_SHIFT);
    __asm__ __volatile__("swapgs"); /* kernel and user GS bases trade places */
}

/*
 * Build the frame the guest handler expects on the guest kernel stack and point
 * regs at handler: rcx, r11, [error code], rip, cs | mask << 32, rflags, rsp, ss.
 */
static void create_bounce_frame(struct vcpu *v, struct cpu_user_regs *regs, uint64_t handler,
                                bool has_errcode, uint32_t errcode, bool mask_events)
{
    struct arch_vcpu *a = v->arch;
    bool from_kernel = a->flags & TF_kernel_mode;
    uint64_t frame[8], sp;
    unsigned int n = 0;
    uint8_t mask = v->vcpu_info->evtchn_upcall_mask;

    if ( !from_kernel )
        pv_toggle_guest_mode(v);
    sp = from_kernel ? regs->rsp : a->kernel_sp;
    sp &= ~15UL; /* as the hardware does */

    frame[n++] = regs->rcx;
    frame[n++] = regs->r11;
    if ( has_errcode )
        frame[n++] = errcode;
    frame[n++] = regs->rip;
    /* The guest kernel sees its own mode as RPL 0; the saved mask rides in cs. */
    frame[n++] = (from_kernel ? (regs->cs & ~3UL) : regs->cs) | ((uint64_t)mask << 32);
    frame[n++] = (regs->rflags & ~X86_EFLAGS_IF) | (mask ? 0 : X86_EFLAGS_IF);
    frame[n++] = regs->rsp;
    frame[n++] = regs->ss;

    sp -= n * sizeof(uint64_t);
    if ( copy_to_guest_va(sp, frame, n * sizeof(uint64_t)) )
        pv_crash_current("cannot write a bounce frame at guest rsp", sp);

    if ( mask_events )
        v->vcpu_info->evtchn_upcall_mask = 1;
    regs->rsp = sp;
    regs->rip = handler;
    regs->cs = FLAT_RING3_CS64;
    regs->ss = FLAT_RING3_DS32;
    regs->rflags &=
        ~(X86_EFLAGS_TF | X86_EFLAGS_NT | X86_EFLAGS_RF | X86_EFLAGS_VM | X86_EFLAGS_AC);
    regs->rflags |= X86_EFLAGS_IF;
}

/** An exception raised while a guest ran: hand it to the guest's handler. */
void pv_guest_trap(struct cpu_user_regs *regs);

bool pv_emulate_privileged_op(struct cpu_user_regs *regs);
bool pv_ptwr_emulate(struct cpu_user_regs *regs, unsigned long addr);
bool pv_mmio_ro_emulate(struct cpu_user_regs *regs, unsigned long addr);

void pv_guest_trap(struct cpu_user_regs *regs)
{
    struct vcpu *v = current;
    unsigned int vec = regs->entry_vector;
    const struct trap_info *ti;

    /*
     * A privileged instruction of the guest kernel we emulate, or cpuid behind
     * its prefix. One it may not run can turn its #GP into another exception.
     */
    if ( (vec == 13 || vec == 6) && pv_emulate_privileged_op(regs) )
        return;
    vec = regs->entry_vector;
    ti = &v->arch->traps[vec];
    /*
     * A write to one of its (read-only) page tables: validate and apply it.
     * The hardware domain's store to read-only MMIO: drop it.
     */
    if ( vec == 14 && (pv_ptwr_emulate(regs, read_cr2()) || pv_mmio_ro_emulate(regs, read_cr2())) )
        return;

    if ( vec == 14 )
    {
        v->vcpu_info->arch.cr2 = read_cr2();
        /* The CPU saw ring 3; the guest kernel must see its own mode. */
        if ( v->arch->flags & TF_kernel_mode )
            regs->error_code &= ~4u;
    }
    if ( ti->address == 0 )
    {
        printk("d%uv%u: exception %u (error %#x) at rip %#lx, rsp %#lx, cr2 %#lx, no handler\n",
               v->domain->domain_id, v->vcpu_id, vec, regs->error_code, (unsigned long)regs->rip,
               (unsigned long)regs->rsp, vec == 14 ? read_cr2() : 0UL);
        pv_crash_current("unhandled exception, vector", vec);
    }
    create_bounce_frame(v, regs, ti->address, TRAP_HAS_ERRCODE(vec), regs->error_code,
                        TI_GET_IF(ti));
}

/* The rflags bits sysretq keeps from r11 (it clears RF and VM, sets bit 1). */
#define SYSRET_RFLAGS_KEPT 0x3c7fd7UL

/*
 * Whether sysretq restores regs exactly, as iretq would. A syscall frame's rcx
 * and r11 are dead (see PV_SYSCALL_VECTOR): they become rip and rflags first.
 */
static bool frame_allows_sysret(struct cpu_user_regs *regs)
{
    if ( regs->entry_vector == PV_SYSCALL_VECTOR )
    {
        regs->rcx = regs->rip;
        regs->r11 = regs->rflags;
    }
    return regs->rcx == regs->rip && regs->r11 == regs->rflags && x86_canonical(regs->rip) &&
           regs->cs == FLAT_RING3_CS64 && regs->ss == FLAT_RING3_DS32 &&
           (regs->rflags & ~SYSRET_RFLAGS_KEPT) == 0 && (regs->rflags & 2) &&
           (regs->rflags & (X86_EFLAGS_IOPL | X86_EFLAGS_NT)) == 0 &&
           (regs->rflags & X86_EFLAGS_IF);
}

/**
 * Run softirqs and deliver a pending event upcall before returning to a guest
 * (interrupts off on entry and return); true when sysretq may do the return.
 */
bool pv_exit_to_guest(struct cpu_user_regs *regs);

bool pv_exit_to_guest(struct cpu_user_regs *regs)
{
    struct vcpu *v = current;

    /* Interrupts go on only for softirqs: the usual return has none pending. */
    while ( softirq_pending(smp_processor_id()) )
    {
        local_irq_enable();
        do_softirq(); /* may switch to another vCPU: does not return then */
        local_irq_disable();
    }
    /*
     * A rip the CPU cannot load (a hypercall made from the last bytes of the
     * lower half, an emulated instruction ending there): iretq would fault in
     * ring 0. The guest gets the #GP(0) the jump there would have raised.
     */
    if ( !x86_canonical(regs->rip) )
    {
        const struct trap_info *gp = &v->arch->traps[13];

        if ( gp->address == 0 )
            pv_crash_current("return to a non-canonical rip, no #GP handler", regs->rip);
        create_bounce_frame(v, regs, gp->address, true, 0, TI_GET_IF(gp));
    }
    if ( v->vcpu_info->evtchn_upcall_pending && !v->vcpu_info->evtchn_upcall_mask &&
         v->arch->event_callback_eip )
        create_bounce_frame(v, regs, v->arch->event_callback_eip, false, 0, true);
    return frame_allows_sysret(regs);
}

/* ---------------------------------------------------------- hypercalls */

long do_set_trap_table(uint64_t traps);

long do_set_trap_table(uint64_t traps)
{
    struct arch_vcpu *a = current->arch;

    if ( traps == 0 )
    {
        for ( unsigned int i = 0; i < 256; i++ )
            a->traps[i].address = 0;
        return 0;
    }
    for ( unsigned int i = 0; i < 256; i++ )
    {
        struct trap_info ti;

        if ( copy_from_guest_va(&ti, traps + i * sizeof(ti), sizeof(ti)) )
            return -EFAULT;
        if ( ti.address == 0 )
            return 0;
        if ( !guest_range_ok(ti.address, 1) )
            return -EINVAL;
        a->traps[ti.vector] = ti;
    }
    return 0; /* a table of 256 entries needs no terminator */
}

long do_set_callbacks(uint64_t event, uint64_t failsafe, uint64_t syscall);

long do_set_callbacks(uint64_t event, uint64_t failsafe, uint64_t syscall)
{
    struct arch_vcpu *a = current->arch;

    if ( !guest_range_ok(event, 1) || !guest_range_ok(failsafe, 1) || !guest_range_ok(syscall, 1) )
        return -EINVAL;
    a->event_callback_eip = event;
    a->failsafe_callback_eip = failsafe;
    a->syscall_callback_eip = syscall;
    return 0;
}

long do_callback_op(int cmd, uint64_t arg);

long do_callback_op(int cmd, uint64_t arg)
{
    struct callback_register reg;
    struct callback_unregister unreg;
    struct arch_vcpu *a = current->arch;

    switch ( cmd )
    {
    case CALLBACKOP_register:
        if ( copy_from_guest_va(&reg, arg, sizeof(reg)) )
            return -EFAULT;
        if ( !guest_range_ok(reg.address, 1) )
            return -EINVAL;
        switch ( reg.type )
        {
        case CALLBACKTYPE_event:
            a->event_callback_eip = reg.address;
            return 0;
        case CALLBACKTYPE_failsafe:
            a->failsafe_callback_eip = reg.address;
            return 0;
        case CALLBACKTYPE_syscall:
            a->syscall_callback_eip = reg.address;
            return 0;
        case CALLBACKTYPE_nmi:
            a->nmi_callback_eip = reg.address;
            return 0;
        default:
            return -ENOSYS;
        }
    case CALLBACKOP_unregister:
        if ( copy_from_guest_va(&unreg, arg, sizeof(unreg)) )
            return -EFAULT;
        switch ( unreg.type )
        {
        case CALLBACKTYPE_nmi:
            a->nmi_callback_eip = 0;
            return 0;
        case CALLBACKTYPE_event:
        case CALLBACKTYPE_failsafe:
        case CALLBACKTYPE_syscall:
        case CALLBACKTYPE_syscall32:
        case CALLBACKTYPE_sysenter:
            return -EINVAL; /* as Xen: these stay registered */
        default:
            return -ENOSYS;
        }
    default:
        return -ENOSYS;
    }
}

long do_nmi_op(unsigned int cmd, uint64_t arg);

long do_nmi_op(unsigned int cmd, uint64_t arg)
{
    struct xennmi_callback cb;

    switch ( cmd )
    {
    case XENNMI_register_callback:
        if ( copy_from_guest_va(&cb, arg, sizeof(cb)) )
            return -EFAULT;
        if ( cb._pad0 != 0 || !guest_range_ok(cb.handler_address, 1) )
            return -EINVAL;
        current->arch->nmi_callback_eip = cb.handler_address;
        return 0;
    case XENNMI_unregister_callback:
        current->arch->nmi_callback_eip = 0;
        return 0;
    default:
        return -ENOSYS;
    }
}

long do_stack_switch(unsigned long ss, unsigned long sp);

long do_stack_switch(unsigned long ss, unsigned long sp)
{
    if ( !guest_range_ok(sp, 1) )
        return -EINVAL;
    current->arch->kernel_ss = (uint32_t)ss;
    current->arch->kernel_sp = sp;
    return 0;
}

/* The iret hypercall: regs is the syscall frame; the guest's iret_context is at its rsp. */
long do_iret(struct cpu_user_regs *regs);

long do_iret(struct cpu_user_regs *regs)
{
    struct vcpu *v = current;
    struct iret_context ctx;

    if ( copy_from_guest_va(&ctx, regs->rsp, sizeof(ctx)) )
        pv_crash_current("iret: unreadable frame at guest rsp", regs->rsp);
    if ( !guest_range_ok(ctx.rip, 1) )
        pv_crash_current("iret: rip in the hypervisor's range", ctx.rip);

    /* Returning to user mode (RPL 3 as the guest sees it)? */
    if ( (ctx.cs & 3) == 3 && (v->arch->flags & TF_kernel_mode) )
        pv_toggle_guest_mode(v);

    regs->rip = ctx.rip;
    regs->cs = FLAT_RING3_CS64; /* whatever the guest asked: ring 3, 64-bit */
    regs->rsp = ctx.rsp;
    regs->ss = FLAT_RING3_DS32;
    regs->rflags =
        (ctx.rflags & ~(X86_EFLAGS_IOPL | X86_EFLAGS_VM | X86_EFLAGS_NT)) | X86_EFLAGS_IF;
    v->vcpu_info->evtchn_upcall_mask = !(ctx.rflags & X86_EFLAGS_IF);
    if ( !(ctx.flags & VGCF_in_syscall) )
    {
        /* The guest's rcx and r11 come back: sysretq only if they equal rip and rflags. */
        regs->r11 = ctx.r11;
        regs->rcx = ctx.rcx;
        regs->entry_vector = PV_IRET_VECTOR;
    }
    return (long)ctx.rax; /* becomes regs->rax */
}

/** A syscall from guest user mode: enter the guest kernel's syscall callback. */
void pv_bounce_syscall(struct cpu_user_regs *regs);

void pv_bounce_syscall(struct cpu_user_regs *regs)
{
    struct vcpu *v = current;

    if ( v->arch->syscall_callback_eip == 0 )
        pv_crash_current("syscall from user mode with no syscall callback", regs->rip);
    create_bounce_frame(v, regs, v->arch->syscall_callback_eip, false, 0, false);
}
