/* SPDX-License-Identifier: GPL-2.0-only */
/* xen/common/symbols.c over a small table: lookups inside, between and outside symbols. */
#include <stdio.h>
#include <string.h>

#include "tap.h"

#include "fake/rename.h"
#include <xen/symbols.h>

/* A table as xen/tools/gen-symbols.sh would emit it. */
const unsigned int symbols_count = 3;
const unsigned long symbols_text_end = 0x1300;
const unsigned long symbols_addresses[] = {0x1000, 0x1000, 0x1100};
const unsigned int symbols_name_offsets[] = {0, 7, 13};
const char symbols_names[] = "_stext\0start\0handle_trap";

int main(void)
{
    unsigned long off = 0, size = 0;
    const char *n;

    n = symbols_lookup(0x1050, &off, &size);
    ok(n && !strcmp(n, "start") && off == 0x50 && size == 0x100,
       "inside the second of two aliases: %s+%#lx/%#lx", n ? n : "NULL", off, size);
    n = symbols_lookup(0x12ff, &off, &size);
    ok(n && !strcmp(n, "handle_trap") && off == 0x1ff && size == 0x200,
       "last symbol ends at the end of text: %s+%#lx/%#lx", n ? n : "NULL", off, size);
    ok(symbols_lookup(0xfff, NULL, NULL) == NULL, "below the first symbol: none");
    ok(symbols_lookup(0x1300, NULL, NULL) == NULL, "at the end of text: none");
    n = symbols_lookup(0x1100, &off, NULL);
    ok(n && !strcmp(n, "handle_trap") && off == 0, "exact start");
    return tap_done();
}
