/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Sets of inclusive ranges, as a sorted array of disjoint, non-adjacent
 * ranges: small (a domain's I/O permissions), so linear work is fine.
 */
#include <xen/errno.h>
#include <xen/rangeset.h>
#include <xen/string.h>

/* Index of the first range that ends at or after v (nr if none). */
static unsigned int first_ending_from(const struct rangeset *set, uint64_t v)
{
    unsigned int i = 0;

    while ( i < set->nr && set->r[i].e < v )
        i++;
    return i;
}

static void drop(struct rangeset *set, unsigned int from, unsigned int n)
{
    memmove(&set->r[from], &set->r[from + n], (set->nr - from - n) * sizeof(set->r[0]));
    set->nr -= n;
}

int rangeset_add(struct rangeset *set, uint64_t s, uint64_t e)
{
    unsigned int i, j;

    if ( s > e )
        return -EINVAL;
    /* The first range that overlaps or touches [s, e] from below (e + 1 == s), or where it goes. */
    i = first_ending_from(set, s == 0 ? 0 : s - 1);
    /* The ranges from i that overlap or touch it from above. */
    for ( j = i; j < set->nr && (e == ~(uint64_t)0 || set->r[j].s <= e + 1); j++ )
        ;
    if ( j == i )
    {
        if ( set->nr == RANGESET_MAX_RANGES )
            return -ENOMEM;
        memmove(&set->r[i + 1], &set->r[i], (set->nr - i) * sizeof(set->r[0]));
        set->r[i].s = s;
        set->r[i].e = e;
        set->nr++;
        return 0;
    }
    /* Merge ranges i..j-1 with [s, e] into slot i. */
    if ( set->r[i].s < s )
        s = set->r[i].s;
    if ( set->r[j - 1].e > e )
        e = set->r[j - 1].e;
    set->r[i].s = s;
    set->r[i].e = e;
    drop(set, i + 1, j - i - 1);
    return 0;
}

int rangeset_remove(struct rangeset *set, uint64_t s, uint64_t e)
{
    unsigned int i;

    if ( s > e )
        return -EINVAL;
    i = first_ending_from(set, s);
    if ( i < set->nr && set->r[i].s < s && set->r[i].e > e )
    {
        /* Strictly inside one range: split it in two. */
        if ( set->nr == RANGESET_MAX_RANGES )
            return -ENOMEM;
        memmove(&set->r[i + 1], &set->r[i], (set->nr - i) * sizeof(set->r[0]));
        set->nr++;
        set->r[i].e = s - 1;
        set->r[i + 1].s = e + 1;
        return 0;
    }
    while ( i < set->nr && set->r[i].s <= e )
    {
        struct rangeset_range *r = &set->r[i];

        if ( r->s < s )
        {
            r->e = s - 1; /* keep the part below */
            i++;
        }
        else if ( r->e > e )
        {
            r->s = e + 1; /* keep the part above */
            break;
        }
        else
            drop(set, i, 1); /* wholly inside */
    }
    return 0;
}

bool rangeset_contains(const struct rangeset *set, uint64_t s, uint64_t e)
{
    unsigned int i = first_ending_from(set, s);

    return s <= e && i < set->nr && set->r[i].s <= s && set->r[i].e >= e;
}

bool rangeset_disjoint(const struct rangeset *set, uint64_t s, uint64_t e)
{
    unsigned int i = first_ending_from(set, s);

    return i == set->nr || set->r[i].s > e;
}
