/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Daemon semantics over its socket (run by daemon.test against a fresh
 * xenstored started with small quotas): every operation, permissions,
 * transaction conflicts, watches, domains, quotas and malformed input.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <xenstore.h>

#include "tap.h"
#include "test_xs.h"

static struct xs_handle *open_as(unsigned int domid)
{
    struct xs_handle *h = xs_open(0);
    char id[16];
    char *r;

    if ( !h || !domid )
        return h;
    snprintf(id, sizeof(id), "%u", domid);
    r = xs_control_command(h, "restrict", id, strlen(id) + 1);
    if ( !r )
    {
        xs_close(h);
        return NULL;
    }
    free(r);
    return h;
}

static bool fails(bool result, int err)
{
    return !result && errno == err;
}

/* Wait up to @ms for an event; true if it is (@path, @token). */
static bool event(struct xs_handle *h, const char *path, const char *token, int ms)
{
    struct pollfd p = {.fd = xs_fileno(h), .events = POLLIN};
    char **ev = xs_check_watch(h);
    bool match;

    if ( !ev && poll(&p, 1, ms) == 1 )
        ev = xs_check_watch(h);
    if ( !ev )
        return false;
    match = !strcmp(ev[XS_WATCH_PATH], path) && !strcmp(ev[XS_WATCH_TOKEN], token);
    if ( !match )
        diag("event %s %s, expected %s %s", ev[0], ev[1], path, token);
    free(ev);
    return match;
}

static bool no_event(struct xs_handle *h, int ms)
{
    struct pollfd p = {.fd = xs_fileno(h), .events = POLLIN};
    char **ev;

    poll(&p, 1, ms);
    ev = xs_check_watch(h);
    if ( ev )
        diag("unexpected event %s %s", ev[0], ev[1]);
    free(ev);
    return !ev;
}

static void test_basic(struct xs_handle *h)
{
    unsigned int n, i;
    char **d;
    struct xs_permissions *p;
    char *s;

    ok(xs_write(h, XBT_NULL, "/b/x/y", "v1", 2), "write creates missing parents");
    ok(reads(h, XBT_NULL, "/b/x/y", "v1") && reads(h, XBT_NULL, "/b/x", ""),
       "read back value; parent is empty");
    ok(xs_mkdir(h, XBT_NULL, "/b/m") && xs_mkdir(h, XBT_NULL, "/b/m"), "mkdir, twice");
    d = xs_directory(h, XBT_NULL, "/b", &n);
    ok(d && n == 2 && !strcmp(d[0], "x") && !strcmp(d[1], "m"), "directory lists x, m");
    free(d);
    p = xs_get_permissions(h, XBT_NULL, "/b/x", &n);
    ok(p && n == 1 && p[0].id == 0 && p[0].perms == XS_PERM_NONE, "default permissions n0");
    free(p);
    ok(fails(xs_read(h, XBT_NULL, "/b/none", NULL) != NULL, ENOENT), "read missing: ENOENT");
    ok(fails(xs_write(h, XBT_NULL, "/b/bad//path", "", 0), EINVAL), "double slash: EINVAL");
    ok(fails(xs_write(h, XBT_NULL, "/b/bad path", "", 0), EINVAL), "space in path: EINVAL");
    ok(fails(xs_write(h, XBT_NULL, "/b/trail/", "", 0), EINVAL), "trailing slash: EINVAL");
    ok(xs_rm(h, XBT_NULL, "/b/x") && !xs_read(h, XBT_NULL, "/b/x/y", NULL),
       "rm removes the subtree");
    ok(xs_rm(h, XBT_NULL, "/b/gone"), "rm of a missing child of an existing node succeeds");
    ok(fails(xs_rm(h, XBT_NULL, "/nope/gone"), ENOENT), "rm with missing parent: ENOENT");
    ok(fails(xs_rm(h, XBT_NULL, "/"), EINVAL), "rm / refused");
    s = xs_get_domain_path(h, 12);
    ok(s && !strcmp(s, "/local/domain/12"), "GET_DOMAIN_PATH 12: %s", s ? s : "(null)");
    free(s);
    ok(xs_write(h, XBT_NULL, "rel/node", "r", 1) &&
           reads(h, XBT_NULL, "/local/domain/0/rel/node", "r"),
       "relative path lands under /local/domain/0");
    /* A directory too big for one reply comes back in parts. */
    for ( i = 0; i < 150; i++ )
    {
        char path[128];

        snprintf(path, sizeof(path), "/big/child-with-a-fairly-long-name-number-%03u", i);
        xs_write(h, XBT_NULL, path, "", 0);
    }
    d = xs_directory(h, XBT_NULL, "/big", &n);
    ok(d && n == 150 && !strcmp(d[149], "child-with-a-fairly-long-name-number-149"),
       "directory of 150 long names (> 4096 bytes) through DIRECTORY_PART: %u", d ? n : 0);
    free(d);
}

