/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exceptions and interrupts: dispatch from the entry stubs, the register dump
 * and call trace printed for a fatal trap, and the interrupt-vector table.
 */
#include <asm/config.h>
#include <asm/current.h>
#include <asm/guest_access.h>
#include <asm/processor.h>
#include <asm/traps.h>
#include <xen/lib.h>
#include <xen/symbols.h>
#include <xen/version.h>

static const char *const exception_names[32] = {
    [0] = "divide error",
    [1] = "debug",
    [2] = "nmi",
    [3] = "int3",
    [4] = "overflow",
    [5] = "bounds",
    [6] = "invalid opcode",
    [7] = "device not available",
    [8] = "double fault",
    [9] = "coprocessor segment overrun",
    [10] = "invalid TSS",
    [11] = "segment not present",
    [12] = "stack error",
    [13] = "general protection fault",
    [14] = "page fault",
    [15] = "spurious interrupt bug",
    [16] = "coprocessor error",
    [17] = "alignment check",
    [18] = "machine check",
    [19] = "simd error",
    [20] = "virtualisation exception",
    [21] = "control protection",
};

static irq_handler_t irq_handlers[256];

void set_irq_handler(unsigned int vector, irq_handler_t handler)
{
    if ( vector >= FIRST_IRQ_VECTOR && vector < 256 )
        irq_handlers[vector] = handler;
}

/* Walk the frame-pointer chain from rbp while it stays in the same stack. */
static void show_trace(unsigned long rip, unsigned long rbp)
{
    unsigned long lo = rbp & ~(STACK_SIZE - 1), hi = lo + STACK_SIZE;

    printk("Xen call trace:\n");
    print_symbol_line("   ", rip);
    for ( unsigned int depth = 0; depth < 32; depth++ )
    {
        const unsigned long *frame = (const unsigned long *)rbp;

        if ( rbp < lo || rbp + 16 > hi || (rbp & 7) )
            break;
        if ( frame[1] < XEN_VIRT_START || frame[1] >= XEN_VIRT_END )
            break;
        print_symbol_line("   ", frame[1]);
        if ( frame[0] <= rbp )
            break;
        rbp = frame[0];
    }
}

void show_execution_state(const struct cpu_user_regs *r)
{
    printk("----[ Xen-%u.%u%s  x86_64  debug=n ]----\n", XEN_VERSION, XEN_SUBVERSION,
           XEN_EXTRAVERSION);
    printk("CPU:    %u\n", get_processor_id());
    printk("RIP:    %04x:", r->cs);
    print_symbol_line("", r->rip);
    printk("RFLAGS: %016lx   CONTEXT: %s\n", (unsigned long)r->rflags,
           regs_from_hypervisor(r) ? "hypervisor" : "guest");
    printk("rax: %016lx   rbx: %016lx   rcx: %016lx\n", (unsigned long)r->rax,
           (unsigned long)r->rbx, (unsigned long)r->rcx);
    printk("rdx: %016lx   rsi: %016lx   rdi: %016lx\n", (unsigned long)r->rdx,
           (unsigned long)r->rsi, (unsigned long)r->rdi);
    printk("rbp: %016lx   rsp: %016lx   r8:  %016lx\n", (unsigned long)r->rbp,
           (unsigned long)r->rsp, (unsigned long)r->r8);
    printk("r9:  %016lx   r10: %016lx   r11: %016lx\n", (unsigned long)r->r9, (unsigned long)r->r10,
           (unsigned long)r->r11);
    printk("r12: %016lx   r13: %016lx   r14: %016lx\n", (unsigned long)r->r12,
           (unsigned long)r->r13, (unsigned long)r->r14);
    printk("r15: %016lx   cr0: %016lx   cr4: %016lx\n", (unsigned long)r->r15, read_cr0(),
           read_cr4());
    printk("cr3: %016lx   cr2: %016lx\n", read_cr3(), read_cr2());
    printk("ss: %04x   cs: %04x\n", r->ss, r->cs);
    if ( regs_from_hypervisor(r) )
        show_trace(r->rip, r->rbp);
}

void dump_stack(void)
{
    unsigned long rbp;

    __asm__ __volatile__("mov %%rbp, %0" : "=r"(rbp));
    /* Start at our caller: its return address and its frame. */
    show_trace((unsigned long)__builtin_return_address(0), *(const unsigned long *)rbp);
}

static __noreturn void fatal_trap(const struct cpu_user_regs *r)
{
    unsigned int v = r->entry_vector;

    show_execution_state(r);
    if ( v == 14 )
        panic("FATAL PAGE FAULT\n[error_code=%04x]\nFaulting linear address: %016lx\n",
              r->error_code, read_cr2());
    panic("FATAL TRAP: vector = %u (%s)\n[error_code=%04x]\n", v,
          exception_names[v] ? exception_names[v] : "reserved", r->error_code);
}

void pv_guest_trap(struct cpu_user_regs *regs);
bool pv_exit_to_guest(struct cpu_user_regs *regs);

void handle_trap(struct cpu_user_regs *regs)
{
    unsigned int v = regs->entry_vector;
    unsigned long fixup;

    if ( v >= FIRST_IRQ_VECTOR )
    {
        if ( irq_handlers[v] )
            irq_handlers[v](regs);
        else
            printk("Unexpected interrupt, vector %#x, on CPU %u\n", v, get_processor_id());
        if ( !regs_from_hypervisor(regs) )
            pv_exit_to_guest(regs);
        return;
    }
    if ( !regs_from_hypervisor(regs) && v != 2 && v != 18 )
    {
        /* A guest's own exception: its kernel handles it. */
        pv_guest_trap(regs);
        pv_exit_to_guest(regs);
        return;
    }
    /*
     * A fault in a guest-memory copy, or in loading a selector a guest chose
     * (#NP, #GP), resumes at its recovery point.
     */
    if ( (v == 14 || v == 13 || v == 11) && (fixup = search_exception_table(regs->rip)) != 0 )
    {
        regs->rip = fixup;
        return;
    }
    if ( v == 2 )
    {
        printk("NMI received on CPU %u\n", get_processor_id());
        show_execution_state(regs);
        return;
    }
    /* Anything else in the hypervisor itself is a bug. */
    fatal_trap(regs);
}
