/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * MSI and MSI-X for guests' devices: the hypervisor finds a PCI function's
 * capability through configuration mechanism #1 (ports 0xcf8/0xcfc, segment 0)
 * and writes the message that lands on its vector: into the MSI capability,
 * or into the MSI-X table entry in the memory BAR the capability names (the
 * BAR read from the device, not taken from dom0), where the hypervisor also
 * owns the entry's mask bit. Enabling MSI/MSI-X in the capability stays with
 * dom0's driver, as with Xen.
 */
#include <asm/io.h>
#include <asm/irq.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/spinlock.h>

#define PCI_CONF_ADDR 0xcf8
#define PCI_CONF_DATA 0xcfc

#define PCI_STATUS          0x06
#define PCI_STATUS_CAP_LIST (1u << 4)
#define PCI_CAPABILITY_LIST 0x34
#define PCI_CAP_ID_MSI      0x05
#define PCI_CAP_ID_MSIX     0x11
#define PCI_BASE_ADDRESS_0  0x10
#define PCI_BAR_IO          (1u << 0)
#define PCI_BAR_MEM_64      (2u << 1)
#define PCI_BAR_MEM_TYPE    (3u << 1)

/* MSI capability: control, then the address (32 or 64 bits), then the data. */
#define MSI_FLAGS_64BIT  (1u << 7)
#define MSI_FLAGS_QSIZE  (7u << 4)
#define MSI_ADDRESS_LO   4
#define MSI_ADDRESS_HI   8
#define MSI_DATA_32      8
#define MSI_DATA_64      12
#define MSI_ADDR_BASE    0xfee00000u
#define MSI_ADDR_DEST(a) ((uint32_t)(a) << 12)

/* MSI-X capability: control (table size - 1), then the table's BAR and offset. */
#define MSIX_FLAGS_QSIZE 0x7ffu
#define MSIX_TABLE       4
#define MSIX_TABLE_BIR   7u
/* A table entry: four 32-bit words. */
#define MSIX_ENTRY_SIZE  16
#define MSIX_ADDR_LO     0
#define MSIX_ADDR_HI     1
#define MSIX_DATA        2
#define MSIX_CTRL        3
#define MSIX_CTRL_MASKED 1u

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

