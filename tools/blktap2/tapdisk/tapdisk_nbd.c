/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * NBD server side: fixed newstyle negotiation (EXPORT_NAME, LIST, INFO, GO, ABORT; other
 * options refused with ERR_UNSUP) and the transmission phase with simple replies (READ,
 * WRITE with FUA, FLUSH, TRIM, WRITE_ZEROES, DISC). Requests are started as they are read
 * and answered as their I/O completes, in any order (the handle matches them up).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <unistd.h>

#include "tapdisk.h"

#define NBD_MAGIC         0x4e42444d41474943ull /* "NBDMAGIC" */
#define NBD_IHAVEOPT      0x49484156454f5054ull /* "IHAVEOPT" */
#define NBD_REP_MAGIC     0x3e889045565a9ull
#define NBD_REQUEST_MAGIC 0x25609513u
#define NBD_REPLY_MAGIC   0x67446698u

#define NBD_FLAG_FIXED_NEWSTYLE 1
#define NBD_FLAG_NO_ZEROES      2

#define NBD_OPT_EXPORT_NAME 1
#define NBD_OPT_ABORT       2
#define NBD_OPT_LIST        3
#define NBD_OPT_INFO        6
#define NBD_OPT_GO          7

#define NBD_REP_ACK         1
#define NBD_REP_SERVER      2
#define NBD_REP_INFO        3
#define NBD_REP_ERR_UNSUP   0x80000001u
#define NBD_REP_ERR_INVALID 0x80000003u

#define NBD_INFO_EXPORT     0
#define NBD_INFO_BLOCK_SIZE 3

#define NBD_TF_HAS_FLAGS    (1u << 0)
#define NBD_TF_READ_ONLY    (1u << 1)
#define NBD_TF_SEND_FLUSH   (1u << 2)
#define NBD_TF_SEND_FUA     (1u << 3)
#define NBD_TF_SEND_TRIM    (1u << 5)
#define NBD_TF_WRITE_ZEROES (1u << 6)
#define NBD_TF_MULTI_CONN   (1u << 8)

#define NBD_CMD_READ         0
#define NBD_CMD_WRITE        1
#define NBD_CMD_DISC         2
#define NBD_CMD_FLUSH        3
#define NBD_CMD_TRIM         4
#define NBD_CMD_WRITE_ZEROES 6
#define NBD_CMD_FLAG_FUA     (1u << 0)

#define NBD_MAX_REQUEST (32u << 20)

static int xread(int fd, void *buf, size_t len)
{
    uint8_t *p = buf;

    while ( len )
    {
        ssize_t r = read(fd, p, len);

        if ( r < 0 && errno == EINTR )
            continue;
        if ( r <= 0 )
            return -1;
        p += r;
        len -= (size_t)r;
    }
    return 0;
}

static int xwrite(int fd, const void *buf, size_t len)
{
    const uint8_t *p = buf;

    while ( len )
    {
        ssize_t r = send(fd, p, len, MSG_NOSIGNAL);

        if ( r < 0 && errno == EINTR )
            continue;
        if ( r <= 0 )
            return -1;
        p += r;
        len -= (size_t)r;
    }
    return 0;
}

uint16_t td_nbd_export_flags(struct td_server *s)
{
    uint16_t f = NBD_TF_HAS_FLAGS | NBD_TF_SEND_FLUSH | NBD_TF_SEND_FUA | NBD_TF_SEND_TRIM |
                 NBD_TF_WRITE_ZEROES | NBD_TF_MULTI_CONN;

    if ( s->image.ro )
        f |= NBD_TF_READ_ONLY;
    return f;
}

static int opt_reply(int fd, uint32_t opt, uint32_t type, const void *data, uint32_t len)
{
    uint8_t h[20];

    vhd_put_be64(h, NBD_REP_MAGIC);
    vhd_put_be32(h + 8, opt);
    vhd_put_be32(h + 12, type);
    vhd_put_be32(h + 16, len);
    if ( xwrite(fd, h, sizeof(h)) || (len && xwrite(fd, data, len)) )
        return -1;
    return 0;
}

