/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * IO-APICs: mapped and fully masked at boot, so no device interrupt arrives
 * before something routes it; then each GSI is routed (vector, trigger,
 * polarity, destination) and masked or unmasked on behalf of irq.c.
 */
#include <asm/irq.h>
#include <asm/mm.h>
#include <xen/acpi.h>
#include <xen/errno.h>
#include <xen/lib.h>

#define IOAPIC_REGSEL 0x00
#define IOAPIC_WINDOW 0x10
#define IOAPIC_VER    0x01
#define IOAPIC_REDTBL 0x10
#define REDIR_MASKED  (1u << 16)
#define REDIR_LEVEL   (1u << 15)
#define REDIR_LOW     (1u << 13)

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
        /* Guests (dom0) may read it, never write: its registers are the hypervisor's. */
        if ( mmio_ro_add(acpi_info.ioapics[a].address >> PAGE_SHIFT,
                         acpi_info.ioapics[a].address >> PAGE_SHIFT) )
            panic("Cannot make IO-APIC %u read-only for guests\n", a);
        ioapic_pins[a] = ((ioapic_read(a, IOAPIC_VER) >> 16) & 0xff) + 1;
        for ( unsigned int pin = 0; pin < ioapic_pins[a]; pin++ )
        {
            ioapic_write(a, IOAPIC_REDTBL + 2 * pin + 1, 0);
            ioapic_write(a, IOAPIC_REDTBL + 2 * pin, REDIR_MASKED);
        }
        printk("IO-APIC %u: %u pins, all masked\n", acpi_info.ioapics[a].id, ioapic_pins[a]);
    }
}

/* The IO-APIC and pin of gsi; false if no IO-APIC has it. */
static bool gsi_pin(unsigned int gsi, unsigned int *apic, unsigned int *pin)
{
    for ( unsigned int a = 0; a < acpi_info.nr_ioapics; a++ )
    {
        uint32_t base = acpi_info.ioapics[a].gsi_base;

        if ( ioapic_base[a] != NULL && gsi >= base && gsi - base < ioapic_pins[a] )
        {
            *apic = a;
            *pin = gsi - base;
            return true;
        }
    }
    return false;
}

unsigned int ioapic_nr_gsis(void)
{
    unsigned int n = 0;

    for ( unsigned int a = 0; a < acpi_info.nr_ioapics; a++ )
        if ( acpi_info.ioapics[a].gsi_base + ioapic_pins[a] > n )
            n = acpi_info.ioapics[a].gsi_base + ioapic_pins[a];
    return n;
}

int ioapic_route_gsi(unsigned int gsi, unsigned int vector, bool level, bool active_low,
                     uint32_t dest_apic_id)
{
    unsigned int a, pin;
    uint32_t lo = vector | REDIR_MASKED | (level ? REDIR_LEVEL : 0) | (active_low ? REDIR_LOW : 0);

    if ( !gsi_pin(gsi, &a, &pin) )
        return -ENODEV;
    ioapic_write(a, IOAPIC_REDTBL + 2 * pin, REDIR_MASKED);
    ioapic_write(a, IOAPIC_REDTBL + 2 * pin + 1, dest_apic_id << 24);
    ioapic_write(a, IOAPIC_REDTBL + 2 * pin, lo);
    return 0;
}

void ioapic_mask_gsi(unsigned int gsi, bool masked)
{
    unsigned int a, pin;
    uint32_t lo;

    if ( !gsi_pin(gsi, &a, &pin) )
        return;
    lo = ioapic_read(a, IOAPIC_REDTBL + 2 * pin);
    lo = masked ? lo | REDIR_MASKED : lo & ~REDIR_MASKED;
    ioapic_write(a, IOAPIC_REDTBL + 2 * pin, lo);
}
