/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Opening an image: footer (primary, else backup), dynamic header, BAT and batmap,
 * each validated before use; and opening a whole parent chain.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vhd.h"
#include "vhd_private.h"

static __thread char vhd_errbuf[512];

const char *vhd_error(void)
{
    return vhd_errbuf;
}

int vhd_set_error(int err, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(vhd_errbuf, sizeof(vhd_errbuf), fmt, ap);
    va_end(ap);
    return err > 0 ? -err : err;
}

uint64_t vhd_size(const struct vhd_context *ctx)
{
    return ctx->footer.curr_size;
}

void vhd_close(struct vhd_context *ctx)
{
    /* Blocks still waiting for the BAT are linked now rather than lost. */
    if ( ctx->fd >= 0 && ctx->bat_ndirty )
        vhd_flush(ctx);
    free(ctx->bat_dirty);
    ctx->bat_dirty = NULL;
    ctx->bat_ndirty = 0;
    if ( ctx->fd >= 0 )
        close(ctx->fd);
    ctx->fd = -1;
    free(ctx->file);
    ctx->file = NULL;
    free(ctx->bat);
    ctx->bat = NULL;
    free(ctx->batmap);
    ctx->batmap = NULL;
    ctx->has_batmap = false;
    if ( ctx->bm_cache )
        for ( uint32_t i = 0; i < ctx->header.max_bat_size; i++ )
            free(ctx->bm_cache[i]);
    free(ctx->bm_cache);
    ctx->bm_cache = NULL;
}

/** Does [a, a+alen) overlap [b, b+blen)? */
static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    return a < b + blen && b < a + alen;
}

static int read_footer(struct vhd_context *ctx)
{
    uint8_t buf[VHD_SECTOR_SIZE];
    const char *why = NULL, *why_backup = NULL;
    int rc;

    if ( ctx->file_size < VHD_SECTOR_SIZE )
        return vhd_set_error(EINVAL, "%s: file too small (%llu bytes) to hold a VHD footer",
                             ctx->file, (unsigned long long)ctx->file_size);
    rc = vhd__pread(ctx->fd, buf, sizeof(buf), ctx->file_size - VHD_SECTOR_SIZE);
    if ( rc )
        return vhd_set_error(rc, "%s: reading footer: %s", ctx->file, strerror(-rc));
    vhd_footer_unpack(&ctx->footer, buf);
    rc = vhd_footer_validate(&ctx->footer, &why);
    if ( !rc )
        return 0;
    /* A dynamic disk keeps a copy at offset 0: use it when the end is damaged. */
    if ( vhd__pread(ctx->fd, buf, sizeof(buf), 0) == 0 )
    {
        vhd_footer_unpack(&ctx->footer, buf);
        if ( vhd_footer_validate(&ctx->footer, &why_backup) == 0 &&
             ctx->footer.type != VHD_TYPE_FIXED )
            return 0;
    }
    return vhd_set_error(rc, "%s: primary footer invalid: %s; backup footer: %s", ctx->file, why,
                         why_backup ? why_backup : "not a dynamic disk footer");
}

static int read_batmap(struct vhd_context *ctx)
{
    uint8_t buf[VHD_SECTOR_SIZE];
    uint64_t off =
        ctx->header.table_offset + (((uint64_t)ctx->header.max_bat_size * 4 + 511) & ~511ull);
    struct vhd_batmap_header *b = &ctx->batmap_hdr;
    uint64_t need = ((uint64_t)ctx->header.max_bat_size + 7) / 8;
    int rc;

    if ( off + VHD_SECTOR_SIZE > ctx->file_size || vhd__pread(ctx->fd, buf, sizeof(buf), off) ||
         memcmp(buf, "tdbatmap", 8) )
        return 0; /* no batmap: it is optional */
    vhd_batmap_header_unpack(b, buf);
    if ( b->batmap_version >> 16 != 1 || b->batmap_offset % VHD_SECTOR_SIZE ||
         b->batmap_offset < off + VHD_SECTOR_SIZE ||
         (uint64_t)b->batmap_size * VHD_SECTOR_SIZE < need || b->batmap_size > (1u << 20) ||
         b->batmap_offset + (uint64_t)b->batmap_size * VHD_SECTOR_SIZE > ctx->file_size )
        return vhd_set_error(EINVAL, "%s: batmap header invalid (offset %llu, %u sectors)",
                             ctx->file, (unsigned long long)b->batmap_offset, b->batmap_size);
    ctx->batmap = calloc(b->batmap_size, VHD_SECTOR_SIZE);
    if ( !ctx->batmap )
        return vhd_set_error(ENOMEM, "%s: batmap: out of memory", ctx->file);
    rc = vhd__pread(ctx->fd, ctx->batmap, (size_t)b->batmap_size * VHD_SECTOR_SIZE,
                    b->batmap_offset);
    if ( rc )
        return vhd_set_error(rc, "%s: reading batmap: %s", ctx->file, strerror(-rc));
    if ( vhd_checksum_bytes(ctx->batmap, (size_t)b->batmap_size * VHD_SECTOR_SIZE) != b->checksum )
    {
        /* A stale batmap only costs speed: ignore it, `vhd-util check` reports it. */
        free(ctx->batmap);
        ctx->batmap = NULL;
        return 0;
    }
    ctx->has_batmap = true;
    return 0;
}

