/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * DEFLATE (RFC 1951) decoder with the gzip (RFC 1952) and zlib (RFC 1950)
 * wrappers. One shot: the output buffer is the history window. Huffman codes
 * are canonical: codes of up to FAST_BITS bits come from a lookup table, longer
 * ones are decoded one bit at a time against per-length counts.
 */
#include "private.h"

#define MAXBITS   15
#define NLITLEN   288
#define NDIST     32
#define FAST_BITS 9

struct huff {
    uint16_t count[MAXBITS + 1];
    uint16_t sym[NLITLEN];
    /* By the next FAST_BITS input bits: symbol << 4 | code length, 0 when longer. */
    uint16_t fast[1u << FAST_BITS];
};

struct inflate_work {
    const uint8_t *in;
    size_t in_len, in_pos;
    uint32_t bits;
    unsigned int nbits;
    bool short_input;
    uint8_t *out;
    size_t out_max, out_pos;
    struct huff lit, dist;
};

static const uint16_t len_base[29] = {3,  4,  5,  6,   7,   8,   9,   10,  11, 13,
                                      15, 17, 19, 23,  27,  31,  35,  43,  51, 59,
                                      67, 83, 99, 115, 131, 163, 195, 227, 258};
static const uint8_t len_extra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                      2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
static const uint16_t dist_base[30] = {
    1,   2,   3,   4,   5,   7,    9,    13,   17,   25,   33,   49,   65,    97,    129,
    193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
static const uint8_t dist_extra[30] = {0, 0, 0, 0, 1, 1, 2, 2,  3,  3,  4,  4,  5,  5,  6,
                                       6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};

static int fail(const char **why, const char *reason, int rc)
{
    if ( why )
        *why = reason;
    return rc;
}

/* Takes n (<= 16) bits, least significant first; past the end yields zeros and flags it. */
static uint32_t getbits(struct inflate_work *s, unsigned int n)
{
    uint32_t v;

    while ( s->nbits < n )
    {
        uint32_t byte = 0;

        if ( s->in_pos < s->in_len )
            byte = s->in[s->in_pos++];
        else
            s->short_input = true;
        s->bits |= byte << s->nbits;
        s->nbits += 8;
    }
    v = s->bits & ((1u << n) - 1);
    s->bits >>= n;
    s->nbits -= n;
    return v;
}

/* Fills h->fast from the sorted symbols: codes are sent most significant bit first. */
static void fast_build(struct huff *h)
{
    unsigned int len, code = 0, index = 0;

    memset(h->fast, 0, sizeof(h->fast));
    for ( len = 1; len <= FAST_BITS; len++ )
    {
        for ( unsigned int k = 0; k < h->count[len]; k++, code++, index++ )
        {
            unsigned int rev = 0;

            for ( unsigned int b = 0; b < len; b++ )
                rev |= ((code >> b) & 1) << (len - 1 - b);
            for ( unsigned int fill = rev; fill < (1u << FAST_BITS); fill += 1u << len )
                h->fast[fill] = (h->sym[index] << 4) | len;
        }
        code <<= 1;
    }
}

/* Builds a canonical code from lengths; false when over-subscribed. */
static bool huff_build(struct huff *h, const uint8_t *lens, unsigned int n)
{
    uint16_t offs[MAXBITS + 2];
    int left = 1;
    unsigned int i;

    memset(h->count, 0, sizeof(h->count));
    for ( i = 0; i < n; i++ )
        h->count[lens[i]]++;
    for ( i = 1; i <= MAXBITS; i++ )
    {
        left = (left << 1) - h->count[i];
        if ( left < 0 )
            return false;
    }
    offs[1] = 0;
    for ( i = 1; i <= MAXBITS; i++ )
        offs[i + 1] = offs[i] + h->count[i];
    for ( i = 0; i < n; i++ )
        if ( lens[i] )
            h->sym[offs[lens[i]]++] = i;
    fast_build(h);
    return true;
}

/* Decodes one symbol; -1 for a code that is not in the table. */
static int huff_decode(struct inflate_work *s, const struct huff *h)
{
    int code = 0, first = 0, index = 0;
    unsigned int len, e;

    while ( s->nbits <= 24 && s->in_pos < s->in_len )
    {
        s->bits |= (uint32_t)s->in[s->in_pos++] << s->nbits;
        s->nbits += 8;
    }
    if ( s->nbits >= FAST_BITS )
    {
        e = h->fast[s->bits & ((1u << FAST_BITS) - 1)];
        if ( e )
        {
            s->bits >>= e & 15;
            s->nbits -= e & 15;
            return e >> 4;
        }
    }

    for ( len = 1; len <= MAXBITS; len++ )
    {
        int count = h->count[len];

        code |= getbits(s, 1);
        if ( code - first < count )
            return h->sym[index + code - first];
        index += count;
        first = (first + count) << 1;
        code <<= 1;
        if ( s->short_input )
            return -1;
    }
    return -1;
}

static int stored_block(struct inflate_work *s, const char **why)
{
    size_t len;

    getbits(s, s->nbits & 7);
    len = getbits(s, 16);
    if ( (getbits(s, 16) ^ 0xffff) != len || s->short_input )
        return fail(why, "inflate: stored block length check failed", -EINVAL);
    /* Whole bytes read ahead into the bit buffer go back: the data is byte-aligned. */
    s->in_pos -= s->nbits / 8;
    s->bits = 0;
    s->nbits = 0;
    if ( len > s->in_len - s->in_pos )
        return fail(why, "inflate: stored block truncated", -EINVAL);
    if ( len > s->out_max - s->out_pos )
        return fail(why, "inflate: output buffer too small", -ENOSPC);
    memcpy(s->out + s->out_pos, s->in + s->in_pos, len);
    s->in_pos += len;
    s->out_pos += len;
    return 0;
}

static int codes(struct inflate_work *s, const char **why)
{
    for ( ;; )
    {
        int sym = huff_decode(s, &s->lit);
        size_t len, dist;

        if ( sym < 0 || s->short_input )
            return fail(why,
                        s->short_input ? "inflate: input truncated"
                                       : "inflate: invalid literal/length code",
                        -EINVAL);
        if ( sym < 256 )
        {
            if ( s->out_pos >= s->out_max )
                return fail(why, "inflate: output buffer too small", -ENOSPC);
            s->out[s->out_pos++] = sym;
            continue;
        }
        if ( sym == 256 )
            return 0;
        sym -= 257;
        if ( sym >= 29 )
            return fail(why, "inflate: invalid length symbol", -EINVAL);
        len = len_base[sym] + getbits(s, len_extra[sym]);
        sym = huff_decode(s, &s->dist);
        if ( sym < 0 || sym >= 30 )
            return fail(why, "inflate: invalid distance code", -EINVAL);
        dist = dist_base[sym] + getbits(s, dist_extra[sym]);
        if ( s->short_input )
            return fail(why, "inflate: input truncated", -EINVAL);
        if ( dist > s->out_pos )
            return fail(why, "inflate: distance reaches before the start", -EINVAL);
        if ( len > s->out_max - s->out_pos )
            return fail(why, "inflate: output buffer too small", -ENOSPC);
        dec_match(s->out + s->out_pos, dist, len);
        s->out_pos += len;
    }
}

static int fixed_block(struct inflate_work *s, const char **why)
{
    uint8_t lens[NLITLEN];
    unsigned int i;

    for ( i = 0; i < NLITLEN; i++ )
        lens[i] = i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8;
    huff_build(&s->lit, lens, NLITLEN);
    for ( i = 0; i < 30; i++ )
        lens[i] = 5;
    huff_build(&s->dist, lens, 30);
    return codes(s, why);
}

static int dynamic_block(struct inflate_work *s, const char **why)
{
    static const uint8_t order[19] = {16, 17, 18, 0, 8,  7, 9,  6, 10, 5,
                                      11, 4,  12, 3, 13, 2, 14, 1, 15};
    uint8_t lens[NLITLEN + NDIST];
    unsigned int nlen, ndist, ncode, i;

    nlen = getbits(s, 5) + 257;
    ndist = getbits(s, 5) + 1;
    ncode = getbits(s, 4) + 4;
    if ( nlen > 286 || ndist > 30 )
        return fail(why, "inflate: too many length or distance codes", -EINVAL);
    memset(lens, 0, sizeof(lens));
    for ( i = 0; i < ncode; i++ )
        lens[order[i]] = getbits(s, 3);
    if ( !huff_build(&s->lit, lens, 19) )
        return fail(why, "inflate: over-subscribed code-length code", -EINVAL);
    for ( i = 0; i < nlen + ndist; )
    {
        int sym = huff_decode(s, &s->lit);
        unsigned int rep;
        uint8_t val = 0;

        if ( sym < 0 || s->short_input )
            return fail(why, "inflate: invalid code-length code", -EINVAL);
        if ( sym < 16 )
        {
            lens[i++] = sym;
            continue;
        }
        if ( sym == 16 )
        {
            if ( i == 0 )
                return fail(why, "inflate: repeat with no previous length", -EINVAL);
            val = lens[i - 1];
            rep = 3 + getbits(s, 2);
        }
        else if ( sym == 17 )
            rep = 3 + getbits(s, 3);
        else
            rep = 11 + getbits(s, 7);
        if ( rep > nlen + ndist - i )
            return fail(why, "inflate: code lengths overrun", -EINVAL);
        while ( rep-- )
            lens[i++] = val;
    }
    if ( lens[256] == 0 )
        return fail(why, "inflate: no end-of-block code", -EINVAL);
    if ( !huff_build(&s->lit, lens, nlen) )
        return fail(why, "inflate: over-subscribed literal/length code", -EINVAL);
    if ( !huff_build(&s->dist, lens + nlen, ndist) )
        return fail(why, "inflate: over-subscribed distance code", -EINVAL);
    return codes(s, why);
}

int decompress_inflate_raw(const void *in, size_t in_len, size_t *in_used, void *out,
                           size_t out_max, size_t *out_len, void *work, size_t work_len,
                           const char **why)
{
    struct inflate_work *s = work;
    bool last;
    int rc;

    if ( !work || work_len < sizeof(*s) )
        return fail(why, "inflate: work area too small", -ENOMEM);
    memset(s, 0, sizeof(*s));
    s->in = in;
    s->in_len = in_len;
    s->out = out;
    s->out_max = out_max;
    do
    {
        unsigned int type;

        last = getbits(s, 1);
        type = getbits(s, 2);
        if ( s->short_input )
            return fail(why, "inflate: input truncated", -EINVAL);
        if ( type == 0 )
            rc = stored_block(s, why);
        else if ( type == 1 )
            rc = fixed_block(s, why);
        else if ( type == 2 )
            rc = dynamic_block(s, why);
        else
            rc = fail(why, "inflate: invalid block type 3", -EINVAL);
        if ( rc )
            return rc;
    } while ( !last );
    *in_used = s->in_pos - s->nbits / 8;
    *out_len = s->out_pos;
    return 0;
}

static uint32_t crc_table_entry(uint32_t c)
{
    unsigned int k;

    for ( k = 0; k < 8; k++ )
        c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
    return c;
}

/*
 * CRC-32 eight bytes a step ("slicing by 8"): table[k][b] is the CRC of byte b
 * followed by k zero bytes, so the eight lookups of one step, XORed, advance
 * the CRC over eight bytes at once. A kernel's 60+ MiB are checked this way.
 */
uint32_t decompress_crc32(uint32_t crc, const void *buf, size_t len)
{
    static uint32_t table[8][256];
    static bool have_table;
    const uint8_t *p = buf;

    if ( !have_table )
    {
        unsigned int i, k;

        for ( i = 0; i < 256; i++ )
            table[0][i] = crc_table_entry(i);
        for ( k = 1; k < 8; k++ )
            for ( i = 0; i < 256; i++ )
                table[k][i] = (table[k - 1][i] >> 8) ^ table[0][table[k - 1][i] & 0xff];
        have_table = true;
    }
    crc = ~crc;
    for ( ; len >= 8; len -= 8, p += 8 )
    {
        uint32_t lo = crc ^ dec_le32(p), hi = dec_le32(p + 4);

        crc = table[7][lo & 0xff] ^ table[6][(lo >> 8) & 0xff] ^ table[5][(lo >> 16) & 0xff] ^
              table[4][lo >> 24] ^ table[3][hi & 0xff] ^ table[2][(hi >> 8) & 0xff] ^
              table[1][(hi >> 16) & 0xff] ^ table[0][hi >> 24];
    }
    while ( len-- )
        crc = table[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}

static uint32_t le32(const uint8_t *p)
{
    return p[0] | (p[1] << 8) | (p[2] << 16) | ((uint32_t)p[3] << 24);
}

int decompress_gunzip(const void *in, size_t in_len, void *out, size_t out_max, size_t *out_len,
                      void *work, size_t work_len, const char **why)
{
    const uint8_t *p = in;
    size_t pos = 10, used, len;
    uint8_t flags;
    int rc;

    if ( in_len < 18 || p[0] != 0x1f || p[1] != 0x8b )
        return fail(why, "gzip: not a gzip stream", -EINVAL);
    if ( p[2] != 8 )
        return fail(why, "gzip: compression method is not deflate", -EINVAL);
    flags = p[3];
    if ( flags & 0xe0 )
        return fail(why, "gzip: reserved flag bits set", -EINVAL);
    if ( flags & 4 )
    {
        size_t xlen = p[pos] | (p[pos + 1] << 8);

        if ( xlen > in_len - pos - 2 )
            return fail(why, "gzip: extra field truncated", -EINVAL);
        pos += 2 + xlen;
    }
    for ( unsigned int bit = 8; bit <= 16; bit <<= 1 )
    {
        if ( !(flags & bit) )
            continue;
        while ( pos < in_len && p[pos] )
            pos++;
        if ( pos >= in_len )
            return fail(why, "gzip: name or comment not terminated", -EINVAL);
        pos++;
    }
    if ( flags & 2 )
        pos += 2;
    if ( pos > in_len )
        return fail(why, "gzip: header truncated", -EINVAL);
    rc = decompress_inflate_raw(p + pos, in_len - pos, &used, out, out_max, &len, work, work_len,
                                why);
    if ( rc )
        return rc;
    pos += used;
    if ( in_len - pos < 8 )
        return fail(why, "gzip: trailer truncated", -EINVAL);
    if ( le32(p + pos) != decompress_crc32(0, out, len) )
        return fail(why, "gzip: CRC-32 mismatch", -EINVAL);
    if ( le32(p + pos + 4) != (uint32_t)len )
        return fail(why, "gzip: length mismatch", -EINVAL);
    *out_len = len;
    return 0;
}

int decompress_zlib(const void *in, size_t in_len, void *out, size_t out_max, size_t *out_len,
                    void *work, size_t work_len, const char **why)
{
    const uint8_t *p = in;
    uint32_t want;
    size_t used, len;
    int rc;

    if ( in_len < 6 || (p[0] & 0x0f) != 8 || (p[0] >> 4) > 7 || ((p[0] << 8) | p[1]) % 31 )
        return fail(why, "zlib: bad stream header", -EINVAL);
    if ( p[1] & 0x20 )
        return fail(why, "zlib: preset dictionary not supported", -EINVAL);
    rc = decompress_inflate_raw(p + 2, in_len - 2, &used, out, out_max, &len, work, work_len, why);
    if ( rc )
        return rc;
    if ( in_len - 2 - used < 4 )
        return fail(why, "zlib: trailer truncated", -EINVAL);
    p += 2 + used;
    want = ((uint32_t)p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
    if ( want != decompress_adler32(1, out, len) )
        return fail(why, "zlib: Adler-32 mismatch", -EINVAL);
    *out_len = len;
    return 0;
}
