/* SPDX-License-Identifier: MIT */
/*
 * sched_op(int cmd, void *arg): the calling vCPU gives up the CPU, waits, or
 * ends its domain.
 */
#ifndef XEN_PUBLIC_SCHED_H
#define XEN_PUBLIC_SCHED_H

#include "event_channel.h"

/* SCHEDOP_yield: let other vCPUs run; `arg` is ignored. */
#define SCHEDOP_yield 0

/*
 * SCHEDOP_block: sleep until an event is pending for this vCPU; `arg` is
 * ignored. Events are unmasked (evtchn_upcall_mask cleared) as part of it.
 */
#define SCHEDOP_block 1

/*
 * SCHEDOP_shutdown: stop the whole domain; `arg` is a sched_shutdown. The call
 * does not return, except for SHUTDOWN_suspend, which returns when the domain
 * is resumed.
 */
#define SCHEDOP_shutdown 2

/*
 * SCHEDOP_poll: sleep until one of `ports` is pending or `timeout` (absolute
 * system time in ns, 0 for none) passes; `arg` is a sched_poll.
 */
#define SCHEDOP_poll 3

/* SCHEDOP_remote_shutdown: shut down another domain (privileged). */
#define SCHEDOP_remote_shutdown 4

/*
 * SCHEDOP_shutdown_code: record the reason for a later shutdown (used by a
 * crashing kernel before it kexecs); `arg` is a sched_shutdown.
 */
#define SCHEDOP_shutdown_code 5

/* SCHEDOP_watchdog: arm, refresh (id != 0) or free (timeout 0) a watchdog. */
#define SCHEDOP_watchdog 6

struct sched_shutdown {
    uint32_t reason; /* SHUTDOWN_* */
};
typedef struct sched_shutdown sched_shutdown_t;
DEFINE_XEN_GUEST_HANDLE(sched_shutdown_t);
XEN_ABI_SIZE(struct sched_shutdown, 4);

struct sched_poll {
    XEN_GUEST_HANDLE(evtchn_port_t) ports;
    uint32_t nr_ports;
    uint32_t _pad0;
    uint64_t timeout;
};
typedef struct sched_poll sched_poll_t;
DEFINE_XEN_GUEST_HANDLE(sched_poll_t);
XEN_ABI_SIZE(struct sched_poll, 24);

struct sched_remote_shutdown {
    domid_t domain_id;
    uint16_t _pad0;
    uint32_t reason; /* SHUTDOWN_* */
};
typedef struct sched_remote_shutdown sched_remote_shutdown_t;
DEFINE_XEN_GUEST_HANDLE(sched_remote_shutdown_t);
XEN_ABI_SIZE(struct sched_remote_shutdown, 8);

struct sched_watchdog {
    uint32_t id;      /* 0 allocates a new watchdog; its id is the return value */
    uint32_t timeout; /* seconds; 0 frees the watchdog */
};
typedef struct sched_watchdog sched_watchdog_t;
DEFINE_XEN_GUEST_HANDLE(sched_watchdog_t);
XEN_ABI_SIZE(struct sched_watchdog, 8);

/* Why a domain stopped: the toolstack acts on it (destroy, restart, save). */
#define SHUTDOWN_poweroff 0 /* halt and destroy */
#define SHUTDOWN_reboot   1 /* restart */
#define SHUTDOWN_suspend  2 /* saved for later resume */
#define SHUTDOWN_crash    3 /* the guest crashed */
#define SHUTDOWN_watchdog 4 /* a watchdog expired */
#define SHUTDOWN_MAX      4

#endif /* XEN_PUBLIC_SCHED_H */