/* The offset of the function's capability `id`, or 0. A looping list ends after 48 steps. */
static unsigned int find_cap(unsigned int bus, unsigned int devfn, unsigned int id)
{
    unsigned int pos, steps = 0;

    if ( pci_conf_read32(bus, devfn, 0) == 0xffffffffu ||
         !(pci_conf_read16(bus, devfn, PCI_STATUS) & PCI_STATUS_CAP_LIST) )
        return 0;
    pos = pci_conf_read32(bus, devfn, PCI_CAPABILITY_LIST) & 0xfc;
    while ( pos >= 0x40 && steps++ < 48 )
    {
        uint32_t head = pci_conf_read32(bus, devfn, pos);

        if ( (head & 0xff) == id )
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

    if ( seg != 0 || (cap = find_cap(bus, devfn, PCI_CAP_ID_MSI)) == 0 )
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

/* The address memory BAR bir decodes (a 64-bit BAR with its upper half), or 0. */
static uint64_t mem_bar(unsigned int bus, unsigned int devfn, unsigned int bir)
{
    uint32_t lo = pci_conf_read32(bus, devfn, PCI_BASE_ADDRESS_0 + 4 * bir);
    uint64_t base = lo & ~0xfu;

    if ( lo & PCI_BAR_IO )
        return 0;
    if ( (lo & PCI_BAR_MEM_TYPE) == PCI_BAR_MEM_64 )
    {
        if ( bir >= 5 )
            return 0;
        base |= (uint64_t)pci_conf_read32(bus, devfn, PCI_BASE_ADDRESS_0 + 4 * (bir + 1)) << 32;
    }
    return base;
}

/*
 * MSI-X table pages mapped so far (uncached). The ioremap area is never given
 * back, so a page is mapped once and kept for every entry and device on it.
 */
#define MSIX_MAX_PAGES 64
static struct {
    uint64_t pa;
    uint8_t *va;
} msix_pages[MSIX_MAX_PAGES];
static unsigned int nr_msix_pages;
static DEFINE_SPINLOCK(msix_page_lock);

static volatile uint32_t *msix_entry_map(uint64_t pa)
{
    uint64_t page = pa & PAGE_MASK;
    unsigned long flags = spin_lock_irqsave(&msix_page_lock);
    uint8_t *va = NULL;

    for ( unsigned int i = 0; i < nr_msix_pages && va == NULL; i++ )
        if ( msix_pages[i].pa == page )
            va = msix_pages[i].va;
    if ( va == NULL && nr_msix_pages < MSIX_MAX_PAGES && (va = ioremap(page, PAGE_SIZE)) != NULL )
    {
        msix_pages[nr_msix_pages].pa = page;
        msix_pages[nr_msix_pages++].va = va;
    }
    spin_unlock_irqrestore(&msix_page_lock, flags);
    return va ? (volatile uint32_t *)(va + (pa & ~PAGE_MASK)) : NULL;
}

int msix_locate(unsigned int seg, unsigned int bus, unsigned int devfn, unsigned int entry,
                uint64_t table_base, volatile uint32_t **entry_va)
{
    unsigned int cap, nr, bir;
    unsigned long first, last;
    uint32_t table;
    uint64_t base, pa;
    volatile uint32_t *e;

    if ( seg != 0 || (cap = find_cap(bus, devfn, PCI_CAP_ID_MSIX)) == 0 )
        return -ENODEV;
    nr = ((pci_conf_read32(bus, devfn, cap) >> 16) & MSIX_FLAGS_QSIZE) + 1;
    if ( entry >= nr )
        return -EINVAL;
    table = pci_conf_read32(bus, devfn, cap + MSIX_TABLE);
    bir = table & MSIX_TABLE_BIR;
    if ( bir > 5 || (base = mem_bar(bus, devfn, bir)) == 0 )
        return -ENODEV;
    if ( base != table_base )
        printk(
            "MSI-X %02x:%02x.%u: table BAR %u is at %#lx, not %#lx as dom0 says: using the BAR\n",
            bus, devfn >> 3, devfn & 7, bir, (unsigned long)base, (unsigned long)table_base);
    base += table & ~MSIX_TABLE_BIR; /* the table */
    first = (unsigned long)(base >> PAGE_SHIFT);
    last = (unsigned long)((base + (uint64_t)nr * MSIX_ENTRY_SIZE - 1) >> PAGE_SHIFT);
    /* A BAR moved over RAM would have us write into memory: never. */
    for ( unsigned long mfn = first; mfn <= last; mfn++ )
        if ( page_is_ram(mfn) )
            return -EINVAL;
    /* The table is the hypervisor's from now on: guests may read it, never write it. */
    if ( mmio_ro_add(first, last) )
        return -ENOMEM;
    pa = base + (uint64_t)entry * MSIX_ENTRY_SIZE;
    if ( (e = msix_entry_map(pa)) == NULL )
        return -ENOMEM;
    *entry_va = e;
    return 0;
}

void msix_program(volatile uint32_t *e, unsigned int vector, uint32_t dest_apic_id)
{
    e[MSIX_CTRL] |= MSIX_CTRL_MASKED;
    e[MSIX_ADDR_LO] = MSI_ADDR_BASE | MSI_ADDR_DEST(dest_apic_id);
    e[MSIX_ADDR_HI] = 0;
    e[MSIX_DATA] = vector;
    e[MSIX_CTRL] &= ~MSIX_CTRL_MASKED;
}

void msix_mask(volatile uint32_t *entry_va)
{
    entry_va[MSIX_CTRL] |= MSIX_CTRL_MASKED;
    (void)entry_va[MSIX_CTRL]; /* the write reaches the device before the vector is reused */
}
