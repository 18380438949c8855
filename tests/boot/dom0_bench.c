/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dom0 user-space micro-benchmarks for scripts/bench.d/dom0.sh: /init of an
 * initramfs booted as dom0 under our hypervisor and under Debian's Xen 4.17
 * with the same kernel. It prints "DOM0BENCH start boot_ns N" (the kernel's
 * CLOCK_BOOTTIME) as its very first line, then one "DOM0BENCH NAME NS" line per
 * metric (nanoseconds per operation, the median of several batches): getppid,
 * a fresh anonymous page's first write, a copy-on-write fault after fork,
 * fork+exec+wait of a static program (this one, with --exit), and event-channel
 * ping-pong between two dom0 processes over an interdomain channel from dom0 to
 * itself (on one vCPU, and across two), then "DOM0BENCH done" and powers off.
 * With --host it runs as an ordinary program (fewer iterations, no mounts, no
 * power-off; the event-channel lines say "skipped" without /dev/xen/evtchn):
 * that is what make check runs. For profiling, dom0bench_only=NAME on the
 * kernel command line runs one benchmark (syscall, fault_anon, fault_cow,
 * fork_exec, evtchn_1cpu, evtchn_2cpu) and dom0bench_scale=K runs K times as
 * many iterations. Built static, like dom0_init.c.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "evtchn_pingpong.h"
#include "init_common.h"

#define BATCHES 5
#define PAGE    4096

/* Iterations per batch; --host divides them by 10. */
static long n_syscall = 20000, n_fault = 1024, n_cow = 1024, n_fork = 20, n_evtchn = 100;
static const char *self = "/proc/self/exe";

