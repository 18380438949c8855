/* SPDX-License-Identifier: GPL-2.0-only */
/* Memory and string routines for the hypervisor (no libc here). */
#include <xen/string.h>

/*
 * memcpy, memmove and memset move 8 bytes a step (four steps a loop) once the
 * destination is aligned: the hypervisor copies and clears megabytes at boot
 * (the dom0 kernel, its memory) and a byte loop costs eight times the
 * instructions, which an emulating CPU (QEMU's TCG) pays in full.
 */
typedef uint64_t __attribute__((__may_alias__, __aligned__(1))) word_t;
#define WORD sizeof(uint64_t)

/* Bytes to copy or set one at a time before dst is word-aligned (at most n). */
static size_t head_bytes(const void *dst, size_t n)
{
    size_t head = (WORD - ((uintptr_t)dst & (WORD - 1))) & (WORD - 1);

    return head < n ? head : n;
}

/* Copy upwards: safe when dst does not lie inside (src, src + n). */
static void copy_up(unsigned char *d, const unsigned char *s, size_t n)
{
    size_t head = head_bytes(d, n);

    n -= head;
    while ( head-- )
        *d++ = *s++;
    for ( ; n >= 4 * WORD; n -= 4 * WORD, d += 4 * WORD, s += 4 * WORD )
    {
        word_t a = ((const word_t *)s)[0], b = ((const word_t *)s)[1];
        word_t c = ((const word_t *)s)[2], e = ((const word_t *)s)[3];

        ((word_t *)d)[0] = a;
        ((word_t *)d)[1] = b;
        ((word_t *)d)[2] = c;
        ((word_t *)d)[3] = e;
    }
    for ( ; n >= WORD; n -= WORD, d += WORD, s += WORD )
        *(word_t *)d = *(const word_t *)s;
    while ( n-- )
        *d++ = *s++;
}

/* Copy downwards, from the end: safe when dst lies above src. */
static void copy_down(unsigned char *d, const unsigned char *s, size_t n)
{
    d += n;
    s += n;
    for ( ; n && ((uintptr_t)d & (WORD - 1)); n-- )
        *--d = *--s;
    for ( ; n >= WORD; n -= WORD )
    {
        d -= WORD;
        s -= WORD;
        *(word_t *)d = *(const word_t *)s;
    }
    while ( n-- )
        *--d = *--s;
}

void *memcpy(void *dst, const void *src, size_t n)
{
    copy_up(dst, src, n);
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if ( d == s || n == 0 )
        return dst;
    if ( d < s || d >= s + n )
        copy_up(d, s, n);
    else
        copy_down(d, s, n);
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    size_t head = head_bytes(d, n);
    uint64_t w = (unsigned char)c * 0x0101010101010101ULL;

    n -= head;
    while ( head-- )
        *d++ = (unsigned char)c;
    for ( ; n >= 4 * WORD; n -= 4 * WORD, d += 4 * WORD )
    {
        ((word_t *)d)[0] = w;
        ((word_t *)d)[1] = w;
        ((word_t *)d)[2] = w;
        ((word_t *)d)[3] = w;
    }
    for ( ; n >= WORD; n -= WORD, d += WORD )
        *(word_t *)d = w;
    while ( n-- )
        *d++ = (unsigned char)c;
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;

    for ( ; n; n--, x++, y++ )
        if ( *x != *y )
            return *x < *y ? -1 : 1;
    return 0;
}

void *memchr(const void *s, int c, size_t n)
{
    const unsigned char *p = s;

    for ( ; n; n--, p++ )
        if ( *p == (unsigned char)c )
            return (void *)p;
    return NULL;
}

size_t strlen(const char *s)
{
    const char *p = s;

    while ( *p )
        p++;
    return p - s;
}

size_t strnlen(const char *s, size_t max)
{
    size_t n = 0;

    while ( n < max && s[n] )
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    return strncmp(a, b, (size_t)-1);
}

int strncmp(const char *a, const char *b, size_t n)
{
    for ( ; n; n--, a++, b++ )
    {
        unsigned char x = *a, y = *b;

        if ( x != y )
            return x < y ? -1 : 1;
        if ( !x )
            break;
    }
    return 0;
}

char *strchr(const char *s, int c)
{
    for ( ;; s++ )
    {
        if ( *s == (char)c )
            return (char *)s;
        if ( !*s )
            return NULL;
    }
}

char *strrchr(const char *s, int c)
{
    const char *last = NULL;

    for ( ;; s++ )
    {
        if ( *s == (char)c )
            last = s;
        if ( !*s )
            return (char *)last;
    }
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
    size_t len = strlen(src);

    if ( size )
    {
        size_t n = len < size - 1 ? len : size - 1;

        memcpy(dst, src, n);
        dst[n] = '\0';
    }
    return len;
}

size_t strlcat(char *dst, const char *src, size_t size)
{
    size_t used = strnlen(dst, size);

    if ( used == size )
        return size + strlen(src);
    return used + strlcpy(dst + used, src, size - used);
}
