/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Connections: splitting the incoming byte stream into messages (the parser
 * every client's bytes go through), queueing replies and events, and
 * dropping a connection that breaks the protocol or stops reading.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

struct xsd_conn *xsd_conn_new(struct xsd_daemon *d, const struct xsd_transport *tp, void *data,
                              int fd, uint32_t domid, bool privileged)
{
    struct xsd_conn *c = calloc(1, sizeof(*c));

    if ( !c )
        return NULL;
    c->d = d;
    c->tp = tp;
    c->tp_data = data;
    c->fd = fd;
    c->domid = domid;
    c->privileged = privileged;
    c->out_tail = &c->out;
    c->next = d->conns;
    d->conns = c;
    return c;
}

void xsd_conn_free(struct xsd_conn *c)
{
    struct xsd_conn **pp;
    struct xsd_out *o;
    struct xsd_txn *t;
    struct xsd_domain *dom;

    if ( !c )
        return;
    for ( pp = &c->d->conns; *pp; pp = &(*pp)->next )
        if ( *pp == c )
        {
            *pp = c->next;
            break;
        }
    for ( dom = c->d->domains; dom; dom = dom->next )
        if ( dom->conn == c )
            dom->conn = NULL;
    if ( c->tp && c->tp->close )
        c->tp->close(c);
    while ( (o = c->out) )
    {
        c->out = o->next;
        free(o);
    }
    while ( (t = c->txns) )
    {
        c->txns = t->next;
        xsd_txn_free(t);
    }
    xsd_watch_free_all(c);
    free(c);
}

const char *xsd_errname(int err)
{
    size_t i;

    for ( i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]); i++ )
        if ( xsd_errors[i].errnum == err )
            return xsd_errors[i].errstring;
    return "EIO";
}

int xsd_conn_queue_raw(struct xsd_conn *c, const void *data, size_t len, bool is_reply)
{
    struct xsd_out *o;

    if ( c->dead )
        return -EPIPE;
    if ( c->d->max_out && c->out_count >= c->d->max_out )
    {
        /* It stopped reading: drop it rather than grow without bound. */
        xsd_log(c->d, "connection %p (domain %u): %u messages unread, closing", (void *)c, c->domid,
                c->out_count);
        c->dead = true;
        return -ENOSPC;
    }
    o = malloc(sizeof(*o) + len);
    if ( !o )
        return -ENOMEM;
    o->next = NULL;
    o->len = len;
    o->done = 0;
    o->is_reply = is_reply;
    memcpy(o->data, data, len);
    *c->out_tail = o;
    c->out_tail = &o->next;
    c->out_count++;
    c->out_replies += o->is_reply;
    return 0;
}

int xsd_conn_send(struct xsd_conn *c, uint32_t type, uint32_t req_id, uint32_t tx_id,
                  const void *data, size_t len)
{
    struct xsd_sockmsg h = {.type = type, .req_id = req_id, .tx_id = tx_id, .len = len};
    uint8_t buf[sizeof(h) + XENSTORE_PAYLOAD_MAX];

    if ( len > XENSTORE_PAYLOAD_MAX )
        return -E2BIG;
    memcpy(buf, &h, sizeof(h));
    if ( len )
        memcpy(buf + sizeof(h), data, len);
    if ( c->d->trace )
        fprintf(c->d->trace, "OUT %p type %u req %u tx %u len %zu\n", (void *)c, type, req_id,
                tx_id, len);
    return xsd_conn_queue_raw(c, buf, sizeof(h) + len, type != XS_WATCH_EVENT);
}

int xsd_conn_flush(struct xsd_conn *c)
{
    struct xsd_out *o;
    long r;

    while ( !c->dead && (o = c->out) )
    {
        r = c->tp->write(c, o->data + o->done, o->len - o->done);
        if ( r < 0 )
        {
            c->dead = true;
            break;
        }
        if ( r == 0 )
            break;
        o->done += r;
        if ( o->done < o->len )
            continue;
        c->out = o->next;
        if ( !c->out )
            c->out_tail = &c->out;
        c->out_count--;
        c->out_replies -= o->is_reply;
        free(o);
    }
    return c->dead ? -1 : 0;
}

bool xsd_conn_wants_input(const struct xsd_conn *c)
{
    uint32_t limit = c->d->quota.outstanding;

    if ( c->dead )
        return false;
    return c->privileged || !limit || c->out_replies < limit;
}

int xsd_conn_input(struct xsd_conn *c, const uint8_t *buf, size_t len)
{
    const size_t hl = sizeof(struct xsd_sockmsg);
    struct xsd_sockmsg h;
    size_t need, take;
    /* One spare byte so handlers can rely on a terminating NUL. */
    char body[XENSTORE_PAYLOAD_MAX + 1];

    while ( len && !c->dead )
    {
        if ( c->in_have < hl )
            need = hl - c->in_have;
        else
        {
            memcpy(&h, c->in, hl);
            need = hl + h.len - c->in_have;
        }
        take = len < need ? len : need;
        memcpy(c->in + c->in_have, buf, take);
        c->in_have += take;
        buf += take;
        len -= take;
        if ( c->in_have < hl )
            break;
        memcpy(&h, c->in, hl);
        if ( h.len > XENSTORE_PAYLOAD_MAX )
        {
            xsd_log(c->d, "connection %p (domain %u): payload length %u > %u, closing", (void *)c,
                    c->domid, h.len, XENSTORE_PAYLOAD_MAX);
            c->dead = true;
            return -1;
        }
        if ( c->in_have < hl + h.len )
            continue;
        memcpy(body, c->in + hl, h.len);
        body[h.len] = 0;
        c->in_have = 0;
        if ( c->d->trace )
            fprintf(c->d->trace, "IN  %p type %u req %u tx %u len %u\n", (void *)c, h.type,
                    h.req_id, h.tx_id, h.len);
        xsd_process(c, &h, body);
    }
    return c->dead ? -1 : 0;
}
