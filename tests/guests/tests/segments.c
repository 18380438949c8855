/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The small CPU-state hypercalls a 64-bit PV kernel makes at boot:
 * set_segment_base (the FS base, read back through %fs), stack_switch (the
 * kernel stack for ring changes), fpu_taskswitch (CR0.TS: the next FPU
 * instruction raises #NM in the guest, until cleared) and vm_assist. Refused,
 * with Xen 4.17's errno: a non-canonical segment base, an unknown segment
 * selector, an unknown vm_assist type.
 */
#include "guest.h"

const char test_title[] = "set_segment_base, stack_switch, fpu_taskswitch, vm_assist";

static long probe_fnop(void)
{
    long vec = -1;

    __asm__ volatile("1: fnop\n2:\n" GUEST_EXTABLE_ENTRY : "+a"(vec) : : "memory");
    return vec;
}

static uint64_t read_fs0(void)
{
    uint64_t v;

    __asm__ volatile("mov %%fs:0, %0" : "=r"(v));
    return v;
}

void test_main(void)
{
    static uint64_t fs_area[4] = {0x0123456789abcdefUL};
    uint64_t rsp;

    check_rc("set_segment_base FS",
             hypercall2(__HYPERVISOR_set_segment_base, SEGBASE_FS, (unsigned long)fs_area), 0);
    check_true("%fs:0 reads the new base's data", read_fs0() == 0x0123456789abcdefUL);
    check_rc("set_segment_base FS to a non-canonical base",
             hypercall2(__HYPERVISOR_set_segment_base, SEGBASE_FS, 0x8000000000000000UL),
             -XEN_EINVAL);
    check_rc("set_segment_base with selector 99", hypercall2(__HYPERVISOR_set_segment_base, 99, 0),
             -XEN_EINVAL);
    check_rc("set_segment_base FS back to 0",
             hypercall2(__HYPERVISOR_set_segment_base, SEGBASE_FS, 0), 0);

    __asm__ volatile("mov %%rsp, %0" : "=r"(rsp));
    check_rc("stack_switch to the current stack",
             hypercall2(__HYPERVISOR_stack_switch, FLAT_KERNEL_SS, rsp & ~15UL), 0);

    check_rc("fpu_taskswitch(1)", hypercall1(__HYPERVISOR_fpu_taskswitch, 1), 0);
    check_rc("an FPU instruction then raises #NM", probe_fnop(), 7);
    check_rc("fpu_taskswitch(0)", hypercall1(__HYPERVISOR_fpu_taskswitch, 0), 0);
    check_rc("the FPU instruction then runs", probe_fnop(), -1);

    check_rc("vm_assist enable writable_pagetables",
             hypercall2(__HYPERVISOR_vm_assist, VMASST_CMD_enable, VMASST_TYPE_writable_pagetables),
             0);
    check_rc(
        "vm_assist disable writable_pagetables",
        hypercall2(__HYPERVISOR_vm_assist, VMASST_CMD_disable, VMASST_TYPE_writable_pagetables), 0);
    check_rc("vm_assist of type 31", hypercall2(__HYPERVISOR_vm_assist, VMASST_CMD_enable, 31),
             -XEN_EINVAL);
    check_rc("vm_assist command 7", hypercall2(__HYPERVISOR_vm_assist, 7, 0), -XEN_ENOSYS);
}
