/* SPDX-License-Identifier: GPL-2.0-only */
/* xen/common/string.c: every routine against the C library or a known answer. */
#include <stdio.h>
#include <string.h>

#include "tap.h"

/* Host references, taken before the hypervisor names are mapped. */
static int (*const host_memcmp)(const void *, const void *, size_t) = memcmp;
static int (*const host_strcmp)(const char *, const char *) = strcmp;
static int (*const host_strncmp)(const char *, const char *, size_t) = strncmp;
static void *(*const host_memcpy)(void *, const void *, size_t) = memcpy;
static void *(*const host_memmove)(void *, const void *, size_t) = memmove;
static void *(*const host_memset)(void *, int, size_t) = memset;

#include "fake/rename.h"
#include <xen/string.h>

static int sign(int v)
{
    return (v > 0) - (v < 0);
}

static void test_memory(void)
{
    static const char haystack[] = "abcabc";
    char a[32], b[32];
    static const char *const pairs[][2] = {
        {"abc", "abd"}, {"abd", "abc"}, {"", ""}, {"a", ""}, {"\xff", "\x01"}, {"same", "same"},
    };

    xen_memset(a, 'x', sizeof(a));
    ok(a[0] == 'x' && a[31] == 'x', "memset fills");
    ok(xen_memset(b, 0, 0) == b, "memset returns dst, n=0 touches nothing");

    for ( int i = 0; i < 32; i++ )
        a[i] = (char)i;
    xen_memcpy(b, a, 32);
    ok(!host_memcmp(a, b, 32), "memcpy copies");

    xen_memmove(a + 4, a, 16);
    ok(a[4] == 0 && a[19] == 15 && a[3] == 3, "memmove forward overlap");
    for ( int i = 0; i < 32; i++ )
        a[i] = (char)i;
    xen_memmove(a, a + 4, 16);
    ok(a[0] == 4 && a[15] == 19 && a[16] == 16, "memmove backward overlap");

    for ( size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++ )
    {
        size_t la = strlen(pairs[i][0]), lb = strlen(pairs[i][1]);
        size_t n = (la < lb ? la : lb) + 1;

        ok(sign(xen_memcmp(pairs[i][0], pairs[i][1], n)) ==
               sign(host_memcmp(pairs[i][0], pairs[i][1], n)),
           "memcmp order of pair %zu", i);
        ok(sign(xen_strcmp(pairs[i][0], pairs[i][1])) ==
               sign(host_strcmp(pairs[i][0], pairs[i][1])),
           "strcmp order of pair %zu", i);
        ok(sign(xen_strncmp(pairs[i][0], pairs[i][1], 2)) ==
               sign(host_strncmp(pairs[i][0], pairs[i][1], 2)),
           "strncmp order of pair %zu", i);
    }
    ok(xen_memchr(haystack, 'c', 6) == haystack + 2, "memchr finds the first match");
    ok(xen_memchr("abc", 'z', 3) == NULL, "memchr misses");
}

static void test_strings(void)
{
    const char *s = "a/b/c";
    char buf[8];

    ok(xen_strlen("") == 0 && xen_strlen("hello") == 5, "strlen");
    ok(xen_strnlen("hello", 3) == 3 && xen_strnlen("hi", 9) == 2, "strnlen");
    ok(xen_strchr(s, '/') == s + 1 && xen_strchr(s, 'z') == NULL && xen_strchr(s, '\0') == s + 5,
       "strchr, including the terminator");
    ok(xen_strrchr(s, '/') == s + 3 && xen_strrchr(s, 'z') == NULL, "strrchr");
    ok(xen_strncmp("abcX", "abcY", 3) == 0, "strncmp stops at n");

    ok(xen_strlcpy(buf, "hello", sizeof(buf)) == 5 && !host_strcmp(buf, "hello"), "strlcpy fits");
    ok(xen_strlcpy(buf, "truncated!", sizeof(buf)) == 10 && !host_strcmp(buf, "truncat"),
       "strlcpy truncates and reports the source length");
    xen_strlcpy(buf, "ab", sizeof(buf));
    ok(xen_strlcat(buf, "cd", sizeof(buf)) == 4 && !host_strcmp(buf, "abcd"), "strlcat appends");
    ok(xen_strlcat(buf, "efghij", sizeof(buf)) == 10 && !host_strcmp(buf, "abcdefg"),
       "strlcat truncates and reports the full length");
}

/* A byte pattern no two nearby offsets share. */
static void fill_pattern(unsigned char *p, size_t n, unsigned int seed)
{
    for ( size_t i = 0; i < n; i++ )
        p[i] = (unsigned char)(i * 7 + seed * 13 + 1);
}

/*
 * The word-at-a-time paths: every length to 100 at every source and destination
 * alignment, overlaps both ways, against the C library, and nothing written
 * outside [dst, dst + n).
 */
static void test_alignments(void)
{
    enum { SZ = 256 };
    unsigned char src[SZ], mine[SZ], ref[SZ];
    unsigned int bad_cpy = 0, bad_set = 0, bad_move = 0;

    for ( size_t n = 0; n <= 100; n++ )
        for ( size_t so = 0; so < 8; so++ )
            for ( size_t dof = 0; dof < 8; dof++ )
            {
                fill_pattern(src, SZ, 1);
                fill_pattern(mine, SZ, 2);
                host_memcpy(ref, mine, SZ);
                if ( xen_memcpy(mine + 16 + dof, src + 16 + so, n) != mine + 16 + dof )
                    bad_cpy++;
                host_memcpy(ref + 16 + dof, src + 16 + so, n);
                bad_cpy += host_memcmp(mine, ref, SZ) != 0;

                fill_pattern(mine, SZ, 3);
                host_memcpy(ref, mine, SZ);
                if ( xen_memset(mine + 16 + dof, (int)(0x80 + so), n) != mine + 16 + dof )
                    bad_set++;
                host_memset(ref + 16 + dof, (int)(0x80 + so), n);
                bad_set += host_memcmp(mine, ref, SZ) != 0;

                /* Overlapping moves: dst below and above src by 1..15 bytes. */
                for ( int delta = -15; delta <= 15; delta++ )
                {
                    size_t s0 = 64 + so, d0 = (size_t)((long)s0 + delta + (long)dof);

                    fill_pattern(mine, SZ, 4);
                    host_memcpy(ref, mine, SZ);
                    if ( xen_memmove(mine + d0, mine + s0, n) != mine + d0 )
                        bad_move++;
                    host_memmove(ref + d0, ref + s0, n);
                    bad_move += host_memcmp(mine, ref, SZ) != 0;
                }
            }
    ok(bad_cpy == 0, "memcpy: all lengths 0-100, all alignments (%u wrong)", bad_cpy);
    ok(bad_set == 0, "memset: all lengths 0-100, all alignments (%u wrong)", bad_set);
    ok(bad_move == 0, "memmove: overlaps either way, all lengths and alignments (%u wrong)",
       bad_move);
}

int main(void)
{
    test_memory();
    test_alignments();
    test_strings();
    return tap_done();
}
