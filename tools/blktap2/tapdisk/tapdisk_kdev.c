/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel side of tapdisk's export: /dev/nbdMINOR connected (ioctl interface of the
 * nbd module) to one end of a socket pair whose other end is served like any NBD client,
 * so that blkback can hand the device to a domU; and the backend's `sectors` node in
 * xenstore rewritten after an online resize.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/nbd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <xenstore.h>

#include "tapdisk.h"

/** The thread the kernel borrows: NBD_DO_IT returns when the device is disconnected. */
static void *kdev_run(void *arg)
{
    struct td_kdev *k = arg;

    ioctl(k->fd, NBD_DO_IT);
    ioctl(k->fd, NBD_CLEAR_QUE);
    ioctl(k->fd, NBD_CLEAR_SOCK);
    return NULL;
}

int td_kdev_connect(struct td_server *s, char *err, size_t errlen)
{
    struct td_kdev *k = &s->kdev;
    int sv[2] = {-1, -1};
    const char *what;

    if ( k->running )
        return snprintf(err, errlen, "%s already connected", k->path), -1;
    if ( s->minor < 0 || !s->open )
        return snprintf(err, errlen, "attach a minor and open an image first"), -1;
    snprintf(k->path, sizeof(k->path), "/dev/nbd%d", s->minor);
    k->fd = open(k->path, O_RDWR | O_CLOEXEC);
    if ( k->fd < 0 )
    {
        snprintf(err, errlen, "%s: %s (is the nbd module loaded? modprobe nbd)", k->path,
                 strerror(errno));
        return -1;
    }
    what = "socketpair";
    if ( socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) )
        goto fail;
    what = "NBD_SET_BLKSIZE";
    if ( ioctl(k->fd, NBD_SET_BLKSIZE, 512ul) )
        goto fail;
    what = "NBD_SET_SIZE";
    if ( ioctl(k->fd, NBD_SET_SIZE, (unsigned long)s->image.size) )
        goto fail;
    what = "NBD_SET_FLAGS";
    if ( ioctl(k->fd, NBD_SET_FLAGS, (unsigned long)td_nbd_export_flags(s)) )
        goto fail;
    what = "NBD_SET_SOCK (device in use?)";
    if ( ioctl(k->fd, NBD_SET_SOCK, (unsigned long)sv[1]) )
        goto fail;
    what = "out of memory";
    if ( td_nbd_adopt(s, sv[0]) )
    {
        ioctl(k->fd, NBD_CLEAR_SOCK);
        goto fail;
    }
    sv[0] = -1; /* the client owns it now */
    k->sock = sv[1];
    what = "pthread_create";
    if ( (errno = pthread_create(&k->thread, NULL, kdev_run, k)) )
    {
        ioctl(k->fd, NBD_CLEAR_SOCK);
        sv[1] = -1;
        k->sock = -1;
        td_kdev_disconnect(s);
        snprintf(err, errlen, "%s: %s: %s", k->path, what, strerror(errno));
        return -1;
    }
    k->running = true;
    return 0;
fail:
    snprintf(err, errlen, "%s: %s: %s", k->path, what, strerror(errno));
    if ( sv[0] >= 0 )
        close(sv[0]);
    if ( sv[1] >= 0 )
        close(sv[1]);
    close(k->fd);
    k->fd = -1;
    return -1;
}

void td_kdev_disconnect(struct td_server *s)
{
    struct td_kdev *k = &s->kdev;

    if ( k->fd < 0 )
        return;
    if ( k->running )
    {
        ioctl(k->fd, NBD_DISCONNECT);
        /* Closing our end ends NBD_DO_IT even if the kernel is not waiting for replies. */
        td_nbd_drop_all(s);
        ioctl(k->fd, NBD_CLEAR_SOCK);
        pthread_join(k->thread, NULL);
        k->running = false;
    }
    if ( k->sock >= 0 )
        close(k->sock);
    k->sock = -1;
    close(k->fd);
    k->fd = -1;
}

int td_kdev_resize(struct td_server *s)
{
    if ( !s->kdev.running )
        return 0;
    return ioctl(s->kdev.fd, NBD_SET_SIZE, (unsigned long)s->image.size) ? -errno : 0;
}

int td_xs_update_sectors(struct td_server *s, char *err, size_t errlen)
{
    struct xs_handle *h;
    char path[4200], val[32], *state = NULL;
    unsigned int len = 0;
    xs_transaction_t t;
    int rc = -1;

    /* Only a change of size is news for the frontend (a snapshot's child has the same). */
    if ( !s->backend || s->image.size == s->xs_size )
        return 0;
    h = xs_open(0);
    if ( !h )
    {
        const char *sock = getenv("XENSTORED_PATH");

        snprintf(err, errlen, "xenstore: cannot connect to %s: %s",
                 sock ? sock : "xenstored (default socket)", strerror(errno));
        return -1;
    }
    for ( int tries = 0; tries < 16; tries++ )
    {
        bool ok;

        t = xs_transaction_start(h);
        if ( t == XBT_NULL )
            break;
        snprintf(path, sizeof(path), "%s/sectors", s->backend);
        snprintf(val, sizeof(val), "%llu", (unsigned long long)(s->image.size >> 9));
        ok = xs_write(h, t, path, val, (unsigned int)strlen(val));
        /* As blkback does: rewrite its state so the frontend's watch fires and it looks. */
        snprintf(path, sizeof(path), "%s/state", s->backend);
        free(state);
        state = ok ? xs_read(h, t, path, &len) : NULL;
        if ( state )
            ok = xs_write(h, t, path, state, len);
        if ( xs_transaction_end(h, t, !ok) && ok )
        {
            rc = 0;
            s->xs_size = s->image.size;
            break;
        }
        if ( !ok || errno != EAGAIN )
            break;
    }
    if ( rc )
        snprintf(err, errlen, "xenstore: %s/sectors: %s", s->backend, strerror(errno));
    free(state);
    xs_close(h);
    return rc;
}
