/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Block allocation table, per-block sector bitmaps, batmap and footer updates. A new block
 * is added in an order that survives a crash at any point: the footer moves to the new end
 * first, then the block's zeroed bitmap replaces the old footer, data and bitmap follow,
 * and only then does the BAT point at the block.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vhd.h"
#include "vhd_private.h"

bool vhd_bit_test(const uint8_t *bm, uint32_t bit)
{
    return bm[bit >> 3] & (0x80 >> (bit & 7));
}

void vhd_bit_set(uint8_t *bm, uint32_t bit)
{
    bm[bit >> 3] |= (uint8_t)(0x80 >> (bit & 7));
}

int vhd_bitmap_read(struct vhd_context *ctx, uint32_t blk, uint8_t *bm)
{
    size_t len = (size_t)ctx->bm_secs * VHD_SECTOR_SIZE;
    ssize_t r;

    if ( blk >= ctx->header.max_bat_size || ctx->bat[blk] == VHD_BAT_UNUSED )
        return vhd_set_error(EINVAL, "%s: block %u has no bitmap", ctx->file, blk);
    r = pread(ctx->fd, bm, len, (off_t)ctx->bat[blk] * VHD_SECTOR_SIZE);
    if ( r != (ssize_t)len )
        return vhd_set_error(r < 0 ? errno : EIO, "%s: reading bitmap of block %u", ctx->file, blk);
    return 0;
}

int vhd_bitmap_write(struct vhd_context *ctx, uint32_t blk, const uint8_t *bm)
{
    int rc = vhd__pwrite(ctx->fd, bm, (size_t)ctx->bm_secs * VHD_SECTOR_SIZE,
                         (uint64_t)ctx->bat[blk] * VHD_SECTOR_SIZE);

    if ( rc )
        return vhd_set_error(rc, "%s: writing bitmap of block %u: %s", ctx->file, blk,
                             strerror(-rc));
    return 0;
}

uint8_t *vhd_bitmap_get(struct vhd_context *ctx, uint32_t blk)
{
    uint8_t *bm;

    if ( !ctx->bm_cache )
    {
        ctx->bm_cache =
            calloc(ctx->header.max_bat_size ? ctx->header.max_bat_size : 1, sizeof(*ctx->bm_cache));
        if ( !ctx->bm_cache )
            return vhd_set_error(ENOMEM, "%s: out of memory", ctx->file), NULL;
    }
    if ( ctx->bm_cache[blk] )
        return ctx->bm_cache[blk];
    bm = malloc((size_t)ctx->bm_secs * VHD_SECTOR_SIZE);
    if ( !bm )
        return vhd_set_error(ENOMEM, "%s: out of memory", ctx->file), NULL;
    if ( vhd_bitmap_read(ctx, blk, bm) )
    {
        free(bm);
        return NULL;
    }
    ctx->bm_cache[blk] = bm;
    return bm;
}

int vhd_bat_write_entry(struct vhd_context *ctx, uint32_t blk)
{
    uint8_t be[4];
    int rc;

    vhd_put_be32(be, ctx->bat[blk]);
    rc = vhd__pwrite(ctx->fd, be, 4, ctx->header.table_offset + 4ull * blk);
    if ( rc )
        return vhd_set_error(rc, "%s: writing BAT entry %u: %s", ctx->file, blk, strerror(-rc));
    return 0;
}

int vhd_footer_write(struct vhd_context *ctx)
{
    uint8_t buf[VHD_SECTOR_SIZE];
    int rc;

    ctx->footer.checksum = vhd_footer_checksum(&ctx->footer);
    vhd_footer_pack(&ctx->footer, buf);
    rc = vhd__pwrite(ctx->fd, buf, sizeof(buf), ctx->next_db);
    if ( !rc && ctx->footer.type != VHD_TYPE_FIXED )
        rc = vhd__pwrite(ctx->fd, buf, sizeof(buf), 0);
    if ( rc )
        return vhd_set_error(rc, "%s: writing footer: %s", ctx->file, strerror(-rc));
    return 0;
}

int vhd_header_write(struct vhd_context *ctx)
{
    uint8_t buf[1024];
    int rc;

    ctx->header.checksum = vhd_header_checksum(&ctx->header);
    vhd_header_pack(&ctx->header, buf);
    rc = vhd__pwrite(ctx->fd, buf, sizeof(buf), ctx->footer.data_offset);
    if ( rc )
        return vhd_set_error(rc, "%s: writing header: %s", ctx->file, strerror(-rc));
    return 0;
}

