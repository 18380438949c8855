/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * printf-style formatting for the hypervisor: the C99 conversions the
 * hypervisor uses, with the same output as the C library for them.
 */
#include <xen/lib.h>
#include <xen/string.h>

/* Output cursor: counts every character, stores those that fit. */
struct fmt_out {
    char *buf;
    size_t size;
    size_t pos;
};

#define FL_LEFT  0x01 /* '-' */
#define FL_PLUS  0x02 /* '+' */
#define FL_SPACE 0x04 /* ' ' */
#define FL_ALT   0x08 /* '#' */
#define FL_ZERO  0x10 /* '0' */
#define FL_UPPER 0x20 /* %X */

static void out_char(struct fmt_out *o, char c)
{
    if ( o->pos + 1 < o->size )
        o->buf[o->pos] = c;
    o->pos++;
}

static void out_repeat(struct fmt_out *o, char c, int n)
{
    while ( n-- > 0 )
        out_char(o, c);
}

static void out_string(struct fmt_out *o, const char *s, int width, int prec, unsigned int flags)
{
    int len;

    if ( s == NULL )
        s = "(null)";
    len = prec >= 0 ? (int)strnlen(s, prec) : (int)strlen(s);
    if ( !(flags & FL_LEFT) )
        out_repeat(o, ' ', width - len);
    for ( int i = 0; i < len; i++ )
        out_char(o, s[i]);
    if ( flags & FL_LEFT )
        out_repeat(o, ' ', width - len);
}

/*
 * Emit one integer conversion. neg says the value was negative (val holds the
 * magnitude); signed_conv says +/space flags apply.
 */
static void out_number(struct fmt_out *o, unsigned long long val, bool neg, bool signed_conv,
                       unsigned int base, int width, int prec, unsigned int flags)
{
    const char *digits = (flags & FL_UPPER) ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24]; /* 22 octal digits cover 64 bits */
    const char *prefix = "";
    int ndig = 0, zeros, total;
    char sign = 0;

    if ( !(val == 0 && prec == 0) )
        do
        {
            tmp[ndig++] = digits[val % base];
            val /= base;
        } while ( val );

    if ( signed_conv )
    {
        if ( neg )
            sign = '-';
        else if ( flags & FL_PLUS )
            sign = '+';
        else if ( flags & FL_SPACE )
            sign = ' ';
    }

    zeros = prec > ndig ? prec - ndig : 0;
    if ( flags & FL_ALT )
    {
        if ( base == 8 && zeros == 0 && (ndig == 0 || tmp[ndig - 1] != '0') )
            zeros = 1;
        else if ( base == 16 && ndig > 0 && !(ndig == 1 && tmp[0] == '0') )
            prefix = (flags & FL_UPPER) ? "0X" : "0x";
    }

    total = (sign ? 1 : 0) + (int)strlen(prefix) + zeros + ndig;
    if ( (flags & FL_ZERO) && !(flags & FL_LEFT) && prec < 0 && width > total )
    {
        zeros += width - total;
        total = width;
    }

    if ( !(flags & FL_LEFT) )
        out_repeat(o, ' ', width - total);
    if ( sign )
        out_char(o, sign);
    for ( ; *prefix; prefix++ )
        out_char(o, *prefix);
    out_repeat(o, '0', zeros);
    while ( ndig )
        out_char(o, tmp[--ndig]);
    if ( flags & FL_LEFT )
        out_repeat(o, ' ', width - total);
}

/* Length modifiers, ordered by size. */
enum fmt_len { LEN_HH, LEN_H, LEN_INT, LEN_L, LEN_LL, LEN_Z, LEN_T, LEN_J };

static unsigned long long fetch_unsigned(va_list *ap, enum fmt_len len)
{
    switch ( len )
    {
    case LEN_HH:
        return (unsigned char)va_arg(*ap, unsigned int);
    case LEN_H:
        return (unsigned short)va_arg(*ap, unsigned int);
    case LEN_INT:
        return va_arg(*ap, unsigned int);
    case LEN_L:
        return va_arg(*ap, unsigned long);
    case LEN_LL:
        return va_arg(*ap, unsigned long long);
    case LEN_Z:
        return va_arg(*ap, size_t);
    case LEN_T:
        return (unsigned long long)va_arg(*ap, ptrdiff_t);
    case LEN_J:
        return va_arg(*ap, uintmax_t);
    }
    return 0;
}

