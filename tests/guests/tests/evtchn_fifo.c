/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The FIFO event-channel ABI, as stock Linux uses it. Probes: set_priority
 * and expand_array before the switch; init_control's refusals (a vCPU that
 * does not exist, a misaligned offset, a block running off its page, page
 * tables and frames that are not ours) and a second block for one vCPU;
 * expand_array's refusals; set_priority's range; delivery by priority and
 * in order within a priority (the guest consumes its queues as Linux does);
 * masking and EVTCHNOP_unmask; SCHEDOP_poll of a pending port; bind_vcpu
 * moving a port's next event to vCPU 1's queues; and attacks on the shared
 * words: LINK fields pointing anywhere, LINKED set on a port never queued,
 * BUSY held forever on a queue's tail, a control block overwritten with
 * garbage. The hypervisor must keep answering (no hang, no crash). Ports
 * go past 2-level's 4096, and EVTCHNOP_reset takes the domain back to a
 * working 2-level ABI.
 * run-guest: --smp 2 -- dom0_max_vcpus=2
 */
#include "guest.h"

const char test_title[] = "FIFO event channels: init_control, expand_array, priorities, attacks";

#define CB_OFFSET (4096 - sizeof(struct evtchn_fifo_control_block)) /* the last place it fits */

static event_word_t *array;                     /* the event array's one page (ports < 1024) */
static struct evtchn_fifo_control_block *cb[2]; /* vCPU 0's and vCPU 1's blocks */
static uint32_t local_head[2][EVTCHN_FIFO_MAX_QUEUES];

static long evtchn(int cmd, void *arg)
{
    return hypervisor_event_channel_op(cmd, arg);
}

static long init_control(uint64_t gfn, uint32_t offset, uint32_t vcpu)
{
    struct evtchn_init_control ic = {.control_gfn = gfn, .offset = offset, .vcpu = vcpu};
    long rc = evtchn(EVTCHNOP_init_control, &ic);

    if ( rc == 0 && ic.link_bits != EVTCHN_FIFO_LINK_BITS )
        test_fail("init_control: link_bits %u, want %u", ic.link_bits, EVTCHN_FIFO_LINK_BITS);
    return rc;
}

static long expand(uint64_t gfn)
{
    struct evtchn_expand_array ea = {.array_gfn = gfn};

    return evtchn(EVTCHNOP_expand_array, &ea);
}

static long set_priority(evtchn_port_t port, uint32_t priority)
{
    struct evtchn_set_priority sp = {.port = port, .priority = priority};

    return evtchn(EVTCHNOP_set_priority, &sp);
}

static evtchn_port_t bind_ipi(unsigned int vcpu)
{
    struct evtchn_bind_ipi b = {.vcpu = vcpu};

    check_rc("bind_ipi", evtchn(EVTCHNOP_bind_ipi, &b), 0);
    return b.port;
}

static void send(evtchn_port_t port)
{
    struct evtchn_send s = {.port = port};

    check_rc("EVTCHNOP_send", evtchn(EVTCHNOP_send, &s), 0);
}

static long unmask(evtchn_port_t port)
{
    struct evtchn_unmask u = {.port = port};

    return evtchn(EVTCHNOP_unmask, &u);
}

static event_word_t word(evtchn_port_t port)
{
    return __atomic_load_n(&array[port], __ATOMIC_SEQ_CST);
}

static bool has(evtchn_port_t port, unsigned int bit)
{
    return (word(port) >> bit) & 1;
}

/* Clear MASKED as Linux does: only while neither PENDING nor BUSY is set. */
static bool guest_unmask(evtchn_port_t port)
{
    event_word_t w = word(port);

    for ( unsigned int i = 0; i < 100; i++ )
    {
        event_word_t old = w & ~(1U << EVTCHN_FIFO_BUSY);

        if ( w & (1U << EVTCHN_FIFO_PENDING) )
            return false;
        if ( __atomic_compare_exchange_n(&array[port], &old, old & ~(1U << EVTCHN_FIFO_MASKED),
                                         false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST) )
            return true;
        w = old;
    }
    return false;
}

