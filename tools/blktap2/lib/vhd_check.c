/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Whole-image consistency check: both footers, header, BAT (bounds and overlaps), batmap
 * against bitmaps, timestamps, and the parent chain (locators, uuids, loops).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vhd.h"

struct check_state {
    const char *prog;
    const char *file;
    int problems;
};

__attribute__((__format__(__printf__, 2, 3))) static void problem(struct check_state *s,
                                                                  const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "%s: %s: ", s->prog, s->file);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    s->problems++;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

    return x < y ? -1 : x > y;
}

static void check_footers(struct check_state *s, struct vhd_context *c)
{
    uint8_t buf[VHD_SECTOR_SIZE], mine[VHD_SECTOR_SIZE];
    struct vhd_footer f;
    const char *why = NULL;

    if ( pread(c->fd, buf, sizeof(buf), (off_t)(c->file_size - VHD_SECTOR_SIZE)) !=
         VHD_SECTOR_SIZE )
    {
        problem(s, "cannot read the primary footer");
        return;
    }
    vhd_footer_unpack(&f, buf);
    if ( vhd_footer_validate(&f, &why) )
        problem(s, "primary footer invalid: %s", why);
    if ( c->footer.type == VHD_TYPE_FIXED )
        return;
    if ( pread(c->fd, buf, sizeof(buf), 0) != VHD_SECTOR_SIZE )
    {
        problem(s, "cannot read the backup footer");
        return;
    }
    vhd_footer_unpack(&f, buf);
    if ( vhd_footer_validate(&f, &why) )
    {
        problem(s, "backup footer invalid: %s", why);
        return;
    }
    vhd_footer_pack(&c->footer, mine);
    if ( memcmp(buf, mine, sizeof(mine)) )
        problem(s, "backup footer differs from the primary footer");
}

static void check_bat(struct check_state *s, struct vhd_context *c, int flags)
{
    uint32_t n = 0, *sorted = malloc(((size_t)c->header.max_bat_size + 1) * 4);
    uint32_t blk_secs = c->bm_secs + c->spb;
    uint8_t *bm = malloc((size_t)c->bm_secs * VHD_SECTOR_SIZE);

    if ( !sorted || !bm )
    {
        problem(s, "out of memory");
        goto out;
    }
    for ( uint32_t i = 0; i < c->header.max_bat_size; i++ )
    {
        if ( c->bat[i] == VHD_BAT_UNUSED )
        {
            if ( c->has_batmap && vhd_bit_test(c->batmap, i) )
                problem(s, "batmap marks unallocated block %u as full", i);
            continue;
        }
        if ( (uint64_t)i * c->header.block_size >= vhd_size(c) )
            problem(s, "BAT entry %u allocated past the virtual size", i);
        sorted[n++] = c->bat[i];
        if ( !(flags & VHD_CHECK_BITMAPS) && !(c->has_batmap && vhd_bit_test(c->batmap, i)) )
            continue;
        if ( vhd_bitmap_read(c, i, bm) )
        {
            problem(s, "bitmap of block %u unreadable", i);
            continue;
        }
        if ( c->has_batmap && vhd_bit_test(c->batmap, i) )
            for ( uint32_t b = 0; b < c->spb; b++ )
                if ( !vhd_bit_test(bm, b) )
                {
                    problem(s, "batmap marks block %u full but sector %u is not", i, b);
                    break;
                }
    }
    qsort(sorted, n, 4, cmp_u32);
    for ( uint32_t i = 1; i < n; i++ )
        if ( sorted[i] - sorted[i - 1] < blk_secs )
            problem(s, "blocks at sectors %u and %u overlap", sorted[i - 1], sorted[i]);
out:
    free(sorted);
    free(bm);
}

static void check_batmap(struct check_state *s, struct vhd_context *c)
{
    uint64_t off =
        c->header.table_offset + (((uint64_t)c->header.max_bat_size * 4 + 511) & ~511ull);
    uint8_t buf[VHD_SECTOR_SIZE];

    if ( c->has_batmap )
        return;
    /* Present but ignored by vhd_open(): its checksum did not match. */
    if ( pread(c->fd, buf, sizeof(buf), (off_t)off) == VHD_SECTOR_SIZE &&
         !memcmp(buf, "tdbatmap", 8) )
        problem(s, "batmap checksum mismatch");
}

static void check_parent(struct check_state *s, struct vhd_context *c, int flags)
{
    struct vhd_chain ch;
    struct vhd_context p = {.fd = -1};
    char *path = vhd_parent_path(c);

    if ( !path )
    {
        problem(s, "%s", vhd_error());
        return;
    }
    if ( vhd_chain_open(&ch, c->file, VHD_OPEN_RDONLY) )
        problem(s, "parent chain: %s", vhd_error());
    else
        vhd_chain_close(&ch);
    if ( vhd_open(&p, path, VHD_OPEN_RDONLY) == 0 )
    {
        if ( memcmp(p.footer.uuid, c->header.prt_uuid, 16) )
            problem(s, "parent %s has another uuid than the one recorded", path);
        if ( !(flags & VHD_CHECK_NOTIME) && p.footer.timestamp != c->header.prt_ts )
            problem(s, "parent %s timestamp %u != recorded %u", path, p.footer.timestamp,
                    c->header.prt_ts);
        if ( vhd_size(&p) > vhd_size(c) )
            problem(s, "parent %s is larger than its child", path);
        vhd_close(&p);
        if ( flags & VHD_CHECK_PARENTS )
        {
            int rc = vhd_check(s->prog, path, flags & ~VHD_CHECK_PARENTS);

            if ( rc )
                s->problems++;
        }
    }
    free(path);
}

int vhd_check(const char *prog, const char *file, int flags)
{
    struct check_state s = {prog, file, 0};
    struct vhd_context c;
    int rc = vhd_open(&c, file, VHD_OPEN_RDONLY);

    if ( rc )
    {
        fprintf(stderr, "%s: %s\n", prog, vhd_error());
        return rc;
    }
    check_footers(&s, &c);
    if ( !(flags & VHD_CHECK_NOTIME) && c.footer.timestamp > vhd_time_now() + 86400 )
        problem(&s, "footer timestamp %u is in the future", c.footer.timestamp);
    if ( c.footer.type != VHD_TYPE_FIXED )
    {
        check_batmap(&s, &c);
        check_bat(&s, &c, flags);
    }
    if ( c.footer.type == VHD_TYPE_DIFF )
        check_parent(&s, &c, flags);
    vhd_close(&c);
    return s.problems ? -EINVAL : 0;
}
