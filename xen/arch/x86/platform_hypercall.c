/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * platform_op: the hardware domain's platform controls (public/platform.h).
 * Today the wallclock (settime); other sub-ops are reported as not implemented.
 */
#include <public/platform.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/sched.h>

void pv_set_wallclock(uint64_t secs, uint32_t nsecs, uint64_t system_time); /* pv/time.c */

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
    default:
        printk("d%u: platform_op cmd %u: not implemented yet\n", current->domain->domain_id,
               op.cmd);
        return -ENOSYS;
    }
}