static void test_transactions(struct xs_handle *h, struct xs_handle *o)
{
    xs_transaction_t t, t2;

    xs_write(h, XBT_NULL, "/tx/a", "1", 1);
    t = xs_transaction_start(h);
    ok(t != XBT_NULL, "transaction started");
    ok(xs_write(h, t, "/tx/b", "2", 1) && reads(h, t, "/tx/b", "2"), "write visible inside");
    ok(!xs_read(o, XBT_NULL, "/tx/b", NULL), "... and invisible outside before commit");
    ok(xs_transaction_end(h, t, false) && reads(o, XBT_NULL, "/tx/b", "2"), "commit publishes");

    t = xs_transaction_start(h);
    ok(reads(h, t, "/tx/a", "1"), "transaction reads /tx/a");
    ok(xs_write(o, XBT_NULL, "/tx/a", "changed", 7), "another client changes /tx/a");
    xs_write(h, t, "/tx/c", "3", 1);
    ok(fails(xs_transaction_end(h, t, false), EAGAIN), "commit after a conflict: EAGAIN");
    ok(!xs_read(o, XBT_NULL, "/tx/c", NULL), "conflicting transaction left nothing behind");

    t = xs_transaction_start(h);
    xs_write(h, t, "/tx/d", "4", 1);
    ok(xs_transaction_end(h, t, true) && !xs_read(o, XBT_NULL, "/tx/d", NULL), "abort discards");
    t = xs_transaction_start(h);
    t2 = xs_transaction_start(o);
    xs_write(h, t, "/tx/e1", "x", 1);
    xs_write(o, t2, "/tx/f/g", "y", 1);
    ok(xs_transaction_end(h, t, false), "first of two transactions commits");
    ok(fails(xs_transaction_end(o, t2, false), EAGAIN),
       "second, which also changed /tx's children, gets EAGAIN");
    t = xs_transaction_start(h);
    ok(xs_rm(h, t, "/tx") && !xs_read(h, t, "/tx/a", NULL) &&
           reads(o, XBT_NULL, "/tx/a", "changed"),
       "rm in a transaction is private");
    ok(xs_transaction_end(h, t, false) && !xs_read(o, XBT_NULL, "/tx", NULL), "... until commit");
    ok(fails(xs_read(h, 4242, "/", NULL) != NULL, ENOENT), "unknown transaction id: ENOENT");
}

static void test_watches(struct xs_handle *h, struct xs_handle *w)
{
    xs_transaction_t t;

    ok(xs_watch(w, "/wt", "tok"), "watch /wt");
    ok(event(w, "/wt", "tok", 2000), "a new watch fires once at once");
    ok(no_event(w, 100), "... only once");
    xs_write(h, XBT_NULL, "/wt/x", "1", 1);
    ok(event(w, "/wt/x", "tok", 2000), "write below fires with the changed path and token");
    ok(no_event(w, 100), "exactly one event per change");
    xs_write(h, XBT_NULL, "/wtx", "1", 1);
    xs_write(h, XBT_NULL, "/other", "1", 1);
    ok(no_event(w, 100), "no event for /wtx or /other");
    ok(xs_watch(w, "/wt/deep/er", "deep"), "watch a node that does not exist");
    ok(event(w, "/wt/deep/er", "deep", 2000), "its first event");
    xs_write(h, XBT_NULL, "/wt/deep/er/z", "1", 1);
    ok(event(w, "/wt/deep/er/z", "deep", 2000) && event(w, "/wt/deep/er/z", "tok", 2000),
       "a change fires both matching watches, once each");
    xs_rm(h, XBT_NULL, "/wt/deep");
    ok(event(w, "/wt/deep/er", "deep", 2000) && event(w, "/wt/deep", "tok", 2000) &&
           no_event(w, 100),
       "rm fires the watch below with its own path and the one above with the removed path");
    t = xs_transaction_start(h);
    xs_write(h, t, "/wt/tx", "1", 1);
    ok(no_event(w, 100), "no event while the transaction is open");
    xs_transaction_end(h, t, false);
    ok(event(w, "/wt/tx", "tok", 2000), "event on commit");
    t = xs_transaction_start(h);
    xs_write(h, t, "/wt/tx2", "1", 1);
    xs_transaction_end(h, t, true);
    ok(no_event(w, 100), "no event for an aborted transaction");
    ok(xs_unwatch(w, "/wt", "tok") && xs_unwatch(w, "/wt/deep/er", "deep"), "unwatch");
    ok(fails(xs_unwatch(w, "/wt", "tok"), ENOENT), "unwatch again: ENOENT");
    xs_write(h, XBT_NULL, "/wt/y", "1", 1);
    ok(no_event(w, 100), "no event after unwatch");
    ok(fails(xs_watch(w, "@bogusSpecial", "t"), EINVAL), "unknown special watch: EINVAL");
}

