/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The system control hypercall (sysctl): the toolstack's view of the whole
 * machine. Privileged domains only; one worker per sub-op in sysctl_ops[].
 */
#include <xen/types.h> /* before the public headers, which use its types */
#include <public/sysctl.h>
#include <public/xen.h>
#include <xen/console.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/sched.h>

long do_sysctl(uint64_t arg);

/*
 * XEN_SYSCTL_readconsole: the console ring through a small bounce buffer, so
 * the console lock is never held across a guest copy.
 */
static long sysctl_readconsole(struct xen_sysctl *op)
{
    struct xen_sysctl_readconsole *rc = &op->u.readconsole;
    uint64_t buf = guest_handle_va(rc->buffer);
    char chunk[256];
    uint32_t pos, done = 0;

    if ( !guest_access_ok(buf, rc->count) )
        return -EFAULT;

    pos = console_ring_start(rc->incremental, rc->index);
    while ( done < rc->count )
    {
        uint32_t want = rc->count - done < sizeof(chunk) ? rc->count - done : sizeof(chunk);
        size_t n = console_ring_fetch(&pos, chunk, want);

        if ( n == 0 )
            break;
        if ( copy_to_guest(buf + done, chunk, n) )
            return -EFAULT;
        done += n;
    }
    if ( rc->clear )
        console_ring_clear(pos);
    rc->count = done;
    rc->index = pos;
    return 0;
}

/* A sub-op's worker: checks op->u completely, then acts and fills in the OUT fields. */
typedef long (*sysctl_worker_t)(struct xen_sysctl *op);

static const struct sysctl_op {
    sysctl_worker_t worker;
    const char *name;
} sysctl_ops[] = {
    [XEN_SYSCTL_readconsole] = {sysctl_readconsole, "readconsole"},
};

long do_sysctl(uint64_t arg)
{
    struct xen_sysctl op;
    const struct sysctl_op *so = NULL;
    long rc;

    if ( !current->domain->is_privileged )
        return -EPERM;
    if ( copy_from_guest(&op, arg, sizeof(op)) )
        return -EFAULT;
    if ( op.interface_version != XEN_SYSCTL_INTERFACE_VERSION )
        return -EACCES;
    if ( op.cmd < ARRAY_SIZE(sysctl_ops) )
        so = &sysctl_ops[op.cmd];
    if ( so == NULL || so->worker == NULL )
    {
        printk("d%u: sysctl cmd %u: not implemented\n", current->domain->domain_id, op.cmd);
        return -ENOSYS;
    }
    rc = so->worker(&op);
    if ( rc == 0 && copy_to_guest(arg, &op, sizeof(op)) )
        rc = -EFAULT;
    return rc;
}
