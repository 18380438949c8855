/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Sector I/O on one image and through a chain: mapping virtual sectors to file offsets
 * (BAT, batmap, bitmaps), reading with fall-through to parents, and ordered writes.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vhd.h"
#include "vhd_private.h"

int vhd__pwrite(int fd, const void *buf, size_t len, uint64_t off)
{
    const uint8_t *p = buf;

    while ( len )
    {
        ssize_t r = pwrite(fd, p, len, (off_t)off);

        if ( r < 0 && errno == EINTR )
            continue;
        if ( r < 0 )
            return -errno;
        p += r;
        len -= (size_t)r;
        off += (uint64_t)r;
    }
    return 0;
}

static int read_zero(int fd, void *buf, size_t len, uint64_t off)
{
    int rc = vhd__pread_zero(fd, buf, len, off);

    return rc < 0 ? rc : 0;
}

int vhd__pread(int fd, void *buf, size_t len, uint64_t off)
{
    int rc = vhd__pread_zero(fd, buf, len, off);

    return rc == 1 ? -EIO : rc;
}

int vhd__pread_zero(int fd, void *buf, size_t len, uint64_t off)
{
    uint8_t *p = buf;

    while ( len )
    {
        ssize_t r = pread(fd, p, len, (off_t)off);

        if ( r < 0 && errno == EINTR )
            continue;
        if ( r < 0 )
            return -errno;
        if ( r == 0 )
        {
            /* Reading past the end of a file: what is not there reads as zero. */
            memset(p, 0, len);
            return 1;
        }
        p += r;
        len -= (size_t)r;
        off += (uint64_t)r;
    }
    return 0;
}

int vhd_map(struct vhd_context *ctx, uint64_t sec, uint32_t max, uint64_t *off, uint32_t *n)
{
    uint32_t blk, in, left, run;
    const uint8_t *bm;

    if ( ctx->footer.type == VHD_TYPE_FIXED )
    {
        *off = sec * VHD_SECTOR_SIZE;
        *n = max;
        return 1;
    }
    blk = (uint32_t)(sec / ctx->spb);
    in = (uint32_t)(sec % ctx->spb);
    left = ctx->spb - in;
    if ( left > max )
        left = max;
    if ( blk >= ctx->header.max_bat_size || ctx->bat[blk] == VHD_BAT_UNUSED )
    {
        *n = left;
        return 0;
    }
    *off = ((uint64_t)ctx->bat[blk] + ctx->bm_secs + in) * VHD_SECTOR_SIZE;
    if ( ctx->has_batmap && vhd_bit_test(ctx->batmap, blk) )
    {
        *n = left;
        return 1;
    }
    bm = vhd_bitmap_get(ctx, blk);
    if ( !bm )
        return -EIO;
    bool set = vhd_bit_test(bm, in);
    for ( run = 1; run < left && vhd_bit_test(bm, in + run) == set; run++ )
        ;
    *n = run;
    return set;
}

int vhd_read_image(struct vhd_context *ctx, uint64_t sec, uint32_t nsec, uint8_t *buf,
                   uint8_t *present)
{
    while ( nsec )
    {
        uint64_t off = 0;
        uint32_t n = 0;
        int r = vhd_map(ctx, sec, nsec, &off, &n);

        if ( r < 0 )
            return r;
        if ( r )
        {
            int rc = read_zero(ctx->fd, buf, (size_t)n * VHD_SECTOR_SIZE, off);

            if ( rc )
                return vhd_set_error(rc, "%s: read at sector %llu: %s", ctx->file,
                                     (unsigned long long)sec, strerror(-rc));
        }
        if ( present )
        {
            memset(present, r, n);
            present += n;
        }
        buf += (size_t)n * VHD_SECTOR_SIZE;
        sec += n;
        nsec -= n;
    }
    return 0;
}