static void test_domains(struct xs_handle *h, struct xs_handle *w)
{
    char *s;

    ok(xs_watch(w, "@introduceDomain", "in") && event(w, "@introduceDomain", "in", 2000),
       "watch @introduceDomain");
    ok(xs_watch(w, "@releaseDomain", "out") && event(w, "@releaseDomain", "out", 2000),
       "watch @releaseDomain");
    ok(!xs_is_domain_introduced(h, 7), "domain 7 not introduced");
    ok(xs_introduce_domain(h, 7, 0x1234, 5), "INTRODUCE 7");
    ok(event(w, "@introduceDomain", "in", 2000) && no_event(w, 100), "@introduceDomain fired once");
    ok(xs_is_domain_introduced(h, 7) && xs_is_domain_introduced(h, 0), "7 and 0 introduced");
    ok(xs_introduce_domain(h, 7, 0x1234, 5), "same INTRODUCE again is accepted");
    ok(fails(xs_introduce_domain(h, 7, 0x9999, 5), EEXIST), "different page: EEXIST");
    ok(xs_set_target(h, 7, 8) && fails(xs_set_target(h, 9, 8), ENOENT), "SET_TARGET");
    ok(xs_resume_domain(h, 7), "RESUME");
    ok(xs_release_domain(h, 7) && !xs_is_domain_introduced(h, 7), "RELEASE 7");
    ok(event(w, "@releaseDomain", "out", 2000) && no_event(w, 100), "@releaseDomain fired once");
    ok(fails(xs_release_domain(h, 7), ENOENT), "RELEASE again: ENOENT");
    ok(fails(xs_introduce_domain(h, 0, 1, 1), EINVAL), "INTRODUCE 0: EINVAL");
    s = xs_control_command(h, "print", "hello from test_wire", 21);
    ok(s && !strcmp(s, "OK"), "CONTROL print");
    free(s);
    s = xs_control_command(h, "no-such-command", NULL, 0);
    ok(!s && errno == EINVAL, "unknown CONTROL command: EINVAL");
    xs_unwatch(w, "@introduceDomain", "in");
    xs_unwatch(w, "@releaseDomain", "out");
}

