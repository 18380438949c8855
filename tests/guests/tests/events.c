/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event delivery end to end: callback registration (callback_op and the older
 * set_callbacks), an IPI event channel to ourselves, the upcall into the
 * guest's handler and its return through the iret hypercall. Probes: a sent
 * event stays pending while the vCPU's upcall mask is set, is delivered once
 * the guest unmasks and makes any hypercall, a port's own mask holds it back
 * until EVTCHNOP_unmask, EVTCHNOP_status describes the port, a closed port
 * cannot be signalled (-EINVAL), an unknown callback type is -ENOSYS and the
 * event callback cannot be unregistered (-EINVAL), as Xen 4.17 answers.
 */
#include "guest.h"

const char test_title[] = "event channels and callbacks: upcall, masks, iret";

static volatile uint8_t *upcall_mask(void)
{
    return &shared_info->vcpu_info[0].evtchn_upcall_mask;
}

static bool pending(evtchn_port_t port)
{
    return (shared_info->evtchn_pending[port / 64] >> (port % 64)) & 1;
}

static void set_port_mask(evtchn_port_t port, bool on)
{
    if ( on )
        __atomic_fetch_or(&shared_info->evtchn_mask[port / 64], 1UL << (port % 64),
                          __ATOMIC_SEQ_CST);
    else
        __atomic_fetch_and(&shared_info->evtchn_mask[port / 64], ~(1UL << (port % 64)),
                           __ATOMIC_SEQ_CST);
}

void test_main(void)
{
    struct callback_register cb = {.type = CALLBACKTYPE_event,
                                   .flags = CALLBACKF_mask_events,
                                   .address = (uint64_t)event_entry};
    struct callback_register bogus = cb;
    struct callback_unregister unreg = {.type = CALLBACKTYPE_event};
    struct evtchn_bind_ipi ipi = {.vcpu = 0};
    struct evtchn_send send;
    struct evtchn_status status;
    struct evtchn_unmask unmask;
    struct evtchn_close close;
    unsigned int before;

    check_rc(
        "set_callbacks (event, failsafe, syscall)",
        hypercall3(__HYPERVISOR_set_callbacks, (uint64_t)event_entry, (uint64_t)event_entry, 0), 0);
    check_rc("CALLBACKOP_register event", hypervisor_callback_op(CALLBACKOP_register, &cb), 0);
    bogus.type = 99;
    check_rc("CALLBACKOP_register of type 99", hypervisor_callback_op(CALLBACKOP_register, &bogus),
             -XEN_ENOSYS);
    check_rc("CALLBACKOP_unregister of the event callback",
             hypervisor_callback_op(CALLBACKOP_unregister, &unreg), -XEN_EINVAL);

    if ( !check_rc("EVTCHNOP_bind_ipi", hypervisor_event_channel_op(EVTCHNOP_bind_ipi, &ipi), 0) )
        return;
    send.port = unmask.port = close.port = ipi.port;
    status.dom = DOMID_SELF;
    status.port = ipi.port;
    check_rc("EVTCHNOP_status", hypervisor_event_channel_op(EVTCHNOP_status, &status), 0);
    check_true("the port is an IPI to vCPU 0", status.status == EVTCHNSTAT_ipi && status.vcpu == 0);

    /* Masked vCPU: the event waits. */
    check_true("events start masked", *upcall_mask() == 1);
    before = events_upcalls;
    check_rc("EVTCHNOP_send to ourselves", hypervisor_event_channel_op(EVTCHNOP_send, &send), 0);
    check_true("the port is pending", pending(ipi.port));
    check_true("the vCPU has an upcall pending", shared_info->vcpu_info[0].evtchn_upcall_pending);
    check_true("no upcall while masked", events_upcalls == before);

    /* Unmask and make a hypercall: the upcall runs on the way back. */
    *upcall_mask() = 0;
    __asm__ volatile("" ::: "memory");
    hypervisor_xen_version(XENVER_version, NULL);
    check_true("one upcall after unmasking", events_upcalls == before + 1);
    check_true("it saw our port", events_last_port == ipi.port && !pending(ipi.port));
    check_true("the iret back restored the unmasked state", *upcall_mask() == 0);

    /* A masked port holds its event until EVTCHNOP_unmask. */
    set_port_mask(ipi.port, true);
    check_rc("EVTCHNOP_send to the masked port", hypervisor_event_channel_op(EVTCHNOP_send, &send),
             0);
    hypervisor_xen_version(XENVER_version, NULL);
    check_true("no upcall for a masked port", events_upcalls == before + 1 && pending(ipi.port));
    check_rc("EVTCHNOP_unmask", hypervisor_event_channel_op(EVTCHNOP_unmask, &unmask), 0);
    check_true("the upcall came with the unmask", events_upcalls == before + 2);
    *upcall_mask() = 1;

    check_rc("EVTCHNOP_close", hypervisor_event_channel_op(EVTCHNOP_close, &close), 0);
    check_rc("EVTCHNOP_send on the closed port", hypervisor_event_channel_op(EVTCHNOP_send, &send),
             -XEN_EINVAL);
    check_rc("EVTCHNOP_status of the closed port",
             hypervisor_event_channel_op(EVTCHNOP_status, &status), 0);
    check_true("it reads closed", status.status == EVTCHNSTAT_closed);
}
