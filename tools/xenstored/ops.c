/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One handler per operation, chosen from a table: check the arguments, act,
 * reply. A handler returns 0 with its reply, or -errno for an XS_ERROR.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

#define PATH_BUF (XENSTORE_ABS_PATH_MAX + 64)

/** A request being handled: its arguments and the reply being built. */
struct req {
    struct xsd_ctx x;
    const struct xsd_sockmsg *h;
    const char *body;
    char reply[XENSTORE_PAYLOAD_MAX];
    size_t rlen;
    const char *args[4]; /* the first NUL-terminated strings of the body */
    unsigned int nargs;
    bool fire_watch; /* after the reply: the new watch's first event */
    char path[PATH_BUF];
};

/* Split the body into strings; all of it must be NUL-terminated strings. */
static int split_args(struct req *r, unsigned int want)
{
    size_t off = 0, len = r->h->len;

    if ( !len || r->body[len - 1] )
        return -EINVAL;
    r->nargs = 0;
    while ( off < len && r->nargs < 4 )
    {
        r->args[r->nargs++] = r->body + off;
        off += strlen(r->body + off) + 1;
    }
    return r->nargs < want ? -EINVAL : 0;
}

static int reply_str(struct req *r, const char *s)
{
    size_t l = strlen(s) + 1;

    if ( l > sizeof(r->reply) )
        return -E2BIG;
    memcpy(r->reply, s, l);
    r->rlen = l;
    return 0;
}

static int parse_u32(const char *s, uint32_t *v)
{
    char *end;
    unsigned long long n;

    if ( *s < '0' || *s > '9' )
        return -EINVAL;
    errno = 0;
    n = strtoull(s, &end, 10);
    if ( *end || errno || n > UINT32_MAX )
        return -EINVAL;
    *v = (uint32_t)n;
    return 0;
}

/* The first argument as a canonical path that must exist and be readable. */
static int readable_node(struct req *r, const struct xsd_node **n)
{
    int rc = split_args(r, 1);

    if ( !rc )
        rc = xsd_canon_path(&r->x, r->args[0], r->path, sizeof(r->path), false);
    if ( rc )
        return rc;
    *n = xsd_lookup(&r->x, r->path);
    if ( !*n )
        return -ENOENT;
    return xsd_check_perm(&r->x, *n, XSD_PERM_READ);
}

/* READ (the value) or DIRECTORY (the child names) of a readable node. */
static int op_node_data(struct req *r)
{
    const struct xsd_node *n;
    const char *data;
    uint32_t len;
    int rc = readable_node(r, &n);

    if ( rc )
        return rc;
    data = r->h->type == XS_READ ? n->value : n->children;
    len = r->h->type == XS_READ ? n->vlen : n->clen;
    if ( len > sizeof(r->reply) )
        return -E2BIG;
    if ( len )
        memcpy(r->reply, data, len);
    r->rlen = len;
    return 0;
}

static int op_directory_part(struct req *r)
{
    const struct xsd_node *n;
    uint32_t off, end, next;
    int rc = readable_node(r, &n);

    if ( rc )
        return rc;
    if ( r->nargs < 2 || parse_u32(r->args[1], &off) || off > n->clen )
        return -EINVAL;
    r->rlen = (size_t)snprintf(r->reply, sizeof(r->reply), "%" PRIu64, n->gen) + 1;
    /* Whole names only; one more NUL after the last part. */
    for ( end = off; end < n->clen; end = next )
    {
        next = end + strlen(n->children + end) + 1;
        if ( r->rlen + (next - off) + 1 > sizeof(r->reply) )
            break;
    }
    if ( end > off )
        memcpy(r->reply + r->rlen, n->children + off, end - off);
    r->rlen += end - off;
    if ( end == n->clen )
        r->reply[r->rlen++] = 0;
    return 0;
}

static int op_get_perms(struct req *r)
{
    static const char letters[] = "nrwb";
    const struct xsd_node *n;
    uint32_t i;
    int rc = readable_node(r, &n);

    if ( rc )
        return rc;
    r->rlen = 0;
    for ( i = 0; i < n->nperms; i++ )
        r->rlen += (size_t)snprintf(r->reply + r->rlen, sizeof(r->reply) - r->rlen, "%c%" PRIu32,
                                    letters[n->perms[i].perm & 3], n->perms[i].domid) +
                   1;
    return r->rlen > sizeof(r->reply) ? -E2BIG : 0;
}

static int op_write(struct req *r)
{
    size_t plen = strnlen(r->body, r->h->len);
    int rc;

    if ( plen == r->h->len )
        return -EINVAL;
    rc = xsd_canon_path(&r->x, r->body, r->path, sizeof(r->path), false);
    if ( !rc )
        rc = xsd_do_write(&r->x, r->path, r->body + plen + 1, r->h->len - plen - 1);
    return rc ? rc : reply_str(r, "OK");
}

