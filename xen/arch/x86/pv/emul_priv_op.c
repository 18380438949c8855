/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Privileged instructions of a PV guest kernel, emulated: a PV kernel runs in
 * ring 3, so wrmsr, rdmsr, cli/sti, clts, mov to/from %cr0/%cr3/%cr4, wbinvd,
 * hlt and (for a domain with a virtual IOPL) in/out trap with #GP; so does
 * cpuid behind Xen's forced-emulation prefix (ud2; "xen"; cpuid) with #UD.
 * Each is decoded from the guest's own code (copied in, never trusted),
 * checked, applied to the vCPU's virtual state, and rip moves past it.
 * Anything else is left to the guest's #GP/#UD handler.
 */
#include <asm/current.h>
#include <asm/domain.h>
#include <asm/guest_access.h>
#include <asm/io.h>
#include <asm/processor.h>
#include <asm/vmce.h>
#include <asm/xstate.h>
#include <public/xen.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/softirq.h>

long do_set_segment_base(unsigned int which, uint64_t base);
long do_fpu_taskswitch(int set);

#define MAX_INSN 15

/*
 * The CR4 bits a PV kernel sets itself (mov to %cr4); the others read as
 * PV_CR4_FIXED whatever it writes, as on Xen. OSXSAVE, with XSAVE: XSETBV
 * raises #UD without it (the hardware's CR4.OSXSAVE stays on, so xgetbv and
 * the guest's own xsave/xrstor work regardless, as on Xen 4.17). FSGSBASE,
 * where the CPU has it: set in the hardware while the guest runs, so its
 * kernel and user space may use rdfsbase/wrfsbase/rdgsbase/wrgsbase (the
 * context switch saves the bases from the registers).
 */
static uint64_t pv_cr4_guest_bits(void)
{
    return (xstate_host_mask ? X86_CR4_OSXSAVE : 0) | (cpu_has_fsgsbase ? X86_CR4_FSGSBASE : 0);
}

/* A new guest CR4: its own bits kept, and FSGSBASE applied to the CPU at once. */
static void write_guest_cr4(struct vcpu *v, uint64_t val)
{
    v->arch->guest_cr4 = PV_CR4_FIXED | (val & pv_cr4_guest_bits());
    if ( (read_cr4() ^ v->arch->guest_cr4) & X86_CR4_FSGSBASE )
        write_cr4(read_cr4() ^ X86_CR4_FSGSBASE);
}

/* XSETBV (0f 01 d1): #UD without the guest's CR4.OSXSAVE, #GP(0) for a bad XCR0. */
static bool emulate_xsetbv(struct vcpu *v, struct cpu_user_regs *r)
{
    uint64_t val = (r->rdx << 32) | (uint32_t)r->rax;

    if ( !(v->arch->guest_cr4 & X86_CR4_OSXSAVE) )
    {
        r->entry_vector = 6;
        return false;
    }
    if ( !xstate_xcr0_valid((uint32_t)r->rcx, val) )
        return false;
    xstate_set_guest_xcr0(v->arch, val);
    return true;
}

static uint64_t *gpr(struct cpu_user_regs *r, unsigned int n)
{
    switch ( n & 15 )
    {
    case 0:
        return &r->rax;
    case 1:
        return &r->rcx;
    case 2:
        return &r->rdx;
    case 3:
        return &r->rbx;
    case 4:
        return &r->rsp;
    case 5:
        return &r->rbp;
    case 6:
        return &r->rsi;
    case 7:
        return &r->rdi;
    case 8:
        return &r->r8;
    case 9:
        return &r->r9;
    case 10:
        return &r->r10;
    case 11:
        return &r->r11;
    case 12:
        return &r->r12;
    case 13:
        return &r->r13;
    case 14:
        return &r->r14;
    default:
        return &r->r15;
    }
}

/*
 * IA32_MISC_ENABLE as guests read it: fast strings on, branch-trace and PEBS
 * unavailable, nothing else (the rest are the machine's power and thermal knobs).
 */
static uint64_t guest_misc_enable(void)
{
    return MISC_ENABLE_FAST_STRING | MISC_ENABLE_BTS_UNAVAIL | MISC_ENABLE_PEBS_UNAVAIL;
}

static bool emulate_wrmsr(struct cpu_user_regs *r)
{
    uint64_t v = (r->rdx << 32) | (uint32_t)r->rax;

    switch ( (uint32_t)r->rcx )
    {
    case MSR_FS_BASE:
        return do_set_segment_base(SEGBASE_FS, v) == 0;
    case MSR_GS_BASE:
        return do_set_segment_base(SEGBASE_GS_KERNEL, v) == 0;
    case MSR_SHADOW_GS_BASE:
        return do_set_segment_base(SEGBASE_GS_USER, v) == 0;
    case MSR_IA32_MISC_ENABLE:
        return v == guest_misc_enable(); /* a write that changes nothing */
    case MSR_IA32_UCODE_REV:
        return true; /* Intel's "write 0, cpuid, read" dance: microcode is not the guest's */
    case MSR_TSC_AUX:
        /* What rdtscp returns: any 32-bit value, loaded at once. */
        if ( !cpu_has_rdtscp || (v >> 32) != 0 )
            return false;
        current->arch->tsc_aux = v;
        wrmsr(MSR_TSC_AUX, v);
        return true;
    default:
        /* The machine-check MSRs, or the guest's #GP handler decides (wrmsr_safe). */
        return vmce_wrmsr(current, (uint32_t)r->rcx, v);
    }
}

