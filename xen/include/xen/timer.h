/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Software timers: each CPU keeps a min-heap of armed timers by expiry and
 * programs its hardware timer for the earliest; expired timers run from the
 * timer softirq on the timer's CPU.
 */
#ifndef XEN_TIMER_H
#define XEN_TIMER_H

#include <xen/time.h>
#include <xen/types.h>

struct timer {
    s_time_t expires;
    void (*function)(void *data);
    void *data;
    unsigned int cpu;
    unsigned int heap_index; /* 0: not armed; else 1-based position in the heap */
};

/** Prepare t to call fn(data) on cpu. */
void init_timer(struct timer *t, void (*fn)(void *data), void *data, unsigned int cpu);

/** Arm (or re-arm) t for expires; returns -ENOSPC if the CPU's heap is full. */
int set_timer(struct timer *t, s_time_t expires);

/** Disarm t (no-op when not armed). */
void stop_timer(struct timer *t);

/** Make t fire on cpu from now on (kept armed, same expiry, if it was). */
void migrate_timer(struct timer *t, unsigned int cpu);

static inline bool timer_is_active(const struct timer *t)
{
    return t->heap_index != 0;
}

/** Open the timer softirq; call once before any set_timer(). */
void timer_init(void);

/** Print every CPU's armed timers (the 'a' debug key). */
void dump_timers(void);

/** Run this CPU's expired timers and reprogram the hardware (the softirq). */
void timer_softirq_action(void);

#endif /* XEN_TIMER_H */
