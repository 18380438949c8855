/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A small vsnprintf for the guest tests: %s %c %d %i %u %x %X %p %%, with
 * the l/ll/z length modifiers, '#', '0', '-' flags, a field width and a
 * string precision (%.Ns).
 */
#include "guest.h"

struct out {
    char *buf;
    size_t size, len;
};

static void put(struct out *o, char c)
{
    if ( o->len + 1 < o->size )
        o->buf[o->len] = c;
    o->len++;
}

static void put_padded(struct out *o, const char *s, size_t n, unsigned int width, bool left,
                       char pad)
{
    size_t i;

    for ( i = n; !left && i < width; i++ )
        put(o, pad);
    for ( i = 0; i < n; i++ )
        put(o, s[i]);
    for ( i = n; left && i < width; i++ )
        put(o, ' ');
}

static void put_number(struct out *o, unsigned long long v, bool neg, unsigned int base, bool upper,
                       bool alt, unsigned int width, bool left, char pad)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24], out[28];
    size_t n = 0, m = 0;

    do
    {
        tmp[n++] = digits[v % base];
        v /= base;
    } while ( v );
    if ( neg )
        out[m++] = '-';
    if ( alt && base == 16 )
    {
        out[m++] = '0';
        out[m++] = 'x';
    }
    /* Zero padding goes between the sign/prefix and the digits. */
    if ( pad == '0' && !left )
        while ( m + n < width && m + n < sizeof(out) - 1 )
            out[m++] = '0';
    while ( n )
        out[m++] = tmp[--n];
    put_padded(o, out, m, width, left, ' ');
}

int guest_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = {.buf = buf, .size = size, .len = 0};

    for ( ; *fmt; fmt++ )
    {
        bool left = false, alt = false;
        char pad = ' ';
        unsigned int width = 0, lng = 0;
        size_t prec = (size_t)-1;
        unsigned long long u;
        long long s;
        const char *str;

        if ( *fmt != '%' )
        {
            put(&o, *fmt);
            continue;
        }
        for ( fmt++;; fmt++ )
        {
            if ( *fmt == '-' )
                left = true;
            else if ( *fmt == '0' )
                pad = '0';
            else if ( *fmt == '#' )
                alt = true;
            else
                break;
        }
        while ( *fmt >= '0' && *fmt <= '9' )
            width = width * 10 + (unsigned int)(*fmt++ - '0');
        if ( *fmt == '.' )
        {
            prec = 0;
            while ( *++fmt >= '0' && *fmt <= '9' )
                prec = prec * 10 + (size_t)(*fmt - '0');
        }
        while ( *fmt == 'l' || *fmt == 'z' )
        {
            lng++;
            fmt++;
        }
        switch ( *fmt )
        {
        case 'd':
        case 'i':
            s = lng ? va_arg(ap, long long) : va_arg(ap, int);
            if ( lng == 1 )
                s = (long)s;
            u = s < 0 ? 0ULL - (unsigned long long)s : (unsigned long long)s;
            put_number(&o, u, s < 0, 10, false, false, width, left, pad);
            break;
        case 'u':
        case 'x':
        case 'X':
            u = lng ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned int);
            put_number(&o, u, false, *fmt == 'u' ? 10 : 16, *fmt == 'X', alt, width, left, pad);
            break;
        case 'p':
            u = (unsigned long)va_arg(ap, void *);
            put_number(&o, u, false, 16, false, true, width, left, pad);
            break;
        case 'c':
            put(&o, (char)va_arg(ap, int));
            break;
        case 's':
            str = va_arg(ap, const char *);
            if ( !str )
                str = "(null)";
            for ( u = 0; u < prec && str[u]; u++ )
                ;
            put_padded(&o, str, u, width, left, ' ');
            break;
        case '%':
            put(&o, '%');
            break;
        case '\0':
            fmt--;
            break;
        default:
            put(&o, '%');
            put(&o, *fmt);
            break;
        }
    }
    if ( size )
        buf[o.len < size ? o.len : size - 1] = '\0';
    return (int)o.len;
}

int guest_snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = guest_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

size_t guest_strlen(const char *s)
{
    size_t n = 0;

    while ( s[n] )
        n++;
    return n;
}

int guest_strncmp(const char *a, const char *b, size_t n)
{
    for ( ; n; n--, a++, b++ )
    {
        if ( *a != *b )
            return (unsigned char)*a - (unsigned char)*b;
        if ( !*a )
            break;
    }
    return 0;
}

const char *guest_strstr(const char *haystack, const char *needle)
{
    size_t n = guest_strlen(needle);

    for ( ; *haystack; haystack++ )
        if ( !guest_strncmp(haystack, needle, n) )
            return haystack;
    return n ? NULL : haystack;
}

void *guest_memset(void *p, int c, size_t n)
{
    volatile uint8_t *d = p;

    while ( n-- )
        *d++ = (uint8_t)c;
    return p;
}

void *guest_memcpy(void *d, const void *s, size_t n)
{
    volatile uint8_t *dd = d;
    const uint8_t *ss = s;

    while ( n-- )
        *dd++ = *ss++;
    return d;
}