/** Reply to INFO/GO: export size and flags, block sizes, then ACK. */
static int opt_info(struct td_server *s, int fd, uint32_t opt)
{
    uint8_t e[12], b[14];

    e[0] = NBD_INFO_EXPORT >> 8;
    e[1] = NBD_INFO_EXPORT & 0xff;
    vhd_put_be64(e + 2, s->image.size);
    e[10] = td_nbd_export_flags(s) >> 8;
    e[11] = td_nbd_export_flags(s) & 0xff;
    b[0] = 0;
    b[1] = NBD_INFO_BLOCK_SIZE;
    vhd_put_be32(b + 2, 512);
    vhd_put_be32(b + 6, 4096);
    vhd_put_be32(b + 10, NBD_MAX_REQUEST);
    if ( opt_reply(fd, opt, NBD_REP_INFO, e, sizeof(e)) ||
         opt_reply(fd, opt, NBD_REP_INFO, b, sizeof(b)) )
        return -1;
    return opt_reply(fd, opt, NBD_REP_ACK, NULL, 0);
}

/** One negotiation option; 1 when transmission starts, 0 to continue, -1 to drop. */
static int negotiate_one(struct td_server *s, struct td_client *c)
{
    uint8_t h[16];
    uint32_t opt, len;
    uint8_t *data = NULL;
    int rc = 0;

    if ( xread(c->fd, h, sizeof(h)) || vhd_be64(h) != NBD_IHAVEOPT )
        return -1;
    opt = vhd_be32(h + 8);
    len = vhd_be32(h + 12);
    if ( len > 65536 )
        return -1;
    data = malloc(len ? len : 1);
    if ( !data || (len && xread(c->fd, data, len)) )
    {
        free(data);
        return -1;
    }
    switch ( opt )
    {
    case NBD_OPT_EXPORT_NAME:
    {
        uint8_t r[10 + 124] = {0};

        vhd_put_be64(r, s->image.size);
        r[8] = td_nbd_export_flags(s) >> 8;
        r[9] = td_nbd_export_flags(s) & 0xff;
        rc = xwrite(c->fd, r, c->no_zeroes ? 10 : sizeof(r)) ? -1 : 1;
        break;
    }
    case NBD_OPT_ABORT:
        opt_reply(c->fd, opt, NBD_REP_ACK, NULL, 0);
        rc = -1;
        break;
    case NBD_OPT_LIST:
    {
        static const char name[] = "tapdisk";
        uint8_t r[4 + sizeof(name) - 1];

        vhd_put_be32(r, sizeof(name) - 1);
        memcpy(r + 4, name, sizeof(name) - 1);
        rc = len ? opt_reply(c->fd, opt, NBD_REP_ERR_INVALID, NULL, 0)
                 : (opt_reply(c->fd, opt, NBD_REP_SERVER, r, sizeof(r)) ||
                    opt_reply(c->fd, opt, NBD_REP_ACK, NULL, 0));
        break;
    }
    case NBD_OPT_INFO:
    case NBD_OPT_GO:
        if ( len < 6 || vhd_be32(data) > len - 6 )
            rc = opt_reply(c->fd, opt, NBD_REP_ERR_INVALID, NULL, 0);
        else
        {
            rc = opt_info(s, c->fd, opt);
            if ( !rc && opt == NBD_OPT_GO )
                rc = 1;
        }
        break;
    default:
        rc = opt_reply(c->fd, opt, NBD_REP_ERR_UNSUP, NULL, 0);
        break;
    }
    free(data);
    return rc;
}

static void client_free(struct td_client *c);

static void drop(struct td_server *s, struct td_client *c)
{
    struct td_client **pp;

    for ( pp = &s->clients; *pp; pp = &(*pp)->next )
        if ( *pp == c )
        {
            *pp = c->next;
            break;
        }
    epoll_ctl(s->epfd, EPOLL_CTL_DEL, c->fd, NULL);
    /* Requests still in flight free it (and close its fd) when they complete. */
    c->dead = true;
    if ( !c->inflight )
        client_free(c);
}

void td_nbd_drop_all(struct td_server *s)
{
    td_io_drain(s);
    while ( s->clients )
        drop(s, s->clients);
}

void td_nbd_watch(struct td_server *s, bool on)
{
    for ( struct td_client *c = s->clients; c; c = c->next )
    {
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};

        epoll_ctl(s->epfd, on ? EPOLL_CTL_ADD : EPOLL_CTL_DEL, c->fd, &ev);
    }
}

