/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PV hypercall interface: the table of hypercalls, the syscall entry that
 * dispatches them (or bounces a guest user's syscall to its kernel), each CPU's
 * syscall stub and MSRs, and the hypercall page written into every PV guest.
 */
#include <asm/config.h>
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/domain.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <public/xen.h>
#include <xen/arch.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/string.h>

/* Every do_* below takes up to five guest arguments (rdi, rsi, rdx, r10, r8). */
typedef long (*hypercall_fn_t)(unsigned long, unsigned long, unsigned long, unsigned long,
                               unsigned long);

long do_set_trap_table(uint64_t traps);
long do_mmu_update(uint64_t ureqs, unsigned long count, uint64_t pdone, unsigned long foreigndom);
long do_set_callbacks(uint64_t event, uint64_t failsafe, uint64_t syscall);
long do_stack_switch(unsigned long ss, unsigned long sp);
long do_update_va_mapping(unsigned long va, uint64_t val, unsigned long flags);
long do_set_timer_op(uint64_t timeout);
long do_xen_version(int cmd, uint64_t arg);
long do_console_io(int cmd, unsigned long count, uint64_t buffer);
long do_vcpu_op(int cmd, unsigned int vcpuid, uint64_t arg);
long do_mmuext_op(uint64_t uops, unsigned long count, uint64_t pdone, unsigned long foreigndom);
long do_sched_op(int cmd, uint64_t arg);
long do_callback_op(int cmd, uint64_t arg);
long do_event_channel_op(int cmd, uint64_t arg);
long do_multicall(uint64_t call_list, unsigned int nr_calls);
long do_nmi_op(unsigned int cmd, uint64_t arg);
long do_set_gdt(uint64_t frame_list, unsigned int entries);
long do_physdev_op(int cmd, uint64_t arg);
long do_platform_op(uint64_t arg);
long do_mca(uint64_t arg);
long do_sysctl(uint64_t arg);
long do_domctl(uint64_t arg);
long do_grant_table_op(unsigned int cmd, uint64_t arg, unsigned int count);
long do_set_segment_base(unsigned int which, uint64_t base);
long do_fpu_taskswitch(int set);
long do_vm_assist(unsigned int cmd, unsigned int type);
long do_update_descriptor(uint64_t maddr, uint64_t desc);
long do_memory_op(unsigned long cmd, uint64_t arg);
long do_iret(struct cpu_user_regs *regs);
void pv_bounce_syscall(struct cpu_user_regs *regs);

/* Each entry adapts the five raw argument registers to the hypercall's own types. */
#define HC1(name, t1)                                                                             \
    static long hc_##name(unsigned long a1, unsigned long a2, unsigned long a3, unsigned long a4, \
                          unsigned long a5)                                                       \
    {                                                                                             \
        (void)a2, (void)a3, (void)a4, (void)a5;                                                   \
        return do_##name((t1)a1);                                                                 \
    }
#define HC2(name, t1, t2)                                                                         \
    static long hc_##name(unsigned long a1, unsigned long a2, unsigned long a3, unsigned long a4, \
                          unsigned long a5)                                                       \
    {                                                                                             \
        (void)a3, (void)a4, (void)a5;                                                             \
        return do_##name((t1)a1, (t2)a2);                                                         \
    }
#define HC3(name, t1, t2, t3)                                                                     \
    static long hc_##name(unsigned long a1, unsigned long a2, unsigned long a3, unsigned long a4, \
                          unsigned long a5)                                                       \
    {                                                                                             \
        (void)a4, (void)a5;                                                                       \
        return do_##name((t1)a1, (t2)a2, (t3)a3);                                                 \
    }
#define HC4(name, t1, t2, t3, t4)                                                                 \
    static long hc_##name(unsigned long a1, unsigned long a2, unsigned long a3, unsigned long a4, \
                          unsigned long a5)                                                       \
    {                                                                                             \
        (void)a5;                                                                                 \
        return do_##name((t1)a1, (t2)a2, (t3)a3, (t4)a4);                                         \
    }

