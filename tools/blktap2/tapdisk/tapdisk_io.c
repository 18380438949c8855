/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tapdisk's disk I/O engine. Requests are split into segments (one contiguous range of one
 * file each) which go to io_uring; completions come back through an eventfd in the event
 * loop, in any order. Without io_uring (no liburing at build time, or a kernel that
 * refuses it) each segment is done synchronously when started.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "tapdisk.h"

#define TD_RING_ENTRIES 256
#define TD_KICK_BYTES   (256u << 10)

int td_io_init(struct td_io *io)
{
    const char *why = "tapdisk was built without liburing";

    memset(io, 0, sizeof(*io));
    io->efd = -1;
#ifdef HAVE_LIBURING
    if ( getenv("TAPDISK_NO_URING") )
        why = "TAPDISK_NO_URING is set";
    else
    {
        int r = io_uring_queue_init(TD_RING_ENTRIES, &io->ring, 0);

        if ( r < 0 )
            why = strerror(-r);
        else
        {
            io->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
            if ( io->efd >= 0 && !io_uring_register_eventfd(&io->ring, io->efd) )
            {
                io->uring = true;
                return 0;
            }
            why = "cannot register an eventfd";
            if ( io->efd >= 0 )
                close(io->efd);
            io->efd = -1;
            io_uring_queue_exit(&io->ring);
        }
    }
#endif
    fprintf(stderr, "%s: io_uring unavailable (%s): using synchronous I/O\n", TD_PROG, why);
    return 0;
}

void td_io_dispose(struct td_io *io)
{
#ifdef HAVE_LIBURING
    if ( io->uring )
        io_uring_queue_exit(&io->ring);
#endif
    io->uring = false;
    if ( io->efd >= 0 )
        close(io->efd);
    io->efd = -1;
}

int td_req_add(struct td_req *r, int fd, int op, uint8_t *buf, uint32_t len, uint64_t off)
{
    struct td_seg *last = r->nseg ? &r->seg[r->nseg - 1] : NULL;

    /* Contiguous in the file and in the buffer: one segment. */
    if ( last && last->fd == fd && last->op == op && op != TD_OP_FSYNC &&
         last->off + last->len == off && last->buf + last->len == buf &&
         (uint64_t)last->len + len <= UINT32_MAX )
    {
        last->len += len;
        return 0;
    }
    if ( r->nseg == r->cap )
    {
        unsigned cap = r->cap ? 2 * r->cap : 4;
        struct td_seg *n = realloc(r->seg, cap * sizeof(*n));

        if ( !n )
            return -ENOMEM;
        r->seg = n;
        r->cap = cap;
    }
    r->seg[r->nseg++] =
        (struct td_seg){.req = r, .fd = fd, .op = op, .buf = buf, .len = len, .off = off};
    return 0;
}

/** Do one segment now: 0 or -errno (reads past the end of the file give zeros). */
static int seg_sync(struct td_seg *g)
{
    if ( g->op == TD_OP_FSYNC )
        return fdatasync(g->fd) ? -errno : 0;
    while ( g->len )
    {
        ssize_t r = g->op == TD_OP_READ ? pread(g->fd, g->buf, g->len, (off_t)g->off)
                                        : pwrite(g->fd, g->buf, g->len, (off_t)g->off);
        if ( r < 0 && errno == EINTR )
            continue;
        if ( r < 0 )
            return -errno;
        if ( r == 0 )
        {
            if ( g->op == TD_OP_WRITE )
                return -EIO;
            memset(g->buf, 0, g->len);
            return 0;
        }
        g->buf += r;
        g->off += (uint64_t)r;
        g->len -= (uint32_t)r;
    }
    return 0;
}