static int path_arg(struct req *r)
{
    int rc = split_args(r, 1);

    return rc ? rc : xsd_canon_path(&r->x, r->args[0], r->path, sizeof(r->path), false);
}

static int op_mkdir(struct req *r)
{
    int rc = path_arg(r);

    if ( !rc )
        rc = xsd_do_mkdir(&r->x, r->path);
    return rc ? rc : reply_str(r, "OK");
}

static int op_rm(struct req *r)
{
    int rc = path_arg(r);

    if ( !rc )
        rc = xsd_do_rm(&r->x, r->path);
    return rc ? rc : reply_str(r, "OK");
}

static int op_set_perms(struct req *r)
{
    struct xsd_perm *p = NULL;
    uint32_t np = 0;
    size_t plen;
    int rc = path_arg(r);

    if ( rc )
        return rc;
    plen = strlen(r->body) + 1;
    rc = xsd_perms_parse(r->body + plen, r->h->len - plen, &p, &np);
    if ( !rc )
        rc = xsd_do_set_perms(&r->x, r->path, p, np);
    free(p);
    return rc ? rc : reply_str(r, "OK");
}

static int op_watch(struct req *r)
{
    int rc = split_args(r, 2);

    if ( !rc )
        rc = xsd_canon_path(&r->x, r->args[0], r->path, sizeof(r->path), true);
    if ( !rc )
        rc =
            xsd_watch_add(&r->x, r->path, r->args[1], r->args[0][0] != '/' && r->args[0][0] != '@');
    if ( rc )
        return rc;
    r->fire_watch = true;
    return reply_str(r, "OK");
}

static int op_unwatch(struct req *r)
{
    int rc = split_args(r, 2);

    if ( !rc )
        rc = xsd_canon_path(&r->x, r->args[0], r->path, sizeof(r->path), true);
    if ( !rc )
        rc = xsd_watch_del(&r->x, r->path, r->args[1]);
    return rc ? rc : reply_str(r, "OK");
}

static int op_transaction_start(struct req *r)
{
    uint32_t id;
    int rc;

    if ( r->h->tx_id )
        return -EBUSY;
    rc = xsd_txn_start(&r->x, &id);
    if ( rc )
        return rc;
    r->rlen = (size_t)snprintf(r->reply, sizeof(r->reply), "%" PRIu32, id) + 1;
    return 0;
}

static int op_transaction_end(struct req *r)
{
    int rc = split_args(r, 1);

    if ( rc )
        return rc;
    if ( !r->x.tx )
        return -ENOENT;
    if ( strcmp(r->args[0], "T") && strcmp(r->args[0], "F") )
        return -EINVAL;
    rc = xsd_txn_end(&r->x, r->args[0][0] == 'T');
    r->x.tx = NULL;
    return rc ? rc : reply_str(r, "OK");
}

static int domid_arg(struct req *r, unsigned int want, uint32_t *v)
{
    int rc = split_args(r, want);
    unsigned int i;

    for ( i = 0; !rc && i < want; i++ )
        rc = parse_u32(r->args[i], &v[i]);
    return rc;
}

static int op_introduce(struct req *r)
{
    uint32_t v[3];
    unsigned long long mfn;
    char *end;
    int rc = split_args(r, 3);

    if ( rc || parse_u32(r->args[0], &v[0]) || parse_u32(r->args[2], &v[2]) )
        return -EINVAL;
    errno = 0;
    mfn = strtoull(r->args[1], &end, 10);
    if ( *end || errno || r->args[1][0] < '0' || r->args[1][0] > '9' )
        return -EINVAL;
    rc = xsd_introduce(&r->x, v[0], mfn, v[2]);
    return rc ? rc : reply_str(r, "OK");
}

static int op_release(struct req *r)
{
    uint32_t domid;
    int rc = domid_arg(r, 1, &domid);

    if ( !rc )
        rc = xsd_release(&r->x, domid);
    return rc ? rc : reply_str(r, "OK");
}

static int op_resume(struct req *r)
{
    uint32_t domid;
    struct xsd_domain *dom;
    int rc = domid_arg(r, 1, &domid);

    if ( rc )
        return rc;
    dom = xsd_domain_get(r->x.d, domid, false);
    if ( !dom || !dom->introduced )
        return -ENOENT;
    return reply_str(r, "OK");
}

static int op_set_target(struct req *r)
{
    uint32_t v[2];
    struct xsd_domain *dom;
    int rc = domid_arg(r, 2, v);

    if ( rc )
        return rc;
    dom = xsd_domain_get(r->x.d, v[0], false);
    if ( !dom || !dom->introduced )
        return -ENOENT;
    dom->target = v[1];
    return reply_str(r, "OK");
}

static int op_get_domain_path(struct req *r)
{
    uint32_t domid;
    int rc = domid_arg(r, 1, &domid);

    if ( rc )
        return rc;
    r->rlen = (size_t)snprintf(r->reply, sizeof(r->reply), "/local/domain/%" PRIu32, domid) + 1;
    return 0;
}

