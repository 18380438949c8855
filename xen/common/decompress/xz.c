/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * .xz container (xz file format 1.0.4) with the LZMA2 and x86 BCJ filters.
 * One shot: the output buffer is the dictionary. Only the first stream is
 * decoded; bytes after its footer (e.g. a bzImage's appended size) are ignored.
 */
#include "private.h"

#define PROB_INIT     1024
#define NSTATES       12
#define LIT_PROBS_MAX (0x300 << 4)
#define DIST_SPECIAL  115

struct len_probs {
    uint16_t choice, choice2;
    uint16_t low[16][8], mid[16][8], high[256];
};

struct lzma_probs {
    uint16_t is_match[NSTATES][16];
    uint16_t is_rep[NSTATES], is_rep0[NSTATES], is_rep1[NSTATES], is_rep2[NSTATES];
    uint16_t is_rep0_long[NSTATES][16];
    uint16_t dist_slot[4][64];
    uint16_t dist_special[DIST_SPECIAL];
    uint16_t dist_align[16];
    struct len_probs match_len, rep_len;
    uint16_t literal[LIT_PROBS_MAX];
};

/*
 * The range decoder over one LZMA chunk. lzma_chunk() works on a copy of it in
 * a local variable, with every function below that touches it inlined, so that
 * the compiler keeps it in registers: decoding a kernel takes some 10^8 bits.
 */
struct rc_dec {
    const uint8_t *in;
    size_t in_pos, in_end;
    uint32_t range, code;
    bool short_input;
};

/* For the functions of the decoding loop (see struct rc_dec). */
#define HOT static inline __attribute__((__always_inline__))

struct xz_work {
    struct rc_dec rc;
    /* Dictionary = output. */
    uint8_t *out;
    size_t out_pos, out_max, dict_start;
    /* LZMA state. */
    unsigned int lc, lp, pb, state;
    bool lzma_alone; /* input may go on after the data (.lzma) */
    uint32_t rep[4];
    struct lzma_probs p;
};

static int fail(const char **why, const char *reason, int rc)
{
    if ( why )
        *why = reason;
    return rc;
}

HOT uint8_t rc_byte(struct rc_dec *rc)
{
    if ( rc->in_pos < rc->in_end )
        return rc->in[rc->in_pos++];
    rc->short_input = true;
    return 0;
}

HOT void rc_normalize(struct rc_dec *rc)
{
    if ( rc->range < (1u << 24) )
    {
        rc->range <<= 8;
        rc->code = (rc->code << 8) | rc_byte(rc);
    }
}

HOT unsigned int rc_bit(struct rc_dec *rc, uint16_t *prob)
{
    uint32_t bound = (rc->range >> 11) * *prob;
    unsigned int bit;

    if ( rc->code < bound )
    {
        rc->range = bound;
        *prob += (2048 - *prob) >> 5;
        bit = 0;
    }
    else
    {
        rc->range -= bound;
        rc->code -= bound;
        *prob -= *prob >> 5;
        bit = 1;
    }
    rc_normalize(rc);
    return bit;
}

HOT uint32_t rc_tree(struct rc_dec *rc, uint16_t *probs, unsigned int nbits)
{
    uint32_t m = 1;
    unsigned int i;

    for ( i = 0; i < nbits; i++ )
        m = (m << 1) | rc_bit(rc, &probs[m]);
    return m - (1u << nbits);
}

HOT uint32_t rc_tree_reverse(struct rc_dec *rc, uint16_t *probs, unsigned int nbits)
{
    uint32_t m = 1, sym = 0;
    unsigned int i;

    for ( i = 0; i < nbits; i++ )
    {
        unsigned int bit = rc_bit(rc, &probs[m]);

        m = (m << 1) | bit;
        sym |= bit << i;
    }
    return sym;
}

HOT uint32_t rc_direct(struct rc_dec *rc, unsigned int nbits)
{
    uint32_t v = 0;

    while ( nbits-- )
    {
        rc->range >>= 1;
        v <<= 1;
        if ( rc->code >= rc->range )
        {
            rc->code -= rc->range;
            v |= 1;
        }
        rc_normalize(rc);
    }
    return v;
}

static void probs_reset(struct xz_work *s)
{
    uint16_t *p = (uint16_t *)&s->p;
    size_t i;

    for ( i = 0; i < sizeof(s->p) / sizeof(uint16_t); i++ )
        p[i] = PROB_INIT;
    s->state = 0;
    memset(s->rep, 0, sizeof(s->rep));
}

HOT uint32_t decode_len(struct rc_dec *rc, struct len_probs *l, unsigned int pos_state)
{
    if ( !rc_bit(rc, &l->choice) )
        return rc_tree(rc, l->low[pos_state], 3);
    if ( !rc_bit(rc, &l->choice2) )
        return 8 + rc_tree(rc, l->mid[pos_state], 3);
    return 16 + rc_tree(rc, l->high, 8);
}

HOT uint32_t decode_dist(struct xz_work *s, struct rc_dec *rc, uint32_t len)
{
    uint32_t slot = rc_tree(rc, s->p.dist_slot[len < 3 ? len : 3], 6);
    unsigned int ndirect;
    uint32_t dist;

    if ( slot < 4 )
        return slot;
    ndirect = (slot >> 1) - 1;
    dist = (2 | (slot & 1)) << ndirect;
    if ( slot < 14 )
        return dist + rc_tree_reverse(rc, s->p.dist_special + dist - slot, ndirect);
    dist += rc_direct(rc, ndirect - 4) << 4;
    return dist + rc_tree_reverse(rc, s->p.dist_align, 4);
}

/* False when a matched literal would read before the dictionary. */
HOT bool decode_literal(struct xz_work *s, struct rc_dec *rc)
{
    size_t pos = s->out_pos - s->dict_start;
    unsigned int prev = pos ? s->out[s->out_pos - 1] : 0;
    uint16_t *probs =
        s->p.literal + 0x300 * (((pos & ((1u << s->lp) - 1)) << s->lc) + (prev >> (8 - s->lc)));
    unsigned int sym = 1;

    if ( s->state >= 7 )
    {
        unsigned int match;

        if ( s->rep[0] >= pos )
            return false;
        match = s->out[s->out_pos - s->rep[0] - 1];

        do
        {
            unsigned int mbit = (match >> 7) & 1, bit;

            match <<= 1;
            bit = rc_bit(rc, &probs[((1 + mbit) << 8) + sym]);
            sym = (sym << 1) | bit;
            if ( bit != mbit )
                break;
        } while ( sym < 0x100 );
    }
    while ( sym < 0x100 )
        sym = (sym << 1) | rc_bit(rc, &probs[sym]);
    s->out[s->out_pos++] = sym;
    s->state = s->state < 4 ? 0 : s->state < 10 ? s->state - 3 : s->state - 6;
    return true;
}

/*
 * Decodes one LZMA chunk of exactly unpacked bytes from in[in_pos, in_end) that
 * must use up its input; with eos (.lzma streams), until the end marker, at most
 * unpacked bytes, and the input may go on.
 */
HOT int lzma_chunk_in(struct xz_work *s, struct rc_dec *rc, size_t unpacked, bool eos,
                      const char **why)
{
    size_t end = s->out_pos + unpacked;
    unsigned int pb_mask = (1u << s->pb) - 1;

    if ( unpacked > s->out_max - s->out_pos )
        return fail(why, "xz: output buffer too small", -ENOSPC);
    if ( eos )
        end = s->out_max;
    rc->range = 0xffffffff;
    rc->code = 0;
    if ( rc_byte(rc) != 0 )
        return fail(why, "xz: LZMA range coder does not start with 0", -EINVAL);
    for ( int i = 0; i < 4; i++ )
        rc->code = (rc->code << 8) | rc_byte(rc);
    if ( rc->code == rc->range )
        return fail(why, "xz: corrupt LZMA range coder start", -EINVAL);
    while ( eos || s->out_pos < end )
    {
        unsigned int pos_state = (s->out_pos - s->dict_start) & pb_mask;
        uint32_t len;

        if ( rc->short_input )
            return fail(why, "xz: LZMA chunk truncated", -EINVAL);
        if ( !rc_bit(rc, &s->p.is_match[s->state][pos_state]) )
        {
            if ( s->out_pos >= end )
                return fail(why, "xz: output buffer too small", -ENOSPC);
            if ( !decode_literal(s, rc) )
                return fail(why, "xz: distance reaches before the dictionary", -EINVAL);
            continue;
        }
        if ( !rc_bit(rc, &s->p.is_rep[s->state]) )
        {
            s->rep[3] = s->rep[2];
            s->rep[2] = s->rep[1];
            s->rep[1] = s->rep[0];
            len = decode_len(rc, &s->p.match_len, pos_state);
            s->state = s->state < 7 ? 7 : 10;
            s->rep[0] = decode_dist(s, rc, len);
            if ( s->rep[0] == 0xffffffff )
            {
                if ( !eos )
                    return fail(why, "xz: end marker inside an LZMA2 chunk", -EINVAL);
                if ( rc->short_input )
                    return fail(why, "lzma: stream truncated", -EINVAL);
                return 0;
            }
        }
        else
        {
            if ( s->out_pos == s->dict_start )
                return fail(why, "xz: repeated match at the start", -EINVAL);
            if ( !rc_bit(rc, &s->p.is_rep0[s->state]) )
            {
                if ( !rc_bit(rc, &s->p.is_rep0_long[s->state][pos_state]) )
                {
                    s->state = s->state < 7 ? 9 : 11;
                    if ( s->out_pos >= end )
                        return fail(why, "xz: output buffer too small", -ENOSPC);
                    if ( s->rep[0] >= s->out_pos - s->dict_start )
                        return fail(why, "xz: distance reaches before the dictionary", -EINVAL);
                    s->out[s->out_pos] = s->out[s->out_pos - s->rep[0] - 1];
                    s->out_pos++;
                    continue;
                }
            }
            else
            {
                uint32_t dist;

                if ( !rc_bit(rc, &s->p.is_rep1[s->state]) )
                    dist = s->rep[1];
                else
                {
                    if ( !rc_bit(rc, &s->p.is_rep2[s->state]) )
                        dist = s->rep[2];
                    else
                    {
                        dist = s->rep[3];
                        s->rep[3] = s->rep[2];
                    }
                    s->rep[2] = s->rep[1];
                }
                s->rep[1] = s->rep[0];
                s->rep[0] = dist;
            }
            len = decode_len(rc, &s->p.rep_len, pos_state);
            s->state = s->state < 7 ? 8 : 11;
        }
        len += 2;
        if ( s->rep[0] >= s->out_pos - s->dict_start )
            return fail(why, "xz: distance reaches before the dictionary", -EINVAL);
        if ( len > end - s->out_pos )
            return eos ? fail(why, "xz: output buffer too small", -ENOSPC)
                       : fail(why, "xz: match runs past the chunk end", -EINVAL);
        dec_match(s->out + s->out_pos, (size_t)s->rep[0] + 1, len);
        s->out_pos += len;
    }
    if ( rc->short_input || (!s->lzma_alone && rc->in_pos != rc->in_end) )
        return fail(why, "xz: LZMA chunk size does not match its data", -EINVAL);
    return 0;
}

/* lzma_chunk_in() with the range decoder in a local variable (see struct rc_dec). */
static int lzma_chunk(struct xz_work *s, size_t unpacked, bool eos, const char **why)
{
    struct rc_dec rc = s->rc;
    int ret = lzma_chunk_in(s, &rc, unpacked, eos, why);

    s->rc = rc;
    return ret;
}

/* Decodes LZMA2 chunks from in[*pos, in_len) up to and including the end byte. */
static int lzma2_decode(struct xz_work *s, const uint8_t *in, size_t in_len, size_t *pos,
                        const char **why)
{
    bool need_dict = true, need_props = true;
    size_t block_start = s->out_pos;

    s->rc.in = in;
    for ( ;; )
    {
        unsigned int ctrl;
        size_t unpacked, packed;
        int rc;

        if ( *pos >= in_len )
            return fail(why, "xz: LZMA2 data truncated", -EINVAL);
        ctrl = in[(*pos)++];
        if ( ctrl == 0 )
            return 0;
        if ( ctrl == 1 || ctrl == 2 )
        {
            if ( in_len - *pos < 2 )
                return fail(why, "xz: LZMA2 data truncated", -EINVAL);
            if ( ctrl == 1 )
            {
                s->dict_start = s->out_pos;
                need_dict = false;
            }
            else if ( need_dict )
                return fail(why, "xz: LZMA2 first chunk does not reset the dictionary", -EINVAL);
            unpacked = ((in[*pos] << 8) | in[*pos + 1]) + 1;
            *pos += 2;
            if ( unpacked > in_len - *pos )
                return fail(why, "xz: LZMA2 uncompressed chunk truncated", -EINVAL);
            if ( unpacked > s->out_max - s->out_pos )
                return fail(why, "xz: output buffer too small", -ENOSPC);
            memcpy(s->out + s->out_pos, in + *pos, unpacked);
            s->out_pos += unpacked;
            *pos += unpacked;
            continue;
        }
        if ( ctrl < 0x80 )
            return fail(why, "xz: invalid LZMA2 control byte", -EINVAL);
        if ( in_len - *pos < 4 )
            return fail(why, "xz: LZMA2 data truncated", -EINVAL);
        unpacked = (((size_t)(ctrl & 0x1f) << 16) | (in[*pos] << 8) | in[*pos + 1]) + 1;
        packed = ((in[*pos + 2] << 8) | in[*pos + 3]) + 1;
        *pos += 4;
        if ( ctrl >= 0xe0 )
        {
            s->dict_start = s->out_pos;
            need_dict = false;
        }
        else if ( need_dict )
            return fail(why, "xz: LZMA2 first chunk does not reset the dictionary", -EINVAL);
        if ( ctrl >= 0xc0 )
        {
            unsigned int props;

            if ( *pos >= in_len )
                return fail(why, "xz: LZMA2 data truncated", -EINVAL);
            props = in[(*pos)++];
            if ( props >= 9 * 5 * 5 )
                return fail(why, "xz: invalid LZMA properties", -EINVAL);
            s->lc = props % 9;
            s->lp = (props / 9) % 5;
            s->pb = props / 45;
            if ( s->lc + s->lp > 4 )
                return fail(why, "xz: LZMA2 lc + lp exceeds 4", -EINVAL);
            need_props = false;
        }
        else if ( need_props )
            return fail(why, "xz: LZMA2 chunk before any properties", -EINVAL);
        if ( ctrl >= 0xa0 )
            probs_reset(s);
        if ( packed > in_len - *pos )
            return fail(why, "xz: LZMA2 chunk truncated", -EINVAL);
        s->rc.in_pos = *pos;
        s->rc.in_end = *pos + packed;
        s->rc.short_input = false;
        rc = lzma_chunk(s, unpacked, false, why);
        if ( rc )
            return rc;
        *pos += packed;
        (void)block_start;
    }
}

/* The x86 branch converter, decoding direction: absolute CALL/JMP targets back to relative. */
static bool x86_ms_ok(uint8_t b)
{
    return b == 0x00 || b == 0xff;
}

/* Whether any of the 8 bytes at p is 0xe8 or 0xe9 (a zero byte in (w & ~1) ^ 0xe8...). */
static bool has_e8_or_e9(const uint8_t *p)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    uint64_t w;

    __builtin_memcpy(&w, p, 8);
    w = (w & ~ones) ^ (0xe8 * ones);
    return ((w - ones) & ~w & highs) != 0;
}