/* Take port off its queue: clear LINKED and LINK together, return the old LINK. */
static uint32_t clear_linked(evtchn_port_t port)
{
    event_word_t w = word(port), nw;

    do
        nw = w & ~((1U << EVTCHN_FIFO_LINKED) | EVTCHN_FIFO_LINK_MASK);
    while ( !__atomic_compare_exchange_n(&array[port], &w, nw, false, __ATOMIC_SEQ_CST,
                                         __ATOMIC_SEQ_CST) );
    return w & EVTCHN_FIFO_LINK_MASK;
}

/*
 * Consume vCPU v's queues as Linux does (highest priority first, a queue
 * from its head along LINK), recording each pending, unmasked port taken
 * (its PENDING cleared). At most max events, and a bounded walk.
 */
static unsigned int drain(unsigned int v, evtchn_port_t *out, unsigned int max)
{
    uint32_t ready = __atomic_exchange_n(&cb[v]->ready, 0, __ATOMIC_SEQ_CST);
    unsigned int n = 0;

    for ( unsigned int steps = 0; ready && steps < 64; steps++ )
    {
        unsigned int prio = (unsigned int)__builtin_ctz(ready);
        uint32_t head = local_head[v][prio] ? local_head[v][prio] : cb[v]->head[prio], link;

        if ( head >= 1024 )
        {
            test_fail("vCPU %u: queue %u starts at port %u, outside the array", v, prio, head);
            return n;
        }
        link = clear_linked(head);
        if ( link == 0 )
            ready &= ~(1U << prio);
        local_head[v][prio] = link;
        if ( has(head, EVTCHN_FIFO_PENDING) && !has(head, EVTCHN_FIFO_MASKED) )
        {
            __atomic_fetch_and(&array[head], ~(1U << EVTCHN_FIFO_PENDING), __ATOMIC_SEQ_CST);
            if ( n < max )
                out[n++] = head;
        }
        ready |= __atomic_exchange_n(&cb[v]->ready, 0, __ATOMIC_SEQ_CST);
    }
    return n;
}

static void errors_before_and_during_setup(evtchn_port_t early)
{
    uint64_t l1 = pte_maddr(spare_pages[3], 1) >> PAGE_SHIFT;

    check_rc("set_priority on 2-level", set_priority(early, 3), -XEN_ENOSYS);
    check_rc("expand_array on 2-level", expand(virt_to_mfn(spare_pages[2])), -XEN_EOPNOTSUPP);
    check_rc("init_control for vCPU 7", init_control(virt_to_mfn(spare_pages[0]), 0, 7),
             -XEN_ENOENT);
    check_rc("init_control at offset 4", init_control(virt_to_mfn(spare_pages[0]), 4, 0),
             -XEN_EINVAL);
    check_rc("init_control running off the page",
             init_control(virt_to_mfn(spare_pages[0]), CB_OFFSET + 8, 0), -XEN_EINVAL);
    check_rc("init_control at offset 4096", init_control(virt_to_mfn(spare_pages[0]), 4096, 0),
             -XEN_EINVAL);
    check_rc("init_control in our L4 table", init_control(l4_mfn(), 0, 0), -XEN_EINVAL);
    check_rc("init_control in an L1 table", init_control(l1, 0, 0), -XEN_EINVAL);
    check_rc("init_control in a frame beyond RAM", init_control(1UL << 36, 0, 0), -XEN_EINVAL);
    check_rc("init_control in a frame not ours (frame 1)", init_control(1, 0, 0), -XEN_EINVAL);
}

