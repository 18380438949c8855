/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * physdev_op: the hardware domain's requests about physical devices and their
 * interrupts: I/O privilege, GSIs and MSIs mapped to pirqs (irq.c), their
 * trigger modes, EOIs and status, and the PCI functions dom0 reports.
 * Not done: multi-vector MSI (refused, so drivers fall back to one MSI, or to
 * MSI-X), the pirq EOI page (refused: Linux then asks per interrupt),
 * I/O bitmaps, and mapping interrupts for other domains (passthrough).
 */
#include <asm/irq.h>
#include <public/physdev.h>
#include <public/xen.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/sched.h>

long do_physdev_op(int cmd, uint64_t arg);
void arch_set_vcpu_iopl(struct vcpu *v, unsigned int iopl);

/*
 * The domain a map/unmap names: only the caller itself (no passthrough yet);
 * one that does not exist is -ESRCH, as Xen says.
 */
static int self_domain(domid_t domid)
{
    struct domain *d = current->domain;

    if ( domid == DOMID_SELF || domid == d->domain_id )
        return 0;
    if ( !d->is_privileged )
        return -EPERM;
    return domain_lookup(domid) ? -ENOSYS : -ESRCH;
}

static long map_pirq(uint64_t arg)
{
    struct domain *d = current->domain;
    struct physdev_map_pirq m;
    long rc;

    if ( copy_from_guest(&m, arg, sizeof(m)) )
        return -EFAULT;
    if ( (rc = self_domain(m.domid)) != 0 )
        return rc;
    switch ( m.type )
    {
    case MAP_PIRQ_TYPE_GSI:
        if ( m.index < 0 )
            return -EINVAL;
        rc = irq_map_gsi(d, (unsigned int)m.index, m.pirq);
        break;
    case MAP_PIRQ_TYPE_MSI:
    case MAP_PIRQ_TYPE_MSI_SEG:
        /* A table base says MSI-X (entry_nr is the table entry); none, the MSI capability. */
        if ( m.table_base != 0 && m.entry_nr < 0 )
            return -EINVAL;
        rc = irq_map_msi(d, m.type == MAP_PIRQ_TYPE_MSI_SEG ? (uint32_t)m.bus >> 16 : 0,
                         (uint32_t)m.bus & (m.type == MAP_PIRQ_TYPE_MSI_SEG ? 0xffffu : ~0u),
                         (uint32_t)m.devfn, (unsigned int)m.entry_nr, m.table_base, m.pirq);
        break;
    case MAP_PIRQ_TYPE_MULTI_MSI:
        return -EINVAL; /* the driver then asks for a single MSI */
    default:
        return -EINVAL;
    }
    if ( rc < 0 )
        return rc;
    m.pirq = (int32_t)rc;
    return copy_to_guest(arg, &m, sizeof(m)) ? -EFAULT : 0;
}

static long pci_device_op(int cmd, uint64_t arg)
{
    struct physdev_pci_device_add a;
    struct physdev_pci_device p;
    struct physdev_manage_pci m;
    struct physdev_pci_mmcfg_reserved r;

    /* Recorded nowhere yet: they matter for passthrough and IOMMUs, which are not done. */
    switch ( cmd )
    {
    case PHYSDEVOP_pci_device_add:
        if ( copy_from_guest(&a, arg, sizeof(a)) )
            return -EFAULT;
        return a.flags & ~(XEN_PCI_DEV_EXTFN | XEN_PCI_DEV_VIRTFN | XEN_PCI_DEV_PXM) ? -EINVAL : 0;
    case PHYSDEVOP_pci_device_remove:
    case PHYSDEVOP_restore_msi_ext:
    case PHYSDEVOP_prepare_msix:
    case PHYSDEVOP_release_msix:
        return copy_from_guest(&p, arg, sizeof(p)) ? -EFAULT : 0;
    case PHYSDEVOP_manage_pci_add:
    case PHYSDEVOP_manage_pci_remove:
    case PHYSDEVOP_restore_msi:
        return copy_from_guest(&m, arg, sizeof(m)) ? -EFAULT : 0;
    case PHYSDEVOP_pci_mmcfg_reserved:
        if ( copy_from_guest(&r, arg, sizeof(r)) )
            return -EFAULT;
        return r.flags & ~XEN_PCI_MMCFG_RESERVED ? -EINVAL : 0;
    default:
        return -ENOSYS;
    }
}

