/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * physdev_op: dom0's requests about physical devices and their interrupts.
 * So far only irq_status_query exists (no IRQ needs an explicit EOI yet);
 * the IRQ routing sub-ops come with dom0's devices and say -ENOSYS until then.
 */
#include <public/physdev.h>
#include <public/xen.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/sched.h>

#define NR_GUEST_IRQS 256

long do_physdev_op(int cmd, uint64_t arg);
void arch_set_vcpu_iopl(struct vcpu *v, unsigned int iopl);

long do_physdev_op(int cmd, uint64_t arg)
{
    switch ( cmd )
    {
    case PHYSDEVOP_set_iopl:
    {
        struct physdev_set_iopl s;

        if ( copy_from_guest(&s, arg, sizeof(s)) )
            return -EFAULT;
        if ( s.iopl > 3 )
            return -EINVAL;
        /* Virtual IOPL: port I/O is emulated for the hardware domain (pv/emul_priv_op.c). */
        arch_set_vcpu_iopl(current, s.iopl);
        return 0;
    }
    case PHYSDEVOP_irq_status_query:
    {
        struct physdev_irq_status_query q;

        if ( copy_from_guest(&q, arg, sizeof(q)) )
            return -EFAULT;
        if ( q.irq >= NR_GUEST_IRQS )
            return -EINVAL;
        q.flags = 0;
        return copy_to_guest(arg, &q, sizeof(q)) ? -EFAULT : 0;
    }
    default:
        return -ENOSYS;
    }
}
