/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xen/common/timer.c and softirq.c on a fake clock: timers fire in expiry order
 * from the timer softirq, only when due; re-arming and stopping work; the
 * hardware deadline always follows the earliest armed timer; a full heap says
 * so; and console input reaches the keyhandler through its softirq.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake/fake.h"
#include "tap.h"

#include "fake/rename.h"
#include <xen/console.h>
#include <xen/errno.h>
#include <xen/keyhandler.h>
#include <xen/softirq.h>
#include <xen/string.h>
#include <xen/timer.h>

static char order[64];
static unsigned int fired;

static void record(void *data)
{
    order[fired++] = (char)(uintptr_t)data;
    order[fired] = '\0';
}

static unsigned int keys_seen;
static void count_key(unsigned char key)
{
    (void)key;
    keys_seen++;
}

int main(void)
{
    static struct timer t[5], many[300];
    static const char names[] = "abcde";
    static const s_time_t when[] = {50, 10, 40, 20, 30};
    int full_rc = 0;
    unsigned int armed = 0;

    timer_init();
    for ( int i = 0; i < 5; i++ )
    {
        init_timer(&t[i], record, (void *)(uintptr_t)names[i], 0);
        set_timer(&t[i], when[i]);
    }
    ok(fake_deadline == 10, "hardware deadline is the earliest expiry (%lld)",
       (long long)fake_deadline);

    fake_now = 25;
    raise_softirq(TIMER_SOFTIRQ);
    do_softirq();
    ok(!strcmp(order, "bd"), "at t=25 the two due timers ran in order (%s)", order);
    ok(fake_deadline == 30, "deadline moved to the next one (%lld)", (long long)fake_deadline);

    stop_timer(&t[4]); /* e, due at 30 */
    ok(!timer_is_active(&t[4]) && fake_deadline <= 40, "stopping a timer disarms it");
    set_timer(&t[0], 35); /* a: 50 -> 35 */
    fake_now = 100;
    raise_softirq(TIMER_SOFTIRQ);
    do_softirq();
    ok(!strcmp(order, "bdac"), "re-armed timer runs at its new time, stopped one never (%s)",
       order);
    ok(fake_deadline == STIME_MAX, "nothing armed: hardware timer stopped");

    fake_now = 0;
    for ( unsigned int i = 0; i < 300; i++ )
    {
        init_timer(&many[i], record, (void *)(uintptr_t)'x', 0);
        if ( (full_rc = set_timer(&many[i], 1000 + i)) != 0 )
            break;
        armed++;
    }
    ok(full_rc == -ENOSPC && armed == 256, "a full heap refuses with -ENOSPC after %u", armed);
    for ( unsigned int i = 0; i < armed; i++ )
        stop_timer(&many[i]);
    ok(fake_deadline == STIME_MAX || fake_deadline >= 1000, "all stopped");

    /* Console input: polled every 10 ms by a timer, queued, handled by the softirq. */
    keyhandler_init();
    register_keyhandler('z', count_key, "count");
    fake_input[0] = 'z';
    fake_input[1] = 'z';
    fake_input[2] = '?';
    fake_input_len = 3;
    console_start_input();
    fake_now = MILLISECS(10);
    raise_softirq(TIMER_SOFTIRQ);
    do_softirq();
    ok(keys_seen == 2, "two 'z' keys reached their handler (%u)", keys_seen);
    ok(fake_deadline == MILLISECS(20), "the input poll re-armed itself for +10 ms");
    return tap_done();
}
