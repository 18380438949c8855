/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenstored: options, the listening socket, daemon mode with a pid file, the
 * poll loop over every connection, and the exec of a live update.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <syslog.h>
#include <unistd.h>

#include "xenstored.h"

#define DEFAULT_SOCKET "/run/xenstored/socket"
#define MAX_LISTEN     2

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
    stop_signal = sig;
}

/** Settings from the command line. */
struct opts {
    bool no_fork, output_pid, no_domain_init;
    const char *pid_file, *trace_file, *log_file, *socket, *lu_state;
    char **argv;
};

static void usage(FILE *f)
{
    fprintf(f, "Usage: xenstored [OPTION]...\n"
               "  -N, --no-fork             stay in the foreground (systemd)\n"
               "  -F, --pid-file FILE       write the daemon's pid to FILE\n"
               "  -P, --output-pid          print the daemon's pid on stdout\n"
               "  -T, --trace-file FILE     log every message to FILE\n"
               "  -L, --log-file FILE       log to FILE instead of syslog (stderr with -N)\n"
               "  -s, --socket PATH         listen on PATH (default: $XENSTORED_PATH or\n"
               "                            " DEFAULT_SOCKET ")\n"
               "  -D, --no-domain-init      do not set up dom0's kernel connection\n"
               "  -E, --entry-nb N          nodes per domain (default 1000)\n"
               "  -S, --entry-size N        bytes per node (default 2048)\n"
               "  -W, --watch-nb N          watches per domain (default 128)\n"
               "  -t, --transaction N       transactions per domain (default 10)\n"
               "  -A, --perm-nb N           permission entries per node (default 5)\n"
               "  -M, --path-max N          path length (default 3072)\n"
               "  -Q, --quota WHAT=N        transaction-nodes or outstanding\n"
               "      --no-rings            INTRODUCE records domains without mapping rings\n"
               "  -V, --verbose             log more\n"
               "  -H, --help                this help\n");
}

static int parse_num(const char *opt, const char *s, uint32_t *v)
{
    char *end;
    unsigned long n;

    errno = 0;
    n = strtoul(s, &end, 10);
    if ( !*s || *end || errno || n > UINT32_MAX )
    {
        fprintf(stderr, "xenstored: %s: not a number: '%s'\n", opt, s);
        return -1;
    }
    *v = n;
    return 0;
}

static int parse_opts(int argc, char **argv, struct xsd_daemon *d, struct opts *o)
{
    static const struct option lo[] = {{"no-fork", no_argument, NULL, 'N'},
                                       {"pid-file", required_argument, NULL, 'F'},
                                       {"output-pid", no_argument, NULL, 'P'},
                                       {"trace-file", required_argument, NULL, 'T'},
                                       {"log-file", required_argument, NULL, 'L'},
                                       {"socket", required_argument, NULL, 's'},
                                       {"no-domain-init", no_argument, NULL, 'D'},
                                       {"entry-nb", required_argument, NULL, 'E'},
                                       {"entry-size", required_argument, NULL, 'S'},
                                       {"watch-nb", required_argument, NULL, 'W'},
                                       {"transaction", required_argument, NULL, 't'},
                                       {"perm-nb", required_argument, NULL, 'A'},
                                       {"path-max", required_argument, NULL, 'M'},
                                       {"quota", required_argument, NULL, 'Q'},
                                       {"no-rings", no_argument, NULL, 'r'},
                                       {"verbose", no_argument, NULL, 'V'},
                                       {"help", no_argument, NULL, 'H'},
                                       {"live-update-state", required_argument, NULL, 'U'},
                                       {NULL, 0, NULL, 0}};
    int ch;

    while ( (ch = getopt_long(argc, argv, "NF:PT:L:s:DE:S:W:t:A:M:Q:VH", lo, NULL)) != -1 )
    {
        switch ( ch )
        {
        case 'N':
            o->no_fork = true;
            break;
        case 'F':
            o->pid_file = optarg;
            break;
        case 'P':
            o->output_pid = true;
            break;
        case 'T':
            o->trace_file = optarg;
            break;
        case 'L':
            o->log_file = optarg;
            break;
        case 's':
            o->socket = optarg;
            break;
        case 'D':
            o->no_domain_init = true;
            break;
        case 'E':
            if ( parse_num("--entry-nb", optarg, &d->quota.nodes) )
                return -1;
            break;
        case 'S':
            if ( parse_num("--entry-size", optarg, &d->quota.node_size) )
                return -1;
            break;
        case 'W':
            if ( parse_num("--watch-nb", optarg, &d->quota.watches) )
                return -1;
            break;
        case 't':
            if ( parse_num("--transaction", optarg, &d->quota.txns) )
                return -1;
            break;
        case 'A':
            if ( parse_num("--perm-nb", optarg, &d->quota.perms) )
                return -1;
            break;
        case 'M':
            if ( parse_num("--path-max", optarg, &d->quota.path_max) )
                return -1;
            break;
        case 'Q':
            if ( !strncmp(optarg, "transaction-nodes=", 18) )
            {
                if ( parse_num("--quota", optarg + 18, &d->quota.tx_nodes) )
                    return -1;
            }
            else if ( !strncmp(optarg, "outstanding=", 12) )
            {
                if ( parse_num("--quota", optarg + 12, &d->quota.outstanding) )
                    return -1;
            }
            else
            {
                fprintf(stderr,
                        "xenstored: --quota: unknown quota '%s' (transaction-nodes=N, "
                        "outstanding=N)\n",
                        optarg);
                return -1;
            }
            break;
        case 'r':
            d->rings = false;
            break;
        case 'V':
            d->verbose++;
            break;
        case 'U':
            o->lu_state = optarg;
            break;
        case 'H':
            usage(stdout);
            exit(0);
        default:
            usage(stderr);
            return -1;
        }
    }
    if ( optind < argc )
    {
        fprintf(stderr, "xenstored: unexpected argument '%s'\n", argv[optind]);
        return -1;
    }
    return 0;
}

