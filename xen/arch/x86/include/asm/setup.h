/* SPDX-License-Identifier: GPL-2.0-only */
/* x86 boot entry points shared between head.S, setup.c and multiboot.c. */
#ifndef ASM_X86_SETUP_H
#define ASM_X86_SETUP_H

#include <xen/bootinfo.h>
#include <xen/compiler.h>
#include <xen/types.h>

/**
 * Fill bi from the multiboot 1 or 2 information at physical info_pa, according
 * to the magic the loader passed in EAX. Returns false for an unknown magic or
 * an unreadable information block.
 */
bool multiboot_parse(struct boot_info *bi, uint32_t magic, uint32_t info_pa);

/** C entry point, called from head.S on the boot stack in long mode. */
__noreturn void __start_xen(uint32_t magic, uint32_t info_pa);

#endif /* ASM_X86_SETUP_H */
