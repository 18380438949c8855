/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The system control hypercall (sysctl): the toolstack's view of the whole machine.
 * Not implemented yet: the caller is checked (privileged domains only) and the
 * argument copied in (a bad pointer is -EFAULT, as Xen answers); every sub-op is -ENOSYS.
 */
#include <public/xen.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/sched.h>

long do_sysctl(uint64_t arg);

long do_sysctl(uint64_t arg)
{
    /* Every sysctl structure starts with cmd and interface_version. */
    struct {
        uint32_t cmd;
        uint32_t interface_version;
    } h;

    if ( !current->domain->is_privileged )
        return -EPERM;
    if ( copy_from_guest(&h, arg, sizeof(h)) )
        return -EFAULT;
    printk("d%u: sysctl cmd %u: not implemented yet\n", current->domain->domain_id, h.cmd);
    return -ENOSYS;
}
