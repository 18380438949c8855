/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sched_op: the scheduling hypercalls a PV kernel lives on. Probes: yield,
 * recording a shutdown code (poweroff, which is also how this test ends),
 * poll on a real port with a deadline in the past returns at once, poll
 * refuses too many ports and a port that does not exist, remote_shutdown of a domain that does not
 * exist, a watchdog can be armed and freed, an unknown sub-op is -ENOSYS, bad argument pointers are
 * -EFAULT. The shutdown reasons themselves end every test: poweroff on PASS,
 * crash on FAIL (checked by the runner from the machine's end).
 */
#include "guest.h"

const char test_title[] = "sched_op: yield, shutdown code, poll, watchdog, bad pointers";

void test_main(void)
{
    struct sched_shutdown code = {.reason = SHUTDOWN_poweroff};
    struct sched_remote_shutdown remote = {.domain_id = 1234, .reason = SHUTDOWN_poweroff};
    struct sched_watchdog wd = {.id = 0, .timeout = 60};
    struct evtchn_alloc_unbound unbound = {.dom = DOMID_SELF, .remote_dom = DOMID_SELF};
    evtchn_port_t ports[1];
    struct sched_poll poll = {.nr_ports = 1, .timeout = 1};
    long rc;

    check_rc("SCHEDOP_yield", hypervisor_sched_op(SCHEDOP_yield, NULL), 0);
    check_rc("SCHEDOP_shutdown_code poweroff", hypervisor_sched_op(SCHEDOP_shutdown_code, &code),
             0);
    check_rc("SCHEDOP_shutdown_code from an unmapped pointer",
             hypervisor_sched_op(SCHEDOP_shutdown_code, (void *)0x40000000UL), -XEN_EFAULT);
    check_rc("SCHEDOP_shutdown from an unmapped pointer",
             hypervisor_sched_op(SCHEDOP_shutdown, (void *)0x40000000UL), -XEN_EFAULT);
    check_rc("SCHEDOP_shutdown from the hypervisor's area",
             hypervisor_sched_op(SCHEDOP_shutdown, (void *)HYPERVISOR_VIRT_START), -XEN_EFAULT);

    if ( !check_rc("EVTCHNOP_alloc_unbound for a port to poll",
                   hypervisor_event_channel_op(EVTCHNOP_alloc_unbound, &unbound), 0) )
        return;
    ports[0] = unbound.port;
    set_xen_guest_handle(poll.ports, ports);
    check_rc("SCHEDOP_poll with a deadline in the past", hypervisor_sched_op(SCHEDOP_poll, &poll),
             0);
    ports[0] = 4000;
    check_rc("SCHEDOP_poll on a port that does not exist", hypervisor_sched_op(SCHEDOP_poll, &poll),
             -XEN_EINVAL);
    ports[0] = unbound.port;
    poll.nr_ports = 1000;
    check_rc("SCHEDOP_poll with 1000 ports", hypervisor_sched_op(SCHEDOP_poll, &poll), -XEN_EINVAL);
    poll.nr_ports = 1;
    set_xen_guest_handle(poll.ports, (evtchn_port_t *)0x40000000UL);
    check_rc("SCHEDOP_poll with an unmapped port list", hypervisor_sched_op(SCHEDOP_poll, &poll),
             -XEN_EFAULT);

    check_rc("SCHEDOP_remote_shutdown of domain 1234",
             hypervisor_sched_op(SCHEDOP_remote_shutdown, &remote), -XEN_ESRCH);

    rc = hypervisor_sched_op(SCHEDOP_watchdog, &wd);
    check_true("SCHEDOP_watchdog arms a watchdog and returns its id", rc >= 1);
    if ( rc >= 1 )
    {
        wd.id = rc;
        wd.timeout = 0;
        check_rc("SCHEDOP_watchdog frees it", hypervisor_sched_op(SCHEDOP_watchdog, &wd), 0);
        check_rc("SCHEDOP_watchdog frees it again", hypervisor_sched_op(SCHEDOP_watchdog, &wd),
                 -XEN_EINVAL);
    }

    check_rc("unknown sub-op 99", hypervisor_sched_op(99, NULL), -XEN_ENOSYS);
}
