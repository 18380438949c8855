/* SPDX-License-Identifier: GPL-2.0-only */
/* System time: nanoseconds since boot, from the architecture's clock. */
#ifndef XEN_TIME_H
#define XEN_TIME_H

#include <xen/types.h>

typedef int64_t s_time_t;

#define NANOSECS(n)  ((s_time_t)(n))
#define MICROSECS(n) ((s_time_t)(n)*1000)
#define MILLISECS(n) ((s_time_t)(n)*1000000)
#define SECONDS(n)   ((s_time_t)(n)*1000000000)
#define STIME_MAX    ((s_time_t)((uint64_t)~0ULL >> 1))

/** Nanoseconds since the clock was calibrated; the same on every CPU. */
s_time_t NOW(void);

/**
 * Make this CPU's timer interrupt fire at (or soon after) deadline; STIME_MAX
 * stops it. Provided by the architecture.
 */
void arch_set_timer_deadline(s_time_t deadline);

#endif /* XEN_TIME_H */
