/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer harness for the resize journal's parser: the input is a whole journal file,
 * as `vhd-util revert` reads it; every entry it accepts is walked end to end. The
 * trailing hash is recomputed on a copy (the mismatch path is trivial and tested in
 * journal.test) so that mutations reach the header and entry checks behind it.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vhd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct vhd_journal j;
    volatile uint8_t sum = 0;
    uint8_t *copy;
    uint64_t h = 0xcbf29ce484222325ull;

    if ( size > (1u << 20) || !(copy = malloc(size ? size : 1)) )
        return 0;
    memcpy(copy, data, size);
    if ( size >= 72 )
    {
        for ( size_t i = 0; i < size - 8; i++ )
            h = (h ^ copy[i]) * 0x100000001b3ull;
        vhd_put_be64(copy + size - 8, h);
    }
    if ( vhd_journal_parse(&j, copy, size, "fuzz") == 0 )
        for ( uint32_t i = 0; i < j.nentries; i++ )
            for ( uint32_t b = 0; b < j.entries[i].len; b++ )
                sum ^= j.entries[i].data[b];
    (void)sum;
    vhd_journal_dispose(&j);
    free(copy);
    return 0;
}
