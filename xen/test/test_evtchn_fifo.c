/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xen/common/event_fifo.c (through event_channel.c's hypercall) on fake
 * memory: init_control and expand_array take one general and one writable
 * reference per frame and refuse frames of another domain or "page tables";
 * events queue by priority and in order; a well-behaved guest consuming its
 * queues at random points sees every event exactly once, never a cycle; a
 * guest thread scribbling over its event words and control block while
 * events are raised cannot make a raise hang or write outside those pages;
 * EVTCHNOP_reset and domain destruction give every reference back.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake/fake.h"
#include "tap.h"

#include "fake/rename.h"
#include <public/event_channel.h>
#include <public/grant_table.h>
#include <public/xen.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/grant_table.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/string.h>

long do_event_channel_op(int cmd, uint64_t arg);

#define NR_FRAMES   64UL /* the domains' frames; the heap comes after them */
#define HEAP_FRAMES 512UL
#define NR_VCPUS    2
#define NR_PORTS    40 /* IPI ports the model tests use */

static struct domain dom;
static struct vcpu vcpus[NR_VCPUS];
static struct vcpu *vcpu_ptrs[NR_VCPUS];
static struct shared_info shinfo;
static struct vcpu *cur;
static unsigned int wakes[NR_VCPUS];

struct vcpu *current_vcpu(void)
{
    return cur;
}

struct domain *domain_lookup(domid_t domid)
{
    return domid == 0 ? &dom : NULL;
}

void vcpu_wake(struct vcpu *v)
{
    __atomic_fetch_add(&wakes[v->vcpu_id], 1, __ATOMIC_SEQ_CST);
}

/* Frame references as the PV memory manager would count them; frames >= 48 are "page tables". */
static unsigned int refs[NR_FRAMES], wrefs[NR_FRAMES];

int arch_grant_get_frame(struct domain *owner, unsigned long frame, bool writable, mfn_t *mfn)
{
    *mfn = _mfn(frame);
    if ( frame >= NR_FRAMES || frame_table[frame].v.owner != owner )
        return GNTST_bad_page;
    if ( writable && frame >= 48 )
        return GNTST_general_error;
    refs[frame]++;
    wrefs[frame] += writable;
    return GNTST_okay;
}

void arch_grant_put_frame(mfn_t mfn, bool writable)
{
    if ( refs[mfn_x(mfn)] == 0 || (writable && wrefs[mfn_x(mfn)] == 0) )
        abort();
    refs[mfn_x(mfn)]--;
    wrefs[mfn_x(mfn)] -= writable;
}

static unsigned int total_refs(void)
{
    unsigned int n = 0;

    for ( unsigned long i = 0; i < NR_FRAMES; i++ )
        n += refs[i] + wrefs[i];
    return n;
}

/* ---- the guest's side ---- */

#define CB_FRAME    4
#define ARRAY_FRAME 5

static struct evtchn_fifo_control_block *cb[NR_VCPUS];
static event_word_t *array;
static uint32_t local_head[NR_VCPUS][EVTCHN_FIFO_MAX_QUEUES];

static long op(int cmd, void *arg)
{
    return do_event_channel_op(cmd, (uint64_t)(uintptr_t)arg);
}

static long init_control(uint64_t gfn, uint32_t offset, uint32_t vcpu)
{
    struct evtchn_init_control ic = {.control_gfn = gfn, .offset = offset, .vcpu = vcpu};

    return op(EVTCHNOP_init_control, &ic);
}

static long expand(uint64_t gfn)
{
    struct evtchn_expand_array ea = {.array_gfn = gfn};

    return op(EVTCHNOP_expand_array, &ea);
}

static evtchn_port_t bind_ipi(unsigned int vcpu)
{
    struct evtchn_bind_ipi b = {.vcpu = vcpu};

    return op(EVTCHNOP_bind_ipi, &b) ? 0 : b.port;
}

static void send(evtchn_port_t port)
{
    struct evtchn_send s = {.port = port};

    op(EVTCHNOP_send, &s);
}

static long set_priority(evtchn_port_t port, uint32_t prio)
{
    struct evtchn_set_priority sp = {.port = port, .priority = prio};

    return op(EVTCHNOP_set_priority, &sp);
}

static long reset(void)
{
    struct evtchn_reset r = {.dom = DOMID_SELF};

    return op(EVTCHNOP_reset, &r);
}

/* Linux's unmask: clear MASKED unless PENDING (then the hypercall) or BUSY (wait). */
static void guest_unmask(evtchn_port_t port)
{
    event_word_t w = __atomic_load_n(&array[port], __ATOMIC_SEQ_CST);

    for ( ;; )
    {
        event_word_t old = w & ~(1U << EVTCHN_FIFO_BUSY);

        if ( w & (1U << EVTCHN_FIFO_PENDING) )
        {
            struct evtchn_unmask u = {.port = port};

            op(EVTCHNOP_unmask, &u);
            return;
        }
        if ( __atomic_compare_exchange_n(&array[port], &old, old & ~(1U << EVTCHN_FIFO_MASKED),
                                         false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST) )
            return;
        w = old;
    }
}

/*
 * Take up to max events off vCPU v's queues as Linux does, counting each
 * pending unmasked port in seen[]; -1 if a walk runs longer than any chain of
 * distinct ports could (a cycle) or leaves the array.
 */
static int consume(unsigned int v, unsigned int max, unsigned int *seen)
{
    uint32_t ready = __atomic_exchange_n(&cb[v]->ready, 0, __ATOMIC_SEQ_CST);
    unsigned int n = 0, steps = 0;

    while ( ready && n < max )
    {
        unsigned int prio = (unsigned int)__builtin_ctz(ready);
        uint32_t head = local_head[v][prio] ? local_head[v][prio] : cb[v]->head[prio];
        event_word_t w, nw;

        if ( head == 0 || head >= 1024 || ++steps > 4 * 1024 )
        {
            diag("vCPU %u queue %u: head %u after %u steps", v, prio, head, steps);
            return -1;
        }
        w = __atomic_load_n(&array[head], __ATOMIC_SEQ_CST);
        do
            nw = w & ~((1U << EVTCHN_FIFO_LINKED) | EVTCHN_FIFO_LINK_MASK);
        while ( !__atomic_compare_exchange_n(&array[head], &w, nw, false, __ATOMIC_SEQ_CST,
                                             __ATOMIC_SEQ_CST) );
        local_head[v][prio] = w & EVTCHN_FIFO_LINK_MASK;
        if ( local_head[v][prio] == 0 )
            ready &= ~(1U << prio);
        if ( (w & (1U << EVTCHN_FIFO_PENDING)) && !(w & (1U << EVTCHN_FIFO_MASKED)) )
        {
            __atomic_fetch_and(&array[head], ~(1U << EVTCHN_FIFO_PENDING), __ATOMIC_SEQ_CST);
            seen[head]++;
            n++;
        }
        ready |= __atomic_exchange_n(&cb[v]->ready, 0, __ATOMIC_SEQ_CST);
    }
    /* Queues not finished stay ready for the next call. */
    if ( ready )
        __atomic_fetch_or(&cb[v]->ready, ready, __ATOMIC_SEQ_CST);
    return (int)n;
}

/* ---- the tests ---- */

static void setup(void)
{
    fake_ram_setup(NR_FRAMES + HEAP_FRAMES);
    init_heap_pages(mfn_to_page(_mfn(NR_FRAMES)), HEAP_FRAMES);
    for ( unsigned long f = 1; f < NR_FRAMES; f++ )
    {
        frame_table[f].v.owner = f < 60 ? &dom : NULL; /* 60..63: another domain's */
        frame_table[f].count_info = PGC_state_inuse | PGC_allocated | 1;
    }
    dom.shared_info = &shinfo;
    dom.max_vcpus = NR_VCPUS;
    dom.vcpu = vcpu_ptrs;
    for ( unsigned int i = 0; i < NR_VCPUS; i++ )
    {
        vcpu_ptrs[i] = &vcpus[i];
        vcpus[i].vcpu_id = i;
        vcpus[i].domain = &dom;
        vcpus[i].vcpu_info = &shinfo.vcpu_info[i];
        vcpus[i].poll_port = -1;
    }
    if ( evtchn_init(&dom) )
        abort();
    cur = &vcpus[0];
}

/* Switch to FIFO: vCPU 0's block at the end of CB_FRAME, vCPU 1's at its start, one array page. */
static bool go_fifo(void)
{
    cb[0] = (struct evtchn_fifo_control_block *)((char *)arch_mfn_to_virt(CB_FRAME) + 4096 - 72);
    cb[1] = (struct evtchn_fifo_control_block *)arch_mfn_to_virt(CB_FRAME);
    array = arch_mfn_to_virt(ARRAY_FRAME);
    memset(cb[0], 0, sizeof(*cb[0]));
    memset(cb[1], 0, sizeof(*cb[1]));
    memset(local_head, 0, sizeof(local_head));
    for ( unsigned int i = 0; i < 1024; i++ )
        array[i] = 1U << EVTCHN_FIFO_MASKED;
    return init_control(CB_FRAME, 4096 - 72, 0) == 0 && init_control(CB_FRAME, 0, 1) == 0 &&
           expand(ARRAY_FRAME) == 0;
}

static void test_setup_and_refs(void)
{
    ok(set_priority(0, 1) == -ENOSYS && expand(ARRAY_FRAME) == -EOPNOTSUPP,
       "2-level: set_priority -ENOSYS, expand_array -EOPNOTSUPP");
    ok(init_control(CB_FRAME, 0, 2) == -ENOENT, "init_control for a vCPU that does not exist");
    ok(init_control(CB_FRAME, 12, 0) == -EINVAL && init_control(CB_FRAME, 4096 - 64, 0) == -EINVAL,
       "a misaligned block, a block off the page: -EINVAL");
    ok(init_control(50, 0, 0) == -EINVAL && init_control(61, 0, 0) == -EINVAL &&
           init_control(1UL << 45, 0, 0) == -EINVAL && init_control(NR_FRAMES, 0, 0) == -EINVAL,
       "a page table, another domain's frame, frames beyond RAM: -EINVAL");
    ok(total_refs() == 0 && evtchn_ops(&dom) == &evtchn_port_ops_2l,
       "no reference taken, still 2-level");
    ok(go_fifo() && evtchn_ops(&dom) == &evtchn_port_ops_fifo, "switched to FIFO");
    ok(refs[CB_FRAME] == 2 && wrefs[CB_FRAME] == 2 && refs[ARRAY_FRAME] == 1 &&
           wrefs[ARRAY_FRAME] == 1,
       "one general and one writable reference per block and per array page");
    ok(init_control(CB_FRAME, 0, 0) == -EINVAL && refs[CB_FRAME] == 2,
       "a second block for vCPU 0: -EINVAL, no reference");
    ok(expand(50) == -EINVAL && expand(62) == -EINVAL, "expand_array: page table, foreign frame");
    ok(reset() == 0 && total_refs() == 0 && evtchn_ops(&dom) == &evtchn_port_ops_2l,
       "EVTCHNOP_reset: every reference back, 2-level again");
}

static void test_order(void)
{
    evtchn_port_t p[4];
    unsigned int seen[1024] = {0};

    ok(go_fifo(), "FIFO again");
    for ( unsigned int i = 0; i < 4; i++ )
    {
        p[i] = bind_ipi(0);
        guest_unmask(p[i]);
    }
    ok(set_priority(p[1], 2) == 0 && set_priority(p[3], 2) == 0 &&
           set_priority(p[0], 16) == -EINVAL,
       "priorities 0..15");
    wakes[0] = 0;
    shinfo.vcpu_info[0].evtchn_upcall_pending = 0;
    for ( unsigned int i = 0; i < 4; i++ )
        send(p[i]);
    ok(cb[0]->ready == ((1U << 2) | (1U << 7)) && cb[0]->head[2] == p[1] &&
           cb[0]->head[7] == p[0] && (array[p[0]] & EVTCHN_FIFO_LINK_MASK) == p[2] &&
           (array[p[1]] & EVTCHN_FIFO_LINK_MASK) == p[3],
       "two queues, each in send order");
    ok(wakes[0] == 1 && shinfo.vcpu_info[0].evtchn_upcall_pending,
       "one upcall for the first event only");
    ok(evtchn_port_is_pending(&dom, p[3]), "SCHEDOP_poll's view: pending");
    ok(consume(0, 10, seen) == 4 && seen[p[0]] == 1 && seen[p[3]] == 1, "all four taken once");
    send(p[0]);
    ok(cb[0]->head[7] == p[0] && cb[0]->ready == 1U << 7,
       "an emptied queue starts at its head again");
    consume(0, 10, seen);
}

/*
 * A model run: random sends, masks, unmasks, priority and vCPU moves, and
 * partial consumption; afterwards, once everything is unmasked and consumed,
 * each port was delivered at least once after each raise and never seen
 * pending again.
 */
static void test_model(void)
{
    static unsigned int seen[1024];
    evtchn_port_t ports[NR_PORTS];
    unsigned int raised_since[1024] = {0};
    bool bad = false, lost = false;

    for ( unsigned int i = 0; i < NR_PORTS; i++ )
        ports[i] = bind_ipi(0);
    srand(1);
    unsigned int stopped = 0;

    for ( unsigned int step = 0; step < 200000 && !bad; step++ )
    {
        stopped = step;
        evtchn_port_t p = ports[(unsigned int)rand() % NR_PORTS];
        unsigned int v = (unsigned int)rand() % NR_VCPUS, before = seen[p];

        switch ( rand() % 8 )
        {
        case 0:
        case 1:
        case 2:
            send(p);
            raised_since[p] = 1;
            break;
        case 3:
            __atomic_fetch_or(&array[p], 1U << EVTCHN_FIFO_MASKED, __ATOMIC_SEQ_CST);
            break;
        case 4:
            guest_unmask(p);
            break;
        case 5:
            set_priority(p, (unsigned int)rand() % 16);
            break;
        case 6:
        {
            struct evtchn_bind_ipi b = {.vcpu = v};
            struct evtchn_close c = {.port = p};

            /* An IPI is bound to its vCPU: rebind the number to the other vCPU. */
            if ( op(EVTCHNOP_close, &c) == 0 && op(EVTCHNOP_bind_ipi, &b) == 0 && b.port != p )
            {
                bad |= b.port >= 1024; /* numbers still queued are skipped, never this many */
                for ( unsigned int i = 0; i < NR_PORTS; i++ )
                    if ( ports[i] == p )
                        ports[i] = b.port;
            }
            raised_since[p] = 0;
            break;
        }
        default:
            if ( consume(v, (unsigned int)rand() % 4, seen) < 0 )
                bad = true;
            break;
        }
        (void)before;
    }
    ok(!bad, "200000 random steps: every walk short, inside the array");
    if ( bad )
        diag("stopped at step %u", stopped);
    for ( unsigned int i = 0; i < NR_PORTS; i++ )
        guest_unmask(ports[i]);
    for ( unsigned int v = 0; v < NR_VCPUS; v++ )
        if ( consume(v, 100000, seen) < 0 )
            bad = true;
    for ( unsigned int i = 0; i < NR_PORTS; i++ )
        if ( array[ports[i]] & ((1U << EVTCHN_FIFO_PENDING) | (1U << EVTCHN_FIFO_LINKED)) )
            lost = true;
    ok(!bad && !lost, "unmasked and drained: nothing left pending or linked (no event lost)");
    (void)raised_since;
}

struct scribble {
    volatile bool stop;
    unsigned int seed;
};

/* The attacking guest vCPU: rewrite words and control blocks as fast as it can. */
static void *scribbler(void *arg)
{
    struct scribble *s = arg;
    unsigned int x = s->seed;

    while ( !s->stop )
    {
        x = x * 1103515245 + 12345;
        switch ( (x >> 28) & 3 )
        {
        case 0:
            __atomic_store_n(&array[(x >> 8) % 64], x, __ATOMIC_RELAXED);
            break;
        case 1:
            __atomic_fetch_or(&array[(x >> 8) % 64], 1U << EVTCHN_FIFO_BUSY, __ATOMIC_RELAXED);
            break;
        case 2:
            __atomic_store_n(&cb[(x >> 9) & 1]->head[(x >> 4) & 15], x, __ATOMIC_RELAXED);
            break;
        default:
            __atomic_fetch_xor(&array[(x >> 8) % 64], 1U << EVTCHN_FIFO_LINKED, __ATOMIC_RELAXED);
            break;
        }
    }
    return NULL;
}

static void test_attack(void)
{
    static unsigned char before[NR_FRAMES][4096];
    struct scribble s = {.stop = false, .seed = 7};
    evtchn_port_t ports[NR_PORTS];
    pthread_t t;
    bool outside = false;
    int rc;

    for ( unsigned int i = 0; i < NR_PORTS; i++ )
        ports[i] = bind_ipi(i % 2);
    for ( unsigned long f = 0; f < NR_FRAMES; f++ )
        memcpy(before[f], arch_mfn_to_virt(f), 4096);
    rc = pthread_create(&t, NULL, scribbler, &s);
    ok(rc == 0, "the scribbling guest vCPU runs");
    for ( unsigned int i = 0; i < 300000; i++ )
    {
        evtchn_port_t p = ports[i % NR_PORTS];

        send(p);
        if ( i % 3 == 0 )
        {
            struct evtchn_unmask u = {.port = p};

            op(EVTCHNOP_unmask, &u);
        }
        if ( i % 1000 == 0 )
            set_priority(p, i % 16);
    }
    s.stop = true;
    if ( rc == 0 )
        pthread_join(t, NULL);
    for ( unsigned long f = 0; f < NR_FRAMES; f++ )
        if ( f != CB_FRAME && f != ARRAY_FRAME && memcmp(before[f], arch_mfn_to_virt(f), 4096) )
            outside = true;
    ok(1, "300000 raises and unmasks against it all returned");
    ok(!outside, "nothing written outside the control-block and event-array frames");
    ok(memcmp((char *)arch_mfn_to_virt(CB_FRAME) + 72, before[CB_FRAME] + 72, 4096 - 144) == 0,
       "nor between the two control blocks");
}

/* FIFO names 2^17 ports: a domain may pass the 2-level ABI's 4096, which then stops it again. */
static void test_many_ports(void)
{
    struct evtchn_bind_ipi b = {.vcpu = 0};
    evtchn_port_t last = 0, p;
    unsigned int max = 0;
    long rc;

    for ( unsigned int n = 0; n < 5000 && (p = bind_ipi(0)) != 0; n++ )
        last = p;
    ok(last >= 4096 && evtchn_port_is_valid(&dom, last) && set_priority(last, 1) == 0,
       "FIFO: ports past 4096");
    send(last);
    ok(evtchn_port_is_pending(&dom, last), "one with no word yet is held pending");
    ok(reset() == 0 && total_refs() == 0, "reset");
    while ( (rc = op(EVTCHNOP_bind_ipi, &b)) == 0 )
        max = b.port > max ? b.port : max;
    ok(rc == -ENOSPC && max == 4095, "2-level again: ports end at 4095 (-ENOSPC)");
    send(4100);
    ok(reset() == 0 && !evtchn_port_is_pending(&dom, 4100), "a port past 4095 is closed for good");
}

static void test_pending_before_page(void)
{
    evtchn_port_t p;

    ok(reset() == 0 && total_refs() == 0, "reset after the attack: every reference back");
    ok(init_control(CB_FRAME, 0, 0) == 0, "FIFO with no array page yet");
    cb[0] = arch_mfn_to_virt(CB_FRAME);
    memset(cb[0], 0, sizeof(*cb[0]));
    p = bind_ipi(0);
    send(p);
    ok(evtchn_port_is_pending(&dom, p) && cb[0]->ready == 0,
       "an event for a port with no word yet is held pending");
    for ( unsigned int i = 0; i < 1024; i++ )
        array[i] = 0;
    wakes[0] = 0;
    shinfo.vcpu_info[0].evtchn_upcall_pending = 0;
    ok(expand(ARRAY_FRAME) == 0, "expand_array");
    ok((array[p] & ((1U << EVTCHN_FIFO_PENDING) | (1U << EVTCHN_FIFO_LINKED))) ==
               ((1U << EVTCHN_FIFO_PENDING) | (1U << EVTCHN_FIFO_LINKED)) &&
           cb[0]->head[7] == p && cb[0]->ready == 1U << 7 && wakes[0] == 1,
       "it is queued and notified once its page arrives");
    dom.is_dying = DOMDYING_dying;
    evtchn_destroy(&dom);
    ok(total_refs() == 0 && evtchn_ops(&dom) == &evtchn_port_ops_2l,
       "domain destruction gives every reference back");
    evtchn_free(&dom);
}

int main(void)
{
    setup();
    test_setup_and_refs();
    test_order();
    test_model();
    test_attack();
    test_many_ports();
    test_pending_before_page();
    return tap_done();
}
