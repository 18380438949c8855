/* SPDX-License-Identifier: GPL-2.0-only */
/* The hypervisor's own address space on x86 (xen/arch/x86/mm.c). */
#ifndef ASM_X86_MM_H
#define ASM_X86_MM_H

#include <asm/page.h>
#include <xen/bootinfo.h>

/** The idle page tables every CPU runs on when no guest is loaded. */
extern pte_t idle_pg_table[PAGETABLE_ENTRIES];

/**
 * Map nr frames from mfn at virtual va with flags, using 2 MiB pages where
 * alignment allows. Page-table pages come from the early pool, then from the
 * boot allocator, then from the heap. Returns 0 or -ENOMEM.
 */
int map_pages_to_xen(unsigned long va, mfn_t mfn, unsigned long nr, uint64_t flags);

/**
 * Build the direct map and the frame table from the memory map, hand memory to
 * the heap and switch to the idle page tables. bi's modules are kept out of
 * the heap. Prints the memory summary.
 */
void memory_init(const struct boot_info *bi);

/** Map an MMIO range uncached in the ioremap area; NULL on failure. */
void *ioremap(uint64_t pa, size_t len);

/** Whether machine frame mfn is RAM (an e820 RAM range), as opposed to MMIO or a hole. */
bool page_is_ram(unsigned long mfn);

/**
 * Mark machine frames first..last (MMIO the hypervisor drives: IO-APICs,
 * MSI-X tables) read-only for guests: a mapping asked for writable is made
 * read-only, and a guest's plain store to it is dropped (as Xen's
 * mmio_ro_ranges). Mappings made before stay as they are. 0 or -ENOMEM.
 */
int mmio_ro_add(unsigned long first, unsigned long last);

/** Whether machine frame mfn is read-only MMIO for guests (see mmio_ro_add()). */
bool mmio_ro_contains(unsigned long mfn);

/** Total RAM pages the memory map reported. */
extern unsigned long total_ram_pages;

#endif /* ASM_X86_MM_H */