static long long fetch_signed(va_list *ap, enum fmt_len len)
{
    switch ( len )
    {
    case LEN_HH:
        return (signed char)va_arg(*ap, int);
    case LEN_H:
        return (short)va_arg(*ap, int);
    case LEN_INT:
        return va_arg(*ap, int);
    case LEN_L:
        return va_arg(*ap, long);
    case LEN_LL:
        return va_arg(*ap, long long);
    case LEN_Z:
        return va_arg(*ap, ssize_t);
    case LEN_T:
        return va_arg(*ap, ptrdiff_t);
    case LEN_J:
        return va_arg(*ap, intmax_t);
    }
    return 0;
}

static int parse_decimal(const char **p)
{
    int n = 0;

    while ( **p >= '0' && **p <= '9' )
    {
        if ( n < 100000000 )
            n = n * 10 + (**p - '0');
        (*p)++;
    }
    return n;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
    struct fmt_out o = {.buf = buf, .size = size, .pos = 0};
    va_list ap;

    va_copy(ap, args);
    while ( *fmt )
    {
        const char *spec = fmt;
        unsigned int flags = 0;
        int width = 0, prec = -1;
        enum fmt_len len = LEN_INT;

        if ( *fmt != '%' )
        {
            out_char(&o, *fmt++);
            continue;
        }
        fmt++;

        for ( ;; fmt++ )
        {
            if ( *fmt == '-' )
                flags |= FL_LEFT;
            else if ( *fmt == '+' )
                flags |= FL_PLUS;
            else if ( *fmt == ' ' )
                flags |= FL_SPACE;
            else if ( *fmt == '#' )
                flags |= FL_ALT;
            else if ( *fmt == '0' )
                flags |= FL_ZERO;
            else
                break;
        }

        if ( *fmt == '*' )
        {
            width = va_arg(ap, int);
            if ( width < 0 )
            {
                flags |= FL_LEFT;
                width = width < -100000000 ? 100000000 : -width;
            }
            fmt++;
        }
        else
            width = parse_decimal(&fmt);

        if ( *fmt == '.' )
        {
            fmt++;
            if ( *fmt == '*' )
            {
                prec = va_arg(ap, int);
                if ( prec < 0 )
                    prec = -1;
                fmt++;
            }
            else
                prec = parse_decimal(&fmt);
        }

        switch ( *fmt )
        {
        case 'h':
            len = LEN_H;
            if ( *++fmt == 'h' )
            {
                len = LEN_HH;
                fmt++;
            }
            break;
        case 'l':
            len = LEN_L;
            if ( *++fmt == 'l' )
            {
                len = LEN_LL;
                fmt++;
            }
            break;
        case 'z':
            len = LEN_Z;
            fmt++;
            break;
        case 't':
            len = LEN_T;
            fmt++;
            break;
        case 'j':
            len = LEN_J;
            fmt++;
            break;
        default:
            break;
        }

        switch ( *fmt )
        {
        case 'd':
        case 'i':
        {
            long long v = fetch_signed(&ap, len);
            unsigned long long mag = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

            out_number(&o, mag, v < 0, true, 10, width, prec, flags);
            break;
        }
        case 'u':
            out_number(&o, fetch_unsigned(&ap, len), false, false, 10, width, prec, flags);
            break;
        case 'o':
            out_number(&o, fetch_unsigned(&ap, len), false, false, 8, width, prec, flags);
            break;
        case 'X':
            flags |= FL_UPPER;
            /* fall through */
        case 'x':
            out_number(&o, fetch_unsigned(&ap, len), false, false, 16, width, prec, flags);
            break;
        case 'c':
        {
            char c = (char)va_arg(ap, int);

            if ( !(flags & FL_LEFT) )
                out_repeat(&o, ' ', width - 1);
            out_char(&o, c);
            if ( flags & FL_LEFT )
                out_repeat(&o, ' ', width - 1);
            break;
        }
        case 's':
            out_string(&o, va_arg(ap, const char *), width, prec, flags);
            break;
        case 'p':
        {
            void *p = va_arg(ap, void *);

            if ( p == NULL )
                out_string(&o, "(nil)", width, -1, flags);
            else
                out_number(&o, (uintptr_t)p, false, false, 16, width, prec,
                           (flags & ~FL_UPPER) | FL_ALT);
            break;
        }
        case '%':
            out_char(&o, '%');
            break;
        default:
            /* Not a conversion we know: print the specification as it was. */
            if ( *fmt == '\0' )
                fmt--;
            for ( ; spec <= fmt; spec++ )
                out_char(&o, *spec);
            break;
        }
        fmt++;
    }
    va_end(ap);

    if ( size )
        buf[o.pos < size ? o.pos : size - 1] = '\0';
    return o.pos > 0x7fffffff ? 0x7fffffff : (int)o.pos;
}

int vscnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    int n = vsnprintf(buf, size, fmt, ap);

    if ( size == 0 )
        return 0;
    return (size_t)n < size ? n : (int)(size - 1);
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vscnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