HC1(set_trap_table, uint64_t)
HC4(mmu_update, uint64_t, unsigned long, uint64_t, unsigned long)
HC3(set_callbacks, uint64_t, uint64_t, uint64_t)
HC2(stack_switch, unsigned long, unsigned long)
HC2(memory_op, unsigned long, uint64_t)
HC3(update_va_mapping, unsigned long, uint64_t, unsigned long)
HC1(set_timer_op, uint64_t)
HC2(xen_version, int, uint64_t)
HC3(console_io, int, unsigned long, uint64_t)
HC3(vcpu_op, int, unsigned int, uint64_t)
HC4(mmuext_op, uint64_t, unsigned long, uint64_t, unsigned long)
HC2(sched_op, int, uint64_t)
HC2(callback_op, int, uint64_t)
HC2(event_channel_op, int, uint64_t)
HC2(multicall, uint64_t, unsigned int)
HC2(nmi_op, unsigned int, uint64_t)
HC2(set_gdt, uint64_t, unsigned int)
HC2(physdev_op, int, uint64_t)
HC1(platform_op, uint64_t)
HC1(mca, uint64_t)
HC1(sysctl, uint64_t)
HC1(domctl, uint64_t)
HC3(grant_table_op, unsigned int, uint64_t, unsigned int)
HC2(set_segment_base, unsigned int, uint64_t)
HC1(fpu_taskswitch, int)
HC2(vm_assist, unsigned int, unsigned int)
HC2(update_descriptor, uint64_t, uint64_t)

#define HC(nr, name) [nr] = hc_##name
static const hypercall_fn_t hypercall_table[64] = {
    HC(__HYPERVISOR_set_trap_table, set_trap_table),
    HC(__HYPERVISOR_mmu_update, mmu_update),
    HC(__HYPERVISOR_set_callbacks, set_callbacks),
    HC(__HYPERVISOR_stack_switch, stack_switch),
    HC(__HYPERVISOR_memory_op, memory_op),
    HC(__HYPERVISOR_update_va_mapping, update_va_mapping),
    HC(__HYPERVISOR_set_timer_op, set_timer_op),
    HC(__HYPERVISOR_xen_version, xen_version),
    HC(__HYPERVISOR_console_io, console_io),
    HC(__HYPERVISOR_vcpu_op, vcpu_op),
    HC(__HYPERVISOR_mmuext_op, mmuext_op),
    HC(__HYPERVISOR_sched_op, sched_op),
    HC(__HYPERVISOR_callback_op, callback_op),
    HC(__HYPERVISOR_event_channel_op, event_channel_op),
    HC(__HYPERVISOR_multicall, multicall),
    HC(__HYPERVISOR_nmi_op, nmi_op),
    HC(__HYPERVISOR_set_gdt, set_gdt),
    HC(__HYPERVISOR_physdev_op, physdev_op),
    HC(__HYPERVISOR_platform_op, platform_op),
    HC(__HYPERVISOR_arch_0, mca),
    HC(__HYPERVISOR_sysctl, sysctl),
    HC(__HYPERVISOR_domctl, domctl),
    HC(__HYPERVISOR_grant_table_op, grant_table_op),
    HC(__HYPERVISOR_set_segment_base, set_segment_base),
    HC(__HYPERVISOR_fpu_taskswitch, fpu_taskswitch),
    HC(__HYPERVISOR_vm_assist, vm_assist),
    HC(__HYPERVISOR_update_descriptor, update_descriptor),
};

/*
 * Per CPU, the hypercall a guest is making directly (not through a multicall), and
 * whether its handler asked for it to be continued, with which arguments. A vCPU
 * stays on its CPU for the whole of a hypercall.
 */
static struct hypercall_state {
    bool direct;
    bool continued;
    uint64_t args[5];
} hypercall_state[NR_CPUS];

bool arch_hypercall_continue(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4)
{
    struct hypercall_state *h = &hypercall_state[smp_processor_id()];

    if ( !h->direct )
        return false;
    h->continued = true;
    h->args[0] = a0, h->args[1] = a1, h->args[2] = a2, h->args[3] = a3, h->args[4] = a4;
    return true;
}

/** Called by lstar_common with the guest's frame; returns to go back to the guest. */
void pv_syscall_entry(struct cpu_user_regs *regs);