/* mkdir -p of @path's parent directory. */
static void make_parent(const char *path)
{
    char buf[PATH_MAX];
    char *s;

    snprintf(buf, sizeof(buf), "%s", path);
    for ( s = buf + 1; (s = strchr(s, '/')); s++ )
    {
        *s = 0;
        mkdir(buf, 0755);
        *s = '/';
    }
}

/* Listen on @path; the name appears only once connections are accepted. */
static int listen_on(const char *path)
{
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    char tmp[sizeof(sa.sun_path)];
    int fd = -1;

    if ( snprintf(tmp, sizeof(tmp), "%s.new", path) >= (int)sizeof(tmp) )
    {
        fprintf(stderr, "xenstored: %s: socket path too long\n", path);
        return -1;
    }
    strcpy(sa.sun_path, tmp);
    make_parent(path);
    unlink(tmp);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if ( fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || chmod(tmp, 0600) ||
         listen(fd, 128) || rename(tmp, path) )
    {
        fprintf(stderr, "xenstored: %s: %s\n", path, strerror(errno));
        unlink(tmp);
        if ( fd >= 0 )
            close(fd);
        return -1;
    }
    return fd;
}

static void accept_one(struct xsd_daemon *d, int lfd)
{
    int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);

    if ( fd < 0 )
        return;
    if ( !xsd_conn_new(d, &xsd_unix_transport, NULL, fd, 0, true) )
        close(fd);
}

/* Replace this process with the new binary, keeping every fd it needs. */
static void live_update(struct xsd_daemon *d, const int *lfds, int nl, struct opts *o)
{
    char state[PATH_MAX];
    struct xsd_conn *c;
    char **args;
    int argc, i, j;

    d->lu_pending = false;
    snprintf(state, sizeof(state), "%s/xenstored-lu.%ld",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (long)getpid());
    for ( c = d->conns; c; c = c->next )
        xsd_conn_flush(c);
    if ( xsd_lu_save(d, state, lfds, nl) )
        goto fail;
    for ( argc = 0; o->argv[argc]; argc++ )
        ;
    args = calloc(argc + 3, sizeof(*args));
    if ( !args )
        goto fail;
    args[0] = d->lu_binary;
    for ( i = 1, j = 1; i < argc; i++ )
    {
        if ( !strcmp(o->argv[i], "--live-update-state") )
        {
            i++;
            continue;
        }
        args[j++] = o->argv[i];
    }
    args[j++] = "--live-update-state";
    args[j++] = state;
    xsd_log(d, "live update: exec %s", d->lu_binary);
    execv(d->lu_binary, args);
    xsd_log(d, "live update: exec %s: %s", d->lu_binary, strerror(errno));
    free(args);
    unlink(state);
fail:
    for ( c = d->conns; c; c = c->next )
        if ( c->lu_waiting )
        {
            static const char msg[] = "live update failed";

            c->lu_waiting = false;
            xsd_conn_send(c, XS_CONTROL, c->lu_req_id, 0, msg, sizeof(msg));
        }
}

