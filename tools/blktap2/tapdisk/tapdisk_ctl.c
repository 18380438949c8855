/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tapdisk's control socket: one request line per connection, one reply line ("ok ..." or
 * "error MESSAGE"). Requests: open SPEC [ro], close, attach MINOR SOCKET [PORT], kdev
 * (connect /dev/nbdMINOR), backend XENSTORE_DIR, pause, unpause [SPEC], stats, info,
 * shutdown. tap-ctl is the client.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <syslog.h>
#include <unistd.h>

#include "tapdisk.h"

static void say(int fd, const char *fmt, ...) __attribute__((__format__(__printf__, 2, 3)));
static void say(int fd, const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof(buf) - 1, fmt, ap);
    va_end(ap);
    if ( n < 0 )
        return;
    if ( n > (int)sizeof(buf) - 2 )
        n = (int)sizeof(buf) - 2;
    buf[n++] = '\n';
    while ( send(fd, buf, (size_t)n, MSG_NOSIGNAL) < 0 )
        if ( errno != EINTR )
            return;
}

/** Log an error where an administrator finds it: syslog (daemon) and stderr. */
static void td_log(const char *fmt, ...) __attribute__((__format__(__printf__, 1, 2)));
static void td_log(const char *fmt, ...)
{
    char buf[4600];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    syslog(LOG_DAEMON | LOG_ERR, "%s", buf);
    fprintf(stderr, "%s[%d]: %s\n", TD_PROG, (int)getpid(), buf);
}

static const char *state_name(struct td_server *s)
{
    return !s->open ? "closed" : s->paused ? "paused" : "running";
}

static void do_open(struct td_server *s, int fd, char *spec, bool ro)
{
    int rc;

    if ( s->open )
    {
        say(fd, "error an image is already open (%s)", s->image.spec);
        return;
    }
    rc = td_image_open(&s->image, spec, ro);
    if ( rc )
    {
        say(fd, "error %s", vhd_error());
        return;
    }
    s->open = true;
    s->paused = false;
    say(fd, "ok");
}

static void do_unpause(struct td_server *s, int fd, char *spec)
{
    struct td_image next;
    bool ro = s->image.ro;
    char *use = spec ? spec : s->image.spec;
    char err[4400];
    int rc;

    if ( !s->open || !s->paused )
    {
        say(fd, "error not paused");
        return;
    }
    /* Open the new leaf (or the same one, re-read after a resize) before letting go of
     * the old: on failure the old image stays, still paused. */
    rc = td_image_open(&next, use, ro);
    if ( rc )
    {
        say(fd, "error %s", vhd_error());
        return;
    }
    td_image_close(&s->image);
    s->image = next;
    s->paused = false;
    td_nbd_watch(s, true);
    /* The size may have changed (online resize): tell the kernel device and the domU. */
    if ( (rc = td_kdev_resize(s)) )
        snprintf(err, sizeof(err), "%s: NBD_SET_SIZE: %s", s->kdev.path, strerror(-rc));
    else if ( td_xs_update_sectors(s, err, sizeof(err)) == 0 )
    {
        say(fd, "ok size=%llu", (unsigned long long)s->image.size);
        return;
    }
    td_log("%s: serving again (size=%llu), but %s", s->image.spec,
           (unsigned long long)s->image.size, err);
    say(fd, "error serving again (size=%llu), but %s", (unsigned long long)s->image.size, err);
}

