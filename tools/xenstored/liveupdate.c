/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Live update: the whole daemon state (nodes, domains, connections with their
 * watches, transactions, pending input and output) written to a state file
 * that the new binary reads after exec. Socket fds survive the exec, and so
 * does the event channel of dom0's kernel connection (its page is mapped again).
 *
 * Format: one record per line, fields separated by spaces, byte strings in
 * hex ("-" when empty). Guests' ring connections are not saved: none exist yet.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xenstored.h"

#define STATE_MAGIC "xenstored-state-1"

static void put_hex(FILE *f, const void *p, size_t len)
{
    const uint8_t *b = p;
    size_t i;

    if ( !len )
        fputs(" -", f);
    else
    {
        fputc(' ', f);
        for ( i = 0; i < len; i++ )
            fprintf(f, "%02x", b[i]);
    }
}

static void save_node(FILE *f, const char *tag, const struct xsd_node *n)
{
    fprintf(f, "%s", tag);
    put_hex(f, n->path, strlen(n->path));
    fprintf(f, " %d %llu", n->deleted, (unsigned long long)n->gen);
    put_hex(f, n->perms, n->nperms * sizeof(*n->perms));
    put_hex(f, n->value, n->vlen);
    put_hex(f, n->children, n->clen);
    fputc('\n', f);
}

static void save_table(FILE *f, const char *tag, const struct xsd_table *t)
{
    size_t i;
    struct xsd_node *n;

    for ( i = 0; i < t->nbuckets; i++ )
        for ( n = t->buckets[i]; n; n = n->hnext )
            save_node(f, tag, n);
}

static void save_conn(FILE *f, struct xsd_conn *c)
{
    struct xsd_watch *w;
    struct xsd_txn *t;
    struct xsd_change *ch;
    struct xsd_out *o;
    int fl;

    fl = fcntl(c->fd, F_GETFD);
    fcntl(c->fd, F_SETFD, fl & ~FD_CLOEXEC);
    fprintf(f, "conn %d %u %d %u %d %u", c->fd, c->domid, c->privileged, c->next_txid,
            c->lu_waiting, c->lu_req_id);
    put_hex(f, c->in, c->in_have);
    fputc('\n', f);
    if ( xsd_dom0_is_kernel(c) )
        xsd_dom0_save(f, c);
    for ( w = c->watches; w; w = w->next )
    {
        fprintf(f, "watch %d", w->relative);
        put_hex(f, w->path, strlen(w->path));
        put_hex(f, w->token, strlen(w->token));
        fputc('\n', f);
    }
    for ( t = c->txns; t; t = t->next )
    {
        fprintf(f, "txn %u %lld\n", t->id, (long long)t->node_delta);
        save_table(f, "tnode", &t->overlay);
        save_table(f, "tseen", &t->seen);
        for ( ch = t->changes; ch; ch = ch->next )
        {
            fprintf(f, "tchange %d", ch->removed);
            put_hex(f, ch->path, strlen(ch->path));
            fputc('\n', f);
        }
    }
    for ( o = c->out; o; o = o->next )
    {
        fprintf(f, "out %d", o->is_reply);
        put_hex(f, o->data + o->done, o->len - o->done);
        fputc('\n', f);
    }
}

