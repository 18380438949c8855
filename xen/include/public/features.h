/* SPDX-License-Identifier: MIT */
/*
 * Feature flags: bit numbers in the maps XENVER_get_features returns, and in
 * the FEATURES ELF note a kernel uses to ask for them.
 */
#ifndef XEN_PUBLIC_FEATURES_H
#define XEN_PUBLIC_FEATURES_H

#define XENFEAT_writable_page_tables       0  /* page tables may be written directly */
#define XENFEAT_writable_descriptor_tables 1  /* so may GDT/LDT pages */
#define XENFEAT_auto_translated_physmap    2  /* the hypervisor translates pfn to mfn */
#define XENFEAT_supervisor_mode_kernel     3  /* the guest kernel runs in ring 0 */
#define XENFEAT_pae_pgdir_above_4gb        4  /* PAE page directories anywhere (32-bit) */
#define XENFEAT_mmu_pt_update_preserve_ad  5  /* MMU_PT_UPDATE_PRESERVE_AD works */
#define XENFEAT_highmem_assist             6  /* mmuext_op can clear/copy pages */
#define XENFEAT_gnttab_map_avail_bits      7  /* grant maps keep the PTE's available bits */
#define XENFEAT_hvm_callback_vector        8  /* HVM: events through a vector */
#define XENFEAT_hvm_safe_pvclock           9  /* HVM: PV clock safe to use */
#define XENFEAT_hvm_pirqs                  10 /* HVM: interrupts as PIRQs */
#define XENFEAT_dom0                       11 /* the guest may run as dom0 */

#define XENFEAT_NR_SUBMAPS 1 /* 32-bit maps the hypervisor reports */

#endif /* XEN_PUBLIC_FEATURES_H */
