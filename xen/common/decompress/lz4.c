/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * LZ4: the legacy container (magic 0x184c2102, what Linux's "lz4 -l" kernels
 * use) and the frame format (magic 0x184d2204, with its xxHash32 header, block
 * and content checksums), both over the LZ4 block format. One shot: the output
 * buffer is the window, so linked blocks need nothing more.
 */
#include "private.h"

#define P1 2654435761u
#define P2 2246822519u
#define P3 3266489917u
#define P4 668265263u
#define P5 374761393u

static int fail(const char **why, const char *reason, int rc)
{
    if ( why )
        *why = reason;
    return rc;
}

static uint32_t le32(const uint8_t *p)
{
    return p[0] | (p[1] << 8) | (p[2] << 16) | ((uint32_t)p[3] << 24);
}

static uint32_t rotl(uint32_t v, unsigned int n)
{
    return (v << n) | (v >> (32 - n));
}

static uint32_t xxh32(const uint8_t *p, size_t len)
{
    size_t i = 0;
    uint32_t h;

    if ( len >= 16 )
    {
        uint32_t v[4] = {P1 + P2, P2, 0, 0u - P1};

        for ( ; i + 16 <= len; i += 16 )
            for ( int k = 0; k < 4; k++ )
                v[k] = rotl(v[k] + le32(p + i + 4 * k) * P2, 13) * P1;
        h = rotl(v[0], 1) + rotl(v[1], 7) + rotl(v[2], 12) + rotl(v[3], 18);
    }
    else
        h = P5;
    h += (uint32_t)len;
    for ( ; i + 4 <= len; i += 4 )
        h = rotl(h + le32(p + i) * P3, 17) * P4;
    for ( ; i < len; i++ )
        h = rotl(h + p[i] * P5, 11) * P1;
    h ^= h >> 15;
    h *= P2;
    h ^= h >> 13;
    h *= P3;
    h ^= h >> 16;
    return h;
}

/* Adds the 255-continued length bytes at in[*i]; false when they run off the end. */
static bool more_len(const uint8_t *in, size_t len, size_t *i, size_t *v)
{
    uint8_t b;

    do
    {
        if ( *i >= len )
            return false;
        b = in[(*i)++];
        *v += b;
    } while ( b == 255 );
    return true;
}

/* One LZ4 block in[0, len) appended at out[*pos]; matches may reach back to out[0]. */
static int lz4_block(const uint8_t *in, size_t len, uint8_t *out, size_t out_max, size_t *pos,
                     const char **why)
{
    size_t i = 0, o = *pos;

    for ( ;; )
    {
        unsigned int token;
        size_t lit, mlen, off;

        if ( i >= len )
            return fail(why, "lz4: block truncated", -EINVAL);
        token = in[i++];
        lit = token >> 4;
        if ( lit == 15 && !more_len(in, len, &i, &lit) )
            return fail(why, "lz4: block truncated", -EINVAL);
        if ( lit > len - i )
            return fail(why, "lz4: literals run past the block", -EINVAL);
        if ( lit > out_max - o )
            return fail(why, "lz4: output buffer too small", -ENOSPC);
        dec_copy(out + o, in + i, lit);
        i += lit;
        o += lit;
        if ( i == len )
            break;
        if ( len - i < 2 )
            return fail(why, "lz4: block truncated", -EINVAL);
        off = in[i] | (in[i + 1] << 8);
        i += 2;
        if ( off == 0 || off > o )
            return fail(why, "lz4: match offset reaches before the start", -EINVAL);
        mlen = (token & 15) + 4;
        if ( (token & 15) == 15 && !more_len(in, len, &i, &mlen) )
            return fail(why, "lz4: block truncated", -EINVAL);
        if ( mlen > out_max - o )
            return fail(why, "lz4: output buffer too small", -ENOSPC);
        dec_match(out + o, off, mlen);
        o += mlen;
    }
    *pos = o;
    return 0;
}

