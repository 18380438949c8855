/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xen/common/decompress and bzimage.c against Debian's real compressors: data
 * of several kinds is compressed at run time by gzip, xz and perl's zlib at
 * several levels and options, then decoded by ours and compared byte for
 * byte; truncated, corrupted and oversized inputs are refused with a reason.
 * With an argument (a bzImage), its payload is unwrapped and decompressed and
 * must be an x86-64 ELF; a second argument names a file to save it to.
 * "-d IN OUT" just decompresses the file IN (any format) to OUT; "-b IN"
 * decompresses IN twice and prints the seconds the second decode took (output
 * buffer already faulted in): both for scripts/bench.d/decompress.sh.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"

/* The decoders are compiled with fake/rename.h; their headers name no libc function. */
#include <xen/bzimage.h>
#include <xen/decompress.h>
#include <xen/errno.h>

static uint64_t work[DECOMPRESS_WORK_SIZE / 8];
static char tmpdir[512];

struct blob {
    uint8_t *data;
    size_t len;
};

static struct blob read_file(const char *path)
{
    struct blob b = {NULL, 0};
    FILE *f = fopen(path, "rb");
    size_t cap = 0, n;

    if ( !f )
        return b;
    for ( ;; )
    {
        if ( b.len == cap )
        {
            cap = cap ? cap * 2 : 65536;
            b.data = realloc(b.data, cap);
            if ( !b.data )
                abort();
        }
        n = fread(b.data + b.len, 1, cap - b.len, f);
        if ( n == 0 )
            break;
        b.len += n;
    }
    fclose(f);
    return b;
}

/* Runs "cmd < in > out" on data; returns the tool's output (data NULL on failure). */
static struct blob run_tool(const char *cmd, const uint8_t *data, size_t len)
{
    char in[600], out[600], line[2048];
    struct blob none = {NULL, 0};
    FILE *f;

    snprintf(in, sizeof(in), "%s/in", tmpdir);
    snprintf(out, sizeof(out), "%s/out", tmpdir);
    f = fopen(in, "wb");
    if ( !f || fwrite(data, 1, len, f) != len || fclose(f) )
        return none;
    snprintf(line, sizeof(line), "%s < '%s' > '%s'", cmd, in, out);
    if ( system(line) != 0 )
        return none;
    return read_file(out);
}

static uint32_t seed = 12345;

static uint32_t rnd(void)
{
    seed = seed * 1103515245u + 12345u;
    return seed >> 8;
}

static struct blob make_text(size_t len)
{
    static const char *words[] = {"xen ",       "domain ", "page ",   "grant ",   "event ",
                                  "channel ",   "the ",    "of ",     "memory\n", "vcpu ",
                                  "hypercall ", "a ",      "kernel ", "0x1f ",    "\t"};
    struct blob b = {malloc(len), len};
    size_t i = 0;

    while ( i < len )
    {
        const char *w = words[rnd() % 15];
        while ( *w && i < len )
            b.data[i++] = *w++;
    }
    return b;
}

static struct blob make_random(size_t len)
{
    struct blob b = {malloc(len ? len : 1), len};

    for ( size_t i = 0; i < len; i++ )
        b.data[i] = rnd();
    return b;
}

static struct blob make_mixed(size_t len)
{
    struct blob b = make_text(len);

    for ( size_t i = 0; i + 300 < len; i += 5000 + rnd() % 3000 )
        for ( size_t j = 0; j < 300; j++ )
            b.data[i + j] = rnd();
    return b;
}

static void round_trip(const char *what, const char *cmd, const struct blob *plain)
{
    struct blob z = run_tool(cmd, plain->data, plain->len);
    uint8_t *out;
    size_t out_len = 0;
    const char *why = "";
    int rc;

    if ( !z.data )
    {
        ok(0, "%s: %s ran", what, cmd);
        return;
    }
    out = malloc(plain->len + 1);
    rc = xen_decompress(z.data, z.len, out, plain->len + 1, &out_len, work, sizeof(work), &why);
    ok(rc == 0 && out_len == plain->len && !memcmp(out, plain->data, plain->len),
       "%s: '%s' (%zu -> %zu bytes) decodes identically (rc %d %s)", what, cmd, plain->len, z.len,
       rc, rc ? why : "");
    if ( plain->len > 0 )
    {
        rc = xen_decompress(z.data, z.len, out, plain->len - 1, &out_len, work, sizeof(work), &why);
        ok(rc == -ENOSPC, "%s: '%s' into a buffer one byte short: -ENOSPC (%d %s)", what, cmd, rc,
           why);
    }
    free(out);
    free(z.data);
}