static int chain_plan_level(struct vhd_chain *ch, int level, uint64_t sec, uint32_t nsec,
                            uint8_t *buf, vhd_extent_fn *fn, void *arg)
{
    if ( level == ch->depth )
    {
        uint64_t start = sec * VHD_SECTOR_SIZE, len = (uint64_t)nsec * VHD_SECTOR_SIZE;

        if ( ch->raw_fd < 0 || start >= ch->raw_size )
        {
            memset(buf, 0, len);
            return 0;
        }
        if ( len > ch->raw_size - start )
        {
            memset(buf + (ch->raw_size - start), 0, len - (ch->raw_size - start));
            len = ch->raw_size - start;
        }
        return fn(arg, ch->raw_fd, buf, len, start);
    }
    while ( nsec )
    {
        struct vhd_context *c = &ch->images[level];
        uint64_t off = 0;
        uint32_t n = 0;
        int r;

        if ( sec * VHD_SECTOR_SIZE >= vhd_size(c) )
        {
            /* Past this image's size (a grown child over a smaller parent): zeros. */
            memset(buf, 0, (size_t)nsec * VHD_SECTOR_SIZE);
            return 0;
        }
        r = vhd_map(c, sec, nsec, &off, &n);
        if ( r < 0 )
            return r;
        if ( r )
            r = fn(arg, c->fd, buf, (size_t)n * VHD_SECTOR_SIZE, off);
        else if ( c->footer.type == VHD_TYPE_DIFF )
            r = chain_plan_level(ch, level + 1, sec, n, buf, fn, arg);
        else
        {
            memset(buf, 0, (size_t)n * VHD_SECTOR_SIZE);
            r = 0;
        }
        if ( r )
            return r;
        buf += (size_t)n * VHD_SECTOR_SIZE;
        sec += n;
        nsec -= n;
    }
    return 0;
}

int vhd_chain_plan(struct vhd_chain *ch, uint64_t sec, uint32_t nsec, uint8_t *buf,
                   vhd_extent_fn *fn, void *arg)
{
    return chain_plan_level(ch, 0, sec, nsec, buf, fn, arg);
}

/** vhd_chain_read()'s extents: read now, naming the file on error. */
static int read_extent(void *arg, int fd, uint8_t *buf, size_t len, uint64_t off)
{
    struct vhd_chain *ch = arg;
    const char *file = "raw parent";
    int rc = read_zero(fd, buf, len, off);

    if ( !rc )
        return 0;
    for ( int i = 0; i < ch->depth; i++ )
        if ( ch->images[i].fd == fd )
            file = ch->images[i].file;
    return vhd_set_error(rc, "%s: read at byte %llu: %s", file, (unsigned long long)off,
                         strerror(-rc));
}

int vhd_chain_read(struct vhd_chain *ch, uint64_t sec, uint32_t nsec, uint8_t *buf)
{
    return chain_plan_level(ch, 0, sec, nsec, buf, read_extent, ch);
}

int vhd_write_map(struct vhd_context *ctx, uint64_t sec, uint32_t nsec, uint64_t *off, uint32_t *n)
{
    uint32_t blk, in;
    int rc;

    if ( (sec + nsec) * VHD_SECTOR_SIZE > vhd_size(ctx) )
        return vhd_set_error(ENOSPC, "%s: write past the end (sector %llu + %u)", ctx->file,
                             (unsigned long long)sec, nsec);
    if ( ctx->footer.type == VHD_TYPE_FIXED )
    {
        *off = sec * VHD_SECTOR_SIZE;
        *n = nsec;
        return 0;
    }
    blk = (uint32_t)(sec / ctx->spb);
    in = (uint32_t)(sec % ctx->spb);
    if ( blk >= ctx->header.max_bat_size )
        return vhd_set_error(ENOSPC, "%s: sector %llu beyond the BAT", ctx->file,
                             (unsigned long long)sec);
    if ( ctx->bat[blk] == VHD_BAT_UNUSED )
    {
        if ( !ctx->bat_dirty )
        {
            ctx->bat_dirty = calloc(ctx->header.max_bat_size, 1);
            if ( !ctx->bat_dirty )
                return vhd_set_error(ENOMEM, "%s: out of memory", ctx->file);
        }
        rc = vhd_block_alloc(ctx, blk);
        if ( rc )
            return rc;
        /* In memory now; on disk once the data and bitmap are (vhd_write_done, vhd_flush). */
        ctx->bat_dirty[blk] = 1;
        ctx->bat_ndirty++;
    }
    *off = ((uint64_t)ctx->bat[blk] + ctx->bm_secs + in) * VHD_SECTOR_SIZE;
    *n = ctx->spb - in < nsec ? ctx->spb - in : nsec;
    return 0;
}

