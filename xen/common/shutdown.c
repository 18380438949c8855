/* SPDX-License-Identifier: GPL-2.0-only */
/* Stopping the machine: the one place every shutdown path goes through. */
#include <xen/arch.h>
#include <xen/lib.h>
#include <xen/shutdown.h>

static const char *reason_name(unsigned int reason)
{
    switch ( reason )
    {
    case XEN_SHUTDOWN_poweroff:
        return "power off";
    case XEN_SHUTDOWN_reboot:
        return "reboot";
    case XEN_SHUTDOWN_suspend:
        return "suspend";
    case XEN_SHUTDOWN_crash:
        return "crash";
    case XEN_SHUTDOWN_watchdog:
        return "watchdog";
    }
    return "unknown reason";
}

void machine_shutdown(unsigned int reason)
{
    printk("Machine shutting down: %s (reason %u)\n", reason_name(reason), reason);
    arch_shutdown(reason);
}
