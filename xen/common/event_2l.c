/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The 2-level event-channel ABI: a port's pending and mask bits live in
 * shared_info's bitmaps, and a vCPU's evtchn_pending_sel names the bitmap
 * words it should look at. Bits are changed with atomics only (no lock).
 */
#include <xen/types.h> /* before the public headers, which use its types */

#include <public/event_channel.h>
#include <public/xen.h>
#include <xen/event.h>
#include <xen/sched.h>

#define BITS_PER_WORD (sizeof(xen_ulong_t) * 8)

static bool test_bit_word(const xen_ulong_t *words, unsigned int port)
{
    return (__atomic_load_n(&words[port / BITS_PER_WORD], __ATOMIC_SEQ_CST) >>
            (port % BITS_PER_WORD)) &
           1;
}

static bool test_and_set(xen_ulong_t *word, unsigned int bit)
{
    xen_ulong_t m = (xen_ulong_t)1 << bit;

    return __atomic_fetch_or(word, m, __ATOMIC_SEQ_CST) & m;
}

/* Select port's word in v's evtchn_pending_sel, notifying v if it was not selected. */
static void select_word(struct vcpu *v, unsigned int port)
{
    if ( !test_and_set(&v->vcpu_info->evtchn_pending_sel, port / BITS_PER_WORD) )
        evtchn_vcpu_notify(v);
}

static bool l2_set_pending(struct domain *d, unsigned int port)
{
    struct shared_info *s = d->shared_info;
    struct vcpu *v = evtchn_notify_vcpu(d, evtchn_from_port(d, port));

    /* Ports beyond the bitmaps exist only after a FIFO domain went back to 2-level: closed. */
    if ( v == NULL || port >= EVTCHN_2L_NR_CHANNELS ||
         test_and_set(&s->evtchn_pending[port / BITS_PER_WORD], port % BITS_PER_WORD) )
        return false;
    if ( !test_bit_word(s->evtchn_mask, port) )
        select_word(v, port);
    return true;
}

static void l2_clear_pending(struct domain *d, unsigned int port)
{
    if ( port >= EVTCHN_2L_NR_CHANNELS )
        return;
    __atomic_fetch_and(&d->shared_info->evtchn_pending[port / BITS_PER_WORD],
                       ~((xen_ulong_t)1 << (port % BITS_PER_WORD)), __ATOMIC_SEQ_CST);
}

static bool l2_is_pending(const struct domain *d, unsigned int port)
{
    return port < EVTCHN_2L_NR_CHANNELS && test_bit_word(d->shared_info->evtchn_pending, port);
}

static bool l2_is_masked(const struct domain *d, unsigned int port)
{
    return port >= EVTCHN_2L_NR_CHANNELS || test_bit_word(d->shared_info->evtchn_mask, port);
}

static void l2_unmask(struct domain *d, unsigned int port)
{
    struct vcpu *v;

    if ( port >= EVTCHN_2L_NR_CHANNELS )
        return;
    __atomic_fetch_and(&d->shared_info->evtchn_mask[port / BITS_PER_WORD],
                       ~((xen_ulong_t)1 << (port % BITS_PER_WORD)), __ATOMIC_SEQ_CST);
    v = evtchn_notify_vcpu(d, evtchn_from_port(d, port));
    /* A port pending while masked notifies now. */
    if ( v && l2_is_pending(d, port) )
        select_word(v, port);
}

static bool l2_is_busy(const struct domain *d, unsigned int port)
{
    (void)d, (void)port;
    return false;
}

const struct evtchn_port_ops evtchn_port_ops_2l = {
    .name = "2-level",
    .nr_ports = EVTCHN_2L_NR_CHANNELS,
    .set_pending = l2_set_pending,
    .clear_pending = l2_clear_pending,
    .unmask = l2_unmask,
    .is_pending = l2_is_pending,
    .is_masked = l2_is_masked,
    .is_busy = l2_is_busy,
};
