/* SPDX-License-Identifier: GPL-2.0-only */
/* Picks a decoder by the magic bytes at the start of a compressed image. */
#include "private.h"

enum decompress_format decompress_detect(const void *in, size_t len)
{
    const uint8_t *p = in;

    if ( !in )
        return DECOMP_NONE;
    if ( len >= 6 && !memcmp(p,
                             "\xfd"
                             "7zXZ\0",
                             6) )
        return DECOMP_XZ;
    if ( len >= 4 && p[1] == 0x21 && p[2] == 0x4c && p[3] == 0x18 && p[0] == 0x02 )
        return DECOMP_LZ4;
    if ( len >= 4 && p[0] == 0x04 && p[1] == 0x22 && p[2] == 0x4d && p[3] == 0x18 )
        return DECOMP_LZ4;
    if ( len >= 4 && p[1] == 0xb5 && p[2] == 0x2f && p[3] == 0xfd && p[0] == 0x28 )
        return DECOMP_ZSTD;
    if ( len >= 4 && (p[0] & 0xf0) == 0x50 && p[1] == 0x2a && p[2] == 0x4d && p[3] == 0x18 )
        return DECOMP_ZSTD; /* a skippable frame first */
    if ( len >= 4 && p[0] == 'B' && p[1] == 'Z' && p[2] == 'h' && p[3] >= '1' && p[3] <= '9' )
        return DECOMP_BZIP2;
    if ( len >= 4 && p[0] == 0x89 && p[1] == 'L' && p[2] == 'Z' && p[3] == 'O' )
        return DECOMP_LZO;
    if ( len >= 3 && p[0] == 0x5d && p[1] == 0 && p[2] == 0 )
        return DECOMP_LZMA;
    if ( len >= 3 && p[0] == 0x1f && p[1] == 0x8b && p[2] == 8 )
        return DECOMP_GZIP;
    if ( len >= 2 && (p[0] & 0x0f) == 8 && (p[0] >> 4) <= 7 && ((p[0] << 8) | p[1]) % 31 == 0 )
        return DECOMP_ZLIB;
    return DECOMP_NONE;
}

const char *decompress_format_name(const void *in, size_t len)
{
    switch ( decompress_detect(in, len) )
    {
    case DECOMP_GZIP:
        return "gzip";
    case DECOMP_ZLIB:
        return "zlib";
    case DECOMP_XZ:
        return "xz";
    case DECOMP_LZMA:
        return "lzma";
    case DECOMP_LZ4:
        return "lz4";
    case DECOMP_LZO:
        return "lzo";
    case DECOMP_BZIP2:
        return "bzip2";
    case DECOMP_ZSTD:
        return "zstd";
    default:
        return NULL;
    }
}

size_t decompress_work_size(const void *in, size_t len)
{
    switch ( decompress_detect(in, len) )
    {
    case DECOMP_LZ4:
    case DECOMP_LZO:
        return 0;
    case DECOMP_GZIP:
    case DECOMP_ZLIB:
    case DECOMP_XZ:
    case DECOMP_LZMA:
        return 64 * 1024;
    case DECOMP_BZIP2:
        return decompress_bzip2_work_size(in, len);
    case DECOMP_ZSTD:
        return decompress_zstd_work_size();
    default:
        return DECOMPRESS_WORK_SIZE;
    }
}

uint32_t decompress_adler32(uint32_t adler, const void *buf, size_t len)
{
    const uint8_t *p = buf;
    uint32_t a = adler & 0xffff, b = adler >> 16;

    while ( len )
    {
        /* 5552 bytes is the most that cannot overflow 32 bits before the modulo. */
        size_t n = len < 5552 ? len : 5552;

        len -= n;
        while ( n-- )
        {
            a += *p++;
            b += a;
        }
        a %= 65521;
        b %= 65521;
    }
    return (b << 16) | a;
}

int xen_decompress(const void *in, size_t in_len, void *out, size_t out_max, size_t *out_len,
                   void *work, size_t work_len, const char **why)
{
    switch ( decompress_detect(in, in_len) )
    {
    case DECOMP_GZIP:
        return decompress_gunzip(in, in_len, out, out_max, out_len, work, work_len, why);
    case DECOMP_ZLIB:
        return decompress_zlib(in, in_len, out, out_max, out_len, work, work_len, why);
    case DECOMP_XZ:
        return decompress_unxz(in, in_len, out, out_max, out_len, work, work_len, why);
    case DECOMP_LZ4:
        return decompress_unlz4(in, in_len, out, out_max, out_len, work, work_len, why);
    case DECOMP_LZMA:
        return decompress_unlzma(in, in_len, out, out_max, out_len, work, work_len, why);
    case DECOMP_ZSTD:
        return decompress_unzstd(in, in_len, out, out_max, out_len, work, work_len, why);
    case DECOMP_BZIP2:
        return decompress_bunzip2(in, in_len, out, out_max, out_len, work, work_len, why);
    case DECOMP_LZO:
        return decompress_unlzo(in, in_len, out, out_max, out_len, work, work_len, why);
    default:
        if ( why )
            *why = "decompress: unknown compression format";
        return -EINVAL;
    }
}
