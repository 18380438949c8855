/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event-channel operations, 2-level ABI, on one domain: an interdomain
 * channel from the domain to itself (alloc_unbound + bind_interdomain, both
 * ends signalled, closing one end leaves the other unbound), status of every
 * kind of port, bind_vcpu of the kinds that may move and refusal of those
 * that may not, EVTCHNOP_reset closing everything, and the refusals with Xen
 * 4.17's errnos: unknown domains, ports out of range, port 0, binding a port
 * that is not waiting for us, a VIRQ out of range or bound twice, a global
 * VIRQ on another vCPU, an unknown vCPU, an unmapped PIRQ.
 */
#include "guest.h"

const char test_title[] = "event channels: loopback interdomain, status, bind_vcpu, reset, errors";

static long evtchn(int cmd, void *arg)
{
    return hypervisor_event_channel_op(cmd, arg);
}

static bool pending(evtchn_port_t port)
{
    return (shared_info->evtchn_pending[port / 64] >> (port % 64)) & 1;
}

static void clear_pending(evtchn_port_t port)
{
    __atomic_fetch_and(&shared_info->evtchn_pending[port / 64], ~(1UL << (port % 64)),
                       __ATOMIC_SEQ_CST);
}

static struct evtchn_status status_of(evtchn_port_t port)
{
    struct evtchn_status st = {.dom = DOMID_SELF, .port = port};

    check_rc("EVTCHNOP_status", evtchn(EVTCHNOP_status, &st), 0);
    return st;
}

static void loopback(void)
{
    struct evtchn_alloc_unbound au = {.dom = DOMID_SELF, .remote_dom = DOMID_SELF};
    struct evtchn_bind_interdomain bi = {.remote_dom = DOMID_SELF};
    struct evtchn_send snd;
    struct evtchn_close cl;
    struct evtchn_status st;
    evtchn_port_t a, b;

    if ( !check_rc("EVTCHNOP_alloc_unbound for ourselves", evtchn(EVTCHNOP_alloc_unbound, &au), 0) )
        return;
    a = au.port;
    st = status_of(a);
    check_true("it is unbound, waiting for domain 0",
               st.status == EVTCHNSTAT_unbound && st.u.unbound.dom == 0 && st.vcpu == 0);
    bi.remote_port = a;
    if ( !check_rc("EVTCHNOP_bind_interdomain to it", evtchn(EVTCHNOP_bind_interdomain, &bi), 0) )
        return;
    b = bi.local_port;
    check_true("a new port", b != a && b != 0);
    check_true("the new end starts pending", pending(b) && !pending(a));
    st = status_of(a);
    check_true("the first end is connected to the second", st.status == EVTCHNSTAT_interdomain &&
                                                               st.u.interdomain.dom == 0 &&
                                                               st.u.interdomain.port == b);
    st = status_of(b);
    check_true("the second end is connected to the first", st.status == EVTCHNSTAT_interdomain &&
                                                               st.u.interdomain.dom == 0 &&
                                                               st.u.interdomain.port == a);
    check_rc("binding the first end again", evtchn(EVTCHNOP_bind_interdomain, &bi), -XEN_EINVAL);

    clear_pending(b);
    snd.port = a;
    check_rc("send on the first end", evtchn(EVTCHNOP_send, &snd), 0);
    check_true("the second end is pending", pending(b) && !pending(a));
    clear_pending(b);
    snd.port = b;
    check_rc("send on the second end", evtchn(EVTCHNOP_send, &snd), 0);
    check_true("the first end is pending", pending(a) && !pending(b));
    clear_pending(a);

    cl.port = b;
    check_rc("close the second end", evtchn(EVTCHNOP_close, &cl), 0);
    st = status_of(a);
    check_true("the first end waits for domain 0 again",
               st.status == EVTCHNSTAT_unbound && st.u.unbound.dom == 0);
    snd.port = a;
    check_rc("send on the unbound end (dropped)", evtchn(EVTCHNOP_send, &snd), 0);
    check_true("nothing pending", !pending(a) && !pending(b));
    cl.port = a;
    check_rc("close the first end", evtchn(EVTCHNOP_close, &cl), 0);
    check_rc("close it again", evtchn(EVTCHNOP_close, &cl), -XEN_EINVAL);
}

