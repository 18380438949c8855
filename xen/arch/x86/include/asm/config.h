/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor's place in memory: where it is loaded and where it is linked.
 * Usable from C, assembly and the linker script.
 */
#ifndef ASM_X86_CONFIG_H
#define ASM_X86_CONFIG_H

#ifdef __ASSEMBLY__
#define _AC(x, s) x
#else
#define _AC(x, s) x##s
#endif

#include <xen/page-size.h>

/*
 * Virtual layout of the upper half, as the x86-64 PV ABI of Xen 4.0 places it
 * (stock PV kernels rely on the hole and on the read-only M2P address):
 *
 *  ffff800000000000 - ffff807fffffffff  L4 256  guest-visible: read-only M2P at its start
 *  ffff808000000000 - ffff80ffffffffff  L4 257  PCI MMCONFIG ioremap
 *  ffff810000000000 - ffff817fffffffff  L4 258  guest linear page table
 *  ffff818000000000 - ffff81ffffffffff  L4 259  shadow linear page table
 *  ffff820000000000 - ffff827fffffffff  L4 260  per-domain mappings (GDT, LDT)
 *  ffff828000000000 - ffff8283ffffffff  L4 261  read-write M2P table (16 GiB)
 *  ffff828400000000 - ffff8287ffffffff  L4 261  frame table (16 GiB)
 *  ffff828800000000 - ffff828bffffffff  L4 261  ioremap / fixmap (16 GiB)
 *  ffff828c80000000 - ffff828cbfffffff  L4 261  hypervisor text, data, bss (1 GiB)
 *  ffff830000000000 - ffff87ffffffffff  L4 262-271  direct map of all RAM (5 TiB)
 *  ffff880000000000 - ffffffffffffffff  guest kernel's own
 *
 * The image is loaded at 2 MiB physical and linked in its 1 GiB slot; the boot
 * page tables map that slot onto physical 0..1 GiB, so a symbol's physical
 * address is its link address minus XEN_VIRT_START.
 */
#define HYPERVISOR_VIRT_START _AC(0xffff800000000000, UL)
#define HYPERVISOR_VIRT_END   _AC(0xffff880000000000, UL)
#define RO_MPT_VIRT_START     _AC(0xffff800000000000, UL)
#define RO_MPT_VIRT_END       _AC(0xffff804000000000, UL)
#define RDWR_MPT_VIRT_START   _AC(0xffff828000000000, UL)
#define RDWR_MPT_VIRT_END     _AC(0xffff828400000000, UL)
#define FRAMETABLE_VIRT_START _AC(0xffff828400000000, UL)
#define FRAMETABLE_VIRT_END   _AC(0xffff828800000000, UL)
#define IOREMAP_VIRT_START    _AC(0xffff828800000000, UL)
#define IOREMAP_VIRT_END      _AC(0xffff828c00000000, UL)
#define XEN_VIRT_START        _AC(0xffff828c80000000, UL)
#define XEN_VIRT_END          _AC(0xffff828cc0000000, UL)
#define DIRECTMAP_VIRT_START  _AC(0xffff830000000000, UL)
#define DIRECTMAP_VIRT_END    _AC(0xffff880000000000, UL)
#define XEN_LOAD_PHYS         _AC(0x200000, UL)

/* Stack of the boot CPU, in .bss. */
#define STACK_ORDER 2
#define STACK_SIZE  (PAGE_SIZE << STACK_ORDER)

/* Boot GDT selectors (see head.S). */
#define BOOT_CS32 0x08
#define BOOT_CS64 0x10
#define BOOT_DS   0x18

#endif /* ASM_X86_CONFIG_H */
