/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxenstore internals: the handle, messages, and the request path shared
 * by every operation.
 */
#ifndef XS_PRIVATE_H
#define XS_PRIVATE_H

#include <pthread.h>
#include <sys/uio.h>

#include "xenstore.h"

/** A received message: header and payload (with one extra NUL). */
struct xs__msg {
    struct xs__msg *next;
    struct xsd_sockmsg h;
    char body[];
};

/** A connection to the daemon. Lock order: request_lock, then lock. */
struct xs_handle {
    int fd;
    pthread_mutex_t request_lock; /* one request at a time */
    pthread_mutex_t lock;         /* queues, reader state */
    pthread_cond_t cond;          /* a reply or an event arrived, or the reader died */
    struct xs__msg *replies, **replies_tail;
    struct xs__msg *events, **events_tail;
    bool reader, reader_dead;
    pthread_t thread;
    int pipe[2]; /* readable while events are queued (xs_fileno) */
    uint32_t req_id;
};

/**
 * Send one request made of @iov and wait for its reply. Returns the payload
 * (malloc'd, NUL-terminated, length in *len) or NULL with errno set.
 */
void *xs__talk(struct xs_handle *h, xs_transaction_t t, uint32_t type, const struct iovec *iov,
               unsigned int n, unsigned int *len);
/** A request of one string argument. */
void *xs__single(struct xs_handle *h, xs_transaction_t t, uint32_t type, const char *arg,
                 unsigned int *len);
/** Start the thread that reads every message (needed once watches exist). */
int xs__start_reader(struct xs_handle *h);

#endif /* XS_PRIVATE_H */