static int op_is_domain_introduced(struct req *r)
{
    uint32_t domid;
    struct xsd_domain *dom;
    int rc = domid_arg(r, 1, &domid);

    if ( rc )
        return rc;
    dom = xsd_domain_get(r->x.d, domid, false);
    return reply_str(r, domid == 0 || (dom && dom->introduced) ? "T" : "F");
}

static int op_reset_watches(struct req *r)
{
    struct xsd_txn *t;

    xsd_watch_free_all(r->x.c);
    while ( (t = r->x.c->txns) )
    {
        r->x.c->txns = t->next;
        xsd_txn_free(t);
    }
    r->x.c->ntxns = 0;
    return reply_str(r, "OK");
}

static int op_control(struct req *r)
{
    return xsd_control(&r->x, r->h, r->body, r->reply, sizeof(r->reply), &r->rlen);
}

/** Operation table: handler, whether dom0 only, whether it runs in a transaction. */
static const struct op_desc {
    int (*fn)(struct req *r);
    bool privileged;
    bool in_txn;
} ops[XS_TYPE_COUNT] = {
    [XS_CONTROL] = {op_control, true, false},
    [XS_DIRECTORY] = {op_node_data, false, true},
    [XS_READ] = {op_node_data, false, true},
    [XS_GET_PERMS] = {op_get_perms, false, true},
    [XS_WATCH] = {op_watch, false, false},
    [XS_UNWATCH] = {op_unwatch, false, false},
    [XS_TRANSACTION_START] = {op_transaction_start, false, false},
    [XS_TRANSACTION_END] = {op_transaction_end, false, true},
    [XS_INTRODUCE] = {op_introduce, true, false},
    [XS_RELEASE] = {op_release, true, false},
    [XS_GET_DOMAIN_PATH] = {op_get_domain_path, false, false},
    [XS_WRITE] = {op_write, false, true},
    [XS_MKDIR] = {op_mkdir, false, true},
    [XS_RM] = {op_rm, false, true},
    [XS_SET_PERMS] = {op_set_perms, false, true},
    [XS_IS_DOMAIN_INTRODUCED] = {op_is_domain_introduced, false, false},
    [XS_RESUME] = {op_resume, true, false},
    [XS_SET_TARGET] = {op_set_target, true, false},
    [XS_RESET_WATCHES] = {op_reset_watches, false, false},
    [XS_DIRECTORY_PART] = {op_directory_part, false, true},
};

/* The first event of a new watch, to its connection only, after the reply. */
static void send_first_event(struct xsd_conn *c, const struct req *r)
{
    const char *p = r->args[0][0] == '/' || r->args[0][0] == '@' ? r->path : r->args[0];
    char buf[XENSTORE_PAYLOAD_MAX];
    size_t pl = strlen(p) + 1, tl = strlen(r->args[1]) + 1;

    if ( pl + tl > sizeof(buf) )
        return;
    memcpy(buf, p, pl);
    memcpy(buf + pl, r->args[1], tl);
    xsd_conn_send(c, XS_WATCH_EVENT, 0, 0, buf, pl + tl);
}

void xsd_process(struct xsd_conn *c, const struct xsd_sockmsg *h, const char *body)
{
    struct req *r = calloc(1, sizeof(*r));
    const struct op_desc *op = h->type < XS_TYPE_COUNT ? &ops[h->type] : NULL;
    struct xsd_daemon *d = c->d;
    const char *e;
    int rc;

    if ( !r )
    {
        c->dead = true;
        return;
    }
    r->x.d = d;
    r->x.c = c;
    r->h = h;
    r->body = body;
    if ( !op || !op->fn )
        rc = -ENOSYS;
    else if ( op->privileged && !c->privileged )
        rc = -EACCES;
    else
    {
        rc = 0;
        if ( op->in_txn && h->tx_id )
        {
            r->x.tx = xsd_txn_find(c, h->tx_id);
            if ( !r->x.tx )
                rc = -ENOENT;
            else if ( d->quota.tx_nodes && !c->privileged &&
                      r->x.tx->seen.count + r->x.tx->overlay.count > d->quota.tx_nodes )
                rc = -ENOSPC;
        }
        if ( !rc )
            rc = op->fn(r);
    }
    if ( rc == 0 && h->type == XS_CONTROL && c->lu_waiting && c->lu_req_id == h->req_id )
        ; /* live update: the reply comes from the new daemon */
    else if ( rc == 0 )
        xsd_conn_send(c, h->type, h->req_id, h->tx_id, r->reply, r->rlen);
    else
    {
        e = xsd_errname(-rc);
        xsd_conn_send(c, XS_ERROR, h->req_id, h->tx_id, e, strlen(e) + 1);
    }
    if ( r->fire_watch )
        send_first_event(c, r);
    free(r);
}