/** Write the BAT entries marked dirty in [first, last] (whole runs of them at once). */
static int bat_write_dirty(struct vhd_context *ctx, uint32_t first, uint32_t last)
{
    uint8_t buf[VHD_SECTOR_SIZE];

    for ( uint32_t i = first; i <= last && ctx->bat_ndirty; )
    {
        uint32_t end = i, k;
        int rc;

        if ( !ctx->bat_dirty[i] )
        {
            i++;
            continue;
        }
        /* A run of dirty entries within one BAT sector, written with one pwrite. */
        while ( end + 1 <= last && ctx->bat_dirty[end + 1] && (end + 1) % 128 )
            end++;
        for ( k = i; k <= end; k++ )
        {
            vhd_put_be32(buf + 4 * (k - i), ctx->bat[k]);
            ctx->bat_dirty[k] = 0;
            ctx->bat_ndirty--;
        }
        rc = vhd__pwrite(ctx->fd, buf, 4 * (size_t)(end - i + 1),
                         ctx->header.table_offset + 4ull * i);
        if ( rc )
            return vhd_set_error(rc, "%s: writing BAT entry %u: %s", ctx->file, i, strerror(-rc));
        i = end + 1;
    }
    return 0;
}

int vhd_write_done(struct vhd_context *ctx, uint64_t sec, uint32_t nsec)
{
    uint32_t first, last;
    int rc;

    if ( ctx->footer.type == VHD_TYPE_FIXED )
        return 0;
    first = last = (uint32_t)(sec / ctx->spb);
    while ( nsec )
    {
        uint32_t blk = (uint32_t)(sec / ctx->spb), in = (uint32_t)(sec % ctx->spb);
        uint32_t n = ctx->spb - in < nsec ? ctx->spb - in : nsec;
        bool dirty = false;
        uint8_t *bm = vhd_bitmap_get(ctx, blk);

        if ( !bm )
            return -EIO;
        for ( uint32_t i = in; i < in + n; i++ )
            if ( !vhd_bit_test(bm, i) )
            {
                vhd_bit_set(bm, i);
                dirty = true;
            }
        if ( dirty && (rc = vhd_bitmap_write(ctx, blk, bm)) )
            return rc;
        last = blk;
        sec += n;
        nsec -= n;
    }
    if ( ctx->defer_bat || !ctx->bat_ndirty )
        return 0;
    /* New blocks enter the BAT only once their data and bitmap are on disk. */
    if ( ctx->sync_alloc && fdatasync(ctx->fd) )
        return vhd_set_error(errno, "%s: fdatasync: %s", ctx->file, strerror(errno));
    return bat_write_dirty(ctx, first, last);
}

int vhd_write_plan(struct vhd_context *ctx, uint64_t sec, uint32_t nsec, uint8_t *buf,
                   vhd_extent_fn *fn, void *arg)
{
    while ( nsec )
    {
        uint64_t off = 0;
        uint32_t n = 0;
        int rc = vhd_write_map(ctx, sec, nsec, &off, &n);

        if ( !rc )
            rc = fn(arg, ctx->fd, buf, (size_t)n * VHD_SECTOR_SIZE, off);
        if ( rc )
            return rc;
        buf += (size_t)n * VHD_SECTOR_SIZE;
        sec += n;
        nsec -= n;
    }
    return 0;
}

/** vhd_write()'s extents: written now. */
static int write_extent(void *arg, int fd, uint8_t *buf, size_t len, uint64_t off)
{
    struct vhd_context *ctx = arg;
    int rc = vhd__pwrite(fd, buf, len, off);

    if ( rc )
        return vhd_set_error(rc, "%s: write at byte %llu: %s", ctx->file, (unsigned long long)off,
                             strerror(-rc));
    return 0;
}

int vhd_write(struct vhd_context *ctx, uint64_t sec, uint32_t nsec, const uint8_t *buf)
{
    /* The extents are only written from: the cast drops nothing that is used. */
    int rc = vhd_write_plan(ctx, sec, nsec, (uint8_t *)buf, write_extent, ctx);

    return rc ? rc : vhd_write_done(ctx, sec, nsec);
}

int vhd_flush(struct vhd_context *ctx)
{
    int rc;

    if ( fdatasync(ctx->fd) )
        return vhd_set_error(errno, "%s: fdatasync: %s", ctx->file, strerror(errno));
    if ( !ctx->bat_ndirty )
        return 0;
    /* Blocks allocated since the last flush: data and bitmaps are durable, link them. */
    rc = bat_write_dirty(ctx, 0, ctx->header.max_bat_size - 1);
    if ( !rc && fdatasync(ctx->fd) )
        rc = vhd_set_error(errno, "%s: fdatasync: %s", ctx->file, strerror(errno));
    return rc;
}
