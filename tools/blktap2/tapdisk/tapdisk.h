/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tapdisk: serves one image chain (vhd: or aio: raw) over NBD to any number of clients,
 * controlled by tap-ctl through a unix control socket.
 */
#ifndef BLKTAP2_TAPDISK_H
#define BLKTAP2_TAPDISK_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef HAVE_LIBURING
#include <liburing.h>
#endif

#include "vhd.h"

#define TD_PROG "tapdisk"

/** The image being served: a VHD chain or a raw file. */
struct td_image {
    char *spec; /* "vhd:PATH" or "aio:PATH" */
    bool is_vhd;
    bool ro;
    struct vhd_chain chain;
    int raw_fd;
    uint64_t size;
};

/** Counters reported by `tap-ctl stats`. */
struct td_stats {
    uint64_t reads, writes, flushes, trims, read_bytes, write_bytes, errors;
};

/** One connected NBD client. */
struct td_client {
    int fd;
    bool no_zeroes;    /* client set NBD_FLAG_NO_ZEROES */
    bool negotiated;   /* in the transmission phase */
    bool dead;         /* dropped; freed when its last request completes */
    unsigned inflight; /* requests read and not yet answered */
    struct td_client *next;
};

/** Kinds of disk operation in a segment. */
#define TD_OP_READ  0
#define TD_OP_WRITE 1
#define TD_OP_FSYNC 2

struct td_req;

/** One contiguous piece of a request's disk I/O. */
struct td_seg {
    struct td_req *req;
    int fd;
    int op; /* TD_OP_* */
    uint8_t *buf;
    uint32_t len;
    uint64_t off;
};

/** One NBD request between being read and being answered. */
struct td_req {
    struct td_server *s;
    struct td_client *c;
    uint8_t handle[8];
    uint16_t type, flags;
    uint64_t off;
    uint32_t len;
    uint8_t *buf;
    int err;          /* first error, -errno */
    unsigned pending; /* segments in flight */
    bool started;     /* counted in td_io.inflight */
    bool flushing;    /* past the data stage: its FUA flush in flight, or failed early */
    unsigned nseg, cap;
    struct td_seg *seg;
};

/**
 * The disk I/O engine: io_uring when the kernel allows it, else each segment is done
 * synchronously when started (the fallback, announced once on stderr).
 */
struct td_io {
    bool uring;
    int efd;           /* eventfd signalled on completions, in the event loop */
    unsigned inflight; /* requests started and not finished */
    unsigned max_inflight;
    unsigned queued;       /* segments prepared and not yet submitted */
    uint64_t queued_bytes; /* their bytes */
#ifdef HAVE_LIBURING
    struct io_uring ring;
#endif
};

/** /dev/nbdMINOR connected to this tapdisk (tapdisk_kdev.c). */
struct td_kdev {
    int fd;   /* the device, -1 when not connected */
    int sock; /* the kernel's end of the socket pair */
    bool running;
    pthread_t thread; /* blocked in NBD_DO_IT; touches nothing of the server */
    char path[32];
};

/** The whole server. */
struct td_server {
    int epfd;
    int ctl_fd, nbd_unix_fd, nbd_tcp_fd;
    char *ctl_path, *nbd_path;
    char *nbd_path_owned; /* nbd_path when set by an attach request */
    int tcp_port;
    int minor;
    bool open, paused, quit;
    struct td_image image;
    struct td_stats stats;
    struct td_client *clients;
    struct td_io io;
    struct td_kdev kdev;
    char *backend;    /* xenstore backend directory (blkback's), or NULL */
    uint64_t xs_size; /* image size its `sectors` node holds (written or found), 0 unknown */
};

int td_image_open(struct td_image *im, const char *spec, bool ro);
void td_image_close(struct td_image *im);
/** Flush to stable storage (VHD: links blocks waiting for the BAT). 0 or -errno. */
int td_image_flush(struct td_image *im);
/** Add the segments reading [off, off+len) into r->buf (zeros filled in now). 0 or -errno. */
int td_image_plan_read(struct td_image *im, struct td_req *r);
/** Add the segments writing r->buf to [off, off+len), allocating VHD blocks. 0 or -errno. */
int td_image_plan_write(struct td_image *im, struct td_req *r);
/** After a planned write's data is written: mark it present (VHD bitmaps). 0 or -errno. */
int td_image_write_done(struct td_image *im, uint64_t off, uint32_t len);
/** The fd a flush can fdatasync asynchronously, or -1 when it needs td_image_flush(). */
int td_image_flush_fd(struct td_image *im);

/** Start the I/O engine (io_uring, or the synchronous fallback). 0 or -1. */
int td_io_init(struct td_io *io);
void td_io_dispose(struct td_io *io);
/** Add a segment to a request; 0 or -ENOMEM. */
int td_req_add(struct td_req *r, int fd, int op, uint8_t *buf, uint32_t len, uint64_t off);
/** Start a planned request's segments; it finishes through td_req_finish(). */
void td_io_start(struct td_server *s, struct td_req *r);
/** Submit the segments queued so far. */
void td_io_submit(struct td_server *s);
/** Handle the completions that are ready (the eventfd fired). */
void td_io_reap(struct td_server *s);
/**
 * While reading a client's requests: once enough bytes are queued, submit them and answer
 * what has already completed, so that large requests stream instead of going in batches.
 */
void td_io_kick(struct td_server *s);
/** Wait until no request is in flight (pause, close, exit). */
void td_io_drain(struct td_server *s);
/** A request's disk I/O is over (in td_req->err): commit, flush for FUA, reply, free. */
void td_req_finish(struct td_req *r);

/** Accept a client on a listening socket and start negotiation. */
void td_nbd_accept(struct td_server *s, int lfd);
/** Greet a connected client (fd is then the server's, or closed) and start negotiation. */
void td_nbd_greet(struct td_server *s, int fd);
/** Serve one event on a client socket; drops the client on error or disconnect. */
void td_nbd_event(struct td_server *s, struct td_client *c);
/** Export flags of the image being served (NBD_FLAG_*). */
uint16_t td_nbd_export_flags(struct td_server *s);
/** Serve fd as a client already in the transmission phase (the kernel's socket). */
int td_nbd_adopt(struct td_server *s, int fd);
/** Drop every client (image closed). */
void td_nbd_drop_all(struct td_server *s);
/** Start or stop watching client sockets (pause/unpause). */
void td_nbd_watch(struct td_server *s, bool on);

/** Listening sockets: a unix socket at path, TCP on 127.0.0.1 (*port 0 picks one). */
int td_listen_unix(const char *path);
int td_listen_tcp(int *port);
/** Add fd to the event loop with tag as its data. */
int td_watch(int epfd, int fd, void *tag);
/** Tags of the listening sockets and the I/O eventfd in the event loop. */
extern char td_tag_ctl, td_tag_unix, td_tag_tcp, td_tag_io;

/** Connect /dev/nbdMINOR to the image being served; 0, or -1 with a message in err. */
int td_kdev_connect(struct td_server *s, char *err, size_t errlen);
/** Disconnect the device (drops every client); idempotent. */
void td_kdev_disconnect(struct td_server *s);
/** Tell the device the image's new size. 0 or -errno. */
int td_kdev_resize(struct td_server *s);
/** Write the image's size to BACKEND/sectors (and rewrite BACKEND/state); 0 or -1 + err. */
int td_xs_update_sectors(struct td_server *s, char *err, size_t errlen);

/** Handle one control connection (a request line, a reply). */
void td_ctl_event(struct td_server *s);

#endif /* BLKTAP2_TAPDISK_H */
