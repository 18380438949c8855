/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Softirqs: work raised from interrupt context and run on the same CPU, with
 * interrupts on, from do_softirq() (idle loop, return to guest).
 */
#ifndef XEN_SOFTIRQ_H
#define XEN_SOFTIRQ_H

#include <xen/types.h>

enum softirq { TIMER_SOFTIRQ, SCHEDULE_SOFTIRQ, KEYPRESS_SOFTIRQ, NR_SOFTIRQS };

typedef void (*softirq_handler_t)(void);

/** Install the handler of softirq nr (once, at boot). */
void open_softirq(enum softirq nr, softirq_handler_t handler);

/** Mark nr pending on this CPU / on cpu (which is woken up if idle). */
void raise_softirq(enum softirq nr);
void cpu_raise_softirq(unsigned int cpu, enum softirq nr);

/** Run every pending softirq of this CPU until none is left. */
void do_softirq(void);

/** Whether this CPU has work pending (for the idle loop). */
bool softirq_pending(unsigned int cpu);

/** Wake cpu from halt so it sees its softirqs (the architecture sends an IPI). */
void arch_send_event_check(unsigned int cpu);

#endif /* XEN_SOFTIRQ_H */
