/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxenstore connections: opening the socket or device, framing messages,
 * the reader thread that separates replies from watch events, and the
 * watch-event queue.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "xs_private.h"

#define XENBUS_DEVICE "/dev/xen/xenbus"
#define XENBUS_PROC   "/proc/xen/xenbus"

const char *xs_daemon_rundir(void)
{
    const char *s = getenv("XENSTORED_RUNDIR");

    return s ? s : "/run/xenstored";
}

const char *xs_daemon_socket(void)
{
    static char buf[4096];
    const char *s = getenv("XENSTORED_PATH");

    if ( s )
        return s;
    snprintf(buf, sizeof(buf), "%s/socket", xs_daemon_rundir());
    return buf;
}

const char *xs_daemon_socket_ro(void)
{
    return xs_daemon_socket();
}

bool xs_write_all(int fd, const void *data, unsigned int len)
{
    const char *p = data;
    ssize_t r;

    while ( len )
    {
        r = write(fd, p, len);
        if ( r < 0 && errno == EINTR )
            continue;
        if ( r <= 0 )
            return false;
        p += r;
        len -= r;
    }
    return true;
}

static bool read_all(int fd, void *data, size_t len)
{
    char *p = data;
    ssize_t r;

    while ( len )
    {
        r = read(fd, p, len);
        if ( r < 0 && errno == EINTR )
            continue;
        if ( r <= 0 )
        {
            if ( r == 0 )
                errno = ECONNRESET;
            return false;
        }
        p += r;
        len -= r;
    }
    return true;
}

/* Read one whole message. */
static struct xs__msg *read_msg(int fd)
{
    struct xsd_sockmsg h;
    struct xs__msg *m;

    if ( !read_all(fd, &h, sizeof(h)) )
        return NULL;
    if ( h.len > XENSTORE_PAYLOAD_MAX )
    {
        errno = E2BIG;
        return NULL;
    }
    m = malloc(sizeof(*m) + h.len + 1);
    if ( !m )
        return NULL;
    m->next = NULL;
    m->h = h;
    if ( !read_all(fd, m->body, h.len) )
    {
        free(m);
        return NULL;
    }
    m->body[h.len] = 0;
    return m;
}

/* Queue a watch event (lock held). */
static void queue_event(struct xs_handle *h, struct xs__msg *m)
{
    *h->events_tail = m;
    h->events_tail = &m->next;
    if ( h->pipe[1] >= 0 )
        while ( write(h->pipe[1], "w", 1) < 0 && errno == EINTR )
            ;
    pthread_cond_broadcast(&h->cond);
}

static void *reader_main(void *arg)
{
    struct xs_handle *h = arg;
    struct xs__msg *m;

    while ( (m = read_msg(h->fd)) )
    {
        pthread_mutex_lock(&h->lock);
        if ( m->h.type == XS_WATCH_EVENT )
            queue_event(h, m);
        else
        {
            *h->replies_tail = m;
            h->replies_tail = &m->next;
            pthread_cond_broadcast(&h->cond);
        }
        pthread_mutex_unlock(&h->lock);
    }
    pthread_mutex_lock(&h->lock);
    h->reader_dead = true;
    pthread_cond_broadcast(&h->cond);
    pthread_mutex_unlock(&h->lock);
    return NULL;
}

int xs__start_reader(struct xs_handle *h)
{
    sigset_t all, old;
    int r;

    pthread_mutex_lock(&h->lock);
    if ( h->reader )
    {
        pthread_mutex_unlock(&h->lock);
        return 0;
    }
    /* The reader takes no signals: they stay with the caller's threads. */
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    r = pthread_create(&h->thread, NULL, reader_main, h);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if ( !r )
        h->reader = true;
    pthread_mutex_unlock(&h->lock);
    if ( r )
        errno = r;
    return r ? -1 : 0;
}

static struct xs_handle *handle_new(int fd)
{
    struct xs_handle *h = calloc(1, sizeof(*h));

    if ( !h )
        return NULL;
    h->fd = fd;
    h->pipe[0] = h->pipe[1] = -1;
    h->replies_tail = &h->replies;
    h->events_tail = &h->events;
    pthread_mutex_init(&h->request_lock, NULL);
    pthread_mutex_init(&h->lock, NULL);
    pthread_cond_init(&h->cond, NULL);
    return h;
}

