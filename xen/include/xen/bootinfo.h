/* SPDX-License-Identifier: GPL-2.0-only */
/* What the boot loader told us, in a loader-neutral form. */
#ifndef XEN_BOOTINFO_H
#define XEN_BOOTINFO_H

#include <xen/types.h>

#define MAX_BOOT_MODULES   32
#define MAX_BOOT_MEMRANGES 128

/** e820 range types. */
#define E820_RAM      1
#define E820_RESERVED 2
#define E820_ACPI     3
#define E820_NVS      4
#define E820_UNUSABLE 5

/** A module (dom0 kernel, initrd, ...) the loader put in memory. */
struct boot_module {
    uint64_t start, size; /* physical */
    const char *cmdline;  /* module arguments, image name removed; never NULL */
};

/** One range of the firmware memory map. */
struct boot_memrange {
    uint64_t base, size;
    uint32_t type; /* E820_* */
};

/** Everything from the loader; strings point into the loader's (mapped) data. */
struct boot_info {
    unsigned int protocol; /* 1 or 2: multiboot version */
    const char *loader;    /* loader name, "" if not given */
    const char *cmdline;   /* hypervisor command line, image name removed */
    unsigned int nr_modules;
    struct boot_module modules[MAX_BOOT_MODULES];
    unsigned int nr_memranges;
    struct boot_memrange memranges[MAX_BOOT_MEMRANGES];
    unsigned int dropped; /* modules or ranges beyond the arrays, or unmappable */
    size_t strings_used;
    char strings[8192]; /* copies of the loader's strings (see bootinfo_keep_string) */
};

/**
 * Copy s into bi's own string pool, so it outlives the loader's memory; a string
 * that does not fit whole is cut short (and counted in dropped). Returns the copy.
 */
const char *bootinfo_keep_string(struct boot_info *bi, const char *s);

/**
 * Strip what a loader puts before the real arguments: leading blanks and, unless
 * the loader is one that omits it (GRUB 2), the image name. Returns a pointer
 * into s.
 */
const char *bootinfo_strip_image_name(const char *s, const char *loader);

/** Name of an e820 range type, as Xen prints it. */
const char *bootinfo_memtype_name(uint32_t type);

/*
 * Domains started at boot beside dom0 (see xen(7)): a module whose command line
 * starts with the word BOOT_DOMU_MARKER is a domU's kernel,
 *   domU [mem=SIZE] [vcpus=N] [-- KERNEL ARGUMENTS]
 * optionally followed by a module whose command line starts with
 * BOOT_DOMU_INITRD_MARKER, its initrd.
 */
#define BOOT_DOMU_MARKER        "domU"
#define BOOT_DOMU_INITRD_MARKER "domU-initrd"
#define BOOT_DOMU_DEFAULT_MEM   (64ULL << 20)
#define BOOT_DOMU_MIN_MEM       (4ULL << 20)
#define BOOT_DOMU_MAX_MEM       (1ULL << 40)
#define BOOT_DOMU_MAX_VCPUS     32

/** A domU's settings, from its module's command line. */
struct boot_domu {
    unsigned long long mem; /* bytes */
    unsigned int vcpus;
    unsigned int weight; /* credit scheduler weight, 0 for the default */
    unsigned int cap;    /* percent of one CPU, 0 for none */
    const char *args;    /* the kernel's command line: what follows "--" ("" if none) */
};

/** Whether the first blank-separated word of cmdline is `word`. */
bool bootinfo_first_word_is(const char *cmdline, const char *word);

/**
 * Parse a domU module's command line into *out (defaults: 64 MiB, 1 vCPU, the
 * default weight, no cap, no arguments). Returns 0, or -EINVAL with *why saying what was wrong.
 * out->args points into cmdline.
 */
int bootinfo_parse_domu(const char *cmdline, struct boot_domu *out, const char **why);

#endif /* XEN_BOOTINFO_H */