/* Every truncation and a spread of single-byte flips must be refused. */
static void damage(const char *what, const char *cmd, const struct blob *plain)
{
    struct blob z = run_tool(cmd, plain->data, plain->len);
    size_t cap = plain->len + 4096, out_len, step, bad_trunc = 0, bad_flip = 0, flips = 0;
    uint8_t *out = malloc(cap);
    const char *why;

    if ( !z.data )
    {
        ok(0, "%s: %s ran", what, cmd);
        free(out);
        return;
    }
    step = z.len / 200 + 1;
    for ( size_t cut = 0; cut < z.len; cut += (cut + step < z.len ? step : 1) )
        if ( xen_decompress(z.data, cut, out, cap, &out_len, work, sizeof(work), &why) == 0 )
            bad_trunc++;
    ok(bad_trunc == 0, "%s: every truncation of '%s' output refused (%zu accepted)", what, cmd,
       bad_trunc);
    for ( size_t i = 0; i < z.len; i += step, flips++ )
    {
        z.data[i] ^= 0x55;
        if ( xen_decompress(z.data, z.len, out, cap, &out_len, work, sizeof(work), &why) == 0 )
            bad_flip++;
        z.data[i] ^= 0x55;
    }
    /*
     * gzip's mtime/xfl/os bytes are not covered by any check: a flip there is
     * fine; .lzma and zstd --no-check have no check at all, so there only the
     * absence of a crash counts.
     */
    ok(bad_flip <= (!strncmp(cmd, "lzma", 4) || strstr(cmd, "--no-check") ? flips
                    : strncmp(cmd, "gzip", 4)                             ? 0
                                                                          : 3),
       "%s: %zu byte flips in '%s' output, %zu accepted", what, flips, cmd, bad_flip);
    free(out);
    free(z.data);
}

static void put_le(uint8_t *p, uint32_t v, int n)
{
    for ( int i = 0; i < n; i++ )
        p[i] = v >> (8 * i);
}

static void bzimage_synthetic(void)
{
    uint8_t img[4096];
    const void *pl;
    size_t plen;
    const char *why = "";
    int rc;

    memset(img, 0, sizeof(img));
    img[0x1f1] = 2; /* 3 sectors before the protected-mode code */
    put_le(img + 0x1fe, 0xaa55, 2);
    memcpy(img + 0x202, "HdrS", 4);
    put_le(img + 0x206, 0x020f, 2);
    put_le(img + 0x248, 0x100, 4);
    put_le(img + 0x24c, 0x200, 4);
    rc = bzimage_payload(img, sizeof(img), &pl, &plen, &why);
    ok(rc == 0 && pl == img + 3 * 512 + 0x100 && plen == 0x200 && bzimage_is(img, sizeof(img)),
       "bzimage: synthetic header gives the payload's place (%d %s)", rc, rc ? why : "");
    put_le(img + 0x24c, 4096 - 3 * 512 - 0x100 + 1, 4);
    ok(bzimage_payload(img, sizeof(img), &pl, &plen, &why) == -EINVAL,
       "bzimage: payload one byte past the end refused: %s", why);
    put_le(img + 0x24c, 0xffffffff, 4);
    put_le(img + 0x248, 0xffffff00, 4);
    ok(bzimage_payload(img, sizeof(img), &pl, &plen, &why) == -EINVAL,
       "bzimage: huge offset and length refused: %s", why);
    put_le(img + 0x248, 0x100, 4);
    put_le(img + 0x24c, 0x200, 4);
    img[0x1f1] = 200;
    ok(bzimage_payload(img, sizeof(img), &pl, &plen, &why) == -EINVAL,
       "bzimage: setup sectors past the end refused: %s", why);
    img[0x1f1] = 2;
    put_le(img + 0x206, 0x0207, 2);
    ok(bzimage_payload(img, sizeof(img), &pl, &plen, &why) == -EINVAL,
       "bzimage: protocol 2.07 refused: %s", why);
    put_le(img + 0x206, 0x020f, 2);
    img[0x202] = 'h';
    ok(bzimage_payload(img, sizeof(img), &pl, &plen, &why) == -EINVAL && !bzimage_is(img, 4096),
       "bzimage: no HdrS refused: %s", why);
    ok(bzimage_payload(img, 0x24f, &pl, &plen, &why) == -EINVAL,
       "bzimage: image shorter than the header refused: %s", why);
}