static void bcj_x86_decode(uint8_t *buf, size_t size)
{
    static const bool allowed[8] = {true, true, true, false, true, false, false, false};
    static const uint8_t bit_num[8] = {0, 1, 2, 2, 3, 3, 3, 3};
    size_t i, last = (size_t)-1;
    uint32_t mask = 0;

    if ( size <= 4 )
        return;
    for ( i = 0; i < size - 4; i++ )
    {
        size_t gap;
        uint32_t src, dest = 0;

        /* Most bytes are no CALL/JMP opcode: skip 8 such bytes a step. */
        while ( i + 8 <= size - 4 && !has_e8_or_e9(buf + i) )
            i += 8;
        if ( (buf[i] & 0xfe) != 0xe8 )
            continue;
        gap = i - last;
        last = i;
        if ( gap > 3 )
            mask = 0;
        else
        {
            mask = (mask << (gap - 1)) & 7;
            if ( mask && (!allowed[mask] || x86_ms_ok(buf[i + 4 - bit_num[mask]])) )
            {
                mask = (mask << 1) | 1;
                continue;
            }
        }
        if ( !x86_ms_ok(buf[i + 4]) )
        {
            mask = (mask << 1) | 1;
            continue;
        }
        src = buf[i + 1] | (buf[i + 2] << 8) | (buf[i + 3] << 16) | ((uint32_t)buf[i + 4] << 24);
        for ( ;; )
        {
            unsigned int shift;

            dest = src - (uint32_t)(i + 5);
            if ( !mask )
                break;
            shift = bit_num[mask] * 8;
            if ( !x86_ms_ok((uint8_t)(dest >> (24 - shift))) )
                break;
            src = dest ^ ((1u << (32 - shift)) - 1);
        }
        dest &= 0x01ffffff;
        dest |= 0u - (dest & 0x01000000);
        buf[i + 1] = dest;
        buf[i + 2] = dest >> 8;
        buf[i + 3] = dest >> 16;
        buf[i + 4] = dest >> 24;
        i += 4;
    }
}

