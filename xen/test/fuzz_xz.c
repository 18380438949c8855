/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer harness for xen/common/decompress/xz.c: any bytes as an .xz
 * stream (LZMA2, x86 BCJ), decoded into bounded buffers of two sizes that
 * must never be written outside.
 */
#include <stdint.h>
#include <stdlib.h>

#include <xen/decompress.h>

/* fuzz_lzma.c reuses this harness with the .lzma decoder. */
#ifndef FUZZ_DECODER
#define FUZZ_DECODER decompress_unxz
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t work[DECOMPRESS_WORK_SIZE / 8];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const size_t caps[2] = {1 << 20, 777};
    const char *why;

    for ( int i = 0; i < 2; i++ )
    {
        uint8_t *out = malloc(caps[i]);
        size_t len;

        if ( !out )
            return 0;
        if ( FUZZ_DECODER(data, size, out, caps[i], &len, work, sizeof(work), &why) == 0 &&
             len > caps[i] )
            abort();
        free(out);
    }
    return 0;
}