static void test_permissions(struct xs_handle *h)
{
    struct xs_handle *g = open_as(5), *g6 = open_as(6), *w = open_as(6);
    struct xs_permissions p[2] = {{0, XS_PERM_NONE}, {5, XS_PERM_READ}};
    struct xs_permissions mine[1] = {{5, XS_PERM_NONE}};

    ok(g && g6 && w, "connections restricted to domains 5 and 6");
    if ( !g || !g6 || !w )
        return;
    xs_write(h, XBT_NULL, "/perm/secret", "s", 1);
    ok(fails(xs_read(g, XBT_NULL, "/perm/secret", NULL) != NULL, EACCES),
       "domain 5 cannot read a n0 node");
    ok(xs_set_permissions(h, XBT_NULL, "/perm/secret", p, 2), "dom0 grants r5");
    ok(reads(g, XBT_NULL, "/perm/secret", "s"), "domain 5 reads it now");
    ok(fails(xs_read(g6, XBT_NULL, "/perm/secret", NULL) != NULL, EACCES), "domain 6 still cannot");
    ok(fails(xs_write(g, XBT_NULL, "/perm/secret", "x", 1), EACCES), "r5 does not allow writes");
    ok(fails(xs_write(g, XBT_NULL, "/perm/secret/child", "x", 1), EACCES), "nor creating children");
    ok(fails(xs_set_permissions(g, XBT_NULL, "/perm/secret", mine, 1), EACCES),
       "a non-owner cannot set permissions");
    p[1].perms = XS_PERM_READ | XS_PERM_WRITE;
    xs_set_permissions(h, XBT_NULL, "/perm/secret", p, 2);
    ok(xs_write(g, XBT_NULL, "/perm/secret/child", "c", 1), "b5 allows creating a child");
    {
        unsigned int n;
        struct xs_permissions *cp = xs_get_permissions(h, XBT_NULL, "/perm/secret/child", &n);

        ok(cp && n >= 1 && cp[0].id == 5, "the creating domain owns the child");
        free(cp);
    }
    xs_mkdir(h, XBT_NULL, "/local/domain/5");
    xs_set_permissions(h, XBT_NULL, "/local/domain/5", mine, 1);
    ok(xs_write(g, XBT_NULL, "data", "d", 1) && reads(h, XBT_NULL, "/local/domain/5/data", "d"),
       "relative paths of domain 5 go to its home");
    ok(fails(xs_introduce_domain(g, 9, 1, 1), EACCES), "domain 5 cannot INTRODUCE");
    /* Watches do not leak what a domain cannot read. */
    ok(xs_watch(w, "/perm", "p6") && event(w, "/perm", "p6", 2000), "domain 6 watches /perm");
    xs_write(h, XBT_NULL, "/perm/secret", "new", 3);
    ok(no_event(w, 150), "... and gets no event for a node it cannot read");
    xs_write(h, XBT_NULL, "/perm/open", "o", 1);
    {
        struct xs_permissions r6[1] = {{0, XS_PERM_READ}};

        xs_set_permissions(h, XBT_NULL, "/perm/open", r6, 1);
    }
    ok(event(w, "/perm/open", "p6", 2000), "... but does for one it can read");
    xs_close(g);
    xs_close(g6);
    xs_close(w);
}

static void test_quotas(struct xs_handle *h)
{
    struct xs_handle *g = open_as(11);
    struct xs_permissions mine[1] = {{11, XS_PERM_NONE}};
    char big[64], path[64];
    xs_transaction_t t[3];
    int i, made = 0;

    if ( !g )
    {
        ok(0, "restricted connection");
        return;
    }
    xs_mkdir(h, XBT_NULL, "/local/domain/11");
    xs_set_permissions(h, XBT_NULL, "/local/domain/11", mine, 1);
    for ( i = 0; i < 10; i++ )
    {
        snprintf(path, sizeof(path), "n%d", i);
        if ( xs_write(g, XBT_NULL, path, "", 0) )
            made++;
        else if ( errno != ENOSPC )
            break;
    }
    /* -E 8: the home node plus 7 more */
    ok(made == 7, "node quota: 7 of 10 creations allowed (%d), then ENOSPC", made);
    memset(big, 'x', sizeof(big));
    ok(fails(xs_write(g, XBT_NULL, "n0", big, sizeof(big)), ENOSPC), "node size quota: ENOSPC");
    ok(xs_write(g, XBT_NULL, "n0", big, 8), "a small value fits");
    ok(xs_watch(g, "/w1", "a") && xs_watch(g, "/w2", "a"), "two watches allowed");
    ok(fails(xs_watch(g, "/w3", "a"), E2BIG), "third watch: E2BIG (-W 2)");
    t[0] = xs_transaction_start(g);
    t[1] = xs_transaction_start(g);
    t[2] = xs_transaction_start(g);
    ok(t[0] && t[1] && !t[2] && errno == ENOSPC, "third transaction: ENOSPC (-t 2)");
    xs_transaction_end(g, t[0], true);
    xs_transaction_end(g, t[1], true);
    ok(xs_write(h, XBT_NULL, "/q/dom0/a", "", 0) && xs_write(h, XBT_NULL, "/q/dom0/b", "", 0),
       "dom0 is not limited");
    xs_close(g);
}

/* A raw socket, to send what libxenstore never would. */
static int raw_open(void)
{
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);

    snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", getenv("XENSTORED_PATH"));
    if ( connect(fd, (struct sockaddr *)&sa, sizeof(sa)) )
    {
        close(fd);
        return -1;
    }
    return fd;
}

/* Send a message; return the reply's type and payload. */
static int raw_talk(int fd, uint32_t type, const void *body, uint32_t len, char *out, size_t outlen)
{
    struct xsd_sockmsg h = {.type = type, .req_id = 77, .len = len};
    struct pollfd p = {.fd = fd, .events = POLLIN};
    ssize_t r;

    if ( write(fd, &h, sizeof(h)) != sizeof(h) || (len && write(fd, body, len) != (ssize_t)len) )
        return -1;
    if ( poll(&p, 1, 3000) != 1 )
        return -2;
    r = recv(fd, &h, sizeof(h), MSG_WAITALL);
    if ( r != sizeof(h) )
        return -3; /* closed */
    if ( h.len >= outlen || recv(fd, out, h.len, MSG_WAITALL) != (ssize_t)h.len )
        return -4;
    out[h.len] = 0;
    return (int)h.type;
}

