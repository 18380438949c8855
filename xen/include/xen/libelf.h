/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ELF loading for PV kernels, shared by the hypervisor's dom0 builder and the
 * tools' domain builder: an x86-64 ELF64 image checked against its own size,
 * its Xen ELF notes (XEN_ELFNOTE_*) and its loadable segments. The image is
 * untrusted: every offset and size is checked before use.
 */
#ifndef XEN_LIBELF_H
#define XEN_LIBELF_H

#include <xen/types.h>

/** A validated ELF image in memory. */
struct elf_binary {
    const uint8_t *image;
    size_t size;
    uint64_t entry;        /* e_entry */
    uint64_t pstart, pend; /* span of the PT_LOAD segments (their p_paddr) */
    uint64_t virt_offset;  /* set by elf_xen_parse: load address = p_paddr + this */
    unsigned int phnum;
    uint64_t phoff;
};

/** What the Xen notes (and the ELF header, as a fallback) say about the kernel. */
struct elf_dom_parms {
    uint64_t virt_base;        /* XEN_ELFNOTE_VIRT_BASE, or 0 */
    uint64_t elf_paddr_offset; /* XEN_ELFNOTE_PADDR_OFFSET, or virt_base when absent */
    bool has_paddr_offset;
    uint64_t virt_entry;             /* XEN_ELFNOTE_ENTRY, or e_entry */
    uint64_t virt_hypercall;         /* XEN_ELFNOTE_HYPERCALL_PAGE, or ~0 */
    uint64_t virt_init_p2m;          /* XEN_ELFNOTE_INIT_P2M (outside the image), or 0 */
    uint64_t virt_kstart, virt_kend; /* the image's span in the guest */
    char guest_os[32];
    char guest_ver[32];
    char xen_ver[32];
    char loader[32];
    char features[256];          /* the FEATURES string as given */
    uint32_t supported_features; /* XEN_ELFNOTE_SUPPORTED_FEATURES */
    bool mod_start_pfn;          /* XEN_ELFNOTE_MOD_START_PFN */
    bool has_notes;
};

/* Errors (negated errno values) are returned as -ELF_E* mapped onto errno. */

/**
 * Check image as an ELF64 little-endian x86-64 executable whose program
 * headers and loadable segments lie inside it. Returns 0 or -EINVAL, and a
 * short reason in *why (static string) when why is not NULL.
 */
int elf_init(struct elf_binary *elf, const void *image, size_t size, const char **why);

/**
 * Read the Xen notes from the PT_NOTE segments and place the image: segments
 * load at p_paddr + virt_base - paddr_offset (PADDR_OFFSET defaults to
 * virt_base), the image then spans [virt_kstart, virt_kend). Returns 0, or
 * -EINVAL for a malformed note, a kernel that is not a Xen PV kernel, an
 * entry point or hypercall page outside the image, or an INIT_P2M address
 * inside it, with the reason in *why.
 */
int elf_xen_parse(struct elf_binary *elf, struct elf_dom_parms *parms, const char **why);

/**
 * After elf_xen_parse(): copy the loadable segments to their guest virtual
 * addresses (p_paddr + elf->virt_offset), zero-filling past
 * their file size. map(ctx, vaddr, len) returns where len bytes at guest
 * virtual vaddr are writable (one page or less at a time is asked for), or
 * NULL to fail. Returns 0 or -EFAULT.
 */
int elf_load(const struct elf_binary *elf, void *(*map)(void *ctx, uint64_t vaddr, size_t len),
             void *ctx);

#endif /* XEN_LIBELF_H */
