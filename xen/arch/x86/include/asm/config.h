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

#define PAGE_SHIFT 12
#define PAGE_SIZE  (_AC(1, UL) << PAGE_SHIFT)

/*
 * The image is linked in the PV ABI's hypervisor hole, in the 1 GiB slot Xen
 * 4.0 uses for its text and data (L4 slot 261), and loaded at 2 MiB physical.
 * The boot page tables map that slot onto physical 0..1 GiB, so a symbol's
 * physical address is its link address minus XEN_VIRT_START.
 */
#define XEN_VIRT_START _AC(0xffff828c80000000, UL)
#define XEN_LOAD_PHYS  _AC(0x200000, UL)

/* Stack of the boot CPU, in .bss. */
#define STACK_ORDER 2
#define STACK_SIZE  (PAGE_SIZE << STACK_ORDER)

/* Boot GDT selectors (see head.S). */
#define BOOT_CS32 0x08
#define BOOT_CS64 0x10
#define BOOT_DS   0x18

#endif /* ASM_X86_CONFIG_H */
