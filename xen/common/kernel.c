/* SPDX-License-Identifier: GPL-2.0-only */
/* The hypervisor command line: number and boolean parsing, and applying parameters. */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/string.h>

/* Longest option name or value we look at; longer tokens are rejected whole. */
#define MAX_TOKEN 128

static int digit_value(char c)
{
    if ( c >= '0' && c <= '9' )
        return c - '0';
    if ( c >= 'a' && c <= 'z' )
        return c - 'a' + 10;
    if ( c >= 'A' && c <= 'Z' )
        return c - 'A' + 10;
    return 99;
}

unsigned long long simple_strtoull(const char *s, const char **end, unsigned int base)
{
    unsigned long long v = 0;
    int d;

    if ( base == 0 )
    {
        if ( s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && digit_value(s[2]) < 16 )
        {
            base = 16;
            s += 2;
        }
        else if ( s[0] == '0' )
            base = 8;
        else
            base = 10;
    }
    else if ( base == 16 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && digit_value(s[2]) < 16 )
        s += 2;

    while ( (d = digit_value(*s)) < (int)base )
    {
        /* Saturate rather than wrap, so an absurd value cannot pass a range check. */
        if ( v > (~0ULL - d) / base )
            v = ~0ULL;
        else
            v = v * base + d;
        s++;
    }
    if ( end )
        *end = s;
    return v;
}

unsigned long long parse_size_and_unit(const char *s, const char **end, unsigned int default_shift)
{
    const char *p;
    unsigned long long v = simple_strtoull(s, &p, 0);
    unsigned int shift = default_shift;

    switch ( *p )
    {
    case 'T':
    case 't':
        shift = 40;
        p++;
        break;
    case 'G':
    case 'g':
        shift = 30;
        p++;
        break;
    case 'M':
    case 'm':
        shift = 20;
        p++;
        break;
    case 'K':
    case 'k':
        shift = 10;
        p++;
        break;
    case 'B':
    case 'b':
        shift = 0;
        p++;
        break;
    default:
        break;
    }
    if ( end )
        *end = p;
    if ( shift && v > (~0ULL >> shift) )
        return ~0ULL;
    return v << shift;
}

int parse_bool(const char *s, const char *e)
{
    static const char *const yes[] = {"1", "yes", "on", "true", "enable"};
    static const char *const no[] = {"0", "no", "off", "false", "disable"};
    size_t len = e ? (size_t)(e - s) : strlen(s);

    for ( size_t i = 0; i < ARRAY_SIZE(yes); i++ )
    {
        if ( strlen(yes[i]) == len && !strncmp(s, yes[i], len) )
            return 1;
        if ( strlen(no[i]) == len && !strncmp(s, no[i], len) )
            return 0;
    }
    return -1;
}

/* Store v into an unsigned variable of len bytes; -ERANGE if it does not fit. */
static int store_uint(void *var, unsigned int len, unsigned long long v)
{
    switch ( len )
    {
    case 1:
        if ( v > 0xff )
            return -ERANGE;
        *(uint8_t *)var = v;
        return 0;
    case 2:
        if ( v > 0xffff )
            return -ERANGE;
        *(uint16_t *)var = v;
        return 0;
    case 4:
        if ( v > 0xffffffffULL )
            return -ERANGE;
        *(uint32_t *)var = v;
        return 0;
    case 8:
        *(uint64_t *)var = v;
        return 0;
    }
    return -EINVAL;
}

/* Apply one parameter; val is NULL when the token had no '='. */
static int apply_param(const struct kernel_param *p, const char *val, bool negated)
{
    const char *end;
    unsigned long long v;
    int b;

    switch ( p->type )
    {
    case PARAM_BOOL:
        if ( val == NULL )
            b = !negated;
        else
        {
            if ( negated )
                return -EINVAL;
            b = parse_bool(val, NULL);
            if ( b < 0 )
                return -EINVAL;
        }
        *(bool *)p->par.var = b;
        return 0;
    case PARAM_UINT:
    case PARAM_SIZE:
        if ( negated || val == NULL || *val == '\0' )
            return -EINVAL;
        v = p->type == PARAM_SIZE ? parse_size_and_unit(val, &end, 0)
                                  : simple_strtoull(val, &end, 0);
        if ( end == val || *end != '\0' )
            return -EINVAL;
        return store_uint(p->par.var, p->len, v);
    case PARAM_STRING:
        if ( negated || val == NULL )
            return -EINVAL;
        if ( strlen(val) >= p->len )
            return -E2BIG;
        strlcpy(p->par.var, val, p->len);
        return 0;
    case PARAM_CUSTOM:
        if ( negated )
            return -EINVAL;
        return p->par.func(val ? val : "");
    }
    return -EINVAL;
}

static const struct kernel_param *find_param(const char *name, const struct kernel_param *start,
                                             const struct kernel_param *end)
{
    for ( const struct kernel_param *p = start; p < end; p++ )
        if ( !strcmp(p->name, name) )
            return p;
    return NULL;
}

/* Handle one token "name" or "name=value"; returns 0 if it was accepted. */
static int parse_token(const char *tok, const struct kernel_param *start,
                       const struct kernel_param *end)
{
    char name[MAX_TOKEN];
    const char *eq = strchr(tok, '=');
    const char *val = eq ? eq + 1 : NULL;
    size_t nlen = eq ? (size_t)(eq - tok) : strlen(tok);
    const struct kernel_param *p;
    bool negated = false;
    int rc;

    if ( nlen >= sizeof(name) )
    {
        printk("parameter \"%.32s...\" unknown!\n", tok);
        return -ENOENT;
    }
    memcpy(name, tok, nlen);
    name[nlen] = '\0';

    p = find_param(name, start, end);
    if ( p == NULL && !strncmp(name, "no-", 3) )
    {
        p = find_param(name + 3, start, end);
        if ( p && p->type == PARAM_BOOL )
            negated = true;
        else
            p = NULL;
    }
    if ( p == NULL )
    {
        printk("parameter \"%s\" unknown!\n", name);
        return -ENOENT;
    }

    rc = apply_param(p, val, negated);
    if ( rc )
        printk("parameter \"%s\" has invalid value \"%s\", rc=%d!\n", name, val ? val : "", rc);
    return rc;
}

unsigned int cmdline_parse(const char *cmdline, const struct kernel_param *start,
                           const struct kernel_param *end)
{
    char tok[2 * MAX_TOKEN];
    unsigned int rejected = 0;
    const char *s = cmdline ? cmdline : "";

    for ( ;; )
    {
        size_t len = 0;

        while ( *s == ' ' || *s == '\t' )
            s++;
        if ( *s == '\0' )
            break;
        while ( s[len] != '\0' && s[len] != ' ' && s[len] != '\t' )
            len++;

        if ( len == 2 && s[0] == '-' && s[1] == '-' )
            break; /* the rest belongs to dom0 */

        if ( len >= sizeof(tok) )
        {
            printk("parameter \"%.32s...\" too long!\n", s);
            rejected++;
        }
        else
        {
            memcpy(tok, s, len);
            tok[len] = '\0';
            if ( parse_token(tok, start, end) )
                rejected++;
        }
        s += len;
    }
    return rejected;
}
