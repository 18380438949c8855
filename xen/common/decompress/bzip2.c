/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bzip2 streams (what Linux's CONFIG_KERNEL_BZIP2 kernels carry): per block,
 * Huffman-coded MTF/RLE2 symbols, the inverse Burrows-Wheeler transform over a
 * table of up to 900k 32-bit entries in the work area, the RLE1 runs, and the
 * block and stream CRCs. Concatenated streams are decoded one after another.
 */
#include "private.h"

#define GROUP_SIZE    50
#define MAX_GROUPS    6
#define MAX_ALPHA     258
#define MAX_CODE_LEN  20
#define MAX_SELECTORS (2 + 900000 / GROUP_SIZE)
#define BLOCK_MAGIC   0x314159265359ull
#define END_MAGIC     0x177245385090ull

/* A canonical Huffman code: symbols sorted by code length, first code per length. */
struct bz_huff {
    uint16_t sorted[MAX_ALPHA];
    int32_t first_code[MAX_CODE_LEN + 2];
    uint16_t first_index[MAX_CODE_LEN + 2];
    uint16_t count[MAX_CODE_LEN + 2];
    unsigned int min_len;
};

struct bz_work {
    /* MSB-first bit reader. */
    const uint8_t *in;
    size_t in_len, in_pos;
    uint64_t bits;
    unsigned int nbits;
    bool overrun;
    uint32_t crc_table[256];
    struct bz_huff huff[MAX_GROUPS];
    uint8_t selector[MAX_SELECTORS];
    uint8_t lens[MAX_ALPHA];
    uint8_t seq_to_byte[256];
    uint32_t byte_count[256];
    /* The block's bytes in the low 8 bits, the inverse BWT links above; block_max entries. */
    uint32_t tt[];
};

static uint32_t getbits(struct bz_work *s, unsigned int n)
{
    uint32_t v;

    while ( s->nbits < n )
    {
        s->bits <<= 8;
        if ( s->in_pos < s->in_len )
            s->bits |= s->in[s->in_pos++];
        else
            s->overrun = true;
        s->nbits += 8;
    }
    v = (s->bits >> (s->nbits - n)) & ((1ull << n) - 1);
    s->nbits -= n;
    return v;
}

static uint64_t getbits48(struct bz_work *s)
{
    uint64_t hi = getbits(s, 24);

    return (hi << 24) | getbits(s, 24);
}

/* Builds the canonical code of lens[0, n) (each 1..MAX_CODE_LEN). */
static void huff_build(struct bz_huff *h, const uint8_t *lens, unsigned int n)
{
    unsigned int len, i, idx = 0;
    int32_t code = 0;

    memset(h->count, 0, sizeof(h->count));
    h->min_len = MAX_CODE_LEN;
    for ( i = 0; i < n; i++ )
    {
        h->count[lens[i]]++;
        if ( lens[i] < h->min_len )
            h->min_len = lens[i];
    }
    for ( len = 1; len <= MAX_CODE_LEN; len++ )
    {
        h->first_code[len] = code;
        h->first_index[len] = idx;
        for ( i = 0; i < n; i++ )
            if ( lens[i] == len )
                h->sorted[idx++] = i;
        code = (code + h->count[len]) << 1;
    }
}

static int huff_decode(struct bz_work *s, const struct bz_huff *h)
{
    unsigned int len = h->min_len;
    int32_t code = getbits(s, len);

    for ( ; len <= MAX_CODE_LEN; len++ )
    {
        int32_t d = code - h->first_code[len];

        if ( d >= 0 && d < h->count[len] )
            return h->sorted[h->first_index[len] + d];
        code = (code << 1) | getbits(s, 1);
    }
    return -1;
}

/* Decodes the symbols of one block into s->tt (bytes only); returns the block's length. */
static int read_block(struct bz_work *s, size_t block_max, size_t *nblock, uint32_t *orig,
                      const char **why)
{
    unsigned int in_use = 0, groups, nsel, alpha, i, j, g;
    uint8_t mtf[256], sel_mtf[MAX_GROUPS];
    size_t n = 0, run = 0;
    unsigned int run_shift = 0, left = 0, group = 0;
    uint16_t used;

    if ( getbits(s, 1) )
        return dec_fail(why, "bzip2: randomised blocks are not supported", -EINVAL);
    *orig = getbits(s, 24);
    used = getbits(s, 16);
    for ( i = 0; i < 16; i++ )
        if ( used & (0x8000 >> i) )
        {
            uint16_t b = getbits(s, 16);

            for ( j = 0; j < 16; j++ )
                if ( b & (0x8000 >> j) )
                    s->seq_to_byte[in_use++] = i * 16 + j;
        }
    if ( in_use == 0 )
        return dec_fail(why, "bzip2: block uses no byte values", -EINVAL);
    alpha = in_use + 2;
    groups = getbits(s, 3);
    nsel = getbits(s, 15);
    if ( groups < 2 || groups > MAX_GROUPS || nsel == 0 )
        return dec_fail(why, "bzip2: bad Huffman group or selector count", -EINVAL);
    for ( i = 0; i < groups; i++ )
        sel_mtf[i] = i;
    for ( i = 0; i < nsel; i++ )
    {
        unsigned int k = 0;
        uint8_t v;

        while ( getbits(s, 1) )
            if ( ++k >= groups || s->overrun )
                return dec_fail(why, "bzip2: bad selector", -EINVAL);
        v = sel_mtf[k];
        memmove(sel_mtf + 1, sel_mtf, k);
        sel_mtf[0] = v;
        /* bzip2 1.0.8 reads but ignores selectors past the most a block can use. */
        if ( i < MAX_SELECTORS )
            s->selector[i] = v;
    }
    if ( nsel > MAX_SELECTORS )
        nsel = MAX_SELECTORS;
    for ( g = 0; g < groups; g++ )
    {
        unsigned int len = getbits(s, 5);

        for ( i = 0; i < alpha; i++ )
        {
            for ( ;; )
            {
                if ( len < 1 || len > MAX_CODE_LEN || s->overrun )
                    return dec_fail(why, "bzip2: bad Huffman code length", -EINVAL);
                if ( !getbits(s, 1) )
                    break;
                len += getbits(s, 1) ? -1 : 1;
            }
            s->lens[i] = len;
        }
        huff_build(&s->huff[g], s->lens, alpha);
    }
    for ( i = 0; i < 256; i++ )
    {
        mtf[i] = i;
        s->byte_count[i] = 0;
    }
    for ( ;; )
    {
        int sym;

        if ( left == 0 )
        {
            if ( group >= nsel )
                return dec_fail(why, "bzip2: more symbol groups than selectors", -EINVAL);
            left = GROUP_SIZE;
            g = s->selector[group++];
        }
        left--;
        sym = huff_decode(s, &s->huff[g]);
        if ( sym < 0 || s->overrun )
            return dec_fail(why, "bzip2: bad Huffman code or truncated block", -EINVAL);
        if ( sym <= 1 )
        {
            /* RUNA/RUNB: a bijective base-2 run length of the front byte. */
            if ( run_shift > 20 )
                return dec_fail(why, "bzip2: run longer than a block", -EINVAL);
            run += (size_t)(sym + 1) << run_shift++;
            continue;
        }
        if ( run )
        {
            uint8_t b = s->seq_to_byte[mtf[0]];

            if ( run > block_max - n )
                return dec_fail(why, "bzip2: block longer than its header allows", -EINVAL);
            s->byte_count[b] += run;
            while ( run-- )
                s->tt[n++] = b;
            run = 0;
            run_shift = 0;
        }
        if ( (unsigned int)sym == alpha - 1 )
            break;
        if ( n >= block_max )
            return dec_fail(why, "bzip2: block longer than its header allows", -EINVAL);
        {
            unsigned int k = sym - 1;
            uint8_t v = mtf[k];

            memmove(mtf + 1, mtf, k);
            mtf[0] = v;
            s->byte_count[s->seq_to_byte[v]]++;
            s->tt[n++] = s->seq_to_byte[v];
        }
    }
    if ( *orig >= n )
        return dec_fail(why, "bzip2: BWT origin outside the block", -EINVAL);
    *nblock = n;
    return 0;
}

/* Inverse BWT and RLE1 of a decoded block into out[*o...]; returns the block CRC in *crc. */
static int emit_block(struct bz_work *s, size_t nblock, uint32_t orig, uint8_t *out, size_t out_max,
                      size_t *o, uint32_t *crc, const char **why)
{
    uint32_t start[256], sum = 0, c = 0xffffffffu, pos;
    size_t i, op = *o;
    unsigned int same = 0;
    int last = -1;

    for ( i = 0; i < 256; i++ )
    {
        start[i] = sum;
        sum += s->byte_count[i];
    }
    for ( i = 0; i < nblock; i++ )
    {
        uint8_t b = s->tt[i] & 0xff;

        s->tt[start[b]++] |= (uint32_t)i << 8;
    }
    pos = s->tt[orig] >> 8;
    for ( i = 0; i < nblock; i++ )
    {
        uint8_t b;
        uint32_t reps = 1;

        pos = s->tt[pos];
        b = pos & 0xff;
        pos >>= 8;
        if ( same == 4 )
        {
            /* After four equal bytes, this one counts further repeats of the last. */
            reps = b;
            b = last;
            same = 0;
        }
        else if ( b == last )
            same++;
        else
        {
            same = 1;
            last = b;
        }
        if ( reps > out_max - op )
            return dec_fail(why, "bzip2: output buffer too small", -ENOSPC);
        while ( reps-- )
        {
            c = (c << 8) ^ s->crc_table[(c >> 24) ^ b];
            out[op++] = b;
        }
    }
    *o = op;
    *crc = ~c;
    return 0;
}

static int one_stream(struct bz_work *s, size_t work_len, uint8_t *out, size_t out_max, size_t *o,
                      const char **why)
{
    size_t block_max;
    uint32_t combined = 0;
    int rc;

    if ( s->in_len - s->in_pos < 4 || memcmp(s->in + s->in_pos, "BZh", 3) ||
         s->in[s->in_pos + 3] < '1' || s->in[s->in_pos + 3] > '9' )
        return dec_fail(why, "bzip2: no BZh header", -EINVAL);
    block_max = (s->in[s->in_pos + 3] - '0') * 100000u;
    if ( work_len < sizeof(*s) + block_max * sizeof(s->tt[0]) )
        return dec_fail(why, "bzip2: work area too small for the block size", -ENOMEM);
    s->in_pos += 4;
    s->nbits = 0;
    for ( ;; )
    {
        uint64_t magic = getbits48(s);
        uint32_t want = getbits(s, 32), got;
        size_t nblock;
        uint32_t orig;

        if ( s->overrun )
            return dec_fail(why, "bzip2: stream truncated", -EINVAL);
        if ( magic == END_MAGIC )
        {
            if ( want != combined )
                return dec_fail(why, "bzip2: stream CRC mismatch", -EINVAL);
            break;
        }
        if ( magic != BLOCK_MAGIC )
            return dec_fail(why, "bzip2: bad block magic", -EINVAL);
        rc = read_block(s, block_max, &nblock, &orig, why);
        if ( rc )
            return rc;
        rc = emit_block(s, nblock, orig, out, out_max, o, &got, why);
        if ( rc )
            return rc;
        if ( got != want )
            return dec_fail(why, "bzip2: block CRC mismatch", -EINVAL);
        combined = ((combined << 1) | (combined >> 31)) ^ got;
    }
    return 0;
}

int decompress_bunzip2(const void *in, size_t in_len, void *out, size_t out_max, size_t *out_len,
                       void *work, size_t work_len, const char **why)
{
    struct bz_work *s = work;
    size_t o = 0;
    int rc;

    if ( !work || work_len < sizeof(*s) )
        return dec_fail(why, "bzip2: work area too small", -ENOMEM);
    memset(s, 0, sizeof(*s));
    for ( uint32_t i = 0; i < 256; i++ )
    {
        uint32_t c = i << 24;

        for ( int k = 0; k < 8; k++ )
            c = (c & 0x80000000u) ? (c << 1) ^ 0x04c11db7u : c << 1;
        s->crc_table[i] = c;
    }
    s->in = in;
    s->in_len = in_len;
    do
    {
        rc = one_stream(s, work_len, out, out_max, &o, why);
        if ( rc )
            return rc;
        /* Another stream may follow; anything else is Linux's appended size (4 bytes). */
    } while ( in_len - s->in_pos >= 4 && !memcmp(s->in + s->in_pos, "BZh", 3) );
    if ( in_len - s->in_pos != 0 && in_len - s->in_pos != 4 )
        return dec_fail(why, "bzip2: data after the end of the stream", -EINVAL);
    *out_len = o;
    return 0;
}

size_t decompress_bzip2_work_size(const void *in, size_t len)
{
    const uint8_t *p = in;

    if ( len < 4 || p[3] < '1' || p[3] > '9' )
        return sizeof(struct bz_work);
    return sizeof(struct bz_work) + (p[3] - '0') * 100000u * sizeof(uint32_t);
}