int xsd_lu_save(struct xsd_daemon *d, const char *path, const int *listen_fds, int nlisten)
{
    FILE *f = fopen(path, "w");
    struct xsd_domain *dom;
    struct xsd_conn *c;
    int i, fl;

    if ( !f )
    {
        xsd_log(d, "live update: %s: %s", path, strerror(errno));
        return -1;
    }
    fprintf(f, "%s\ngen %llu\n", STATE_MAGIC, (unsigned long long)d->gen);
    for ( i = 0; i < nlisten; i++ )
    {
        fl = fcntl(listen_fds[i], F_GETFD);
        fcntl(listen_fds[i], F_SETFD, fl & ~FD_CLOEXEC);
        fprintf(f, "listen %d\n", listen_fds[i]);
    }
    save_table(f, "node", &d->nodes);
    for ( dom = d->domains; dom; dom = dom->next )
        fprintf(f, "domain %u %d %u %llu %u\n", dom->domid, dom->introduced, dom->target,
                (unsigned long long)dom->mfn, dom->port);
    for ( c = d->conns; c; c = c->next )
        if ( !c->dead && (c->tp == &xsd_unix_transport || xsd_dom0_is_kernel(c)) )
            save_conn(f, c);
    fprintf(f, "end\n");
    if ( fclose(f) )
    {
        xsd_log(d, "live update: %s: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

/* Decode hex field @s into a new buffer (NUL-terminated); "-" is empty. */
static int get_hex(const char *s, char **out, size_t *len)
{
    size_t l = strlen(s), i;
    char *b;

    if ( !strcmp(s, "-") )
        l = 0;
    if ( l % 2 )
        return -1;
    b = malloc(l / 2 + 1);
    if ( !b )
        return -1;
    for ( i = 0; i < l / 2; i++ )
    {
        unsigned int v;

        if ( sscanf(s + 2 * i, "%2x", &v) != 1 )
        {
            free(b);
            return -1;
        }
        b[i] = (char)v;
    }
    b[l / 2] = 0;
    *out = b;
    *len = l / 2;
    return 0;
}

/* Split @line into at most @max fields. */
static int fields(char *line, char **v, int max)
{
    int n = 0;
    char *save = NULL, *tok;

    for ( tok = strtok_r(line, " \n", &save); tok && n < max; tok = strtok_r(NULL, " \n", &save) )
        v[n++] = tok;
    return n;
}

static struct xsd_node *load_node(char **v, int n)
{
    struct xsd_node *node;
    char *path, *perms, *value, *kids;
    size_t pl, permsl, vl, kl;

    if ( n != 7 || get_hex(v[1], &path, &pl) )
        return NULL;
    node = xsd_node_new(path);
    free(path);
    if ( !node )
        return NULL;
    node->deleted = atoi(v[2]);
    node->gen = strtoull(v[3], NULL, 10);
    if ( get_hex(v[4], &perms, &permsl) || permsl % sizeof(struct xsd_perm) )
        goto bad;
    node->perms = (struct xsd_perm *)perms;
    node->nperms = permsl / sizeof(struct xsd_perm);
    if ( get_hex(v[5], &value, &vl) )
        goto bad;
    node->value = value;
    node->vlen = vl;
    if ( get_hex(v[6], &kids, &kl) )
        goto bad;
    node->children = kids;
    node->clen = kl;
    if ( !node->deleted && !node->nperms && node->gen )
        goto bad;
    return node;
bad:
    xsd_node_free(node);
    return NULL;
}

int xsd_lu_load(struct xsd_daemon *d, const char *path, int *listen_fds, int *nlisten)
{
    FILE *f = fopen(path, "r");
    char *line = NULL, *v[8], *s;
    size_t cap = 0, l;
    struct xsd_conn *c = NULL;
    struct xsd_txn *t = NULL;
    struct xsd_node *node;
    int n, rc = -1;
    bool ended = false;

    if ( !f )
        return -1;
    xsd_table_dispose(&d->nodes);
    xsd_table_init(&d->nodes);
    while ( d->domains )
    {
        struct xsd_domain *dom = d->domains;

        d->domains = dom->next;
        free(dom);
    }
    *nlisten = 0;
    if ( getline(&line, &cap, f) < 0 || strncmp(line, STATE_MAGIC "\n", sizeof(STATE_MAGIC)) )
        goto out;
    while ( !ended && getline(&line, &cap, f) > 0 )
    {
        n = fields(line, v, 8);
        if ( n < 1 )
            goto out;
        if ( !strcmp(v[0], "gen") && n == 2 )
            d->gen = strtoull(v[1], NULL, 10);
        else if ( !strcmp(v[0], "listen") && n == 2 && *nlisten < 2 )
            listen_fds[(*nlisten)++] = atoi(v[1]);
        else if ( !strcmp(v[0], "node") || !strcmp(v[0], "tnode") || !strcmp(v[0], "tseen") )
        {
            struct xsd_table *tab = v[0][0] == 'n'   ? &d->nodes
                                    : !t             ? NULL
                                    : v[0][1] == 'n' ? &t->overlay
                                                     : &t->seen;

            if ( !tab )
                goto out;
            if ( v[0][1] == 's' )
            {
                /* the read set: path and generation only */
                if ( n != 7 || get_hex(v[1], &s, &l) || !(node = xsd_node_new(s)) )
                    goto out;
                free(s);
                node->gen = strtoull(v[3], NULL, 10);
            }
            else if ( !(node = load_node(v, n)) )
                goto out;
            if ( tab == &d->nodes )
                xsd_domain_account(d, node->perms[0].domid, 1);
            xsd_table_put(tab, node);
        }
        else if ( !strcmp(v[0], "domain") && n == 6 )
        {
            struct xsd_domain *dom = xsd_domain_get(d, strtoul(v[1], NULL, 10), true);

            if ( !dom )
                goto out;
            dom->introduced = atoi(v[2]);
            dom->target = strtoul(v[3], NULL, 10);
            dom->mfn = strtoull(v[4], NULL, 10);
            dom->port = strtoul(v[5], NULL, 10);
        }
        else if ( !strcmp(v[0], "conn") && n == 8 )
        {
            c = xsd_conn_new(d, &xsd_unix_transport, NULL, atoi(v[1]), strtoul(v[2], NULL, 10),
                             atoi(v[3]));
            if ( !c || get_hex(v[7], &s, &l) || l > sizeof(c->in) )
                goto out;
            fcntl(c->fd, F_SETFD, FD_CLOEXEC);
            c->next_txid = strtoul(v[4], NULL, 10);
            c->lu_waiting = atoi(v[5]);
            c->lu_req_id = strtoul(v[6], NULL, 10);
            memcpy(c->in, s, l);
            c->in_have = l;
            free(s);
            t = NULL;
        }
        else if ( !strcmp(v[0], "dom0ring") && n == 3 && c && c->tp == &xsd_unix_transport )
        {
            /* Without the page the kernel's connection is lost; the rest goes on. */
            if ( xsd_dom0_restore(c, strtoul(v[1], NULL, 10), strtoul(v[2], NULL, 10)) )
                c->dead = true;
        }
        else if ( !strcmp(v[0], "watch") && n == 4 && c )
        {
            char *wp, *wt;
            size_t a, b;
            struct xsd_ctx x = {.d = d, .c = c};

            if ( get_hex(v[2], &wp, &a) )
                goto out;
            if ( get_hex(v[3], &wt, &b) )
            {
                free(wp);
                goto out;
            }
            /* Restored watches are not subject to the quota again. */
            n = c->privileged;
            c->privileged = true;
            rc = xsd_watch_add(&x, wp, wt, atoi(v[1]));
            c->privileged = n;
            free(wp);
            free(wt);
            if ( rc )
                goto out;
            rc = -1;
        }
        else if ( !strcmp(v[0], "txn") && n == 3 && c )
        {
            t = calloc(1, sizeof(*t));
            if ( !t )
                goto out;
            xsd_table_init(&t->overlay);
            xsd_table_init(&t->seen);
            t->changes_tail = &t->changes;
            t->id = strtoul(v[1], NULL, 10);
            t->node_delta = strtoll(v[2], NULL, 10);
            t->next = c->txns;
            c->txns = t;
            c->ntxns++;
        }
        else if ( !strcmp(v[0], "tchange") && n == 3 && t )
        {
            struct xsd_change *ch = calloc(1, sizeof(*ch));

            if ( !ch || get_hex(v[2], &ch->path, &l) )
            {
                free(ch);
                goto out;
            }
            ch->removed = atoi(v[1]);
            *t->changes_tail = ch;
            t->changes_tail = &ch->next;
        }
        else if ( !strcmp(v[0], "out") && n == 3 && c )
        {
            if ( get_hex(v[2], &s, &l) || !l )
                goto out;
            xsd_conn_queue_raw(c, s, l, atoi(v[1]));
            free(s);
        }
        else if ( !strcmp(v[0], "end") )
            ended = true;
        else
            goto out;
    }
    if ( !ended || !xsd_table_get(&d->nodes, "/") )
        goto out;
    /* The live-update request is answered by the new daemon. */
    for ( c = d->conns; c; c = c->next )
        if ( c->lu_waiting )
        {
            c->lu_waiting = false;
            xsd_conn_send(c, XS_CONTROL, c->lu_req_id, 0, "OK", 3);
        }
    rc = 0;
out:
    free(line);
    fclose(f);
    return rc;
}
