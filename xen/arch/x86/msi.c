/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * MSI for guests' devices: the hypervisor finds a PCI function's MSI
 * capability through configuration mechanism #1 (ports 0xcf8/0xcfc, segment 0)
 * and writes the message that lands on its vector. Enabling MSI in the
 * capability stays with dom0's driver, as with Xen.
 */
#include <asm/io.h>
#include <asm/irq.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/spinlock.h>

#define PCI_CONF_ADDR 0xcf8
#define PCI_CONF_DATA 0xcfc

#define PCI_STATUS          0x06
#define PCI_STATUS_CAP_LIST (1u << 4)
#define PCI_CAPABILITY_LIST 0x34
#define PCI_CAP_ID_MSI      0x05

/* MSI capability: control, then the address (32 or 64 bits), then the data. */
#define MSI_FLAGS_64BIT  (1u << 7)
#define MSI_FLAGS_QSIZE  (7u << 4)
#define MSI_ADDRESS_LO   4
#define MSI_ADDRESS_HI   8
#define MSI_DATA_32      8
#define MSI_DATA_64      12
#define MSI_ADDR_BASE    0xfee00000u
#define MSI_ADDR_DEST(a) ((uint32_t)(a) << 12)

static DEFINE_SPINLOCK(pci_conf_lock);

static uint32_t conf_addr(unsigned int bus, unsigned int devfn, unsigned int reg)
{
    return 0x80000000u | (bus << 16) | (devfn << 8) | (reg & 0xfc);
}

static uint32_t pci_conf_read32(unsigned int bus, unsigned int devfn, unsigned int reg)
{
    unsigned long flags = spin_lock_irqsave(&pci_conf_lock);
    uint32_t v;

    outl(conf_addr(bus, devfn, reg), PCI_CONF_ADDR);
    v = inl(PCI_CONF_DATA);
    spin_unlock_irqrestore(&pci_conf_lock, flags);
    return v;
}

static void pci_conf_write32(unsigned int bus, unsigned int devfn, unsigned int reg, uint32_t v)
{
    unsigned long flags = spin_lock_irqsave(&pci_conf_lock);

    outl(conf_addr(bus, devfn, reg), PCI_CONF_ADDR);
    outl(v, PCI_CONF_DATA);
    spin_unlock_irqrestore(&pci_conf_lock, flags);
}

static unsigned int pci_conf_read16(unsigned int bus, unsigned int devfn, unsigned int reg)
{
    return (pci_conf_read32(bus, devfn, reg) >> ((reg & 2) * 8)) & 0xffff;
}

/* The offset of the function's MSI capability, or 0. A looping list ends after 48 steps. */
static unsigned int find_msi_cap(unsigned int bus, unsigned int devfn)
{
    unsigned int pos, steps = 0;

    if ( pci_conf_read32(bus, devfn, 0) == 0xffffffffu ||
         !(pci_conf_read16(bus, devfn, PCI_STATUS) & PCI_STATUS_CAP_LIST) )
        return 0;
    pos = pci_conf_read32(bus, devfn, PCI_CAPABILITY_LIST) & 0xfc;
    while ( pos >= 0x40 && steps++ < 48 )
    {
        uint32_t head = pci_conf_read32(bus, devfn, pos);

        if ( (head & 0xff) == PCI_CAP_ID_MSI )
            return pos;
        pos = (head >> 8) & 0xfc;
    }
    return 0;
}

int msi_setup(unsigned int seg, unsigned int bus, unsigned int devfn, unsigned int vector,
              uint32_t dest_apic_id)
{
    unsigned int cap, ctrl;
    uint32_t head;

    if ( seg != 0 || (cap = find_msi_cap(bus, devfn)) == 0 )
        return -ENODEV;
    head = pci_conf_read32(bus, devfn, cap);
    ctrl = head >> 16;
    /* One message (the multiple-message enable field cleared), enable bit as it was. */
    pci_conf_write32(bus, devfn, cap, (head & 0xffffu) | ((ctrl & ~MSI_FLAGS_QSIZE) << 16));
    pci_conf_write32(bus, devfn, cap + MSI_ADDRESS_LO, MSI_ADDR_BASE | MSI_ADDR_DEST(dest_apic_id));
    if ( ctrl & MSI_FLAGS_64BIT )
    {
        pci_conf_write32(bus, devfn, cap + MSI_ADDRESS_HI, 0);
        pci_conf_write32(bus, devfn, cap + MSI_DATA_64,
                         (pci_conf_read32(bus, devfn, cap + MSI_DATA_64) & 0xffff0000u) | vector);
    }
    else
        pci_conf_write32(bus, devfn, cap + MSI_DATA_32,
                         (pci_conf_read32(bus, devfn, cap + MSI_DATA_32) & 0xffff0000u) | vector);
    return 0;
}