static void refusals(void)
{
    struct evtchn_alloc_unbound au = {.dom = 1234, .remote_dom = DOMID_SELF};
    struct evtchn_bind_interdomain bi = {.remote_dom = 1234, .remote_port = 1};
    struct evtchn_bind_virq bv = {.virq = 100, .vcpu = 0};
    struct evtchn_bind_ipi ipi = {.vcpu = 7};
    struct evtchn_bind_pirq bp = {.pirq = 100000};
    struct evtchn_status st = {.dom = 1234, .port = 1};
    struct evtchn_send snd = {.port = 4096};
    struct evtchn_unmask um = {.port = 4096};
    struct evtchn_close cl = {.port = 0};
    struct evtchn_reset rs = {.dom = 1234};

    check_rc("alloc_unbound in domain 1234", evtchn(EVTCHNOP_alloc_unbound, &au), -XEN_ESRCH);
    check_rc("bind_interdomain to domain 1234", evtchn(EVTCHNOP_bind_interdomain, &bi), -XEN_ESRCH);
    bi.remote_dom = DOMID_SELF;
    bi.remote_port = 4096;
    check_rc("bind_interdomain to port 4096", evtchn(EVTCHNOP_bind_interdomain, &bi), -XEN_EINVAL);
    bi.remote_port = 0;
    check_rc("bind_interdomain to port 0", evtchn(EVTCHNOP_bind_interdomain, &bi), -XEN_EINVAL);
    check_rc("bind_virq 100", evtchn(EVTCHNOP_bind_virq, &bv), -XEN_EINVAL);
    bv.virq = VIRQ_TIMER;
    bv.vcpu = 7;
    check_rc("bind_virq on vCPU 7", evtchn(EVTCHNOP_bind_virq, &bv), -XEN_ENOENT);
    bv.virq = VIRQ_DOM_EXC;
    bv.vcpu = 1;
    check_rc("a global VIRQ on vCPU 1", evtchn(EVTCHNOP_bind_virq, &bv), -XEN_EINVAL);
    check_rc("bind_ipi to vCPU 7", evtchn(EVTCHNOP_bind_ipi, &ipi), -XEN_ENOENT);
    check_rc("bind_pirq 100000", evtchn(EVTCHNOP_bind_pirq, &bp), -XEN_EINVAL);
    bp.pirq = 40;
    check_rc("bind_pirq 40, not mapped", evtchn(EVTCHNOP_bind_pirq, &bp), -XEN_EPERM);
    check_rc("status in domain 1234", evtchn(EVTCHNOP_status, &st), -XEN_ESRCH);
    st.dom = DOMID_SELF;
    st.port = 4096;
    check_rc("status of port 4096", evtchn(EVTCHNOP_status, &st), -XEN_EINVAL);
    st.port = 0;
    check_rc("status of port 0", evtchn(EVTCHNOP_status, &st), 0);
    check_true("port 0 reads closed", st.status == EVTCHNSTAT_closed);
    /* Ports exist in buckets of 64: the first bucket is all there is so far. */
    st.port = 63;
    check_rc("status of port 63", evtchn(EVTCHNOP_status, &st), 0);
    check_true("port 63 reads closed", st.status == EVTCHNSTAT_closed);
    st.port = 64;
    check_rc("status of port 64, beyond the first bucket", evtchn(EVTCHNOP_status, &st),
             -XEN_EINVAL);
    check_rc("send on port 4096", evtchn(EVTCHNOP_send, &snd), -XEN_EINVAL);
    snd.port = 0;
    check_rc("send on port 0", evtchn(EVTCHNOP_send, &snd), -XEN_EINVAL);
    check_rc("unmask port 4096", evtchn(EVTCHNOP_unmask, &um), -XEN_EINVAL);
    um.port = 1000;
    check_rc("unmask port 1000", evtchn(EVTCHNOP_unmask, &um), -XEN_EINVAL);
    check_rc("close port 0", evtchn(EVTCHNOP_close, &cl), -XEN_EINVAL);
    cl.port = 4096;
    check_rc("close port 4096", evtchn(EVTCHNOP_close, &cl), -XEN_EINVAL);
    check_rc("reset of domain 1234", evtchn(EVTCHNOP_reset, &rs), -XEN_ESRCH);
    check_rc("an unknown sub-op", evtchn(99, &rs), -XEN_ENOSYS);
}

