/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A domain's console ring drained to the hypervisor console, line by line with
 * a "(dN) " prefix, as Xen shows guest output before xenconsoled runs. The
 * ring belongs to the guest: its indexes are read once per drain and never
 * trusted to stay within the ring.
 */
#include <xen/types.h> /* before the public headers, which use its types */

#include <public/io/console.h>
#include <xen/arch.h>
#include <xen/console.h>
#include <xen/errno.h>
#include <xen/guest_console.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/spinlock.h>
#include <xen/string.h>
#include <xen/timer.h>
#include <xen/xmalloc.h>

/* Longest line kept back waiting for its newline; longer ones are cut. */
#define LINE_MAX 160

struct guest_console {
    struct domain *d;
    struct xencons_interface *ring; /* the hypervisor's mapping of the guest's page */
    spinlock_t lock;                /* one drain at a time: kick and timer race */
    struct timer poll;
    size_t len; /* bytes of the line in progress */
    char line[LINE_MAX + 1];
};

/* Emit the line in progress, with the domain's prefix and a newline. */
static void flush_line(struct guest_console *c)
{
    char pfx[16];

    snprintf(pfx, sizeof(pfx), "(d%u) ", c->d->domain_id);
    c->line[c->len++] = '\n';
    console_write_line(pfx, c->line, c->len);
    c->len = 0;
}

/* Add one byte of guest output to the line in progress. c->lock held. */
static void put_char(struct guest_console *c, char ch)
{
    if ( ch == '\n' )
    {
        flush_line(c);
        return;
    }
    if ( ch == '\r' )
        return;
    if ( (ch < 32 && ch != '\t') || ch == 127 )
        ch = '.'; /* no control sequences from a guest */
    c->line[c->len++] = ch;
    if ( c->len == LINE_MAX )
        flush_line(c);
}

static void drain(struct guest_console *c, bool final)
{
    struct xencons_interface *r = c->ring;
    unsigned long flags = spin_lock_irqsave(&c->lock);
    XENCONS_RING_IDX cons = __atomic_load_n(&r->out_cons, __ATOMIC_RELAXED);
    XENCONS_RING_IDX prod = __atomic_load_n(&r->out_prod, __ATOMIC_ACQUIRE);

    /* A guest claiming more than the ring holds loses the excess, not our bounds. */
    if ( prod - cons > sizeof(r->out) )
        cons = prod - sizeof(r->out);
    for ( ; cons != prod; cons++ )
        put_char(c, __atomic_load_n(&r->out[MASK_XENCONS_IDX(cons, r->out)], __ATOMIC_RELAXED));
    __atomic_store_n(&r->out_cons, cons, __ATOMIC_RELEASE);
    if ( final && c->len )
        flush_line(c);
    spin_unlock_irqrestore(&c->lock, flags);
}

static void poll_fired(void *data)
{
    struct guest_console *c = data;
    bool final = c->d->is_shutting_down;

    if ( c->d->is_dying != DOMDYING_alive )
        return; /* guest_console_stop() drained it for the last time */
    drain(c, final);
    if ( !final )
        set_timer(&c->poll, NOW() + MILLISECS(GUEST_CONSOLE_POLL_MS));
}

void guest_console_kick(struct domain *d)
{
    if ( d->console && d->is_dying == DOMDYING_alive )
        drain(d->console, false);
}

bool guest_console_put(struct domain *d, const char *s, size_t len)
{
    struct guest_console *c = d->console;
    unsigned long flags;

    if ( c == NULL )
        return false;
    flags = spin_lock_irqsave(&c->lock);
    for ( size_t i = 0; i < len; i++ )
        put_char(c, s[i]);
    spin_unlock_irqrestore(&c->lock, flags);
    return true;
}

int guest_console_init(struct domain *d, mfn_t mfn, domid_t backend, unsigned int *port)
{
    struct guest_console *c = xzalloc(struct guest_console);
    int rc;

    if ( c == NULL )
        return -ENOMEM;
    rc = evtchn_alloc_xen_unbound(d, backend);
    if ( rc < 0 )
    {
        xfree(c);
        return rc;
    }
    *port = (unsigned int)rc;
    c->d = d;
    c->ring = arch_mfn_to_virt(mfn_x(mfn));
    spin_lock_init(&c->lock);
    init_timer(&c->poll, poll_fired, c, smp_processor_id());
    d->console = c;
    set_timer(&c->poll, NOW() + MILLISECS(GUEST_CONSOLE_POLL_MS));
    return 0;
}

void guest_console_stop(struct domain *d)
{
    if ( d->console == NULL )
        return;
    stop_timer(&d->console->poll);
    drain(d->console, true);
}

void guest_console_free(struct domain *d)
{
    if ( d->console == NULL )
        return;
    stop_timer(&d->console->poll);
    xfree(d->console);
    d->console = NULL;
}