void td_ctl_event(struct td_server *s)
{
    char line[4200], *arg, *sp;
    ssize_t n;
    int fd = accept4(s->ctl_fd, NULL, NULL, SOCK_CLOEXEC);

    if ( fd < 0 )
        return;
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &(struct timeval){.tv_sec = 10},
               sizeof(struct timeval));
    /* Read up to the end of the line (or of the buffer). */
    for ( n = 0; n < (ssize_t)sizeof(line) - 1 && !memchr(line, '\n', (size_t)n); )
    {
        ssize_t r = recv(fd, line + n, sizeof(line) - 1 - (size_t)n, 0);

        /* io_uring's completions interrupt a recv that has a timeout (EINTR): go on. */
        if ( r < 0 && errno == EINTR )
            continue;
        if ( r <= 0 )
            break;
        n += r;
    }
    if ( n <= 0 )
        goto out;
    line[n] = 0;
    line[strcspn(line, "\r\n")] = 0;
    arg = strchr(line, ' ');
    if ( arg )
        *arg++ = 0;
    if ( !strcmp(line, "open") && arg )
    {
        sp = strchr(arg, ' ');
        if ( sp )
            *sp++ = 0;
        do_open(s, fd, arg, sp && !strcmp(sp, "ro"));
    }
    else if ( !strcmp(line, "close") )
    {
        if ( s->open )
        {
            td_kdev_disconnect(s);
            td_nbd_drop_all(s);
            td_image_flush(&s->image);
            td_image_close(&s->image);
        }
        s->open = s->paused = false;
        say(fd, "ok");
    }
    else if ( !strcmp(line, "pause") )
    {
        if ( !s->open )
            say(fd, "error no image open");
        else if ( s->paused )
            say(fd, "ok");
        else
        {
            /* Stop reading requests, let those in flight finish, then flush. */
            td_nbd_watch(s, false);
            td_io_drain(s);
            s->paused = true;
            if ( td_image_flush(&s->image) )
                say(fd, "error flush: %s", vhd_error());
            else
                say(fd, "ok");
        }
    }
    else if ( !strcmp(line, "attach") && arg )
    {
        /* attach MINOR NBD_SOCKET [PORT]: start listening for NBD clients. */
        char path[4096];
        int minor, port = -1;

        if ( sscanf(arg, "%d %4095s %d", &minor, path, &port) < 2 )
            say(fd, "error usage: attach MINOR NBD_SOCKET [PORT]");
        else if ( s->nbd_unix_fd >= 0 )
            say(fd, "error already attached as minor %d", s->minor);
        else if ( (s->nbd_unix_fd = td_listen_unix(path)) < 0 )
            say(fd, "error %s: cannot listen", path);
        else
        {
            s->minor = minor;
            free(s->nbd_path_owned);
            s->nbd_path = s->nbd_path_owned = strdup(path);
            td_watch(s->epfd, s->nbd_unix_fd, &td_tag_unix);
            if ( port >= 0 && s->nbd_tcp_fd < 0 && (s->nbd_tcp_fd = td_listen_tcp(&port)) >= 0 )
            {
                s->tcp_port = port;
                td_watch(s->epfd, s->nbd_tcp_fd, &td_tag_tcp);
            }
            say(fd, "ok port=%d", s->tcp_port);
        }
    }
    else if ( !strcmp(line, "kdev") )
    {
        char err[4400];

        if ( td_kdev_connect(s, err, sizeof(err)) )
            say(fd, "error %s", err);
        else
            say(fd, "ok dev=%s", s->kdev.path);
    }
    else if ( !strcmp(line, "backend") && arg )
    {
        free(s->backend);
        s->backend = strdup(arg);
        /* blkback wrote `sectors` for the size served when it connected. */
        s->xs_size = s->open ? s->image.size : 0;
        say(fd, s->backend ? "ok" : "error out of memory");
    }
    else if ( !strcmp(line, "unpause") )
        do_unpause(s, fd, arg);
    else if ( !strcmp(line, "stats") )
    {
        unsigned int nc = 0;

        for ( struct td_client *c = s->clients; c; c = c->next )
            nc++;
        say(fd,
            "ok {\"name\": \"%s\", \"minor\": %d, \"state\": \"%s\", \"size\": %llu, "
            "\"clients\": %u, \"reads\": %llu, \"read_bytes\": %llu, \"writes\": %llu, "
            "\"write_bytes\": %llu, \"flushes\": %llu, \"trims\": %llu, \"errors\": %llu, "
            "\"io\": \"%s\", \"max_inflight\": %u}",
            s->open ? s->image.spec : "", s->minor, state_name(s),
            (unsigned long long)s->image.size, nc, (unsigned long long)s->stats.reads,
            (unsigned long long)s->stats.read_bytes, (unsigned long long)s->stats.writes,
            (unsigned long long)s->stats.write_bytes, (unsigned long long)s->stats.flushes,
            (unsigned long long)s->stats.trims, (unsigned long long)s->stats.errors,
            s->io.uring ? "io_uring" : "sync", s->io.max_inflight);
    }
    else if ( !strcmp(line, "info") )
        say(fd, "ok pid=%d minor=%d state=%s args=%s nbd=%s port=%d dev=%s backend=%s",
            (int)getpid(), s->minor, state_name(s), s->open ? s->image.spec : "-",
            s->nbd_path ? s->nbd_path : "-", s->tcp_port, s->kdev.running ? s->kdev.path : "-",
            s->backend ? s->backend : "-");
    else if ( !strcmp(line, "shutdown") )
    {
        s->quit = true;
        say(fd, "ok");
    }
    else
        say(fd, "error unknown request '%s'", line);
out:
    close(fd);
}
