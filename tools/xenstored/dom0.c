/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dom0's kernel connection: the store page and event channel a Linux dom0
 * sets aside for a local xenstored, reached through /dev/xen/xenbus_backend
 * (mmap for the page, an ioctl for the port) and /dev/xen/evtchn.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ring.h"
#include "xenstored.h"

#define XENBUS_BACKEND_DEV "/dev/xen/xenbus_backend"
#define EVTCHN_DEV         "/dev/xen/evtchn"
#define STORE_PAGE_SIZE    4096

/* Linux's device interfaces (include/uapi/xen/xenbus_dev.h and evtchn.h). */
#define IOCTL_XENBUS_BACKEND_EVTCHN _IOC(_IOC_NONE, 'B', 0, 0)
struct dom0_evtchn_bind_interdomain {
    unsigned int remote_domain, remote_port;
};
struct dom0_evtchn_notify {
    unsigned int port;
};
#define IOCTL_EVTCHN_BIND_INTERDOMAIN \
    _IOC(_IOC_NONE, 'E', 1, sizeof(struct dom0_evtchn_bind_interdomain))
#define IOCTL_EVTCHN_NOTIFY _IOC(_IOC_NONE, 'E', 4, sizeof(struct dom0_evtchn_notify))

/** The ring of dom0's kernel: the mapped page and our end of its event channel. */
struct dom0_ring {
    struct xsd_ring_conn ring; /* first: the transport sees only this */
    int evtchn;                /* /dev/xen/evtchn, also the connection's fd */
    uint32_t local_port;       /* our port, bound to the kernel's */
};

static void dom0_kick(struct xsd_ring_conn *r)
{
    struct dom0_ring *d0 = (struct dom0_ring *)r;
    struct dom0_evtchn_notify n = {.port = d0->local_port};

    ioctl(d0->evtchn, IOCTL_EVTCHN_NOTIFY, &n);
}

/* Take every pending event off the device and unmask the port again. */
static void dom0_ack(struct xsd_ring_conn *r)
{
    struct dom0_ring *d0 = (struct dom0_ring *)r;
    uint32_t ports[16];
    ssize_t n;

    while ( (n = read(d0->evtchn, ports, sizeof(ports))) > 0 )
        if ( write(d0->evtchn, ports, n) != n )
            break;
}

static void dom0_release(struct xsd_ring_conn *r)
{
    munmap(r->intf, STORE_PAGE_SIZE);
    free(r);
}