/* Reads a multibyte integer (at most 9 bytes, no redundant trailing zero). */
static bool get_vli(const uint8_t *in, size_t len, size_t *pos, uint64_t *v)
{
    unsigned int i;

    *v = 0;
    for ( i = 0; i < 9 && *pos < len; i++ )
    {
        uint8_t b = in[(*pos)++];

        if ( i && b == 0 )
            return false;
        *v |= (uint64_t)(b & 0x7f) << (7 * i);
        if ( !(b & 0x80) )
            return true;
    }
    return false;
}

static uint32_t le32(const uint8_t *p)
{
    return p[0] | (p[1] << 8) | (p[2] << 16) | ((uint32_t)p[3] << 24);
}

static uint64_t crc64(const uint8_t *p, size_t len)
{
    uint64_t crc = ~0ull;

    while ( len-- )
    {
        crc ^= *p++;
        for ( int k = 0; k < 8; k++ )
            crc = (crc & 1) ? 0xc96c5795d7870f42ull ^ (crc >> 1) : crc >> 1;
    }
    return ~crc;
}

static const unsigned int check_size[16] = {0,  4,  4,  4,  8,  8,  8,  16,
                                            16, 16, 32, 32, 32, 64, 64, 64};

/* One block at in[*pos] (header size byte already known to be non-zero). */
static int xz_block(struct xz_work *s, const uint8_t *in, size_t in_len, size_t *pos,
                    unsigned int check, uint64_t *unpadded, uint64_t *usize, const char **why)
{
    size_t start = *pos, hsize = (in[start] + 1) * 4, hp = start + 2, data, out_start;
    uint64_t csize_f = 0, usize_f = 0, id, psize;
    unsigned int flags, nfilters, i, csum_len = check_size[check];
    bool bcj = false, lzma2 = false;
    int rc;

    if ( hsize > in_len - start )
        return fail(why, "xz: block header truncated", -EINVAL);
    if ( le32(in + start + hsize - 4) != decompress_crc32(0, in + start, hsize - 4) )
        return fail(why, "xz: block header CRC-32 mismatch", -EINVAL);
    flags = in[start + 1];
    if ( flags & 0x3c )
        return fail(why, "xz: reserved block flags set", -EINVAL);
    nfilters = (flags & 3) + 1;
    if ( ((flags & 0x40) && !get_vli(in, start + hsize - 4, &hp, &csize_f)) ||
         ((flags & 0x80) && !get_vli(in, start + hsize - 4, &hp, &usize_f)) )
        return fail(why, "xz: bad size field in block header", -EINVAL);
    for ( i = 0; i < nfilters; i++ )
    {
        if ( !get_vli(in, start + hsize - 4, &hp, &id) ||
             !get_vli(in, start + hsize - 4, &hp, &psize) || psize > start + hsize - 4 - hp )
            return fail(why, "xz: bad filter flags in block header", -EINVAL);
        if ( i + 1 < nfilters )
        {
            if ( id != 0x04 || bcj )
                return fail(why, "xz: unsupported filter (only x86 BCJ + LZMA2)", -EINVAL);
            if ( psize != 0 )
                return fail(why, "xz: x86 BCJ start offset not supported", -EINVAL);
            bcj = true;
        }
        else
        {
            if ( id != 0x21 || psize != 1 || in[hp] > 40 )
                return fail(why, "xz: last filter is not LZMA2", -EINVAL);
            lzma2 = true;
        }
        hp += psize;
    }
    for ( ; hp < start + hsize - 4; hp++ )
        if ( in[hp] )
            return fail(why, "xz: block header padding is not zero", -EINVAL);
    if ( !lzma2 )
        return fail(why, "xz: block has no LZMA2 filter", -EINVAL);
    data = start + hsize;
    *pos = data;
    out_start = s->out_pos;
    rc = lzma2_decode(s, in, in_len, pos, why);
    if ( rc )
        return rc;
    if ( ((flags & 0x40) && csize_f != *pos - data) ||
         ((flags & 0x80) && usize_f != s->out_pos - out_start) )
        return fail(why, "xz: block sizes do not match its header", -EINVAL);
    *unpadded += hsize + (*pos - data) + csum_len;
    *usize += s->out_pos - out_start;
    while ( (*pos - data) & 3 )
    {
        if ( *pos >= in_len || in[*pos] )
            return fail(why, "xz: block padding missing or not zero", -EINVAL);
        (*pos)++;
    }
    if ( csum_len > in_len - *pos )
        return fail(why, "xz: block check truncated", -EINVAL);
    if ( bcj )
        bcj_x86_decode(s->out + out_start, s->out_pos - out_start);
    if ( check == 1 &&
         le32(in + *pos) != decompress_crc32(0, s->out + out_start, s->out_pos - out_start) )
        return fail(why, "xz: CRC-32 of the data does not match", -EINVAL);
    if ( check == 4 )
    {
        uint64_t c = crc64(s->out + out_start, s->out_pos - out_start);

        if ( le32(in + *pos) != (uint32_t)c || le32(in + *pos + 4) != (uint32_t)(c >> 32) )
            return fail(why, "xz: CRC-64 of the data does not match", -EINVAL);
    }
    *pos += csum_len;
    return 0;
}

