/* SPDX-License-Identifier: GPL-2.0-only */
/* libFuzzer harness for the partition table parser (MBR, logical partitions, GPT). */
#include <stdint.h>
#include <string.h>

#include "fsimage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct mem {
    const uint8_t *d;
    size_t n;
};

static int mem_read(void *ctx, void *buf, size_t len, uint64_t off)
{
    const struct mem *m = ctx;

    if ( off > m->n || len > m->n - off )
        return -5;
    memcpy(buf, m->d + off, len);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct mem m = {data, size};
    struct fsi_part parts[FSI_MAX_PARTS];
    size_t n, i;
    uint64_t sum = 0;

    /* The disk is the input, claimed to be as large as the input says, or larger. */
    if ( fsi_partitions(mem_read, &m, size, parts, FSI_MAX_PARTS, &n) == 0 )
        for ( i = 0; i < n; i++ )
            sum += parts[i].offset + parts[i].size;
    fsi_partitions(mem_read, &m, (uint64_t)size << 20, parts, 4, &n);
    return (int)(sum & 0);
}
