/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dom0's /init: the CPU features Linux finds as a PV dom0 and what its user
 * space can do with them (XSAVE with AVX, FSGSBASE, MCE). RDTSCP shows, but
 * a PV Linux writes TSC_AUX (getcpu) on its boot CPU only, here as on Xen 4.17.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dom0_init.h"

#define HWCAP2_FSGSBASE (1UL << 1)

/* The "flags" line of /proc/cpuinfo's first processor, with a space at each end. */
static void cpu_flags(char *out, size_t size)
{
    char line[4096];
    FILE *f = fopen("/proc/cpuinfo", "r");

    snprintf(out, size, " ");
    if ( f == NULL )
        return;
    while ( fgets(line, sizeof(line), f) )
    {
        char *colon = strchr(line, ':');

        if ( strncmp(line, "flags", 5) != 0 || colon == NULL )
            continue;
        line[strcspn(line, "\n")] = '\0';
        snprintf(out, size, "%s ", colon + 1);
        break;
    }
    fclose(f);
}

static int has_flag(const char *flags, const char *name)
{
    char word[64];

    snprintf(word, sizeof(word), " %s ", name);
    return strstr(flags, word) != NULL;
}

/* Flags Linux shows on Xen 4.17 too (and "arat" it does not). */
static void check_flags(const char *flags)
{
    static const char *const want[] = {"xsave", "xsaveopt", "rdtscp",           "fsgsbase",
                                       "mce",   "mca",      "arch_capabilities"};
    char missing[256] = "";

    for ( size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++ )
        if ( !has_flag(flags, want[i]) )
            snprintf(missing + strlen(missing), sizeof(missing) - strlen(missing), " %s", want[i]);
    result(!missing[0] && !has_flag(flags, "arat"), "cpu-flags", "missing:%s%s", missing,
           has_flag(flags, "arat") ? "; arat shown" : "");
}

/* The highest-numbered online CPU (dom0's last vCPU). */
static int last_cpu(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);

    return n > 1 ? (int)n - 1 : 0;
}

/* Run fn(arg) in a child pinned to cpu: its pid, or -1. */
static pid_t run_pinned(int cpu, int (*fn)(unsigned int), unsigned int arg)
{
    pid_t pid = fork();

    if ( pid == 0 )
    {
        cpu_set_t set;

        CPU_ZERO(&set);
        CPU_SET(cpu, &set);
        if ( sched_setaffinity(0, sizeof(set), &set) != 0 )
            _exit(2);
        _exit(fn(arg));
    }
    return pid;
}

static int wait_status(pid_t pid)
{
    int status = 0;

    if ( pid < 0 || waitpid(pid, &status, 0) != pid )
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Something else for the CPU to run: yield 2000 times. */
static int yield_worker(unsigned int unused)
{
    (void)unused;
    for ( int n = 0; n < 2000; n++ )
        sched_yield();
    return 7;
}

/* Fill YMM0 and YMM1 with seed's pattern, yield many times, check them: 7 if intact. */
static int avx_worker(unsigned int seed)
{
    uint64_t in[8], out[8];

    for ( int i = 0; i < 8; i++ )
        in[i] = ((uint64_t)seed << 32) | (uint64_t)(i * 0x01010101u + 1);
    __asm__ volatile("vmovdqu %0, %%ymm0\n\tvmovdqu %1, %%ymm1"
                     :
                     : "m"(*(const uint64_t(*)[4])in), "m"(*(const uint64_t(*)[4])(in + 4))
                     : "xmm0", "xmm1");
    for ( int n = 0; n < 2000; n++ )
        sched_yield();
    __asm__ volatile("vmovdqu %%ymm0, %0\n\tvmovdqu %%ymm1, %1"
                     : "=m"(*(uint64_t(*)[4])out), "=m"(*(uint64_t(*)[4])(out + 4)));
    return memcmp(in, out, sizeof(in)) == 0 ? 7 : 3;
}

/* Two processes on one CPU each keep their AVX registers (Linux's XSAVE, our switches). */
static void check_avx(const char *flags)
{
    pid_t a, b;
    int sa, sb;

    if ( !has_flag(flags, "avx") )
    {
        result(0, "avx-procs", "no avx in /proc/cpuinfo's flags");
        return;
    }
    a = run_pinned(last_cpu(), avx_worker, 0x1111);
    b = run_pinned(last_cpu(), avx_worker, 0x2222);
    sa = wait_status(a);
    sb = wait_status(b);
    result(sa == 7 && sb == 7, "avx-procs", "statuses %d and %d (3: registers changed)", sa, sb);
}

/* User space sets its GS base with wrgsbase; it survives switches to another process. */
static int fsgsbase_worker(unsigned int unused)
{
    static uint64_t cell = 0x6a5b4c3d2e1f0011UL;
    uint64_t got = 0, base = 0;
    pid_t other;

    (void)unused;
    if ( !(getauxval(AT_HWCAP2) & HWCAP2_FSGSBASE) )
        return 4;
    other = run_pinned(last_cpu(), yield_worker, 0);
    __asm__ volatile("wrgsbase %0" : : "r"((uint64_t)&cell) : "memory");
    for ( int n = 0; n < 500; n++ )
        sched_yield();
    __asm__ volatile("rdgsbase %0\n\tmov %%gs:0, %1" : "=r"(base), "=r"(got) : : "memory");
    wait_status(other);
    return base == (uint64_t)&cell && got == cell ? 7 : 3;
}

static void check_fsgsbase(void)
{
    int s = wait_status(run_pinned(last_cpu(), fsgsbase_worker, 0));

    result(s == 7, "fsgsbase-user",
           "status %d (4: no HWCAP2_FSGSBASE, 3: the GS base changed, 132: #UD)", s);
}

void check_cpu_features(void)
{
    char flags[4096];

    cpu_flags(flags, sizeof(flags));
    check_flags(flags);
    check_avx(flags);
    check_fsgsbase();
    result(access("/sys/devices/system/machinecheck/machinecheck0", F_OK) == 0, "mce-device",
           "no /sys/devices/system/machinecheck/machinecheck0 (%s)", strerror(errno));
}