int vhd_batmap_write(struct vhd_context *ctx)
{
    uint8_t buf[VHD_SECTOR_SIZE];
    size_t len = (size_t)ctx->batmap_hdr.batmap_size * VHD_SECTOR_SIZE;
    uint64_t hdr_off =
        ctx->header.table_offset + (((uint64_t)ctx->header.max_bat_size * 4 + 511) & ~511ull);
    int rc;

    if ( !ctx->has_batmap )
        return 0;
    /* Bits first, then the header whose checksum covers them. */
    rc = vhd__pwrite(ctx->fd, ctx->batmap, len, ctx->batmap_hdr.batmap_offset);
    if ( !rc )
    {
        ctx->batmap_hdr.checksum = vhd_checksum_bytes(ctx->batmap, len);
        vhd_batmap_header_pack(&ctx->batmap_hdr, buf);
        rc = vhd__pwrite(ctx->fd, buf, sizeof(buf), hdr_off);
    }
    if ( rc )
        return vhd_set_error(rc, "%s: writing batmap: %s", ctx->file, strerror(-rc));
    return 0;
}

int vhd_block_alloc(struct vhd_context *ctx, uint32_t blk)
{
    uint64_t off = ctx->next_db;
    size_t bm_len = (size_t)ctx->bm_secs * VHD_SECTOR_SIZE;
    uint64_t blk_bytes = bm_len + (uint64_t)ctx->spb * VHD_SECTOR_SIZE;
    uint64_t old_end = ctx->file_size;
    uint8_t *bm = NULL;
    int rc;

    if ( off / VHD_SECTOR_SIZE + blk_bytes / VHD_SECTOR_SIZE >= UINT32_MAX )
        return vhd_set_error(EFBIG, "%s: file too large for another block", ctx->file);
    bm = calloc(1, bm_len);
    if ( !bm )
        return vhd_set_error(ENOMEM, "%s: out of memory", ctx->file);
    /* 1. The footer moves past the new block: the file always ends with a footer. */
    ctx->next_db = off + blk_bytes;
    rc = vhd_footer_write(ctx);
    if ( rc )
    {
        ctx->next_db = off;
        goto out;
    }
    if ( ctx->next_db + VHD_SECTOR_SIZE > ctx->file_size )
        ctx->file_size = ctx->next_db + VHD_SECTOR_SIZE;
    /* 2. Anything left by an earlier, interrupted allocation reads as zeros again. */
    if ( off + VHD_SECTOR_SIZE < old_end &&
         fallocate(ctx->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)off,
                   (off_t)blk_bytes) )
    {
        static const uint8_t zero[65536];

        for ( uint64_t o = 0; o < blk_bytes && !rc; o += sizeof(zero) )
            rc = vhd__pwrite(ctx->fd, zero,
                             blk_bytes - o < sizeof(zero) ? blk_bytes - o : sizeof(zero), off + o);
        if ( rc )
        {
            rc = vhd_set_error(rc, "%s: zeroing new block: %s", ctx->file, strerror(-rc));
            goto out;
        }
    }
    /* 3. An empty bitmap over the old footer. */
    rc = vhd__pwrite(ctx->fd, bm, bm_len, off);
    if ( rc )
    {
        rc = vhd_set_error(rc, "%s: writing bitmap of block %u: %s", ctx->file, blk, strerror(-rc));
        goto out;
    }
    if ( !ctx->bm_cache )
    {
        ctx->bm_cache = calloc(ctx->header.max_bat_size, sizeof(*ctx->bm_cache));
        if ( !ctx->bm_cache )
        {
            rc = vhd_set_error(ENOMEM, "%s: out of memory", ctx->file);
            goto out;
        }
    }
    free(ctx->bm_cache[blk]);
    ctx->bm_cache[blk] = bm;
    bm = NULL;
    /* The caller writes data and bitmap, then vhd_write_done() or vhd_flush() links it. */
    ctx->bat[blk] = (uint32_t)(off / VHD_SECTOR_SIZE);
    rc = 0;
out:
    free(bm);
    return rc;
}
