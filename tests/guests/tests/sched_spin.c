/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A CPU-bound boot-time domU for the scheduler test (tests/boot/sched.test), not a
 * test of its own: it spins for 4 s of system time, never blocking, then reads its
 * own run state (VCPUOP_get_runstate_info) and prints how much of that wall time it
 * was running and how much it waited as runnable, for the script to compare across
 * domains (weights, caps, load balancing across CPUs).
 */
#include "guest.h"

const char test_title[] = "a CPU-bound domU reporting its share of the CPU";

#define SPIN_NS 4000000000ULL

static bool runstate(struct vcpu_runstate_info *rs)
{
    return check_rc("VCPUOP_get_runstate_info", hypervisor_vcpu_op(VCPUOP_get_runstate_info, 0, rs),
                    0);
}

void test_main(void)
{
    struct vcpu_runstate_info a, b;
    uint64_t t0, t1, ran, waited, wall;
    volatile uint64_t work = 0;

    if ( !runstate(&a) )
        return;
    t0 = guest_system_time();
    while ( guest_system_time() - t0 < SPIN_NS )
        for ( unsigned int i = 0; i < 1000; i++ )
            work += i; /* no hypercall, no block: only preemption takes the CPU away */
    t1 = guest_system_time();
    if ( !runstate(&b) )
        return;
    wall = t1 - t0;
    ran = b.time[RUNSTATE_running] - a.time[RUNSTATE_running];
    waited = b.time[RUNSTATE_runnable] - a.time[RUNSTATE_runnable];
    guest_printf("sched_spin: ran %lu ms, waited %lu ms, of %lu ms: share %lu%%\n",
                 (unsigned long)(ran / 1000000), (unsigned long)(waited / 1000000),
                 (unsigned long)(wall / 1000000), (unsigned long)(ran * 100 / wall));
    check_true("some CPU time", ran > 0);
}
