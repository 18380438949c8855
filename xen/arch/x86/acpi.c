/* SPDX-License-Identifier: GPL-2.0-only */
/* Finding and mapping the ACPI tables on a PC: RSDP in the EBDA or the BIOS area. */
#include <asm/config.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <xen/acpi.h>
#include <xen/lib.h>

/* Firmware memory is mapped in 2 MiB windows, cached, read-mostly. */
#define ACPI_WINDOWS 16
#define WINDOW_SIZE  (2UL << 20)
#define ACPI_VIRT    (IOREMAP_VIRT_END - ACPI_WINDOWS * WINDOW_SIZE)

static uint64_t window_base[ACPI_WINDOWS];
static unsigned int nr_windows;

/* Virtual address of physical pa if its 2 MiB window is mapped (mapping it if need be). */
static const uint8_t *window_map(uint64_t pa)
{
    uint64_t base = pa & ~(WINDOW_SIZE - 1);
    unsigned int i;

    for ( i = 0; i < nr_windows; i++ )
        if ( window_base[i] == base )
            break;
    if ( i == nr_windows )
    {
        if ( nr_windows == ACPI_WINDOWS ||
             map_pages_to_xen(ACPI_VIRT + i * WINDOW_SIZE, _mfn(base >> PAGE_SHIFT),
                              WINDOW_SIZE >> PAGE_SHIFT, PAGE_HYPERVISOR_RW) )
            return NULL;
        window_base[nr_windows++] = base;
    }
    return (const uint8_t *)(ACPI_VIRT + i * WINDOW_SIZE + (pa - base));
}

const void *arch_acpi_map(uint64_t pa, size_t len)
{
    const uint8_t *first, *last;

    if ( len == 0 || pa + len < pa || pa + len > (1ULL << 52) )
        return NULL;
    first = window_map(pa);
    last = window_map(pa + len - 1);
    /* Only ranges whose windows sit next to each other in virtual space. */
    if ( first == NULL || last == NULL || (uint64_t)(last - first) != len - 1 )
        return NULL;
    return first;
}

/* Search [pa, pa + len) for the RSDP. */
static uint64_t scan_for_rsdp(uint64_t pa, size_t len)
{
    const uint8_t *p = arch_acpi_map(pa, len);
    long off = p ? acpi_find_rsdp(p, len) : -1;

    return off < 0 ? 0 : pa + (uint64_t)off;
}

/** Find and parse the ACPI tables; prints what it found. Returns 0 or -errno. */
int acpi_boot_init(void);

int acpi_boot_init(void)
{
    const uint16_t *ebda_seg = arch_acpi_map(0x40e, 2);
    uint64_t rsdp = 0;
    int rc;

    if ( ebda_seg && *ebda_seg )
        rsdp = scan_for_rsdp((uint64_t)*ebda_seg << 4, 1024);
    if ( rsdp == 0 )
        rsdp = scan_for_rsdp(0xe0000, 0x20000);
    if ( rsdp == 0 )
    {
        printk("ACPI: no RSDP found\n");
        return -1;
    }
    rc = acpi_parse(rsdp, &acpi_info);
    printk("ACPI: RSDP %#lx (r%u %s), %u tables, %u bad\n", (unsigned long)rsdp, acpi_info.revision,
           acpi_info.oem_id, acpi_info.tables_seen, acpi_info.bad_tables);
    if ( rc )
        return rc;
    printk("ACPI: local APIC at %#lx, %u CPUs, %u IO-APICs, PM timer %#x%s, HPET %#lx\n",
           (unsigned long)acpi_info.lapic_addr, acpi_info.nr_cpus, acpi_info.nr_ioapics,
           acpi_info.pm_timer_port, acpi_info.pm_timer_32bit ? " (32-bit)" : "",
           (unsigned long)acpi_info.hpet_addr);
    for ( unsigned int i = 0; i < acpi_info.nr_ioapics; i++ )
        printk("IOAPIC[%u]: apic_id %u, address %#x, GSI %u-\n", i, acpi_info.ioapics[i].id,
               acpi_info.ioapics[i].address, acpi_info.ioapics[i].gsi_base);
    return 0;
}
