/* SPDX-License-Identifier: GPL-2.0-only */
/* The PV domain builder shared by dom0 and the domains started at boot (pv/domain_build.c). */
#ifndef ASM_PV_BUILD_H
#define ASM_PV_BUILD_H

#include <xen/types.h> /* before the public headers, which use its types */

#include <public/xen.h> /* domid_t */
#include <xen/bootinfo.h>

/** What to build: one PV domain from a kernel (and initrd) boot module. */
struct pv_build_info {
    domid_t domid;
    bool privileged;        /* dom0: SIF_PRIVILEGED | SIF_INITDOMAIN, the hardware domain */
    unsigned long nr_pages; /* its memory, taken from the heap and counted to it */
    unsigned int max_vcpus; /* vCPU 0 runs; the others start down */
    const struct boot_module *kernel;
    const struct boot_module *initrd; /* or NULL */
    const char *cmdline;              /* the kernel's command line (start_info.cmd_line) */
    bool console;                     /* a console ring page and event channel (domUs) */
};

/** Why a build failed, for the caller's message. */
struct pv_build_error {
    char msg[160];
};

/**
 * Build the domain and queue its vCPU 0 to run. On failure returns -errno with
 * the reason in *err; a domain already created is then shut down (crash) and
 * the pages it was given go back to the heap.
 */
int pv_build_domain(const struct pv_build_info *info, struct pv_build_error *err);

#endif /* ASM_PV_BUILD_H */
