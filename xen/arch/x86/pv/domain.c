/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The x86 side of domains and vCPUs: their arch state, each CPU's idle vCPU,
 * and the context switch between vCPUs on a CPU.
 */
#include <asm/current.h>
#include <asm/domain.h>
#include <asm/mm.h>
#include <asm/processor.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/string.h>
#include <xen/xmalloc.h>

__noreturn void pv_enter_guest(struct cpu_user_regs *frame);
__noreturn void reset_stack_and_call(void (*fn)(void), void *stack);
__noreturn void idle_loop(void);
void pv_update_vcpu_time(struct vcpu *v);
void fpu_context_switch(struct vcpu *prev, struct vcpu *next);

static struct domain idle_domain = {.domain_id = DOMID_IDLE};
static struct vcpu idle_vcpus[NR_CPUS];

int arch_domain_create(struct domain *d)
{
    d->arch = xzalloc(struct arch_domain);
    return d->arch ? 0 : -ENOMEM;
}

int arch_vcpu_create(struct vcpu *v)
{
    v->arch = xzalloc(struct arch_vcpu);
    if ( v->arch == NULL )
        return -ENOMEM;
    v->arch->guest_table = INVALID_MFN;
    v->arch->guest_table_user = INVALID_MFN;
    v->arch->flags = TF_kernel_mode;
    return 0;
}

bool is_idle_vcpu(const struct vcpu *v)
{
    return v->domain == &idle_domain;
}

struct vcpu *current_vcpu(void)
{
    struct cpu_info *ci = get_cpu_info();

    if ( ci->current_vcpu == NULL )
    {
        /* First use on this CPU: it is running its idle vCPU. */
        struct vcpu *idle = &idle_vcpus[ci->processor_id];

        idle->domain = &idle_domain;
        idle->processor = ci->processor_id;
        ci->current_vcpu = idle;
    }
    return ci->current_vcpu;
}

static void idle_entry(void)
{
    write_cr3(__pa(idle_pg_table));
    idle_loop();
}

void arch_context_switch(struct vcpu *prev, struct vcpu *next)
{
    struct cpu_info *ci = get_cpu_info();

    local_irq_disable();
    if ( !is_idle_vcpu(prev) )
    {
        prev->arch->user_regs = ci->guest_cpu_user_regs;
        prev->arch->fs_base = rdmsr(MSR_FS_BASE);
        if ( prev->arch->flags & TF_kernel_mode )
        {
            prev->arch->gs_base_kernel = rdmsr(MSR_GS_BASE);
            prev->arch->gs_base_user = rdmsr(MSR_SHADOW_GS_BASE);
        }
        else
        {
            prev->arch->gs_base_user = rdmsr(MSR_GS_BASE);
            prev->arch->gs_base_kernel = rdmsr(MSR_SHADOW_GS_BASE);
        }
        prev->is_running = false;
    }

    fpu_context_switch(is_idle_vcpu(prev) ? NULL : prev, next);
    if ( next == NULL )
    {
        ci->current_vcpu = &idle_vcpus[ci->processor_id];
        reset_stack_and_call(idle_entry, ci);
    }

    ci->current_vcpu = next;
    next->is_running = true;
    ci->guest_cpu_user_regs = next->arch->user_regs;
    wrmsr(MSR_FS_BASE, next->arch->fs_base);
    if ( next->arch->flags & TF_kernel_mode )
    {
        wrmsr(MSR_GS_BASE, next->arch->gs_base_kernel);
        wrmsr(MSR_SHADOW_GS_BASE, next->arch->gs_base_user);
        write_cr3((uint64_t)mfn_x(next->arch->guest_table) << PAGE_SHIFT);
    }
    else
    {
        wrmsr(MSR_GS_BASE, next->arch->gs_base_user);
        wrmsr(MSR_SHADOW_GS_BASE, next->arch->gs_base_kernel);
        write_cr3((uint64_t)mfn_x(mfn_valid(next->arch->guest_table_user)
                                      ? next->arch->guest_table_user
                                      : next->arch->guest_table)
                  << PAGE_SHIFT);
    }
    pv_update_vcpu_time(next);
    pv_enter_guest(&ci->guest_cpu_user_regs);
}
