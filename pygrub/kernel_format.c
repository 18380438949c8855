/* SPDX-License-Identifier: GPL-2.0-only */
/* Kernel image formats by magic bytes; a bzImage's payload is located through its header. */
#include <stdio.h>
#include <string.h>

#include "kernel_format.h"

/* Linux x86 boot protocol header fields. */
#define BZ_SETUP_SECTS    0x1f1
#define BZ_HEADER_MAGIC   0x202 /* "HdrS" */
#define BZ_VERSION        0x206
#define BZ_PAYLOAD_OFFSET 0x248
#define BZ_PAYLOAD_LENGTH 0x24c
#define BZ_MIN_VERSION    0x208 /* first version with payload_offset */

static const struct {
    const char *name;
    const uint8_t magic[6];
    size_t len;
} magics[] = {
    {"gzip", {0x1f, 0x8b}, 2},
    {"gzip", {0x1f, 0x9e}, 2},
    {"bzip2", {'B', 'Z', 'h'}, 3},
    {"xz", {0xfd, '7', 'z', 'X', 'Z', 0}, 6},
    {"lzma", {0x5d, 0, 0}, 3},
    {"lz4", {0x02, 0x21, 0x4c, 0x18}, 4},
    {"lz4", {0x04, 0x22, 0x4d, 0x18}, 4},
    {"zstd", {0x28, 0xb5, 0x2f, 0xfd}, 4},
    {"lzo", {0x89, 'L', 'Z', 'O'}, 4},
};

const char *kernel_compression(const uint8_t *p, size_t len)
{
    size_t i;

    for ( i = 0; i < sizeof(magics) / sizeof(magics[0]); i++ )
        if ( len >= magics[i].len && !memcmp(p, magics[i].magic, magics[i].len) )
            return magics[i].name;
    return NULL;
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

char *kernel_describe(kernel_read_fn *rd, void *ctx, char *out, size_t outsz)
{
    uint8_t h[0x250], pl[8];
    long n = rd(ctx, h, sizeof(h), 0);
    const char *c;

    if ( n < 0 )
        n = 0;
    c = kernel_compression(h, (size_t)n);
    if ( c )
        snprintf(out, outsz, "%s", c);
    else if ( n >= 4 && !memcmp(h,
                                "\x7f"
                                "ELF",
                                4) )
        snprintf(out, outsz, "ELF (uncompressed)");
    else if ( n >= (long)sizeof(h) && !memcmp(h + BZ_HEADER_MAGIC, "HdrS", 4) )
    {
        unsigned int ver = h[BZ_VERSION] | h[BZ_VERSION + 1] << 8;
        unsigned int setup = h[BZ_SETUP_SECTS] ? h[BZ_SETUP_SECTS] : 4;
        uint64_t off = (uint64_t)(setup + 1) * 512 + le32(h + BZ_PAYLOAD_OFFSET);

        if ( ver < BZ_MIN_VERSION )
            snprintf(out, outsz, "bzImage (boot protocol %u.%02u, payload not located)", ver >> 8,
                     ver & 0xff);
        else
        {
            long m = rd(ctx, pl, sizeof(pl), off);

            c = m > 0 ? kernel_compression(pl, (size_t)m) : NULL;
            if ( !c && m >= 4 &&
                 !memcmp(pl,
                         "\x7f"
                         "ELF",
                         4) )
                c = "none (ELF)";
            snprintf(out, outsz, "bzImage (payload %s, %u bytes at %llu)", c ? c : "unknown",
                     le32(h + BZ_PAYLOAD_LENGTH), (unsigned long long)off);
        }
    }
    else
        snprintf(out, outsz, "unknown format");
    return out;
}
