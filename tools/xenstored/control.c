/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * XS_CONTROL commands (xenstore-control): help, print, log, quota, restrict,
 * live-update. Only privileged connections get here.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xenstored.h"

/** The control arguments: command then its strings. */
struct cargs {
    const char *v[8];
    unsigned int n;
};

static int reply(char *out, size_t outlen, size_t *len, const char *s)
{
    size_t l = strlen(s) + 1;

    if ( l > outlen )
        return -E2BIG;
    memcpy(out, s, l);
    *len = l;
    return 0;
}

static int c_help(struct xsd_ctx *x, struct cargs *a, char *out, size_t ol, size_t *len)
{
    (void)x;
    (void)a;
    return reply(out, ol, len,
                 "Available commands:\n"
                 "help\n"
                 "print <string>\n"
                 "log on|off\n"
                 "quota\n"
                 "restrict <domid>\n"
                 "live-update -f <file> | -s [-F] [-t <timeout>] | -a\n");
}

static int c_print(struct xsd_ctx *x, struct cargs *a, char *out, size_t ol, size_t *len)
{
    if ( a->n < 2 )
        return -EINVAL;
    xsd_log(x->d, "control: %s", a->v[1]);
    return reply(out, ol, len, "OK");
}

static int c_log(struct xsd_ctx *x, struct cargs *a, char *out, size_t ol, size_t *len)
{
    if ( a->n < 2 || (strcmp(a->v[1], "on") && strcmp(a->v[1], "off")) )
        return -EINVAL;
    x->d->verbose = !strcmp(a->v[1], "on");
    return reply(out, ol, len, "OK");
}

static int c_quota(struct xsd_ctx *x, struct cargs *a, char *out, size_t ol, size_t *len)
{
    const struct xsd_quota *q = &x->d->quota;
    int n;

    (void)a;
    n = snprintf(out, ol,
                 "Quota settings:\n"
                 "nodes:             %u\n"
                 "node-size:         %u\n"
                 "watches:           %u\n"
                 "transactions:      %u\n"
                 "permissions:       %u\n"
                 "path-max:          %u\n"
                 "transaction-nodes: %u\n"
                 "outstanding:       %u\n",
                 q->nodes, q->node_size, q->watches, q->txns, q->perms, q->path_max, q->tx_nodes,
                 q->outstanding);
    if ( n < 0 || (size_t)n >= ol )
        return -E2BIG;
    *len = (size_t)n + 1;
    return 0;
}

/* Make this connection act as an unprivileged domain (tests, debugging). */
static int c_restrict(struct xsd_ctx *x, struct cargs *a, char *out, size_t ol, size_t *len)
{
    char *end;
    unsigned long id;

    if ( a->n < 2 )
        return -EINVAL;
    id = strtoul(a->v[1], &end, 10);
    if ( *end || a->v[1][0] < '0' || a->v[1][0] > '9' || id == 0 || id >= 0x7ff0 )
        return -EINVAL;
    x->c->domid = id;
    x->c->privileged = false;
    return reply(out, ol, len, "OK");
}

static int c_live_update(struct xsd_ctx *x, struct cargs *a, char *out, size_t ol, size_t *len,
                         uint32_t req_id)
{
    unsigned int i;

    if ( a->n < 2 )
        return -EINVAL;
    if ( !strcmp(a->v[1], "-f") )
    {
        if ( a->n < 3 || access(a->v[2], X_OK) )
            return -EINVAL;
        free(x->d->lu_binary);
        x->d->lu_binary = strdup(a->v[2]);
        return x->d->lu_binary ? reply(out, ol, len, "OK") : -ENOMEM;
    }
    if ( !strcmp(a->v[1], "-a") )
    {
        free(x->d->lu_binary);
        x->d->lu_binary = NULL;
        return reply(out, ol, len, "OK");
    }
    if ( !strcmp(a->v[1], "-c") )
        return reply(out, ol, len, "OK"); /* one daemon command line is kept: ours */
    if ( !strcmp(a->v[1], "-s") )
    {
        for ( i = 2; i < a->n; i++ )
            if ( strcmp(a->v[i], "-F") && strcmp(a->v[i], "-t") &&
                 strspn(a->v[i], "0123456789") != strlen(a->v[i]) )
                return -EINVAL;
        if ( !x->d->lu_binary )
            return reply(out, ol, len, "No binary given: use -f <file> first");
        x->d->lu_pending = true;
        x->c->lu_waiting = true;
        x->c->lu_req_id = req_id;
        return 0;
    }
    return -EINVAL;
}

int xsd_control(struct xsd_ctx *x, const struct xsd_sockmsg *h, const char *body, char *out,
                size_t outlen, size_t *len)
{
    struct cargs a = {.n = 0};
    size_t off = 0;

    if ( !h->len || body[h->len - 1] )
        return -EINVAL;
    while ( off < h->len && a.n < 8 )
    {
        a.v[a.n++] = body + off;
        off += strlen(body + off) + 1;
    }
    if ( !strcmp(a.v[0], "help") )
        return c_help(x, &a, out, outlen, len);
    if ( !strcmp(a.v[0], "print") )
        return c_print(x, &a, out, outlen, len);
    if ( !strcmp(a.v[0], "log") )
        return c_log(x, &a, out, outlen, len);
    if ( !strcmp(a.v[0], "quota") )
        return c_quota(x, &a, out, outlen, len);
    if ( !strcmp(a.v[0], "restrict") )
        return c_restrict(x, &a, out, outlen, len);
    if ( !strcmp(a.v[0], "live-update") )
        return c_live_update(x, &a, out, outlen, len, h->req_id);
    return -EINVAL;
}
