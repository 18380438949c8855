/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tap-ctl: start, list and steer tapdisk processes through their control sockets in the
 * run directory ($TAP_CTL_RUNDIR, default /run/blktap2). Where blktap2 made a kernel
 * device, a tapdisk here exports NBD on RUNDIR/nbdMINOR (and optionally 127.0.0.1:PORT).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PROG "tap-ctl"

static const char *rundir(void)
{
    const char *d = getenv("TAP_CTL_RUNDIR");

    return d && *d ? d : "/run/blktap2";
}

static const char *tapdisk_path(void)
{
    const char *p = getenv("TAPDISK");

    return p && *p ? p : TAPDISK_BIN;
}

/** Send one request to tapdisk PID, read its reply line into out. 0 when it says ok. */
static int request(int pid, const char *req, char *out, size_t outlen)
{
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    char line[4400];
    size_t got = 0;
    int fd, rc = -1;

    snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/tapdisk-%d.ctl", rundir(), pid);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if ( fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) )
    {
        snprintf(out, outlen, "tapdisk %d: %s: %s", pid, sa.sun_path, strerror(errno));
        goto out;
    }
    snprintf(line, sizeof(line), "%s\n", req);
    if ( send(fd, line, strlen(line), MSG_NOSIGNAL) < 0 )
    {
        snprintf(out, outlen, "tapdisk %d: %s", pid, strerror(errno));
        goto out;
    }
    while ( got < outlen - 1 )
    {
        ssize_t r = recv(fd, out + got, outlen - 1 - got, 0);

        if ( r <= 0 )
            break;
        got += (size_t)r;
    }
    out[got] = 0;
    out[strcspn(out, "\n")] = 0;
    if ( !strncmp(out, "ok", 2) )
    {
        memmove(out, out + (out[2] == ' ' ? 3 : 2), strlen(out) + 1);
        rc = 0;
    }
    else if ( !strncmp(out, "error ", 6) )
        memmove(out, out + 6, strlen(out + 6) + 1);
    else if ( !got )
        snprintf(out, outlen, "tapdisk %d: no reply", pid);
out:
    if ( fd >= 0 )
        close(fd);
    return rc;
}

/** Request and report: prints the error as "tap-ctl: MESSAGE"; returns the exit status. */
static int simple(int pid, const char *req, bool print)
{
    char out[4096];

    if ( request(pid, req, out, sizeof(out)) )
    {
        fprintf(stderr, "%s: %s\n", PROG, out);
        return 1;
    }
    if ( print && *out )
        printf("%s\n", out);
    return 0;
}

/** Every running tapdisk's pid (from the control sockets); returns how many. */
static int list_pids(int *pids, int max)
{
    DIR *d = opendir(rundir());
    struct dirent *e;
    int n = 0;

    if ( !d )
        return 0;
    while ( (e = readdir(d)) && n < max )
    {
        int pid;

        if ( sscanf(e->d_name, "tapdisk-%d.ctl", &pid) == 1 && kill(pid, 0) == 0 )
            pids[n++] = pid;
    }
    closedir(d);
    return n;
}

/** The pid serving minor, or -1. */
static int pid_of_minor(int minor)
{
    int pids[256], n = list_pids(pids, 256);

    for ( int i = 0; i < n; i++ )
    {
        char out[4096], *m;

        if ( request(pids[i], "info", out, sizeof(out)) == 0 && (m = strstr(out, "minor=")) &&
             atoi(m + 6) == minor )
            return pids[i];
    }
    return -1;
}

static int spawn(void)
{
    char ctl[4096];
    pid_t pid;
    int status;

    if ( mkdir(rundir(), 0700) && errno != EEXIST )
    {
        fprintf(stderr, "%s: %s: %s\n", PROG, rundir(), strerror(errno));
        return -1;
    }
    pid = fork();
    if ( pid < 0 )
        return -1;
    if ( pid == 0 )
    {
        /* Detach: a new session, no descriptor of ours left open (a pipe held open by a
         * daemon keeps whoever reads it waiting). */
        int null = open("/dev/null", O_RDWR | O_CLOEXEC);

        setsid();
        snprintf(ctl, sizeof(ctl), "%s/tapdisk-%d.ctl", rundir(), (int)getpid());
        if ( null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0 )
            _exit(127);
        close_range(3, ~0u, 0);
        execl(tapdisk_path(), "tapdisk", "-c", ctl, (char *)NULL);
        _exit(127);
    }
    snprintf(ctl, sizeof(ctl), "%s/tapdisk-%d.ctl", rundir(), (int)pid);
    for ( int i = 0; i < 500; i++ )
    {
        struct timespec ts = {0, 10 * 1000 * 1000};

        if ( access(ctl, F_OK) == 0 )
            return pid;
        if ( waitpid(pid, &status, WNOHANG) == pid )
            break;
        nanosleep(&ts, NULL);
    }
    fprintf(stderr, "%s: tapdisk %d (%s) did not come up\n", PROG, (int)pid, tapdisk_path());
    kill(pid, SIGKILL);
    return -1;
}