static void setup(void)
{
    uint64_t l1 = pte_maddr(spare_pages[3], 1) >> PAGE_SHIFT;

    cb[0] = (struct evtchn_fifo_control_block *)(spare_pages[0] + CB_OFFSET);
    cb[1] = (struct evtchn_fifo_control_block *)spare_pages[1];
    guest_memset(spare_pages[0], 0, 4096);
    guest_memset(spare_pages[1], 0, 4096);
    check_rc("init_control for vCPU 0 at the last offset that fits",
             init_control(virt_to_mfn(spare_pages[0]), CB_OFFSET, 0), 0);
    check_rc("init_control for vCPU 0 again", init_control(virt_to_mfn(spare_pages[1]), 0, 0),
             -XEN_EINVAL);
    check_rc("init_control for vCPU 1", init_control(virt_to_mfn(spare_pages[1]), 0, 1), 0);
    check_rc("expand_array with an L1 table", expand(l1), -XEN_EINVAL);
    check_rc("expand_array with frame 1", expand(1), -XEN_EINVAL);
    check_rc("expand_array with a frame beyond RAM", expand(1UL << 36), -XEN_EINVAL);
    /* Every word starts masked, as Linux initialises a page before handing it over. */
    array = (event_word_t *)spare_pages[2];
    for ( unsigned int i = 0; i < 1024; i++ )
        array[i] = 1U << EVTCHN_FIFO_MASKED;
    check_rc("expand_array with our page", expand(virt_to_mfn(array)), 0);
}

static void priorities(void)
{
    evtchn_port_t a = bind_ipi(0), b = bind_ipi(0), c = bind_ipi(0), got[8];
    unsigned int n;

    check_rc("set_priority of port 4096", set_priority(4096, 3), -XEN_EINVAL);
    check_rc("set_priority 16", set_priority(b, EVTCHN_FIFO_PRIORITY_MIN + 1), -XEN_EINVAL);
    check_rc("set_priority 15", set_priority(c, EVTCHN_FIFO_PRIORITY_MIN), 0);
    check_rc("set_priority 7", set_priority(c, EVTCHN_FIFO_PRIORITY_DEFAULT), 0);
    check_rc("set_priority 3", set_priority(b, 3), 0);
    check_true("new words are masked", has(a, EVTCHN_FIFO_MASKED) && has(b, EVTCHN_FIFO_MASKED));
    check_true("the guest unmasks idle words itself",
               guest_unmask(a) && guest_unmask(b) && guest_unmask(c));

    shared_info->vcpu_info[0].evtchn_upcall_pending = 0;
    send(a);
    send(b);
    send(c);
    check_true("each event pending and linked",
               has(a, EVTCHN_FIFO_PENDING) && has(a, EVTCHN_FIFO_LINKED) &&
                   has(b, EVTCHN_FIFO_LINKED) && has(c, EVTCHN_FIFO_LINKED));
    check_true("queues 3 and 7 ready", cb[0]->ready == ((1U << 3) | (1U << 7)));
    check_true("queue 7 is a then c", cb[0]->head[7] == a &&
                                          (word(a) & EVTCHN_FIFO_LINK_MASK) == c &&
                                          (word(c) & EVTCHN_FIFO_LINK_MASK) == 0);
    check_true("queue 3 is b", cb[0]->head[3] == b);
    check_true("vCPU 0 notified", shared_info->vcpu_info[0].evtchn_upcall_pending);
    check_true("vCPU 1 not notified", !cb[1]->ready);
    n = drain(0, got, 8);
    check_true("taken in order b, a, c", n == 3 && got[0] == b && got[1] == a && got[2] == c);
    if ( n != 3 )
        guest_printf("drained %u: %u %u %u\n", n, got[0], got[1], got[2]);
    check_true("nothing left linked or pending", word(a) == 0 && word(b) == 0 && word(c) == 0);

    /* A second round: an emptied queue starts again at its head. */
    send(c);
    send(a);
    n = drain(0, got, 8);
    check_true("again: c, then a", n == 2 && got[0] == c && got[1] == a);
}