int decompress_unxz(const void *in_v, size_t in_len, void *out, size_t out_max, size_t *out_len,
                    void *work, size_t work_len, const char **why)
{
    static const uint8_t magic[6] = {0xfd, '7', 'z', 'X', 'Z', 0};
    const uint8_t *in = in_v;
    struct xz_work *s = work;
    size_t pos = 12, index_start;
    uint64_t nblocks = 0, unpadded = 0, usize = 0, n, a, b, ia = 0, ib = 0;
    unsigned int check;
    int rc;

    if ( !work || work_len < sizeof(*s) )
        return fail(why, "xz: work area too small", -ENOMEM);
    if ( in_len < 24 || memcmp(in, magic, 6) )
        return fail(why, "xz: not an xz stream", -EINVAL);
    if ( in[6] != 0 || (in[7] & 0xf0) )
        return fail(why, "xz: unsupported stream flags", -EINVAL);
    if ( le32(in + 8) != decompress_crc32(0, in + 6, 2) )
        return fail(why, "xz: stream header CRC-32 mismatch", -EINVAL);
    check = in[7];
    if ( check != 0 && check != 1 && check != 4 && check != 10 )
        return fail(why, "xz: unsupported integrity check type", -EINVAL);
    memset(s, 0, sizeof(*s));
    s->out = out;
    s->out_max = out_max;
    for ( ;; )
    {
        if ( pos >= in_len )
            return fail(why, "xz: stream truncated", -EINVAL);
        if ( in[pos] == 0 )
            break;
        rc = xz_block(s, in, in_len, &pos, check, &unpadded, &usize, why);
        if ( rc )
            return rc;
        nblocks++;
    }
    index_start = pos++;
    if ( !get_vli(in, in_len, &pos, &n) || n != nblocks )
        return fail(why, "xz: index record count does not match the blocks", -EINVAL);
    while ( n-- )
    {
        if ( !get_vli(in, in_len, &pos, &a) || !get_vli(in, in_len, &pos, &b) )
            return fail(why, "xz: index truncated", -EINVAL);
        ia += a;
        ib += b;
    }
    if ( ia != unpadded || ib != usize )
        return fail(why, "xz: index does not match the blocks", -EINVAL);
    while ( (pos - index_start) & 3 )
    {
        if ( pos >= in_len || in[pos] )
            return fail(why, "xz: index padding missing or not zero", -EINVAL);
        pos++;
    }
    if ( in_len - pos < 16 )
        return fail(why, "xz: index or stream footer truncated", -EINVAL);
    if ( le32(in + pos) != decompress_crc32(0, in + index_start, pos - index_start) )
        return fail(why, "xz: index CRC-32 mismatch", -EINVAL);
    pos += 4;
    if ( memcmp(in + pos + 10, "YZ", 2) || in[pos + 8] != in[6] || in[pos + 9] != in[7] ||
         le32(in + pos) != decompress_crc32(0, in + pos + 4, 6) ||
         ((uint64_t)le32(in + pos + 4) + 1) * 4 != pos - 4 - index_start + 4 )
        return fail(why, "xz: bad stream footer", -EINVAL);
    *out_len = s->out_pos;
    return 0;
}