void pv_syscall_entry(struct cpu_user_regs *regs)
{
    struct vcpu *v = current;
    unsigned long nr = regs->rax;
    struct hypercall_state *h;
    long rc;

    /*
     * A syscall from guest user space goes to the guest kernel, and iret undoes
     * a bounce: both short, both with interrupts still off (an interrupt that
     * comes meanwhile is taken once the guest runs again).
     */
    if ( !(v->arch->flags & TF_kernel_mode) )
    {
        pv_bounce_syscall(regs);
        return;
    }
    if ( nr == __HYPERVISOR_iret )
    {
        regs->rax = (uint64_t)do_iret(regs);
        return;
    }
    /* Hypercalls run with interrupts on: cross-CPU calls must be answerable. */
    local_irq_enable();
    if ( nr >= ARRAY_SIZE(hypercall_table) || hypercall_table[nr] == NULL )
    {
        regs->rax = (uint64_t)-ENOSYS;
        return;
    }
    h = &hypercall_state[smp_processor_id()];
    h->direct = true;
    h->continued = false;
    rc = hypercall_table[nr](regs->rdi, regs->rsi, regs->rdx, regs->r10, regs->r8);
    h->direct = false;
    if ( !h->continued )
    {
        regs->rax = (uint64_t)rc;
        return;
    }
    /*
     * A continuation: back to the syscall instruction (2 bytes, 0f 05), rax still
     * the hypercall's number, the new arguments in place. On the way out this CPU
     * runs its softirqs (the scheduler may run something else first).
     */
    regs->rip -= 2;
    regs->rdi = h->args[0];
    regs->rsi = h->args[1];
    regs->rdx = h->args[2];
    regs->r10 = h->args[3];
    regs->r8 = h->args[4];
}

bool arch_do_multicall_call(struct multicall_entry *e)
{
    struct hypercall_state *h = &hypercall_state[smp_processor_id()];

    /* iret cannot be batched: it rewrites the frame of the multicall itself. */
    if ( e->op >= ARRAY_SIZE(hypercall_table) || hypercall_table[e->op] == NULL ||
         e->op == __HYPERVISOR_iret )
    {
        e->result = (xen_ulong_t)-ENOSYS;
        return false;
    }
    h->continued = false;
    e->result = (xen_ulong_t)hypercall_table[e->op](e->args[0], e->args[1], e->args[2], e->args[3],
                                                    e->args[4]);
    if ( !h->continued )
        return false;
    /* The entry asked to go on later: its new arguments are the multicall's to keep. */
    h->continued = false;
    for ( unsigned int i = 0; i < 5; i++ )
        e->args[i] = h->args[i];
    return true;
}

/**
 * Fill a guest's hypercall page (hypervisor-writable va): entry i is 32 bytes,
 * "push %rcx; push %r11; mov $i, %eax; syscall; pop %r11; pop %rcx; ret"; the
 * iret entry is jumped to, not called: "push %rcx; push %r11; push %rax;
 * mov $23, %eax; syscall".
 */
void pv_write_hypercall_page(uint8_t *page);

void pv_write_hypercall_page(uint8_t *page)
{
    memset(page, 0xcc, PAGE_SIZE); /* int3 between stubs */
    for ( unsigned int i = 0; i < PAGE_SIZE / 32; i++ )
    {
        uint8_t *p = page + i * 32;

        p[0] = 0x51;              /* push %rcx */
        p[1] = 0x41, p[2] = 0x53; /* push %r11 */
        p[3] = 0xb8;              /* mov $i, %eax */
        memcpy(p + 4, &i, 4);
        p[8] = 0x0f, p[9] = 0x05;   /* syscall */
        p[10] = 0x41, p[11] = 0x5b; /* pop %r11 */
        p[12] = 0x59;               /* pop %rcx */
        p[13] = 0xc3;               /* ret */
    }
    {
        uint8_t *p = page + __HYPERVISOR_iret * 32;
        uint32_t nr = __HYPERVISOR_iret;

        memset(p, 0xcc, 32);
        p[0] = 0x51;              /* push %rcx */
        p[1] = 0x41, p[2] = 0x53; /* push %r11 */
        p[3] = 0x50;              /* push %rax */
        p[4] = 0xb8;              /* mov $23, %eax */
        memcpy(p + 5, &nr, 4);
        p[9] = 0x0f, p[10] = 0x05; /* syscall */
    }
}

