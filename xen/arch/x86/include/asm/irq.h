/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Device interrupts (irq.c), the IO-APIC pins under them (io_apic.c) and MSI
 * on PCI functions (msi.c), as the physdev_op and event-channel code uses them.
 */
#ifndef ASM_X86_IRQ_H
#define ASM_X86_IRQ_H

#include <xen/types.h>

struct domain;

/* Pirqs per domain: the GSIs keep their own numbers, MSIs are given the top ones. */
#define NR_PIRQS 256

/** How many GSIs the IO-APICs have (the highest GSI + 1). */
unsigned int ioapic_nr_gsis(void);

/**
 * Route gsi to vector on the CPU with dest_apic_id, with its trigger mode and
 * polarity; the pin is left masked. -ENODEV if no IO-APIC has it.
 */
int ioapic_route_gsi(unsigned int gsi, unsigned int vector, bool level, bool active_low,
                     uint32_t dest_apic_id);

/** Mask or unmask gsi's pin. */
void ioapic_mask_gsi(unsigned int gsi, bool masked);

/**
 * Point the MSI capability of PCI function seg:bus:devfn at vector on the CPU
 * with dest_apic_id (fixed delivery, edge, one message). -ENODEV if the
 * function has no MSI capability (or is not on segment 0).
 */
int msi_setup(unsigned int seg, unsigned int bus, unsigned int devfn, unsigned int vector,
              uint32_t dest_apic_id);

/**
 * Find entry `entry` of the MSI-X table of PCI function seg:bus:devfn and map
 * it: *entry_va. The table is found through the function's own capability
 * and BAR; table_base is what dom0 believes the BAR is (a mismatch is
 * logged). The whole table becomes read-only for guests (mmio_ro_add()).
 * -ENODEV without MSI-X or a memory BAR, -EINVAL for an entry past the table
 * or a table in RAM, -ENOMEM when no more table pages can be mapped.
 */
int msix_locate(unsigned int seg, unsigned int bus, unsigned int devfn, unsigned int entry,
                uint64_t table_base, volatile uint32_t **entry_va);

/** Point a located MSI-X entry at vector on the CPU with dest_apic_id, and unmask it. */
void msix_program(volatile uint32_t *entry_va, unsigned int vector, uint32_t dest_apic_id);

/** Mask an MSI-X table entry msix_program() set up (its vector is going away). */
void msix_mask(volatile uint32_t *entry_va);

/** Set up the pirq tables and the vector handlers; boot CPU, after io_apic_init(). */
void irq_init(void);

/**
 * Map GSI gsi to one of d's pirqs: pirq, or any free one if pirq < 0.
 * Returns the pirq, -EINVAL for a bad gsi or pirq, -EEXIST if the pirq maps
 * something else, -EBUSY if the GSI is another domain's, -ENOSPC without vectors.
 */
int irq_map_gsi(struct domain *d, unsigned int gsi, int pirq);

/**
 * Map a new MSI of PCI function seg:bus:devfn to a pirq of d (as
 * irq_map_gsi): its MSI capability when table_base is 0, else entry
 * msix_entry of its MSI-X table (-EBUSY if that entry is mapped already).
 */
int irq_map_msi(struct domain *d, unsigned int seg, unsigned int bus, unsigned int devfn,
                unsigned int msix_entry, uint64_t table_base, int pirq);

/** Undo a mapping: -EINVAL if pirq maps nothing, -EBUSY while an event channel is bound. */
int irq_unmap_pirq(struct domain *d, unsigned int pirq);

/** Record gsi's trigger mode and polarity (PHYSDEVOP_setup_gsi); routes it again if mapped. */
int irq_setup_gsi(unsigned int gsi, bool level, bool active_low);

/** The guest is done with pirq's interrupt: a level GSI's pin is unmasked again. */
int irq_pirq_eoi(struct domain *d, unsigned int pirq);

/** XENIRQSTAT_* flags of d's pirq (needs_eoi for level-triggered lines). */
uint32_t irq_pirq_status(struct domain *d, unsigned int pirq);

/** A free pirq of d for a mapping of the given type (MSIs: from the top), or -ENOSPC. */
int irq_get_free_pirq(struct domain *d, int type);

#endif /* ASM_X86_IRQ_H */