static int read_header_bat(struct vhd_context *ctx)
{
    struct vhd_header *h = &ctx->header;
    uint8_t buf[1024];
    const char *why = NULL;
    uint64_t meta_end, blk_bytes, bat_bytes, end;
    uint8_t *raw = NULL;
    int rc;

    if ( ctx->footer.data_offset + 1024 > ctx->file_size )
        return vhd_set_error(EINVAL, "%s: header offset %llu past end of file", ctx->file,
                             (unsigned long long)ctx->footer.data_offset);
    rc = vhd__pread(ctx->fd, buf, sizeof(buf), ctx->footer.data_offset);
    if ( rc )
        return vhd_set_error(rc, "%s: reading header: %s", ctx->file, strerror(-rc));
    vhd_header_unpack(h, buf);
    rc = vhd_header_validate(h, &why);
    if ( rc )
        return vhd_set_error(rc, "%s: header invalid: %s", ctx->file, why);
    if ( (uint64_t)h->max_bat_size * h->block_size < ctx->footer.curr_size )
        return vhd_set_error(EINVAL, "%s: BAT has %u entries of %u bytes, too few for %llu bytes",
                             ctx->file, h->max_bat_size, h->block_size,
                             (unsigned long long)ctx->footer.curr_size);
    bat_bytes = ((uint64_t)h->max_bat_size * 4 + 511) & ~511ull;
    if ( h->table_offset + bat_bytes > ctx->file_size )
        return vhd_set_error(EINVAL, "%s: BAT (offset %llu, %u entries) past end of file",
                             ctx->file, (unsigned long long)h->table_offset, h->max_bat_size);
    if ( h->table_offset < ctx->footer.data_offset + 1024 &&
         h->table_offset + bat_bytes > ctx->footer.data_offset )
        return vhd_set_error(EINVAL, "%s: BAT overlaps the header", ctx->file);
    ctx->spb = h->block_size / VHD_SECTOR_SIZE;
    ctx->bm_secs = (ctx->spb / 8 + VHD_SECTOR_SIZE - 1) / VHD_SECTOR_SIZE;
    blk_bytes = ((uint64_t)ctx->bm_secs + ctx->spb) * VHD_SECTOR_SIZE;

    ctx->bat = malloc(bat_bytes ? bat_bytes : 1);
    raw = malloc(bat_bytes ? bat_bytes : 1);
    if ( !ctx->bat || !raw )
    {
        rc = vhd_set_error(ENOMEM, "%s: BAT: out of memory", ctx->file);
        goto out;
    }
    rc = vhd__pread(ctx->fd, raw, bat_bytes, h->table_offset);
    if ( rc )
    {
        rc = vhd_set_error(rc, "%s: reading BAT: %s", ctx->file, strerror(-rc));
        goto out;
    }
    meta_end = h->table_offset + bat_bytes;
    if ( ctx->footer.data_offset + 1024 > meta_end )
        meta_end = ctx->footer.data_offset + 1024;
    rc = read_batmap(ctx);
    if ( rc )
        goto out;
    if ( ctx->has_batmap )
    {
        end =
            ctx->batmap_hdr.batmap_offset + (uint64_t)ctx->batmap_hdr.batmap_size * VHD_SECTOR_SIZE;
        if ( end > meta_end )
            meta_end = end;
    }
    end = meta_end;
    for ( uint32_t i = 0; i < h->max_bat_size; i++ )
    {
        uint32_t e = vhd_be32(raw + 4 * (size_t)i);
        uint64_t off = (uint64_t)e * VHD_SECTOR_SIZE;

        ctx->bat[i] = e;
        if ( e == VHD_BAT_UNUSED )
            continue;
        if ( overlaps(off, blk_bytes, 0, VHD_SECTOR_SIZE) ||
             overlaps(off, blk_bytes, ctx->footer.data_offset, 1024) ||
             overlaps(off, blk_bytes, h->table_offset, bat_bytes) ||
             (ctx->has_batmap &&
              overlaps(off, blk_bytes, h->table_offset + bat_bytes,
                       VHD_SECTOR_SIZE + (uint64_t)ctx->batmap_hdr.batmap_size * VHD_SECTOR_SIZE)) )
        {
            rc = vhd_set_error(EINVAL, "%s: BAT entry %u (sector %u) points into metadata",
                               ctx->file, i, e);
            goto out;
        }
        if ( off + blk_bytes > ctx->file_size )
        {
            rc = vhd_set_error(EINVAL, "%s: BAT entry %u (sector %u) points past end of file",
                               ctx->file, i, e);
            goto out;
        }
        if ( off + blk_bytes > end )
            end = off + blk_bytes;
    }
    /* Locators must lie inside the file, outside the header and BAT. */
    for ( int i = 0; i < 8 && ctx->footer.type == VHD_TYPE_DIFF; i++ )
    {
        const struct vhd_locator *l = &h->loc[i];
        uint64_t space = vhd_locator_space(l);

        if ( l->code == VHD_PLAT_NONE )
            continue;
        if ( l->data_len > space || l->data_len > 65536 || l->data_offset % VHD_SECTOR_SIZE ||
             l->data_offset < VHD_SECTOR_SIZE || l->data_offset + space > ctx->file_size ||
             overlaps(l->data_offset, space, ctx->footer.data_offset, 1024) ||
             overlaps(l->data_offset, space, h->table_offset, bat_bytes) )
        {
            rc = vhd_set_error(EINVAL,
                               "%s: parent locator %d (offset %llu, %u bytes) outside the file",
                               ctx->file, i, (unsigned long long)l->data_offset, l->data_len);
            goto out;
        }
        if ( l->data_offset + space > end )
            end = l->data_offset + space;
    }
    /* New blocks go where the trailing footer is, never over data. */
    ctx->next_db = ((ctx->file_size - VHD_SECTOR_SIZE) / VHD_SECTOR_SIZE) * VHD_SECTOR_SIZE;
    if ( ctx->next_db < end )
        ctx->next_db = (end + VHD_SECTOR_SIZE - 1) & ~(uint64_t)(VHD_SECTOR_SIZE - 1);
    rc = 0;
out:
    free(raw);
    return rc;
}

