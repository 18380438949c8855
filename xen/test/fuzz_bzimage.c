/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer harness for xen/common/bzimage.c: any bytes as a bzImage; an
 * accepted payload must lie inside the image and is then decompressed
 * (whatever format its magic names) into a bounded buffer.
 */
#include <stdint.h>
#include <stdlib.h>

#include <xen/bzimage.h>
#include <xen/decompress.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t work[DECOMPRESS_WORK_SIZE / 8];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const void *payload;
    size_t plen, cap = 1 << 20, len;
    const char *why;
    uint8_t *out;

    if ( bzimage_payload(data, size, &payload, &plen, &why) )
        return 0;
    if ( (const uint8_t *)payload < data || plen > size ||
         (const uint8_t *)payload + plen > data + size )
        abort();
    out = malloc(cap);
    if ( !out )
        return 0;
    if ( xen_decompress(payload, plen, out, cap, &len, work, sizeof(work), &why) == 0 && len > cap )
        abort();
    free(out);
    return 0;
}
