/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * platform_op: the hardware domain's platform controls (public/platform.h):
 * the wallclock (settime), what the firmware told us (firmware_info) and the
 * physical CPUs (get_cpuinfo). ACPI sleep states and the rest are refused.
 */
#include <asm/apic.h>
#include <public/platform.h>
#include <xen/acpi.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/smp.h>

void pv_set_wallclock(uint64_t secs, uint32_t nsecs, uint64_t system_time); /* pv/time.c */

/*
 * firmware_info. We start from multiboot in protected mode and never call the
 * BIOS, so there is no EDD disk data, MBR signature list or EDID: -ESRCH, as
 * Xen says when its real-mode probes found none. The keyboard shift flags are
 * the BIOS data area's byte (what int 16h AH=02h returns). Not an EFI boot.
 */
static long firmware_info(struct xenpf_firmware_info *fw)
{
    const uint8_t *bda_flags;

    switch ( fw->type )
    {
    case XEN_FW_DISK_INFO:
    case XEN_FW_DISK_MBR_SIGNATURE:
    case XEN_FW_VBEDDC_INFO:
        return -ESRCH;
    case XEN_FW_EFI_INFO:
        return -ENOSYS;
    case XEN_FW_KBD_SHIFT_FLAGS:
        if ( fw->index != 0 || (bda_flags = arch_acpi_map(0x417, 1)) == NULL )
            return -ESRCH;
        fw->u.kbd_shift_flags = *bda_flags;
        return 0;
    default:
        return -EINVAL;
    }
}

/* The ACPI processor id the MADT gives the CPU with this APIC id (the APIC id if none). */
static uint32_t acpi_id_of(uint32_t apic_id)
{
    for ( unsigned int i = 0; i < acpi_info.nr_cpus; i++ )
        if ( acpi_info.cpus[i].apic_id == apic_id )
            return acpi_info.cpus[i].acpi_id;
    return apic_id;
}

/* get_cpuinfo: every CPU we brought up is present and online (no CPU hotplug). */
static void pcpu_info(struct xenpf_pcpuinfo *p)
{
    unsigned int cpu = p->xen_cpuid;

    p->max_present = 63 - (unsigned int)__builtin_clzll(cpu_online_map | 1);
    p->flags = 0;
    p->apic_id = 0;
    p->acpi_id = 0;
    if ( !cpu_online(cpu) )
    {
        p->flags = XEN_PCPU_FLAGS_INVALID;
        return;
    }
    p->flags = XEN_PCPU_FLAGS_ONLINE;
    p->apic_id = cpu_to_apic_id[cpu];
    p->acpi_id = acpi_id_of(p->apic_id);
}

long do_platform_op(uint64_t arg);

long do_platform_op(uint64_t arg)
{
    struct xen_platform_op op;

    if ( !current->domain->is_privileged )
        return -EPERM;
    if ( copy_from_guest(&op, arg, sizeof(op)) )
        return -EFAULT;
    if ( op.interface_version != XENPF_INTERFACE_VERSION )
        return -EACCES;

    switch ( op.cmd )
    {
    case XENPF_settime32:
        if ( op.u.settime32.nsecs >= 1000000000u )
            return -EINVAL;
        pv_set_wallclock(op.u.settime32.secs, op.u.settime32.nsecs, op.u.settime32.system_time);
        return 0;
    case XENPF_settime64:
        if ( op.u.settime64.mbz || op.u.settime64.nsecs >= 1000000000u ||
             op.u.settime64.secs >> 34 )
            return -EINVAL;
        pv_set_wallclock(op.u.settime64.secs, op.u.settime64.nsecs, op.u.settime64.system_time);
        return 0;
    case XENPF_firmware_info:
    {
        long rc = firmware_info(&op.u.firmware_info);

        if ( rc == 0 && copy_to_guest(arg, &op, sizeof(op)) )
            rc = -EFAULT;
        return rc;
    }
    case XENPF_get_cpuinfo:
        pcpu_info(&op.u.pcpu_info);
        return copy_to_guest(arg, &op, sizeof(op)) ? -EFAULT : 0;
    case XENPF_enter_acpi_sleep:
        /* dom0 powers off and reboots through SCHEDOP_shutdown instead (Linux does after this). */
        printk("d%u: platform_op enter_acpi_sleep S%u: ACPI sleep states are not supported\n",
               current->domain->domain_id, op.u.enter_acpi_sleep.sleep_state);
        return -EOPNOTSUPP;
    default:
        printk("d%u: platform_op cmd %u: not implemented yet\n", current->domain->domain_id,
               op.cmd);
        return -ENOSYS;
    }
}