void td_nbd_accept(struct td_server *s, int lfd)
{
    int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);

    if ( fd < 0 )
        return;
    if ( !s->open )
    {
        close(fd);
        return;
    }
    /* A client that stops talking mid-message, or stops reading its replies, cannot hold
     * the server forever. */
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &(struct timeval){.tv_sec = 30},
               sizeof(struct timeval));
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &(struct timeval){.tv_sec = 30},
               sizeof(struct timeval));
    td_nbd_greet(s, fd);
}

void td_nbd_greet(struct td_server *s, int fd)
{
    struct td_client *c;
    uint8_t hello[18];
    uint8_t cflags[4];

    vhd_put_be64(hello, NBD_MAGIC);
    vhd_put_be64(hello + 8, NBD_IHAVEOPT);
    hello[16] = 0;
    hello[17] = NBD_FLAG_FIXED_NEWSTYLE | NBD_FLAG_NO_ZEROES;
    if ( xwrite(fd, hello, sizeof(hello)) || xread(fd, cflags, sizeof(cflags)) ||
         (vhd_be32(cflags) & ~3u) )
    {
        close(fd);
        return;
    }
    if ( td_nbd_adopt(s, fd) )
    {
        close(fd);
        return;
    }
    c = s->clients;
    c->negotiated = false;
    /* Without NO_ZEROES from the client, EXPORT_NAME pads with 124 zeros. */
    c->no_zeroes = vhd_be32(cflags) & NBD_FLAG_NO_ZEROES;
}

int td_nbd_adopt(struct td_server *s, int fd)
{
    struct epoll_event ev = {.events = EPOLLIN};
    struct td_client *c = calloc(1, sizeof(*c));

    if ( !c )
        return -1;
    c->fd = fd;
    c->negotiated = true;
    c->next = s->clients;
    s->clients = c;
    ev.data.ptr = c;
    if ( !s->paused )
        epoll_ctl(s->epfd, EPOLL_CTL_ADD, fd, &ev);
    return 0;
}

/** Answer a request: header, then the data of a successful read (one sendmsg). */
static int reply(int fd, uint32_t err, const uint8_t *handle, const void *data, uint32_t len)
{
    uint8_t h[16];
    struct iovec iov[2] = {{h, sizeof(h)}, {(void *)data, err ? 0 : len}};
    struct msghdr m = {.msg_iov = iov, .msg_iovlen = 2};

    vhd_put_be32(h, NBD_REPLY_MAGIC);
    vhd_put_be32(h + 4, err);
    memcpy(h + 8, handle, 8);
    while ( m.msg_iovlen )
    {
        ssize_t r = sendmsg(fd, &m, MSG_NOSIGNAL);

        if ( r < 0 && errno == EINTR )
            continue;
        if ( r <= 0 )
            return -1;
        while ( m.msg_iovlen && (size_t)r >= m.msg_iov->iov_len )
        {
            r -= (ssize_t)m.msg_iov->iov_len;
            m.msg_iov++;
            m.msg_iovlen--;
        }
        if ( m.msg_iovlen )
        {
            m.msg_iov->iov_base = (uint8_t *)m.msg_iov->iov_base + r;
            m.msg_iov->iov_len -= (size_t)r;
        }
    }
    return 0;
}

static uint32_t nbd_errno(int rc)
{
    switch ( -rc )
    {
    case EPERM:
        return 1;
    case ENOMEM:
        return 12;
    case EINVAL:
        return 22;
    case ENOSPC:
    case EFBIG:
        return 28;
    default:
        return 5; /* EIO */
    }
}

static void client_free(struct td_client *c)
{
    close(c->fd);
    free(c);
}

static void req_free(struct td_req *r)
{
    struct td_client *c = r->c;

    free(r->seg);
    free(r->buf);
    free(r);
    if ( --c->inflight == 0 && c->dead )
        client_free(c);
}

void td_req_finish(struct td_req *r)
{
    struct td_server *s = r->s;
    bool is_write = r->type == NBD_CMD_WRITE || r->type == NBD_CMD_WRITE_ZEROES;

    if ( is_write && !r->flushing && !r->err )
    {
        /* The data is written: now it may be marked present (bitmaps, in order). */
        r->err = td_image_write_done(&s->image, r->off, r->len);
        if ( !r->err && (r->flags & NBD_CMD_FLAG_FUA) )
        {
            int fd = td_image_flush_fd(&s->image);

            if ( fd >= 0 )
            {
                r->nseg = 0;
                r->flushing = true;
                if ( !td_req_add(r, fd, TD_OP_FSYNC, NULL, 0, 0) )
                {
                    td_io_start(s, r);
                    return;
                }
            }
            r->err = td_image_flush(&s->image);
        }
    }
    if ( r->err )
        s->stats.errors++;
    if ( !r->c->dead &&
         reply(r->c->fd, r->err ? nbd_errno(r->err) : 0, r->handle,
               r->type == NBD_CMD_READ ? r->buf : NULL, r->type == NBD_CMD_READ ? r->len : 0) )
        shutdown(r->c->fd, SHUT_RDWR); /* the event loop sees the hangup and drops it */
    s->io.inflight--;
    req_free(r);
}

