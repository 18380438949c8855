/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tapdisk: entry point, listening sockets and the event loop. One thread and no lock:
 * requests are read and started between events, their disk I/O runs in the kernel
 * (io_uring) and its completions come back as events; pause drains them.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "tapdisk.h"

static volatile sig_atomic_t td_stop;
char td_tag_ctl, td_tag_unix, td_tag_tcp, td_tag_io;

static void on_signal(int sig)
{
    (void)sig;
    td_stop = 1;
}

int td_listen_unix(const char *path)
{
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    int fd;

    if ( strlen(path) >= sizeof(sa.sun_path) )
    {
        fprintf(stderr, "%s: %s: socket path too long\n", TD_PROG, path);
        return -1;
    }
    /*
     * Bound and listening under a temporary name, then renamed into place: whoever
     * sees the path (tap-ctl waits for it to appear) can connect at once; between a
     * bind and a listen on the path itself, a connect is refused.
     */
    if ( snprintf(sa.sun_path, sizeof(sa.sun_path), "%s.%d", path, (int)getpid()) >=
         (int)sizeof(sa.sun_path) )
        snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path); /* no room: in place */
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    unlink(sa.sun_path);
    if ( fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 16) ||
         (strcmp(sa.sun_path, path) && rename(sa.sun_path, path)) )
    {
        fprintf(stderr, "%s: %s: %s\n", TD_PROG, path, strerror(errno));
        if ( fd >= 0 )
        {
            unlink(sa.sun_path);
            close(fd);
        }
        return -1;
    }
    return fd;
}

int td_listen_tcp(int *port)
{
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)*port)};
    socklen_t len = sizeof(sa);
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;

    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if ( fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
         bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 16) ||
         getsockname(fd, (struct sockaddr *)&sa, &len) )
    {
        fprintf(stderr, "%s: 127.0.0.1:%d: %s\n", TD_PROG, *port, strerror(errno));
        if ( fd >= 0 )
            close(fd);
        return -1;
    }
    *port = ntohs(sa.sin_port);
    return fd;
}

int td_watch(int epfd, int fd, void *tag)
{
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = tag};

    return epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
}

static void usage(void)
{
    fprintf(stderr,
            "usage: %s -c CONTROL_SOCKET [-u NBD_SOCKET] [-t PORT] [-m MINOR] "
            "[-o vhd:PATH|aio:PATH] [-r] [-x XENSTORE_BACKEND_DIR]\n",
            TD_PROG);
}

int main(int argc, char **argv)
{
    struct td_server s = {.ctl_fd = -1,
                          .nbd_unix_fd = -1,
                          .nbd_tcp_fd = -1,
                          .tcp_port = -1,
                          .minor = -1,
                          .kdev = {.fd = -1, .sock = -1}};
    char *spec = NULL, *backend = NULL;
    bool ro = false;
    int c, rc = 1;

    while ( (c = getopt(argc, argv, "c:u:t:m:o:x:rh")) != -1 )
        switch ( c )
        {
        case 'c':
            s.ctl_path = optarg;
            break;
        case 'u':
            s.nbd_path = optarg;
            break;
        case 't':
            s.tcp_port = atoi(optarg);
            if ( s.tcp_port < 0 || s.tcp_port > 65535 )
            {
                fprintf(stderr, "%s: invalid port '%s'\n", TD_PROG, optarg);
                return 1;
            }
            break;
        case 'm':
            s.minor = atoi(optarg);
            break;
        case 'o':
            spec = optarg;
            break;
        case 'r':
            ro = true;
            break;
        case 'x':
            backend = optarg;
            break;
        default:
            usage();
            return 1;
        }
    if ( !s.ctl_path || optind != argc )
    {
        usage();
        return 1;
    }
    signal(SIGPIPE, SIG_IGN);
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    s.backend = backend ? strdup(backend) : NULL;
    s.epfd = epoll_create1(EPOLL_CLOEXEC);
    td_io_init(&s.io);
    if ( spec )
    {
        if ( td_image_open(&s.image, spec, ro) )
        {
            fprintf(stderr, "%s: %s\n", TD_PROG, vhd_error());
            goto out;
        }
        s.open = true;
        s.xs_size = s.image.size; /* what blkback found when it connected */
    }
    if ( s.nbd_path && (s.nbd_unix_fd = td_listen_unix(s.nbd_path)) < 0 )
        goto out;
    if ( s.tcp_port >= 0 && (s.nbd_tcp_fd = td_listen_tcp(&s.tcp_port)) < 0 )
        goto out;
    /* The control socket comes last: once it exists, tap-ctl may talk to us. */
    if ( (s.ctl_fd = td_listen_unix(s.ctl_path)) < 0 )
        goto out;
    td_watch(s.epfd, s.ctl_fd, &td_tag_ctl);
    if ( s.nbd_unix_fd >= 0 )
        td_watch(s.epfd, s.nbd_unix_fd, &td_tag_unix);
    if ( s.nbd_tcp_fd >= 0 )
        td_watch(s.epfd, s.nbd_tcp_fd, &td_tag_tcp);
    if ( s.io.efd >= 0 )
        td_watch(s.epfd, s.io.efd, &td_tag_io);
    while ( !s.quit && !td_stop )
    {
        struct epoll_event ev[16];
        int n = epoll_wait(s.epfd, ev, 16, 1000);

        /* Idle: link blocks allocated since the last flush into the on-disk BAT. */
        if ( n == 0 && s.open && !s.io.inflight && td_image_flush_fd(&s.image) < 0 )
            td_image_flush(&s.image);
        for ( int i = 0; i < n && !s.quit; i++ )
        {
            void *tag = ev[i].data.ptr;

            if ( tag == &td_tag_io )
                td_io_reap(&s);
            else if ( tag == &td_tag_ctl )
                td_ctl_event(&s);
            else if ( tag == &td_tag_unix )
                td_nbd_accept(&s, s.nbd_unix_fd);
            else if ( tag == &td_tag_tcp )
                td_nbd_accept(&s, s.nbd_tcp_fd);
            else
            {
                /* A client: it may have been dropped by an earlier event of this batch. */
                for ( struct td_client *cl = s.paused ? NULL : s.clients; cl; cl = cl->next )
                    if ( cl == tag )
                    {
                        td_nbd_event(&s, cl);
                        break;
                    }
            }
        }
        td_io_submit(&s);
    }
    rc = 0;
out:
    td_kdev_disconnect(&s);
    td_nbd_drop_all(&s);
    free(s.backend);
    if ( s.open )
    {
        td_image_flush(&s.image);
        td_image_close(&s.image);
    }
    if ( s.ctl_fd >= 0 )
    {
        close(s.ctl_fd);
        unlink(s.ctl_path);
    }
    if ( s.nbd_unix_fd >= 0 )
    {
        close(s.nbd_unix_fd);
        unlink(s.nbd_path);
    }
    free(s.nbd_path_owned);
    if ( s.nbd_tcp_fd >= 0 )
        close(s.nbd_tcp_fd);
    td_io_dispose(&s.io);
    if ( s.epfd >= 0 )
        close(s.epfd);
    return rc;
}
