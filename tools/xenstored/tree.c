/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The node tree as one request sees it: path rules, permission checks, and
 * write/mkdir/rm/set-perms, directly or inside a transaction's overlay.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

#define DOMAIN_HOME_MAX 32

static bool path_char_ok(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '-' || ch == '/' || ch == '_' || ch == '@';
}

int xsd_canon_path(struct xsd_ctx *x, const char *in, char *out, size_t outlen, bool allow_special)
{
    size_t inlen = strlen(in), i, max = XENSTORE_ABS_PATH_MAX;
    int n = 0;

    if ( x->d->quota.path_max && !x->c->privileged && x->d->quota.path_max < max )
        max = x->d->quota.path_max;
    if ( in[0] == '@' )
    {
        if ( !allow_special || (strcmp(in, "@introduceDomain") && strcmp(in, "@releaseDomain")) )
            return -EINVAL;
        if ( inlen + 1 > outlen )
            return -EINVAL;
        memcpy(out, in, inlen + 1);
        return 0;
    }
    if ( in[0] != '/' )
    {
        if ( inlen > XENSTORE_REL_PATH_MAX || !inlen )
            return -EINVAL;
        n = snprintf(out, outlen, "/local/domain/%" PRIu32 "/", x->c->domid);
    }
    if ( n < 0 || (size_t)n + inlen + 1 > outlen || (size_t)n + inlen > max )
        return -EINVAL;
    memcpy(out + n, in, inlen + 1);
    for ( i = 0; out[i]; i++ )
    {
        if ( !path_char_ok(out[i]) || out[i] == '@' )
            return -EINVAL;
        if ( out[i] == '/' && out[i + 1] == '/' )
            return -EINVAL;
    }
    if ( i > 1 && out[i - 1] == '/' )
        return -EINVAL;
    return 0;
}

/* Remember the generation a transaction first saw at @path. */
static int txn_saw(struct xsd_ctx *x, const char *path, const struct xsd_node *main)
{
    struct xsd_node *s;

    if ( xsd_table_get(&x->tx->seen, path) )
        return 0;
    s = xsd_node_new(path);
    if ( !s )
        return -ENOMEM;
    s->gen = main ? main->gen : 0;
    xsd_table_put(&x->tx->seen, s);
    return 0;
}

const struct xsd_node *xsd_lookup(struct xsd_ctx *x, const char *path)
{
    struct xsd_node *n;

    if ( !x->tx )
        return xsd_table_get(&x->d->nodes, path);
    n = xsd_table_get(&x->tx->overlay, path);
    if ( n )
        return n->deleted ? NULL : n;
    n = xsd_table_get(&x->d->nodes, path);
    txn_saw(x, path, n);
    return n;
}

/* A node the request may change: in a transaction, the overlay's copy. */
static struct xsd_node *lookup_mut(struct xsd_ctx *x, const char *path)
{
    const struct xsd_node *n = xsd_lookup(x, path);
    struct xsd_node *m;

    if ( !n || !x->tx )
        return (struct xsd_node *)n;
    m = xsd_table_get(&x->tx->overlay, path);
    if ( m )
        return m;
    m = xsd_node_copy(n, NULL);
    if ( m )
        xsd_table_put(&x->tx->overlay, m);
    return m;
}

static void touch(struct xsd_ctx *x, struct xsd_node *n)
{
    if ( !x->tx )
        n->gen = ++x->d->gen;
}

static uint32_t perm_for(const struct xsd_node *n, uint32_t domid)
{
    uint32_t i;

    if ( !n->nperms )
        return XSD_PERM_NONE;
    if ( n->perms[0].domid == domid )
        return XSD_PERM_BOTH;
    for ( i = 1; i < n->nperms; i++ )
        if ( n->perms[i].domid == domid )
            return n->perms[i].perm;
    return n->perms[0].perm;
}

int xsd_check_perm(struct xsd_ctx *x, const struct xsd_node *n, uint32_t want)
{
    struct xsd_domain *dom;
    uint32_t have;

    if ( x->c->privileged )
        return 0;
    have = perm_for(n, x->c->domid);
    dom = xsd_domain_get(x->d, x->c->domid, false);
    if ( dom && dom->target != UINT32_MAX )
        have |= perm_for(n, dom->target);
    return (want & ~have) ? -EACCES : 0;
}

void xsd_note_change(struct xsd_ctx *x, const char *path, bool removed)
{
    struct xsd_change *ch;

    if ( !x->tx )
    {
        xsd_watch_fire(x->d, path, removed);
        return;
    }
    ch = calloc(1, sizeof(*ch));
    if ( !ch || !(ch->path = strdup(path)) )
    {
        free(ch);
        return;
    }
    ch->removed = removed;
    *x->tx->changes_tail = ch;
    x->tx->changes_tail = &ch->next;
}