int vhd_open(struct vhd_context *ctx, const char *file, int flags)
{
    struct stat st;
    int oflags = (flags & VHD_OPEN_RDWR) ? O_RDWR : O_RDONLY;
    int rc;

    memset(ctx, 0, sizeof(*ctx));
    ctx->fd = -1;
    ctx->oflags = flags;
    ctx->sync_alloc = true;
    ctx->file = strdup(file);
    if ( !ctx->file )
        return vhd_set_error(ENOMEM, "%s: out of memory", file);
    if ( flags & VHD_OPEN_DIRECT )
        oflags |= O_DIRECT;
    ctx->fd = open(file, oflags | O_CLOEXEC);
    if ( ctx->fd < 0 )
    {
        rc = vhd_set_error(errno, "%s: %s", file, strerror(errno));
        goto out;
    }
    if ( fstat(ctx->fd, &st) )
    {
        rc = vhd_set_error(errno, "%s: %s", file, strerror(errno));
        goto out;
    }
    if ( !S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode) )
    {
        rc = vhd_set_error(EINVAL, "%s: not a regular file or block device", file);
        goto out;
    }
    ctx->file_size = (uint64_t)st.st_size;
    if ( S_ISBLK(st.st_mode) )
    {
        off_t end = lseek(ctx->fd, 0, SEEK_END);

        ctx->file_size = end > 0 ? (uint64_t)end : 0;
    }
    rc = read_footer(ctx);
    if ( rc )
        goto out;
    if ( ctx->footer.type == VHD_TYPE_FIXED )
    {
        if ( ctx->footer.curr_size + VHD_SECTOR_SIZE > ctx->file_size )
        {
            rc = vhd_set_error(EINVAL, "%s: fixed disk of %llu bytes in a %llu-byte file", file,
                               (unsigned long long)ctx->footer.curr_size,
                               (unsigned long long)ctx->file_size);
            goto out;
        }
        ctx->next_db = ctx->footer.curr_size;
        rc = 0;
        goto out;
    }
    rc = read_header_bat(ctx);