/*
 * Whether the daemon closes fd within 10 s: end of file or a reset, never a
 * reply. (Writing more would race with the close: EPIPE instead of EOF.)
 */
static bool raw_closed(int fd)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    char c;

    if ( poll(&p, 1, 10000) != 1 )
        return false;
    return recv(fd, &c, 1, 0) <= 0;
}

static void test_bad_input(struct xs_handle *h)
{
    char out[XENSTORE_PAYLOAD_MAX + 1];
    int fd = raw_open(), fd2, i;
    struct xsd_sockmsg huge = {.type = XS_WRITE, .len = XENSTORE_PAYLOAD_MAX + 1};

    ok(raw_talk(fd, 999, "x", 2, out, sizeof(out)) == XS_ERROR && !strcmp(out, "ENOSYS"),
       "unknown type: ENOSYS");
    ok(raw_talk(fd, XS_WATCH_EVENT, "a\0b", 4, out, sizeof(out)) == XS_ERROR,
       "client-sent WATCH_EVENT: error");
    ok(raw_talk(fd, XS_READ, "/b", 2, out, sizeof(out)) == XS_ERROR && !strcmp(out, "EINVAL"),
       "READ without NUL: EINVAL");
    ok(raw_talk(fd, XS_WRITE, "/nonul", 6, out, sizeof(out)) == XS_ERROR && !strcmp(out, "EINVAL"),
       "WRITE without NUL after the path: EINVAL");
    ok(raw_talk(fd, XS_READ, "", 0, out, sizeof(out)) == XS_ERROR, "empty READ: error");
    ok(raw_talk(fd, XS_WATCH, "/onlypath", 10, out, sizeof(out)) == XS_ERROR,
       "WATCH without token: EINVAL");
    ok(raw_talk(fd, XS_TRANSACTION_END, "X", 2, out, sizeof(out)) == XS_ERROR,
       "TRANSACTION_END outside a transaction: error");
    ok(raw_talk(fd, XS_GET_DOMAIN_PATH, "12abc", 6, out, sizeof(out)) == XS_ERROR,
       "GET_DOMAIN_PATH of a non-number: EINVAL");
    ok(raw_talk(fd, XS_SET_PERMS, "/b\0q9", 6, out, sizeof(out)) == XS_ERROR,
       "SET_PERMS with a bad entry: EINVAL");
    ok(raw_talk(fd, XS_DIRECTORY_PART,
                "/b\0"
                "99999",
                9, out, sizeof(out)) == XS_ERROR,
       "DIRECTORY_PART past the end: EINVAL");
    ok(raw_talk(fd, XS_RESET_WATCHES, "", 0, out, sizeof(out)) == XS_RESET_WATCHES,
       "RESET_WATCHES");
    ok(write(fd, &huge, sizeof(huge)) == sizeof(huge) && raw_closed(fd),
       "payload length past 4096: connection closed");
    close(fd);
    fd2 = raw_open();
    /* A flood of requests without reading: the daemon goes on serving others. */
    for ( i = 0; i < 2000; i++ )
    {
        struct xsd_sockmsg m = {.type = XS_READ, .req_id = i, .len = 2};

        if ( write(fd2, &m, sizeof(m)) != sizeof(m) || write(fd2, "/\0", 2) != 2 )
            break;
    }
    ok(reads(h, XBT_NULL, "/perm/secret", "new"), "others are served during a flood");
    close(fd2);
    ok(reads(h, XBT_NULL, "/perm/secret", "new"), "daemon alive after the bad connections");
}

int main(void)
{
    struct xs_handle *h, *o, *w;

    /* Writes to connections the daemon closed must fail, not kill us. */
    signal(SIGPIPE, SIG_IGN);
    h = xs_open(0);
    o = xs_open(0);
    w = xs_open(0);
    if ( !ok(h && o && w, "three connections to %s", getenv("XENSTORED_PATH")) )
        return tap_done();
    test_basic(h);
    test_transactions(h, o);
    test_watches(h, w);
    test_domains(h, w);
    test_permissions(h);
    test_quotas(h);
    test_bad_input(h);
    xs_close(h);
    xs_close(o);
    xs_close(w);
    return tap_done();
}
