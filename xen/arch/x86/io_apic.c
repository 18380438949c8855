/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * IO-APICs: mapped and fully masked at boot, so no device interrupt arrives
 * before something routes it (dom0's physdev calls, later).
 */
#include <asm/mm.h>
#include <xen/acpi.h>
#include <xen/lib.h>

#define IOAPIC_REGSEL 0x00
#define IOAPIC_WINDOW 0x10
#define IOAPIC_VER    0x01
#define IOAPIC_REDTBL 0x10
#define REDIR_MASKED  (1u << 16)

static volatile uint32_t *ioapic_base[ACPI_MAX_IOAPICS];
static unsigned int ioapic_pins[ACPI_MAX_IOAPICS];

static uint32_t ioapic_read(unsigned int apic, unsigned int reg)
{
    ioapic_base[apic][IOAPIC_REGSEL / 4] = reg;
    return ioapic_base[apic][IOAPIC_WINDOW / 4];
}

static void ioapic_write(unsigned int apic, unsigned int reg, uint32_t v)
{
    ioapic_base[apic][IOAPIC_REGSEL / 4] = reg;
    ioapic_base[apic][IOAPIC_WINDOW / 4] = v;
}

/** Map every IO-APIC the MADT lists and mask all of their pins. */
void io_apic_init(void);

void io_apic_init(void)
{
    for ( unsigned int a = 0; a < acpi_info.nr_ioapics; a++ )
    {
        ioapic_base[a] = ioremap(acpi_info.ioapics[a].address, 4096);
        if ( ioapic_base[a] == NULL )
            panic("Cannot map IO-APIC %u\n", a);
        ioapic_pins[a] = ((ioapic_read(a, IOAPIC_VER) >> 16) & 0xff) + 1;
        for ( unsigned int pin = 0; pin < ioapic_pins[a]; pin++ )
        {
            ioapic_write(a, IOAPIC_REDTBL + 2 * pin + 1, 0);
            ioapic_write(a, IOAPIC_REDTBL + 2 * pin, REDIR_MASKED);
        }
        printk("IO-APIC %u: %u pins, all masked\n", acpi_info.ioapics[a].id, ioapic_pins[a]);
    }
}
