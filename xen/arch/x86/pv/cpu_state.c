/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The small CPU-state hypercalls of a 64-bit PV kernel: segment bases
 * (set_segment_base), the virtual CR0.TS (fpu_taskswitch) and vm_assist; and
 * the vCPU's FPU/SSE state, saved and restored on every context switch.
 */
#include <asm/current.h>
#include <asm/domain.h>
#include <asm/guest_access.h>
#include <asm/processor.h>
#include <asm/xstate.h>
#include <public/xen.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/string.h>

/* vm_assist types a 64-bit PV guest may set: Xen 4.0's four. */
#define VMASST_VALID_MASK ((1UL << (MAX_VMASST_TYPE + 1)) - 1)

static bool is_canonical(uint64_t a)
{
    return (int64_t)(a << 16) >> 16 == (int64_t)a;
}

long do_set_segment_base(unsigned int which, uint64_t base);

long do_set_segment_base(unsigned int which, uint64_t base)
{
    struct arch_vcpu *a = current->arch;
    bool kernel = a->flags & TF_kernel_mode;

    if ( which != SEGBASE_GS_USER_SEL && !is_canonical(base) )
        return -EINVAL;
    switch ( which )
    {
    case SEGBASE_FS:
        wrmsr(MSR_FS_BASE, base);
        a->fs_base = base;
        return 0;
    case SEGBASE_GS_USER:
        /* In kernel mode the user base waits in the shadow register. */
        wrmsr(kernel ? MSR_SHADOW_GS_BASE : MSR_GS_BASE, base);
        a->gs_base_user = base;
        return 0;
    case SEGBASE_GS_KERNEL:
        wrmsr(kernel ? MSR_GS_BASE : MSR_SHADOW_GS_BASE, base);
        a->gs_base_kernel = base;
        return 0;
    case SEGBASE_GS_USER_SEL:
    {
        /* Load the user %gs selector; a bad one loads the null selector instead. */
        uint16_t sel = (uint16_t)base;
        unsigned long flags = arch_irq_save();

        if ( kernel )
            __asm__ __volatile__("swapgs");
        __asm__ __volatile__("1: mov %w0, %%gs\n"
                             "2:\n"
                             ".section .fixup, \"ax\"\n"
                             "3: xor %k0, %k0\n"
                             "   mov %k0, %%gs\n"
                             "   jmp 2b\n"
                             ".previous\n"
                             ".section __ex_table, \"a\"\n"
                             ".balign 8\n"
                             ".quad 1b, 3b\n"
                             ".previous"
                             : "+r"(sel));
        a->gs_base_user = rdmsr(MSR_GS_BASE);
        if ( kernel )
            __asm__ __volatile__("swapgs");
        arch_irq_restore(flags);
        return 0;
    }
    default:
        return -EINVAL;
    }
}

long do_fpu_taskswitch(int set);

long do_fpu_taskswitch(int set)
{
    struct arch_vcpu *a = current->arch;

    a->guest_cr0_ts = set != 0;
    write_cr0(set ? read_cr0() | X86_CR0_TS : read_cr0() & ~X86_CR0_TS);
    return 0;
}

long do_vm_assist(unsigned int cmd, unsigned int type);

long do_vm_assist(unsigned int cmd, unsigned int type)
{
    struct domain *d = current->domain;

    if ( type > 63 || !((VMASST_VALID_MASK >> type) & 1) )
        return cmd > VMASST_CMD_disable ? -ENOSYS : -EINVAL;
    switch ( cmd )
    {
    case VMASST_CMD_enable:
        d->arch->vm_assist |= 1UL << type;
        return 0;
    case VMASST_CMD_disable:
        d->arch->vm_assist &= ~(1UL << type);
        return 0;
    default:
        return -ENOSYS;
    }
}

/**
 * Set up this CPU for FPU/SSE use (CR0.MP|NE, no EM, CR4.OSFXSR|OSXMMEXCPT),
 * XSAVE with the components we switch, and SMEP; note RDTSCP and FSGSBASE.
 */
void fpu_cpu_init(void);

bool cpu_has_rdtscp, cpu_has_fsgsbase;

void fpu_cpu_init(void)
{
    cpu_has_rdtscp = cpuid(0x80000000).a >= 0x80000001 && (cpuid(0x80000001).d & (1u << 27)) != 0;
    cpu_has_fsgsbase = cpuid(0).a >= 7 && (cpuid_count(7, 0).b & 1) != 0;
    write_cr0((read_cr0() | X86_CR0_MP | X86_CR0_NE) & ~(X86_CR0_EM | X86_CR0_TS));
    write_cr4(read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT);
    xstate_cpu_init();
    /* SMEP: the hypervisor never executes a page a guest (ring 3) can map. */
    if ( cpuid(0).a >= 7 && (cpuid_count(7, 0).b & (1u << 7)) )
        write_cr4(read_cr4() | X86_CR4_SMEP);
}

/**
 * Save prev's extended state (x87, SSE, AVX) and load next's, with next's
 * XCR0 and CR0.TS. State is switched eagerly: the guest's CR0.TS only decides
 * whether its own FPU use raises #NM (fpu_taskswitch).
 */
void fpu_context_switch(struct vcpu *prev, struct vcpu *next);

void fpu_context_switch(struct vcpu *prev, struct vcpu *next)
{
    write_cr0(read_cr0() & ~X86_CR0_TS);
    if ( prev && prev->arch )
    {
        xstate_save(prev->arch);
        prev->arch->fpu_initialised = true;
    }
    if ( next == NULL )
        return;
    xstate_restore(next->arch);
    if ( next->arch->guest_cr0_ts )
        write_cr0(read_cr0() | X86_CR0_TS);
}