/*
 * A payload wrapped the way Linux's build does it (compressed data, then its
 * uncompressed size as 4 little-endian bytes) in a minimal bzImage setup
 * header: found by bzimage_payload, named, and decoded identically.
 */
static void bzimage_wrapped(const char *fmt, const char *cmd, const struct blob *plain)
{
    struct blob z = run_tool(cmd, plain->data, plain->len);
    size_t hdr = 2 * 512 + 0x40, plen, out_len = 0;
    uint8_t *img, *out = malloc(plain->len + 1);
    const char *why = "", *name;
    const void *pl;
    int rc;

    if ( !ok(z.data != NULL, "bzimage: %s ran", cmd) )
    {
        free(out);
        return;
    }
    img = calloc(1, hdr + z.len + 4);
    img[0x1f1] = 1;
    put_le(img + 0x1fe, 0xaa55, 2);
    memcpy(img + 0x202, "HdrS", 4);
    put_le(img + 0x206, 0x020f, 2);
    put_le(img + 0x248, 0x40, 4);
    put_le(img + 0x24c, z.len + 4, 4);
    memcpy(img + hdr, z.data, z.len);
    put_le(img + hdr + z.len, plain->len, 4);
    rc = bzimage_payload(img, hdr + z.len + 4, &pl, &plen, &why);
    name = rc ? NULL : decompress_format_name(pl, plen);
    if ( rc == 0 )
        rc = xen_decompress(pl, plen, out, plain->len + 1, &out_len, work, sizeof(work), &why);
    ok(rc == 0 && name && !strcmp(name, fmt) && out_len == plain->len &&
           !memcmp(out, plain->data, plain->len),
       "bzimage: %s payload with Linux's appended size named '%s' and decoded (%d %s)", fmt,
       name ? name : "?", rc, rc ? why : "");
    free(img);
    free(out);
    free(z.data);
}

/* The work area: too small refused, decompress_work_size() enough. */
static void work_area(const char *fmt, const char *cmd, const struct blob *plain,
                      int (*decode)(const void *, size_t, void *, size_t, size_t *, void *, size_t,
                                    const char **))
{
    struct blob z = run_tool(cmd, plain->data, plain->len);
    size_t need, out_len = 0;
    uint8_t *out = malloc(plain->len);
    const char *why = "";
    int rc;

    if ( !ok(z.data != NULL, "%s: %s ran", fmt, cmd) )
    {
        free(out);
        return;
    }
    ok(!strcmp(decompress_format_name(z.data, z.len) ?: "?", fmt), "%s: format named", fmt);
    need = decompress_work_size(z.data, z.len);
    ok(need <= DECOMPRESS_WORK_SIZE, "%s: work size %zu within DECOMPRESS_WORK_SIZE", fmt, need);
    rc = decode(z.data, z.len, out, plain->len, &out_len, work, need, &why);
    ok(rc == 0 && out_len == plain->len && !memcmp(out, plain->data, out_len),
       "%s: decodes in a work area of decompress_work_size() (%d %s)", fmt, rc, rc ? why : "");
    if ( need > 0 )
    {
        rc = decode(z.data, z.len, out, plain->len, &out_len, work, 64, &why);
        ok(rc == -ENOMEM, "%s: a 64-byte work area refused: %s", fmt, why);
    }
    if ( !strcmp(fmt, "bzip2") )
    {
        rc = decode(z.data, z.len, out, plain->len, &out_len, work, need - 8, &why);
        ok(rc == -ENOMEM, "%s: 8 bytes less than decompress_work_size() refused: %s", fmt, why);
    }
    free(out);
    free(z.data);
}

