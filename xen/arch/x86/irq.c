/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Device interrupts for guests. A hypervisor IRQ is a GSI (numbered as the
 * GSI) or an MSI (numbered after the GSIs); routing one gives it a vector on
 * the boot CPU. A domain maps IRQs to its pirqs (PHYSDEVOP_map_pirq) and binds
 * an event channel to a pirq; the interrupt then raises that channel. A
 * level-triggered GSI is masked at its IO-APIC pin when it fires and unmasked
 * by the guest's PHYSDEVOP_eoi, so a line that stays asserted cannot storm.
 *
 * Locking: irq_lock (taken with interrupts off) protects irq_desc[],
 * vector_irq[] and every domain's pirq table; it is a leaf lock.
 */
#include <asm/apic.h>
#include <asm/domain.h>
#include <asm/irq.h>
#include <asm/traps.h>
#include <public/physdev.h>
#include <xen/acpi.h>
#include <xen/domctl.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <xen/xmalloc.h>

#define FIRST_DEVICE_VECTOR 0x30
#define LAST_DEVICE_VECTOR  0xdf
#define NR_HV_IRQS          256

enum irq_kind { IRQ_UNUSED, IRQ_GSI, IRQ_MSI };

struct irq_desc {
    uint8_t kind;         /* enum irq_kind */
    uint8_t vector;       /* 0 while not routed */
    bool level;           /* level-triggered (GSIs only; MSIs are edges) */
    bool active_low;      /* polarity (GSIs) */
    bool configured;      /* trigger/polarity set by PHYSDEVOP_setup_gsi */
    bool eoi_pending;     /* fired; masked until its guest's EOI */
    struct domain *owner; /* the domain whose pirq maps it, or NULL */
    unsigned int pirq;
    volatile uint32_t *msix_entry; /* an MSI-X vector's table entry (msi.c), else NULL */
};

/* One pirq of a domain: the IRQ it maps (-1: none) and the event channel bound to it. */
struct pirq_info {
    int16_t irq;
    uint32_t port;
    bool shared;
};

static DEFINE_SPINLOCK(irq_lock);
static struct irq_desc irq_desc[NR_HV_IRQS];
static int16_t vector_irq[256]; /* -1: free */
static unsigned int nr_gsis;
extern uint32_t cpu_to_apic_id[];

static void device_interrupt(struct cpu_user_regs *regs);

void irq_init(void)
{
    for ( unsigned int v = 0; v < 256; v++ )
        vector_irq[v] = -1;
    nr_gsis = ioapic_nr_gsis();
    if ( nr_gsis > NR_PIRQS / 2 )
        nr_gsis = NR_PIRQS / 2; /* keep half of the pirqs for MSIs */
    for ( unsigned int v = FIRST_DEVICE_VECTOR; v <= LAST_DEVICE_VECTOR; v++ )
        set_irq_handler(v, device_interrupt);
}

/* d's pirq table, allocated on first use; NULL when out of memory. irq_lock held. */
static struct pirq_info *pirq_table(struct domain *d)
{
    if ( d->arch->pirqs == NULL )
    {
        d->arch->pirqs = xzalloc_array(struct pirq_info, NR_PIRQS);
        if ( d->arch->pirqs == NULL )
            return NULL;
        for ( unsigned int p = 0; p < NR_PIRQS; p++ )
            d->arch->pirqs[p].irq = -1;
    }
    return d->arch->pirqs;
}

static int alloc_vector(unsigned int irq)
{
    for ( unsigned int v = FIRST_DEVICE_VECTOR; v <= LAST_DEVICE_VECTOR; v++ )
        if ( vector_irq[v] < 0 )
        {
            vector_irq[v] = (int16_t)irq;
            return (int)v;
        }
    return -ENOSPC;
}

