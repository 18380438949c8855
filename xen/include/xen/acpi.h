/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ACPI static tables the hypervisor reads at boot: RSDP -> RSDT/XSDT -> MADT
 * (CPUs, IO-APICs, overrides), FADT (PM timer, reset register), HPET.
 */
#ifndef XEN_ACPI_H
#define XEN_ACPI_H

#include <xen/types.h>

#define ACPI_MAX_CPUS    64
#define ACPI_MAX_IOAPICS 8
#define ACPI_MAX_ISO     16

/** What the MADT says about one processor. */
struct acpi_cpu {
    uint32_t apic_id;
    uint32_t acpi_id;
    bool enabled;
};

struct acpi_ioapic {
    uint8_t id;
    uint32_t address;
    uint32_t gsi_base;
};

/** An ISA IRQ routed to another GSI, with polarity/trigger flags (MPS INTI flags). */
struct acpi_iso {
    uint8_t source_irq;
    uint32_t gsi;
    uint16_t flags;
};

/** Everything parsed from the tables. */
struct acpi_info {
    uint64_t rsdp_addr;
    char oem_id[7];
    uint8_t revision;
    uint64_t lapic_addr;
    unsigned int nr_cpus;
    struct acpi_cpu cpus[ACPI_MAX_CPUS];
    unsigned int nr_ioapics;
    struct acpi_ioapic ioapics[ACPI_MAX_IOAPICS];
    unsigned int nr_isos;
    struct acpi_iso isos[ACPI_MAX_ISO];
    bool have_fadt;
    uint32_t pm_timer_port; /* 0: none */
    bool pm_timer_32bit;
    uint64_t hpet_addr; /* 0: none */
    unsigned int tables_seen;
    unsigned int bad_tables; /* checksum or length errors (skipped) */
};

/**
 * Map len bytes of firmware memory at physical pa for reading; NULL when it
 * cannot. Provided by the architecture (the host tests provide their own).
 */
const void *arch_acpi_map(uint64_t pa, size_t len);

/** Validate the RSDP at rsdp_pa and parse what it leads to. Returns 0 or -errno. */
int acpi_parse(uint64_t rsdp_pa, struct acpi_info *info);

/** Look for "RSD PTR " with a good checksum in buf (16-byte steps); -1 if none. */
long acpi_find_rsdp(const uint8_t *buf, size_t len);

/** The tables parsed at boot (valid after acpi_boot_init()). */
extern struct acpi_info acpi_info;

#endif /* XEN_ACPI_H */