/* Two streams of cmd's output back to back decode as the two inputs in a row. */
static void concatenated(const char *cmd, const struct blob *plain)
{
    size_t half = plain->len / 2, out_len = 0;
    struct blob a = run_tool(cmd, plain->data, half);
    struct blob b = run_tool(cmd, plain->data + half, plain->len - half);
    uint8_t *both = malloc(a.len + b.len + 1), *out = malloc(plain->len);
    const char *why = "";
    int rc = -1;

    if ( a.data && b.data )
    {
        memcpy(both, a.data, a.len);
        memcpy(both + a.len, b.data, b.len);
        rc = xen_decompress(both, a.len + b.len, out, plain->len, &out_len, work, sizeof(work),
                            &why);
    }
    ok(rc == 0 && out_len == plain->len && !memcmp(out, plain->data, plain->len),
       "'%s': two concatenated streams decode as one (%d %s)", cmd, rc, rc ? why : "");
    if ( a.data && b.data )
    {
        both[a.len + b.len] = 'B';
        rc = xen_decompress(both, a.len + b.len + 1, out, plain->len, &out_len, work, sizeof(work),
                            &why);
        ok(rc == -EINVAL, "'%s': a stray byte after the streams refused: %s", cmd, why);
    }
    free(a.data);
    free(b.data);
    free(both);
    free(out);
}

/* A skippable frame before and between zstd frames is stepped over. */
static void zstd_skippable(const struct blob *plain)
{
    static const uint8_t skip[12] = {0x5a, 0x2a, 0x4d, 0x18, 4, 0, 0, 0, 'x', 'e', 'n', '!'};
    struct blob z = run_tool("zstd -q -c -3", plain->data, plain->len);
    uint8_t *buf = malloc(z.len + 2 * sizeof(skip)), *out = malloc(plain->len);
    size_t out_len = 0;
    const char *why = "";
    int rc = -1;

    if ( z.data )
    {
        memcpy(buf, skip, sizeof(skip));
        memcpy(buf + sizeof(skip), z.data, z.len);
        memcpy(buf + sizeof(skip) + z.len, skip, sizeof(skip));
        rc = xen_decompress(buf, z.len + 2 * sizeof(skip), out, plain->len, &out_len, work,
                            sizeof(work), &why);
    }
    ok(rc == 0 && out_len == plain->len && !memcmp(out, plain->data, plain->len),
       "zstd: skippable frames around a frame are skipped (%d %s)", rc, rc ? why : "");
    if ( z.data )
    {
        buf[6] = 0xff; /* the skippable frame now claims more than there is */
        rc = xen_decompress(buf, z.len + 2 * sizeof(skip), out, plain->len, &out_len, work,
                            sizeof(work), &why);
        ok(rc == -EINVAL, "zstd: oversized skippable frame refused: %s", why);
    }
    free(buf);
    free(out);
    free(z.data);
}

static void real_kernel(const char *path, const char *save)
{
    struct blob k = read_file(path);
    const void *pl;
    size_t plen, cap = 256u << 20, out_len = 0;
    uint8_t *out;
    const char *why = "", *name;
    int rc;

    if ( !ok(k.data != NULL, "kernel: read %s", path) )
        return;
    rc = bzimage_payload(k.data, k.len, &pl, &plen, &why);
    ok(rc == 0, "kernel: bzImage payload found (%d %s)", rc, rc ? why : "");
    if ( rc )
    {
        free(k.data);
        return;
    }
    name = decompress_format_name(pl, plen);
    diag("kernel payload: %zu bytes, %s", plen, name ? name : "unknown format");
    out = malloc(cap);
    rc = xen_decompress(pl, plen, out, cap, &out_len, work, sizeof(work), &why);
    ok(rc == 0, "kernel: %s payload decompressed to %zu bytes (%d %s)", name ? name : "?", out_len,
       rc, rc ? why : "");
    ok(rc == 0 && out_len > 64 && !memcmp(out, "\177ELF", 4) && out[4] == 2 && out[5] == 1 &&
           out[18] == 62 && out[19] == 0,
       "kernel: result is an x86-64 little-endian ELF");
    if ( rc == 0 && plen >= 4 )
    {
        const uint8_t *tail = (const uint8_t *)pl + plen - 4;
        uint32_t want = tail[0] | (tail[1] << 8) | (tail[2] << 16) | ((uint32_t)tail[3] << 24);

        ok(want == out_len, "kernel: size appended by the kernel build (%u) matches", want);
    }
    if ( rc == 0 && save )
    {
        FILE *f = fopen(save, "wb");

        ok(f && fwrite(out, 1, out_len, f) == out_len && !fclose(f), "kernel: saved to %s", save);
    }
    free(out);
    free(k.data);
}

