/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer harness for xen/common/decompress/inflate.c: any bytes as a gzip
 * stream, a zlib stream and a bare DEFLATE stream, decoded into a bounded
 * buffer that must never be written outside (ASan watches its edges).
 */
#include <stdint.h>
#include <stdlib.h>

#include <xen/decompress.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t work[DECOMPRESS_WORK_SIZE / 8];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t cap = 1 << 20, len, used;
    uint8_t *out = malloc(cap);
    const char *why;

    if ( !out )
        return 0;
    if ( decompress_gunzip(data, size, out, cap, &len, work, sizeof(work), &why) == 0 && len > cap )
        abort();
    if ( decompress_zlib(data, size, out, cap, &len, work, sizeof(work), &why) == 0 && len > cap )
        abort();
    if ( decompress_inflate_raw(data, size, &used, out, 4096, &len, work, sizeof(work), &why) ==
             0 &&
         (used > size || len > 4096) )
        abort();
    free(out);
    return 0;
}
