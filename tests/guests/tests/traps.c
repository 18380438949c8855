/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * set_trap_table: exceptions reach the guest's own handlers, with the right
 * vector, error code and faulting address. Probes: #UD from ud2, #GP(0) from
 * a non-canonical access, #BP from int3 (gate DPL 3), #PF from an unmapped
 * read with cr2 in vcpu_info and the error code of a kernel-mode read, a bad table pointer is
 * -EFAULT and a table can be reinstalled afterwards (the next probe still works).
 */
#include "guest.h"

const char test_title[] = "set_trap_table: #UD, #GP, #BP, #PF reach the guest's handlers";

static long probe_int3(void)
{
    long vec = -1;

    __asm__ volatile("1: int3\n2:\n" GUEST_EXTABLE_ENTRY : "+a"(vec) : : "memory");
    return vec;
}

void test_main(void)
{
    volatile uint8_t *unmapped = (volatile uint8_t *)0x40000000UL;

    check_rc("ud2 raises #UD", probe_ud2(), X86_EXC_UD);

    check_rc("a non-canonical read raises #GP", probe_read((void *)0x8000000000000000UL),
             X86_EXC_GP);
    check_true("#GP error code is 0", last_fault.error_code == 0);

    check_rc("int3 raises #BP", probe_int3(), X86_EXC_BP);

    check_rc("a read of an unmapped page raises #PF", probe_read(unmapped), X86_EXC_PF);
    /* The guest kernel runs in ring 3, but its faults are reported as supervisor ones. */
    check_true("#PF error code 0: not present, read, kernel mode", last_fault.error_code == 0);
    check_true("cr2 holds the faulting address", last_fault.cr2 == (uint64_t)unmapped);

    check_rc("a read of the hypervisor's area raises #PF",
             probe_read((void *)(HYPERVISOR_VIRT_END - 4096)), X86_EXC_PF);

    check_rc("set_trap_table from an unmapped pointer",
             hypervisor_set_trap_table((const struct trap_info *)0x40000000UL), -XEN_EFAULT);
    check_rc("set_trap_table reinstalls the table", traps_install(), 0);
    check_rc("ud2 still raises #UD", probe_ud2(), X86_EXC_UD);
}