/*
 * The legacy .lzma ("LZMA alone") format: properties byte, 32-bit dictionary
 * size, 64-bit uncompressed size (all ones: unknown, end marker required),
 * then one LZMA stream. Bytes after the stream are ignored.
 */
int decompress_unlzma(const void *in_v, size_t in_len, void *out, size_t out_max, size_t *out_len,
                      void *work, size_t work_len, const char **why)
{
    const uint8_t *in = in_v;
    struct xz_work *s = work;
    uint64_t size = 0;
    unsigned int props;
    bool known;
    int rc;

    if ( !work || work_len < sizeof(*s) )
        return fail(why, "lzma: work area too small", -ENOMEM);
    if ( in_len < 13 + 5 )
        return fail(why, "lzma: shorter than its header", -EINVAL);
    props = in[0];
    if ( props >= 9 * 5 * 5 )
        return fail(why, "lzma: invalid properties byte", -EINVAL);
    for ( int i = 7; i >= 0; i-- )
        size = (size << 8) | in[5 + i];
    known = size != ~0ull;
    if ( known && size > out_max )
        return fail(why, "lzma: output buffer too small", -ENOSPC);
    memset(s, 0, sizeof(*s));
    s->lc = props % 9;
    s->lp = (props / 9) % 5;
    s->pb = props / 45;
    if ( s->lc + s->lp > 4 )
        return fail(why, "lzma: lc + lp above 4 not supported", -EINVAL);
    s->out = out;
    s->out_max = out_max;
    s->rc.in = in;
    s->rc.in_pos = 13;
    s->rc.in_end = in_len;
    s->lzma_alone = true;
    probs_reset(s);
    rc = lzma_chunk(s, known ? size : out_max, !known, why);
    if ( rc )
        return rc;
    if ( s->rc.short_input )
        return fail(why, "lzma: stream truncated", -EINVAL);
    *out_len = s->out_pos;
    return 0;
}
