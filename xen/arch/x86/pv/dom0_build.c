/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The domains built at boot: dom0 from the first boot module (and the second
 * as its initrd), then a domU for every module marked as one (see
 * xen/bootinfo.h and xen(7)), all by the PV domain builder (domain_build.c).
 */
#include <asm/pv_build.h>
#include <public/xen.h>
#include <xen/bootinfo.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/sched.h>

/* dom0_max_vcpus=<n>: vCPUs dom0 may bring up (vCPU 0 runs; the others start down). */
static unsigned int opt_dom0_max_vcpus = 1;
integer_param("dom0_max_vcpus", opt_dom0_max_vcpus);

/* dom0_mem=<size>: dom0's memory (default: 512 MiB, or less if the machine has less). */
static unsigned long long opt_dom0_mem;
size_param("dom0_mem", opt_dom0_mem);

static bool is_marked(const struct boot_module *m)
{
    return bootinfo_first_word_is(m->cmdline, BOOT_DOMU_MARKER) ||
           bootinfo_first_word_is(m->cmdline, BOOT_DOMU_INITRD_MARKER);
}

/** Build and start dom0; panics with the reason on any failure (as Xen does). */
void construct_dom0(const struct boot_info *bi);

void construct_dom0(const struct boot_info *bi)
{
    const struct boot_module *initrd = NULL;
    struct pv_build_info info = {
        .domid = 0,
        .privileged = true,
        .kernel = &bi->modules[0],
        .cmdline = bi->modules[0].cmdline,
    };
    struct pv_build_error err;

    /* The second module is dom0's initrd unless it is marked for a domU. */
    if ( bi->nr_modules > 1 && !is_marked(&bi->modules[1]) )
        initrd = &bi->modules[1];
    info.initrd = initrd;
    info.nr_pages = (opt_dom0_mem ? (unsigned long)opt_dom0_mem : 512UL << 20) >> PAGE_SHIFT;
    if ( opt_dom0_max_vcpus < 1 )
        opt_dom0_max_vcpus = 1;
    if ( opt_dom0_max_vcpus > XEN_LEGACY_MAX_VCPUS )
        opt_dom0_max_vcpus = XEN_LEGACY_MAX_VCPUS;
    info.max_vcpus = opt_dom0_max_vcpus;
    if ( pv_build_domain(&info, &err) )
        panic("%s\n", err.msg);
}

/**
 * Build a domU for each module marked BOOT_DOMU_MARKER (domain 1, 2, ...), each
 * with the module after it as initrd if that one is marked BOOT_DOMU_INITRD_MARKER.
 * A domU that cannot be built is reported and skipped; dom0 keeps running.
 */
void construct_boot_domus(const struct boot_info *bi);

void construct_boot_domus(const struct boot_info *bi)
{
    unsigned int first = bi->nr_modules > 1 && !is_marked(&bi->modules[1]) ? 2 : 1;
    domid_t next_id = 1;

    for ( unsigned int i = first; i < bi->nr_modules; i++ )
    {
        const struct boot_module *m = &bi->modules[i];
        struct boot_domu spec;
        struct pv_build_info info = {.kernel = m};
        struct pv_build_error err;
        const char *why = NULL;
        unsigned int mod = i;

        if ( !bootinfo_first_word_is(m->cmdline, BOOT_DOMU_MARKER) )
        {
            printk("Module %u: not used (no \"%s\" or \"%s\" after a domU): '%s'\n", i,
                   BOOT_DOMU_MARKER, BOOT_DOMU_INITRD_MARKER, m->cmdline);
            continue;
        }
        if ( i + 1 < bi->nr_modules &&
             bootinfo_first_word_is(bi->modules[i + 1].cmdline, BOOT_DOMU_INITRD_MARKER) )
            info.initrd = &bi->modules[++i];
        if ( bootinfo_parse_domu(m->cmdline, &spec, &why) )
        {
            printk("Module %u: domU not built: %s: '%s'\n", mod, why, m->cmdline);
            continue;
        }
        info.domid = next_id;
        info.nr_pages = (unsigned long)(spec.mem >> PAGE_SHIFT);
        info.max_vcpus = spec.vcpus;
        info.cmdline = spec.args;
        info.console = true;
        if ( pv_build_domain(&info, &err) )
        {
            printk("Module %u: domU %u not built: %s\n", mod, next_id, err.msg);
            continue;
        }
        if ( spec.weight || spec.cap )
        {
            struct domain *d = domain_lookup(next_id);

            d->sched_weight = (uint16_t)spec.weight;
            d->sched_cap = (uint16_t)spec.cap;
            printk("Dom%u: scheduler weight %u, cap %u%%\n", next_id, sched_domain_weight(d),
                   spec.cap);
        }
        next_id++;
    }
}
