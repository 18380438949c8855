/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dom0 for the boot-domain tests (tests/boot/domu.test), not a test of its own:
 * it offers d2 then d1 one unbound port each (ports 1 and 2 of a fresh dom0),
 * says so, then waits, reporting the first event on each port. It never ends:
 * the test stops the machine once the domUs have said what they had to say.
 */
#include "guest.h"

const char test_title[] = "dom0 beside boot-time domUs: two unbound ports, then wait";

static bool take_pending(evtchn_port_t port)
{
    uint64_t bit = 1UL << (port % 64);

    return __atomic_fetch_and(&shared_info->evtchn_pending[port / 64], ~bit, __ATOMIC_SEQ_CST) &
           bit;
}

void test_main(void)
{
    struct evtchn_alloc_unbound for_d2 = {.dom = DOMID_SELF, .remote_dom = 2};
    struct evtchn_alloc_unbound for_d1 = {.dom = DOMID_SELF, .remote_dom = 1};
    evtchn_port_t ports[2];
    bool seen[2] = {false, false};

    if ( !check_rc("a port unbound for d2",
                   hypervisor_event_channel_op(EVTCHNOP_alloc_unbound, &for_d2), 0) ||
         !check_rc("a port unbound for d1",
                   hypervisor_event_channel_op(EVTCHNOP_alloc_unbound, &for_d1), 0) )
        return;
    ports[0] = for_d1.port;
    ports[1] = for_d2.port;
    guest_printf("domu_host: port %u unbound for d2, port %u for d1; waiting\n", for_d2.port,
                 for_d1.port);
    for ( ;; )
    {
        struct sched_poll poll = {.nr_ports = 2, .timeout = guest_system_time() + 1000000000ULL};

        set_xen_guest_handle(poll.ports, ports);
        hypervisor_sched_op(SCHEDOP_poll, &poll);
        for ( unsigned int i = 0; i < 2; i++ )
            if ( take_pending(ports[i]) && !seen[i] )
            {
                seen[i] = true;
                guest_printf("domu_host: event from d%u on port %u\n", i + 1, ports[i]);
            }
    }
}