static void serve(struct xsd_daemon *d, const int *lfds, int nl, struct opts *o)
{
    struct pollfd *pfd = NULL;
    struct xsd_conn **who = NULL, *c, *next;
    size_t cap = 0, n, i;
    uint8_t buf[4096 + 16];
    long r;

    while ( !stop_signal )
    {
        if ( d->lu_pending )
            live_update(d, lfds, nl, o);
        /*
         * What was queued outside the loop below (a live update's reply, here
         * or in the new image) goes now: a ring has no POLLOUT to wait for.
         */
        for ( c = d->conns; c; c = c->next )
            xsd_conn_flush(c);
        n = nl;
        for ( c = d->conns; c; c = c->next )
            n++;
        if ( n > cap )
        {
            free(pfd);
            free(who);
            cap = n * 2;
            pfd = calloc(cap, sizeof(*pfd));
            who = calloc(cap, sizeof(*who));
            if ( !pfd || !who )
                break;
        }
        for ( i = 0; i < (size_t)nl; i++ )
            pfd[i] = (struct pollfd){.fd = lfds[i], .events = POLLIN};
        for ( c = d->conns; c; c = c->next, i++ )
        {
            who[i] = c;
            pfd[i] = (struct pollfd){.fd = c->fd, .events = 0};
            if ( xsd_conn_wants_input(c) )
                pfd[i].events |= POLLIN;
            if ( c->out && !c->tp->space_is_event )
                pfd[i].events |= POLLOUT;
        }
        if ( poll(pfd, i, -1) < 0 && errno != EINTR )
            break;
        for ( i = 0; i < (size_t)nl; i++ )
            if ( pfd[i].revents & POLLIN )
                accept_one(d, lfds[i]);
        for ( ; i < n; i++ )
        {
            c = who[i];
            if ( !(pfd[i].revents & (POLLIN | POLLHUP | POLLERR)) || !xsd_conn_wants_input(c) )
                continue;
            r = c->tp->read(c, buf, sizeof(buf));
            if ( r < 0 )
                c->dead = true;
            else if ( r > 0 )
                xsd_conn_input(c, buf, r);
        }
        for ( c = d->conns; c; c = next )
        {
            next = c->next;
            xsd_conn_flush(c);
            if ( c->dead )
                xsd_conn_free(c);
        }
    }
    free(pfd);
    free(who);
}

static int write_pid_file(const char *path)
{
    FILE *f = fopen(path, "w");

    if ( !f || fprintf(f, "%ld\n", (long)getpid()) < 0 || fclose(f) )
    {
        fprintf(stderr, "xenstored: %s: %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct xsd_daemon d;
    struct opts o = {.argv = argv};
    int lfds[MAX_LISTEN], nl = 0, rc = 1, r, i;
    const char *sock;
    FILE *logf = NULL;

    if ( xsd_daemon_init(&d) )
    {
        fprintf(stderr, "xenstored: out of memory\n");
        return 1;
    }
    if ( parse_opts(argc, argv, &d, &o) )
        goto out;
    if ( o.trace_file && !(d.trace = fopen(o.trace_file, "a")) )
    {
        fprintf(stderr, "xenstored: %s: %s\n", o.trace_file, strerror(errno));
        goto out;
    }
    if ( d.trace )
        setvbuf(d.trace, NULL, _IOLBF, 0);
    if ( o.log_file )
    {
        logf = fopen(o.log_file, "a");
        if ( !logf )
        {
            fprintf(stderr, "xenstored: %s: %s\n", o.log_file, strerror(errno));
            goto out;
        }
        xsd_log_stream = logf;
    }
    else if ( o.no_fork )
        xsd_log_stream = stderr;
    else
        openlog("xenstored", LOG_PID, LOG_DAEMON);
    signal(SIGPIPE, SIG_IGN);
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);

    if ( o.lu_state )
    {
        if ( xsd_lu_load(&d, o.lu_state, lfds, &nl) )
        {
            fprintf(stderr, "xenstored: %s: cannot restore the live-update state\n", o.lu_state);
            goto out;
        }
        unlink(o.lu_state);
        xsd_log(&d, "live update: restored %zu nodes", d.nodes.count);
    }
    else
    {
        sock = o.socket ? o.socket : getenv("XENSTORED_PATH");
        if ( !sock )
            sock = DEFAULT_SOCKET;
        lfds[nl] = listen_on(sock);
        if ( lfds[nl] < 0 )
            goto out;
        nl++;
        if ( !o.no_domain_init && (r = xsd_dom0_init(&d)) && r != -ENOENT )
            goto out;
        if ( !o.no_fork )
        {
            pid_t pid = fork();

            if ( pid < 0 )
            {
                fprintf(stderr, "xenstored: fork: %s\n", strerror(errno));
                goto out;
            }
            if ( pid > 0 )
            {
                /* Written before we return, so whoever started us can read it. */
                if ( o.pid_file )
                {
                    FILE *f = fopen(o.pid_file, "w");

                    if ( !f || fprintf(f, "%ld\n", (long)pid) < 0 || fclose(f) )
                        fprintf(stderr, "xenstored: %s: %s\n", o.pid_file, strerror(errno));
                }
                if ( o.output_pid )
                    printf("%ld\n", (long)pid);
                fflush(stdout);
                _exit(0);
            }
            setsid();
            if ( !freopen("/dev/null", "r", stdin) || !freopen("/dev/null", "w", stdout) ||
                 (!logf && !freopen("/dev/null", "w", stderr)) )
                goto out;
        }
        else if ( o.output_pid )
        {
            printf("%ld\n", (long)getpid());
            fflush(stdout);
        }
        if ( o.no_fork && o.pid_file && write_pid_file(o.pid_file) )
            goto out;
        xsd_log(&d, "listening on %s", sock);
    }
    serve(&d, lfds, nl, &o);
    xsd_log(&d, "exiting on signal %d", (int)stop_signal);
    rc = 0;
out:
    for ( i = 0; i < nl; i++ )
        close(lfds[i]);
    xsd_daemon_dispose(&d);
    if ( d.trace )
        fclose(d.trace);
    if ( logf )
        fclose(logf);
    return rc;
}