out:
    if ( rc )
        vhd_close(ctx);
    return rc;
}

/** Open the raw parent at the end of a chain. */
static int chain_open_raw(struct vhd_chain *ch, const char *path, int flags)
{
    struct stat st;

    ch->raw_fd = open(path, ((flags & VHD_OPEN_RDWR) ? O_RDWR : O_RDONLY) | O_CLOEXEC);
    if ( ch->raw_fd < 0 || fstat(ch->raw_fd, &st) )
        return vhd_set_error(errno, "%s: raw parent: %s", path, strerror(errno));
    ch->raw_size = (uint64_t)st.st_size;
    return 0;
}

void vhd_chain_close(struct vhd_chain *ch)
{
    for ( int i = 0; i < ch->depth; i++ )
        vhd_close(&ch->images[i]);
    ch->depth = 0;
    if ( ch->raw_fd >= 0 )
        close(ch->raw_fd);
    ch->raw_fd = -1;
}

int vhd_chain_open(struct vhd_chain *ch, const char *leaf, int flags)
{
    dev_t devs[VHD_MAX_CHAIN];
    ino_t inos[VHD_MAX_CHAIN];
    char *path = NULL;
    int rc = 0;

    memset(ch, 0, sizeof(*ch));
    ch->raw_fd = -1;
    path = strdup(leaf);
    if ( !path )
        return vhd_set_error(ENOMEM, "%s: out of memory", leaf);
    for ( ;; )
    {
        struct vhd_context *c;
        struct stat st;
        char *next;

        if ( ch->depth == VHD_MAX_CHAIN )
        {
            rc = vhd_set_error(ELOOP, "%s: chain deeper than %d images", leaf, VHD_MAX_CHAIN);
            goto out;
        }
        if ( stat(path, &st) )
        {
            rc = vhd_set_error(errno, "%s: %s", path, strerror(errno));
            goto out;
        }
        for ( int i = 0; i < ch->depth; i++ )
            if ( devs[i] == st.st_dev && inos[i] == st.st_ino )
            {
                rc =
                    vhd_set_error(ELOOP, "%s: parent loop: %s is already in the chain", leaf, path);
                goto out;
            }
        if ( ch->depth > 0 )
        {
            /* A parent whose name does not end in .vhd and has no footer is raw. */
            uint8_t ck[8] = {0};
            int fd = open(path, O_RDONLY | O_CLOEXEC);
            bool raw = false;

            if ( fd >= 0 )
            {
                raw = st.st_size < VHD_SECTOR_SIZE ||
                      vhd__pread(fd, ck, 8, (uint64_t)st.st_size - VHD_SECTOR_SIZE) ||
                      memcmp(ck, "conectix", 8);
                if ( raw && st.st_size >= VHD_SECTOR_SIZE && vhd__pread(fd, ck, 8, 0) == 0 &&
                     !memcmp(ck, "conectix", 8) )
                    raw = false;
                close(fd);
            }
            if ( raw && ch->images[ch->depth - 1].footer.type == VHD_TYPE_DIFF )
            {
                rc = chain_open_raw(ch, path, VHD_OPEN_RDONLY);
                goto out;
            }
        }
        devs[ch->depth] = st.st_dev;
        inos[ch->depth] = st.st_ino;
        c = &ch->images[ch->depth];
        rc = vhd_open(c, path, ch->depth == 0 ? flags : VHD_OPEN_RDONLY);
        if ( rc )
            goto out;
        ch->depth++;
        if ( c->footer.type != VHD_TYPE_DIFF )
            break;
        next = vhd_parent_path(c);
        if ( !next )
        {
            rc = -ENOENT;
            goto out;
        }
        free(path);
        path = next;
    }
out:
    free(path);
    if ( rc )
        vhd_chain_close(ch);
    return rc;
}
