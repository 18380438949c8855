/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Sector I/O on one image and through a chain: mapping virtual sectors to file offsets
 * (BAT, batmap, bitmaps), reading with fall-through to parents, and ordered writes.
 */
#include <errno.h>
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

static int chain_read_level(struct vhd_chain *ch, int level, uint64_t sec, uint32_t nsec,
                            uint8_t *buf)
{
    if ( level == ch->depth )
    {
        uint64_t start = sec * VHD_SECTOR_SIZE, len = (uint64_t)nsec * VHD_SECTOR_SIZE;

        memset(buf, 0, len);
        if ( ch->raw_fd < 0 || start >= ch->raw_size )
            return 0;
        if ( len > ch->raw_size - start )
            len = ch->raw_size - start;
        return read_zero(ch->raw_fd, buf, len, start);
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
            r = read_zero(c->fd, buf, (size_t)n * VHD_SECTOR_SIZE, off);
        else if ( c->footer.type == VHD_TYPE_DIFF )
            r = chain_read_level(ch, level + 1, sec, n, buf);
        else
        {
            memset(buf, 0, (size_t)n * VHD_SECTOR_SIZE);
            r = 0;
        }
        if ( r )
            return vhd_set_error(r, "%s: read at sector %llu: %s", c->file, (unsigned long long)sec,
                                 strerror(-r));
        buf += (size_t)n * VHD_SECTOR_SIZE;
        sec += n;
        nsec -= n;
    }
    return 0;
}

int vhd_chain_read(struct vhd_chain *ch, uint64_t sec, uint32_t nsec, uint8_t *buf)
{
    return chain_read_level(ch, 0, sec, nsec, buf);
}

/** Write within one block; allocates it first when needed. */
static int write_block(struct vhd_context *ctx, uint64_t sec, uint32_t n, const uint8_t *buf)
{
    uint32_t blk = (uint32_t)(sec / ctx->spb), in = (uint32_t)(sec % ctx->spb);
    bool fresh = false, dirty = false;
    uint8_t *bm;
    int rc;

    if ( blk >= ctx->header.max_bat_size )
        return vhd_set_error(ENOSPC, "%s: sector %llu beyond the BAT", ctx->file,
                             (unsigned long long)sec);
    if ( ctx->bat[blk] == VHD_BAT_UNUSED )
    {
        rc = vhd_block_alloc(ctx, blk);
        if ( rc )
            return rc;
        fresh = true;
    }
    rc = vhd__pwrite(ctx->fd, buf, (size_t)n * VHD_SECTOR_SIZE,
                     ((uint64_t)ctx->bat[blk] + ctx->bm_secs + in) * VHD_SECTOR_SIZE);
    if ( rc )
        return vhd_set_error(rc, "%s: write at sector %llu: %s", ctx->file, (unsigned long long)sec,
                             strerror(-rc));
    bm = vhd_bitmap_get(ctx, blk);
    if ( !bm )
        return -EIO;
    for ( uint32_t i = in; i < in + n; i++ )
        if ( !vhd_bit_test(bm, i) )
        {
            vhd_bit_set(bm, i);
            dirty = true;
        }
    if ( dirty )
    {
        rc = vhd_bitmap_write(ctx, blk, bm);
        if ( rc )
            return rc;
    }
    if ( fresh )
    {
        if ( ctx->sync_alloc && fdatasync(ctx->fd) )
            return vhd_set_error(errno, "%s: fdatasync: %s", ctx->file, strerror(errno));
        rc = vhd_bat_write_entry(ctx, blk);
    }
    return rc;
}

int vhd_write(struct vhd_context *ctx, uint64_t sec, uint32_t nsec, const uint8_t *buf)
{
    if ( (sec + nsec) * VHD_SECTOR_SIZE > vhd_size(ctx) )
        return vhd_set_error(ENOSPC, "%s: write past the end (sector %llu + %u)", ctx->file,
                             (unsigned long long)sec, nsec);
    if ( ctx->footer.type == VHD_TYPE_FIXED )
    {
        int rc = vhd__pwrite(ctx->fd, buf, (size_t)nsec * VHD_SECTOR_SIZE, sec * VHD_SECTOR_SIZE);

        if ( rc )
            return vhd_set_error(rc, "%s: write: %s", ctx->file, strerror(-rc));
        return 0;
    }
    while ( nsec )
    {
        uint32_t n = ctx->spb - (uint32_t)(sec % ctx->spb);
        int rc;

        if ( n > nsec )
            n = nsec;
        rc = write_block(ctx, sec, n, buf);
        if ( rc )
            return rc;
        buf += (size_t)n * VHD_SECTOR_SIZE;
        sec += n;
        nsec -= n;
    }
    return 0;
}

int vhd_flush(struct vhd_context *ctx)
{
    if ( fdatasync(ctx->fd) )
        return vhd_set_error(errno, "%s: fdatasync: %s", ctx->file, strerror(errno));
    return 0;
}