/* ISA IRQs are edge/high unless an MADT override says otherwise; PCI GSIs level/low. */
static void default_trigger(unsigned int gsi, bool *level, bool *active_low)
{
    *level = gsi >= 16;
    *active_low = gsi >= 16;
    for ( unsigned int i = 0; i < acpi_info.nr_isos; i++ )
    {
        unsigned int flags = acpi_info.isos[i].flags;

        if ( acpi_info.isos[i].gsi != gsi )
            continue;
        if ( (flags & 3) == 3 )
            *active_low = true;
        else if ( (flags & 3) == 1 )
            *active_low = false;
        if ( ((flags >> 2) & 3) == 3 )
            *level = true;
        else if ( ((flags >> 2) & 3) == 1 )
            *level = false;
    }
}

/* A free pirq of pirqs[]: GSIs' own numbers are kept for them, MSIs count down. */
static int free_pirq(const struct pirq_info *pirqs)
{
    for ( unsigned int p = NR_PIRQS - 1; p >= nr_gsis; p-- )
        if ( pirqs[p].irq < 0 )
            return (int)p;
    return -ENOSPC;
}

/* Give IRQ irq to d's pirq (chosen if < 0). irq_lock held; desc routed. */
static int bind_pirq_to_irq(struct domain *d, unsigned int irq, int pirq)
{
    struct pirq_info *pirqs = pirq_table(d);

    if ( pirqs == NULL )
        return -ENOMEM;
    if ( pirq < 0 )
        pirq = irq < nr_gsis ? (int)irq : free_pirq(pirqs);
    if ( pirq < 0 )
        return pirq;
    if ( pirq >= NR_PIRQS )
        return -EINVAL;
    if ( pirqs[pirq].irq == (int16_t)irq )
        return pirq; /* mapped already, as asked */
    if ( pirqs[pirq].irq >= 0 )
        return -EEXIST;
    pirqs[pirq].irq = (int16_t)irq;
    pirqs[pirq].port = 0;
    irq_desc[irq].owner = d;
    irq_desc[irq].pirq = (unsigned int)pirq;
    return pirq;
}

int irq_map_gsi(struct domain *d, unsigned int gsi, int pirq)
{
    struct irq_desc *desc;
    unsigned long flags;
    int rc, v;

    if ( pirq >= NR_PIRQS )
        return -EINVAL;
    flags = spin_lock_irqsave(&irq_lock);
    rc = -EINVAL;
    if ( gsi >= nr_gsis )
        goto out;
    desc = &irq_desc[gsi];
    rc = -EBUSY;
    if ( desc->owner != NULL && desc->owner != d )
        goto out;
    if ( desc->vector == 0 )
    {
        if ( !desc->configured )
            default_trigger(gsi, &desc->level, &desc->active_low);
        if ( (v = alloc_vector(gsi)) < 0 )
        {
            rc = v;
            goto out;
        }
        desc->kind = IRQ_GSI;
        desc->vector = (uint8_t)v;
        rc = ioapic_route_gsi(gsi, desc->vector, desc->level, desc->active_low, cpu_to_apic_id[0]);
        if ( rc )
        {
            vector_irq[v] = -1;
            desc->vector = 0;
            desc->kind = IRQ_UNUSED;
            goto out;
        }
    }
    rc = bind_pirq_to_irq(d, gsi, pirq);
out:
    spin_unlock_irqrestore(&irq_lock, flags);
    return rc;
}

