/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tapdisk: serves one image chain (vhd: or aio: raw) over NBD to any number of clients,
 * controlled by tap-ctl through a unix control socket.
 */
#ifndef BLKTAP2_TAPDISK_H
#define BLKTAP2_TAPDISK_H

#include <stdbool.h>
#include <stdint.h>

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
    bool no_zeroes;  /* client set NBD_FLAG_NO_ZEROES */
    bool negotiated; /* in the transmission phase */
    struct td_client *next;
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
};

int td_image_open(struct td_image *im, const char *spec, bool ro);
void td_image_close(struct td_image *im);
/** Byte-addressed I/O; offsets and lengths must be multiples of 512. 0 or -errno. */
int td_image_read(struct td_image *im, uint64_t off, uint32_t len, uint8_t *buf);
int td_image_write(struct td_image *im, uint64_t off, uint32_t len, const uint8_t *buf);
int td_image_flush(struct td_image *im);

/** Accept a client on a listening socket and start negotiation. */
void td_nbd_accept(struct td_server *s, int lfd);
/** Serve one event on a client socket; drops the client on error or disconnect. */
void td_nbd_event(struct td_server *s, struct td_client *c);
/** Drop every client (image closed). */
void td_nbd_drop_all(struct td_server *s);
/** Start or stop watching client sockets (pause/unpause). */
void td_nbd_watch(struct td_server *s, bool on);

/** Listening sockets: a unix socket at path, TCP on 127.0.0.1 (*port 0 picks one). */
int td_listen_unix(const char *path);
int td_listen_tcp(int *port);
/** Add fd to the event loop with tag as its data. */
int td_watch(int epfd, int fd, void *tag);
/** Tags of the listening sockets in the event loop. */
extern char td_tag_ctl, td_tag_unix, td_tag_tcp;

/** Handle one control connection (a request line, a reply). */
void td_ctl_event(struct td_server *s);

#endif /* BLKTAP2_TAPDISK_H */
