/* SPDX-License-Identifier: GPL-2.0-only */
/* Softirqs (see xen/softirq.h): a pending bit per softirq per CPU. */
#include <xen/lib.h>
#include <xen/smp.h>
#include <xen/softirq.h>

static softirq_handler_t handlers[NR_SOFTIRQS];
static unsigned long pending[NR_CPUS];

void open_softirq(enum softirq nr, softirq_handler_t handler)
{
    handlers[nr] = handler;
}

void raise_softirq(enum softirq nr)
{
    __atomic_fetch_or(&pending[smp_processor_id()], 1UL << nr, __ATOMIC_SEQ_CST);
}

void cpu_raise_softirq(unsigned int cpu, enum softirq nr)
{
    unsigned long old = __atomic_fetch_or(&pending[cpu], 1UL << nr, __ATOMIC_SEQ_CST);

    if ( cpu != smp_processor_id() && !(old & (1UL << nr)) )
        arch_send_event_check(cpu);
}

bool softirq_pending(unsigned int cpu)
{
    return __atomic_load_n(&pending[cpu], __ATOMIC_SEQ_CST) != 0;
}

void do_softirq(void)
{
    unsigned int cpu = smp_processor_id();
    unsigned long todo;

    while ( (todo = __atomic_exchange_n(&pending[cpu], 0, __ATOMIC_SEQ_CST)) != 0 )
        for ( unsigned int nr = 0; nr < NR_SOFTIRQS; nr++ )
            if ( (todo & (1UL << nr)) && handlers[nr] )
                handlers[nr]();
}
