/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xen/common/vsprintf.c against the host C library: the same format and
 * arguments must give the same text and the same return value, and truncation
 * must follow snprintf's rules.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"

#include "fake/rename.h"
#include <xen/lib.h>
#include <xen/string.h>

#undef snprintf
#undef vsnprintf

/* Compare one call, formatted by both implementations into a roomy buffer. */
#define SAME(fmt, ...)                                                                           \
    do                                                                                           \
    {                                                                                            \
        char ours[512], theirs[512];                                                             \
        int a = xen_snprintf(ours, sizeof(ours), fmt, __VA_ARGS__);                              \
        int b = snprintf(theirs, sizeof(theirs), fmt, __VA_ARGS__);                              \
        ok(a == b && !strcmp(ours, theirs), "%-12s -> \"%s\" (%d), libc \"%s\" (%d)", fmt, ours, \
           a, theirs, b);                                                                        \
    } while ( 0 )

static void test_integers(void)
{
    static const int ints[] = {0, 1, -1, 42, -42, 123456, INT_MAX, INT_MIN};
    static const char *const fmts[] = {
        "%d",     "%i",    "%5d",   "%-5d|",  "%05d", "%+d", "% d",  "%.3d", "%8.3d", "%-8.3d|",
        "%.0d",   "%+05d", "%x",    "%X",     "%#x",  "%#X", "%#o",  "%o",   "%u",    "%08x",
        "%#010x", "%.0x",  "%#.0o", "%-#8x|", "%hhd", "%hd", "%hhx", "%hx",  "%#.3o", "%+.0d",
    };

    for ( size_t f = 0; f < sizeof(fmts) / sizeof(fmts[0]); f++ )
        for ( size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++ )
            SAME(fmts[f], ints[i]);

    SAME("%ld %lx %lu", LONG_MIN, (unsigned long)ULONG_MAX, (unsigned long)ULONG_MAX);
    SAME("%lld %llx %llo", LLONG_MIN, (unsigned long long)ULLONG_MAX, 0777ULL);
    SAME("%zu %zd %zx", (size_t)SIZE_MAX, (ssize_t)-5, (size_t)0xabc);
    SAME("%td %jd %ju", (ptrdiff_t)-7, (intmax_t)INTMAX_MIN, (uintmax_t)UINTMAX_MAX);
    SAME("%*d|%-*d|", 6, 17, 6, 17);
    SAME("%*d|", -6, 17);
    SAME("%.*d|%.*d|", 4, 5, -1, 5);
    SAME("%016llx", 0xffff828c80200000ULL);
}

static void test_strings_and_chars(void)
{
    SAME("%s", "hello");
    SAME("[%10s]", "hi");
    SAME("[%-10s]", "hi");
    SAME("[%.2s]", "hello");
    SAME("[%8.3s]", "hello");
    SAME("[%-8.3s]", "hello");
    SAME("[%.*s]", 3, "abcdef");
    SAME("[%.0s]", "abc");
    SAME("%c%c%c", 'x', 'y', 'z');
    SAME("[%3c][%-3c]", 'a', 'b');
    SAME("100%% %s", "sure");
    SAME("%s and %s", "", "empty");
    SAME("%p", (void *)0x1234);
    SAME("%p", (void *)0xffff828c80000000UL);
    SAME("[%20p]", (void *)0xdeadbeefUL);
    SAME("%p", (void *)NULL);
    SAME("%s", (char *)NULL);
}

static void test_truncation(void)
{
    char buf[8];
    int n;

    memset(buf, 'Z', sizeof(buf));
    n = xen_snprintf(buf, 5, "%s", "abcdefgh");
    ok(n == 8 && !strcmp(buf, "abcd") && buf[5] == 'Z',
       "truncates, NUL-terminates, reports full length");

    memset(buf, 'Z', sizeof(buf));
    n = xen_snprintf(buf, 0, "%d", 12345);
    ok(n == 5 && buf[0] == 'Z', "size 0 writes nothing and reports the length");

    n = xen_snprintf(buf, 1, "%d", 12345);
    ok(n == 5 && buf[0] == '\0', "size 1 stores only the NUL");

    n = xen_scnprintf(buf, sizeof(buf), "%s", "abcdefghij");
    ok(n == 7 && !strcmp(buf, "abcdefg"), "scnprintf returns what was stored");

    n = xen_scnprintf(buf, 0, "%s", "abc");
    ok(n == 0, "scnprintf with size 0 returns 0");

    n = xen_snprintf(buf, sizeof(buf), "%q%");
    ok(!strcmp(buf, "%q%"), "unknown conversion and trailing %% are printed as written (\"%s\")",
       buf);
    (void)n;
}

int main(void)
{
    test_integers();
    test_strings_and_chars();
    test_truncation();
    return tap_done();
}
