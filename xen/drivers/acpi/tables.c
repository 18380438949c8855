/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ACPI static table parsing: RSDP, RSDT/XSDT, MADT, FADT and HPET, with every
 * checksum and length checked before a field is read. Firmware memory is read
 * through arch_acpi_map().
 */
#include <xen/acpi.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/string.h>

struct acpi_info acpi_info;

/* Table header common to every SDT (36 bytes). */
struct __packed sdt_header {
    char signature[4];
    uint32_t length;
    uint8_t revision;
    uint8_t checksum;
    char oem_id[6];
    char oem_table_id[8];
    uint32_t oem_revision;
    uint32_t creator_id;
    uint32_t creator_revision;
};

struct __packed rsdp {
    char signature[8];
    uint8_t checksum;
    char oem_id[6];
    uint8_t revision;
    uint32_t rsdt_address;
    /* ACPI 2.0+ */
    uint32_t length;
    uint64_t xsdt_address;
    uint8_t ext_checksum;
    uint8_t _rsvd[3];
};

#define MADT_LAPIC          0
#define MADT_IOAPIC         1
#define MADT_ISO            2
#define MADT_LAPIC_OVERRIDE 5
#define MADT_X2APIC         9

#define MAX_TABLE_LEN (1u << 20)

static uint8_t sum_bytes(const void *p, size_t len)
{
    const uint8_t *b = p;
    uint8_t s = 0;

    while ( len-- )
        s += *b++;
    return s;
}

long acpi_find_rsdp(const uint8_t *buf, size_t len)
{
    for ( size_t off = 0; off + 20 <= len; off += 16 )
        if ( !memcmp(buf + off, "RSD PTR ", 8) && sum_bytes(buf + off, 20) == 0 )
            return (long)off;
    return -1;
}

/* Map a whole table after checking its header; NULL if bad (and counted). */
static const struct sdt_header *map_table(uint64_t pa, struct acpi_info *info)
{
    const struct sdt_header *h = arch_acpi_map(pa, sizeof(*h));
    uint32_t len;

    if ( h == NULL )
        return NULL;
    len = h->length;
    if ( len < sizeof(*h) || len > MAX_TABLE_LEN )
    {
        info->bad_tables++;
        return NULL;
    }
    h = arch_acpi_map(pa, len);
    if ( h == NULL || sum_bytes(h, len) != 0 )
    {
        info->bad_tables++;
        return NULL;
    }
    info->tables_seen++;
    return h;
}

static void parse_madt(const struct sdt_header *h, struct acpi_info *info)
{
    const uint8_t *p = (const uint8_t *)h + sizeof(*h);
    const uint8_t *end = (const uint8_t *)h + h->length;
    uint32_t lapic32;

    if ( h->length < sizeof(*h) + 8 )
        return;
    memcpy(&lapic32, p, 4);
    info->lapic_addr = lapic32;
    p += 8; /* local APIC address, flags */

    while ( p + 2 <= end && p[1] >= 2 && p + p[1] <= end )
    {
        const uint8_t *e = p;
        uint8_t type = e[0], len = e[1];

        p += len;
        if ( type == MADT_LAPIC && len >= 8 && info->nr_cpus < ACPI_MAX_CPUS )
        {
            uint32_t flags;

            memcpy(&flags, e + 4, 4);
            info->cpus[info->nr_cpus].acpi_id = e[2];
            info->cpus[info->nr_cpus].apic_id = e[3];
            info->cpus[info->nr_cpus].enabled = flags & 1;
            info->nr_cpus++;
        }
        else if ( type == MADT_X2APIC && len >= 16 && info->nr_cpus < ACPI_MAX_CPUS )
        {
            uint32_t id, flags, uid;

            memcpy(&id, e + 4, 4);
            memcpy(&flags, e + 8, 4);
            memcpy(&uid, e + 12, 4);
            info->cpus[info->nr_cpus].apic_id = id;
            info->cpus[info->nr_cpus].acpi_id = uid;
            info->cpus[info->nr_cpus].enabled = flags & 1;
            info->nr_cpus++;
        }
        else if ( type == MADT_IOAPIC && len >= 12 && info->nr_ioapics < ACPI_MAX_IOAPICS )
        {
            struct acpi_ioapic *io = &info->ioapics[info->nr_ioapics++];

            io->id = e[2];
            memcpy(&io->address, e + 4, 4);
            memcpy(&io->gsi_base, e + 8, 4);
        }
        else if ( type == MADT_ISO && len >= 10 && info->nr_isos < ACPI_MAX_ISO )
        {
            struct acpi_iso *iso = &info->isos[info->nr_isos++];

            iso->source_irq = e[3];
            memcpy(&iso->gsi, e + 4, 4);
            memcpy(&iso->flags, e + 8, 2);
        }
        else if ( type == MADT_LAPIC_OVERRIDE && len >= 12 )
            memcpy(&info->lapic_addr, e + 4, 8);
    }
}

