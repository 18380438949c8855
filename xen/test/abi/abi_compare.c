/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Compares the two tables abi_side.c measured: every size, offset and
 * constant of our public headers must equal the reference headers' value.
 * One TAP case per row.
 */
#include <string.h>

#include "abi.h"
#include "tap.h"

int main(void)
{
    size_t i;

    if ( !ok(abi_ours_count == abi_theirs_count, "both sides measured %zu rows", abi_ours_count) )
        return tap_done();
    for ( i = 0; i < abi_ours_count; i++ )
    {
        const struct abi_row *o = &abi_ours[i], *t = &abi_theirs[i];

        if ( strcmp(o->what, t->what) || strcmp(o->kind, t->kind) )
        {
            ok(0, "row %zu: %s %s vs %s %s", i, o->kind, o->what, t->kind, t->what);
            continue;
        }
        if ( o->value == t->value )
            ok(1, "%s(%s) = %#llx", o->kind, o->what, o->value);
        else
            ok(0, "%s(%s): ours %#llx, reference %#llx", o->kind, o->what, o->value, t->value);
    }
    return tap_done();
}