static void insert_node(struct xsd_ctx *x, struct xsd_node *n)
{
    if ( x->tx )
    {
        xsd_table_put(&x->tx->overlay, n);
        x->tx->node_delta++;
        return;
    }
    n->gen = ++x->d->gen;
    xsd_domain_account(x->d, n->perms[0].domid, 1);
    xsd_table_put(&x->d->nodes, n);
}

/* Length of the parent part of @path ("/a/b" -> 2, "/a" -> 1). */
static size_t parent_len(const char *path)
{
    const char *s = strrchr(path, '/');

    return s == path ? 1 : (size_t)(s - path);
}

/* Create @path and any missing ancestors; returns the new leaf. */
static int create_path(struct xsd_ctx *x, const char *path, struct xsd_node **leaf)
{
    char buf[XENSTORE_ABS_PATH_MAX + 64];
    size_t plen = parent_len(path);
    struct xsd_node *parent, *n;
    int rc, i;

    memcpy(buf, path, plen);
    buf[plen] = 0;
    parent = lookup_mut(x, buf);
    if ( !parent )
    {
        rc = create_path(x, buf, &parent);
        if ( rc )
            return rc;
    }
    else
    {
        rc = xsd_check_perm(x, parent, XSD_PERM_WRITE);
        if ( rc )
            return rc;
    }
    rc = xsd_quota_check_nodes(x, 1);
    if ( rc )
        return rc;
    n = xsd_node_new(path);
    if ( !n )
        return -ENOMEM;
    n->nperms = parent->nperms;
    n->perms = malloc(n->nperms * sizeof(*n->perms));
    if ( !n->perms )
    {
        xsd_node_free(n);
        return -ENOMEM;
    }
    memcpy(n->perms, parent->perms, n->nperms * sizeof(*n->perms));
    /* A domain owns what it creates. */
    if ( !x->c->privileged )
        n->perms[0].domid = x->c->domid;
    for ( i = 1; i < (int)n->nperms; i++ )
        if ( n->perms[i].domid == n->perms[0].domid )
            n->perms[i].perm = XSD_PERM_BOTH;
    rc = xsd_node_add_child(parent, path + plen + (plen > 1));
    if ( rc )
    {
        xsd_node_free(n);
        return rc;
    }
    touch(x, parent);
    insert_node(x, n);
    *leaf = n;
    return 0;
}

static int size_ok(struct xsd_ctx *x, uint32_t vlen, uint32_t nperms)
{
    if ( x->c->privileged || !x->d->quota.node_size )
        return 0;
    return vlen + nperms * 4 > x->d->quota.node_size ? -ENOSPC : 0;
}

int xsd_do_write(struct xsd_ctx *x, const char *path, const void *val, uint32_t len)
{
    struct xsd_node *n = lookup_mut(x, path);
    int rc;

    if ( n )
    {
        rc = xsd_check_perm(x, n, XSD_PERM_WRITE);
        if ( rc )
            return rc;
    }
    else
    {
        if ( !strcmp(path, "/") )
            return -EINVAL;
        rc = create_path(x, path, &n);
        if ( rc )
            return rc;
    }
    rc = size_ok(x, len, n->nperms);
    if ( rc )
        return rc;
    rc = xsd_node_set_value(n, val, len);
    if ( rc )
        return rc;
    touch(x, n);
    xsd_note_change(x, path, false);
    return 0;
}

int xsd_do_mkdir(struct xsd_ctx *x, const char *path)
{
    struct xsd_node *n;
    int rc;

    if ( xsd_lookup(x, path) )
        return 0;
    rc = create_path(x, path, &n);
    if ( rc )
        return rc;
    xsd_note_change(x, path, false);
    return 0;
}

/* Remove @path and everything below it. */
static int remove_tree(struct xsd_ctx *x, const char *path)
{
    const struct xsd_node *n = xsd_lookup(x, path);
    char *kids, child[XENSTORE_ABS_PATH_MAX + 64];
    uint32_t off, clen;
    int rc = 0;

    if ( !n )
        return 0;
    /* Our own copy: removing children changes nothing here, but be safe. */
    clen = n->clen;
    kids = clen ? malloc(clen) : NULL;
    if ( clen && !kids )
        return -ENOMEM;
    if ( clen )
        memcpy(kids, n->children, clen);
    for ( off = 0; off < clen; off += strlen(kids + off) + 1 )
    {
        snprintf(child, sizeof(child), "%s/%s", strcmp(path, "/") ? path : "", kids + off);
        rc = remove_tree(x, child);
        if ( rc )
            goto out;
    }
    if ( x->tx )
    {
        struct xsd_node *t = xsd_node_new(path);

        if ( !t )
        {
            rc = -ENOMEM;
            goto out;
        }
        t->deleted = true;
        xsd_table_put(&x->tx->overlay, t);
        x->tx->node_delta--;
    }
    else
    {
        struct xsd_node *m = xsd_table_take(&x->d->nodes, path);

        if ( m )
            xsd_domain_account(x->d, m->perms[0].domid, -1);
        xsd_node_free(m);
    }
out:
    free(kids);
    return rc;
}

