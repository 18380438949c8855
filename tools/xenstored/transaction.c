/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Transactions: an overlay of the nodes a transaction changed and the
 * generation of every node it looked at. Commit fails with EAGAIN when any of
 * those nodes changed meanwhile; otherwise the overlay becomes the database
 * and the transaction's watch events fire.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

int xsd_txn_start(struct xsd_ctx *x, uint32_t *id)
{
    struct xsd_conn *c = x->c;
    uint32_t limit = c->privileged ? 4096 : x->d->quota.txns;
    struct xsd_txn *t;

    if ( limit && c->ntxns >= limit )
        return -ENOSPC;
    t = calloc(1, sizeof(*t));
    if ( !t )
        return -ENOMEM;
    xsd_table_init(&t->overlay);
    xsd_table_init(&t->seen);
    t->changes_tail = &t->changes;
    do
    {
        t->id = ++c->next_txid;
    } while ( !t->id || xsd_txn_find(c, t->id) );
    t->next = c->txns;
    c->txns = t;
    c->ntxns++;
    *id = t->id;
    return 0;
}

struct xsd_txn *xsd_txn_find(struct xsd_conn *c, uint32_t id)
{
    struct xsd_txn *t;

    for ( t = c->txns; t; t = t->next )
        if ( t->id == id )
            return t;
    return NULL;
}

void xsd_txn_free(struct xsd_txn *t)
{
    struct xsd_change *ch;

    if ( !t )
        return;
    xsd_table_dispose(&t->overlay);
    xsd_table_dispose(&t->seen);
    while ( (ch = t->changes) )
    {
        t->changes = ch->next;
        free(ch->path);
        free(ch);
    }
    free(t);
}

/* Has anything the transaction saw changed since? */
static bool txn_conflicts(struct xsd_daemon *d, struct xsd_txn *t)
{
    size_t i;
    struct xsd_node *s, *m;

    for ( i = 0; i < t->seen.nbuckets; i++ )
        for ( s = t->seen.buckets[i]; s; s = s->hnext )
        {
            m = xsd_table_get(&d->nodes, s->path);
            if ( (m ? m->gen : 0) != s->gen )
                return true;
        }
    return false;
}

/* Move the overlay into the database. */
static void txn_apply(struct xsd_daemon *d, struct xsd_txn *t)
{
    size_t i;

    for ( i = 0; i < t->overlay.nbuckets; i++ )
        while ( t->overlay.buckets[i] )
        {
            struct xsd_node *n = t->overlay.buckets[i], *old;

            t->overlay.buckets[i] = n->hnext;
            n->hnext = NULL;
            old = xsd_table_take(&d->nodes, n->path);
            if ( old )
                xsd_domain_account(d, old->perms[0].domid, -1);
            xsd_node_free(old);
            if ( n->deleted )
            {
                xsd_node_free(n);
                continue;
            }
            n->gen = ++d->gen;
            xsd_domain_account(d, n->perms[0].domid, 1);
            xsd_table_put(&d->nodes, n);
        }
    t->overlay.count = 0;
}

int xsd_txn_end(struct xsd_ctx *x, bool commit)
{
    struct xsd_txn *t = x->tx, **pp;
    struct xsd_change *ch;
    int rc = 0;

    for ( pp = &x->c->txns; *pp != t; pp = &(*pp)->next )
        ;
    *pp = t->next;
    x->c->ntxns--;
    if ( commit )
    {
        if ( txn_conflicts(x->d, t) )
            rc = -EAGAIN;
        else
        {
            txn_apply(x->d, t);
            for ( ch = t->changes; ch; ch = ch->next )
                xsd_watch_fire(x->d, ch->path, ch->removed);
        }
    }
    xsd_txn_free(t);
    return rc;
}