long do_physdev_op(int cmd, uint64_t arg)
{
    struct domain *d = current->domain;

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
        if ( q.irq >= NR_PIRQS )
            return -EINVAL;
        q.flags = irq_pirq_status(d, q.irq);
        return copy_to_guest(arg, &q, sizeof(q)) ? -EFAULT : 0;
    }
    case PHYSDEVOP_eoi:
    {
        struct physdev_eoi e;

        if ( copy_from_guest(&e, arg, sizeof(e)) )
            return -EFAULT;
        return irq_pirq_eoi(d, e.irq);
    }
    case PHYSDEVOP_map_pirq:
        if ( !d->is_privileged )
            return -EPERM;
        return map_pirq(arg);
    case PHYSDEVOP_unmap_pirq:
    {
        struct physdev_unmap_pirq u;
        long rc;

        if ( !d->is_privileged )
            return -EPERM;
        if ( copy_from_guest(&u, arg, sizeof(u)) )
            return -EFAULT;
        if ( (rc = self_domain(u.domid)) != 0 )
            return rc;
        return u.pirq < 0 ? -EINVAL : irq_unmap_pirq(d, (unsigned int)u.pirq);
    }
    case PHYSDEVOP_setup_gsi:
    {
        struct physdev_setup_gsi g;

        if ( !d->is_privileged )
            return -EPERM;
        if ( copy_from_guest(&g, arg, sizeof(g)) )
            return -EFAULT;
        if ( g.gsi < 0 || g.triggering > 1 || g.polarity > 1 )
            return -EINVAL;
        return irq_setup_gsi((unsigned int)g.gsi, g.triggering, g.polarity);
    }
    case PHYSDEVOP_alloc_irq_vector:
    {
        struct physdev_irq i;

        /*
         * Vectors are the hypervisor's: dom0's Linux still asks for one per
         * GSI it binds and keeps it only as a name, so the answer is the IRQ.
         */
        if ( !d->is_privileged )
            return -EPERM;
        if ( copy_from_guest(&i, arg, sizeof(i)) )
            return -EFAULT;
        i.vector = i.irq;
        return copy_to_guest(arg, &i, sizeof(i)) ? -EFAULT : 0;
    }
    case PHYSDEVOP_get_free_pirq:
    {
        struct physdev_get_free_pirq f;
        int pirq;

        if ( !d->is_privileged )
            return -EPERM;
        if ( copy_from_guest(&f, arg, sizeof(f)) )
            return -EFAULT;
        if ( (pirq = irq_get_free_pirq(d, f.type)) < 0 )
            return pirq;
        f.pirq = (uint32_t)pirq;
        return copy_to_guest(arg, &f, sizeof(f)) ? -EFAULT : 0;
    }
    case PHYSDEVOP_pci_device_add:
    case PHYSDEVOP_pci_device_remove:
    case PHYSDEVOP_restore_msi_ext:
    case PHYSDEVOP_prepare_msix:
    case PHYSDEVOP_release_msix:
    case PHYSDEVOP_manage_pci_add:
    case PHYSDEVOP_manage_pci_remove:
    case PHYSDEVOP_restore_msi:
    case PHYSDEVOP_pci_mmcfg_reserved:
        if ( !d->is_privileged )
            return -EPERM;
        return pci_device_op(cmd, arg);
    default:
        return -ENOSYS;
    }
}
