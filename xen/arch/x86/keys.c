/* SPDX-License-Identifier: GPL-2.0-only */
/* The debug keys that need the CPU: registers of every CPU, domains, run queues, time, reboot. */
#include <asm/apic.h>
#include <asm/current.h>
#include <asm/processor.h>
#include <asm/time.h>
#include <asm/traps.h>
#include <xen/keyhandler.h>
#include <xen/lib.h>
#include <xen/shutdown.h>
#include <xen/smp.h>
#include <xen/spinlock.h>
#include <xen/time.h>

static DEFINE_SPINLOCK(dump_lock);

static void dump_this_cpu(void *data)
{
    (void)data;
    spin_lock(&dump_lock);
    printk("*** Dumping CPU%u host state: ***\n", get_processor_id());
    dump_stack();
    spin_unlock(&dump_lock);
}

static void dump_registers(unsigned char key)
{
    (void)key;
    on_selected_cpus(cpu_online_map, dump_this_cpu, NULL);
}

static void dump_domains(unsigned char key)
{
    (void)key;
    printk("Dumping domain info (now=%lld ns):\n", (long long)NOW());
    printk("No domains: this build has no domain builder yet\n");
}

static void dump_runq(unsigned char key)
{
    (void)key;
    printk("Scheduler: none yet (every CPU runs its idle loop)\n");
    for ( unsigned int c = 0; c < NR_CPUS; c++ )
        if ( cpu_online(c) )
            printk("CPU[%02u] idle, APIC timer interrupts: %lu\n", c, apic_timer_irqs[c]);
}

static void dump_time(unsigned char key)
{
    (void)key;
    printk("System time: %lld ns, TSC %lu kHz\n", (long long)NOW(), tsc_khz);
}

static void reboot_machine(unsigned char key)
{
    (void)key;
    machine_shutdown(XEN_SHUTDOWN_reboot);
}

/** Register the keys above. */
void arch_keyhandler_init(void);

void arch_keyhandler_init(void)
{
    register_keyhandler('d', dump_registers, "dump registers");
    register_keyhandler('q', dump_domains, "dump domain (and guest debug) info");
    register_keyhandler('r', dump_runq, "dump run queues");
    register_keyhandler('t', dump_time, "display multi-cpu clock info");
    register_keyhandler('R', reboot_machine, "reboot machine");
}