#ifdef HAVE_LIBURING
/** Queue one segment on the ring (submitting first when the ring is full). */
static void seg_queue(struct td_server *s, struct td_seg *g)
{
    struct io_uring_sqe *sqe = io_uring_get_sqe(&s->io.ring);

    if ( !sqe )
    {
        io_uring_submit(&s->io.ring);
        s->io.queued = 0;
        s->io.queued_bytes = 0;
        sqe = io_uring_get_sqe(&s->io.ring);
    }
    if ( !sqe )
    {
        /* Cannot happen after a submit emptied the queue; stay correct anyway. */
        int rc = seg_sync(g);

        if ( rc && !g->req->err )
            g->req->err = rc;
        if ( --g->req->pending == 0 )
            td_req_finish(g->req);
        return;
    }
    if ( g->op == TD_OP_READ )
        io_uring_prep_read(sqe, g->fd, g->buf, g->len, g->off);
    else if ( g->op == TD_OP_WRITE )
        io_uring_prep_write(sqe, g->fd, g->buf, g->len, g->off);
    else
        io_uring_prep_fsync(sqe, g->fd, IORING_FSYNC_DATASYNC);
    io_uring_sqe_set_data(sqe, g);
    s->io.queued++;
    s->io.queued_bytes += g->len;
}

/** One completion: finish the segment, or queue what is left of a short transfer. */
static void seg_complete(struct td_server *s, struct td_seg *g, int res)
{
    struct td_req *r = g->req;

    if ( res == -EINTR || res == -EAGAIN )
    {
        seg_queue(s, g); /* interrupted: again */
        return;
    }
    if ( res < 0 )
        r->err = r->err ? r->err : res;
    else if ( g->op != TD_OP_FSYNC && (uint32_t)res < g->len )
    {
        if ( res > 0 )
        {
            g->buf += res;
            g->off += (uint64_t)res;
            g->len -= (uint32_t)res;
            seg_queue(s, g);
            return;
        }
        if ( g->op == TD_OP_READ )
            memset(g->buf, 0, g->len); /* past the end of the file */
        else
            r->err = r->err ? r->err : -EIO;
    }
    if ( --r->pending == 0 )
        td_req_finish(r);
}

/** Consume one completion queue entry. */
static void cqe_handle(struct td_server *s, struct io_uring_cqe *cqe)
{
    struct td_seg *g = io_uring_cqe_get_data(cqe);
    int res = cqe->res;

    io_uring_cqe_seen(&s->io.ring, cqe);
    seg_complete(s, g, res);
}
#endif

void td_io_start(struct td_server *s, struct td_req *r)
{
    unsigned n = r->nseg;

    if ( !r->started && ++s->io.inflight > s->io.max_inflight )
        s->io.max_inflight = s->io.inflight;
    r->started = true;
    if ( !n )
    {
        td_req_finish(r);
        return;
    }
    r->pending = n;
    for ( unsigned i = 0; i < n; i++ )
    {
#ifdef HAVE_LIBURING
        if ( s->io.uring )
        {
            seg_queue(s, &r->seg[i]);
            continue;
        }
#endif
        int rc = seg_sync(&r->seg[i]);

        if ( rc && !r->err )
            r->err = rc;
        if ( --r->pending == 0 )
            td_req_finish(r);
    }
}

void td_io_submit(struct td_server *s)
{
#ifdef HAVE_LIBURING
    if ( s->io.uring && s->io.queued )
    {
        io_uring_submit(&s->io.ring);
        s->io.queued = 0;
        s->io.queued_bytes = 0;
    }
#else
    (void)s;
#endif
}

/** Handle the completions already in the ring (no system call). */
static void io_poll(struct td_server *s)
{
#ifdef HAVE_LIBURING
    struct io_uring_cqe *cqe;

    while ( s->io.uring && !io_uring_peek_cqe(&s->io.ring, &cqe) )
        cqe_handle(s, cqe);
#else
    (void)s;
#endif
}

void td_io_reap(struct td_server *s)
{
    uint64_t v;

    if ( !s->io.uring )
        return;
    if ( read(s->io.efd, &v, sizeof(v)) < 0 && errno != EAGAIN )
        return;
    io_poll(s);
    td_io_submit(s);
}

void td_io_kick(struct td_server *s)
{
    if ( s->io.queued_bytes < TD_KICK_BYTES )
        return;
    td_io_submit(s);
    io_poll(s);
}

void td_io_drain(struct td_server *s)
{
#ifdef HAVE_LIBURING
    while ( s->io.uring && s->io.inflight )
    {
        struct io_uring_cqe *cqe;

        td_io_submit(s);
        if ( !io_uring_wait_cqe(&s->io.ring, &cqe) )
            cqe_handle(s, cqe);
    }
#else
    (void)s;
#endif
}