/** Read one request and start it; -1 drops the client. */
static int transmit_one(struct td_server *s, struct td_client *c)
{
    uint8_t h[28];
    struct td_req *r;
    int rc = 0;

    if ( xread(c->fd, h, sizeof(h)) || vhd_be32(h) != NBD_REQUEST_MAGIC )
        return -1;
    r = calloc(1, sizeof(*r));
    if ( !r )
        return -1;
    r->s = s;
    r->c = c;
    c->inflight++;
    r->flags = (uint16_t)(h[4] << 8 | h[5]);
    r->type = (uint16_t)(h[6] << 8 | h[7]);
    memcpy(r->handle, h + 8, 8);
    r->off = vhd_be64(h + 16);
    r->len = vhd_be32(h + 24);
    if ( r->type == NBD_CMD_READ || r->type == NBD_CMD_WRITE || r->type == NBD_CMD_WRITE_ZEROES )
    {
        if ( r->type != NBD_CMD_WRITE_ZEROES && r->len > NBD_MAX_REQUEST )
        {
            req_free(r);
            return -1;
        }
        if ( r->len > NBD_MAX_REQUEST )
            rc = -EINVAL;
        else
        {
            r->buf = r->type == NBD_CMD_WRITE_ZEROES ? calloc(1, r->len ? r->len : 1)
                                                     : malloc(r->len ? r->len : 1);
            if ( !r->buf )
            {
                req_free(r);
                return -1;
            }
        }
    }
    switch ( r->type )
    {
    case NBD_CMD_READ:
        s->stats.reads++;
        s->stats.read_bytes += r->len;
        rc = td_image_plan_read(&s->image, r);
        break;
    case NBD_CMD_WRITE:
    case NBD_CMD_WRITE_ZEROES:
        if ( r->type == NBD_CMD_WRITE && xread(c->fd, r->buf, r->len) )
        {
            req_free(r);
            return -1;
        }
        s->stats.writes++;
        s->stats.write_bytes += r->len;
        if ( !rc )
            rc = td_image_plan_write(&s->image, r);
        break;
    case NBD_CMD_FLUSH:
    {
        int fd = td_image_flush_fd(&s->image);

        s->stats.flushes++;
        /* Covers every write answered so far: their data is in the page cache. */
        rc = fd >= 0 ? td_req_add(r, fd, TD_OP_FSYNC, NULL, 0, 0) : td_image_flush(&s->image);
        break;
    }
    case NBD_CMD_TRIM:
        /* A hint: sectors stay allocated (the data stays valid, which TRIM allows). */
        rc = s->image.ro ? -EPERM : r->off + r->len > s->image.size ? -EINVAL : 0;
        s->stats.trims++;
        break;
    case NBD_CMD_DISC:
        req_free(r);
        return -1;
    default:
        rc = -EINVAL;
        break;
    }
    if ( rc )
    {
        /* Nothing started: answer the error now. */
        r->nseg = 0;
        r->err = rc;
        r->flushing = true; /* no commit step */
    }
    td_io_start(s, r);
    return 0;
}

void td_nbd_event(struct td_server *s, struct td_client *c)
{
    int rc;

    if ( !c->negotiated )
    {
        rc = negotiate_one(s, c);
        if ( rc < 0 )
            drop(s, c);
        else if ( rc == 1 )
            c->negotiated = true;
        return;
    }
    /* Take every request already waiting (the client's queue depth), then submit them. */
    for ( int i = 0; i < 64; i++ )
    {
        uint8_t b;

        if ( transmit_one(s, c) )
        {
            drop(s, c);
            return;
        }
        td_io_kick(s);
        if ( s->paused || recv(c->fd, &b, 1, MSG_PEEK | MSG_DONTWAIT) != 1 )
            break;
    }
}
