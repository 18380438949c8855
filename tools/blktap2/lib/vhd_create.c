/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Making images: fixed and dynamic disks, differencing children (snapshots) with their
 * parent locators, re-parenting, and growing the virtual size (moving the BAT when full).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vhd.h"
#include "vhd_private.h"

#define VHD_CREATOR_VERSION 0x00010003 /* blktap2 with batmap */
#define VHD_CREATOR_OS      0x5769326b /* "Wi2k", what other writers put here too */

static void make_uuid(uint8_t *u)
{
    if ( getrandom(u, 16, 0) != 16 )
        for ( int i = 0; i < 16; i++ )
            u[i] = (uint8_t)rand();
    u[6] = (u[6] & 0x0f) | 0x40;
    u[8] = (u[8] & 0x3f) | 0x80;
}

static void footer_init(struct vhd_footer *f, uint64_t size, uint32_t type)
{
    memset(f, 0, sizeof(*f));
    memcpy(f->cookie, "conectix", 8);
    f->features = 2;
    f->version = 0x00010000;
    f->data_offset = type == VHD_TYPE_FIXED ? UINT64_MAX : VHD_SECTOR_SIZE;
    f->timestamp = vhd_time_now();
    memcpy(f->creator_app, "tap", 4);
    f->creator_version = VHD_CREATOR_VERSION;
    f->creator_os = VHD_CREATOR_OS;
    f->orig_size = size;
    f->curr_size = size;
    vhd_geometry(size, &f->cyls, &f->heads, &f->spt);
    f->type = type;
    make_uuid(f->uuid);
    f->checksum = vhd_footer_checksum(f);
}

static uint64_t round_sec(uint64_t v)
{
    return (v + VHD_SECTOR_SIZE - 1) & ~(uint64_t)(VHD_SECTOR_SIZE - 1);
}

static int check_size(const char *file, uint64_t size)
{
    if ( size == 0 || size % VHD_SECTOR_SIZE )
        return vhd_set_error(EINVAL, "%s: size %llu is not a positive multiple of 512", file,
                             (unsigned long long)size);
    if ( size > VHD_MAX_SIZE )
        return vhd_set_error(EFBIG, "%s: size %llu bytes is past the 2 TiB limit", file,
                             (unsigned long long)size);
    return 0;
}

/**
 * Write a new dynamic or differencing image: footer copy, header, BAT, batmap, locator
 * space (loc_bytes), trailing footer. Fills ctx as if opened read-write.
 */
