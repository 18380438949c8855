/* SPDX-License-Identifier: GPL-2.0-only */
/* GRUB 2 script lexing: words, quotes, comments, ';' and newlines, $ expansion. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootcfg.h"
#include "grub2_script.h"

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static bool is_name(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static int push_word(struct g2_script *sc, const char *s, size_t len)
{
    if ( sc->nwords == sc->wcap )
    {
        size_t cap = sc->wcap ? sc->wcap * 2 : 256;
        struct g2_word *n = realloc(sc->words, cap * sizeof(*n));

        if ( !n )
            return -1;
        sc->words = n;
        sc->wcap = cap;
    }
    sc->words[sc->nwords++] = (struct g2_word){s, len};
    return 0;
}

static int push_cmd(struct g2_script *sc, size_t first, const char *start, const char *end,
                    unsigned int line)
{
    static const char *const split_kw[] = {"then", "else", "do"};
    size_t i, n = sc->nwords - first;

    if ( n == 0 )
        return 0;
    if ( sc->ncmds + 2 > sc->ccap )
    {
        size_t cap = sc->ccap ? sc->ccap * 2 : 128;
        struct g2_cmd *c = realloc(sc->cmds, cap * sizeof(*c));

        if ( !c )
            return -1;
        sc->cmds = c;
        sc->ccap = cap;
    }
    /* "then CMD ..." is two commands: the keyword, and what follows it. */
    for ( i = 0; n > 1 && i < sizeof(split_kw) / sizeof(split_kw[0]); i++ )
    {
        const struct g2_word *w = &sc->words[first];

        if ( w->len == strlen(split_kw[i]) && !memcmp(w->s, split_kw[i], w->len) )
        {
            sc->cmds[sc->ncmds++] = (struct g2_cmd){first, 1, w->s, w->s + w->len, line};
            first++;
            n--;
            start = sc->words[first].s;
            break;
        }
    }
    sc->cmds[sc->ncmds++] = (struct g2_cmd){first, n, start, end, line};
    return 0;
}

int g2_script_split(struct g2_script *sc, const char *buf, size_t len, char *err, size_t errlen)
{
    const char *p = buf, *e = buf + len, *cmd_start = NULL;
    size_t first = 0;
    unsigned int line = 1, cmd_line = 1;

    memset(sc, 0, sizeof(*sc));
    while ( p < e )
    {
        const char *ws;

        if ( is_blank(*p) )
        {
            p++;
            continue;
        }
        if ( *p == '\\' && p + 1 < e && p[1] == '\n' )
        {
            p += 2;
            line++;
            continue;
        }
        if ( *p == '\n' || *p == ';' )
        {
            if ( push_cmd(sc, first, cmd_start, p, cmd_line) )
                goto nomem;
            first = sc->nwords;
            cmd_start = NULL;
            if ( *p == '\n' )
                line++;
            p++;
            continue;
        }
        if ( *p == '#' )
        {
            while ( p < e && *p != '\n' )
                p++;
            continue;
        }
        /* A word: up to an unquoted blank, newline or ';'. */
        ws = p;
        while ( p < e && !is_blank(*p) && *p != '\n' && *p != ';' )
        {
            if ( *p == '\\' && p + 1 < e )
            {
                if ( p[1] == '\n' )
                    line++;
                p += 2;
            }
            else if ( *p == '\'' || *p == '"' )
            {
                char q = *p++;
                unsigned int qline = line;

                while ( p < e && *p != q )
                {
                    if ( q == '"' && *p == '\\' && p + 1 < e )
                        p++;
                    if ( *p == '\n' )
                        line++;
                    p++;
                }
                if ( p >= e )
                {
                    snprintf(err, errlen, "line %u: unterminated %c quote", qline, q);
                    goto fail;
                }
                p++;
            }
            else
                p++;
        }
        /* A lone "}" closes a block even without ';' before it: end the command first. */
        if ( p - ws == 1 && *ws == '}' && sc->nwords > first )
        {
            if ( push_cmd(sc, first, cmd_start, ws, cmd_line) )
                goto nomem;
            first = sc->nwords;
            cmd_start = NULL;
        }
        if ( !cmd_start )
        {
            cmd_start = ws;
            cmd_line = line;
        }
        if ( push_word(sc, ws, (size_t)(p - ws)) )
            goto nomem;
        /* A lone "{" or "}" ends its command: "menuentry X { linux /k }" is three. */
        if ( p - ws == 1 && (*ws == '{' || *ws == '}') )
        {
            if ( push_cmd(sc, first, cmd_start, p, cmd_line) )
                goto nomem;
            first = sc->nwords;
            cmd_start = NULL;
        }
    }
    if ( push_cmd(sc, first, cmd_start, p, cmd_line) )
        goto nomem;
    return 0;
nomem:
    snprintf(err, errlen, "out of memory");
fail:
    g2_script_dispose(sc);
    return -1;
}

void g2_script_dispose(struct g2_script *sc)
{
    free(sc->words);
    free(sc->cmds);
    memset(sc, 0, sizeof(*sc));
}

const char *g2_var_get(const struct g2_vars *v, const char *name)
{
    size_t i;

    for ( i = 0; i < v->n; i++ )
        if ( !strcmp(v->names[i], name) )
            return v->values[i];
    return NULL;
}

