/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Live update with clients connected (run by liveupdate.test): state is set
 * up on two connections, `xenstore-control live-update FILE` replaces the
 * daemon, and the same connections find their nodes, permissions, watch and
 * open transaction intact; new connections work too.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xenstore.h>

#include "tap.h"
#include "test_xs.h"

static char **next_event(struct xs_handle *h)
{
    struct pollfd p = {.fd = xs_fileno(h), .events = POLLIN};
    char **ev = xs_check_watch(h);

    if ( !ev && poll(&p, 1, 3000) == 1 )
        ev = xs_check_watch(h);
    return ev;
}

int main(int argc, char **argv)
{
    struct xs_handle *h = xs_open(0), *w = xs_open(0), *fresh;
    struct xs_permissions p[2] = {{3, XS_PERM_NONE}, {4, XS_PERM_READ}}, *got;
    char cmd[4096], **ev;
    unsigned int n;
    xs_transaction_t t;
    int rc;

    if ( argc != 3 || !ok(h && w, "two connections") )
        return tap_done();
    ok(xs_write(h, XBT_NULL, "/lu/a", "before", 6) &&
           xs_set_permissions(h, XBT_NULL, "/lu/a", p, 2),
       "node with permissions written");
    ok(xs_watch(w, "/lu", "tok") && (ev = next_event(w)) != NULL, "watch /lu set");
    free(ev);
    t = xs_transaction_start(h);
    ok(t && reads(h, t, "/lu/a", "before") && xs_write(h, t, "/lu/tx", "in-tx", 5),
       "transaction open with a pending write");

    snprintf(cmd, sizeof(cmd), "%s live-update %s > /dev/null", argv[1], argv[2]);
    rc = system(cmd);
    ok(rc == 0, "xenstore-control live-update %s", argv[2]);

    ok(reads(w, XBT_NULL, "/lu/a", "before"), "node survived, read on an old connection");
    got = xs_get_permissions(w, XBT_NULL, "/lu/a", &n);
    ok(got && n == 2 && got[0].id == 3 && got[1].id == 4 && got[1].perms == XS_PERM_READ,
       "permissions survived (n3,r4)");
    free(got);
    ok(!xs_read(w, XBT_NULL, "/lu/tx", NULL), "the transaction's write is still private");
    ok(xs_write(h, t, "/lu/tx2", "more", 4), "the transaction goes on after the update");
    ok(xs_transaction_end(h, t, false), "and commits");
    ok(reads(w, XBT_NULL, "/lu/tx", "in-tx") && reads(w, XBT_NULL, "/lu/tx2", "more"),
       "its writes are published");
    ev = next_event(w);
    ok(ev && !strncmp(ev[XS_WATCH_PATH], "/lu/tx", 6) && !strcmp(ev[XS_WATCH_TOKEN], "tok"),
       "the watch survived: event %s", ev ? ev[0] : "(none)");
    free(ev);
    ev = next_event(w);
    free(ev);
    xs_write(h, XBT_NULL, "/lu/a", "after", 5);
    ev = next_event(w);
    ok(ev && !strcmp(ev[XS_WATCH_PATH], "/lu/a"), "a new change fires it once more");
    free(ev);
    fresh = xs_open(0);
    ok(fresh && reads(fresh, XBT_NULL, "/lu/a", "after"), "a new connection sees everything");
    xs_close(fresh);
    xs_close(h);
    xs_close(w);
    return tap_done();
}
