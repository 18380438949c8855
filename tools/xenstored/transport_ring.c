/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The shared-ring transport: request and response byte rings in a domain's
 * interface page, with an event-channel kick after moving an index. dom0's
 * kernel uses it (dom0.c maps its page); guests' rings are not attached yet.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "ring.h"
#include "xenstored.h"

long xsd_ring_take(struct xenstore_domain_interface *intf, void *buf, size_t len)
{
    XENSTORE_RING_IDX cons = intf->req_cons, prod = intf->req_prod;
    size_t avail, chunk, done = 0;

    __atomic_thread_fence(__ATOMIC_ACQUIRE); /* see prod before the bytes */
    if ( prod - cons > XENSTORE_RING_SIZE )
        return -1;
    avail = prod - cons;
    while ( done < len && avail )
    {
        chunk = XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(cons);
        if ( chunk > avail )
            chunk = avail;
        if ( chunk > len - done )
            chunk = len - done;
        memcpy((char *)buf + done, intf->req + MASK_XENSTORE_IDX(cons), chunk);
        done += chunk;
        cons += chunk;
        avail -= chunk;
    }
    __atomic_thread_fence(__ATOMIC_RELEASE); /* bytes read before the slot is freed */
    intf->req_cons = cons;
    return (long)done;
}

long xsd_ring_put(struct xenstore_domain_interface *intf, const void *buf, size_t len)
{
    XENSTORE_RING_IDX cons = intf->rsp_cons, prod = intf->rsp_prod;
    size_t space, chunk, done = 0;

    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    if ( prod - cons > XENSTORE_RING_SIZE )
        return -1;
    space = XENSTORE_RING_SIZE - (prod - cons);
    while ( done < len && space )
    {
        chunk = XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(prod);
        if ( chunk > space )
            chunk = space;
        if ( chunk > len - done )
            chunk = len - done;
        memcpy(intf->rsp + MASK_XENSTORE_IDX(prod), (const char *)buf + done, chunk);
        done += chunk;
        prod += chunk;
        space -= chunk;
    }
    __atomic_thread_fence(__ATOMIC_RELEASE); /* bytes visible before prod moves */
    intf->rsp_prod = prod;
    return (long)done;
}

static long ring_read(struct xsd_conn *c, void *buf, size_t len)
{
    struct xsd_ring_conn *r = c->tp_data;
    long n;

    /* The event first: bytes the guest adds after this look raise it again. */
    if ( r->ack )
        r->ack(r);
    n = xsd_ring_take(r->intf, buf, len);

    if ( n < 0 )
    {
        xsd_log(c->d, "connection %p (domain %u): request ring indices impossible, closing",
                (void *)c, c->domid);
        r->intf->error = XENSTORE_ERROR_RINGIDX;
    }
    else if ( n > 0 && r->kick )
        r->kick(r);
    return n;
}

static long ring_write(struct xsd_conn *c, const void *buf, size_t len)
{
    struct xsd_ring_conn *r = c->tp_data;
    long n = xsd_ring_put(r->intf, buf, len);

    if ( n < 0 )
    {
        xsd_log(c->d, "connection %p (domain %u): response ring indices impossible, closing",
                (void *)c, c->domid);
        r->intf->error = XENSTORE_ERROR_RINGIDX;
    }
    else if ( n > 0 && r->kick )
        r->kick(r);
    return n;
}

static void ring_close(struct xsd_conn *c)
{
    struct xsd_ring_conn *r = c->tp_data;

    if ( r && r->release )
        r->release(r);
    c->tp_data = NULL;
    if ( c->fd >= 0 )
        close(c->fd);
    c->fd = -1;
}

const struct xsd_transport xsd_ring_transport = {
    .name = "ring",
    .read = ring_read,
    .write = ring_write,
    .close = ring_close,
    .space_is_event = true,
};

int xsd_ring_attach(struct xsd_daemon *d, struct xsd_domain *dom)
{
    if ( access("/dev/xen/evtchn", R_OK | W_OK) )
    {
        xsd_log(d,
                "domain %u: cannot attach its ring: /dev/xen/evtchn: %s (xenstored must "
                "run in dom0 on Xen; --no-rings records domains without rings)",
                dom->domid, strerror(errno));
        return -EIO;
    }
    xsd_log(d,
            "domain %u: attaching guests' rings (grant-mapped page, interdomain port) is "
            "not implemented yet: no domU runs on our hypervisor yet",
            dom->domid);
    return -ENOSYS;
}
