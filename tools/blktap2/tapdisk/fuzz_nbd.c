/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer harness for tapdisk's NBD server: the input is everything a client sends after
 * the server's greeting (client flags, options, then requests with their write data),
 * served against a small raw image in memory through the synchronous I/O path.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "tapdisk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct td_server server;

/** A 1 MiB raw image in a memfd, opened once. */
static int setup(void)
{
    char spec[64];
    int fd = memfd_create("fuzz-nbd", MFD_CLOEXEC);

    if ( fd < 0 || ftruncate(fd, 1 << 20) )
        return -1;
    snprintf(spec, sizeof(spec), "aio:/proc/self/fd/%d", fd);
    server.epfd = epoll_create1(EPOLL_CLOEXEC);
    server.io.efd = -1; /* no io_uring: every segment is done when started */
    server.minor = -1;
    server.kdev.fd = server.kdev.sock = -1;
    if ( server.epfd < 0 || td_image_open(&server.image, spec, false) )
        return -1;
    server.open = true;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    int sv[2];

    if ( !ready )
        ready = setup() ? -1 : 1;
    if ( ready < 0 || size > 65536 || socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) )
        return 0;
    /* The client's bytes wait in the socket; replies nobody reads fail fast once the
     * buffer is full instead of blocking the server. */
    setsockopt(sv[1], SOL_SOCKET, SO_SNDBUF, &(int){1 << 20}, sizeof(int));
    setsockopt(sv[0], SOL_SOCKET, SO_SNDTIMEO, &(struct timeval){.tv_usec = 1000},
               sizeof(struct timeval));
    if ( size && write(sv[1], data, size) != (ssize_t)size )
    {
        close(sv[0]);
        close(sv[1]);
        return 0;
    }
    shutdown(sv[1], SHUT_WR);
    td_nbd_greet(&server, sv[0]);
    /* Serve until the client is dropped (it always is: its input ends). */
    while ( server.clients )
        td_nbd_event(&server, server.clients);
    td_nbd_drop_all(&server);
    close(sv[1]);
    return 0;
}