/* "-b IN": the seconds of a second decode of IN into the same (faulted-in) buffer. */
static int time_decode(const char *in)
{
    struct blob z = read_file(in);
    size_t cap = 1u << 30, out_len = 0;
    uint8_t *out = malloc(cap);
    const char *why = "";
    struct timespec t0, t1;
    int rc = 1;

    if ( z.data && out &&
         !xen_decompress(z.data, z.len, out, cap, &out_len, work, sizeof(work), &why) )
    {
        clock_gettime(CLOCK_MONOTONIC, &t0);
        rc = xen_decompress(z.data, z.len, out, cap, &out_len, work, sizeof(work), &why);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        if ( rc == 0 )
            printf("%.4f\n", (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
    }
    if ( rc )
        fprintf(stderr, "test_decompress: %s: %s\n", in, z.data ? why : "cannot read");
    free(out);
    free(z.data);
    return rc != 0;
}

/* "-d IN OUT": IN decompressed to OUT ("-" for standard output); 0 on success. */
static int decode_file(const char *in, const char *out_path)
{
    struct blob z = read_file(in);
    size_t cap = 1u << 30, out_len = 0;
    uint8_t *out = malloc(cap);
    const char *why = "";
    FILE *f;
    int rc;

    if ( !z.data || !out )
    {
        fprintf(stderr, "test_decompress: %s: cannot read\n", in);
        free(out);
        free(z.data);
        return 1;
    }
    rc = xen_decompress(z.data, z.len, out, cap, &out_len, work, sizeof(work), &why);
    if ( rc )
        fprintf(stderr, "test_decompress: %s: %s\n", in, why);
    else
    {
        f = strcmp(out_path, "-") ? fopen(out_path, "wb") : stdout;
        if ( !f || fwrite(out, 1, out_len, f) != out_len || (f != stdout && fclose(f)) )
        {
            fprintf(stderr, "test_decompress: %s: cannot write\n", out_path);
            rc = 1;
        }
    }
    free(out);
    free(z.data);
    return rc != 0;
}

int main(int argc, char **argv)
{
    const char *t = getenv("TMPDIR");
    enum { NSETS = 8, LARGE = 7 };
    struct blob sets[NSETS];
    const char *names[NSETS] = {"empty", "one byte", "text",  "random",
                                "mixed", "x86 code", "zeros", "large"};
    static const char *const tools[] = {
        "gzip -1 -c",
        "gzip -6 -c",
        "gzip -9 -c -n",
        "perl -MCompress::Zlib -0777 -e 'binmode STDIN; binmode STDOUT; print compress(<STDIN>)'",
        "xz -0 -c",
        "xz -6 -c",
        "xz -9e -c",
        "xz -c --check=crc32",
        "xz -c --check=none",
        "xz -c --check=sha256",
        "xz -c --x86 --lzma2=preset=6 --check=crc32",
        "xz -c --lzma2=lc=4,lp=0,pb=0",
        "xz -c --lzma2=lc=0,lp=4,pb=4",
        "xz -c --block-size=3000",
        "lzma -c -1",
        "lzma -c -9",
        "lz4 -q -l -c -1",
        "lz4 -q -l -c -9",
        "lz4 -q -c -1",
        "lz4 -q -c -9 --content-size -BD -B4",
        "lz4 -q -c --no-frame-crc -BX -B5",
        "lzop -c -1",
        "lzop -c -9",
        "lzop -c -3 --crc32",
        "lzop -c -7 -F",
        "bzip2 -c -1",
        "bzip2 -c -9",
        "bzip2 -c -5",
        "zstd -q -c -1",
        "zstd -q -c -3 --no-check",
        "zstd -q -c -19",
        "zstd -q -c --ultra -22",
        "zstd -q -c --long=24 -12",
        "zstd -q -c -6 -B1024",
        /* From a file, zstd records the content size in the frame header. */
        "sh -c 'f=$(mktemp); cat > $f; zstd -q -c -9 $f; rm -f $f'",
    };
    /* What Linux's kernel build runs for each format (scripts/Makefile.lib). */
    static const char *const linux_tools[][2] = {
        {"gzip", "gzip -n -f -9"},
        {"xz", "xz --check=crc32 --x86 --lzma2=,dict=32MiB"},
        {"lzma", "lzma -9"},
        {"lz4", "lz4 -q -l -12 --favor-decSpeed"},
        {"lzo", "lzop -9"},
        {"bzip2", "bzip2 -9"},
        {"zstd", "zstd -q -22 --ultra"},
    };
    uint8_t zeros_in[1] = {0};

    if ( argc == 4 && !strcmp(argv[1], "-d") )
        return decode_file(argv[2], argv[3]);
    if ( argc == 3 && !strcmp(argv[1], "-b") )
        return time_decode(argv[2]);
    snprintf(tmpdir, sizeof(tmpdir), "%s/xendecompXXXXXX", t ? t : "/tmp");
    if ( !mkdtemp(tmpdir) )
    {
        perror("mkdtemp");
        return 1;
    }
    if ( argc > 1 )
    {
        real_kernel(argv[1], argc > 2 ? argv[2] : NULL);
        goto out;
    }
    sets[0] = make_random(0);
    sets[1] = make_random(1);
    sets[2] = make_text(300000);
    sets[3] = make_random(70000);
    sets[4] = make_mixed(200000);
    sets[5] = read_file("/proc/self/exe");
    if ( sets[5].len > 400000 )
        sets[5].len = 400000;
    sets[6] = make_random(1 << 20);
    memset(sets[6].data, 0, sets[6].len);
    sets[LARGE] = make_mixed(3u << 20);
    for ( size_t d = 0; d < LARGE; d++ )
        for ( size_t i = 0; i < sizeof(tools) / sizeof(tools[0]); i++ )
            round_trip(names[d], tools[i], &sets[d]);
    /* Several MiB: many lzop/lz4 blocks, several bzip2 blocks, long zstd windows. */
    for ( size_t i = 0; i < sizeof(linux_tools) / sizeof(linux_tools[0]); i++ )
    {
        char cmd[200];

        snprintf(cmd, sizeof(cmd), "%s -c", linux_tools[i][1]);
        round_trip(names[LARGE], cmd, &sets[LARGE]);
        bzimage_wrapped(linux_tools[i][0], cmd, &sets[5]);
    }
    damage("text", "gzip -9 -c", &sets[2]);
    damage("mixed", "xz -6 -c", &sets[4]);
    damage("x86 code", "xz -c --x86 --lzma2=preset=6", &sets[5]);
    damage("mixed", "lzma -c -6", &sets[4]);
    damage("mixed", "lz4 -q -c -BX", &sets[4]);
    damage("text",
           "perl -MCompress::Zlib -0777 -e 'binmode STDIN; binmode STDOUT; print "
           "compress(<STDIN>)'",
           &sets[2]);
    damage("mixed", "lzop -c -9", &sets[4]);
    damage("text", "lzop -c -1 --crc32", &sets[2]);
    work_area("xz", "xz -c", &sets[2], decompress_unxz);
    work_area("gzip", "gzip -c", &sets[2], decompress_gunzip);
    work_area("lzma", "lzma -c", &sets[2], decompress_unlzma);
    work_area("lzo", "lzop -c", &sets[2], decompress_unlzo);
    work_area("bzip2", "bzip2 -c -9", &sets[2], decompress_bunzip2);
    work_area("bzip2", "bzip2 -c -2", &sets[2], decompress_bunzip2);
    damage("mixed", "bzip2 -c -9", &sets[4]);
    damage("x86 code", "bzip2 -c -1", &sets[5]);
    concatenated("bzip2 -c", &sets[2]);
    work_area("zstd", "zstd -q -c", &sets[2], decompress_unzstd);
    damage("mixed", "zstd -q -c -19", &sets[4]);
    damage("x86 code", "zstd -q -c --ultra -22", &sets[5]);
    damage("text", "zstd -q -c -3 --no-check", &sets[2]);
    concatenated("zstd -q -c", &sets[4]);
    zstd_skippable(&sets[2]);
    {
        size_t out_len;
        const char *why = "";
        uint8_t out[16];
        int rc = xen_decompress(zeros_in, 1, out, sizeof(out), &out_len, work, sizeof(work), &why);

        ok(rc == -EINVAL && decompress_format_name(zeros_in, 1) == NULL,
           "unknown format refused: %s", why);
    }
    bzimage_synthetic();
    for ( size_t d = 0; d < NSETS; d++ )
        free(sets[d].data);
out:
{
    char cmd[600];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    if ( system(cmd) != 0 )
        diag("could not remove %s", tmpdir);
}
    return tap_done();
}
