/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event-channel exhaustion: a domain allocates unbound ports until none is
 * left. The 2-level ABI has 4096 ports (port 0 never handed out): the last
 * one allocated is 4095, the next allocation, an IPI and a VIRQ binding are
 * -ENOSPC, every port up to 4095 reads as unbound; EVTCHNOP_reset frees them
 * all and allocation starts again at port 1. The hypervisor keeps running
 * (as Xen 4.17 does all of this).
 */
#include "guest.h"

const char test_title[] = "event channels: exhausting the 4096 ports, reset";

static long evtchn(int cmd, void *arg)
{
    return hypervisor_event_channel_op(cmd, arg);
}

void test_main(void)
{
    struct evtchn_alloc_unbound au = {.dom = DOMID_SELF, .remote_dom = DOMID_SELF};
    struct evtchn_bind_ipi ipi = {.vcpu = 0};
    struct evtchn_bind_virq virq = {.virq = VIRQ_TIMER, .vcpu = 0};
    struct evtchn_status st = {.dom = DOMID_SELF};
    struct evtchn_reset rs = {.dom = DOMID_SELF};
    unsigned int count = 0, last = 0, unbound = 0;
    long rc;

    while ( (rc = evtchn(EVTCHNOP_alloc_unbound, &au)) == 0 && count < 5000 )
    {
        count++;
        last = au.port;
    }
    guest_printf("%u ports allocated, the last %u, then %s\n", count, last, rc_name(rc));
    check_rc("the allocation after the last port", rc, -XEN_ENOSPC);
    check_true("the last port allocated is 4095", last == 4095);
    check_rc("bind_ipi with no port left", evtchn(EVTCHNOP_bind_ipi, &ipi), -XEN_ENOSPC);
    check_rc("bind_virq with no port left", evtchn(EVTCHNOP_bind_virq, &virq), -XEN_ENOSPC);
    for ( st.port = 1; st.port < 4096; st.port++ )
    {
        if ( evtchn(EVTCHNOP_status, &st) == 0 && st.status == EVTCHNSTAT_unbound )
            unbound++;
    }
    check_true("every port reads unbound", unbound == 4095);
    st.port = 4096;
    check_rc("status of port 4096", evtchn(EVTCHNOP_status, &st), -XEN_EINVAL);

    check_rc("EVTCHNOP_reset", evtchn(EVTCHNOP_reset, &rs), 0);
    st.port = 4095;
    check_rc("status of port 4095 after reset", evtchn(EVTCHNOP_status, &st), 0);
    check_true("it reads closed", st.status == EVTCHNSTAT_closed);
    check_rc("allocation after the reset", evtchn(EVTCHNOP_alloc_unbound, &au), 0);
    check_true("starts again at port 1", au.port == 1);
}
