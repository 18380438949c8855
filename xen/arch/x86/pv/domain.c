/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The x86 side of domains and vCPUs: their arch state, each CPU's idle vCPU,
 * and the context switch between vCPUs on a CPU.
 */
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/domain.h>
#include <asm/mm.h>
#include <asm/processor.h>
#include <asm/pv_mm.h>
#include <asm/vmce.h>
#include <asm/xstate.h>
#include <public/xen.h>
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

int pv_vcpu_gdt_init(struct vcpu *v);
void pv_load_vcpu_gdt(struct vcpu *v);

int arch_vcpu_create(struct vcpu *v)
{
    int rc;

    v->arch = xzalloc(struct arch_vcpu);
    if ( v->arch == NULL )
        return -ENOMEM;
    v->arch->guest_table = INVALID_MFN;
    v->arch->guest_table_user = INVALID_MFN;
    v->arch->vcpu_info_mfn = INVALID_MFN;
    v->arch->flags = TF_kernel_mode;
    v->arch->guest_cr4 = PV_CR4_FIXED;
    v->arch->vmce_caps = vmce_guest_caps();
    rc = xstate_alloc(v->arch);
    if ( rc == 0 && (rc = pv_vcpu_gdt_init(v)) == 0 )
        return 0;
    xstate_free(v->arch);
    xfree(v->arch);
    v->arch = NULL;
    return rc;
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
    write_cr3_flush(__pa(idle_pg_table));
    flush_tlb_idle_enter();
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
    }

    fpu_context_switch(is_idle_vcpu(prev) ? NULL : prev, next);
    /* prev's state is all saved: from here another CPU may take it (sched_credit.c). */
    if ( !is_idle_vcpu(prev) )
        __atomic_store_n(&prev->is_running, false, __ATOMIC_RELEASE);
    if ( next == NULL )
    {
        load_cpu_gdt(ci->processor_id);
        ci->current_vcpu = &idle_vcpus[ci->processor_id];
        reset_stack_and_call(idle_entry, ci);
    }

    ci->current_vcpu = next;
    next->is_running = true;
    flush_tlb_idle_leave(); /* before the GDT window and the guest's tables are used */
    pv_load_vcpu_gdt(next);
    ci->guest_cpu_user_regs = next->arch->user_regs;
    wrmsr(MSR_FS_BASE, next->arch->fs_base);
    if ( cpu_has_rdtscp )
        wrmsr(MSR_TSC_AUX, next->arch->tsc_aux);
    /* rdfsbase and friends work in the guest exactly when its own CR4 says so. */
    if ( cpu_has_fsgsbase && ((read_cr4() ^ next->arch->guest_cr4) & X86_CR4_FSGSBASE) )
        write_cr4(read_cr4() ^ X86_CR4_FSGSBASE);
    if ( next->arch->flags & TF_kernel_mode )
    {
        wrmsr(MSR_GS_BASE, next->arch->gs_base_kernel);
        wrmsr(MSR_SHADOW_GS_BASE, next->arch->gs_base_user);
        write_cr3_flush((uint64_t)mfn_x(next->arch->guest_table) << PAGE_SHIFT);
    }
    else
    {
        wrmsr(MSR_GS_BASE, next->arch->gs_base_user);
        wrmsr(MSR_SHADOW_GS_BASE, next->arch->gs_base_kernel);
        write_cr3_flush((uint64_t)mfn_x(mfn_valid(next->arch->guest_table_user)
                                            ? next->arch->guest_table_user
                                            : next->arch->guest_table)
                        << PAGE_SHIFT);
    }
    pv_update_vcpu_time(next);
    vcpu_update_runstate_area(next);
    pv_enter_guest(&ci->guest_cpu_user_regs);
}

#include <xen/guest_access.h>
#include <xen/spinlock.h>

int pv_vcpu_set_context(struct vcpu *v, const struct vcpu_guest_context *c);

/* Serialises VCPUOP_initialise calls: a vCPU is initialised once, whoever asks. */
static DEFINE_SPINLOCK(vcpu_initialise_lock);

/* VCPUOP_initialise: the whole context (pv/vcpu_context.c), once; VCPUOP_up starts the vCPU. */
int arch_vcpu_initialise(struct vcpu *v, uint64_t ctxt_va)
{
    struct vcpu_guest_context *c = xmalloc(struct vcpu_guest_context);
    int rc;

    if ( c == NULL )
        return -ENOMEM;
    if ( copy_from_guest(c, ctxt_va, sizeof(*c)) )
        rc = -EFAULT;
    else
    {
        spin_lock(&vcpu_initialise_lock);
        rc = v->initialised ? -EEXIST : pv_vcpu_set_context(v, c);
        spin_unlock(&vcpu_initialise_lock);
    }
    xfree(c);
    return rc;
}

void arch_set_vcpu_iopl(struct vcpu *v, unsigned int iopl);

void arch_set_vcpu_iopl(struct vcpu *v, unsigned int iopl)
{
    v->arch->iopl = iopl;
}

int arch_vcpu_map_info(struct vcpu *v, uint64_t gmfn, unsigned int offset)
{
    struct domain *d = v->domain;
    struct vcpu_info *info;
    struct page_info *pg;
    mfn_t mfn = _mfn(gmfn);

    if ( offset > PAGE_SIZE - sizeof(*info) || (offset & 7) )
        return -EINVAL;
    if ( !mfn_eq(v->arch->vcpu_info_mfn, INVALID_MFN) )
        return -EINVAL; /* placed once, for good */
    if ( v != current && !(v->pause_flags & (1UL << VPF_down)) )
        return -EINVAL; /* only itself, or a vCPU that is not running */
    if ( gmfn >> 40 || !mfn_valid(mfn) )
        return -EINVAL;
    pg = mfn_to_page(mfn);
    if ( get_page_and_type(pg, d, PGT_writable_page) )
        return -EINVAL; /* not the domain's, or a page table */

    info = (struct vcpu_info *)((char *)arch_mfn_to_virt(mfn_x(mfn)) + offset);
    memcpy(info, v->vcpu_info, sizeof(*info));
    /* Make the guest rescan every selector word: events may have landed in the old copy. */
    info->evtchn_upcall_pending = 1;
    info->evtchn_pending_sel = ~0UL;
    v->vcpu_info = info;
    v->arch->vcpu_info_mfn = mfn;
    pv_update_vcpu_time(v);
    return 0;
}
