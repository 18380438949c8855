/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cli and sti in a PV kernel, as Xen 4.17 treats them: without a virtual
 * IOPL they raise #GP; with one (PHYSDEVOP_set_iopl, as Linux's dom0 has)
 * they do nothing at all: the event mask (the virtual interrupt flag) is
 * the kernel's own to write in vcpu_info. Were cli to set it, a kernel's
 * pushf; cli; ...; popf would leave events masked for good, since popf
 * cannot trap (Linux's dom0 stopped taking timer events during boot).
 */
#include "guest.h"

const char test_title[] = "cli/sti: #GP without IOPL, no effect on the event mask with it";

static long set_iopl(unsigned int iopl)
{
    struct physdev_set_iopl s = {.iopl = iopl};

    return hypercall2(__HYPERVISOR_physdev_op, PHYSDEVOP_set_iopl, (unsigned long)&s);
}

void test_main(void)
{
    volatile uint8_t *mask = &shared_info->vcpu_info[0].evtchn_upcall_mask;
    uint8_t saved = *mask;

    *mask = 0;
    check_true("cli without IOPL: #GP", probe_insn("cli") == X86_EXC_GP);
    check_true("and the event mask is untouched", *mask == 0);
    *mask = 1;
    check_true("sti without IOPL: #GP", probe_insn("sti") == X86_EXC_GP);
    check_true("and the event mask is untouched", *mask == 1);
    for ( unsigned int iopl = 1; iopl <= 3; iopl += 2 )
    {
        char what[64];

        guest_snprintf(what, sizeof(what), "PHYSDEVOP_set_iopl %u", iopl);
        check_rc(what, set_iopl(iopl), 0);
        *mask = 0;
        check_true("cli with IOPL completes", probe_insn("cli") == -1);
        check_true("and leaves events unmasked", *mask == 0);
        *mask = 1;
        check_true("sti with IOPL completes", probe_insn("sti") == -1);
        check_true("and leaves events masked", *mask == 1);
    }
    check_rc("PHYSDEVOP_set_iopl 0", set_iopl(0), 0);
    *mask = saved;
}
