/* SPDX-License-Identifier: MIT */
/*
 * Note types a PV kernel puts in its ELF image (notes named "Xen") to tell
 * the domain builder how to load it. String notes are NUL-terminated; numeric
 * ones are a 4- or 8-byte little-endian value.
 */
#ifndef XEN_PUBLIC_ELFNOTE_H
#define XEN_PUBLIC_ELFNOTE_H

#define XEN_ELFNOTE_INFO               0  /* unused */
#define XEN_ELFNOTE_ENTRY              1  /* number: virtual entry point */
#define XEN_ELFNOTE_HYPERCALL_PAGE     2  /* number: virtual address for the hypercall page */
#define XEN_ELFNOTE_VIRT_BASE          3  /* number: virtual address the image is based at */
#define XEN_ELFNOTE_PADDR_OFFSET       4  /* number: subtracted from VIRT_BASE for paddrs */
#define XEN_ELFNOTE_XEN_VERSION        5  /* string: the Xen ABI, e.g. "xen-3.0" */
#define XEN_ELFNOTE_GUEST_OS           6  /* string: the kernel's name, e.g. "linux" */
#define XEN_ELFNOTE_GUEST_VERSION      7  /* string: the kernel's version */
#define XEN_ELFNOTE_LOADER             8  /* string: "generic" */
#define XEN_ELFNOTE_PAE_MODE           9  /* string: "yes", "no", "bimodal" (32-bit) */
#define XEN_ELFNOTE_FEATURES           10 /* string: XENFEAT names, '|'-separated, '!' = required */
#define XEN_ELFNOTE_BSD_SYMTAB         11 /* string: "yes" loads the symbol table */
#define XEN_ELFNOTE_HV_START_LOW       12 /* number: lowest hypervisor address (32-bit) */
#define XEN_ELFNOTE_L1_MFN_VALID       13 /* number pair: mask and value of a valid L1 entry */
#define XEN_ELFNOTE_SUSPEND_CANCEL     14 /* number: suspend may be cancelled */
#define XEN_ELFNOTE_INIT_P2M           15 /* number: virtual address for the P2M, outside the image */
#define XEN_ELFNOTE_MOD_START_PFN      16 /* number: 1 means mod_start may be a pfn */
#define XEN_ELFNOTE_SUPPORTED_FEATURES 17 /* number: XENFEAT bits the kernel supports */
#define XEN_ELFNOTE_MAX                XEN_ELFNOTE_SUPPORTED_FEATURES

/* Notes in a crash dump (named "Xen" as well). */
#define XEN_ELFNOTE_CRASH_INFO 0x1000001
#define XEN_ELFNOTE_CRASH_REGS 0x1000002

/* Notes in a domain core dump written by the toolstack. */
#define XEN_ELFNOTE_DUMPCORE_NONE           0x2000000
#define XEN_ELFNOTE_DUMPCORE_HEADER         0x2000001
#define XEN_ELFNOTE_DUMPCORE_XEN_VERSION    0x2000002
#define XEN_ELFNOTE_DUMPCORE_FORMAT_VERSION 0x2000003

#endif /* XEN_PUBLIC_ELFNOTE_H */