struct args {
    int pid, minor, port;
    const char *spec;
    const char *backend; /* -x: xenstore backend directory */
    bool ro;
    bool nodev; /* -N: no /dev/nbdMINOR even with the nbd module */
};

static int parse(int argc, char **argv, const char *opts, struct args *a)
{
    int c;

    a->pid = a->minor = a->port = -1;
    a->spec = a->backend = NULL;
    a->ro = a->nodev = false;
    optind = 1;
    while ( (c = getopt(argc, argv, opts)) != -1 )
        switch ( c )
        {
        case 'p':
            a->pid = atoi(optarg);
            break;
        case 'm':
            a->minor = atoi(optarg);
            break;
        case 'a':
            a->spec = optarg;
            break;
        case 'R':
            a->ro = true;
            break;
        case 't':
            a->port = atoi(optarg);
            break;
        case 'x':
            a->backend = optarg;
            break;
        case 'N':
            a->nodev = true;
            break;
        default:
            return -1;
        }
    if ( optind != argc )
        return -1;
    if ( a->pid < 0 && a->minor >= 0 )
        a->pid = pid_of_minor(a->minor);
    return 0;
}

static int need_pid(const char *cmd, struct args *a)
{
    if ( a->pid > 0 )
        return 0;
    fprintf(stderr, "%s: %s: no tapdisk found (give -p PID, or -m MINOR of a running one)\n", PROG,
            cmd);
    return 1;
}

static int cmd_list(int argc, char **argv)
{
    int pids[256], n;
    struct args a;

    if ( parse(argc, argv, "p:m:", &a) )
        return 1;
    n = list_pids(pids, 256);
    for ( int i = 0; i < n; i++ )
    {
        char out[4096];

        if ( a.pid > 0 && pids[i] != a.pid )
            continue;
        if ( request(pids[i], "info", out, sizeof(out)) == 0 )
            printf("%s\n", out);
    }
    return 0;
}

static int cmd_spawn(int argc, char **argv)
{
    struct args a;
    int pid;

    if ( parse(argc, argv, "", &a) )
        return 1;
    pid = spawn();
    if ( pid < 0 )
        return 1;
    printf("%d\n", pid);
    return 0;
}

static int attach(int pid, int minor, int port)
{
    char req[4200];

    snprintf(req, sizeof(req), "attach %d %s/nbd%d %d", minor, rundir(), minor, port);
    return simple(pid, req, false);
}

static int cmd_attach(int argc, char **argv)
{
    struct args a;

    if ( parse(argc, argv, "p:m:t:", &a) || a.minor < 0 )
        return fprintf(stderr, "usage: %s attach -p PID -m MINOR [-t PORT]\n", PROG), 1;
    if ( need_pid("attach", &a) )
        return 1;
    return attach(a.pid, a.minor, a.port);
}

static int cmd_open(int argc, char **argv)
{
    struct args a;
    char req[4200];

    if ( parse(argc, argv, "p:m:a:R", &a) || !a.spec )
        return fprintf(stderr, "usage: %s open -p PID -m MINOR -a TYPE:PATH [-R]\n", PROG), 1;
    if ( need_pid("open", &a) )
        return 1;
    snprintf(req, sizeof(req), "open %s%s", a.spec, a.ro ? " ro" : "");
    return simple(a.pid, req, false);
}

static int cmd_simple(int argc, char **argv, const char *req)
{
    struct args a;

    if ( parse(argc, argv, "p:m:", &a) )
        return fprintf(stderr, "usage: %s %s -p PID -m MINOR\n", PROG, req), 1;
    if ( need_pid(req, &a) )
        return 1;
    return simple(a.pid, req, !strcmp(req, "stats"));
}

static int cmd_close(int argc, char **argv)
{
    return cmd_simple(argc, argv, "close");
}

static int cmd_pause(int argc, char **argv)
{
    return cmd_simple(argc, argv, "pause");
}

static int cmd_stats(int argc, char **argv)
{
    return cmd_simple(argc, argv, "stats");
}

static int cmd_unpause(int argc, char **argv)
{
    struct args a;
    char req[4200];

    if ( parse(argc, argv, "p:m:a:", &a) )
        return fprintf(stderr, "usage: %s unpause -p PID -m MINOR [-a TYPE:PATH]\n", PROG), 1;
    if ( need_pid("unpause", &a) )
        return 1;
    snprintf(req, sizeof(req), "unpause%s%s", a.spec ? " " : "", a.spec ? a.spec : "");
    return simple(a.pid, req, false);
}

