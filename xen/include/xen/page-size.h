/* SPDX-License-Identifier: GPL-2.0-only */
/* The one page size the hypervisor manages memory in. Usable from assembly. */
#ifndef XEN_PAGE_SIZE_H
#define XEN_PAGE_SIZE_H

#define PAGE_SHIFT 12
#ifdef __ASSEMBLY__
#define PAGE_SIZE (1 << PAGE_SHIFT)
#else
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#endif
#define PAGE_MASK (~(PAGE_SIZE - 1))

#endif /* XEN_PAGE_SIZE_H */
