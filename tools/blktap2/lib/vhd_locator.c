/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Parent names and parent locators of differencing disks: UTF-16 (big-endian in the
 * header's name, little-endian in W2ku/W2ru locators) and MacX file URLs; resolving the
 * parent's path relative to the child.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vhd.h"

uint64_t vhd_locator_space(const struct vhd_locator *l)
{
    if ( l->data_space >= l->data_len )
        return l->data_space;
    return (uint64_t)l->data_space * VHD_SECTOR_SIZE;
}

/** Decode UTF-16 (big- or little-endian) into a malloc'd UTF-8 string; NULL if invalid. */
static char *utf16_to_utf8(const uint8_t *p, size_t len, bool big)
{
    char *out = malloc(len / 2 * 3 + 1), *o = out;

    if ( !out )
        return NULL;
    for ( size_t i = 0; i + 1 < len; i += 2 )
    {
        uint32_t c = big ? (uint32_t)(p[i] << 8 | p[i + 1]) : (uint32_t)(p[i + 1] << 8 | p[i]);

        if ( c == 0 )
            break;
        if ( c >= 0xd800 && c < 0xdc00 )
        {
            uint32_t lo;

            if ( i + 3 >= len )
                goto bad;
            lo = big ? (uint32_t)(p[i + 2] << 8 | p[i + 3]) : (uint32_t)(p[i + 3] << 8 | p[i + 2]);
            if ( lo < 0xdc00 || lo >= 0xe000 )
                goto bad;
            c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
            i += 2;
        }
        else if ( c >= 0xdc00 && c < 0xe000 )
            goto bad;
        if ( c < 0x80 )
            *o++ = (char)c;
        else if ( c < 0x800 )
        {
            *o++ = (char)(0xc0 | c >> 6);
            *o++ = (char)(0x80 | (c & 0x3f));
        }
        else if ( c < 0x10000 )
        {
            *o++ = (char)(0xe0 | c >> 12);
            *o++ = (char)(0x80 | ((c >> 6) & 0x3f));
            *o++ = (char)(0x80 | (c & 0x3f));
        }
        else
        {
            /* Four bytes do not fit the 3-per-unit estimate for one unit, but do for two. */
            *o++ = (char)(0xf0 | c >> 18);
            *o++ = (char)(0x80 | ((c >> 12) & 0x3f));
            *o++ = (char)(0x80 | ((c >> 6) & 0x3f));
            *o++ = (char)(0x80 | (c & 0x3f));
        }
    }
    *o = 0;
    return out;
bad:
    free(out);
    return NULL;
}

/** Encode UTF-8 as UTF-16 into out (cap bytes); returns bytes written or -1. */
static long utf8_to_utf16(const char *s, uint8_t *out, size_t cap, bool big)
{
    const uint8_t *p = (const uint8_t *)s;
    size_t n = 0;

    while ( *p )
    {
        uint32_t c;
        int more;

        if ( *p < 0x80 )
            c = *p, more = 0;
        else if ( (*p & 0xe0) == 0xc0 )
            c = *p & 0x1f, more = 1;
        else if ( (*p & 0xf0) == 0xe0 )
            c = *p & 0x0f, more = 2;
        else if ( (*p & 0xf8) == 0xf0 )
            c = *p & 0x07, more = 3;
        else
            return -1;
        p++;
        while ( more-- )
        {
            if ( (*p & 0xc0) != 0x80 )
                return -1;
            c = c << 6 | (*p++ & 0x3f);
        }
        if ( c >= 0x10000 )
        {
            uint32_t hi = 0xd800 + ((c - 0x10000) >> 10), lo = 0xdc00 + ((c - 0x10000) & 0x3ff);

            if ( n + 4 > cap )
                return -1;
            out[n++] = (uint8_t)(big ? hi >> 8 : hi);
            out[n++] = (uint8_t)(big ? hi : hi >> 8);
            c = lo;
        }
        if ( n + 2 > cap )
            return -1;
        out[n++] = (uint8_t)(big ? c >> 8 : c);
        out[n++] = (uint8_t)(big ? c : c >> 8);
    }
    return (long)n;
}

char *vhd_parent_name(const struct vhd_header *h)
{
    return utf16_to_utf8(h->prt_name, sizeof(h->prt_name), true);
}

int vhd_parent_name_set(struct vhd_header *h, const char *name)
{
    memset(h->prt_name, 0, sizeof(h->prt_name));
    if ( utf8_to_utf16(name, h->prt_name, sizeof(h->prt_name), true) < 0 )
        return vhd_set_error(ENAMETOOLONG, "%s: parent name too long or not UTF-8", name);
    return 0;
}

int vhd_locator_encode(uint32_t code, const char *path, uint8_t **out, size_t *len)
{
    size_t cap = strlen(path) * 4 + 16;
    uint8_t *buf = calloc(1, cap);
    long n;

    if ( !buf )
        return vhd_set_error(ENOMEM, "locator: out of memory");
    if ( code == VHD_PLAT_MACX )
        n = snprintf((char *)buf, cap, "file://%s", path);
    else if ( code == VHD_PLAT_W2KU || code == VHD_PLAT_W2RU )
        n = utf8_to_utf16(path, buf, cap, false);
    else
        n = -1;
    if ( n < 0 || n > 65536 )
    {
        free(buf);
        return vhd_set_error(EINVAL, "%s: cannot encode as a parent locator", path);
    }
    *out = buf;
    *len = (size_t)n;
    return 0;
}

char *vhd_locator_decode(uint32_t code, const uint8_t *data, size_t len)
{
    char *s;

    switch ( code )
    {
    case VHD_PLAT_MACX:
        s = strndup((const char *)data, len);
        if ( s && !strncmp(s, "file://", 7) )
            memmove(s, s + 7, strlen(s + 7) + 1);
        break;
    case VHD_PLAT_W2KU:
    case VHD_PLAT_W2RU:
        s = utf16_to_utf8(data, len, false);
        break;
    default:
        return NULL;
    }
    if ( s && !*s )
    {
        free(s);
        s = NULL;
    }
    return s;
}

char *vhd_locator_read(struct vhd_context *ctx, int i)
{
    const struct vhd_locator *l = &ctx->header.loc[i];
    uint8_t *buf;
    char *s = NULL;
    ssize_t r;

    if ( l->code == VHD_PLAT_NONE || l->data_len == 0 || l->data_len > 65536 )
        return NULL;
    buf = malloc(l->data_len);
    if ( !buf )
        return NULL;
    r = pread(ctx->fd, buf, l->data_len, (off_t)l->data_offset);
    if ( r == (ssize_t)l->data_len )
        s = vhd_locator_decode(l->code, buf, l->data_len);
    free(buf);
    return s;
}

/**
 * Join a relative path to the directory of the child file; the canonical absolute path
 * when the file exists (malloc'd).
 */
static char *relative_to(const char *child, const char *path)
{
    const char *slash = strrchr(child, '/');
    char *out, *real;

    if ( path[0] == '/' || !slash )
        out = strdup(path);
    else
    {
        if ( !strncmp(path, "./", 2) )
            path += 2;
        if ( asprintf(&out, "%.*s/%s", (int)(slash - child), child, path) < 0 )
            return NULL;
    }
    real = out ? realpath(out, NULL) : NULL;
    if ( real )
    {
        free(out);
        return real;
    }
    return out;
}

char *vhd_parent_path(struct vhd_context *ctx)
{
    static const uint32_t order[] = {VHD_PLAT_MACX, VHD_PLAT_W2RU, VHD_PLAT_W2KU};
    char *name;

    for ( size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++ )
        for ( int i = 0; i < 8; i++ )
        {
            char *loc, *full;

            if ( ctx->header.loc[i].code != order[k] )
                continue;
            loc = vhd_locator_read(ctx, i);
            if ( !loc )
                continue;
            full = relative_to(ctx->file, loc);
            free(loc);
            if ( full && access(full, F_OK) == 0 )
                return full;
            free(full);
        }
    name = vhd_parent_name(&ctx->header);
    if ( name && *name )
    {
        char *full = relative_to(ctx->file, name);

        if ( full && access(full, F_OK) == 0 )
        {
            free(name);
            return full;
        }
        free(full);
    }
    vhd_set_error(ENOENT, "%s: parent %s not found (no locator or name leads to a file)", ctx->file,
                  name && *name ? name : "(unnamed)");
    free(name);
    return NULL;
}
