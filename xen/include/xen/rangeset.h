/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Sets of inclusive integer ranges [s, e]: what a domain may touch of the
 * machine (I/O ports, machine frames that are not RAM, physical IRQs). Kept
 * sorted and merged, with a bound on the number of separate ranges.
 */
#ifndef XEN_RANGESET_H
#define XEN_RANGESET_H

#include <xen/types.h>

/** Separate ranges one set may hold (adding a range that would need more is -ENOMEM). */
#define RANGESET_MAX_RANGES 64

struct rangeset_range {
    uint64_t s, e; /* inclusive */
};

/** A set of ranges; zero-initialised it is empty. Not locked: the owner serialises. */
struct rangeset {
    unsigned int nr;
    struct rangeset_range r[RANGESET_MAX_RANGES];
};

/** Add [s, e] (s <= e, else -EINVAL), merging with what it touches; -ENOMEM if too fragmented. */
int rangeset_add(struct rangeset *set, uint64_t s, uint64_t e);

/** Remove [s, e] (s <= e, else -EINVAL); -ENOMEM if splitting a range needs a slot too many. */
int rangeset_remove(struct rangeset *set, uint64_t s, uint64_t e);

/** Whether every value of [s, e] is in the set (false for s > e). */
bool rangeset_contains(const struct rangeset *set, uint64_t s, uint64_t e);

/** Whether no value of [s, e] is in the set. */
bool rangeset_disjoint(const struct rangeset *set, uint64_t s, uint64_t e);

#endif /* XEN_RANGESET_H */
