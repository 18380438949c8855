/* SPDX-License-Identifier: GPL-2.0-only */
/* The hypervisor's console ring read from dom0 user space (see console_ring.h). */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "console_ring.h"
#include "dom0_init.h"

#define HYPERVISOR_sysctl        35
#define SYSCTL_INTERFACE_VERSION 0x15
#define SYSCTL_readconsole       1

/* struct xen_sysctl with its readconsole member (public/sysctl.h). */
struct sysctl_readconsole {
    uint32_t cmd;
    uint32_t interface_version;
    uint8_t clear;
    uint8_t incremental;
    uint8_t _pad0[2];
    uint32_t index;
    uint64_t buffer;
    uint32_t count;
    uint8_t _pad1[128 - 20];
};

long long console_ring_now_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* The next bytes of the ring into c->buf: how many, 0 if none, -1 on error. */
static long console_read(struct console_ring *c, int pfd)
{
    struct sysctl_readconsole s = {.cmd = SYSCTL_readconsole,
                                   .interface_version = SYSCTL_INTERFACE_VERSION,
                                   .incremental = 1,
                                   .index = c->index,
                                   .buffer = (uintptr_t)c->buf,
                                   .count = sizeof(c->buf)};
    struct privcmd_hypercall h = {.op = HYPERVISOR_sysctl, .arg = {(uintptr_t)&s}};

    memset(c->buf, 0, sizeof(c->buf)); /* the hypervisor writes only to present pages */
    if ( ioctl(pfd, IOCTL_PRIVCMD_HYPERCALL, &h) != 0 )
    {
        c->error = errno;
        return -1;
    }
    c->index = s.index;
    c->pos = 0;
    c->have = s.count <= sizeof(c->buf) ? s.count : 0;
    return (long)c->have;
}

int console_ring_find(struct console_ring *c, int pfd, const char *needle, int timeout_ms)
{
    long long end = console_ring_now_us() + (long long)timeout_ms * 1000;

    while ( console_ring_now_us() < end )
    {
        if ( c->pos == c->have )
        {
            long n = console_read(c, pfd);

            if ( n < 0 )
                return 0;
            if ( n == 0 )
            {
                usleep(100000);
                continue;
            }
        }
        while ( c->pos < c->have )
        {
            char ch = c->buf[c->pos++];

            if ( ch != '\n' && c->len < sizeof(c->line) - 1 )
            {
                c->line[c->len++] = ch;
                continue;
            }
            if ( ch != '\n' )
                continue; /* an over-long line: its tail is dropped */
            c->line[c->len] = 0;
            c->len = 0;
            if ( strstr(c->line, needle) != NULL )
                return 1;
        }
    }
    return 0;
}
