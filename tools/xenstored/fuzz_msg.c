/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer harness for the daemon's message parser and every handler: the
 * input is a byte stream from one client (after a first byte choosing a
 * privileged or a domain connection), fed in pieces as a socket would.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static long null_read(struct xsd_conn *c, void *buf, size_t len)
{
    (void)c;
    (void)buf;
    (void)len;
    return 0;
}

/* Replies vanish, in small pieces to exercise partial writes. */
static long null_write(struct xsd_conn *c, const void *buf, size_t len)
{
    (void)c;
    (void)buf;
    return len > 100 ? 100 : (long)len;
}

static const struct xsd_transport null_transport = {
    .name = "fuzz", .read = null_read, .write = null_write, .close = NULL};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct xsd_daemon d;
    struct xsd_conn *c, *other;
    size_t off = 1, chunk;

    if ( !size )
        return 0;
    if ( xsd_daemon_init(&d) )
        return 0;
    d.rings = false;
    d.quota.nodes = 50;
    /* A watcher that sees every event the input causes. */
    other = xsd_conn_new(&d, &null_transport, NULL, -1, 0, true);
    {
        struct xsd_ctx x = {.d = &d, .c = other, .tx = NULL};

        xsd_watch_add(&x, "/", "all", false);
        xsd_watch_add(&x, "@introduceDomain", "in", false);
    }
    c = xsd_conn_new(&d, &null_transport, NULL, -1, data[0] & 1 ? 5 : 0, !(data[0] & 1));
    while ( off < size && !c->dead )
    {
        chunk = 1 + (data[off - 1] % 61);
        if ( chunk > size - off )
            chunk = size - off;
        xsd_conn_input(c, data + off, chunk);
        xsd_conn_flush(c);
        xsd_conn_flush(other);
        off += chunk;
    }
    xsd_daemon_dispose(&d);
    return 0;
}
