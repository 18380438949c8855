/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Multiboot 1 (0.6.96) and Multiboot 2 (2.0) as the boot loader hands them to
 * us: header magics, the info structures and tags the hypervisor reads.
 */
#ifndef ASM_X86_MULTIBOOT_H
#define ASM_X86_MULTIBOOT_H

/* Multiboot 1 */
#define MB1_HEADER_MAGIC     0x1BADB002
#define MB1_BOOTLOADER_MAGIC 0x2BADB002
#define MB1_HDR_PAGE_ALIGN   (1 << 0) /* modules page aligned */
#define MB1_HDR_MEMORY_INFO  (1 << 1) /* want mem_* and mmap_* */

#define MB1_INFO_MEMORY      (1 << 0)
#define MB1_INFO_CMDLINE     (1 << 2)
#define MB1_INFO_MODS        (1 << 3)
#define MB1_INFO_MEM_MAP     (1 << 6)
#define MB1_INFO_LOADER_NAME (1 << 9)

/* Multiboot 2 */
#define MB2_HEADER_MAGIC      0xE85250D6
#define MB2_BOOTLOADER_MAGIC  0x36D76289
#define MB2_ARCH_I386         0
#define MB2_HDR_TAG_END       0
#define MB2_HDR_TAG_INFO_REQ  1
#define MB2_HDR_TAG_MOD_ALIGN 6
#define MB2_HDR_TAG_OPTIONAL  1

#define MB2_TAG_END           0
#define MB2_TAG_CMDLINE       1
#define MB2_TAG_LOADER_NAME   2
#define MB2_TAG_MODULE        3
#define MB2_TAG_BASIC_MEMINFO 4
#define MB2_TAG_MMAP          6

#ifndef __ASSEMBLY__
#include <xen/types.h>

/** Multiboot 1 information structure (only the fields up to the loader name). */
struct mb1_info {
    uint32_t flags;
    uint32_t mem_lower, mem_upper;
    uint32_t boot_device;
    uint32_t cmdline;
    uint32_t mods_count, mods_addr;
    uint32_t syms[4];
    uint32_t mmap_length, mmap_addr;
    uint32_t drives_length, drives_addr;
    uint32_t config_table;
    uint32_t boot_loader_name;
};

/** Multiboot 1 module entry. */
struct mb1_module {
    uint32_t mod_start, mod_end;
    uint32_t cmdline;
    uint32_t reserved;
};

/** Multiboot 1 memory map entry; size does not count itself. */
struct __packed mb1_mmap {
    uint32_t size;
    uint64_t base, length;
    uint32_t type;
};

/** Multiboot 2: every tag starts so, and tags are 8-byte aligned. */
struct mb2_tag {
    uint32_t type, size;
};

struct mb2_tag_string {
    uint32_t type, size;
    char string[];
};

struct mb2_tag_module {
    uint32_t type, size;
    uint32_t mod_start, mod_end;
    char cmdline[];
};

struct mb2_tag_mmap {
    uint32_t type, size;
    uint32_t entry_size, entry_version;
};

struct mb2_mmap_entry {
    uint64_t base, length;
    uint32_t type, reserved;
};
#endif /* !__ASSEMBLY__ */

#endif /* ASM_X86_MULTIBOOT_H */