static int connect_socket(const char *path)
{
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    int fd, saved;

    if ( strlen(path) >= sizeof(sa.sun_path) )
    {
        errno = ENAMETOOLONG;
        return -1;
    }
    strcpy(sa.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if ( fd < 0 )
        return -1;
    if ( connect(fd, (struct sockaddr *)&sa, sizeof(sa)) )
    {
        saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

/*
 * A socket is connected; anything else (the kernel's xenbus device) is
 * opened. errno is left as the attempt set it.
 */
static int open_path(const char *path)
{
    struct stat st;

    if ( stat(path, &st) )
        return -1;
    if ( S_ISSOCK(st.st_mode) )
        return connect_socket(path);
    return open(path, O_RDWR | O_CLOEXEC);
}

/*
 * As Xen's: $XENSTORED_PATH (socket or device) if set; else the daemon's
 * socket, then the kernel's device (/dev/xen/xenbus, or xenfs's
 * /proc/xen/xenbus), which is how dom0 reaches a xenstored without its socket.
 */
struct xs_handle *xs_open(unsigned long flags)
{
    struct xs_handle *h;
    int fd, saved;

    (void)flags;
    fd = open_path(xs_daemon_socket());
    if ( fd < 0 && !getenv("XENSTORED_PATH") )
    {
        saved = errno;
        fd = open_path(access(XENBUS_DEVICE, F_OK) ? XENBUS_PROC : XENBUS_DEVICE);
        if ( fd < 0 )
            errno = saved;
    }
    if ( fd < 0 )
        return NULL;
    h = handle_new(fd);
    if ( !h )
        close(fd);
    return h;
}

struct xs_handle *xs_daemon_open(void)
{
    return xs_open(0);
}

struct xs_handle *xs_domain_open(void)
{
    return xs_open(0);
}

struct xs_handle *xs_daemon_open_readonly(void)
{
    return xs_open(XS_OPEN_READONLY);
}

static void free_list(struct xs__msg *m)
{
    struct xs__msg *n;

    for ( ; m; m = n )
    {
        n = m->next;
        free(m);
    }
}

static void handle_free(struct xs_handle *h, bool join)
{
    if ( h->reader && join )
    {
        /* A device cannot be shut down: stop the reader where it waits in read(). */
        if ( shutdown(h->fd, SHUT_RDWR) && errno == ENOTSOCK )
            pthread_cancel(h->thread);
        pthread_join(h->thread, NULL);
    }
    if ( h->fd >= 0 )
        close(h->fd);
    if ( h->pipe[0] >= 0 )
    {
        close(h->pipe[0]);
        close(h->pipe[1]);
    }
    free_list(h->replies);
    free_list(h->events);
    if ( join )
    {
        pthread_mutex_destroy(&h->request_lock);
        pthread_mutex_destroy(&h->lock);
        pthread_cond_destroy(&h->cond);
    }
    free(h);
}

void xs_close(struct xs_handle *h)
{
    if ( h )
        handle_free(h, true);
}

void xs_daemon_close(struct xs_handle *h)
{
    xs_close(h);
}

void xs_daemon_destroy_postfork(struct xs_handle *h)
{
    /* The reader thread does not exist in the child. */
    if ( h )
        handle_free(h, false);
}

/* errno of an XS_ERROR payload. */
static int error_number(const char *name)
{
    size_t i;

    for ( i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]); i++ )
        if ( !strcmp(xsd_errors[i].errstring, name) )
            return xsd_errors[i].errnum;
    return EINVAL;
}

/* The next reply: from the reader thread, or read here (events queued). */
static struct xs__msg *next_reply(struct xs_handle *h)
{
    struct xs__msg *m;

    if ( !h->reader )
    {
        while ( (m = read_msg(h->fd)) && m->h.type == XS_WATCH_EVENT )
        {
            pthread_mutex_lock(&h->lock);
            queue_event(h, m);
            pthread_mutex_unlock(&h->lock);
        }
        return m;
    }
    pthread_mutex_lock(&h->lock);
    while ( !h->replies && !h->reader_dead )
        pthread_cond_wait(&h->cond, &h->lock);
    m = h->replies;
    if ( m )
    {
        h->replies = m->next;
        if ( !h->replies )
            h->replies_tail = &h->replies;
    }
    else
        errno = ECONNRESET;
    pthread_mutex_unlock(&h->lock);
    return m;
}

void *xs__talk(struct xs_handle *h, xs_transaction_t t, uint32_t type, const struct iovec *iov,
               unsigned int n, unsigned int *len)
{
    struct xsd_sockmsg hdr = {.type = type, .tx_id = t};
    struct xs__msg *m;
    unsigned int i;
    char *out;
    bool sent;
    int err;

    for ( i = 0; i < n; i++ )
        hdr.len += iov[i].iov_len;
    if ( hdr.len > XENSTORE_PAYLOAD_MAX )
    {
        errno = E2BIG;
        return NULL;
    }
    pthread_mutex_lock(&h->request_lock);
    hdr.req_id = ++h->req_id;
    sent = xs_write_all(h->fd, &hdr, sizeof(hdr));
    for ( i = 0; sent && i < n; i++ )
        sent = xs_write_all(h->fd, iov[i].iov_base, iov[i].iov_len);
    m = sent ? next_reply(h) : NULL;
    pthread_mutex_unlock(&h->request_lock);
    if ( !m )
        return NULL;
    if ( m->h.type == XS_ERROR )
    {
        err = error_number(m->body);
        free(m);
        errno = err;
        return NULL;
    }
    if ( m->h.type != type )
    {
        free(m);
        errno = EBADMSG;
        return NULL;
    }
    if ( len )
        *len = m->h.len;
    /* Hand out the payload itself: move it to the front of the block. */
    out = (char *)m;
    memmove(out, m->body, m->h.len + 1);
    return out;
}

void *xs__single(struct xs_handle *h, xs_transaction_t t, uint32_t type, const char *arg,
                 unsigned int *len)
{
    struct iovec iov = {.iov_base = (void *)arg, .iov_len = strlen(arg) + 1};

    return xs__talk(h, t, type, &iov, 1, len);
}

int xs_fileno(struct xs_handle *h)
{
    int fd = -1;

    pthread_mutex_lock(&h->lock);
    if ( h->pipe[0] < 0 && !pipe2(h->pipe, O_CLOEXEC) )
    {
        struct xs__msg *m;

        fcntl(h->pipe[0], F_SETFL, O_NONBLOCK);
        for ( m = h->events; m; m = m->next )
            while ( write(h->pipe[1], "w", 1) < 0 && errno == EINTR )
                ;
    }
    fd = h->pipe[0];
    pthread_mutex_unlock(&h->lock);
    if ( fd >= 0 )
        xs__start_reader(h);
    return fd;
}

/* Turn an event message into the [path, token] array callers free() at once. */
static char **event_array(struct xs__msg *m, unsigned int *num)
{
    size_t plen = strnlen(m->body, m->h.len), tlen;
    char **v;

    if ( plen >= m->h.len )
        plen = m->h.len ? m->h.len - 1 : 0;
    tlen = m->h.len > plen + 1 ? strnlen(m->body + plen + 1, m->h.len - plen - 1) : 0;
    v = malloc(2 * sizeof(char *) + plen + tlen + 2);
    if ( !v )
        return NULL;
    v[XS_WATCH_PATH] = (char *)(v + 2);
    memcpy(v[XS_WATCH_PATH], m->body, plen);
    v[XS_WATCH_PATH][plen] = 0;
    v[XS_WATCH_TOKEN] = v[XS_WATCH_PATH] + plen + 1;
    memcpy(v[XS_WATCH_TOKEN], m->body + plen + 1, tlen);
    v[XS_WATCH_TOKEN][tlen] = 0;
    if ( num )
        *num = 2;
    return v;
}

/* Pop an event (lock held). */
static struct xs__msg *pop_event(struct xs_handle *h)
{
    struct xs__msg *m = h->events;
    char c;

    if ( !m )
        return NULL;
    h->events = m->next;
    if ( !h->events )
        h->events_tail = &h->events;
    if ( h->pipe[0] >= 0 )
        while ( read(h->pipe[0], &c, 1) < 0 && errno == EINTR )
            ;
    return m;
}

char **xs_check_watch(struct xs_handle *h)
{
    struct xs__msg *m;
    char **v;

    pthread_mutex_lock(&h->lock);
    m = pop_event(h);
    pthread_mutex_unlock(&h->lock);
    if ( !m )
    {
        errno = EAGAIN;
        return NULL;
    }
    v = event_array(m, NULL);
    free(m);
    return v;
}

char **xs_read_watch(struct xs_handle *h, unsigned int *num)
{
    struct xs__msg *m;
    char **v;

    if ( xs__start_reader(h) )
        return NULL;
    pthread_mutex_lock(&h->lock);
    while ( !h->events && !h->reader_dead )
        pthread_cond_wait(&h->cond, &h->lock);
    m = pop_event(h);
    pthread_mutex_unlock(&h->lock);
    if ( !m )
    {
        errno = ECONNRESET;
        return NULL;
    }
    v = event_array(m, num);
    free(m);
    return v;
}
