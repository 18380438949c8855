/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * QEMU's isa-debug-exit device: writing v to its port makes QEMU exit with
 * status (v << 1) | 1. The hypervisor writes DEBUG_EXIT_BASE + shutdown reason,
 * so statuses 33, 35, 37, ... mean poweroff, reboot, suspend, ... and can never
 * be confused with QEMU's own exit status 1 for its errors. scripts/xen-qemu
 * decodes them.
 */
#ifndef ASM_X86_DEBUG_EXIT_H
#define ASM_X86_DEBUG_EXIT_H

#define DEBUG_EXIT_PORT 0xf4
#define DEBUG_EXIT_BASE 0x10

#endif /* ASM_X86_DEBUG_EXIT_H */
