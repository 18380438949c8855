/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reading the hypervisor's console ring from dom0 user space (sysctl
 * readconsole through /dev/xen/privcmd), line by line: how dom0's /init finds
 * what a domU started at boot printed on its console (interdomain.c,
 * domu_bench.c).
 */
#ifndef TESTS_BOOT_CONSOLE_RING_H
#define TESTS_BOOT_CONSOLE_RING_H

#include <stddef.h>
#include <stdint.h>

/** Where the reading of the ring stands: zero it to start from the ring's oldest byte. */
struct console_ring {
    char buf[8192];
    size_t pos, have; /* bytes of buf read from the ring, and consumed */
    char line[512];   /* the line console_ring_find() found */
    size_t len;
    uint32_t index; /* the ring's, for the next sysctl */
    int error;      /* errno of the last failed sysctl */
};

/**
 * Read the ring through privcmd fd pfd on from where the last call stopped,
 * until a line holding needle: it is left in c->line (without its newline).
 * 0 if none came within timeout_ms, or the sysctl failed (c->error).
 */
int console_ring_find(struct console_ring *c, int pfd, const char *needle, int timeout_ms);

/** CLOCK_MONOTONIC in microseconds. */
long long console_ring_now_us(void);

#endif