static void parse_fadt(const struct sdt_header *h, struct acpi_info *info)
{
    const uint8_t *t = (const uint8_t *)h;
    uint32_t port, flags;

    info->have_fadt = true;
    if ( h->length >= 80 )
    {
        memcpy(&port, t + 76, 4); /* PM_TMR_BLK */
        info->pm_timer_port = port;
    }
    if ( h->length >= 116 )
    {
        memcpy(&flags, t + 112, 4);
        info->pm_timer_32bit = flags & (1u << 8); /* TMR_VAL_EXT */
    }
}

static void parse_hpet(const struct sdt_header *h, struct acpi_info *info)
{
    const uint8_t *t = (const uint8_t *)h;

    /* Event timer block id (4), then a Generic Address Structure: address at +4. */
    if ( h->length >= sizeof(*h) + 16 )
        memcpy(&info->hpet_addr, t + sizeof(*h) + 8, 8);
}

int acpi_parse(uint64_t rsdp_pa, struct acpi_info *info)
{
    const struct rsdp *r = arch_acpi_map(rsdp_pa, 20);
    const struct sdt_header *root;
    uint64_t root_pa;
    bool xsdt = false;
    unsigned int entry_size, n;

    memset(info, 0, sizeof(*info));
    if ( r == NULL || memcmp(r->signature, "RSD PTR ", 8) || sum_bytes(r, 20) )
        return -ENOENT;
    info->rsdp_addr = rsdp_pa;
    info->revision = r->revision;
    memcpy(info->oem_id, r->oem_id, 6);
    root_pa = r->rsdt_address;
    if ( r->revision >= 2 && (r = arch_acpi_map(rsdp_pa, sizeof(*r))) != NULL &&
         r->length >= sizeof(*r) && r->length <= 4096 &&
         (r = arch_acpi_map(rsdp_pa, r->length)) != NULL && sum_bytes(r, r->length) == 0 &&
         r->xsdt_address )
    {
        root_pa = r->xsdt_address;
        xsdt = true;
    }

    root = map_table(root_pa, info);
    if ( root == NULL || memcmp(root->signature, xsdt ? "XSDT" : "RSDT", 4) )
        return -EINVAL;
    entry_size = xsdt ? 8 : 4;
    n = (root->length - sizeof(*root)) / entry_size;

    for ( unsigned int i = 0; i < n; i++ )
    {
        uint64_t pa = 0;
        const struct sdt_header *h;

        /* The root may have been remapped by map_table() calls: map it again. */
        root = arch_acpi_map(root_pa, sizeof(*root) + (size_t)n * entry_size);
        if ( root == NULL )
            return -EINVAL;
        memcpy(&pa, (const uint8_t *)root + sizeof(*root) + (size_t)i * entry_size, entry_size);
        h = map_table(pa, info);
        if ( h == NULL )
            continue;
        if ( !memcmp(h->signature, "APIC", 4) )
            parse_madt(h, info);
        else if ( !memcmp(h->signature, "FACP", 4) )
            parse_fadt(h, info);
        else if ( !memcmp(h->signature, "HPET", 4) )
            parse_hpet(h, info);
    }
    return info->nr_cpus ? 0 : -ENODEV;
}
