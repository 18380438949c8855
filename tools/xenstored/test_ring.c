/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The shared-ring transport's ring logic in memory: wrap-around, full and
 * empty rings, corrupt indices, and whole messages through a ring connection.
 */
#include <stdlib.h>
#include <string.h>

#include "ring.h"
#include "tap.h"
#include "xenstored.h"

/* The guest's side: produce requests, consume responses. */
static size_t guest_put(struct xenstore_domain_interface *i, const void *buf, size_t len)
{
    size_t done = 0;

    while ( done < len && i->req_prod - i->req_cons < XENSTORE_RING_SIZE )
        i->req[MASK_XENSTORE_IDX(i->req_prod++)] = ((const char *)buf)[done++];
    return done;
}

static size_t guest_take(struct xenstore_domain_interface *i, void *buf, size_t len)
{
    size_t done = 0;

    while ( done < len && i->rsp_cons != i->rsp_prod )
        ((char *)buf)[done++] = i->rsp[MASK_XENSTORE_IDX(i->rsp_cons++)];
    return done;
}

/* A connection's hooks, counted: dom0.c's event channel and mapping in memory. */
static unsigned int acks, kicks, releases;
static void count_ack(struct xsd_ring_conn *r)
{
    (void)r;
    acks++;
}
static void count_kick(struct xsd_ring_conn *r)
{
    (void)r;
    kicks++;
}
static void count_release(struct xsd_ring_conn *r)
{
    (void)r;
    releases++;
}

/*
 * Messages bigger than the rings, as dom0's kernel sends them: the request
 * arrives in pieces (an event each), the reply leaves in pieces as the guest
 * makes room, and the hooks run where the transport promises.
 */
static void big_messages(void)
{
    static struct xenstore_domain_interface intf;
    static char msg[3000], got[3000];
    struct xsd_ring_conn ring = {
        .intf = &intf, .kick = count_kick, .ack = count_ack, .release = count_release};
    struct xsd_sockmsg h = {.type = XS_WRITE, .req_id = 1, .len = 5 + 2500};
    struct xsd_daemon d;
    struct xsd_conn *c;
    size_t sent = 0, have = 0, len = sizeof(h) + h.len;
    unsigned int rounds = 0;
    char buf[4096];
    long n;
    bool order = true;

    xsd_daemon_init(&d);
    c = xsd_conn_new(&d, &xsd_ring_transport, &ring, -1, 0, true);
    memcpy(msg, &h, sizeof(h));
    memcpy(msg + sizeof(h), "/big", 5);
    for ( size_t i = 0; i < 2500; i++ )
        msg[sizeof(h) + 5 + i] = (char)('a' + i % 26);
    while ( sent < len && rounds++ < 10 )
    {
        unsigned int before = acks;

        sent += guest_put(&intf, msg + sent, len - sent);
        n = c->tp->read(c, buf, sizeof(buf));
        order = order && acks == before + 1 && n > 0;
        xsd_conn_input(c, (uint8_t *)buf, n);
    }
    ok(sent == len && rounds == 3 && order,
       "a 2521-byte request through the 1024-byte ring: 3 events, each acked before the read (%u "
       "rounds)",
       rounds);
    ok(kicks == 3, "the guest is kicked after each read made room (%u kicks)", kicks);
    xsd_conn_flush(c);
    n = (long)guest_take(&intf, buf, sizeof(buf));
    memcpy(&h, buf, sizeof(h));
    ok(n == (long)sizeof(h) + 3 && h.req_id == 1 && !strcmp(buf + sizeof(h), "OK"),
       "the WRITE is answered OK");

    h = (struct xsd_sockmsg){.type = XS_READ, .req_id = 2, .len = 5};
    memcpy(buf, &h, sizeof(h));
    memcpy(buf + sizeof(h), "/big", 5);
    guest_put(&intf, buf, sizeof(h) + 5);
    n = c->tp->read(c, buf, sizeof(buf));
    xsd_conn_input(c, (uint8_t *)buf, n);
    ok(xsd_ring_transport.space_is_event, "the ring waits for events, not POLLOUT");
    for ( rounds = 0; rounds < 10 && (c->out || have < sizeof(h) + 2500); rounds++ )
    {
        xsd_conn_flush(c);
        have += guest_take(&intf, got + have, sizeof(got) - have);
    }
    memcpy(&h, got, sizeof(h));
    ok(have == sizeof(h) + 2500 && h.req_id == 2 && h.len == 2500 &&
           !memcmp(got + sizeof(h), msg + sizeof(h) + 5, 2500) && rounds == 3,
       "the 2516-byte reply leaves in 3 pieces as the guest reads (%u)", rounds);
    xsd_conn_free(c);
    ok(releases == 1, "closing the connection releases the ring once");
    xsd_daemon_dispose(&d);
}