static int lz4_legacy(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_max,
                      size_t *out_len, const char **why)
{
    size_t i = 4, o = 0;
    int rc;

    /* Blocks until the input ends; a last 4 bytes that cannot be a block are the
     * uncompressed size Linux appends, or the start of another stream. */
    while ( in_len - i >= 4 )
    {
        uint32_t bsize = le32(in + i);

        if ( bsize == 0x184c2102 || (in_len - i == 4 && bsize > 0) )
            break;
        i += 4;
        if ( bsize == 0 || bsize > in_len - i )
            return fail(why, "lz4: legacy block size runs past the input", -EINVAL);
        rc = lz4_block(in + i, bsize, out, out_max, &o, why);
        if ( rc )
            return rc;
        i += bsize;
    }
    if ( i != in_len && in_len - i != 4 )
        return fail(why, "lz4: legacy stream truncated", -EINVAL);
    *out_len = o;
    return 0;
}

static int lz4_frame(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_max,
                     size_t *out_len, const char **why)
{
    size_t i = 4, hstart = 4, o = 0;
    uint64_t csize = 0;
    unsigned int flg, bd;
    bool bsum, csum, has_size;
    int rc;

    if ( in_len < 7 )
        return fail(why, "lz4: frame header truncated", -EINVAL);
    flg = in[i++];
    bd = in[i++];
    if ( (flg >> 6) != 1 || (flg & 2) || (bd & 0x8f) || ((bd >> 4) & 7) < 4 )
        return fail(why, "lz4: bad frame descriptor", -EINVAL);
    bsum = flg & 0x10;
    has_size = flg & 8;
    csum = flg & 4;
    if ( flg & 1 )
        return fail(why, "lz4: dictionary id not supported", -EINVAL);
    if ( has_size )
    {
        if ( in_len - i < 8 )
            return fail(why, "lz4: frame header truncated", -EINVAL);
        for ( int k = 7; k >= 0; k-- )
            csize = (csize << 8) | in[i + k];
        i += 8;
    }
    if ( i >= in_len || in[i] != ((xxh32(in + hstart, i - hstart) >> 8) & 0xff) )
        return fail(why, "lz4: frame header checksum mismatch", -EINVAL);
    i++;
    for ( ;; )
    {
        uint32_t bsize;
        size_t start = o;

        if ( in_len - i < 4 )
            return fail(why, "lz4: frame truncated", -EINVAL);
        bsize = le32(in + i);
        i += 4;
        if ( bsize == 0 )
            break;
        if ( (bsize & 0x7fffffff) > in_len - i || (bsum && in_len - i - (bsize & 0x7fffffff) < 4) )
            return fail(why, "lz4: block runs past the input", -EINVAL);
        if ( bsize & 0x80000000u )
        {
            bsize &= 0x7fffffff;
            if ( bsize > out_max - o )
                return fail(why, "lz4: output buffer too small", -ENOSPC);
            memcpy(out + o, in + i, bsize);
            o += bsize;
        }
        else
        {
            rc = lz4_block(in + i, bsize, out, out_max, &o, why);
            if ( rc )
                return rc;
        }
        if ( bsum && le32(in + i + bsize) != xxh32(in + i, bsize) )
            return fail(why, "lz4: block checksum mismatch", -EINVAL);
        i += bsize + (bsum ? 4 : 0);
        (void)start;
    }
    if ( csum && (in_len - i < 4 || le32(in + i) != xxh32(out, o)) )
        return fail(why, "lz4: content checksum mismatch", -EINVAL);
    if ( has_size && csize != o )
        return fail(why, "lz4: content size does not match", -EINVAL);
    *out_len = o;
    return 0;
}

int decompress_unlz4(const void *in_v, size_t in_len, void *out, size_t out_max, size_t *out_len,
                     void *work, size_t work_len, const char **why)
{
    const uint8_t *in = in_v;

    (void)work;
    (void)work_len;
    if ( in_len >= 4 && le32(in) == 0x184c2102 )
        return lz4_legacy(in, in_len, out, out_max, out_len, why);
    if ( in_len >= 4 && le32(in) == 0x184d2204 )
        return lz4_frame(in, in_len, out, out_max, out_len, why);
    return fail(why, "lz4: no lz4 magic", -EINVAL);
}