static int64_t now_ns(clockid_t clock)
{
    struct timespec ts;

    clock_gettime(clock, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

    return (x > y) - (x < y);
}

/* Print the median of BATCHES per-operation times, or why there is none (v[0] < 0). */
static void report(const char *name, int64_t *v)
{
    for ( int i = 0; i < BATCHES; i++ )
        if ( v[i] < 0 )
        {
            printf("DOM0BENCH %s failed\n", name);
            fflush(stdout);
            return;
        }
    qsort(v, BATCHES, sizeof(*v), cmp_i64);
    printf("DOM0BENCH %s %lld\n", name, (long long)v[BATCHES / 2]);
    fflush(stdout);
}

static void bench_syscall(void)
{
    int64_t v[BATCHES];

    for ( int b = 0; b < BATCHES; b++ )
    {
        int64_t t = now_ns(CLOCK_MONOTONIC);

        for ( long i = 0; i < n_syscall; i++ )
            syscall(SYS_getppid);
        v[b] = (now_ns(CLOCK_MONOTONIC) - t) / n_syscall;
    }
    report("syscall_getppid", v);
}

/* Write to each of n fresh pages of p; ns per page. */
static int64_t touch(volatile char *p, long n)
{
    int64_t t = now_ns(CLOCK_MONOTONIC);

    for ( long i = 0; i < n; i++ )
        p[i * PAGE] = 1;
    return (now_ns(CLOCK_MONOTONIC) - t) / n;
}

/* The first write to a fresh anonymous page: a not-present fault and a new PTE. */
static void bench_fault(void)
{
    int64_t v[BATCHES];

    for ( int b = 0; b < BATCHES; b++ )
    {
        char *p =
            mmap(NULL, n_fault * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

        v[b] = -1;
        if ( p == MAP_FAILED )
            continue;
        v[b] = touch(p, n_fault);
        munmap(p, n_fault * PAGE);
    }
    report("fault_anon", v);
}

/*
 * A write to a page fork() left shared and write-protected: the child's write
 * fault copies it. The child measures and sends the figure up a pipe.
 */
static void bench_cow(void)
{
    int64_t v[BATCHES];

    for ( int b = 0; b < BATCHES; b++ )
    {
        char *p =
            mmap(NULL, n_cow * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        int fds[2], status;
        pid_t pid;

        v[b] = -1;
        if ( p == MAP_FAILED )
            continue;
        touch(p, n_cow);
        if ( pipe(fds) == 0 )
        {
            pid = fork();
            if ( pid == 0 )
            {
                int64_t ns = touch(p, n_cow);

                _exit(write(fds[1], &ns, sizeof(ns)) == sizeof(ns) ? 0 : 1);
            }
            if ( pid > 0 && read(fds[0], &v[b], sizeof(v[b])) != sizeof(v[b]) )
                v[b] = -1;
            if ( pid > 0 )
                waitpid(pid, &status, 0);
            close(fds[0]);
            close(fds[1]);
        }
        munmap(p, n_cow * PAGE);
    }
    report("fault_cow", v);
}

/* fork, exec this program with --exit, wait: ns per round. */
static void bench_fork_exec(void)
{
    int64_t v[BATCHES];

    for ( int b = 0; b < BATCHES; b++ )
    {
        int64_t t = now_ns(CLOCK_MONOTONIC);
        long i;

        for ( i = 0; i < n_fork; i++ )
        {
            int status;
            pid_t pid = fork();

            if ( pid == 0 )
            {
                execl(self, self, "--exit", (char *)NULL);
                _exit(127);
            }
            if ( pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
                 WEXITSTATUS(status) != 0 )
                break;
        }
        v[b] = i == n_fork ? (now_ns(CLOCK_MONOTONIC) - t) / n_fork : -1;
    }
    report("fork_exec_wait", v);
}

/*
 * Ping-pong over an interdomain channel whose two ends are both dom0's, one
 * end per process (each its own /dev/xen/evtchn): the parent notifies, the
 * child takes the event and notifies back. On vCPUs cpu_a and cpu_b; ns per
 * round trip.
 */
static void bench_evtchn(const char *name, int cpu_a, int cpu_b)
{
    int64_t v[BATCHES] = {-1, -1, -1, -1, -1};

    if ( access("/dev/xen/evtchn", R_OK | W_OK) != 0 )
    {
        printf("DOM0BENCH %s skipped: /dev/xen/evtchn: %s\n", name, strerror(errno));
        fflush(stdout);
        return;
    }
    if ( evtchn_pingpong_loopback(n_evtchn, BATCHES, cpu_a, cpu_b, v) < 0 )
    {
        printf("DOM0BENCH %s failed: bind ports: %s\n", name, strerror(errno));
        fflush(stdout);
        return;
    }
    report(name, v);
}

static void module_failed(const char *name, int err)
{
    printf("DOM0BENCH module %s: %s\n", name, strerror(err));
}

/* Whether to run benchmark name: all of them unless dom0bench_only (kernel command line) names one.
 */
static int want(const char *name)
{
    const char *only = getenv("dom0bench_only");

    return only == NULL || !strcmp(only, name);
}

int main(int argc, char **argv)
{
    int host = argc > 1 && !strcmp(argv[1], "--host");

    if ( argc > 1 && !strcmp(argv[1], "--exit") )
        return 0;
    if ( argc > 1 && !host )
    {
        fprintf(stderr, "dom0-bench: unknown argument '%s' (want --host or nothing)\n", argv[1]);
        return 2;
    }
    if ( !host )
    {
        init_console();
    }
    printf("DOM0BENCH start boot_ns %lld\n", (long long)now_ns(CLOCK_BOOTTIME));
    fflush(stdout);
    if ( host )
    {
        n_syscall /= 10, n_fault /= 10, n_cow /= 10, n_fork /= 10, n_evtchn /= 10;
    }
    else
    {
        mount("proc", "/proc", "proc", 0, NULL);
        init_load_modules("xen-evtchn.ko", module_failed); /* from dom0-initramfs */
    }

    if ( getenv("dom0bench_scale") && atol(getenv("dom0bench_scale")) > 0 )
    {
        long k = atol(getenv("dom0bench_scale"));

        n_syscall *= k, n_fault *= k, n_cow *= k, n_fork *= k, n_evtchn *= k;
    }
    if ( want("syscall") )
        bench_syscall();
    if ( want("fault_anon") )
        bench_fault();
    if ( want("fault_cow") )
        bench_cow();
    if ( want("fork_exec") )
        bench_fork_exec();
    if ( want("evtchn_1cpu") )
        bench_evtchn("evtchn_pingpong_1cpu", 0, 0);
    if ( want("evtchn_2cpu") && sysconf(_SC_NPROCESSORS_ONLN) > 1 )
        bench_evtchn("evtchn_pingpong_2cpu", 0, 1);
    else if ( want("evtchn_2cpu") )
        printf("DOM0BENCH evtchn_pingpong_2cpu skipped: one CPU online\n");
    printf("DOM0BENCH done\n");
    fflush(stdout);
    if ( host )
        return 0;
    sync();
    reboot(RB_POWER_OFF);
    return 1;
}
