/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Watches: a connection's (path, token) pairs, and the events a change sends,
 * exactly one per matching watch, to connections allowed to read the node.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

/* Watches a privileged connection may hold, as a guard against floods. */
#define PRIV_WATCH_MAX 65536

int xsd_watch_add(struct xsd_ctx *x, const char *path, const char *token, bool relative)
{
    struct xsd_conn *c = x->c;
    uint32_t limit = c->privileged ? PRIV_WATCH_MAX : x->d->quota.watches;
    struct xsd_watch *w;

    for ( w = c->watches; w; w = w->next )
        if ( !strcmp(w->path, path) && !strcmp(w->token, token) )
            return -EEXIST;
    if ( limit && c->nwatches >= limit )
        return -E2BIG;
    w = calloc(1, sizeof(*w));
    if ( !w )
        return -ENOMEM;
    w->path = strdup(path);
    w->token = strdup(token);
    if ( !w->path || !w->token )
    {
        free(w->path);
        free(w->token);
        free(w);
        return -ENOMEM;
    }
    w->relative = relative;
    w->next = c->watches;
    c->watches = w;
    c->nwatches++;
    return 0;
}

static void watch_free(struct xsd_watch *w)
{
    free(w->path);
    free(w->token);
    free(w);
}

int xsd_watch_del(struct xsd_ctx *x, const char *path, const char *token)
{
    struct xsd_watch **pp, *w;

    for ( pp = &x->c->watches; (w = *pp); pp = &w->next )
        if ( !strcmp(w->path, path) && !strcmp(w->token, token) )
        {
            *pp = w->next;
            x->c->nwatches--;
            watch_free(w);
            return 0;
        }
    return -ENOENT;
}

void xsd_watch_free_all(struct xsd_conn *c)
{
    struct xsd_watch *w;

    while ( (w = c->watches) )
    {
        c->watches = w->next;
        watch_free(w);
    }
    c->nwatches = 0;
}

/* Is @sub equal to @top or below it? */
static bool is_subpath(const char *top, const char *sub)
{
    size_t l = strlen(top);

    if ( strncmp(top, sub, l) )
        return false;
    return sub[l] == 0 || sub[l] == '/' || !strcmp(top, "/");
}

/* May @c read @path (or, if gone, its nearest surviving ancestor)? */
static bool may_see(struct xsd_daemon *d, struct xsd_conn *c, const char *path)
{
    char buf[XENSTORE_ABS_PATH_MAX + 64];
    struct xsd_ctx x = {.d = d, .c = c, .tx = NULL};
    const struct xsd_node *n;
    char *s;

    if ( c->privileged || path[0] == '@' )
        return true;
    snprintf(buf, sizeof(buf), "%s", path);
    while ( !(n = xsd_table_get(&d->nodes, buf)) )
    {
        s = strrchr(buf, '/');
        if ( !s )
            return false;
        if ( s == buf )
            s[1] = 0;
        else
            *s = 0;
    }
    return xsd_check_perm(&x, n, XSD_PERM_READ) == 0;
}

/* Queue one event for watch @w about @path. */
static void send_event(struct xsd_conn *c, const struct xsd_watch *w, const char *path)
{
    char home[48], buf[XENSTORE_PAYLOAD_MAX];
    size_t hl, pl, tl;

    if ( w->relative )
    {
        hl = (size_t)snprintf(home, sizeof(home), "/local/domain/%" PRIu32 "/", c->domid);
        if ( !strncmp(path, home, hl) )
            path += hl;
    }
    pl = strlen(path) + 1;
    tl = strlen(w->token) + 1;
    if ( pl + tl > sizeof(buf) )
        return;
    memcpy(buf, path, pl);
    memcpy(buf + pl, w->token, tl);
    xsd_conn_send(c, XS_WATCH_EVENT, 0, 0, buf, pl + tl);
}

void xsd_watch_fire(struct xsd_daemon *d, const char *path, bool removed)
{
    struct xsd_conn *c;
    struct xsd_watch *w;

    for ( c = d->conns; c; c = c->next )
    {
        if ( c->dead )
            continue;
        for ( w = c->watches; w; w = w->next )
        {
            const char *evpath;

            if ( path[0] == '@' || w->path[0] == '@' )
                evpath = !strcmp(path, w->path) ? path : NULL;
            else if ( is_subpath(w->path, path) )
                evpath = path;
            else if ( removed && is_subpath(path, w->path) )
                evpath = w->path;
            else
                evpath = NULL;
            if ( evpath && may_see(d, c, evpath) )
                send_event(c, w, evpath);
        }
    }
}
