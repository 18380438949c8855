/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * x86-64 4-level paging: the page-table entry type and its one set of
 * accessors, flag names, and the table-index helpers.
 */
#ifndef ASM_X86_PAGE_H
#define ASM_X86_PAGE_H

#include <asm/config.h>
#include <xen/mm.h>
#include <xen/types.h>

/* Entry flags. */
#define _PAGE_PRESENT  0x001UL
#define _PAGE_RW       0x002UL
#define _PAGE_USER     0x004UL
#define _PAGE_PWT      0x008UL
#define _PAGE_PCD      0x010UL
#define _PAGE_ACCESSED 0x020UL
#define _PAGE_DIRTY    0x040UL
#define _PAGE_PSE      0x080UL /* L2/L3: superpage */
#define _PAGE_GLOBAL   0x100UL
#define _PAGE_NX       (1UL << 63)

#define PADDR_BITS     52
#define PADDR_MASK     ((1UL << PADDR_BITS) - 1)
#define PTE_MFN_MASK   (PADDR_MASK & PAGE_MASK)
#define PTE_FLAGS_MASK (~PTE_MFN_MASK)

/* Hypervisor mappings: data is never executable; MMIO is uncached. */
#define PAGE_HYPERVISOR_RW \
    (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_GLOBAL | _PAGE_NX)
#define PAGE_HYPERVISOR_RX  (_PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_GLOBAL)
#define PAGE_HYPERVISOR_RWX (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_GLOBAL)
#define PAGE_HYPERVISOR_UC  (PAGE_HYPERVISOR_RW | _PAGE_PCD | _PAGE_PWT)

#define L1_PAGETABLE_SHIFT 12
#define L2_PAGETABLE_SHIFT 21
#define L3_PAGETABLE_SHIFT 30
#define L4_PAGETABLE_SHIFT 39
#define PAGETABLE_ENTRIES  512

#define SUPERPAGE_2M_PAGES (1UL << (L2_PAGETABLE_SHIFT - PAGE_SHIFT))
#define SUPERPAGE_1G_PAGES (1UL << (L3_PAGETABLE_SHIFT - PAGE_SHIFT))

/** A page-table entry of any level. */
typedef struct {
    uint64_t raw;
} pte_t;

/** Index of va in the table of the given level (1..4). */
static inline unsigned int pt_index(unsigned long va, unsigned int level)
{
    return (va >> (PAGE_SHIFT + 9 * (level - 1))) & (PAGETABLE_ENTRIES - 1);
}

static inline pte_t pte_make(mfn_t mfn, uint64_t flags)
{
    return (pte_t){((uint64_t)mfn_x(mfn) << PAGE_SHIFT) | (flags & PTE_FLAGS_MASK)};
}

static inline mfn_t pte_mfn(pte_t e)
{
    return _mfn((e.raw & PTE_MFN_MASK) >> PAGE_SHIFT);
}

static inline uint64_t pte_flags(pte_t e)
{
    return e.raw & PTE_FLAGS_MASK;
}

static inline bool pte_present(pte_t e)
{
    return e.raw & _PAGE_PRESENT;
}

static inline bool pte_is_superpage(pte_t e)
{
    return e.raw & _PAGE_PSE;
}

/** Physical address of a hypervisor virtual address (image or direct map). */
uint64_t __pa(const void *va);

/** Direct-map virtual address of a physical address below the top of RAM. */
static inline void *__va(uint64_t pa)
{
    return (void *)(DIRECTMAP_VIRT_START + pa);
}

#endif /* ASM_X86_PAGE_H */
