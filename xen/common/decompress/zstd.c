/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Zstandard frames (RFC 8878; what Linux's CONFIG_KERNEL_ZSTD kernels carry):
 * raw, RLE and compressed blocks with Huffman-coded literals and FSE-coded
 * sequences, repeat offsets, skippable frames and the XXH64 content checksum.
 * One shot: the output buffer is the window, so window size does not matter;
 * no dictionaries.
 */
#include "private.h"

#define BLOCK_MAX    (128u * 1024)
#define HUF_LOG_MAX  11
#define LL_LOG_MAX   9
#define ML_LOG_MAX   9
#define OF_LOG_MAX   8
#define LL_SYMS      36
#define ML_SYMS      53
#define OF_SYMS      32
#define SKIP_MAGIC   0x184d2a50u
#define FRAME_MAGIC  0xfd2fb528u
#define FSE_MAX_SYMS 256

/* One FSE decoding state: the symbol it yields, then how to find the next state. */
struct fse_cell {
    uint8_t sym, nbits;
    uint16_t base;
};

struct huf_cell {
    uint8_t sym, nbits;
};

struct zstd_work {
    struct fse_cell ll[1 << LL_LOG_MAX], ml[1 << ML_LOG_MAX], of[1 << OF_LOG_MAX];
    unsigned int ll_log, ml_log, of_log;
    bool have_seq_tables, have_huf;
    struct huf_cell huf[1 << HUF_LOG_MAX];
    unsigned int huf_log;
    struct fse_cell wtab[1 << 6];
    int16_t norm[FSE_MAX_SYMS];
    uint16_t next[FSE_MAX_SYMS];
    uint8_t weights[256];
    uint8_t lit[BLOCK_MAX + 8];
};

/* Backward bit stream (Huffman and FSE payloads): read from the last byte down. */
struct bits {
    const uint8_t *p;
    size_t len;
    int64_t pos; /* bits still unread below this one; negative once overrun */
};

static bool bits_init(struct bits *b, const uint8_t *p, size_t len)
{
    unsigned int top = 7;

    if ( len == 0 || p[len - 1] == 0 )
        return false;
    while ( !(p[len - 1] & (1u << top)) )
        top--;
    b->p = p;
    b->len = len;
    b->pos = (int64_t)(len - 1) * 8 + top;
    return true;
}

static uint64_t bits_peek_slow(const struct bits *b, unsigned int n)
{
    int64_t lo = b->pos - n;
    uint64_t v = 0;
    size_t i;

    if ( n == 0 )
        return 0;
    if ( lo >= 0 )
    {
        i = lo >> 3;
        if ( i + 8 <= b->len )
            v = dec_le64(b->p + i);
        else
            for ( size_t k = 0; i + k < b->len; k++ )
                v |= (uint64_t)b->p[i + k] << (8 * k);
        v >>= lo & 7;
    }
    else if ( b->pos > 0 )
    {
        v = b->len >= 8 ? dec_le64(b->p) : 0;
        if ( b->len < 8 )
            for ( size_t k = 0; k < b->len; k++ )
                v |= (uint64_t)b->p[k] << (8 * k);
        v <<= -lo;
    }
    return v & ((1ull << n) - 1);
}

/* The next n (<= 56) bits without consuming them; zeros past the start. */
static inline uint64_t bits_peek(const struct bits *b, unsigned int n)
{
    int64_t lo = b->pos - (int64_t)n;

    if ( lo >= 0 && (size_t)(lo >> 3) + 8 <= b->len )
        return (dec_le64(b->p + (lo >> 3)) >> (lo & 7)) & ((1ull << n) - 1);
    return bits_peek_slow(b, n);
}

static uint64_t bits_read(struct bits *b, unsigned int n)
{
    uint64_t v = bits_peek(b, n);

    b->pos -= n;
    return v;
}

static unsigned int highbit(uint32_t v)
{
    unsigned int n = 0;

    while ( v >>= 1 )
        n++;
    return n;
}

/* n (<= 16) bits, LSB first, of the forward stream in[0, len) at *bit; zeros past the end. */
static uint32_t fwd_bits(const uint8_t *in, size_t len, size_t *bit, unsigned int n)
{
    uint32_t v = 0;

    for ( unsigned int k = 0; k < n; k++, (*bit)++ )
        if ( (*bit >> 3) < len )
            v |= (uint32_t)((in[*bit >> 3] >> (*bit & 7)) & 1) << k;
    return v;
}

/*
 * Reads an FSE table description (forward, LSB first) at in[0, len) into
 * s->norm; *used gets its length in bytes and *log its accuracy log.
 */
static int fse_read_norm(struct zstd_work *s, const uint8_t *in, size_t len, unsigned int max_log,
                         unsigned int max_syms, unsigned int *nsyms, unsigned int *log,
                         size_t *used, const char **why)
{
    size_t bit = 0;
    int remaining, threshold;
    unsigned int nbits, sym = 0;

    *log = fwd_bits(in, len, &bit, 4) + 5;
    if ( *log > max_log )
        return dec_fail(why, "zstd: FSE accuracy log too large", -EINVAL);
    remaining = (1 << *log) + 1;
    threshold = 1 << *log;
    nbits = *log + 1;
    while ( remaining > 1 )
    {
        int max = 2 * threshold - 1 - remaining, val, prob;
        size_t at = bit;
        uint32_t peek = fwd_bits(in, len, &at, nbits);

        if ( sym >= max_syms )
            return dec_fail(why, "zstd: FSE table has too many symbols", -EINVAL);
        if ( (int)(peek & (threshold - 1)) < max )
        {
            val = peek & (threshold - 1);
            bit += nbits - 1;
        }
        else
        {
            val = peek & (2 * threshold - 1);
            if ( val >= threshold )
                val -= max;
            bit += nbits;
        }
        prob = val - 1;
        if ( prob > remaining - 1 )
            return dec_fail(why, "zstd: FSE probabilities overflow", -EINVAL);
        remaining -= prob < 0 ? -prob : prob;
        s->norm[sym++] = prob;
        if ( prob == 0 )
        {
            unsigned int rep;

            /* 2-bit counts of further zero-probability symbols, 3 meaning more follow. */
            do
            {
                rep = fwd_bits(in, len, &bit, 2);
                if ( rep > max_syms - sym )
                    return dec_fail(why, "zstd: FSE zero run too long", -EINVAL);
                for ( unsigned int k = 0; k < rep; k++ )
                    s->norm[sym++] = 0;
            } while ( rep == 3 );
        }
        while ( remaining < threshold )
        {
            nbits--;
            threshold >>= 1;
        }
    }
    if ( remaining != 1 || (bit + 7) / 8 > len )
        return dec_fail(why, "zstd: bad FSE table description", -EINVAL);
    *nsyms = sym;
    *used = (bit + 7) / 8;
    return 0;
}

/* Builds the decoding table of s->norm[0, nsyms) at accuracy log. */
static int fse_build(struct zstd_work *s, struct fse_cell *t, unsigned int nsyms, unsigned int log,
                     const char **why)
{
    unsigned int size = 1u << log, high = size - 1, pos = 0, step = (size >> 1) + (size >> 3) + 3;

    for ( unsigned int i = 0; i < nsyms; i++ )
        if ( s->norm[i] == -1 )
        {
            t[high--].sym = i;
            s->next[i] = 1;
        }
        else
            s->next[i] = s->norm[i];
    for ( unsigned int i = 0; i < nsyms; i++ )
        for ( int k = 0; k < s->norm[i]; k++ )
        {
            t[pos].sym = i;
            do
                pos = (pos + step) & (size - 1);
            while ( pos > high );
        }
    if ( pos != 0 )
        return dec_fail(why, "zstd: FSE table does not fill its states", -EINVAL);
    for ( unsigned int i = 0; i < size; i++ )
    {
        unsigned int n = s->next[t[i].sym]++;

        t[i].nbits = log - highbit(n);
        t[i].base = (n << t[i].nbits) - size;
    }
    return 0;
}

/* Huffman weights, FSE-compressed (header < 128) or 4-bit direct; the last is implied. */
static int huf_weights(struct zstd_work *s, const uint8_t *in, size_t len, size_t *used,
                       unsigned int *count, const char **why)
{
    unsigned int hdr, n = 0;

    if ( len < 1 )
        return dec_fail(why, "zstd: Huffman tree truncated", -EINVAL);
    hdr = in[0];
    if ( hdr >= 128 )
    {
        n = hdr - 127;
        if ( (n + 1) / 2 > len - 1 )
            return dec_fail(why, "zstd: Huffman tree truncated", -EINVAL);
        for ( unsigned int i = 0; i < n; i++ )
            s->weights[i] = i & 1 ? in[1 + i / 2] & 15 : in[1 + i / 2] >> 4;
        *used = 1 + (n + 1) / 2;
    }
    else
    {
        unsigned int nsyms, log;
        size_t tlen;
        struct bits b;
        unsigned int st[2];
        int rc;

        if ( hdr == 0 || hdr > len - 1 )
            return dec_fail(why, "zstd: Huffman tree truncated", -EINVAL);
        rc = fse_read_norm(s, in + 1, hdr, 6, 256, &nsyms, &log, &tlen, why);
        if ( rc || (rc = fse_build(s, s->wtab, nsyms, log, why)) )
            return rc;
        if ( !bits_init(&b, in + 1 + tlen, hdr - tlen) )
            return dec_fail(why, "zstd: bad Huffman weight stream", -EINVAL);
        st[0] = bits_read(&b, log);
        st[1] = bits_read(&b, log);
        /* Alternate the two states until the stream runs out, then take the other's symbol. */
        for ( unsigned int k = 0;; k ^= 1 )
        {
            const struct fse_cell *c = &s->wtab[st[k]];

            if ( n >= 255 )
                return dec_fail(why, "zstd: too many Huffman weights", -EINVAL);
            s->weights[n++] = c->sym;
            st[k] = c->base + bits_read(&b, c->nbits);
            if ( b.pos < 0 )
            {
                if ( n >= 255 )
                    return dec_fail(why, "zstd: too many Huffman weights", -EINVAL);
                s->weights[n++] = s->wtab[st[k ^ 1]].sym;
                break;
            }
        }
        *used = 1 + hdr;
    }
    *count = n;
    return 0;
}

static int huf_table(struct zstd_work *s, const uint8_t *in, size_t len, size_t *used,
                     const char **why)
{
    unsigned int n, max_bits, rank_start[HUF_LOG_MAX + 2] = {0};
    uint32_t sum = 0, rest;
    int rc = huf_weights(s, in, len, used, &n, why);

    if ( rc )
        return rc;
    for ( unsigned int i = 0; i < n; i++ )
    {
        if ( s->weights[i] > HUF_LOG_MAX )
            return dec_fail(why, "zstd: Huffman weight too large", -EINVAL);
        sum += s->weights[i] ? 1u << (s->weights[i] - 1) : 0;
    }
    if ( sum == 0 || sum >= (1u << HUF_LOG_MAX) )
        return dec_fail(why, "zstd: bad Huffman weights", -EINVAL);
    max_bits = highbit(sum) + 1;
    rest = (1u << max_bits) - sum;
    if ( rest & (rest - 1) )
        return dec_fail(why, "zstd: Huffman weights do not complete a code", -EINVAL);
    s->weights[n++] = highbit(rest) + 1;
    /* Codes go to the lowest weights first, ascending symbols within a weight. */
    for ( unsigned int w = 1, at = 0; w <= max_bits; w++ )
    {
        rank_start[w] = at;
        for ( unsigned int i = 0; i < n; i++ )
            if ( s->weights[i] == w )
                at += 1u << (w - 1);
    }
    for ( unsigned int i = 0; i < n; i++ )
    {
        unsigned int w = s->weights[i], span;

        if ( !w )
            continue;
        span = 1u << (w - 1);
        for ( unsigned int k = 0; k < span; k++ )
        {
            s->huf[rank_start[w] + k].sym = i;
            s->huf[rank_start[w] + k].nbits = max_bits + 1 - w;
        }
        rank_start[w] += span;
    }
    s->huf_log = max_bits;
    s->have_huf = true;
    return 0;
}

static int huf_stream(struct zstd_work *s, const uint8_t *in, size_t len, uint8_t *out, size_t n,
                      const char **why)
{
    struct bits b;

    if ( !bits_init(&b, in, len) )
        return dec_fail(why, "zstd: bad Huffman stream", -EINVAL);
    for ( size_t i = 0; i < n; i++ )
    {
        const struct huf_cell *c = &s->huf[bits_peek(&b, s->huf_log)];

        out[i] = c->sym;
        b.pos -= c->nbits;
    }
    if ( b.pos != 0 )
        return dec_fail(why, "zstd: Huffman stream not consumed exactly", -EINVAL);
    return 0;
}

/* The literals section at in[0, len): *lit points at the literals, *used is its size. */
static int literals(struct zstd_work *s, const uint8_t *in, size_t len, const uint8_t **lit,
                    size_t *nlit, size_t *used, const char **why)
{
    unsigned int type, fmt, hlen;
    size_t regen, csize = 0, tree = 0;
    uint64_t h = 0;
    int rc;

    if ( len < 1 )
        return dec_fail(why, "zstd: literals section truncated", -EINVAL);
    type = in[0] & 3;
    fmt = (in[0] >> 2) & 3;
    if ( type < 2 )
        hlen = fmt == 1 ? 2 : fmt == 3 ? 3 : 1;
    else
        hlen = fmt < 2 ? 3 : fmt + 2;
    if ( len < hlen )
        return dec_fail(why, "zstd: literals section truncated", -EINVAL);
    for ( unsigned int i = 0; i < hlen; i++ )
        h |= (uint64_t)in[i] << (8 * i);
    if ( type < 2 )
        regen = hlen == 1 ? h >> 3 : h >> 4;
    else
    {
        unsigned int sz = fmt < 2 ? 10 : fmt == 2 ? 14 : 18;

        regen = (h >> 4) & ((1u << sz) - 1);
        csize = (h >> (4 + sz)) & ((1u << sz) - 1);
    }
    if ( regen > BLOCK_MAX )
        return dec_fail(why, "zstd: more literals than a block holds", -EINVAL);
    *nlit = regen;
    if ( type == 0 )
    {
        if ( regen > len - hlen )
            return dec_fail(why, "zstd: raw literals truncated", -EINVAL);
        *lit = in + hlen;
        *used = hlen + regen;
        return 0;
    }
    if ( type == 1 )
    {
        if ( len - hlen < 1 )
            return dec_fail(why, "zstd: RLE literals truncated", -EINVAL);
        memset(s->lit, in[hlen], regen);
        *lit = s->lit;
        *used = hlen + 1;
        return 0;
    }
    if ( csize > len - hlen )
        return dec_fail(why, "zstd: compressed literals truncated", -EINVAL);
    in += hlen;
    if ( type == 2 )
    {
        rc = huf_table(s, in, csize, &tree, why);
        if ( rc )
            return rc;
    }
    else if ( !s->have_huf )
        return dec_fail(why, "zstd: treeless literals without an earlier tree", -EINVAL);
    if ( fmt == 0 )
        rc = huf_stream(s, in + tree, csize - tree, s->lit, regen, why);
    else
    {
        size_t part = (regen + 3) / 4, at = tree + 6, sizes[4];

        if ( csize - tree < 6 || regen < 3 * part )
            return dec_fail(why, "zstd: bad 4-stream literals", -EINVAL);
        sizes[0] = in[tree] | (in[tree + 1] << 8);
        sizes[1] = in[tree + 2] | (in[tree + 3] << 8);
        sizes[2] = in[tree + 4] | (in[tree + 5] << 8);
        if ( sizes[0] + sizes[1] + sizes[2] > csize - at )
            return dec_fail(why, "zstd: literal streams overrun", -EINVAL);
        sizes[3] = csize - at - sizes[0] - sizes[1] - sizes[2];
        rc = 0;
        for ( unsigned int k = 0; k < 4 && !rc; k++ )
        {
            rc = huf_stream(s, in + at, sizes[k], s->lit + k * part,
                            k < 3 ? part : regen - 3 * part, why);
            at += sizes[k];
        }
    }
    if ( rc )
        return rc;
    *lit = s->lit;
    *used = hlen + csize;
    return 0;
}

/* Literal and match length codes: baseline and extra bits (RFC 8878, 3.1.1.3.2.1.1). */
static const uint32_t ll_base[LL_SYMS] = {
    0,  1,  2,  3,  4,  5,  6,  7,  8,   9,   10,  11,   12,   13,   14,   15,    16,    18,
    20, 22, 24, 28, 32, 40, 48, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536};
static const uint8_t ll_extra[LL_SYMS] = {0, 0, 0, 0, 0, 0,  0,  0,  0,  0,  0,  0,
                                          0, 0, 0, 0, 1, 1,  1,  1,  2,  2,  3,  3,
                                          4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
static const uint32_t ml_base[ML_SYMS] = {
    3,  4,  5,  6,  7,  8,  9,  10,  11,  12,  13,   14,   15,   16,   17,    18,    19,   20,
    21, 22, 23, 24, 25, 26, 27, 28,  29,  30,  31,   32,   33,   34,   35,    37,    39,   41,
    43, 47, 51, 59, 67, 83, 99, 131, 259, 515, 1027, 2051, 4099, 8195, 16387, 32771, 65539};
static const uint8_t ml_extra[ML_SYMS] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  0,  0,  0,  0,  0,  0, 0,
    0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

/* The predefined distributions (RFC 8878, 3.1.1.3.2.2). */
static const int8_t ll_default[LL_SYMS] = {4, 3, 2, 2, 2, 2, 2, 2, 2,  2,  2,  2,
                                           2, 1, 1, 1, 2, 2, 2, 2, 2,  2,  2,  2,
                                           2, 3, 2, 1, 1, 1, 1, 1, -1, -1, -1, -1};
static const int8_t ml_default[ML_SYMS] = {
    1, 4, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  1,  1,  1,  1,  1,  1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1, -1, -1};
static const int8_t of_default[29] = {1, 1, 1, 1, 1, 1, 2, 2, 2, 1,  1,  1,  1,  1, 1,
                                      1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1};

/* One of the three sequence tables by its compression mode; *used bytes of in consumed. */
static int seq_table(struct zstd_work *s, unsigned int mode, struct fse_cell *t, unsigned int *log,
                     const int8_t *defaults, unsigned int ndefaults, unsigned int default_log,
                     unsigned int max_syms, unsigned int max_log, const uint8_t *in, size_t len,
                     size_t *used, const char **why)
{
    unsigned int nsyms;

    *used = 0;
    switch ( mode )
    {
    case 0:
        for ( unsigned int i = 0; i < ndefaults; i++ )
            s->norm[i] = defaults[i];
        *log = default_log;
        return fse_build(s, t, ndefaults, default_log, why);
    case 1:
        if ( len < 1 || in[0] >= max_syms )
            return dec_fail(why, "zstd: bad RLE sequence symbol", -EINVAL);
        t[0].sym = in[0];
        t[0].nbits = 0;
        t[0].base = 0;
        *log = 0;
        *used = 1;
        return 0;
    case 2:
    {
        int rc = fse_read_norm(s, in, len, max_log, max_syms, &nsyms, log, used, why);

        return rc ? rc : fse_build(s, t, nsyms, *log, why);
    }
    default:
        if ( !s->have_seq_tables )
            return dec_fail(why, "zstd: repeated sequence table without an earlier one", -EINVAL);
        return 0;
    }
}

/* Per-frame decoding state. */
struct frame {
    uint8_t *out;
    size_t o, out_max, start;
    uint32_t rep[3];
};

static int copy_match(struct frame *f, size_t off, size_t len, const char **why)
{
    uint8_t *d;

    if ( off == 0 || off > f->o - f->start )
        return dec_fail(why, "zstd: match offset reaches before the frame", -EINVAL);
    if ( len > f->out_max - f->o )
        return dec_fail(why, "zstd: output buffer too small", -ENOSPC);
    d = f->out + f->o;
    f->o += len;
    dec_match(d, off, len);
    return 0;
}

static int copy_literals(struct frame *f, const uint8_t *lit, size_t n, const char **why)
{
    if ( n > f->out_max - f->o )
        return dec_fail(why, "zstd: output buffer too small", -ENOSPC);
    dec_copy(f->out + f->o, lit, n);
    f->o += n;
    return 0;
}

/* The offset a sequence means, keeping the three repeat offsets up to date. */
static size_t seq_offset(struct frame *f, uint32_t ov, size_t ll)
{
    uint32_t off;

    if ( ov > 3 )
        off = ov - 3;
    else
    {
        unsigned int k = ov - (ll != 0); /* 0..3: rep[0], rep[1], rep[2], rep[0] - 1 */

        if ( k == 0 )
            return f->rep[0];
        off = k == 3 ? f->rep[0] - 1 : f->rep[k];
        if ( k == 1 )
        {
            f->rep[1] = f->rep[0];
            f->rep[0] = off;
            return off;
        }
    }
    f->rep[2] = f->rep[1];
    f->rep[1] = f->rep[0];
    f->rep[0] = off;
    return off;
}

static int sequences(struct zstd_work *s, struct frame *f, const uint8_t *in, size_t len,
                     const uint8_t *lit, size_t nlit, const char **why)
{
    size_t nseq, p, used;
    unsigned int modes, sl, so, sm;
    struct bits b;
    int rc;

    if ( len < 1 )
        return dec_fail(why, "zstd: sequences section truncated", -EINVAL);
    nseq = in[0];
    p = 1;
    if ( nseq >= 128 )
    {
        if ( len < (nseq == 255 ? 3u : 2u) )
            return dec_fail(why, "zstd: sequences section truncated", -EINVAL);
        nseq = nseq == 255 ? (size_t)in[1] + (in[2] << 8) + 0x7f00 : ((nseq - 128) << 8) + in[1];
        p = in[0] == 255 ? 3 : 2;
    }
    if ( nseq == 0 )
    {
        if ( p != len )
            return dec_fail(why, "zstd: data after an empty sequences section", -EINVAL);
        return copy_literals(f, lit, nlit, why);
    }
    if ( p >= len )
        return dec_fail(why, "zstd: sequences section truncated", -EINVAL);
    modes = in[p++];
    if ( modes & 3 )
        return dec_fail(why, "zstd: reserved sequence mode bits set", -EINVAL);
    if ( (rc = seq_table(s, modes >> 6, s->ll, &s->ll_log, ll_default, LL_SYMS, 6, LL_SYMS,
                         LL_LOG_MAX, in + p, len - p, &used, why)) )
        return rc;
    p += used;
    if ( (rc = seq_table(s, (modes >> 4) & 3, s->of, &s->of_log, of_default, 29, 5, OF_SYMS,
                         OF_LOG_MAX, in + p, len - p, &used, why)) )
        return rc;
    p += used;
    if ( (rc = seq_table(s, (modes >> 2) & 3, s->ml, &s->ml_log, ml_default, ML_SYMS, 6, ML_SYMS,
                         ML_LOG_MAX, in + p, len - p, &used, why)) )
        return rc;
    p += used;
    s->have_seq_tables = true;
    if ( !bits_init(&b, in + p, len - p) )
        return dec_fail(why, "zstd: bad sequence bit stream", -EINVAL);
    sl = bits_read(&b, s->ll_log);
    so = bits_read(&b, s->of_log);
    sm = bits_read(&b, s->ml_log);
    while ( nseq-- )
    {
        const struct fse_cell *cl = &s->ll[sl], *co = &s->of[so], *cm = &s->ml[sm];
        uint32_t ov;
        size_t ll, ml, off;

        if ( co->sym > 31 || cl->sym >= LL_SYMS || cm->sym >= ML_SYMS )
            return dec_fail(why, "zstd: bad sequence code", -EINVAL);
        ov = (1u << co->sym) + (uint32_t)bits_read(&b, co->sym);
        ml = ml_base[cm->sym] + bits_read(&b, ml_extra[cm->sym]);
        ll = ll_base[cl->sym] + bits_read(&b, ll_extra[cl->sym]);
        if ( b.pos < 0 )
            return dec_fail(why, "zstd: sequence bit stream overrun", -EINVAL);
        if ( nseq )
        {
            sl = cl->base + bits_read(&b, cl->nbits);
            sm = cm->base + bits_read(&b, cm->nbits);
            so = co->base + bits_read(&b, co->nbits);
        }
        off = seq_offset(f, ov, ll);
        if ( ll > nlit )
            return dec_fail(why, "zstd: sequence uses more literals than there are", -EINVAL);
        if ( (rc = copy_literals(f, lit, ll, why)) || (rc = copy_match(f, off, ml, why)) )
            return rc;
        lit += ll;
        nlit -= ll;
    }
    if ( b.pos != 0 )
        return dec_fail(why, "zstd: sequence bit stream not consumed exactly", -EINVAL);
    return copy_literals(f, lit, nlit, why);
}

static int compressed_block(struct zstd_work *s, struct frame *f, const uint8_t *in, size_t len,
                            const char **why)
{
    const uint8_t *lit;
    size_t nlit, used, start = f->o;
    int rc = literals(s, in, len, &lit, &nlit, &used, why);

    if ( rc || (rc = sequences(s, f, in + used, len - used, lit, nlit, why)) )
        return rc;
    if ( f->o - start > BLOCK_MAX )
        return dec_fail(why, "zstd: block decodes to more than 128 KiB", -EINVAL);
    return 0;
}

static uint64_t rotl64(uint64_t v, unsigned int n)
{
    return (v << n) | (v >> (64 - n));
}

#define X1 0x9e3779b185ebca87ull
#define X2 0xc2b2ae3d27d4eb4full
#define X3 0x165667b19e3779f9ull
#define X4 0x85ebca77c2b2ae63ull
#define X5 0x27d4eb2f165667c5ull

static uint64_t xxh64_round(uint64_t acc, uint64_t lane)
{
    return rotl64(acc + lane * X2, 31) * X1;
}

/* XXH64 with seed 0, what a frame's content checksum keeps the low 32 bits of. */
static uint64_t xxh64(const uint8_t *p, size_t len)
{
    size_t i = 0;
    uint64_t h;

    if ( len >= 32 )
    {
        uint64_t v[4] = {X1 + X2, X2, 0, 0 - X1};

        for ( ; i + 32 <= len; i += 32 )
            for ( int k = 0; k < 4; k++ )
                v[k] = xxh64_round(v[k], dec_le64(p + i + 8 * k));
        h = rotl64(v[0], 1) + rotl64(v[1], 7) + rotl64(v[2], 12) + rotl64(v[3], 18);
        for ( int k = 0; k < 4; k++ )
            h = (h ^ xxh64_round(0, v[k])) * X1 + X4;
    }
    else
        h = X5;
    h += len;
    for ( ; i + 8 <= len; i += 8 )
        h = rotl64(h ^ xxh64_round(0, dec_le64(p + i)), 27) * X1 + X4;
    if ( i + 4 <= len )
    {
        h = rotl64(h ^ (dec_le32(p + i) * X1), 23) * X2 + X3;
        i += 4;
    }
    for ( ; i < len; i++ )
        h = rotl64(h ^ (p[i] * X5), 11) * X1;
    h ^= h >> 33;
    h *= X2;
    h ^= h >> 29;
    h *= X3;
    h ^= h >> 32;
    return h;
}

/* One Zstandard frame at in[*pos]; *pos moves past it. */
static int frame(struct zstd_work *s, const uint8_t *in, size_t in_len, size_t *pos,
                 struct frame *f, const char **why)
{
    size_t p = *pos + 4;
    unsigned int fhd, fcs_len, did_len;
    uint64_t fcs = 0;
    bool single, has_sum;
    int rc;

    if ( in_len - p < 1 )
        return dec_fail(why, "zstd: frame header truncated", -EINVAL);
    fhd = in[p++];
    single = fhd & 0x20;
    has_sum = fhd & 4;
    if ( fhd & 8 )
        return dec_fail(why, "zstd: reserved frame header bit set", -EINVAL);
    did_len = (fhd & 3) == 3 ? 4 : fhd & 3;
    fcs_len = (fhd >> 6) == 0 ? single : 1u << (fhd >> 6);
    if ( in_len - p < !single + did_len + fcs_len )
        return dec_fail(why, "zstd: frame header truncated", -EINVAL);
    p += !single; /* window size: the output buffer is the window */
    for ( unsigned int i = 0; i < did_len; i++ )
        if ( in[p + i] )
            return dec_fail(why, "zstd: dictionaries are not supported", -EINVAL);
    p += did_len;
    for ( unsigned int i = 0; i < fcs_len; i++ )
        fcs |= (uint64_t)in[p + i] << (8 * i);
    fcs += fcs_len == 2 ? 256 : 0;
    p += fcs_len;
    if ( fcs_len && fcs > f->out_max - f->o )
        return dec_fail(why, "zstd: output buffer too small", -ENOSPC);
    f->start = f->o;
    f->rep[0] = 1;
    f->rep[1] = 4;
    f->rep[2] = 8;
    s->have_huf = false;
    s->have_seq_tables = false;
    for ( ;; )
    {
        uint32_t bh, size, type;

        if ( in_len - p < 3 )
            return dec_fail(why, "zstd: block header truncated", -EINVAL);
        bh = in[p] | (in[p + 1] << 8) | (in[p + 2] << 16);
        p += 3;
        type = (bh >> 1) & 3;
        size = bh >> 3;
        if ( type == 3 )
            return dec_fail(why, "zstd: reserved block type", -EINVAL);
        if ( size > BLOCK_MAX )
            return dec_fail(why, "zstd: block larger than 128 KiB", -EINVAL);
        if ( (type == 1 ? 1 : size) > in_len - p )
            return dec_fail(why, "zstd: block truncated", -EINVAL);
        if ( type == 0 )
            rc = copy_literals(f, in + p, size, why);
        else if ( type == 1 )
        {
            rc = size > f->out_max - f->o ? dec_fail(why, "zstd: output buffer too small", -ENOSPC)
                                          : 0;
            if ( !rc )
                memset(f->out + f->o, in[p], size);
            f->o += rc ? 0 : size;
            size = 1;
        }
        else
            rc = compressed_block(s, f, in + p, size, why);
        if ( rc )
            return rc;
        p += size;
        if ( bh & 1 )
            break;
    }
    if ( fcs_len && fcs != f->o - f->start )
        return dec_fail(why, "zstd: frame content size does not match", -EINVAL);
    if ( has_sum )
    {
        if ( in_len - p < 4 )
            return dec_fail(why, "zstd: content checksum truncated", -EINVAL);
        if ( dec_le32(in + p) != (uint32_t)xxh64(f->out + f->start, f->o - f->start) )
            return dec_fail(why, "zstd: content checksum mismatch", -EINVAL);
        p += 4;
    }
    *pos = p;
    return 0;
}

int decompress_unzstd(const void *in_v, size_t in_len, void *out, size_t out_max, size_t *out_len,
                      void *work, size_t work_len, const char **why)
{
    const uint8_t *in = in_v;
    struct zstd_work *s = work;
    struct frame f = {.out = out, .out_max = out_max};
    size_t p = 0;
    int rc;

    if ( !work || work_len < sizeof(*s) )
        return dec_fail(why, "zstd: work area too small", -ENOMEM);
    if ( in_len < 4 || (dec_le32(in) != FRAME_MAGIC && (dec_le32(in) & ~15u) != SKIP_MAGIC) )
        return dec_fail(why, "zstd: no zstd magic", -EINVAL);
    /* Frames until the input ends; 4 bytes that are no magic are Linux's appended size. */
    while ( in_len - p >= 4 )
    {
        uint32_t magic = dec_le32(in + p);

        if ( (magic & ~15u) == SKIP_MAGIC )
        {
            uint32_t n;

            if ( in_len - p < 8 || (n = dec_le32(in + p + 4)) > in_len - p - 8 )
                return dec_fail(why, "zstd: skippable frame truncated", -EINVAL);
            p += 8 + n;
            continue;
        }
        if ( magic != FRAME_MAGIC )
        {
            if ( in_len - p == 4 )
                break;
            return dec_fail(why, "zstd: data after the last frame", -EINVAL);
        }
        rc = frame(s, in, in_len, &p, &f, why);
        if ( rc )
            return rc;
    }
    if ( p != in_len && in_len - p != 4 )
        return dec_fail(why, "zstd: data after the last frame", -EINVAL);
    *out_len = f.o;
    return 0;
}

size_t decompress_zstd_work_size(void)
{
    return sizeof(struct zstd_work);
}