int g2_var_set(struct g2_vars *v, const char *name, const char *value)
{
    char *val, *nm, **nn, **nv;
    size_t i;

    val = strndup(value, BOOTCFG_MAX_VALUE);
    if ( !val )
        return -1;
    for ( i = 0; i < v->n; i++ )
        if ( !strcmp(v->names[i], name) )
        {
            free(v->values[i]);
            v->values[i] = val;
            return 0;
        }
    nm = v->n < BOOTCFG_MAX_VARS ? strdup(name) : NULL;
    nn = nm ? realloc(v->names, (v->n + 1) * sizeof(*nn)) : NULL;
    if ( nn )
        v->names = nn;
    nv = nn ? realloc(v->values, (v->n + 1) * sizeof(*nv)) : NULL;
    if ( !nv )
    {
        free(nm);
        free(val);
        return -1;
    }
    v->values = nv;
    v->names[v->n] = nm;
    v->values[v->n++] = val;
    return 0;
}

void g2_var_unset(struct g2_vars *v, const char *name)
{
    size_t i;

    for ( i = 0; i < v->n; i++ )
        if ( !strcmp(v->names[i], name) )
        {
            free(v->names[i]);
            free(v->values[i]);
            v->names[i] = v->names[v->n - 1];
            v->values[i] = v->values[v->n - 1];
            v->n--;
            return;
        }
}

void g2_vars_dispose(struct g2_vars *v)
{
    size_t i;

    for ( i = 0; i < v->n; i++ )
    {
        free(v->names[i]);
        free(v->values[i]);
    }
    free(v->names);
    free(v->values);
    memset(v, 0, sizeof(*v));
}

/* A growing output string, capped at BOOTCFG_MAX_VALUE bytes. */
struct strbuf {
    char *s;
    size_t n;
};

static void sb_add(struct strbuf *b, const char *s, size_t len)
{
    if ( !b->s )
        return;
    if ( len > BOOTCFG_MAX_VALUE - b->n )
        len = BOOTCFG_MAX_VALUE - b->n;
    memcpy(b->s + b->n, s, len);
    b->n += len;
}

/*
 * At @p a '$': append the variable's value and return the first character after the
 * reference (a lone '$' is copied).
 */
static const char *sb_var(struct strbuf *b, const struct g2_vars *v, const char *p, const char *e)
{
    char name[128];
    const char *q = p + 1, *val;
    size_t n = 0;

    if ( q < e && *q == '{' )
    {
        const char *close = memchr(q, '}', (size_t)(e - q));

        if ( !close || (size_t)(close - q - 1) >= sizeof(name) )
        {
            sb_add(b, p, 1);
            return p + 1;
        }
        n = (size_t)(close - q - 1);
        memcpy(name, q + 1, n);
        q = close + 1;
    }
    else if ( q < e && (*q == '?' || *q == '#' || *q == '*' || *q == '@') )
    {
        name[n++] = *q++;
    }
    else
    {
        while ( q < e && is_name(*q) && n < sizeof(name) - 1 )
            name[n++] = *q++;
        if ( n == 0 )
        {
            sb_add(b, p, 1);
            return p + 1;
        }
    }
    name[n] = '\0';
    val = g2_var_get(v, name);
    if ( val )
        sb_add(b, val, strlen(val));
    return q;
}

char *g2_expand(const struct g2_vars *v, const struct g2_word *w, bool *vanished)
{
    struct strbuf b = {malloc(BOOTCFG_MAX_VALUE + 1), 0};
    const char *p = w->s, *e = w->s + w->len;
    bool quoted = false;

    *vanished = false;
    if ( !b.s )
        return NULL;
    while ( p < e )
    {
        if ( *p == '\\' && p + 1 < e )
        {
            if ( p[1] != '\n' )
                sb_add(&b, p + 1, 1);
            p += 2;
        }
        else if ( *p == '\'' )
        {
            const char *close = memchr(p + 1, '\'', (size_t)(e - p - 1));

            quoted = true;
            if ( !close )
                close = e;
            sb_add(&b, p + 1, (size_t)(close - p - 1));
            p = close < e ? close + 1 : e;
        }
        else if ( *p == '"' )
        {
            quoted = true;
            p++;
            while ( p < e && *p != '"' )
            {
                if ( *p == '\\' && p + 1 < e && strchr("\\\"$\n", p[1]) )
                {
                    if ( p[1] != '\n' )
                        sb_add(&b, p + 1, 1);
                    p += 2;
                }
                else if ( *p == '$' )
                    p = sb_var(&b, v, p, e);
                else
                    sb_add(&b, p++, 1);
            }
            if ( p < e )
                p++;
        }
        else if ( *p == '$' )
            p = sb_var(&b, v, p, e);
        else
            sb_add(&b, p++, 1);
    }
    b.s[b.n] = '\0';
    if ( b.n == 0 && !quoted )
    {
        free(b.s);
        *vanished = true;
        return NULL;
    }
    return b.s;
}

char *g2_expand_raw(const struct g2_vars *v, const char *s, const char *e)
{
    struct strbuf b = {malloc(BOOTCFG_MAX_VALUE + 1), 0};
    const char *p = s;
    bool in_single = false;

    if ( !b.s )
        return NULL;
    while ( p < e )
    {
        if ( *p == '\'' )
            in_single = !in_single;
        if ( *p == '$' && !in_single )
            p = sb_var(&b, v, p, e);
        else if ( *p == '\\' && p + 1 < e && p[1] == '\n' )
            p += 2;
        else
            sb_add(&b, p++, 1);
    }
    while ( b.n && is_blank(b.s[b.n - 1]) )
        b.n--;
    b.s[b.n] = '\0';
    return b.s;
}
