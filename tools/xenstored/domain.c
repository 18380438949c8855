/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domains: INTRODUCE/RELEASE, the @introduceDomain/@releaseDomain events, and
 * per-domain node accounting for the quotas.
 */
#include <errno.h>
#include <stdlib.h>

#include "xenstored.h"

struct xsd_domain *xsd_domain_get(struct xsd_daemon *d, uint32_t domid, bool create)
{
    struct xsd_domain *dom;

    for ( dom = d->domains; dom; dom = dom->next )
        if ( dom->domid == domid )
            return dom;
    if ( !create )
        return NULL;
    dom = calloc(1, sizeof(*dom));
    if ( !dom )
        return NULL;
    dom->domid = domid;
    dom->target = UINT32_MAX;
    dom->next = d->domains;
    d->domains = dom;
    return dom;
}

void xsd_domain_account(struct xsd_daemon *d, uint32_t domid, int64_t delta)
{
    struct xsd_domain *dom = xsd_domain_get(d, domid, true);

    if ( dom )
        dom->nodes += delta;
}

int xsd_quota_check_nodes(struct xsd_ctx *x, int64_t more)
{
    struct xsd_domain *dom;
    int64_t have;

    if ( x->c->privileged || !x->d->quota.nodes )
        return 0;
    dom = xsd_domain_get(x->d, x->c->domid, false);
    have = (dom ? dom->nodes : 0) + (x->tx ? x->tx->node_delta : 0);
    return have + more > (int64_t)x->d->quota.nodes ? -ENOSPC : 0;
}

int xsd_introduce(struct xsd_ctx *x, uint32_t domid, uint64_t mfn, uint32_t port)
{
    struct xsd_domain *dom;
    int rc;

    if ( domid == 0 || domid >= 0x7ff0 )
        return -EINVAL;
    dom = xsd_domain_get(x->d, domid, true);
    if ( !dom )
        return -ENOMEM;
    if ( dom->introduced )
        return dom->mfn == mfn && dom->port == port ? 0 : -EEXIST;
    dom->mfn = mfn;
    dom->port = port;
    if ( x->d->rings )
    {
        rc = xsd_ring_attach(x->d, dom);
        if ( rc )
            return rc;
    }
    dom->introduced = true;
    xsd_log(x->d, "domain %u introduced (mfn %llu, port %u)", domid, (unsigned long long)mfn, port);
    xsd_watch_fire(x->d, "@introduceDomain", false);
    return 0;
}

int xsd_release(struct xsd_ctx *x, uint32_t domid)
{
    struct xsd_domain *dom = xsd_domain_get(x->d, domid, false);
    struct xsd_conn *c;

    if ( domid == 0 )
        return -EINVAL;
    if ( !dom || !dom->introduced )
        return -ENOENT;
    c = dom->conn;
    dom->introduced = false;
    dom->target = UINT32_MAX;
    dom->conn = NULL;
    if ( c )
        c->dead = true;
    xsd_log(x->d, "domain %u released", domid);
    xsd_watch_fire(x->d, "@releaseDomain", false);
    return 0;
}