static bool emulate_rdmsr(struct cpu_user_regs *r)
{
    const struct arch_vcpu *a = current->arch;
    uint64_t v;

    switch ( (uint32_t)r->rcx )
    {
    case MSR_FS_BASE: /* the register: the guest may have used wrfsbase */
        v = rdmsr(MSR_FS_BASE);
        break;
    case MSR_GS_BASE:
        v = (a->flags & TF_kernel_mode) ? rdmsr(MSR_GS_BASE) : rdmsr(MSR_SHADOW_GS_BASE);
        break;
    case MSR_SHADOW_GS_BASE:
        v = (a->flags & TF_kernel_mode) ? rdmsr(MSR_SHADOW_GS_BASE) : rdmsr(MSR_GS_BASE);
        break;
    case MSR_EFER:
        v = rdmsr(MSR_EFER) & (EFER_SCE | EFER_LME | (1UL << 10) | EFER_NXE);
        break;
    case MSR_IA32_MISC_ENABLE:
        v = guest_misc_enable();
        break;
    case MSR_IA32_CR_PAT:
        v = PV_PAT;
        break;
    case MSR_IA32_PLATFORM_ID:
    case MSR_IA32_UCODE_REV:
        v = 0; /* no microcode facts for guests, as Xen */
        break;
    case MSR_TSC_AUX:
        if ( !cpu_has_rdtscp )
            return false;
        v = a->tsc_aux;
        break;
    case MSR_ARCH_CAPABILITIES:
        /* CPUID.7.EDX says it exists, as on Xen 4.17; it claims no immunity. */
        v = 0;
        break;
    case MSR_IA32_FEATURE_CONTROL:
        if ( !cpu_vendor_is_intel() )
            return false;
        v = FEATURE_CONTROL_LOCKED; /* locked, with neither VMX nor local machine checks */
        break;
    default:
        if ( !vmce_rdmsr(current, (uint32_t)r->rcx, &v) )
            return false;
        break;
    }
    r->rax = (uint32_t)v;
    r->rdx = v >> 32;
    return true;
}

void pv_cpuid(struct cpu_user_regs *r); /* cpuid.c */

/* Port I/O instructions for a vCPU whose virtual IOPL allows them (after set_iopl). */
static bool guest_io_okay(const struct vcpu *v)
{
    return v->arch->iopl >= 1;
}

/*
 * Whether an access to ports [port, port + size) reaches the hardware: only
 * for ports the domain was given (ioport_permission; dom0 has all but the
 * hypervisor's serial port). Others (a domU probing PCI config space at boot)
 * read all ones and write nothing, as on Xen.
 */
static bool admin_io_okay(const struct vcpu *v, unsigned int port, unsigned int size)
{
    return rangeset_contains(&v->domain->ioport_caps, port, port + size - 1);
}

static void do_in(struct cpu_user_regs *r, unsigned int port, unsigned int size)
{
    uint32_t v;

    if ( size == 1 )
        v = inb(port);
    else if ( size == 2 )
    {
        uint16_t w;

        __asm__ __volatile__("inw %w1, %0" : "=a"(w) : "Nd"(port));
        v = w;
    }
    else
        __asm__ __volatile__("inl %w1, %0" : "=a"(v) : "Nd"(port));
    if ( size == 4 )
        r->rax = v; /* a 32-bit result zero-extends */
    else
        r->rax = (r->rax & ~((1UL << (size * 8)) - 1)) | v;
}

static void do_out(const struct cpu_user_regs *r, unsigned int port, unsigned int size)
{
    if ( size == 1 )
        outb((uint8_t)r->rax, port);
    else if ( size == 2 )
        __asm__ __volatile__("outw %w0, %w1" : : "a"((uint16_t)r->rax), "Nd"(port));
    else
        outl((uint32_t)r->rax, port);
}

/** A #GP or #UD from guest kernel mode: emulate the instruction if we may. */
bool pv_emulate_privileged_op(struct cpu_user_regs *regs);

