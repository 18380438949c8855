/* SPDX-License-Identifier: GPL-2.0-only */
/* The boot CPU's path from head.S: read the loader's data, parse options, report, stop. */
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/mm.h>
#include <asm/setup.h>
#include <xen/bootinfo.h>
#include <xen/console.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/shutdown.h>
#include <xen/smp.h>
#include <xen/version.h>

extern const struct kernel_param __start_xen_params[], __stop_xen_params[];

static struct boot_info boot_info;

static void print_banner(const struct boot_info *bi)
{
    printk("Xen version %u.%u%s (%s@%s) (%s) debug=n %s\n", XEN_VERSION, XEN_SUBVERSION,
           XEN_EXTRAVERSION, XEN_COMPILE_BY, XEN_COMPILE_DOMAIN, XEN_COMPILER, XEN_COMPILE_DATE);
    printk("Bootloader: %s (multiboot %u)\n", bi->loader[0] ? bi->loader : "unknown", bi->protocol);
    printk("Command line: %s\n", bi->cmdline);
}

static void print_memory_map(const struct boot_info *bi)
{
    printk("Multiboot-e820 RAM map:\n");
    for ( unsigned int i = 0; i < bi->nr_memranges; i++ )
    {
        const struct boot_memrange *r = &bi->memranges[i];

        printk(" %016llx - %016llx (%s)\n", (unsigned long long)r->base,
               (unsigned long long)(r->base + r->size), bootinfo_memtype_name(r->type));
    }
}

static void print_modules(const struct boot_info *bi)
{
    for ( unsigned int i = 0; i < bi->nr_modules; i++ )
    {
        const struct boot_module *m = &bi->modules[i];

        printk("Module %u: %#llx-%#llx (%llu bytes) '%s'\n", i, (unsigned long long)m->start,
               (unsigned long long)(m->start + m->size), (unsigned long long)m->size, m->cmdline);
    }
    if ( bi->dropped )
        printk("WARNING: %u boot modules or memory ranges ignored (too many or unmapped)\n",
               bi->dropped);
}

void __start_xen(uint32_t magic, uint32_t info_pa)
{
    struct boot_info *bi = &boot_info;
    bool known = multiboot_parse(bi, magic, info_pa);

    /*
     * Nothing reaches a console driver before console_start(): until then
     * printk only fills the ring, which console_start() replays. So the banner
     * comes first, then what the options say about themselves, and only then,
     * with console= and com1= applied, does output start.
     */
    print_banner(bi);
    cmdline_parse(bi->cmdline, __start_xen_params, __stop_xen_params);
    console_start();

    if ( !known )
        panic("Not started by a multiboot loader (magic %#x)\n", magic);

    print_memory_map(bi);
    print_modules(bi);
    memory_init(bi);

    init_idt();
    if ( init_cpu_tables(0, (unsigned long)get_cpu_info()) )
        panic("No memory for the boot CPU's descriptor tables\n");
    load_cpu_tables(0);
    set_cpu_online(0);

    /*
     * The platform layer and the dom0 builder come next; until they exist there
     * is nothing to run, so say so and power off cleanly.
     */
    printk("No domain builder in this build: %u module(s) not started\n", bi->nr_modules);
    machine_shutdown(XEN_SHUTDOWN_poweroff);
}