static void masking(void)
{
    evtchn_port_t p = bind_ipi(0), got[4];
    struct sched_poll poll = {.nr_ports = 1, .timeout = 0};

    check_true("a new port is masked", has(p, EVTCHN_FIFO_MASKED));
    send(p);
    check_true("masked: pending, not linked, no queue ready",
               has(p, EVTCHN_FIFO_PENDING) && !has(p, EVTCHN_FIFO_LINKED) && cb[0]->ready == 0);
    set_xen_guest_handle(poll.ports, &p);
    check_rc("SCHEDOP_poll of the pending port returns at once",
             hypervisor_sched_op(SCHEDOP_poll, &poll), 0);
    check_true("the guest may not unmask a pending word itself", !guest_unmask(p));
    check_rc("EVTCHNOP_unmask", unmask(p), 0);
    check_true("unmasked: linked on queue 7", !has(p, EVTCHN_FIFO_MASKED) &&
                                                  has(p, EVTCHN_FIFO_LINKED) &&
                                                  cb[0]->ready == (1U << 7) && cb[0]->head[7] == p);
    check_true("and taken", drain(0, got, 4) == 1 && got[0] == p);
    check_rc("EVTCHNOP_unmask of a port not pending", unmask(p), 0);
    check_true("nothing queued", cb[0]->ready == 0 && !has(p, EVTCHN_FIFO_LINKED));
}

static void vcpus(void)
{
    struct evtchn_alloc_unbound au = {.dom = DOMID_SELF, .remote_dom = DOMID_SELF};
    struct evtchn_bind_interdomain bi = {.remote_dom = DOMID_SELF};
    struct evtchn_bind_vcpu bv = {.vcpu = 1};
    evtchn_port_t got[4];

    if ( !check_rc("alloc_unbound", evtchn(EVTCHNOP_alloc_unbound, &au), 0) )
        return;
    bi.remote_port = au.port;
    if ( !check_rc("bind_interdomain to ourselves", evtchn(EVTCHNOP_bind_interdomain, &bi), 0) )
        return;
    check_true("the new end is pending while masked",
               has(bi.local_port, EVTCHN_FIFO_PENDING) && !has(bi.local_port, EVTCHN_FIFO_LINKED));
    bv.port = bi.local_port;
    check_rc("bind_vcpu to vCPU 1", evtchn(EVTCHNOP_bind_vcpu, &bv), 0);
    check_rc("set_priority 1", set_priority(bi.local_port, 1), 0);
    shared_info->vcpu_info[1].evtchn_upcall_pending = 0;
    check_rc("unmask it", unmask(bi.local_port), 0);
    check_true("queued on vCPU 1's queue 1",
               cb[1]->ready == (1U << 1) && cb[1]->head[1] == bi.local_port && cb[0]->ready == 0);
    check_true("vCPU 1 notified", shared_info->vcpu_info[1].evtchn_upcall_pending);
    check_true("vCPU 1 takes it", drain(1, got, 4) == 1 && got[0] == bi.local_port);
    bv.vcpu = 0;
    check_rc("bind_vcpu back to vCPU 0", evtchn(EVTCHNOP_bind_vcpu, &bv), 0);
    send(au.port);
    check_true("the next event goes to vCPU 0's queue 1",
               cb[0]->ready == (1U << 1) && cb[0]->head[1] == bi.local_port && cb[1]->ready == 0);
    check_true("vCPU 0 takes it", drain(0, got, 4) == 1 && got[0] == bi.local_port);
}

