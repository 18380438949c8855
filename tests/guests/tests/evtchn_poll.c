/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SCHEDOP_poll on several event channels, with masking. Probes: a poll on
 * ports none of which is pending sleeps until its timeout; a timer event on a
 * masked port ends a poll over three ports early, leaves the port pending and
 * selects nothing (masked); a poll whose port is already pending returns at
 * once; a poll on no ports sleeps until its timeout; a port beyond the valid
 * range is -EINVAL; a poll on a single port sleeps through another port's
 * event. Then EVTCHNOP_unmask of the port pending while masked
 * selects it and raises the vCPU's upcall flag, and the upcall runs once the
 * vCPU unmasks events (as Xen 4.17 does all of this).
 */
#include "guest.h"

const char test_title[] = "SCHEDOP_poll on several ports, masked events, unmask delivery";

static long evtchn(int cmd, void *arg)
{
    return hypervisor_event_channel_op(cmd, arg);
}

static bool pending(evtchn_port_t port)
{
    return (shared_info->evtchn_pending[port / 64] >> (port % 64)) & 1;
}

static void set_bit64(volatile unsigned long *w, evtchn_port_t port, bool on)
{
    if ( on )
        __atomic_fetch_or(&w[port / 64], 1UL << (port % 64), __ATOMIC_SEQ_CST);
    else
        __atomic_fetch_and(&w[port / 64], ~(1UL << (port % 64)), __ATOMIC_SEQ_CST);
}

/* Poll ports until deadline (absolute ns, 0 for none); returns the ns it took. */
static uint64_t poll_ports(evtchn_port_t *ports, unsigned int n, uint64_t deadline, long want)
{
    struct sched_poll p = {.nr_ports = n, .timeout = deadline};
    uint64_t t0 = guest_system_time();

    set_xen_guest_handle(p.ports, ports);
    check_rc("SCHEDOP_poll", hypervisor_sched_op(SCHEDOP_poll, &p), want);
    return guest_system_time() - t0;
}

void test_main(void)
{
    struct callback_register cb = {.type = CALLBACKTYPE_event,
                                   .flags = CALLBACKF_mask_events,
                                   .address = (uint64_t)event_entry};
    struct evtchn_bind_virq timer = {.virq = VIRQ_TIMER, .vcpu = 0};
    struct evtchn_bind_ipi ipi = {.vcpu = 0};
    struct evtchn_alloc_unbound unb = {.dom = DOMID_SELF, .remote_dom = DOMID_SELF};
    struct evtchn_unmask um;
    struct evtchn_send snd;
    volatile struct vcpu_info *vi = &shared_info->vcpu_info[0];
    evtchn_port_t ports[3], bad[2];
    uint64_t took, before;

    if ( !check_rc("CALLBACKOP_register", hypervisor_callback_op(CALLBACKOP_register, &cb), 0) ||
         !check_rc("bind VIRQ_TIMER", evtchn(EVTCHNOP_bind_virq, &timer), 0) ||
         !check_rc("bind_ipi", evtchn(EVTCHNOP_bind_ipi, &ipi), 0) ||
         !check_rc("alloc_unbound", evtchn(EVTCHNOP_alloc_unbound, &unb), 0) )
        return;
    check_true("events start masked", vi->evtchn_upcall_mask == 1);
    check_rc("VCPUOP_stop_periodic_timer (the default 10ms tick)",
             hypervisor_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL), 0);
    set_bit64(shared_info->evtchn_mask, timer.port, true);
    /* A periodic tick may have hit the port before it stopped: start clean. */
    set_bit64(shared_info->evtchn_pending, timer.port, false);
    ports[0] = unb.port;
    ports[1] = ipi.port;
    ports[2] = timer.port;

    took = poll_ports(ports, 2, guest_system_time() + 30000000, 0);
    check_true("nothing pending: the poll lasts until its timeout",
               took + TIMER_EARLY_NS >= 30000000 && !pending(unb.port) && !pending(ipi.port));

    vi->evtchn_pending_sel = 0;
    set_bit64(shared_info->evtchn_pending, timer.port, false);
    check_rc("set_timer_op in 20 ms", hypervisor_set_timer_op(guest_system_time() + 20000000), 0);
    took = poll_ports(ports, 3, guest_system_time() + 5000000000ULL, 0);
    guest_printf("the masked timer event ended the poll after %llu ns\n", (unsigned long long)took);
    check_true("the masked timer event ends the poll early",
               took + TIMER_EARLY_NS >= 20000000 && took < 2000000000ULL);
    check_true("its port is pending", pending(timer.port));
    check_true("a masked port selects nothing", (vi->evtchn_pending_sel & 1) == 0);

    took = poll_ports(ports, 3, guest_system_time() + 5000000000ULL, 0);
    check_true("a poll with a port already pending returns at once", took < 1000000000ULL);
    took = poll_ports(ports, 0, guest_system_time() + 10000000, 0);
    check_true("a poll on no ports lasts until its timeout", took + TIMER_EARLY_NS >= 10000000);
    bad[0] = ipi.port;
    bad[1] = 4096;
    poll_ports(bad, 2, guest_system_time() + 10000000, -XEN_EINVAL);

    /* The event pending while masked is delivered by the unmask. */
    before = events_upcalls;
    um.port = timer.port;
    check_rc("EVTCHNOP_unmask", evtchn(EVTCHNOP_unmask, &um), 0);
    check_true("the unmask selected the port and raised the upcall flag",
               (vi->evtchn_pending_sel & (1UL << (timer.port / 64))) && vi->evtchn_upcall_pending);
    check_true("no upcall while the vCPU masks events", events_upcalls == before);
    vi->evtchn_upcall_mask = 0;
    __asm__ volatile("" ::: "memory");
    hypervisor_xen_version(XENVER_version, NULL);
    check_true("the upcall ran once events were unmasked",
               events_upcalls == before + 1 && events_last_port == timer.port);
    vi->evtchn_upcall_mask = 1;

    /* An IPI sent to ourselves also ends a poll on it (pending before the poll). */
    snd.port = ipi.port;
    set_bit64(shared_info->evtchn_mask, ipi.port, true);
    check_rc("send the IPI", evtchn(EVTCHNOP_send, &snd), 0);
    took = poll_ports(&ports[1], 1, guest_system_time() + 5000000000ULL, 0);
    check_true("the poll on the pending IPI returns at once", took < 1000000000ULL);

    /* A poll on one port sleeps through another (masked) port's event. */
    set_bit64(shared_info->evtchn_mask, timer.port, true);
    set_bit64(shared_info->evtchn_pending, timer.port, false);
    check_rc("set_timer_op in 10 ms", hypervisor_set_timer_op(guest_system_time() + 10000000), 0);
    took = poll_ports(&ports[0], 1, guest_system_time() + 60000000, 0);
    check_true("the timer event does not end a poll on another single port",
               took + TIMER_EARLY_NS >= 60000000 && pending(timer.port));
}