static void binding_vcpus(void)
{
    struct evtchn_bind_virq timer = {.virq = VIRQ_TIMER, .vcpu = 0};
    struct evtchn_bind_virq exc = {.virq = VIRQ_DOM_EXC, .vcpu = 0};
    struct evtchn_bind_ipi ipi = {.vcpu = 0};
    struct evtchn_alloc_unbound au = {.dom = DOMID_SELF, .remote_dom = 0};
    struct evtchn_bind_vcpu bvc;
    struct evtchn_status st;

    if ( !check_rc("bind VIRQ_TIMER", evtchn(EVTCHNOP_bind_virq, &timer), 0) ||
         !check_rc("bind VIRQ_DOM_EXC", evtchn(EVTCHNOP_bind_virq, &exc), 0) ||
         !check_rc("bind_ipi", evtchn(EVTCHNOP_bind_ipi, &ipi), 0) ||
         !check_rc("alloc_unbound", evtchn(EVTCHNOP_alloc_unbound, &au), 0) )
        return;
    check_rc("VIRQ_TIMER bound twice", evtchn(EVTCHNOP_bind_virq, &timer), -XEN_EEXIST);
    st = status_of(timer.port);
    check_true("the timer port reads virq",
               st.status == EVTCHNSTAT_virq && st.u.virq == VIRQ_TIMER);

    bvc = (struct evtchn_bind_vcpu){.port = timer.port, .vcpu = 0};
    check_rc("bind_vcpu of a per-vCPU VIRQ", evtchn(EVTCHNOP_bind_vcpu, &bvc), -XEN_EINVAL);
    bvc.port = ipi.port;
    check_rc("bind_vcpu of an IPI", evtchn(EVTCHNOP_bind_vcpu, &bvc), -XEN_EINVAL);
    bvc.port = exc.port;
    check_rc("bind_vcpu of a global VIRQ", evtchn(EVTCHNOP_bind_vcpu, &bvc), 0);
    bvc.port = au.port;
    check_rc("bind_vcpu of an unbound port", evtchn(EVTCHNOP_bind_vcpu, &bvc), 0);
    bvc.port = 1000;
    check_rc("bind_vcpu of port 1000", evtchn(EVTCHNOP_bind_vcpu, &bvc), -XEN_EINVAL);
    bvc.vcpu = 7;
    check_rc("bind_vcpu to vCPU 7", evtchn(EVTCHNOP_bind_vcpu, &bvc), -XEN_ENOENT);
    bvc.port = 4096;
    check_rc("bind_vcpu of port 4096 to vCPU 7", evtchn(EVTCHNOP_bind_vcpu, &bvc), -XEN_ENOENT);

    /* reset closes every port. */
    struct evtchn_reset rs = {.dom = DOMID_SELF};

    check_rc("EVTCHNOP_reset", evtchn(EVTCHNOP_reset, &rs), 0);
    check_true("the timer port is closed", status_of(timer.port).status == EVTCHNSTAT_closed);
    check_true("the IPI port is closed", status_of(ipi.port).status == EVTCHNSTAT_closed);
    check_true("the unbound port is closed", status_of(au.port).status == EVTCHNSTAT_closed);
    check_rc("VIRQ_TIMER can be bound again", evtchn(EVTCHNOP_bind_virq, &timer), 0);
    check_true("on the first port", timer.port == 1);
}

void test_main(void)
{
    loopback();
    refusals();
    binding_vcpus();
}