int irq_map_msi(struct domain *d, unsigned int seg, unsigned int bus, unsigned int devfn,
                unsigned int msix_entry, uint64_t table_base, int pirq)
{
    volatile uint32_t *entry = NULL;
    unsigned long flags;
    unsigned int irq;
    int rc, v;

    if ( pirq >= NR_PIRQS )
        return -EINVAL;
    if ( bus > 0xff || devfn > 0xff )
        return -ENODEV; /* no such function, as Xen answers */
    flags = spin_lock_irqsave(&irq_lock);
    for ( irq = nr_gsis; irq < NR_HV_IRQS && irq_desc[irq].kind != IRQ_UNUSED; irq++ )
        ;
    rc = -ENOSPC;
    if ( irq == NR_HV_IRQS || (v = alloc_vector(irq)) < 0 )
        goto out;
    if ( table_base == 0 )
        rc = msi_setup(seg, bus, devfn, (unsigned int)v, cpu_to_apic_id[0]);
    else
        rc = msix_locate(seg, bus, devfn, msix_entry, table_base, &entry);
    /* One vector per table entry: a second mapping would leave the first's vector dead. */
    for ( unsigned int i = nr_gsis; entry && rc == 0 && i < NR_HV_IRQS; i++ )
        if ( irq_desc[i].msix_entry == entry )
            rc = -EBUSY;
    if ( rc == 0 && entry )
        msix_program(entry, (unsigned int)v, cpu_to_apic_id[0]);
    if ( rc == 0 )
    {
        irq_desc[irq].msix_entry = entry;
        irq_desc[irq].kind = IRQ_MSI;
        irq_desc[irq].vector = (uint8_t)v;
        irq_desc[irq].level = false;
        rc = bind_pirq_to_irq(d, irq, pirq);
    }
    if ( rc < 0 )
    {
        vector_irq[v] = -1;
        irq_desc[irq] = (struct irq_desc){0};
    }
out:
    spin_unlock_irqrestore(&irq_lock, flags);
    return rc;
}

/* d's pirq entry if it maps an IRQ, else NULL. irq_lock held. */
static struct pirq_info *mapped_pirq(struct domain *d, unsigned int pirq)
{
    if ( pirq >= NR_PIRQS || d->arch->pirqs == NULL || d->arch->pirqs[pirq].irq < 0 )
        return NULL;
    return &d->arch->pirqs[pirq];
}

int arch_irq_of_pirq(struct domain *d, unsigned int pirq)
{
    unsigned long flags;
    const struct pirq_info *p;
    int irq;

    if ( pirq >= NR_PIRQS )
        return -EINVAL;
    flags = spin_lock_irqsave(&irq_lock);
    p = mapped_pirq(d, pirq);
    irq = p ? p->irq : -EPERM;
    spin_unlock_irqrestore(&irq_lock, flags);
    return irq;
}

int irq_unmap_pirq(struct domain *d, unsigned int pirq)
{
    unsigned long flags = spin_lock_irqsave(&irq_lock);
    struct pirq_info *p = mapped_pirq(d, pirq);
    struct irq_desc *desc;
    int rc = -EINVAL;

    if ( p == NULL )
        goto out;
    rc = -EBUSY;
    if ( p->port != 0 )
        goto out;
    desc = &irq_desc[p->irq];
    if ( desc->kind == IRQ_GSI )
        ioapic_mask_gsi((unsigned int)p->irq, true);
    /*
     * An MSI's device keeps its message until dom0 disables it and the vector
     * goes unused; an MSI-X entry is ours to mask.
     */
    if ( desc->msix_entry )
        msix_mask(desc->msix_entry);
    desc->msix_entry = NULL;
    vector_irq[desc->vector] = -1;
    desc->vector = 0;
    desc->owner = NULL;
    desc->eoi_pending = false;
    if ( desc->kind == IRQ_MSI )
        desc->kind = IRQ_UNUSED;
    p->irq = -1;
    rc = 0;
out:
    spin_unlock_irqrestore(&irq_lock, flags);
    return rc;
}

int irq_setup_gsi(unsigned int gsi, bool level, bool active_low)
{
    unsigned long flags = spin_lock_irqsave(&irq_lock);
    struct irq_desc *desc = &irq_desc[gsi < NR_HV_IRQS ? gsi : 0];
    int rc = -EINVAL;

    if ( gsi >= nr_gsis )
        goto out;
    desc->level = level;
    desc->active_low = active_low;
    desc->configured = true;
    rc = 0;
    if ( desc->vector != 0 )
    {
        bool unmask =
            desc->owner && desc->owner->arch->pirqs[desc->pirq].port && !desc->eoi_pending;

        rc = ioapic_route_gsi(gsi, desc->vector, level, active_low, cpu_to_apic_id[0]);
        if ( rc == 0 && unmask )
            ioapic_mask_gsi(gsi, false);
    }
out:
    spin_unlock_irqrestore(&irq_lock, flags);
    return rc;
}