static void attacks(void)
{
    evtchn_port_t a = bind_ipi(0), b = bind_ipi(0), c = bind_ipi(0), got[8];
    unsigned int n;

    guest_unmask(a);
    guest_unmask(b);
    guest_unmask(c);
    /* LINKED on a word never queued: the hypervisor takes it as queued already. */
    __atomic_fetch_or(&array[c], 1U << EVTCHN_FIFO_LINKED, __ATOMIC_SEQ_CST);
    send(c);
    check_true("a word the guest marked LINKED is not queued again",
               has(c, EVTCHN_FIFO_PENDING) && cb[0]->ready == 0);
    array[c] = 0;

    /* BUSY held forever on the tail, LINK pointing past the array: sends still return. */
    send(a);
    __atomic_fetch_or(&array[a], (1U << EVTCHN_FIFO_BUSY) | EVTCHN_FIFO_LINK_MASK,
                      __ATOMIC_SEQ_CST);
    send(b);
    send(c);
    check_true("the hypervisor answers with BUSY held", has(b, EVTCHN_FIFO_PENDING));
    array[a] &= ~((1U << EVTCHN_FIFO_BUSY) | EVTCHN_FIFO_LINK_MASK);
    for ( unsigned int i = 0; i < 1024; i++ )
        if ( i != a && i != b && i != c )
            array[i] |= (1U << EVTCHN_FIFO_LINKED) | ((i * 7919) & EVTCHN_FIFO_LINK_MASK);
    guest_memset(cb[0], 0xff, sizeof(*cb[0]));
    send(a);
    send(b);
    check_true("sends into a garbage control block return", has(a, EVTCHN_FIFO_PENDING));
    for ( unsigned int i = 0; i < 1024; i++ )
        array[i] = 1U << EVTCHN_FIFO_MASKED;
    guest_memset(cb[0], 0, sizeof(*cb[0]));
    guest_memset(local_head, 0, sizeof(local_head));

    /* With the words sane again, delivery works again. */
    guest_unmask(a);
    send(a);
    n = drain(0, got, 8);
    check_true("delivery works again after the attack", n == 1 && got[0] == a);
}

/* FIFO names 2^17 ports: dom0 gets past the 2-level ABI's 4096. */
static void many_ports(void)
{
    struct evtchn_bind_ipi b = {.vcpu = 0};
    struct evtchn_status st = {.dom = DOMID_SELF};
    long rc = 0;

    for ( unsigned int n = 0; n < 4200 && (rc = evtchn(EVTCHNOP_bind_ipi, &b)) == 0; n++ )
        if ( b.port >= 4096 )
            break;
    check_rc("binding IPIs up to port 4096", rc, 0);
    check_true("a port past 4095", b.port >= 4096);
    st.port = b.port;
    check_rc("its status", evtchn(EVTCHNOP_status, &st), 0);
    check_true("an IPI of vCPU 0", st.status == EVTCHNSTAT_ipi && st.vcpu == 0);
    check_rc("its priority", set_priority(b.port, 2), 0);
}

static void reset_to_2l(void)
{
    struct evtchn_reset r = {.dom = DOMID_SELF};
    evtchn_port_t p;

    check_rc("EVTCHNOP_reset", evtchn(EVTCHNOP_reset, &r), 0);
    p = bind_ipi(0);
    check_rc("set_priority after reset (2-level again)", set_priority(p, 3), -XEN_ENOSYS);
    shared_info->evtchn_pending[0] = 0;
    send(p);
    check_true("a 2-level event lands in shared_info", (shared_info->evtchn_pending[0] >> p) & 1);
    check_true("and not in the old array", !has(p, EVTCHN_FIFO_PENDING));
    check_rc("EVTCHNOP_reset again", evtchn(EVTCHNOP_reset, &r), 0);
    /* The frames were given back: FIFO starts again from scratch. */
    guest_memset(spare_pages[0], 0, 4096);
    check_rc("init_control again after the reset", init_control(virt_to_mfn(spare_pages[0]), 0, 0),
             0);
    check_rc("EVTCHNOP_reset once more", evtchn(EVTCHNOP_reset, &r), 0);
}

void test_main(void)
{
    evtchn_port_t early;

    shared_info->vcpu_info[0].evtchn_upcall_mask = 1;
    early = bind_ipi(0);
    errors_before_and_during_setup(early);
    setup();
    if ( test_failures() )
        return;
    /* The port bound before the switch keeps its number and binding, and its word starts masked. */
    check_true("a port bound before the switch is masked", has(early, EVTCHN_FIFO_MASKED));
    priorities();
    masking();
    vcpus();
    attacks();
    many_ports();
    reset_to_2l();
}
