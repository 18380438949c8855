/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The toolstack's control hypercalls (sysctl, domctl),
 * as far as they exist yet: each checks its caller and copies its argument in
 * (a bad pointer is -EFAULT, as Xen answers), then reports the sub-op as not
 * implemented (-ENOSYS). Domain control and dom0's devices fill them in.
 */
#include <public/xen.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/sched.h>

/* Every control structure starts with cmd and interface_version. */
struct control_head {
    uint32_t cmd;
    uint32_t interface_version;
};

static long control_op(const char *name, uint64_t arg, bool privileged_only)
{
    struct control_head h;

    if ( privileged_only && !current->domain->is_privileged )
        return -EPERM;
    if ( copy_from_guest(&h, arg, sizeof(h)) )
        return -EFAULT;
    printk("d%u: %s cmd %u: not implemented yet\n", current->domain->domain_id, name, h.cmd);
    return -ENOSYS;
}

long do_sysctl(uint64_t arg);
long do_domctl(uint64_t arg);

long do_sysctl(uint64_t arg)
{
    return control_op("sysctl", arg, true);
}

long do_domctl(uint64_t arg)
{
    return control_op("domctl", arg, true);
}
