/* SPDX-License-Identifier: GPL-2.0-only */
/* Event-channel ping-pong through /dev/xen/evtchn (see evtchn_pingpong.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "evtchn_pingpong.h"
typedef uint16_t domid_t; /* what <xen/evtchn.h> expects from the kernel */
#include <xen/evtchn.h>   /* Linux's /dev/xen/evtchn interface (linux-libc-dev) */

static int64_t now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

long evtchn_take(int fd)
{
    uint32_t port;

    if ( read(fd, &port, sizeof(port)) != sizeof(port) ||
         write(fd, &port, sizeof(port)) != sizeof(port) )
        return -1;
    return port;
}

int evtchn_notify(int fd, unsigned int port)
{
    struct ioctl_evtchn_notify n = {port};

    return ioctl(fd, IOCTL_EVTCHN_NOTIFY, &n);
}

void evtchn_drain(int fd)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};

    while ( poll(&p, 1, 200) == 1 && evtchn_take(fd) >= 0 )
        ;
}

/* SIGALRM only interrupts a read that would wait for ever. */
static void on_alarm(int sig)
{
    (void)sig;
}

int evtchn_pingpong_run(int fd, unsigned int port, long n, int batches, int timeout_s, int64_t *ns)
{
    struct sigaction sa = {.sa_handler = on_alarm}, old;
    int k;

    sigaction(SIGALRM, &sa, &old); /* no SA_RESTART: a lost event ends the run */
    for ( k = 0; k < batches; k++ )
    {
        int64_t t = now_ns();
        long i;

        for ( i = 0; i < n; i++ )
        {
            alarm((unsigned int)timeout_s);
            if ( evtchn_notify(fd, port) != 0 || evtchn_take(fd) != (long)port )
                break;
        }
        if ( i < n )
            break;
        ns[k] = (now_ns() - t) / n;
    }
    alarm(0);
    sigaction(SIGALRM, &old, NULL);
    return k;
}

long evtchn_pingpong_serve(int fd, unsigned int port, long rounds)
{
    long i;

    for ( i = 0; rounds < 0 || i < rounds; i++ )
        if ( evtchn_take(fd) != (long)port || evtchn_notify(fd, port) != 0 )
            break;
    return i;
}

static void pin(int cpu)
{
    cpu_set_t set;

    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    sched_setaffinity(0, sizeof(set), &set);
}

int evtchn_pingpong_loopback(long n, int batches, int cpu_a, int cpu_b, int64_t *ns)
{
    struct ioctl_evtchn_bind_unbound_port unbound = {0};
    struct ioctl_evtchn_bind_interdomain bind = {0, 0};
    int fa = open("/dev/xen/evtchn", O_RDWR | O_CLOEXEC);
    int fb = open("/dev/xen/evtchn", O_RDWR | O_CLOEXEC);
    int a = -1, b = -1, status, done = -1, err = 0;
    cpu_set_t all;
    pid_t pid;

    if ( fa < 0 || fb < 0 )
        goto out;
    a = ioctl(fa, IOCTL_EVTCHN_BIND_UNBOUND_PORT, &unbound);
    bind.remote_port = (unsigned int)a;
    b = a < 0 ? -1 : ioctl(fb, IOCTL_EVTCHN_BIND_INTERDOMAIN, &bind);
    if ( a < 0 || b < 0 )
        goto out;
    evtchn_drain(fa);
    evtchn_drain(fb);
    pid = fork();
    if ( pid == 0 )
    {
        pin(cpu_b);
        _exit(evtchn_pingpong_serve(fb, (unsigned int)b, n * batches) == n * batches ? 0 : 1);
    }
    if ( pid < 0 )
        goto out;
    sched_getaffinity(0, sizeof(all), &all);
    pin(cpu_a);
    done = evtchn_pingpong_run(fa, (unsigned int)a, n, batches, 120, ns);
    if ( done < batches )
        kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    sched_setaffinity(0, sizeof(all), &all);
out:
    err = errno;
    if ( fa >= 0 )
        close(fa);
    if ( fb >= 0 )
        close(fb);
    errno = err;
    return done;
}
