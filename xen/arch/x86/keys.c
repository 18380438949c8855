/* SPDX-License-Identifier: GPL-2.0-only */
/* The debug keys that need the CPU: registers of every CPU, domains, run queues, time, reboot. */
#include <asm/apic.h>
#include <asm/current.h>
#include <asm/guest_access.h>
#include <asm/processor.h>
#include <asm/time.h>
#include <asm/traps.h>
#include <xen/keyhandler.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/shutdown.h>
#include <xen/smp.h>
#include <xen/spinlock.h>
#include <xen/time.h>

static DEFINE_SPINLOCK(dump_lock);

static void dump_this_cpu(void *data)
{
    struct vcpu *v = current;

    (void)data;
    spin_lock(&dump_lock);
    printk("*** Dumping CPU%u host state: ***\n", get_processor_id());
    dump_stack();
    if ( !is_idle_vcpu(v) )
    {
        printk("*** Dumping CPU%u guest state (d%uv%u): ***\n", get_processor_id(),
               v->domain->domain_id, v->vcpu_id);
        show_execution_state(guest_cpu_user_regs());
        {
            /* The guest's stack, through its own page tables (live: it runs here). */
            uint64_t words[16];
            uint64_t sp = guest_cpu_user_regs()->rsp;

            if ( copy_from_guest_va(words, sp, sizeof(words)) == 0 )
                for ( unsigned int i = 0; i < 16; i += 4 )
                    printk("Guest stack %016lx: %016lx %016lx %016lx %016lx\n",
                           (unsigned long)(sp + i * 8), (unsigned long)words[i],
                           (unsigned long)words[i + 1], (unsigned long)words[i + 2],
                           (unsigned long)words[i + 3]);
        }
    }
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
    if ( domain_list == NULL )
        printk("No domains\n");
    for ( struct domain *d = domain_list; d; d = d->next_in_list )
    {
        printk("General information for domain %u:\n", d->domain_id);
        printk("    privileged=%d shutting_down=%d shutdown_code=%u\n", d->is_privileged,
               d->is_shutting_down, d->shutdown_code);
        printk("    nr_pages=%lu max_pages=%lu\n", d->tot_pages, d->max_pages);
        for ( unsigned int i = 0; i < d->max_vcpus; i++ )
        {
            struct vcpu *v = d->vcpu[i];

            if ( v == NULL )
                continue;
            printk("    VCPU%u: CPU%u [has=%c] pause_flags=%lx upcall_pend=%02x upcall_mask=%02x\n",
                   v->vcpu_id, v->processor, v->is_running ? 'T' : 'F', v->pause_flags,
                   v->vcpu_info->evtchn_upcall_pending, v->vcpu_info->evtchn_upcall_mask);
        }
    }
}

static void dump_runq(unsigned char key)
{
    (void)key;
    for ( unsigned int c = 0; c < NR_CPUS; c++ )
        if ( cpu_online(c) )
            printk("CPU[%02u] APIC timer interrupts: %lu\n", c, apic_timer_irqs[c]);
    sched_dump();
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