bool pv_emulate_privileged_op(struct cpu_user_regs *regs)
{
    struct vcpu *v = current;
    uint8_t insn[MAX_INSN];
    unsigned int i = 0, opsize = 4;
    uint8_t rex = 0;
    unsigned long got = MAX_INSN - copy_from_guest_va(insn, regs->rip, MAX_INSN);

    if ( !(v->arch->flags & TF_kernel_mode) || got == 0 )
        return false;

    if ( regs->entry_vector == 6 )
    {
        /* Forced emulation prefix: ud2; 'x' 'e' 'n'; cpuid. */
        if ( got >= 7 && insn[0] == 0x0f && insn[1] == 0x0b && insn[2] == 'x' && insn[3] == 'e' &&
             insn[4] == 'n' && insn[5] == 0x0f && insn[6] == 0xa2 )
        {
            pv_cpuid(regs);
            regs->rip += 7;
            return true;
        }
        return false;
    }
    if ( regs->entry_vector != 13 )
        return false;

    /* Prefixes: operand size and REX only. */
    for ( ; i < got; i++ )
    {
        if ( insn[i] == 0x66 )
            opsize = 2;
        else if ( (insn[i] & 0xf0) == 0x40 )
            rex = insn[i];
        else
            break;
    }
    if ( i >= got )
        return false;

    switch ( insn[i] )
    {
    case 0xfa: /* cli */
    case 0xfb: /* sti */
        /*
         * With a virtual IOPL, nothing, as on Xen 4.17: the event mask is not
         * touched, since a kernel's popf (which cannot trap) could never undo
         * it (Linux's MCE set-up left events masked for good). Without, #GP.
         */
        if ( !guest_io_okay(v) )
            return false;
        regs->rip += i + 1;
        return true;
    case 0xf4: /* hlt: sleep until an event */
        regs->rip += i + 1;
        v->vcpu_info->evtchn_upcall_mask = 0;
        if ( !v->vcpu_info->evtchn_upcall_pending )
            vcpu_block(v);
        return true;
    case 0xe4:
    case 0xe5:
    case 0xec:
    case 0xed: /* in */
    case 0xe6:
    case 0xe7:
    case 0xee:
    case 0xef: /* out */
    {
        bool imm = insn[i] < 0xec, in = (insn[i] & 2) == 0;
        unsigned int size = (insn[i] & 1) ? opsize : 1;
        unsigned int port;

        if ( !guest_io_okay(v) || (imm && i + 1 >= got) )
            return false;
        port = imm ? insn[i + 1] : (uint16_t)regs->rdx;
        if ( !admin_io_okay(v, port, size) )
        {
            if ( in )
                regs->rax = size == 4 ? 0xffffffffUL : regs->rax | ((1UL << (size * 8)) - 1);
        }
        else if ( in )
            do_in(regs, port, size);
        else
            do_out(regs, port, size);
        regs->rip += i + (imm ? 2 : 1);
        return true;
    }
    case 0x0f:
        break;
    default:
        return false;
    }

    if ( ++i >= got )
        return false;
    switch ( insn[i] )
    {
    case 0x30: /* wrmsr */
        if ( !emulate_wrmsr(regs) )
            return false;
        regs->rip += i + 1;
        return true;
    case 0x32: /* rdmsr */
        if ( !emulate_rdmsr(regs) )
            return false;
        regs->rip += i + 1;
        return true;
    case 0x06: /* clts */
        do_fpu_taskswitch(0);
        regs->rip += i + 1;
        return true;
    case 0x01: /* xsetbv */
        if ( i + 1 >= got || insn[i + 1] != 0xd1 || !emulate_xsetbv(v, regs) )
            return false;
        regs->rip += i + 2;
        return true;
    case 0x09: /* wbinvd: the guest cannot reach caches it could flush usefully */
        regs->rip += i + 1;
        return true;
    case 0x20: /* mov %crN, reg */
    case 0x22: /* mov reg, %crN */
    {
        uint8_t modrm;
        unsigned int cr, reg;
        uint64_t *r;

        if ( i + 1 >= got || ((modrm = insn[i + 1]) >> 6) != 3 )
            return false;
        cr = ((modrm >> 3) & 7) | ((rex & 4) ? 8 : 0);
        reg = (modrm & 7) | ((rex & 1) ? 8 : 0);
        r = gpr(regs, reg);
        if ( insn[i] == 0x20 )
        {
            if ( cr == 0 )
                *r = (read_cr0() & ~X86_CR0_TS) | (v->arch->guest_cr0_ts ? X86_CR0_TS : 0);
            else if ( cr == 2 )
                *r = v->vcpu_info->arch.cr2;
            else if ( cr == 3 )
                *r = (uint64_t)mfn_x(v->arch->guest_table) << PAGE_SHIFT;
            else if ( cr == 4 )
                *r = v->arch->guest_cr4;
            else
                return false;
        }
        else
        {
            if ( cr == 0 )
                do_fpu_taskswitch((*r & X86_CR0_TS) != 0); /* only TS is the guest's */
            else if ( cr == 2 )
                v->vcpu_info->arch.cr2 = *r;
            else if ( cr == 4 )
                write_guest_cr4(v, *r);
            else
                return false;
        }
        regs->rip += i + 2;
        return true;
    }
    default:
        return false;
    }
}
