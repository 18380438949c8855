/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Why the machine stops. The numbers are the PV ABI's SCHEDOP_shutdown reasons
 * (poweroff 0, reboot 1, suspend 2, crash 3, watchdog 4), so a dom0's reason can
 * be passed through unchanged.
 */
#ifndef XEN_SHUTDOWN_H
#define XEN_SHUTDOWN_H

#include <xen/compiler.h>

#define XEN_SHUTDOWN_poweroff 0
#define XEN_SHUTDOWN_reboot   1
#define XEN_SHUTDOWN_suspend  2
#define XEN_SHUTDOWN_crash    3
#define XEN_SHUTDOWN_watchdog 4

/** Stop the whole machine for the given reason; never returns. */
__noreturn void machine_shutdown(unsigned int reason);

#endif /* XEN_SHUTDOWN_H */