int main(void)
{
    static struct xenstore_domain_interface intf;
    char big[3000], out[3000];
    size_t i;
    long n;

    ok(sizeof(intf) == 2 * XENSTORE_RING_SIZE + 7 * 4, "interface page layout: %zu bytes",
       sizeof(intf));
    for ( i = 0; i < sizeof(big); i++ )
        big[i] = (char)(i * 7 + 1);

    ok(xsd_ring_take(&intf, out, sizeof(out)) == 0, "empty request ring gives nothing");
    /* Indices near the 32-bit wrap. */
    intf.req_cons = intf.req_prod = 0xfffffe00u;
    ok(guest_put(&intf, big, 1500) == XENSTORE_RING_SIZE, "guest fills the request ring");
    n = xsd_ring_take(&intf, out, 600);
    ok(n == 600 && !memcmp(out, big, 600), "daemon takes 600 bytes in order");
    ok(guest_put(&intf, big + 1024, 600) == 600, "guest refills across the wrap");
    n = xsd_ring_take(&intf, out, sizeof(out));
    ok(n == 1024 && !memcmp(out, big + 600, 424) && !memcmp(out + 424, big + 1024, 600),
       "daemon takes the rest across index and buffer wrap");
    ok(intf.req_cons == intf.req_prod, "request ring empty again");

    intf.rsp_cons = intf.rsp_prod = 0xffffff00u;
    n = xsd_ring_put(&intf, big, 2000);
    ok(n == XENSTORE_RING_SIZE, "response ring takes at most one ring of bytes (%ld)", n);
    ok(xsd_ring_put(&intf, big, 10) == 0, "full response ring takes nothing");
    ok(guest_take(&intf, out, 100) == 100 && !memcmp(out, big, 100), "guest reads responses");
    ok(xsd_ring_put(&intf, big + 1024, 100) == 100, "space reused after the guest reads");
    ok(guest_take(&intf, out, sizeof(out)) == 1024 && !memcmp(out + 924, big + 1024, 100),
       "responses arrive in order across the wrap");

    intf.req_cons = 0;
    intf.req_prod = XENSTORE_RING_SIZE + 1;
    ok(xsd_ring_take(&intf, out, 10) == -1, "request producer past a full ring is refused");
    intf.rsp_cons = 5000;
    intf.rsp_prod = 0;
    ok(xsd_ring_put(&intf, out, 10) == -1, "response consumer past the producer is refused");

    /* A ring connection: a READ request in, the reply out. */
    {
        struct xsd_daemon d;
        struct xsd_conn *c;
        struct xsd_sockmsg h = {.type = XS_WRITE, .req_id = 9, .len = 6};
        char msg[64], rsp[64];
        size_t got;
        struct xsd_ring_conn ring = {.intf = &intf, .kick = NULL};

        memset(&intf, 0, sizeof(intf));
        xsd_log_stream = stderr;
        xsd_daemon_init(&d);
        c = xsd_conn_new(&d, &xsd_ring_transport, NULL, -1, 0, true);
        c->tp_data = &ring;
        memcpy(msg, &h, sizeof(h));
        memcpy(msg + sizeof(h), "/a\0xyz", 6);
        guest_put(&intf, msg, sizeof(h) + 6);
        n = c->tp->read(c, rsp, sizeof(rsp));
        ok(n == (long)sizeof(h) + 6, "ring connection reads the request");
        ok(xsd_conn_input(c, (uint8_t *)rsp, n) == 0, "request processed");
        ok(xsd_conn_flush(c) == 0, "reply written to the ring");
        got = guest_take(&intf, rsp, sizeof(rsp));
        memcpy(&h, rsp, sizeof(h));
        ok(got == sizeof(h) + 3 && h.type == XS_WRITE && h.req_id == 9 &&
               !memcmp(rsp + sizeof(h), "OK", 3),
           "guest reads the WRITE reply OK");
        ok(xsd_table_get(&d.nodes, "/a") && xsd_table_get(&d.nodes, "/a")->vlen == 3,
           "node written through the ring");
        c->tp = NULL;
        xsd_daemon_dispose(&d);
    }
    big_messages();
    return tap_done();
}
