/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The unix-socket transport: dom0's clients (libxenstore, the xenstore-*
 * tools) connect to /run/xenstored/socket and are privileged.
 */
#include <errno.h>
#include <unistd.h>
#include <sys/socket.h>

#include "xenstored.h"

static long unix_read(struct xsd_conn *c, void *buf, size_t len)
{
    ssize_t r = recv(c->fd, buf, len, MSG_DONTWAIT);

    if ( r > 0 )
        return r;
    if ( r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) )
        return 0;
    return -1; /* EOF or error */
}

static long unix_write(struct xsd_conn *c, const void *buf, size_t len)
{
    ssize_t r = send(c->fd, buf, len, MSG_DONTWAIT | MSG_NOSIGNAL);

    if ( r >= 0 )
        return r;
    if ( errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR )
        return 0;
    return -1;
}

static void unix_close(struct xsd_conn *c)
{
    if ( c->fd >= 0 )
        close(c->fd);
    c->fd = -1;
}

const struct xsd_transport xsd_unix_transport = {
    .name = "unix",
    .read = unix_read,
    .write = unix_write,
    .close = unix_close,
};
