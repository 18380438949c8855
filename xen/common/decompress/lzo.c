/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * lzop files (what Linux's CONFIG_KERNEL_LZO kernels carry): the lzop header
 * with its Adler-32 or CRC-32 check, then blocks of LZO1X data (any of lzop's
 * methods; each block stands alone) with their optional checksums.
 */
#include "private.h"

#define F_ADLER32_D 0x001u
#define F_ADLER32_C 0x002u
#define F_EXTRA     0x040u
#define F_CRC32_D   0x100u
#define F_CRC32_C   0x200u
#define F_FILTER    0x800u
#define F_H_CRC32   0x1000u

/* lzop's own limit on a block's uncompressed size (64 MiB). */
#define BLOCK_MAX (64u << 20)

static const uint8_t lzop_magic[9] = {0x89, 'L', 'Z', 'O', 0, 0x0d, 0x0a, 0x1a, 0x0a};

/* The zero-byte-extended count of an LZO1X instruction: base + 255 per 0 + last byte. */
static bool ext_len(const uint8_t *in, size_t len, size_t *i, size_t *n)
{
    size_t zeros = 0;

    while ( *i < len && in[*i] == 0 )
    {
        (*i)++;
        if ( ++zeros > BLOCK_MAX / 255 )
            return false;
    }
    if ( *i >= len )
        return false;
    *n += zeros * 255 + in[(*i)++];
    return true;
}

/*
 * One LZO1X block in[0, len) decoded at out[start, end): it must fill exactly
 * that range, matches reaching no further back than start.
 */
static int lzo1x_block(const uint8_t *in, size_t len, uint8_t *out, size_t start, size_t end,
                       const char **why)
{
    size_t i = 0, o = start, n, dist, mlen;
    unsigned int t, state = 0, lit;

    if ( len > 0 && in[0] > 17 )
    {
        n = in[i++] - 17;
        if ( n > len - i || n > end - o )
            return dec_fail(why, "lzo: literal run past the block", -EINVAL);
        memcpy(out + o, in + i, n);
        i += n;
        o += n;
        state = n < 4 ? n : 4;
    }
    for ( ;; )
    {
        if ( i >= len )
            return dec_fail(why, "lzo: block truncated", -EINVAL);
        t = in[i++];
        if ( t < 16 && state == 0 )
        {
            n = t;
            if ( t == 0 )
            {
                n = 15;
                if ( !ext_len(in, len, &i, &n) )
                    return dec_fail(why, "lzo: block truncated", -EINVAL);
            }
            n += 3;
            if ( n > len - i || n > end - o )
                return dec_fail(why, "lzo: literal run past the block", -EINVAL);
            dec_copy(out + o, in + i, n);
            i += n;
            o += n;
            state = 4;
            continue;
        }
        if ( t < 16 )
        {
            if ( i >= len )
                return dec_fail(why, "lzo: block truncated", -EINVAL);
            dist = ((size_t)in[i++] << 2) + (t >> 2) + (state == 4 ? 2049 : 1);
            mlen = state == 4 ? 3 : 2;
            lit = t & 3;
        }
        else if ( t < 64 )
        {
            n = t < 32 ? (t & 7) : (t & 31);
            if ( n == 0 )
            {
                n = t < 32 ? 7 : 31;
                if ( !ext_len(in, len, &i, &n) )
                    return dec_fail(why, "lzo: block truncated", -EINVAL);
            }
            mlen = n + 2;
            if ( len - i < 2 )
                return dec_fail(why, "lzo: block truncated", -EINVAL);
            dist = (in[i] | (in[i + 1] << 8)) >> 2;
            lit = in[i] & 3;
            i += 2;
            if ( t < 32 )
            {
                dist += 16384 + ((size_t)(t & 8) << 11);
                if ( dist == 16384 )
                    break; /* end of stream */
            }
            else
                dist += 1;
        }
        else
        {
            if ( i >= len )
                return dec_fail(why, "lzo: block truncated", -EINVAL);
            mlen = t >= 128 ? 5 + ((t >> 5) & 3) : 3 + ((t >> 5) & 1);
            dist = ((size_t)in[i++] << 3) + ((t >> 2) & 7) + 1;
            lit = t & 3;
        }
        if ( dist > o - start )
            return dec_fail(why, "lzo: match reaches before the block", -EINVAL);
        if ( mlen > end - o )
            return dec_fail(why, "lzo: match runs past the block's size", -EINVAL);
        dec_match(out + o, dist, mlen);
        o += mlen;
        if ( lit > len - i || lit > end - o )
            return dec_fail(why, "lzo: literals run past the block", -EINVAL);
        dec_copy(out + o, in + i, lit);
        i += lit;
        o += lit;
        state = lit;
    }
    if ( o != end )
        return dec_fail(why, "lzo: block shorter than its recorded size", -EINVAL);
    if ( i != len )
        return dec_fail(why, "lzo: data after the end of a block", -EINVAL);
    return 0;
}

/* Checks a stored checksum (Adler-32 or CRC-32 by the flags) of buf; p advances. */
static bool check_sum(const uint8_t *in, size_t *p, uint32_t flags, uint32_t adler_flag,
                      uint32_t crc_flag, const uint8_t *buf, size_t len, bool *bad)
{
    if ( flags & adler_flag )
    {
        *bad |= dec_be32(in + *p) != decompress_adler32(1, buf, len);
        *p += 4;
    }
    if ( flags & crc_flag )
    {
        *bad |= dec_be32(in + *p) != decompress_crc32(0, buf, len);
        *p += 4;
    }
    return !*bad;
}

/* Parses the lzop header; *pos is left at the first block. */
static int lzop_header(const uint8_t *in, size_t in_len, size_t *pos, uint32_t *flags,
                       const char **why)
{
    size_t p = sizeof(lzop_magic), hstart = p, need;
    unsigned int version, method;
    uint32_t sum;

    if ( in_len < p + 2 || memcmp(in, lzop_magic, sizeof(lzop_magic)) )
        return dec_fail(why, "lzo: no lzop magic", -EINVAL);
    version = (in[p] << 8) | in[p + 1];
    if ( version < 0x0900 )
        return dec_fail(why, "lzo: lzop version older than 0.90", -EINVAL);
    /* version, lib version, [needed version], method, [level], flags, [filter], mode, mtime
     * (low, [high]), name length. */
    need = 2 + 2 + (version >= 0x0940 ? 2 : 0) + 1 + (version >= 0x0940 ? 1 : 0) + 4;
    if ( in_len - p < need )
        return dec_fail(why, "lzo: header truncated", -EINVAL);
    p += 4;
    if ( version >= 0x0940 && ((in[p] << 8) | in[p + 1]) > 0x1040 )
        return dec_fail(why, "lzo: needs a newer lzop", -EINVAL);
    p += version >= 0x0940 ? 2 : 0;
    method = in[p];
    if ( method < 1 || method > 3 )
        return dec_fail(why, "lzo: not an LZO1X method", -EINVAL);
    p += version >= 0x0940 ? 2 : 1;
    *flags = dec_be32(in + p);
    p += 4;
    if ( *flags & F_FILTER )
        return dec_fail(why, "lzo: lzop filters are not supported", -EINVAL);
    need = 4 + 4 + (version >= 0x0940 ? 4 : 0) + 1;
    if ( in_len - p < need )
        return dec_fail(why, "lzo: header truncated", -EINVAL);
    p += need;
    need = in[p - 1] + 4;
    if ( in_len - p < need )
        return dec_fail(why, "lzo: header truncated", -EINVAL);
    p += need - 4;
    sum = *flags & F_H_CRC32 ? decompress_crc32(0, in + hstart, p - hstart)
                             : decompress_adler32(1, in + hstart, p - hstart);
    if ( dec_be32(in + p) != sum )
        return dec_fail(why, "lzo: header checksum mismatch", -EINVAL);
    p += 4;
    if ( *flags & F_EXTRA )
    {
        uint32_t extra;

        if ( in_len - p < 4 )
            return dec_fail(why, "lzo: header truncated", -EINVAL);
        extra = dec_be32(in + p);
        if ( extra > in_len - p - 4 || in_len - p - 4 - extra < 4 )
            return dec_fail(why, "lzo: extra field truncated", -EINVAL);
        sum = *flags & F_H_CRC32 ? decompress_crc32(0, in + p, extra + 4)
                                 : decompress_adler32(1, in + p, extra + 4);
        if ( dec_be32(in + p + 4 + extra) != sum )
            return dec_fail(why, "lzo: extra field checksum mismatch", -EINVAL);
        p += 8 + extra;
    }
    *pos = p;
    return 0;
}

int decompress_unlzo(const void *in_v, size_t in_len, void *out_v, size_t out_max, size_t *out_len,
                     void *work, size_t work_len, const char **why)
{
    const uint8_t *in = in_v;
    uint8_t *out = out_v;
    size_t p, o = 0;
    uint32_t flags;
    int rc;

    (void)work;
    (void)work_len;
    rc = lzop_header(in, in_len, &p, &flags, why);
    if ( rc )
        return rc;
    for ( ;; )
    {
        uint32_t dlen, clen;
        size_t sums;
        bool bad = false;

        if ( in_len - p < 4 )
            return dec_fail(why, "lzo: block header truncated", -EINVAL);
        dlen = dec_be32(in + p);
        p += 4;
        if ( dlen == 0 )
            break;
        if ( in_len - p < 4 )
            return dec_fail(why, "lzo: block header truncated", -EINVAL);
        clen = dec_be32(in + p);
        p += 4;
        if ( dlen > BLOCK_MAX || clen == 0 || clen > dlen )
            return dec_fail(why, "lzo: bad block sizes", -EINVAL);
        sums = 4 * (!!(flags & F_ADLER32_D) + !!(flags & F_CRC32_D));
        if ( clen < dlen )
            sums += 4 * (!!(flags & F_ADLER32_C) + !!(flags & F_CRC32_C));
        if ( in_len - p < sums || in_len - p - sums < clen )
            return dec_fail(why, "lzo: block truncated", -EINVAL);
        if ( dlen > out_max - o )
            return dec_fail(why, "lzo: output buffer too small", -ENOSPC);
        {
            size_t dsum = p, csum = p + 4 * (!!(flags & F_ADLER32_D) + !!(flags & F_CRC32_D));

            p += sums;
            if ( clen < dlen &&
                 !check_sum(in, &csum, flags, F_ADLER32_C, F_CRC32_C, in + p, clen, &bad) )
                return dec_fail(why, "lzo: compressed block checksum mismatch", -EINVAL);
            if ( clen == dlen )
                memcpy(out + o, in + p, dlen);
            else if ( (rc = lzo1x_block(in + p, clen, out, o, o + dlen, why)) )
                return rc;
            if ( !check_sum(in, &dsum, flags, F_ADLER32_D, F_CRC32_D, out + o, dlen, &bad) )
                return dec_fail(why, "lzo: block checksum mismatch", -EINVAL);
        }
        p += clen;
        o += dlen;
    }
    *out_len = o;
    return 0;
}
