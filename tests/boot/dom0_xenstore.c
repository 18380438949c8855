/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dom0test_xenstore=1: our xenstored in dom0, started as Xen's init scripts
 * start it, serving dom0's kernel over the store ring from
 * /dev/xen/xenbus_backend; our xenstore-* clients and Debian's then reach it
 * through the kernel (/dev/xen/xenbus) with its socket gone, and the kernel's
 * own xenbus (the balloon driver's memory/target watch) reads what they write.
 * The initramfs holds the dynamically linked programs: ours in /usr, Debian's
 * in /debian/bin with their libraries in /debian/lib.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "dom0_init.h"
#include "init_common.h"

#define XENSTORED   "/usr/sbin/xenstored"
#define SOCKET      "/run/xenstored/socket"
#define PID_FILE    "/run/xenstored.pid"
#define LOG_FILE    "/run/xenstored.log"
#define DEBIAN_LIBS "/debian/lib"
#define BALLOON_DIR "/sys/devices/system/xen_memory/xen_memory0"

static char out[8192]; /* the last command's stdout and stderr */

/* Start @prog with @argv (NULL-terminated, argv[0] = @prog), its output on a pipe into *@fd. */
static pid_t start(const char *env, char **argv, int *fd)
{
    int fds[2];
    pid_t pid;

    out[0] = 0;
    *fd = -1;
    if ( pipe2(fds, O_CLOEXEC) )
        return -1;
    /* posix_spawn, not fork: it shares the address space until the exec, so no page
     * table is copied (see check_xenstore). */
    pid = init_spawn((const char *const *)argv, env, fds[1]);
    close(fds[1]);
    if ( pid < 0 )
    {
        snprintf(out, sizeof(out), "spawn %s failed", argv[0]);
        close(fds[0]);
    }
    else
        *fd = fds[0];
    return pid;
}

/*
 * Collect a started command's output into out[] and its exit status:
 * 128+signal, or -1 if it was still running after 20 s (then killed).
 */
static int finish(pid_t pid, int fd, const char *prog)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    time_t end = time(NULL) + 20;
    size_t have = 0;
    int status;

    if ( pid < 0 )
        return -1;
    while ( time(NULL) < end )
    {
        ssize_t r;

        if ( poll(&p, 1, 1000) < 1 )
            continue;
        r = read(fd, out + have, sizeof(out) - 1 - have);
        if ( r <= 0 )
            break;
        have += r;
    }
    out[have] = 0;
    close(fd);
    if ( time(NULL) >= end )
    {
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        snprintf(out, sizeof(out), "%s: still running after 20 s", prog);
        return -1;
    }
    if ( waitpid(pid, &status, 0) != pid )
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/*
 * Run a command (NULL-terminated arguments after @prog), stdout and stderr
 * into out[]; @env: one "NAME=VALUE" added to the environment, or NULL.
 * Returns its exit status, 128+signal, or -1 (not started, or killed after 20 s).
 */
static int run(const char *env, const char *prog, ...)
{
    char *argv[16];
    va_list ap;
    int n = 0, fd;
    pid_t pid;

    va_start(ap, prog);
    argv[n++] = (char *)prog;
    while ( n < 15 && (argv[n] = va_arg(ap, char *)) )
        n++;
    argv[n] = NULL;
    va_end(ap);
    pid = start(env, argv, &fd);
    return finish(pid, fd, prog);
}

/* A result for the last command: exit status @rc wanted 0 and output @want (NULL: any). */
static void expect(const char *name, int rc, const char *want)
{
    result(rc == 0 && (!want || !strcmp(out, want)), name, "status %d, output '%.200s'", rc, out);
}

/* Print the daemon's log, for the test's diagnostics. */
static void show_log(void)
{
    FILE *f = fopen(LOG_FILE, "r");
    char line[512];

    while ( f && fgets(line, sizeof(line), f) )
        printf("DOM0XS log: %s", line);
    if ( f )
        fclose(f);
    fflush(stdout);
}

/* Poll @path (sysfs) for @want for up to 10 s; its last value is returned. */
static const char *wait_for(const char *path, const char *want)
{
    const char *v = read_line(path);

    for ( int i = 0; i < 100 && strcmp(v, want); i++ )
    {
        usleep(100000);
        v = read_line(path);
    }
    return v;
}

/* The kernel's balloon driver takes a new target from its memory/target watch. */
static void check_balloon_watch(const char *name, const char *name_back)
{
    long start = atol(read_line(BALLOON_DIR "/target_kb"));
    char want[32], back[32];
    const char *v;
    int rc;

    snprintf(want, sizeof(want), "%ld", start - 8192);
    snprintf(back, sizeof(back), "%ld", start);
    rc = run(NULL, "/usr/bin/xenstore-write", "/local/domain/0/memory/target", want, NULL);
    v = rc ? "" : wait_for(BALLOON_DIR "/target_kb", want);
    result(!rc && !strcmp(v, want), name, "memory/target %s (write status %d): target_kb is '%s'",
           want, rc, v);
    rc = run(NULL, "/usr/bin/xenstore-write", "/local/domain/0/memory/target", back, NULL);
    v = rc ? "" : wait_for(BALLOON_DIR "/target_kb", back);
    result(!rc && !strcmp(v, back), name_back,
           "memory/target %s (write status %d): target_kb is '%s'", back, rc, v);
}

/*
 * xenstore-watch -n 2 through the device (the kernel keeps the watch and
 * relays its events): the event at once, then the one for a write.
 */
static void check_watch(const char *name, const char *env, const char *prog)
{
    char *argv[] = {(char *)prog, "-n", "2", "/test/w", NULL};
    int fd, rc, wrc;
    pid_t pid = start(env, argv, &fd);

    usleep(500000); /* registered by then, or the write below comes first: still 2 events */
    wrc = run(NULL, "/usr/bin/xenstore-write", "/test/w", prog, NULL);
    rc = finish(pid, fd, prog);
    result(!wrc && !rc && !strcmp(out, "/test/w\n/test/w\n"), name,
           "write status %d, watch status %d, output '%.200s'", wrc, rc, out);
}

/* A value of 4000 bytes: both messages are bigger than the 1024-byte rings. */
static void check_big_value(void)
{
    static char big[4001], want[4002];

    for ( size_t i = 0; i < 4000; i++ )
        big[i] = (char)('a' + i % 26);
    snprintf(want, sizeof(want), "%s\n", big);
    expect("xs-big-write", run(NULL, "/usr/bin/xenstore-write", "/test/big", big, NULL), "");
    expect("xs-big-read", run(NULL, "/usr/bin/xenstore-read", "/test/big", NULL), want);
}

/* Debian's xenstore-utils with Debian's libxenstore, through the same device. */
static void check_debian(void)
{
    static const char lib[] = "LD_LIBRARY_PATH=" DEBIAN_LIBS;

    expect("deb-write",
           run(lib, "/debian/bin/xenstore-write", "/deb/x", "42", "/deb/y", "z z", NULL), "");
    expect("deb-read", run(lib, "/debian/bin/xenstore-read", "/deb/x", "/test/b", NULL),
           "42\nwor ld\n");
    expect("deb-ls", run(lib, "/debian/bin/xenstore-ls", "/deb", NULL),
           "x = \"42\"\ny = \"z z\"\n");
    expect("deb-rm", run(lib, "/debian/bin/xenstore-rm", "/deb/x", NULL), "");
    expect("deb-list", run(lib, "/debian/bin/xenstore-list", "/deb", NULL), "y\n");
    expect("deb-kernel-node",
           run(lib, "/debian/bin/xenstore-read", "/local/domain/0/control/feature-poweroff", NULL),
           "1\n");
    expect("ours-reads-deb", run(NULL, "/usr/bin/xenstore-read", "/deb/y", NULL), "z z\n");
    check_watch("deb-watch", lib, "/debian/bin/xenstore-watch");
}

void check_xenstore(void)
{
    int rc = -1;

    char *daemon[] = {XENSTORED, "--no-fork", "--pid-file", PID_FILE, "--log-file", LOG_FILE, NULL};
    int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    pid_t pid;

    /*
     * In the foreground, as Xen's systemd unit runs it (-N): a fork in this
     * dom0 still dies on our hypervisor (copy_page_range's write-protect of a
     * PTE is a byte-wide lock and, which ptwr.c does not emulate yet).
     */
    mkdir("/run", 0755);
    mkdir("/tmp", 01777); /* the live update's state file */
    pid = init_spawn((const char *const *)daemon, NULL, null >= 0 ? null : 1);
    result(pid > 0, "xs-daemon", "%s", out);
    /* As Xen's launch-xenstore: until a read of / through the socket works. */
    for ( int i = 0; i < 60 && rc; i++ )
    {
        rc = run(NULL, "/usr/bin/xenstore-read", "-s", "/", NULL);
        if ( rc )
            usleep(250000);
    }
    expect("xs-ready", rc, NULL);
    /* The kernel's xenbus starts on the daemon's first event and writes its control nodes. */
    for ( int i = 0; i < 100; i++ )
    {
        rc = run(NULL, "/usr/bin/xenstore-read", "/local/domain/0/control/feature-poweroff", NULL);
        if ( !rc )
            break;
        usleep(100000);
    }
    expect("xs-kernel-writes", rc, "1\n");
    run(NULL, "/usr/bin/xenstore-ls", "-f", NULL);
    for ( char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n") )
        printf("DOM0XS tree: %s\n", line);

    /* No socket from here on: clients open /dev/xen/xenbus, the kernel relays to the ring. */
    result(!unlink(SOCKET), "xs-no-socket", "unlink %s: %s", SOCKET, strerror(errno));
    expect("xs-write",
           run(NULL, "/usr/bin/xenstore-write", "/local/domain/0/name", "Domain-0",
               "/local/domain/0/domid", "0", "/test/a", "hello", "/test/b", "wor ld", NULL),
           "");
    expect("xs-read", run(NULL, "/usr/bin/xenstore-read", "/test/a", "/test/b", NULL),
           "hello\nwor ld\n");
    expect("xs-ls", run(NULL, "/usr/bin/xenstore-ls", "/test", NULL),
           "a = \"hello\"\nb = \"wor ld\"\n");
    expect("xs-rm", run(NULL, "/usr/bin/xenstore-rm", "/test/a", NULL), "");
    rc = run(NULL, "/usr/bin/xenstore-exists", "/test/a", NULL);
    result(rc == 1, "xs-rm-gone", "xenstore-exists /test/a: status %d, '%s'", rc, out);
    expect("xs-list", run(NULL, "/usr/bin/xenstore-list", "/test", NULL), "b\n");
    expect("xs-procfs",
           run("XENSTORED_PATH=/proc/xen/xenbus", "/usr/bin/xenstore-read", "/local/domain/0/name",
               NULL),
           "Domain-0\n");
    check_big_value();
    check_watch("xs-watch", NULL, "/usr/bin/xenstore-watch");
    check_balloon_watch("xs-kernel-watch", "xs-kernel-watch-back");
    check_debian();
    /*
     * Live update asked through the kernel: the new image takes over the
     * kernel's connection (its event channel kept, its page mapped again),
     * with its watches, and answers the request on it.
     */
    expect("xs-live-update", run(NULL, "/usr/bin/xenstore-control", "live-update", XENSTORED, NULL),
           NULL);
    expect("xs-lu-node", run(NULL, "/usr/bin/xenstore-read", "/test/b", NULL), "wor ld\n");
    check_balloon_watch("xs-lu-kernel-watch", "xs-lu-kernel-watch-back");
    expect("xs-lu-deb",
           run("LD_LIBRARY_PATH=" DEBIAN_LIBS, "/debian/bin/xenstore-read", "/deb/y", NULL),
           "z z\n");
    rc = waitpid(pid, NULL, WNOHANG);
    result(pid > 0 && rc == 0 && atoi(read_line(PID_FILE)) == pid, "xs-daemon-alive",
           "pid %d (pid file: '%s'): %s", (int)pid, read_line(PID_FILE),
           rc ? "exited" : "no pid file");
    show_log();
    /*
     * The end, through the kernel's own watch on control/sysrq: it reads the
     * key and clears it in a transaction over the ring, then powers off. Only
     * if that fails does /init go on to power off by itself.
     */
    printf("DOM0XS checks done, powering off through control/sysrq\n");
    fflush(stdout);
    sync();
    rc = run(NULL, "/usr/bin/xenstore-write", "/local/domain/0/control/sysrq", "o", NULL);
    sleep(20);
    result(0, "xs-sysrq-poweroff", "still running 20 s after writing control/sysrq (status %d)",
           rc);
}