int irq_pirq_eoi(struct domain *d, unsigned int pirq)
{
    unsigned long flags = spin_lock_irqsave(&irq_lock);
    struct pirq_info *p = mapped_pirq(d, pirq);
    int rc = -EINVAL;

    if ( p != NULL )
    {
        struct irq_desc *desc = &irq_desc[p->irq];

        if ( desc->eoi_pending )
        {
            desc->eoi_pending = false;
            if ( p->port != 0 )
                ioapic_mask_gsi((unsigned int)p->irq, false);
        }
        rc = 0;
    }
    spin_unlock_irqrestore(&irq_lock, flags);
    return rc;
}

uint32_t irq_pirq_status(struct domain *d, unsigned int pirq)
{
    unsigned long flags = spin_lock_irqsave(&irq_lock);
    struct pirq_info *p = mapped_pirq(d, pirq);
    uint32_t st = 0;

    if ( p != NULL && irq_desc[p->irq].level )
        st |= XENIRQSTAT_needs_eoi;
    if ( p != NULL && p->shared )
        st |= XENIRQSTAT_shared;
    spin_unlock_irqrestore(&irq_lock, flags);
    return st;
}

int irq_get_free_pirq(struct domain *d, int type)
{
    unsigned long flags = spin_lock_irqsave(&irq_lock);
    struct pirq_info *pirqs = pirq_table(d);
    int rc = pirqs == NULL ? -ENOMEM : free_pirq(pirqs);

    (void)type; /* GSIs keep their own numbers, so any request gets an MSI-range pirq */
    spin_unlock_irqrestore(&irq_lock, flags);
    return rc;
}

int arch_pirq_bind(struct domain *d, unsigned int pirq, unsigned int port, bool shared)
{
    unsigned long flags = spin_lock_irqsave(&irq_lock);
    struct pirq_info *p = mapped_pirq(d, pirq);
    int rc = -EPERM;

    if ( p == NULL )
        goto out;
    rc = -EEXIST;
    if ( p->port != 0 )
        goto out;
    p->port = port;
    p->shared = shared;
    if ( irq_desc[p->irq].kind == IRQ_GSI && !irq_desc[p->irq].eoi_pending )
        ioapic_mask_gsi((unsigned int)p->irq, false);
    rc = 0;
out:
    spin_unlock_irqrestore(&irq_lock, flags);
    return rc;
}

void arch_pirq_unbind(struct domain *d, unsigned int pirq)
{
    unsigned long flags = spin_lock_irqsave(&irq_lock);
    struct pirq_info *p = mapped_pirq(d, pirq);

    if ( p != NULL )
    {
        if ( irq_desc[p->irq].kind == IRQ_GSI )
            ioapic_mask_gsi((unsigned int)p->irq, true);
        irq_desc[p->irq].eoi_pending = false;
        p->port = 0;
    }
    spin_unlock_irqrestore(&irq_lock, flags);
}

/* Every device vector: acknowledge, then raise the owning domain's event channel. */
static void device_interrupt(struct cpu_user_regs *regs)
{
    struct domain *d = NULL;
    unsigned int port = 0;
    int irq;

    spin_lock(&irq_lock);
    irq = vector_irq[regs->entry_vector];
    if ( irq >= 0 )
    {
        struct irq_desc *desc = &irq_desc[irq];

        if ( desc->level )
        {
            ioapic_mask_gsi((unsigned int)irq, true);
            desc->eoi_pending = true;
        }
        if ( desc->owner != NULL )
        {
            d = desc->owner;
            port = d->arch->pirqs[desc->pirq].port;
        }
    }
    ack_APIC_irq();
    spin_unlock(&irq_lock);
    if ( port != 0 )
        evtchn_set_pending(d, port);
}
