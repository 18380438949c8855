/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event-channel ping-pong through Linux's /dev/xen/evtchn, the measuring end
 * and the answering end, for the benchmark /inits (dom0_bench.c: two dom0
 * processes; domu_bench.c: dom0 and a domU).
 */
#ifndef TESTS_BOOT_EVTCHN_PINGPONG_H
#define TESTS_BOOT_EVTCHN_PINGPONG_H

#include <stdint.h>

/** Read one event from evtchn fd and unmask its port: the port, or -1. */
long evtchn_take(int fd);

/** Notify the remote end of local port port: 0, or -1 with errno. */
int evtchn_notify(int fd, unsigned int port);

/** Read and unmask the events already pending on fd (binding an interdomain port fires one). */
void evtchn_drain(int fd);

/**
 * The measuring end: `batches` batches of n round trips on local port port (notify, then
 * take the answer), each batch's nanoseconds per round trip into ns[]. An answer missing
 * for timeout_s seconds ends it. The number of complete batches.
 */
int evtchn_pingpong_run(int fd, unsigned int port, long n, int batches, int timeout_s, int64_t *ns);

/** The answering end: each event on port answered by a notify, `rounds` times (-1: until an
 * error). How many were answered. */
long evtchn_pingpong_serve(int fd, unsigned int port, long rounds);

/**
 * Ping-pong between two processes of this domain over an interdomain channel whose
 * two ends are both this domain's, the measuring one on CPU cpu_a, the answering one
 * on cpu_b, measured as evtchn_pingpong_run() does. The number of complete batches,
 * or -1 with errno if the channel could not be made.
 */
int evtchn_pingpong_loopback(long n, int batches, int cpu_a, int cpu_b, int64_t *ns);

#endif
