/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host tests of common/rangeset.c: adding merges what overlaps or touches,
 * removing trims and splits, containment is all-or-nothing, the bounds of
 * uint64_t and the limit on separate ranges are honoured; a random sequence
 * of operations agrees with a bitmap model.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include <xen/errno.h>
#include <xen/rangeset.h>

static struct rangeset set;

/* The set as "s-e,s-e", for comparing with what a case expects. */
static const char *show(void)
{
    static char buf[4096];
    size_t n = 0;

    buf[0] = '\0';
    for ( unsigned int i = 0; i < set.nr; i++ )
        n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%llx-%llx", i ? "," : "",
                              (unsigned long long)set.r[i].s, (unsigned long long)set.r[i].e);
    return buf;
}

static void is(const char *want, const char *what)
{
    ok(!strcmp(show(), want), "%s: %s (want %s)", what, show(), want);
}

#define MODEL_BITS 256

static void model_test(void)
{
    static uint8_t model[MODEL_BITS];
    unsigned int bad = 0;

    memset(&set, 0, sizeof(set));
    srand(7);
    for ( int n = 0; n < 20000; n++ )
    {
        uint64_t s = (uint64_t)(rand() % MODEL_BITS), e = s + (uint64_t)(rand() % 16);
        int rc;

        if ( e >= MODEL_BITS )
            e = MODEL_BITS - 1;
        if ( rand() % 2 )
        {
            rc = rangeset_add(&set, s, e);
            if ( rc == 0 )
                memset(model + s, 1, e - s + 1);
        }
        else
        {
            rc = rangeset_remove(&set, s, e);
            if ( rc == 0 )
                memset(model + s, 0, e - s + 1);
        }
        if ( rc != 0 && rc != -ENOMEM )
            bad++;
        for ( unsigned int i = 0; i < MODEL_BITS; i++ )
            if ( rangeset_contains(&set, i, i) != (model[i] != 0) ||
                 rangeset_disjoint(&set, i, i) != (model[i] == 0) )
                bad++;
        for ( unsigned int i = 0; i + 1 < set.nr; i++ )
            if ( set.r[i].e + 1 >= set.r[i + 1].s || set.r[i].s > set.r[i].e )
                bad++; /* sorted, disjoint, not adjacent */
    }
    ok(bad == 0, "20000 random adds and removes agree with a bitmap model (%u mismatches)", bad);
}

int main(void)
{
    is("", "empty");
    ok(!rangeset_contains(&set, 0, 0), "empty contains nothing");
    ok(rangeset_add(&set, 5, 4) == -EINVAL, "add with s > e: -EINVAL");
    ok(rangeset_remove(&set, 5, 4) == -EINVAL, "remove with s > e: -EINVAL");
    rangeset_add(&set, 10, 20);
    is("a-14", "one range");
    rangeset_add(&set, 30, 40);
    rangeset_add(&set, 0, 2);
    is("0-2,a-14,1e-28", "kept sorted");
    rangeset_add(&set, 21, 29);
    is("0-2,a-28", "a range touching both neighbours merges all three");
    rangeset_add(&set, 3, 3);
    is("0-3,a-28", "touching from above merges");
    rangeset_add(&set, 5, 100);
    is("0-3,5-64", "a range covering another swallows it");
    ok(rangeset_contains(&set, 5, 100) && !rangeset_contains(&set, 3, 5) &&
           !rangeset_contains(&set, 4, 4) && rangeset_contains(&set, 0, 3),
       "containment is all-or-nothing");
    ok(!rangeset_contains(&set, 6, 5), "contains of s > e is false");
    ok(rangeset_disjoint(&set, 4, 4) && !rangeset_disjoint(&set, 4, 5) &&
           rangeset_disjoint(&set, 101, 1000),
       "disjointness");
    ok(rangeset_remove(&set, 20, 30) == 0, "remove from the middle");
    is("0-3,5-13,1f-64", "splits the range");
    rangeset_remove(&set, 0, 6);
    is("7-13,1f-64", "trims and drops from below");
    rangeset_remove(&set, 0x50, 0x1000);
    is("7-13,1f-4f", "trims from above");
    rangeset_remove(&set, 0, ~(uint64_t)0);
    is("", "removing everything empties it");
    rangeset_add(&set, 0, ~(uint64_t)0);
    is("0-ffffffffffffffff", "the whole of uint64_t");
    ok(rangeset_contains(&set, ~(uint64_t)0, ~(uint64_t)0), "contains the last value");
    rangeset_remove(&set, ~(uint64_t)0, ~(uint64_t)0);
    rangeset_remove(&set, 0, 0);
    is("1-fffffffffffffffe", "both ends removed");
    rangeset_add(&set, ~(uint64_t)0, ~(uint64_t)0);
    is("1-ffffffffffffffff", "the last value added back merges");

    memset(&set, 0, sizeof(set));
    for ( unsigned int i = 0; i < RANGESET_MAX_RANGES; i++ )
        rangeset_add(&set, i * 4, i * 4 + 1);
    ok(set.nr == RANGESET_MAX_RANGES, "filled to the limit");
    ok(rangeset_add(&set, 1000, 1001) == -ENOMEM && set.nr == RANGESET_MAX_RANGES,
       "a separate range beyond the limit: -ENOMEM, nothing changed");
    ok(rangeset_remove(&set, 0, 0) == 0 && rangeset_remove(&set, 4 * 5, 4 * 5) == 0,
       "trimming the ends of ranges needs no slot");
    ok(rangeset_add(&set, 2, 3) == 0 && set.nr == RANGESET_MAX_RANGES - 1,
       "a range joining two frees a slot");
    ok(rangeset_add(&set, 2000, 2001) == 0, "which a new range can take");
    memset(&set, 0, sizeof(set));
    for ( unsigned int i = 0; i < RANGESET_MAX_RANGES; i++ )
        rangeset_add(&set, i * 4, i * 4 + 2);
    ok(rangeset_remove(&set, 4 * 10 + 2, 4 * 10 + 2) == 0, "trimming at the limit works");
    ok(rangeset_remove(&set, 4 * 20 + 1, 4 * 20 + 1) == -ENOMEM &&
           rangeset_contains(&set, 4 * 20, 4 * 20 + 2),
       "a split beyond the limit: -ENOMEM, the range intact");
    model_test();
    return tap_done();
}