static int destroy(int pid)
{
    int rc = simple(pid, "close", false);

    if ( !rc )
        rc = simple(pid, "shutdown", false);
    /* Wait for it to go (it may not be our child). */
    for ( int i = 0; i < 500 && kill(pid, 0) == 0; i++ )
    {
        struct timespec ts = {0, 10 * 1000 * 1000};

        waitpid(pid, NULL, WNOHANG);
        nanosleep(&ts, NULL);
    }
    return rc;
}

static int cmd_destroy(int argc, char **argv)
{
    struct args a;

    if ( parse(argc, argv, "p:m:", &a) )
        return fprintf(stderr, "usage: %s destroy -p PID -m MINOR\n", PROG), 1;
    if ( need_pid("destroy", &a) )
        return 1;
    return destroy(a.pid);
}

/** Is the nbd module there? Loads it (modprobe, quietly) when it is not. */
static bool nbd_module(void)
{
    pid_t pid;

    if ( access("/sys/module/nbd", F_OK) == 0 )
        return true;
    if ( getenv("TAP_CTL_NO_MODPROBE") )
        return false;
    pid = fork();
    if ( pid == 0 )
    {
        int null = open("/dev/null", O_RDWR | O_CLOEXEC);

        if ( null >= 0 )
        {
            dup2(null, 1);
            dup2(null, 2);
        }
        execlp("modprobe", "modprobe", "-q", "nbd", (char *)NULL);
        _exit(127);
    }
    if ( pid > 0 )
        waitpid(pid, NULL, 0);
    return access("/sys/module/nbd", F_OK) == 0;
}

static int cmd_create(int argc, char **argv)
{
    struct args a;
    char req[4200];
    int minor = 0, pid;

    if ( parse(argc, argv, "a:Rt:x:N", &a) || !a.spec )
        return fprintf(stderr,
                       "usage: %s create -a TYPE:PATH [-R] [-t PORT] [-x BACKEND_DIR] [-N]\n",
                       PROG),
               1;
    while ( pid_of_minor(minor) > 0 )
        minor++;
    pid = spawn();
    if ( pid < 0 )
        return 1;
    snprintf(req, sizeof(req), "open %s%s", a.spec, a.ro ? " ro" : "");
    if ( attach(pid, minor, a.port) || simple(pid, req, false) )
        goto fail;
    /* tapdisk's stderr is /dev/null: say here when it had to do without io_uring. */
    if ( request(pid, "stats", req, sizeof(req)) == 0 && strstr(req, "\"io\": \"sync\"") )
        fprintf(stderr, "%s: note: tapdisk %d: io_uring unavailable, using synchronous I/O\n", PROG,
                pid);
    if ( a.backend )
    {
        snprintf(req, sizeof(req), "backend %s", a.backend);
        if ( simple(pid, req, false) )
            goto fail;
    }
    if ( !a.nodev && nbd_module() )
    {
        /* A kernel device for blkback: /dev/nbdMINOR on the tapdisk. */
        if ( simple(pid, "kdev", false) )
            goto fail;
    }
    else if ( !a.nodev )
        fprintf(stderr,
                "%s: note: no nbd kernel module loaded: minor %d is served on %s/nbd%d "
                "only, no /dev/nbd%d\n",
                PROG, minor, rundir(), minor, minor);
    printf("%s/nbd%d\n", rundir(), minor);
    return 0;
fail:
    simple(pid, "shutdown", false);
    return 1;
}

static const struct {
    const char *name;
    int (*fn)(int, char **);
    const char *help;
} cmds[] = {
    {"list", cmd_list, "list running tapdisks"},
    {"spawn", cmd_spawn, "start a tapdisk, print its pid"},
    {"attach", cmd_attach, "give a tapdisk a minor and its NBD socket"},
    {"open", cmd_open, "open an image in a tapdisk"},
    {"close", cmd_close, "close a tapdisk's image (drops clients)"},
    {"pause", cmd_pause, "stop serving requests and flush"},
    {"unpause", cmd_unpause, "reopen (optionally another image) and serve again"},
    {"create", cmd_create, "spawn, attach and open in one step; print the NBD socket"},
    {"destroy", cmd_destroy, "close and stop a tapdisk"},
    {"stats", cmd_stats, "print a tapdisk's counters as JSON"},
};

int main(int argc, char **argv)
{
    if ( argc >= 2 )
        for ( size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++ )
            if ( !strcmp(argv[1], cmds[i].name) )
                return cmds[i].fn(argc - 1, argv + 1);
    if ( argc >= 2 && strcmp(argv[1], "-h") && strcmp(argv[1], "--help") )
        fprintf(stderr, "%s: unknown command '%s'\n", PROG, argv[1]);
    fprintf(stderr, "usage: %s COMMAND [OPTIONS]\n", PROG);
    for ( size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++ )
        fprintf(stderr, "  %-8s %s\n", cmds[i].name, cmds[i].help);
    return argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) ? 0 : 1;
}
