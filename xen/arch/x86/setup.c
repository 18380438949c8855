/* SPDX-License-Identifier: GPL-2.0-only */
/* The boot CPU's path from head.S: read the loader's data, parse options, report, stop. */
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/mm.h>
#include <asm/apic.h>
#include <asm/setup.h>
#include <asm/time.h>
#include <xen/acpi.h>
#include <xen/bootinfo.h>
#include <xen/console.h>
#include <xen/keyhandler.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/sched.h>
#include <xen/shutdown.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/timer.h>
#include <xen/string.h>
#include <xen/version.h>

extern const struct kernel_param __start_xen_params[], __stop_xen_params[];

static struct boot_info boot_info;
const struct boot_info *xen_boot_info = &boot_info;

/** The hypervisor command line, for XENVER_commandline. */
char saved_cmdline[1024];

/*
 * keep_running: with no domain to run, stay up answering debug keys instead of
 * powering off (a development aid until dom0 can be started).
 */
static bool opt_keep_running;
boolean_param("keep_running", opt_keep_running);

/* Defined in the x86 files that own them. */
int acpi_boot_init(void);
void io_apic_init(void);
void irq_init(void);
unsigned int smp_boot_cpus(void);
void arch_keyhandler_init(void);
__noreturn void idle_loop(void);
void setup_m2p_table(void);
void pv_percpu_init(unsigned int cpu);
void pv_time_init(void);
void fpu_cpu_init(void);
void construct_dom0(const struct boot_info *bi);
void construct_boot_domus(const struct boot_info *bi);

/* Show that the APIC timer is ticking: count its interrupts over 50 ms of idling. */
static struct timer tick_timer;
static unsigned int ticks_seen;

static void tick(void *data)
{
    (void)data;
    if ( ++ticks_seen < 5 )
        set_timer(&tick_timer, NOW() + MILLISECS(10));
}

static void check_timer_ticks(void)
{
    s_time_t start = NOW(), deadline = start + SECONDS(2);
    unsigned long irqs = apic_timer_irqs[0];

    init_timer(&tick_timer, tick, NULL, 0);
    set_timer(&tick_timer, NOW() + MILLISECS(10));
    while ( ticks_seen < 5 && NOW() < deadline )
    {
        do_softirq();
        __asm__ __volatile__("pause");
    }
    if ( ticks_seen < 5 )
        panic("APIC timer is not ticking: %u of 5 timer callbacks in 2s\n", ticks_seen);
    printk("APIC timer ticking: 5 timer callbacks (%lu interrupts) in %lld us\n",
           apic_timer_irqs[0] - irqs, (long long)((NOW() - start) / 1000));
}

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

    strlcpy(saved_cmdline, bi->cmdline, sizeof(saved_cmdline));
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
    if ( init_cpu_tables(0, get_cpu_info()) )
        panic("No memory for the boot CPU's descriptor tables\n");
    load_cpu_tables(0);
    fpu_cpu_init();
    set_cpu_online(0);

    if ( acpi_boot_init() )
        panic("No usable ACPI tables: cannot find the CPUs and interrupt controllers\n");
    apic_map(acpi_info.lapic_addr ? acpi_info.lapic_addr : 0xfee00000);
    apic_setup_cpu();
    io_apic_init();
    irq_init();
    time_calibrate();
    apic_calibrate_timer();
    pv_time_init();
    timer_init();
    keyhandler_init();
    arch_keyhandler_init();
    __asm__ __volatile__("sti");
    check_timer_ticks();
    console_start_input();
    pv_percpu_init(0);
    smp_boot_cpus();
    setup_m2p_table();
    scheduler_init();

    if ( bi->nr_modules > 0 )
    {
        construct_dom0(bi);
        construct_boot_domus(bi);
        printk("Scrubbing free RAM: skipped; starting dom0\n");
        sched_start_guests();
        idle_loop();
    }

    printk("No dom0 kernel given (the first multiboot module): nothing to run\n");
    if ( !opt_keep_running )
        machine_shutdown(XEN_SHUTDOWN_poweroff);
    printk("keep_running: idle, answering debug keys ('h' lists them)\n");
    idle_loop();
}