int xsd_do_rm(struct xsd_ctx *x, const char *path)
{
    char ppath[XENSTORE_ABS_PATH_MAX + 64];
    size_t plen = parent_len(path);
    const struct xsd_node *n;
    struct xsd_node *parent;
    int rc;

    if ( !strcmp(path, "/") )
        return -EINVAL;
    memcpy(ppath, path, plen);
    ppath[plen] = 0;
    n = xsd_lookup(x, path);
    if ( !n )
        return xsd_lookup(x, ppath) ? 0 : -ENOENT;
    rc = xsd_check_perm(x, n, XSD_PERM_WRITE);
    if ( rc )
        return rc;
    parent = lookup_mut(x, ppath);
    if ( !parent )
        return -ENOMEM;
    rc = remove_tree(x, path);
    if ( rc )
        return rc;
    xsd_node_del_child(parent, path + plen + (plen > 1));
    touch(x, parent);
    xsd_note_change(x, path, true);
    return 0;
}

int xsd_do_set_perms(struct xsd_ctx *x, const char *path, const struct xsd_perm *p, uint32_t np)
{
    struct xsd_node *n = lookup_mut(x, path);
    struct xsd_perm *copy;
    int rc;

    if ( !n )
        return -ENOENT;
    if ( !x->c->privileged )
    {
        struct xsd_domain *dom = xsd_domain_get(x->d, x->c->domid, false);
        uint32_t owner = n->perms[0].domid;

        if ( owner != x->c->domid && !(dom && dom->target == owner) )
            return -EACCES;
        if ( p[0].domid != owner )
            return -EPERM;
        if ( x->d->quota.perms && np > x->d->quota.perms )
            return -ENOSPC;
    }
    rc = size_ok(x, n->vlen, np);
    if ( rc )
        return rc;
    copy = malloc(np * sizeof(*copy));
    if ( !copy )
        return -ENOMEM;
    memcpy(copy, p, np * sizeof(*copy));
    if ( !x->tx && n->perms[0].domid != p[0].domid )
    {
        xsd_domain_account(x->d, n->perms[0].domid, -1);
        xsd_domain_account(x->d, p[0].domid, 1);
    }
    free(n->perms);
    n->perms = copy;
    n->nperms = np;
    touch(x, n);
    xsd_note_change(x, path, false);
    return 0;
}

int xsd_perms_parse(const char *s, size_t len, struct xsd_perm **out, uint32_t *n)
{
    struct xsd_perm *p = NULL;
    uint32_t cnt = 0;
    size_t off;

    for ( off = 0; off < len; off += strlen(s + off) + 1 )
    {
        const char *e = s + off;
        char *end;
        unsigned long id;
        uint32_t perm;
        struct xsd_perm *np;

        switch ( e[0] )
        {
        case 'n':
            perm = XSD_PERM_NONE;
            break;
        case 'r':
            perm = XSD_PERM_READ;
            break;
        case 'w':
            perm = XSD_PERM_WRITE;
            break;
        case 'b':
            perm = XSD_PERM_BOTH;
            break;
        default:
            goto bad;
        }
        if ( e[1] < '0' || e[1] > '9' )
            goto bad;
        errno = 0;
        id = strtoul(e + 1, &end, 10);
        if ( *end || errno || id > 0xffff )
            goto bad;
        np = realloc(p, (cnt + 1) * sizeof(*p));
        if ( !np )
        {
            free(p);
            return -ENOMEM;
        }
        p = np;
        p[cnt].domid = id;
        p[cnt].perm = perm;
        cnt++;
    }
    if ( !cnt )
        goto bad;
    *out = p;
    *n = cnt;
    return 0;
bad:
    free(p);
    return -EINVAL;
}

int xsd_tree_init(struct xsd_daemon *d)
{
    struct xsd_node *root = xsd_node_new("/");

    if ( !root )
        return -ENOMEM;
    root->perms = calloc(1, sizeof(*root->perms));
    if ( !root->perms )
    {
        xsd_node_free(root);
        return -ENOMEM;
    }
    root->nperms = 1;
    root->gen = ++d->gen;
    xsd_table_put(&d->nodes, root);
    xsd_domain_account(d, 0, 1);
    return 0;
}
