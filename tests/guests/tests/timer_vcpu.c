/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * set_timer_op and vcpu_op basics. Probes: with the default 10ms periodic
 * timer stopped (VCPUOP_stop_periodic_timer), a one-shot timer 10ms ahead fires
 * VIRQ_TIMER (bound to an event channel, waited for with SCHEDOP_poll while
 * events stay masked) no earlier than asked, system time moves forward,
 * cancelling works; vcpu_op: vCPU 0 is up, vCPU 1 (dom0_max_vcpus=1) and
 * vCPU 5000 do not exist, the runstate of vCPU 0 is `running`, a singleshot
 * timer in the past with VCPU_SSHOTTMR_future is -ETIME (Xen 4.0) or accepted
 * (Xen 4.17 ignores the flag), periodic timers
 * start and stop, an unknown command is -ENOSYS, a bad pointer is -EFAULT.
 */
#include "guest.h"

const char test_title[] = "set_timer_op and vcpu_op: timer events, vCPU state";

static bool port_pending(evtchn_port_t port)
{
    return (shared_info->evtchn_pending[port / 64] >> (port % 64)) & 1;
}

static void clear_port(evtchn_port_t port)
{
    __atomic_fetch_and(&shared_info->evtchn_pending[port / 64], ~(1UL << (port % 64)),
                       __ATOMIC_SEQ_CST);
}

static void timer(void)
{
    struct evtchn_bind_virq bind = {.virq = VIRQ_TIMER, .vcpu = 0};
    struct sched_poll poll = {.nr_ports = 1};
    evtchn_port_t port;
    uint64_t t0, deadline, t1;

    if ( !check_rc("EVTCHNOP_bind_virq VIRQ_TIMER",
                   hypervisor_event_channel_op(EVTCHNOP_bind_virq, &bind), 0) )
        return;
    port = bind.port;
    check_rc("VCPUOP_stop_periodic_timer (the default 10ms tick)",
             hypervisor_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL), 0);
    set_xen_guest_handle(poll.ports, &port);
    clear_port(port);

    t0 = guest_system_time();
    deadline = t0 + 10000000;
    check_rc("set_timer_op 10ms ahead", hypervisor_set_timer_op(deadline), 0);
    poll.timeout = t0 + 2000000000ULL;
    check_rc("SCHEDOP_poll for the timer event", hypervisor_sched_op(SCHEDOP_poll, &poll), 0);
    t1 = guest_system_time();
    guest_printf("timer: asked +%lu ns, woke after %lu ns\n", (unsigned long)(deadline - t0),
                 (unsigned long)(t1 - t0));
    check_true("the timer event is pending", port_pending(port));
    check_true("it did not fire early (within TIMER_EARLY_NS)", t1 + TIMER_EARLY_NS >= deadline);
    check_true("nor a second late", t1 < t0 + 1000000000ULL);

    clear_port(port);
    check_rc("set_timer_op 1s ahead", hypervisor_set_timer_op(guest_system_time() + 1000000000ULL),
             0);
    check_rc("set_timer_op 0 cancels it", hypervisor_set_timer_op(0), 0);
    poll.timeout = guest_system_time() + 50000000;
    check_rc("SCHEDOP_poll times out", hypervisor_sched_op(SCHEDOP_poll, &poll), 0);
    check_true("no timer event after cancelling", !port_pending(port));
}

static void vcpu(void)
{
    struct vcpu_runstate_info rs;
    struct vcpu_set_singleshot_timer single = {.timeout_abs_ns = 1, .flags = VCPU_SSHOTTMR_future};
    struct vcpu_set_periodic_timer periodic = {.period_ns = 10000000};
    long rc;

    check_rc("VCPUOP_is_up vCPU 0", hypervisor_vcpu_op(VCPUOP_is_up, 0, NULL), 1);
    check_rc("VCPUOP_is_up vCPU 1", hypervisor_vcpu_op(VCPUOP_is_up, 1, NULL), -XEN_ENOENT);
    check_rc("VCPUOP_is_up vCPU 5000", hypervisor_vcpu_op(VCPUOP_is_up, 5000, NULL), -XEN_ENOENT);
    check_rc("VCPUOP_get_runstate_info vCPU 0",
             hypervisor_vcpu_op(VCPUOP_get_runstate_info, 0, &rs), 0);
    check_true("vCPU 0 is running", rs.state == RUNSTATE_running);
    check_true("it has run for some time", rs.time[RUNSTATE_running] > 0);
    check_rc("VCPUOP_get_runstate_info into an unmapped buffer",
             hypervisor_vcpu_op(VCPUOP_get_runstate_info, 0, (void *)0x40000000UL), -XEN_EFAULT);
    rc = hypervisor_vcpu_op(VCPUOP_set_singleshot_timer, 0, &single);
    guest_printf("singleshot timer in the past with VCPU_SSHOTTMR_future: %s\n", rc_name(rc));
    check_true("VCPUOP_set_singleshot_timer in the past, future only: -ETIME or 0",
               rc == -XEN_ETIME || rc == 0);
    check_rc("VCPUOP_stop_singleshot_timer",
             hypervisor_vcpu_op(VCPUOP_stop_singleshot_timer, 0, NULL), 0);
    check_rc("VCPUOP_set_periodic_timer 10ms",
             hypervisor_vcpu_op(VCPUOP_set_periodic_timer, 0, &periodic), 0);
    check_rc("VCPUOP_stop_periodic_timer", hypervisor_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL),
             0);
    check_rc("unknown vcpu_op 99", hypervisor_vcpu_op(99, 0, NULL), -XEN_ENOSYS);
}

void test_main(void)
{
    timer();
    vcpu();
}