static int create_sparse(struct vhd_context *ctx, const char *file, uint64_t size,
                         uint64_t max_size, uint32_t type, uint32_t block_size, uint64_t loc_bytes)
{
    uint64_t bat_bytes, off;
    uint8_t *buf = NULL;
    int rc;

    memset(ctx, 0, sizeof(*ctx));
    ctx->fd = -1;
    ctx->sync_alloc = true;
    ctx->file = strdup(file);
    if ( !ctx->file )
        return vhd_set_error(ENOMEM, "%s: out of memory", file);
    footer_init(&ctx->footer, size, type);
    memcpy(ctx->header.cookie, "cxsparse", 8);
    ctx->header.data_offset = UINT64_MAX;
    ctx->header.table_offset = 3 * VHD_SECTOR_SIZE;
    ctx->header.version = 0x00010000;
    ctx->header.block_size = block_size;
    ctx->header.max_bat_size = (uint32_t)((max_size + block_size - 1) / block_size);
    ctx->spb = block_size / VHD_SECTOR_SIZE;
    ctx->bm_secs = (ctx->spb / 8 + VHD_SECTOR_SIZE - 1) / VHD_SECTOR_SIZE;
    bat_bytes = round_sec((uint64_t)ctx->header.max_bat_size * 4);
    off = ctx->header.table_offset + bat_bytes;
    ctx->has_batmap = true;
    memcpy(ctx->batmap_hdr.cookie, "tdbatmap", 8);
    ctx->batmap_hdr.batmap_offset = off + VHD_SECTOR_SIZE;
    ctx->batmap_hdr.batmap_size =
        (uint32_t)(round_sec((ctx->header.max_bat_size + 7) / 8) / VHD_SECTOR_SIZE);
    ctx->batmap_hdr.batmap_version = 0x00010002;
    off = ctx->batmap_hdr.batmap_offset + (uint64_t)ctx->batmap_hdr.batmap_size * VHD_SECTOR_SIZE;
    ctx->next_db = off + round_sec(loc_bytes);
    ctx->bat = malloc(bat_bytes);
    ctx->batmap = calloc(ctx->batmap_hdr.batmap_size, VHD_SECTOR_SIZE);
    buf = malloc(bat_bytes);
    if ( !ctx->bat || !ctx->batmap || !buf )
    {
        rc = vhd_set_error(ENOMEM, "%s: out of memory", file);
        goto out;
    }
    memset(ctx->bat, 0xff, bat_bytes);
    memset(buf, 0xff, bat_bytes);
    ctx->fd = open(file, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if ( ctx->fd < 0 )
    {
        rc = vhd_set_error(errno, "%s: %s", file, strerror(errno));
        goto out;
    }
    ctx->oflags = VHD_OPEN_RDWR;
    rc = vhd__pwrite(ctx->fd, buf, bat_bytes, ctx->header.table_offset);
    if ( rc )
    {
        rc = vhd_set_error(rc, "%s: writing BAT: %s", file, strerror(-rc));
        goto out;
    }
    rc = vhd_batmap_write(ctx);
    if ( !rc )
        rc = vhd_header_write(ctx);
    if ( !rc )
        rc = vhd_footer_write(ctx);
    ctx->file_size = ctx->next_db + VHD_SECTOR_SIZE;
out:
    free(buf);
    return rc;
}

int vhd_create(const char *file, const struct vhd_create_opts *o)
{
    struct vhd_context ctx = {.fd = -1};
    int rc = check_size(file, o->size);

    if ( rc )
        return rc;
    if ( o->type == VHD_TYPE_FIXED )
    {
        uint8_t buf[VHD_SECTOR_SIZE];

        footer_init(&ctx.footer, o->size, VHD_TYPE_FIXED);
        vhd_footer_pack(&ctx.footer, buf);
        ctx.fd = open(file, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if ( ctx.fd < 0 )
            return vhd_set_error(errno, "%s: %s", file, strerror(errno));
        rc = ftruncate(ctx.fd, (off_t)o->size) ? -errno : 0;
        if ( !rc )
            rc = vhd__pwrite(ctx.fd, buf, sizeof(buf), o->size);
        if ( !rc && fsync(ctx.fd) )
            rc = -errno;
        close(ctx.fd);
        if ( rc )
        {
            unlink(file);
            return vhd_set_error(rc, "%s: %s", file, strerror(-rc));
        }
        return 0;
    }
    if ( o->max_size && o->max_size < o->size )
        return vhd_set_error(EINVAL, "%s: maximum size below the size", file);
    if ( o->max_size > VHD_MAX_SIZE )
        return vhd_set_error(EFBIG, "%s: maximum size past the 2 TiB limit", file);
    rc = create_sparse(&ctx, file, o->size, o->max_size ? o->max_size : o->size, VHD_TYPE_DYNAMIC,
                       VHD_BLOCK_SIZE_DEFAULT, 0);
    if ( !rc && fsync(ctx.fd) )
        rc = vhd_set_error(errno, "%s: fsync: %s", file, strerror(errno));
    if ( rc && ctx.fd >= 0 )
        unlink(file);
    vhd_close(&ctx);
    return rc;
}

/** The parent's path relative to the child's directory when below it, else absolute. */
static int parent_paths(const char *child, const char *parent, char **abs_out, char **rel_out)
{
    char *cdup = strdup(child), *cdir = NULL, *pabs = realpath(parent, NULL);
    size_t n;
    int rc = 0;

    *abs_out = *rel_out = NULL;
    if ( !cdup || !pabs )
    {
        rc = vhd_set_error(errno ? errno : ENOMEM, "%s: %s", parent, strerror(errno));
        goto out;
    }
    cdir = realpath(dirname(cdup), NULL);
    if ( !cdir )
    {
        rc = vhd_set_error(errno, "%s: %s", child, strerror(errno));
        goto out;
    }
    n = strlen(cdir);
    if ( !strncmp(pabs, cdir, n) && pabs[n] == '/' )
        rc = asprintf(rel_out, "./%s", pabs + n + 1) < 0 ? -ENOMEM : 0;
    else
        *rel_out = strdup(pabs);
    if ( rc || !*rel_out )
    {
        rc = vhd_set_error(ENOMEM, "%s: out of memory", child);
        goto out;
    }
    *abs_out = pabs;
    pabs = NULL;
out:
    free(cdup);
    free(cdir);
    free(pabs);
    return rc;
}

int vhd_set_parent(struct vhd_context *ctx, const char *parent, bool parent_raw)
{
    static const uint32_t codes[3] = {VHD_PLAT_MACX, VHD_PLAT_W2KU, VHD_PLAT_W2RU};
    struct vhd_header *h = &ctx->header;
    struct vhd_context pctx = {.fd = -1};
    char *pabs = NULL, *prel = NULL;
    bool moved = false;
    int rc;

    if ( ctx->footer.type != VHD_TYPE_DIFF )
        return vhd_set_error(EINVAL, "%s: not a differencing disk", ctx->file);
    rc = parent_paths(ctx->file, parent, &pabs, &prel);
    if ( rc )
        goto out;
    if ( parent_raw )
    {
        struct stat st;

        if ( stat(pabs, &st) )
        {
            rc = vhd_set_error(errno, "%s: %s", parent, strerror(errno));
            goto out;
        }
        memset(h->prt_uuid, 0, 16);
        h->prt_ts = st.st_mtime > 946684800 ? (uint32_t)(st.st_mtime - 946684800) : 0;
    }
    else
    {
        rc = vhd_open(&pctx, pabs, VHD_OPEN_RDONLY);
        if ( rc )
            goto out;
        memcpy(h->prt_uuid, pctx.footer.uuid, 16);
        h->prt_ts = pctx.footer.timestamp;
    }
    rc = vhd_parent_name_set(h, prel + (strncmp(prel, "./", 2) ? 0 : 2));
    if ( rc )
        goto out;
    for ( int k = 0; k < 3; k++ )
    {
        const char *path = codes[k] == VHD_PLAT_W2KU ? pabs : prel;
        struct vhd_locator *l = &h->loc[k];
        uint8_t *data = NULL;
        size_t len = 0;
        uint64_t space;

        rc = vhd_locator_encode(codes[k], path, &data, &len);
        if ( rc )
            goto out;
        space = round_sec(len);
        if ( l->code == VHD_PLAT_NONE || vhd_locator_space(l) < space )
        {
            /* New room at the end of the file; the footer follows it. */
            l->data_offset = ctx->next_db;
            l->data_space = (uint32_t)space;
            ctx->next_db += space;
            moved = true;
        }
        l->code = codes[k];
        l->data_len = (uint32_t)len;
        {
            uint8_t *pad = calloc(1, vhd_locator_space(l));

            if ( !pad )
                rc = -ENOMEM;
            else
            {
                memcpy(pad, data, len);
                rc = vhd__pwrite(ctx->fd, pad, vhd_locator_space(l), l->data_offset);
            }
            free(pad);
        }
        free(data);
        if ( rc )
        {
            rc = vhd_set_error(rc, "%s: writing parent locator: %s", ctx->file, strerror(-rc));
            goto out;
        }
    }
    for ( int k = 3; k < 8; k++ )
        memset(&h->loc[k], 0, sizeof(h->loc[k]));
    if ( moved )
    {
        rc = vhd_footer_write(ctx);
        if ( rc )
            goto out;
    }
    rc = vhd_header_write(ctx);
out:
    vhd_close(&pctx);
    free(pabs);
    free(prel);
    return rc;
}

int vhd_snapshot(const char *child, const char *parent, bool parent_raw, uint64_t size)
{
    struct vhd_context ctx = {.fd = -1}, pctx = {.fd = -1};
    uint32_t block_size = VHD_BLOCK_SIZE_DEFAULT;
    uint64_t psize;
    int rc;

    if ( parent_raw )
    {
        struct stat st;

        if ( stat(parent, &st) )
            return vhd_set_error(errno, "%s: %s", parent, strerror(errno));
        psize = (uint64_t)st.st_size & ~(uint64_t)(VHD_SECTOR_SIZE - 1);
    }
    else
    {
        rc = vhd_open(&pctx, parent, VHD_OPEN_RDONLY);
        if ( rc )
            return rc;
        psize = vhd_size(&pctx);
        if ( pctx.footer.type != VHD_TYPE_FIXED )
            block_size = pctx.header.block_size;
        vhd_close(&pctx);
    }
    if ( !size )
        size = psize;
    if ( size < psize )
        return vhd_set_error(EINVAL, "%s: child smaller than its parent %s", child, parent);
    rc = check_size(child, size);
    if ( rc )
        return rc;
    rc = create_sparse(&ctx, child, size, size, VHD_TYPE_DIFF, block_size, 0);
    if ( !rc )
        rc = vhd_set_parent(&ctx, parent, parent_raw);
    if ( !rc && fsync(ctx.fd) )
        rc = vhd_set_error(errno, "%s: fsync: %s", child, strerror(errno));
    if ( rc && ctx.fd >= 0 )
        unlink(child);
    vhd_close(&ctx);
    return rc;
}

/** Move the BAT (and batmap) to the end of the file with room for max_bat entries. */
static int bat_grow(struct vhd_context *ctx, uint32_t max_bat)
{
    uint64_t bat_bytes = round_sec((uint64_t)max_bat * 4), off = ctx->next_db;
    uint32_t bm_size = (uint32_t)(round_sec((max_bat + 7) / 8) / VHD_SECTOR_SIZE);
    uint32_t *bat = NULL;
    uint8_t *raw = NULL, *bmap = NULL;
    uint8_t hdr[VHD_SECTOR_SIZE];
    struct vhd_header nh = ctx->header;
    int rc;

    /* Blocks waiting for the old BAT are linked first; the dirty map is sized by it. */
    if ( ctx->bat_ndirty && (rc = vhd_flush(ctx)) )
        return rc;
    free(ctx->bat_dirty);
    ctx->bat_dirty = NULL;
    bat = malloc(bat_bytes);
    raw = malloc(bat_bytes);
    bmap = calloc(bm_size, VHD_SECTOR_SIZE);
    if ( !bat || !raw || !bmap )
    {
        rc = vhd_set_error(ENOMEM, "%s: out of memory", ctx->file);
        goto out;
    }
    memset(bat, 0xff, bat_bytes);
    memcpy(bat, ctx->bat, (size_t)ctx->header.max_bat_size * 4);
    for ( uint32_t i = 0; i < bat_bytes / 4; i++ )
        vhd_put_be32(raw + 4 * (size_t)i, bat[i]);
    if ( ctx->has_batmap )
        memcpy(bmap, ctx->batmap, (ctx->header.max_bat_size + 7) / 8);
    /*
     * The footer first moves to where the file will end, so the file always ends with a
     * valid footer; then the new BAT, batmap header and bits go between the data and it
     * (over the old footer); only once they are on disk does the header point at them.
     */
    ctx->next_db = off + bat_bytes + VHD_SECTOR_SIZE + (uint64_t)bm_size * VHD_SECTOR_SIZE;
    rc = vhd_footer_write(ctx);
    if ( !rc && fdatasync(ctx->fd) )
        rc = vhd_set_error(errno, "%s: fdatasync: %s", ctx->file, strerror(errno));
    if ( rc )
    {
        ctx->next_db = off;
        goto out;
    }
    rc = vhd__pwrite(ctx->fd, raw, bat_bytes, off);
    if ( !rc )
    {
        struct vhd_batmap_header b = ctx->batmap_hdr;

        memcpy(b.cookie, "tdbatmap", 8);
        b.batmap_version = 0x00010002;
        b.batmap_offset = off + bat_bytes + VHD_SECTOR_SIZE;
        b.batmap_size = bm_size;
        b.checksum = vhd_checksum_bytes(bmap, (size_t)bm_size * VHD_SECTOR_SIZE);
        vhd_batmap_header_pack(&b, hdr);
        rc = vhd__pwrite(ctx->fd, hdr, sizeof(hdr), off + bat_bytes);
        if ( !rc )
            rc = vhd__pwrite(ctx->fd, bmap, (size_t)bm_size * VHD_SECTOR_SIZE, b.batmap_offset);
        ctx->batmap_hdr = b;
    }
    if ( rc )
    {
        rc = vhd_set_error(rc, "%s: writing new BAT: %s", ctx->file, strerror(-rc));
        goto out;
    }
    vhd_fail_point("RESIZE_DATA_MOVED");
    if ( fdatasync(ctx->fd) )
    {
        rc = vhd_set_error(errno, "%s: fdatasync: %s", ctx->file, strerror(errno));
        goto out;
    }
    if ( ctx->bm_cache )
    {
        uint8_t **nc = calloc(max_bat, sizeof(*nc));

        if ( !nc )
        {
            rc = vhd_set_error(ENOMEM, "%s: out of memory", ctx->file);
            goto out;
        }
        memcpy(nc, ctx->bm_cache, sizeof(*nc) * ctx->header.max_bat_size);
        free(ctx->bm_cache);
        ctx->bm_cache = nc;
    }
    nh.table_offset = off;
    nh.max_bat_size = max_bat;
    ctx->header = nh;
    rc = vhd_header_write(ctx);
    if ( rc )
        goto out;
    vhd_fail_point("RESIZE_METADATA_MOVED");
    free(ctx->bat);
    ctx->bat = bat;
    bat = NULL;
    free(ctx->batmap);
    ctx->batmap = bmap;
    bmap = NULL;
    ctx->has_batmap = true;
out:
    free(bat);
    free(raw);
    free(bmap);
    return rc;
}

int vhd_resize(struct vhd_context *ctx, uint64_t new_size)
{
    int rc = check_size(ctx->file, new_size);

    if ( rc )
        return rc;
    if ( new_size < vhd_size(ctx) )
        return vhd_set_error(EINVAL, "%s: shrinking (%llu to %llu bytes) is not supported",
                             ctx->file, (unsigned long long)vhd_size(ctx),
                             (unsigned long long)new_size);
    if ( ctx->footer.type == VHD_TYPE_FIXED && new_size == vhd_size(ctx) )
        return 0; /* the footer stays where it is */
    if ( ctx->footer.type == VHD_TYPE_FIXED )
    {
        /* The footer moves to the new end; the old one becomes zeroed data. */
        static const uint8_t zero[VHD_SECTOR_SIZE];
        uint64_t old = ctx->footer.curr_size;

        ctx->footer.curr_size = new_size;
        vhd_geometry(new_size, &ctx->footer.cyls, &ctx->footer.heads, &ctx->footer.spt);
        ctx->next_db = new_size;
        rc = vhd_footer_write(ctx);
        if ( !rc )
        {
            vhd_fail_point("RESIZE_DATA_MOVED");
            rc = vhd__pwrite(ctx->fd, zero, sizeof(zero), old);
            vhd_fail_point("RESIZE_METADATA_MOVED");
        }
        if ( rc )
            return vhd_set_error(rc, "%s: resize: %s", ctx->file, strerror(-rc));
        return 0;
    }
    if ( new_size > (uint64_t)ctx->header.max_bat_size * ctx->header.block_size )
    {
        uint32_t max_bat =
            (uint32_t)((new_size + ctx->header.block_size - 1) / ctx->header.block_size);

        rc = bat_grow(ctx, max_bat);
        if ( rc )
            return rc;
    }
    ctx->footer.curr_size = new_size;
    vhd_geometry(new_size, &ctx->footer.cyls, &ctx->footer.heads, &ctx->footer.spt);
    return vhd_footer_write(ctx);
}
