/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The virtual IOPL of a secondary vCPU comes from the IOPL field of the
 * rflags in its VCPUOP_initialise context, as Linux relies on: it starts its
 * secondary CPUs with IOPL 1 (0x1000) and never calls PHYSDEVOP_set_iopl on
 * them. Regression: our hypervisor dropped the field, so dom0 Linux's first
 * port access on CPU 1 (the VGA console's cursor update from a printk) took a
 * #GP that killed the CPU hotplug thread with the console lock held, and a
 * 2-vCPU dom0 hung in "smp: Bringing up secondary CPUs". Probes: vCPU 1 reads
 * port 0x80 with the IOPL its context gave it, then sets its IOPL to 0 and
 * takes a #GP on the same read, and vCPU 0's IOPL stays its own.
 * run-guest: --smp 2 -- dom0_max_vcpus=2
 */
#include "guest.h"

const char test_title[] = "vcpu_op: a secondary vCPU's IOPL comes from its initial context";

void trap_entry_13(void); /* lib/head.S: the framework's #GP entry */

static uint8_t ap_stack[4096] __attribute__((aligned(4096)));
static struct vcpu_guest_context ctxt;
static volatile long ap_in_ctxt_iopl = -2, ap_in_iopl0 = -2, ap_set_iopl_rc = 1;
static volatile bool ap_done;

/*
 * inb from `port`; returns the vector if it faults, else -1. The byte lands in
 * %al, so a read that completes leaves the upper bits of -1 in %rax, while a
 * fault resumes with the (small) vector there.
 */
static long probe_inb(uint16_t port)
{
    long r = -1;

    __asm__ volatile("1: inb %%dx, %%al\n2:\n" GUEST_EXTABLE_ENTRY
                     : "+a"(r)
                     : "d"(port)
                     : "memory");
    return (r & ~0xffL) == ~0xffL ? -1 : r;
}

static long set_iopl(unsigned int iopl)
{
    struct physdev_set_iopl s = {.iopl = iopl};

    return hypercall2(__HYPERVISOR_physdev_op, PHYSDEVOP_set_iopl, (unsigned long)&s);
}

static void __attribute__((noreturn)) ap_main(void)
{
    ap_in_ctxt_iopl = probe_inb(0x80);
    ap_set_iopl_rc = set_iopl(0);
    ap_in_iopl0 = probe_inb(0x80);
    __atomic_store_n(&ap_done, true, __ATOMIC_SEQ_CST);
    for ( ;; )
        hypervisor_vcpu_op(VCPUOP_down, 1, NULL);
}

void test_main(void)
{
    if ( !check_rc("PHYSDEVOP_set_iopl 1 on vCPU 0", set_iopl(1), 0) )
        return;
    check_true("vCPU 0 reads port 0x80 at IOPL 1 without a fault", probe_inb(0x80) == -1);

    ctxt.flags = VGCF_in_kernel;
    ctxt.user_regs.rip = (uint64_t)ap_main;
    ctxt.user_regs.rsp = (uint64_t)(ap_stack + sizeof(ap_stack) - 8);
    ctxt.user_regs.cs = FLAT_KERNEL_CS;
    ctxt.user_regs.ss = FLAT_KERNEL_SS;
    ctxt.user_regs.rflags = 0x1002; /* IOPL 1, as Linux's cpu_initialize_context */
    ctxt.kernel_ss = FLAT_KERNEL_SS;
    ctxt.kernel_sp = ctxt.user_regs.rsp;
    ctxt.ctrlreg[3] = xen_pfn_to_cr3(l4_mfn());
    /* The framework's #GP handler resumes the probes on vCPU 1 too. */
    ctxt.trap_ctxt[X86_EXC_GP].vector = X86_EXC_GP;
    ctxt.trap_ctxt[X86_EXC_GP].cs = FLAT_KERNEL_CS;
    ctxt.trap_ctxt[X86_EXC_GP].address = (uint64_t)trap_entry_13;

    if ( !check_rc("VCPUOP_initialise vCPU 1 with IOPL 1",
                   hypervisor_vcpu_op(VCPUOP_initialise, 1, &ctxt), 0) ||
         !check_rc("VCPUOP_up vCPU 1", hypervisor_vcpu_op(VCPUOP_up, 1, NULL), 0) )
        return;
    if ( !check_true("vCPU 1 ran its probes", WAIT_FOR(ap_done, 5000000000ULL)) )
        return;
    check_true("vCPU 1 reads port 0x80 at the IOPL of its context without a fault",
               ap_in_ctxt_iopl == -1);
    check_rc("PHYSDEVOP_set_iopl 0 on vCPU 1", ap_set_iopl_rc, 0);
    check_true("vCPU 1 at IOPL 0: the read is a #GP", ap_in_iopl0 == X86_EXC_GP);
    check_true("vCPU 0 still reads port 0x80 (IOPL is per vCPU)", probe_inb(0x80) == -1);
}
