/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Nodes and the path-keyed hash table that holds them (the database, and each
 * transaction's overlay and read set).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

static uint32_t path_hash(const char *s)
{
    uint32_t h = 2166136261u; /* FNV-1a */

    for ( ; *s; s++ )
        h = (h ^ (uint8_t)*s) * 16777619u;
    return h;
}

void xsd_table_init(struct xsd_table *t)
{
    t->nbuckets = 64;
    t->count = 0;
    t->buckets = calloc(t->nbuckets, sizeof(*t->buckets));
    if ( !t->buckets )
        abort();
}

void xsd_table_dispose(struct xsd_table *t)
{
    size_t i;

    if ( !t->buckets )
        return;
    for ( i = 0; i < t->nbuckets; i++ )
        while ( t->buckets[i] )
        {
            struct xsd_node *n = t->buckets[i];

            t->buckets[i] = n->hnext;
            xsd_node_free(n);
        }
    free(t->buckets);
    t->buckets = NULL;
    t->count = 0;
}

static void table_grow(struct xsd_table *t)
{
    size_t nb = t->nbuckets * 2, i;
    struct xsd_node **b = calloc(nb, sizeof(*b));

    if ( !b )
        return; /* stay slower rather than fail */
    for ( i = 0; i < t->nbuckets; i++ )
        while ( t->buckets[i] )
        {
            struct xsd_node *n = t->buckets[i];

            t->buckets[i] = n->hnext;
            n->hnext = b[n->hash & (nb - 1)];
            b[n->hash & (nb - 1)] = n;
        }
    free(t->buckets);
    t->buckets = b;
    t->nbuckets = nb;
}

struct xsd_node *xsd_table_get(const struct xsd_table *t, const char *path)
{
    uint32_t h = path_hash(path);
    struct xsd_node *n;

    for ( n = t->buckets[h & (t->nbuckets - 1)]; n; n = n->hnext )
        if ( n->hash == h && !strcmp(n->path, path) )
            return n;
    return NULL;
}

struct xsd_node *xsd_table_take(struct xsd_table *t, const char *path)
{
    uint32_t h = path_hash(path);
    struct xsd_node **pp, *n;

    for ( pp = &t->buckets[h & (t->nbuckets - 1)]; (n = *pp); pp = &n->hnext )
        if ( n->hash == h && !strcmp(n->path, path) )
        {
            *pp = n->hnext;
            n->hnext = NULL;
            t->count--;
            return n;
        }
    return NULL;
}

void xsd_table_put(struct xsd_table *t, struct xsd_node *n)
{
    struct xsd_node *old = xsd_table_take(t, n->path);

    xsd_node_free(old);
    if ( t->count + 1 > t->nbuckets )
        table_grow(t);
    n->hnext = t->buckets[n->hash & (t->nbuckets - 1)];
    t->buckets[n->hash & (t->nbuckets - 1)] = n;
    t->count++;
}

struct xsd_node *xsd_node_new(const char *path)
{
    struct xsd_node *n = calloc(1, sizeof(*n));

    if ( !n )
        return NULL;
    n->path = strdup(path);
    if ( !n->path )
    {
        free(n);
        return NULL;
    }
    n->hash = path_hash(path);
    return n;
}

static void *dup_bytes(const void *p, size_t len)
{
    void *q;

    if ( !len )
        return NULL;
    q = malloc(len);
    if ( q )
        memcpy(q, p, len);
    return q;
}

struct xsd_node *xsd_node_copy(const struct xsd_node *src, const char *path)
{
    struct xsd_node *n = xsd_node_new(path ? path : src->path);

    if ( !n )
        return NULL;
    n->deleted = src->deleted;
    n->gen = src->gen;
    n->vlen = src->vlen;
    n->nperms = src->nperms;
    n->clen = src->clen;
    n->value = dup_bytes(src->value, src->vlen);
    n->perms = dup_bytes(src->perms, src->nperms * sizeof(*src->perms));
    n->children = dup_bytes(src->children, src->clen);
    if ( (src->vlen && !n->value) || (src->nperms && !n->perms) || (src->clen && !n->children) )
    {
        xsd_node_free(n);
        return NULL;
    }
    return n;
}

void xsd_node_free(struct xsd_node *n)
{
    if ( !n )
        return;
    free(n->path);
    free(n->value);
    free(n->perms);
    free(n->children);
    free(n);
}

int xsd_node_set_value(struct xsd_node *n, const void *v, uint32_t len)
{
    void *p = dup_bytes(v, len);

    if ( len && !p )
        return -ENOMEM;
    free(n->value);
    n->value = p;
    n->vlen = len;
    return 0;
}

/* Offset of child @name in @n's list, or -1. */
static long child_find(const struct xsd_node *n, const char *name)
{
    uint32_t off = 0;

    while ( off < n->clen )
    {
        size_t l = strlen(n->children + off);

        if ( !strcmp(n->children + off, name) )
            return off;
        off += l + 1;
    }
    return -1;
}

int xsd_node_add_child(struct xsd_node *n, const char *name)
{
    size_t l = strlen(name) + 1;
    char *c;

    if ( child_find(n, name) >= 0 )
        return 0;
    c = realloc(n->children, n->clen + l);
    if ( !c )
        return -ENOMEM;
    memcpy(c + n->clen, name, l);
    n->children = c;
    n->clen += l;
    return 0;
}

void xsd_node_del_child(struct xsd_node *n, const char *name)
{
    long off = child_find(n, name);
    size_t l;

    if ( off < 0 )
        return;
    l = strlen(name) + 1;
    memmove(n->children + off, n->children + off + l, n->clen - off - l);
    n->clen -= l;
    if ( !n->clen )
    {
        free(n->children);
        n->children = NULL;
    }
}
