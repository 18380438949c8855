/* SPDX-License-Identifier: GPL-2.0-only */
/* The parsed boot menu shared by every config format: items, default and --entry lookup. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootcfg.h"

void boot_config_init(struct boot_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->timeout = -1;
}

void boot_config_dispose(struct boot_config *cfg)
{
    size_t i;

    for ( i = 0; i < cfg->nitems; i++ )
    {
        struct boot_item *it = &cfg->items[i];

        free(it->title);
        free(it->id);
        free(it->kernel);
        free(it->initrd);
        free(it->args);
        free(it->root);
    }
    free(cfg->items);
    free(cfg->entries);
    free(cfg->default_spec);
    cfg->items = NULL;
    cfg->entries = NULL;
    cfg->default_spec = NULL;
    cfg->nitems = cfg->cap = cfg->nentries = 0;
}

int boot_config_error(struct boot_config *cfg, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(cfg->error, sizeof(cfg->error), fmt, ap);
    va_end(ap);
    return -1;
}

struct boot_item *boot_config_add(struct boot_config *cfg, int parent, bool submenu)
{
    struct boot_item *it;
    size_t i;
    int pos = 0;

    if ( cfg->nitems >= BOOTCFG_MAX_ITEMS )
        return NULL;
    if ( cfg->nitems == cfg->cap )
    {
        size_t cap = cfg->cap ? cfg->cap * 2 : 16;
        struct boot_item *n = realloc(cfg->items, cap * sizeof(*n));
        int *e;

        if ( !n )
            return NULL;
        cfg->items = n;
        e = realloc(cfg->entries, cap * sizeof(*e));
        if ( !e )
            return NULL;
        cfg->entries = e;
        cfg->cap = cap;
    }
    /* Items of one parent are counted in file order; count siblings before this one. */
    for ( i = cfg->nitems; i-- > 0; )
        if ( cfg->items[i].parent == parent )
        {
            pos = cfg->items[i].pos + 1;
            break;
        }
    it = &cfg->items[cfg->nitems++];
    memset(it, 0, sizeof(*it));
    it->parent = parent;
    it->pos = pos;
    it->submenu = submenu;
    it->entry = -1;
    if ( !submenu )
    {
        it->entry = (int)cfg->nentries;
        cfg->entries[cfg->nentries++] = (int)(cfg->nitems - 1);
    }
    return it;
}

/* Parse a whole non-negative decimal number; -1 if @s is not one. */
static long number(const char *s)
{
    char *end;
    long v;

    if ( *s < '0' || *s > '9' )
        return -1;
    errno = 0;
    v = strtol(s, &end, 10);
    if ( errno || *end )
        return -1;
    return v;
}

/* The child of @parent matching @comp by position, id or title; -1 if none. */
static int find_child(const struct boot_config *cfg, int parent, const char *comp)
{
    long n = number(comp);
    size_t i;

    for ( i = 0; i < cfg->nitems; i++ )
    {
        const struct boot_item *it = &cfg->items[i];

        if ( it->parent != parent )
            continue;
        if ( (n >= 0 && it->pos == n) || (n < 0 && it->id && !strcmp(it->id, comp)) )
            return (int)i;
    }
    for ( i = 0; n < 0 && i < cfg->nitems; i++ )
        if ( cfg->items[i].parent == parent && cfg->items[i].title &&
             !strcmp(cfg->items[i].title, comp) )
            return (int)i;
    return -1;
}

/* Resolve a GRUB 2 menu path "a>b>c" to an entry, or -1. */
static int find_path(const struct boot_config *cfg, const char *spec)
{
    char *copy = strdup(spec), *p, *next;
    int cur = -1, found = -1;

    if ( !copy )
        return -1;
    for ( p = copy; p; p = next )
    {
        next = strchr(p, '>');
        if ( next )
            *next++ = '\0';
        found = find_child(cfg, cur, p);
        if ( found < 0 )
            break;
        cur = found;
        if ( next && !cfg->items[cur].submenu )
        {
            found = -1;
            break;
        }
    }
    free(copy);
    if ( found < 0 )
        return -1;
    /* A submenu as default: its first entry (items follow their submenu in file order). */
    for ( ; (size_t)found < cfg->nitems && cfg->items[found].submenu; found++ )
        ;
    if ( (size_t)found == cfg->nitems )
        return -1;
    return cfg->items[found].entry;
}

int boot_config_find(const struct boot_config *cfg, const char *spec)
{
    long n = number(spec);
    size_t i;
    int e;

    if ( n >= 0 )
        return n < (long)cfg->nentries ? (int)n : -1;
    /* A full title or id anywhere in the menu, then a submenu path. */
    for ( i = 0; i < cfg->nentries; i++ )
    {
        const struct boot_item *it = &cfg->items[cfg->entries[i]];

        if ( (it->title && !strcmp(it->title, spec)) || (it->id && !strcmp(it->id, spec)) )
            return (int)i;
    }
    e = find_path(cfg, spec);
    return e;
}

int boot_config_default(const struct boot_config *cfg)
{
    const char *spec = cfg->default_spec;
    int e;

    if ( !spec || !*spec || cfg->nentries == 0 )
        return 0;
    /* GRUB 2 counts positions in the top-level menu, where a submenu is one item. */
    if ( !strcmp(cfg->format, "grub2") )
        e = find_path(cfg, spec);
    else
        e = boot_config_find(cfg, spec);
    if ( e < 0 && !strcmp(cfg->format, "grub2") )
        e = boot_config_find(cfg, spec);
    return e < 0 ? 0 : e;
}

const char *bootcfg_strip_device(const char *path)
{
    if ( path[0] == '(' )
    {
        const char *close = strchr(path, ')');

        if ( close )
            return close + 1;
    }
    return path;
}

char *bootcfg_trim(char *s)
{
    size_t n;

    while ( *s && isspace((unsigned char)*s) )
        s++;
    n = strlen(s);
    while ( n && isspace((unsigned char)s[n - 1]) )
        s[--n] = '\0';
    return s;
}

int bootcfg_set(struct boot_config *cfg, char **field, const char *v)
{
    free(*field);
    *field = strdup(v);
    return *field ? 0 : boot_config_error(cfg, "out of memory");
}