/* ------------------------------------------------------------ syscall stubs */

/*
 * Each CPU's syscall entry: a code page (read/execute) followed by a data page
 * (read/write) at STUBS_VIRT_START + cpu * 8 KiB. The code switches to the CPU's
 * guest frame using slots in the data page, then jumps to lstar_common.
 */
#define STUBS_VIRT_START (XEN_VIRT_START + (512UL << 20))
#define STUB_DATA_RSP    0  /* guest rsp, saved */
#define STUB_DATA_STACK  8  /* &cpu_info->guest_cpu_user_regs.es */
#define STUB_DATA_TARGET 16 /* lstar_common */

extern const char lstar_common[];

static void write_syscall_stub(uint8_t *code, unsigned long code_va)
{
    unsigned long data_va = code_va + PAGE_SIZE;
    uint8_t *p = code;
    int32_t rel;

    /* mov %rsp, data+0(%rip) */
    *p++ = 0x48, *p++ = 0x89, *p++ = 0x25;
    rel = (int32_t)(data_va + STUB_DATA_RSP - (code_va + (p - code) + 4));
    memcpy(p, &rel, 4), p += 4;
    /* mov data+8(%rip), %rsp */
    *p++ = 0x48, *p++ = 0x8b, *p++ = 0x25;
    rel = (int32_t)(data_va + STUB_DATA_STACK - (code_va + (p - code) + 4));
    memcpy(p, &rel, 4), p += 4;
    /* pushq $FLAT_RING3_DS32 (the guest's ss) */
    *p++ = 0x68;
    memcpy(p, &(uint32_t){FLAT_RING3_DS32}, 4), p += 4;
    /* pushq data+0(%rip) (the guest's rsp) */
    *p++ = 0xff, *p++ = 0x35;
    rel = (int32_t)(data_va + STUB_DATA_RSP - (code_va + (p - code) + 4));
    memcpy(p, &rel, 4), p += 4;
    /* jmp *data+16(%rip) */
    *p++ = 0xff, *p++ = 0x25;
    rel = (int32_t)(data_va + STUB_DATA_TARGET - (code_va + (p - code) + 4));
    memcpy(p, &rel, 4), p += 4;
}

/** Set up this CPU's syscall stub, the syscall MSRs and the PAT guests rely on. */
void pv_percpu_init(unsigned int cpu);

void pv_percpu_init(unsigned int cpu)
{
    unsigned long code_va = STUBS_VIRT_START + cpu * 2 * PAGE_SIZE;
    uint8_t *code = alloc_xenheap_pages(0), *data = alloc_xenheap_pages(0);
    uint64_t *slots = (uint64_t *)data;

    if ( code == NULL || data == NULL )
        panic("No memory for CPU%u's syscall stub\n", cpu);
    memset(code, 0xcc, PAGE_SIZE);
    memset(data, 0, PAGE_SIZE);
    write_syscall_stub(code, code_va);
    slots[STUB_DATA_STACK / 8] = (uint64_t)&get_cpu_info()->guest_cpu_user_regs.es;
    slots[STUB_DATA_TARGET / 8] = (uint64_t)lstar_common;
    if ( map_pages_to_xen(code_va, _mfn(arch_virt_to_mfn(code)), 1, PAGE_HYPERVISOR_RX) ||
         map_pages_to_xen(code_va + PAGE_SIZE, _mfn(arch_virt_to_mfn(data)), 1,
                          PAGE_HYPERVISOR_RW) )
        panic("Cannot map CPU%u's syscall stub\n", cpu);

    wrmsr(MSR_STAR, ((uint64_t)FLAT_RING3_CS32 << 48) | ((uint64_t)__HYPERVISOR_CS64 << 32));
    wrmsr(MSR_LSTAR, code_va);
    wrmsr(MSR_CSTAR, 0); /* no 32-bit guests */
    /* Entry with interrupts, single-step, direction, nested task and AC flags clear. */
    wrmsr(MSR_SYSCALL_MASK, (1UL << 9) | (1UL << 8) | (1UL << 10) | (1UL << 14) | (1UL << 18));
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
    wrmsr(MSR_IA32_CR_PAT, PV_PAT);
}
