/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channels and vCPUs, with a second vCPU that stays down: an IPI bound
 * to vCPU 1 notifies vCPU 1 only; VIRQ_TIMER binds once per vCPU; a global
 * VIRQ and an interdomain port move between vCPUs with bind_vcpu and each
 * event then notifies the vCPU it was moved to; a masked port notifies no
 * vCPU until EVTCHNOP_unmask, which notifies the port's vCPU.
 * run-guest: --smp 2 -- dom0_max_vcpus=2
 */
#include "guest.h"

const char test_title[] = "event channels per vCPU: IPIs, VIRQs, bind_vcpu moves, masking";

static long evtchn(int cmd, void *arg)
{
    return hypervisor_event_channel_op(cmd, arg);
}

static volatile struct vcpu_info *vi(unsigned int v)
{
    return &shared_info->vcpu_info[v];
}

/* Forget every notification so far (events stay masked on both vCPUs). */
static void quiesce(void)
{
    for ( unsigned int v = 0; v < 2; v++ )
    {
        vi(v)->evtchn_pending_sel = 0;
        vi(v)->evtchn_upcall_pending = 0;
    }
    for ( unsigned int w = 0; w < 2; w++ )
        shared_info->evtchn_pending[w] = 0;
}

/* Whether port's event notified vCPU v (its selector bit and upcall flag). */
static bool notified(unsigned int v, evtchn_port_t port)
{
    return ((vi(v)->evtchn_pending_sel >> (port / 64)) & 1) && vi(v)->evtchn_upcall_pending;
}

static bool pending(evtchn_port_t port)
{
    return (shared_info->evtchn_pending[port / 64] >> (port % 64)) & 1;
}

static unsigned int vcpu_of(evtchn_port_t port)
{
    struct evtchn_status st = {.dom = DOMID_SELF, .port = port};

    check_rc("EVTCHNOP_status", evtchn(EVTCHNOP_status, &st), 0);
    return st.vcpu;
}

static void send(evtchn_port_t port)
{
    struct evtchn_send snd = {.port = port};

    check_rc("EVTCHNOP_send", evtchn(EVTCHNOP_send, &snd), 0);
}

static long close_port(evtchn_port_t port)
{
    struct evtchn_close c = {.port = port};

    return evtchn(EVTCHNOP_close, &c);
}

static long bind_vcpu(evtchn_port_t port, unsigned int vcpu)
{
    struct evtchn_bind_vcpu b = {.port = port, .vcpu = vcpu};

    return evtchn(EVTCHNOP_bind_vcpu, &b);
}

void test_main(void)
{
    struct evtchn_bind_ipi ipi = {.vcpu = 1};
    struct evtchn_bind_virq t0 = {.virq = VIRQ_TIMER, .vcpu = 0},
                            t1 = {.virq = VIRQ_TIMER, .vcpu = 1};
    struct evtchn_bind_virq exc = {.virq = VIRQ_DOM_EXC, .vcpu = 0};
    struct evtchn_alloc_unbound au = {.dom = DOMID_SELF, .remote_dom = DOMID_SELF};
    struct evtchn_bind_interdomain bi = {.remote_dom = DOMID_SELF};
    struct evtchn_unmask um;

    if ( shared_info->vcpu_info[0].evtchn_upcall_mask != 1 || start_info->nr_pages == 0 )
        test_abort("events should start masked");
    if ( !check_rc("bind_ipi to vCPU 1", evtchn(EVTCHNOP_bind_ipi, &ipi), 0) )
        return;
    check_true("the IPI port belongs to vCPU 1", vcpu_of(ipi.port) == 1);
    quiesce();
    send(ipi.port);
    check_true("the IPI notified vCPU 1 only",
               pending(ipi.port) && notified(1, ipi.port) && !notified(0, ipi.port));

    check_rc("VIRQ_TIMER on vCPU 0", evtchn(EVTCHNOP_bind_virq, &t0), 0);
    check_rc("VIRQ_TIMER on vCPU 1", evtchn(EVTCHNOP_bind_virq, &t1), 0);
    check_true("two ports, each on its vCPU",
               t0.port != t1.port && vcpu_of(t0.port) == 0 && vcpu_of(t1.port) == 1);
    check_rc("VIRQ_TIMER on vCPU 1 again", evtchn(EVTCHNOP_bind_virq, &t1), -XEN_EEXIST);
    check_rc("moving vCPU 1's timer port", bind_vcpu(t1.port, 0), -XEN_EINVAL);
    /*
     * The timer ports go: vCPU 0's periodic timer would otherwise raise its
     * selector word (the one the ports below share) between a quiesce() and a
     * check, and the check would see vCPU 0 notified (seen once under load).
     */
    check_rc("closing vCPU 0's timer port", close_port(t0.port), 0);
    check_rc("closing vCPU 1's timer port", close_port(t1.port), 0);

    check_rc("VIRQ_DOM_EXC on vCPU 0", evtchn(EVTCHNOP_bind_virq, &exc), 0);
    check_rc("moving it to vCPU 1", bind_vcpu(exc.port, 1), 0);
    check_true("it reads vCPU 1", vcpu_of(exc.port) == 1);

    if ( !check_rc("alloc_unbound", evtchn(EVTCHNOP_alloc_unbound, &au), 0) )
        return;
    bi.remote_port = au.port;
    if ( !check_rc("bind_interdomain to ourselves", evtchn(EVTCHNOP_bind_interdomain, &bi), 0) )
        return;
    check_rc("moving the bound end to vCPU 1", bind_vcpu(bi.local_port, 1), 0);
    quiesce();
    send(au.port);
    check_true("the event notified vCPU 1",
               pending(bi.local_port) && notified(1, bi.local_port) && !notified(0, bi.local_port));
    check_rc("moving it back to vCPU 0", bind_vcpu(bi.local_port, 0), 0);
    quiesce();
    send(au.port);
    check_true("the event notified vCPU 0",
               pending(bi.local_port) && notified(0, bi.local_port) && !notified(1, bi.local_port));

    /* Masked: pending, nobody notified, until the unmask notifies the port's vCPU. */
    quiesce();
    __atomic_fetch_or(&shared_info->evtchn_mask[0], 1UL << bi.local_port, __ATOMIC_SEQ_CST);
    check_rc("moving it to vCPU 1 again", bind_vcpu(bi.local_port, 1), 0);
    send(au.port);
    check_true("masked: pending, nobody notified", pending(bi.local_port) &&
                                                       !notified(0, bi.local_port) &&
                                                       !notified(1, bi.local_port));
    um.port = bi.local_port;
    check_rc("EVTCHNOP_unmask", evtchn(EVTCHNOP_unmask, &um), 0);
    check_true("the unmask notified vCPU 1",
               notified(1, bi.local_port) && !notified(0, bi.local_port));
    quiesce();
}