/* Map the kernel's store page: the ring state of a connection over @evtchn. */
static int dom0_map(struct xsd_daemon *d, int evtchn, uint32_t local_port, struct dom0_ring **out)
{
    struct dom0_ring *d0 = NULL;
    void *page = MAP_FAILED;
    int fd, rc;

    fd = open(XENBUS_BACKEND_DEV, O_RDWR | O_CLOEXEC);
    if ( fd < 0 )
    {
        rc = -errno;
        xsd_log(d, "dom0: %s: %s", XENBUS_BACKEND_DEV, strerror(errno));
        goto out;
    }
    page = mmap(NULL, STORE_PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if ( page == MAP_FAILED )
    {
        rc = -errno;
        xsd_log(d, "dom0: %s: cannot map the store page: %s", XENBUS_BACKEND_DEV, strerror(errno));
        goto out;
    }
    d0 = calloc(1, sizeof(*d0));
    if ( !d0 )
    {
        rc = -ENOMEM;
        goto out;
    }
    d0->ring.intf = page;
    d0->ring.kick = dom0_kick;
    d0->ring.ack = dom0_ack;
    d0->ring.release = dom0_release;
    d0->evtchn = evtchn;
    d0->local_port = local_port;
    *out = d0;
    page = MAP_FAILED;
    rc = 0;
out:
    if ( page != MAP_FAILED )
        munmap(page, STORE_PAGE_SIZE);
    if ( fd >= 0 )
        close(fd);
    return rc;
}

/* Make @c (its fd the bound event channel) dom0's kernel connection. */
static int dom0_attach(struct xsd_conn *c, uint32_t local_port, uint32_t port)
{
    struct xsd_domain *dom = xsd_domain_get(c->d, 0, true);
    struct dom0_ring *d0 = NULL;
    int rc;

    if ( !dom )
        return -ENOMEM;
    rc = dom0_map(c->d, c->fd, local_port, &d0);
    if ( rc )
        return rc;
    c->tp = &xsd_ring_transport;
    c->tp_data = d0;
    c->domid = 0;
    c->privileged = true;
    dom->conn = c;
    dom->port = port;
    return 0;
}

bool xsd_dom0_is_kernel(const struct xsd_conn *c)
{
    const struct xsd_ring_conn *r = c->tp_data;

    return c->tp == &xsd_ring_transport && r && r->kick == dom0_kick;
}

void xsd_dom0_save(FILE *f, const struct xsd_conn *c)
{
    const struct dom0_ring *d0 = c->tp_data;
    const struct xsd_domain *dom;

    for ( dom = c->d->domains; dom && dom->conn != c; dom = dom->next )
        ;
    fprintf(f, "dom0ring %u %u\n", d0->local_port, dom ? dom->port : 0);
}

int xsd_dom0_restore(struct xsd_conn *c, uint32_t local_port, uint32_t port)
{
    int rc = dom0_attach(c, local_port, port);

    if ( rc )
        xsd_log(c->d, "dom0: live update: kernel connection lost: %s", strerror(-rc));
    else
        dom0_kick(c->tp_data); /* whatever it sent during the exec is read now */
    return rc;
}

int xsd_dom0_init(struct xsd_daemon *d)
{
    struct dom0_evtchn_bind_interdomain bind = {.remote_domain = 0};
    struct xsd_conn *c;
    int fd = -1, evtchn = -1, r, rc;

    fd = open(XENBUS_BACKEND_DEV, O_RDWR | O_CLOEXEC);
    if ( fd < 0 )
    {
        rc = -errno;
        if ( errno == ENOENT )
            xsd_log(d, "dom0: no %s: not in a Xen dom0, serving sockets only", XENBUS_BACKEND_DEV);
        else
            fprintf(stderr, "xenstored: %s: %s\n", XENBUS_BACKEND_DEV, strerror(errno));
        goto out;
    }
    r = ioctl(fd, IOCTL_XENBUS_BACKEND_EVTCHN, 0);
    if ( r <= 0 )
    {
        rc = r < 0 ? -errno : -ENODEV;
        fprintf(stderr, "xenstored: %s: no store event channel: %s\n", XENBUS_BACKEND_DEV,
                strerror(-rc));
        goto out;
    }
    bind.remote_port = (unsigned int)r;
    evtchn = open(EVTCHN_DEV, O_RDWR | O_CLOEXEC | O_NONBLOCK);
    if ( evtchn < 0 )
    {
        rc = -errno;
        fprintf(stderr, "xenstored: %s: %s\n", EVTCHN_DEV, strerror(errno));
        goto out;
    }
    r = ioctl(evtchn, IOCTL_EVTCHN_BIND_INTERDOMAIN, &bind);
    if ( r < 0 )
    {
        rc = -errno;
        fprintf(stderr, "xenstored: %s: binding dom0's store port %u: %s\n", EVTCHN_DEV,
                bind.remote_port, strerror(errno));
        goto out;
    }
    c = xsd_conn_new(d, &xsd_unix_transport, NULL, evtchn, 0, true);
    if ( !c )
    {
        rc = -ENOMEM;
        goto out;
    }
    evtchn = -1; /* the connection's now */
    rc = dom0_attach(c, (uint32_t)r, bind.remote_port);
    if ( rc )
    {
        fprintf(stderr, "xenstored: dom0's store page: %s\n", strerror(-rc));
        xsd_conn_free(c); /* closes the event channel */
        goto out;
    }
    xsd_log(d, "dom0: kernel connected on port %u (ours %d)", bind.remote_port, r);
    /* Tell the kernel a daemon is there: it waits for this event to probe xenbus. */
    dom0_kick(c->tp_data);
out:
    if ( evtchn >= 0 )
        close(evtchn);
    if ( fd >= 0 )
        close(fd);
    return rc;
}
