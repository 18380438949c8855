/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * platform_op as Linux dom0 calls it at boot: firmware_info (EDD disk data,
 * MBR signatures, EDID, keyboard shift flags; Linux asks for each and copes
 * with none) and get_cpuinfo (the physical CPUs behind /sys/devices/system/
 * xen_cpu). Probes: indexes past what the firmware gave are -ESRCH, an
 * unknown type -EINVAL, CPU 0 is online with max_present covering it, a CPU
 * number past the machine is marked invalid, a wrong interface version is
 * -EACCES and a bad pointer -EFAULT. Errnos as Xen 4.17 gives them.
 */
#include "guest.h"

const char test_title[] = "platform_op: firmware_info and get_cpuinfo";

/* Our own copy of the call's layout (public/platform.h), kept to what we use. */
struct pf_op {
    uint32_t cmd;
    uint32_t interface_version;
    union {
        struct {
            uint32_t type;
            uint32_t index;
            union {
                uint8_t kbd_shift_flags;
                uint64_t raw[4];
            } u;
        } fw;
        struct {
            uint32_t xen_cpuid;
            uint32_t max_present;
            uint32_t flags;
            uint32_t apic_id;
            uint32_t acpi_id;
        } cpu;
        uint8_t pad[128];
    } u;
};

#define PF_VERSION     0x03000001
#define PF_FIRMWARE    50
#define PF_GET_CPUINFO 55
#define FW_DISK_INFO   1
#define FW_MBR_SIG     2
#define FW_VBEDDC      3
#define FW_KBD_FLAGS   5
#define PCPU_ONLINE    1
#define PCPU_INVALID   2

static long platform_op(struct pf_op *op)
{
    return hypercall1(__HYPERVISOR_platform_op, (unsigned long)op);
}

static long firmware(uint32_t type, uint32_t index, struct pf_op *op)
{
    guest_memset(op, 0, sizeof(*op));
    op->cmd = PF_FIRMWARE;
    op->interface_version = PF_VERSION;
    op->u.fw.type = type;
    op->u.fw.index = index;
    return platform_op(op);
}

static long cpuinfo(uint32_t cpu, struct pf_op *op)
{
    guest_memset(op, 0, sizeof(*op));
    op->cmd = PF_GET_CPUINFO;
    op->interface_version = PF_VERSION;
    op->u.cpu.xen_cpuid = cpu;
    return platform_op(op);
}

void test_main(void)
{
    struct pf_op op;
    long rc;

    /* No disk is attached: whatever the BIOS probes found, index 200 is past it. */
    check_rc("firmware_info disk_info index 200", firmware(FW_DISK_INFO, 200, &op), -XEN_ESRCH);
    check_rc("firmware_info mbr_signature index 200", firmware(FW_MBR_SIG, 200, &op), -XEN_ESRCH);
    check_rc("firmware_info vbeddc_info index 1", firmware(FW_VBEDDC, 1, &op), -XEN_ESRCH);
    rc = firmware(FW_KBD_FLAGS, 0, &op);
    guest_printf("keyboard shift flags: %s, %#x\n", rc_name(rc), op.u.fw.u.kbd_shift_flags);
    check_rc("firmware_info kbd_shift_flags", rc, 0);
    check_rc("firmware_info of an unknown type", firmware(99, 0, &op), -XEN_EINVAL);

    if ( check_rc("get_cpuinfo of CPU 0", cpuinfo(0, &op), 0) )
    {
        guest_printf("CPU 0: max_present %u flags %#x apic_id %u acpi_id %u\n",
                     op.u.cpu.max_present, op.u.cpu.flags, op.u.cpu.apic_id, op.u.cpu.acpi_id);
        check_true("CPU 0 is online", op.u.cpu.flags == PCPU_ONLINE);
        check_true("CPU 0 has APIC id 0 and ACPI id 0",
                   op.u.cpu.apic_id == 0 && op.u.cpu.acpi_id == 0);
        check_true("one CPU present (QEMU's default)", op.u.cpu.max_present == 0);
    }
    if ( check_rc("get_cpuinfo of CPU 4000", cpuinfo(4000, &op), 0) )
    {
        check_true("CPU 4000 is invalid", (op.u.cpu.flags & PCPU_INVALID) != 0);
        check_true("max_present is reported for it too", op.u.cpu.max_present == 0);
    }

    firmware(FW_KBD_FLAGS, 0, &op);
    op.interface_version = PF_VERSION + 1;
    check_rc("a wrong interface version", platform_op(&op), -XEN_EACCES);
    check_rc("an unmapped argument", platform_op((void *)0x40000000UL), -XEN_EFAULT);
}
