/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SCHEDOP_block: the idle loop of every PV kernel. Probes: with the event
 * callback registered and VIRQ_TIMER bound, a vCPU that arms a one-shot timer
 * and blocks sleeps until the timer fires (not earlier), wakes with the upcall
 * delivered (SCHEDOP_block unmasks events itself) and returns 0; blocking
 * with an event already pending returns at once.
 */
#include "guest.h"

const char test_title[] = "sched_op block: sleep until the timer event, upcall on wake-up";

void test_main(void)
{
    struct callback_register cb = {.type = CALLBACKTYPE_event,
                                   .flags = CALLBACKF_mask_events,
                                   .address = (uint64_t)event_entry};
    struct evtchn_bind_virq bind = {.virq = VIRQ_TIMER, .vcpu = 0};
    struct evtchn_send send;
    struct evtchn_bind_ipi ipi = {.vcpu = 0};
    volatile uint8_t *mask = &shared_info->vcpu_info[0].evtchn_upcall_mask;
    uint64_t t0, deadline, t1;
    unsigned int before;

    if ( !check_rc("CALLBACKOP_register event", hypervisor_callback_op(CALLBACKOP_register, &cb),
                   0) ||
         !check_rc("EVTCHNOP_bind_virq VIRQ_TIMER",
                   hypervisor_event_channel_op(EVTCHNOP_bind_virq, &bind), 0) )
        return;
    check_rc("VCPUOP_stop_periodic_timer", hypervisor_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL),
             0);
    /* A periodic tick may have hit the port before it stopped: start clean. */
    __atomic_fetch_and(&shared_info->evtchn_pending[bind.port / 64], ~(1UL << (bind.port % 64)),
                       __ATOMIC_SEQ_CST);
    shared_info->vcpu_info[0].evtchn_pending_sel = 0;
    shared_info->vcpu_info[0].evtchn_upcall_pending = 0;

    before = events_upcalls;
    t0 = guest_system_time();
    deadline = t0 + 20000000;
    check_rc("set_timer_op 20ms ahead", hypervisor_set_timer_op(deadline), 0);
    check_rc("SCHEDOP_block", hypervisor_sched_op(SCHEDOP_block, NULL), 0);
    t1 = guest_system_time();
    guest_printf("blocked for %lu ns (timer at +%lu ns)\n", (unsigned long)(t1 - t0),
                 (unsigned long)(deadline - t0));
    check_true("woke no earlier than the timer (within TIMER_EARLY_NS)",
               t1 + TIMER_EARLY_NS >= deadline);
    check_true("the upcall ran on wake-up", events_upcalls > before);
    check_true("it found the timer port", events_last_port == bind.port);
    check_true("events were left unmasked by the block", *mask == 0);
    *mask = 1;

    if ( !check_rc("EVTCHNOP_bind_ipi", hypervisor_event_channel_op(EVTCHNOP_bind_ipi, &ipi), 0) )
        return;
    send.port = ipi.port;
    check_rc("EVTCHNOP_send to ourselves", hypervisor_event_channel_op(EVTCHNOP_send, &send), 0);
    before = events_upcalls;
    t0 = guest_system_time();
    check_rc("SCHEDOP_block with an event pending", hypervisor_sched_op(SCHEDOP_block, NULL), 0);
    t1 = guest_system_time();
    check_true("returned at once (under 100ms)", t1 - t0 < 100000000);
    check_true("and delivered the pending event",
               events_upcalls == before + 1 && events_last_port == ipi.port);
    *mask = 1;
}
