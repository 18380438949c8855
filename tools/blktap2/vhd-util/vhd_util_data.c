/* SPDX-License-Identifier: GPL-2.0-only */
/* vhd-util commands that move data: read (metadata and sectors), fill, coalesce. */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "vhd_util.h"

static const char *type_name(uint32_t t)
{
    return t == VHD_TYPE_FIXED ? "fixed" : t == VHD_TYPE_DYNAMIC ? "dynamic" : "differencing";
}

static void print_uuid(const uint8_t *u)
{
    for ( int i = 0; i < 16; i++ )
        printf("%02x%s", u[i], i == 3 || i == 5 || i == 7 || i == 9 ? "-" : "");
}

static void print_meta(struct vhd_context *c)
{
    const struct vhd_footer *f = &c->footer;
    time_t t = (time_t)vhd_time_to_unix(f->timestamp);
    char ts[64];

    strftime(ts, sizeof(ts), "%Y-%m-%d %H:%M:%S UTC", gmtime(&t));
    printf("VHD Footer Summary:\n-------------------\n");
    printf("Cookie              : %.8s\n", f->cookie);
    printf("Features            : (0x%08x)\n", f->features);
    printf("File format version : Major: %u, Minor: %u\n", f->version >> 16, f->version & 0xffff);
    printf("Data offset         : %llu\n", (unsigned long long)f->data_offset);
    printf("Timestamp           : %s\n", ts);
    printf("Creator Application : '%.4s'\n", f->creator_app);
    printf("Creator version     : Major: %u, Minor: %u\n", f->creator_version >> 16,
           f->creator_version & 0xffff);
    printf("Creator OS          : 0x%08x\n", f->creator_os);
    printf("Original disk size  : %llu MB (%llu Bytes)\n", (unsigned long long)(f->orig_size >> 20),
           (unsigned long long)f->orig_size);
    printf("Current disk size   : %llu MB (%llu Bytes)\n", (unsigned long long)(f->curr_size >> 20),
           (unsigned long long)f->curr_size);
    printf("Geometry            : Cyl: %u, Hds: %u, Sctrs: %u\n", f->cyls, f->heads, f->spt);
    printf("Disk type           : %s hard disk\n", type_name(f->type));
    printf("Checksum            : 0x%08x|0x%08x (%s)\n", f->checksum, vhd_footer_checksum(f),
           f->checksum == vhd_footer_checksum(f) ? "Good!" : "Bad!");
    printf("UUID                : ");
    print_uuid(f->uuid);
    printf("\nSaved state         : %s\n", f->saved_state ? "Yes" : "No");
    printf("Hidden              : %u\n\n", f->hidden);
    if ( f->type == VHD_TYPE_FIXED )
        return;
    printf("VHD Header Summary:\n-------------------\n");
    printf("Cookie              : %.8s\n", c->header.cookie);
    printf("Data offset (unusd) : %llu\n", (unsigned long long)c->header.data_offset);
    printf("Table offset        : %llu\n", (unsigned long long)c->header.table_offset);
    printf("Header version      : 0x%08x\n", c->header.version);
    printf("Max BAT size        : %u\n", c->header.max_bat_size);
    printf("Block size          : %u (%u MB)\n", c->header.block_size, c->header.block_size >> 20);
    if ( f->type == VHD_TYPE_DIFF )
    {
        char *pn = vhd_parent_name(&c->header);

        printf("Parent name         : %s\n", pn ? pn : "(invalid)");
        free(pn);
        printf("Parent UUID         : ");
        print_uuid(c->header.prt_uuid);
        printf("\nParent timestamp    : %u\n", c->header.prt_ts);
        for ( int i = 0; i < 8; i++ )
        {
            char *loc;

            if ( c->header.loc[i].code == VHD_PLAT_NONE )
                continue;
            loc = vhd_locator_read(c, i);
            printf("Parent locator %d    : code 0x%08x, offset %llu, %u bytes: %s\n", i,
                   c->header.loc[i].code, (unsigned long long)c->header.loc[i].data_offset,
                   c->header.loc[i].data_len, loc ? loc : "(unreadable)");
            free(loc);
        }
    }
    if ( c->has_batmap )
        printf("Batmap              : offset %llu, %u sectors, version 0x%08x, marker %u\n",
               (unsigned long long)c->batmap_hdr.batmap_offset, c->batmap_hdr.batmap_size,
               c->batmap_hdr.batmap_version, c->batmap_hdr.marker);
    printf("\n");
}

static int print_bat(struct vhd_context *c, uint32_t blk, bool hex)
{
    if ( c->footer.type == VHD_TYPE_FIXED || blk >= c->header.max_bat_size )
    {
        vhd_set_error(EINVAL, "%s: block %u not in the BAT", c->file, blk);
        return 1;
    }
    printf(hex ? "block: 0x%x: " : "block: %u: ", blk);
    if ( c->bat[blk] == VHD_BAT_UNUSED )
        printf("not allocated\n");
    else
        printf(hex ? "offset: 0x%x\n" : "offset: %u\n", c->bat[blk]);
    return 0;
}

static int print_bitmap(struct vhd_context *c, uint32_t blk)
{
    const uint8_t *bm;

    if ( print_bat(c, blk, false) )
        return 1;
    if ( c->bat[blk] == VHD_BAT_UNUSED )
        return 0;
    bm = vhd_bitmap_get(c, blk);
    if ( !bm )
        return 1;
    for ( uint32_t i = 0; i < c->spb / 8; i++ )
        printf("%02x%s", bm[i], (i + 1) % 32 ? "" : "\n");
    if ( (c->spb / 8) % 32 )
        printf("\n");
    return 0;
}

/** Read count sectors at sec, from this image only (chain false) or through its chain. */
static int read_data(const char *name, struct vhd_context *c, uint64_t sec, uint64_t count,
                     bool chain, bool hexdump)
{
    struct vhd_chain ch = {.raw_fd = -1};
    uint8_t *buf = malloc(1 << 20);
    int rc = 0;

    if ( !buf )
    {
        vhd_set_error(ENOMEM, "out of memory");
        return 1;
    }
    if ( sec > vhd_size(c) / VHD_SECTOR_SIZE || count > vhd_size(c) / VHD_SECTOR_SIZE - sec )
    {
        rc = vhd_set_error(EINVAL, "%s: sectors %llu+%llu past the end of the disk", name,
                           (unsigned long long)sec, (unsigned long long)count);
        goto out;
    }
    if ( chain && (rc = vhd_chain_open(&ch, name, VHD_OPEN_RDONLY)) )
        goto out;
    while ( count && !rc )
    {
        uint32_t n = count > 2048 ? 2048 : (uint32_t)count;

        memset(buf, 0, (size_t)n * VHD_SECTOR_SIZE);
        rc = chain ? vhd_chain_read(&ch, sec, n, buf) : vhd_read_image(c, sec, n, buf, NULL);
        if ( rc )
            break;
        if ( hexdump )
            for ( uint32_t i = 0; i < n * VHD_SECTOR_SIZE; i += 16 )
            {
                printf("%012llx:", (unsigned long long)(sec * VHD_SECTOR_SIZE + i));
                for ( int j = 0; j < 16; j++ )
                    printf(" %02x", buf[i + j]);
                printf("\n");
            }
        else if ( fwrite(buf, VHD_SECTOR_SIZE, n, stdout) != n )
            rc = vhd_set_error(EIO, "writing to standard output failed");
        sec += n;
        count -= n;
    }
out:
    vhd_chain_close(&ch);
    free(buf);
    return rc ? 1 : 0;
}

int vhd_util_read(int argc, char **argv)
{
    struct vhd_context ctx;
    const char *name = NULL;
    char what = 0;
    uint64_t arg = 0, count = 1;
    bool hex = false, all = false;
    int c, rc = 0;

    optind = 1;
    while ( (c = getopt(argc, argv, "n:pt:b:m:i:axd:D:r:R:c:h")) != -1 )
        switch ( c )
        {
        case 'n':
            name = optarg;
            break;
        case 'p':
            what = 'p';
            break;
        case 'a':
            all = true;
            break;
        case 'x':
            hex = true;
            break;
        case 't':
        case 'b':
        case 'm':
        case 'i':
        case 'd':
        case 'D':
        case 'r':
        case 'R':
            what = (char)c;
            if ( vhd_util_number(optarg, &arg) )
                return fprintf(stderr, "%s: read: invalid number '%s'\n", PROG, optarg), 1;
            break;
        case 'c':
            if ( vhd_util_number(optarg, &count) )
                return fprintf(stderr, "%s: read: invalid count '%s'\n", PROG, optarg), 1;
            break;
        default:
            return vhd_util_usage("read");
        }
    if ( !name || (!what && !all) || optind != argc )
        return vhd_util_usage("read");
    if ( vhd_open(&ctx, name, VHD_OPEN_RDONLY) )
        return vhd_util_fail();
    if ( all && ctx.footer.type != VHD_TYPE_FIXED )
        for ( uint32_t i = 0; i < ctx.header.max_bat_size && !rc; i++ )
            rc = print_bat(&ctx, i, hex);
    switch ( what )
    {
    case 'p':
        print_meta(&ctx);
        break;
    case 't':
    case 'i':
        if ( ctx.footer.type == VHD_TYPE_FIXED )
        {
            printf("sector %llu: fixed disk, offset %llu\n", (unsigned long long)arg,
                   (unsigned long long)arg * VHD_SECTOR_SIZE);
            break;
        }
        rc = print_bat(&ctx, (uint32_t)(arg / ctx.spb), hex);
        if ( !rc && what == 'i' && ctx.bat[arg / ctx.spb] != VHD_BAT_UNUSED )
        {
            const uint8_t *bm = vhd_bitmap_get(&ctx, (uint32_t)(arg / ctx.spb));

            if ( !bm )
                rc = 1;
            else
                printf("sector %llu: bit %u: %s\n", (unsigned long long)arg,
                       (uint32_t)(arg % ctx.spb),
                       vhd_bit_test(bm, (uint32_t)(arg % ctx.spb)) ? "set" : "clear");
        }
        break;
    case 'b':
        rc = print_bitmap(&ctx, (uint32_t)arg);
        break;
    case 'm':
        if ( !ctx.has_batmap || arg >= ctx.header.max_bat_size )
        {
            vhd_set_error(EINVAL, "%s: no batmap entry %llu", name, (unsigned long long)arg);
            rc = 1;
        }
        else
            printf("batmap: block %llu: %s\n", (unsigned long long)arg,
                   vhd_bit_test(ctx.batmap, (uint32_t)arg) ? "full" : "not full");
        break;
    case 'd':
    case 'D':
    case 'r':
    case 'R':
        rc = read_data(name, &ctx, arg, count, what == 'D' || what == 'R',
                       what == 'd' || what == 'D');
        break;
    default:
        break;
    }
    vhd_close(&ctx);
    return rc ? vhd_util_fail() : 0;
}

int vhd_util_fill(int argc, char **argv)
{
    struct vhd_chain ch;
    struct vhd_context *c;
    const char *name = NULL;
    uint8_t *buf = NULL;
    int opt, rc = 0;

    optind = 1;
    while ( (opt = getopt(argc, argv, "n:h")) != -1 )
        switch ( opt )
        {
        case 'n':
            name = optarg;
            break;
        default:
            return vhd_util_usage("fill");
        }
    if ( !name || optind != argc )
        return vhd_util_usage("fill");
    if ( vhd_chain_open(&ch, name, VHD_OPEN_RDWR) )
        return vhd_util_fail();
    c = &ch.images[0];
    if ( c->footer.type == VHD_TYPE_FIXED )
        goto out;
    buf = malloc(c->header.block_size);
    if ( !buf )
    {
        rc = vhd_set_error(ENOMEM, "out of memory");
        goto out;
    }
    /* Every block gets its whole content (own or inherited), then a full batmap bit. */
    for ( uint32_t b = 0; b < c->header.max_bat_size && !rc; b++ )
    {
        uint64_t sec = (uint64_t)b * c->spb, left = vhd_size(c) / VHD_SECTOR_SIZE - sec;
        uint32_t n = left < c->spb ? (uint32_t)left : c->spb;

        if ( sec * VHD_SECTOR_SIZE >= vhd_size(c) )
            break;
        rc = vhd_chain_read(&ch, sec, n, buf);
        if ( !rc )
            rc = vhd_write(c, sec, n, buf);
        if ( !rc && n == c->spb && c->has_batmap )
            vhd_bit_set(c->batmap, b);
    }
    if ( !rc )
        rc = vhd_flush(c);
    if ( !rc )
        rc = vhd_batmap_write(c);
    if ( !rc )
        rc = vhd_flush(c);
out:
    free(buf);
    vhd_chain_close(&ch);
    return rc ? vhd_util_fail() : 0;
}

int vhd_util_coalesce(int argc, char **argv)
{
    struct vhd_context child, parent;
    const char *name = NULL;
    char *ppath = NULL;
    uint8_t *buf = NULL;
    int opt, rc;

    optind = 1;
    while ( (opt = getopt(argc, argv, "n:h")) != -1 )
        switch ( opt )
        {
        case 'n':
            name = optarg;
            break;
        default:
            return vhd_util_usage("coalesce");
        }
    if ( !name || optind != argc )
        return vhd_util_usage("coalesce");
    if ( vhd_open(&child, name, VHD_OPEN_RDONLY) )
        return vhd_util_fail();
    parent.fd = -1;
    parent.file = NULL;
    parent.bat = NULL;
    parent.batmap = NULL;
    parent.bm_cache = NULL;
    if ( child.footer.type != VHD_TYPE_DIFF )
    {
        rc = vhd_set_error(EINVAL, "%s: not a differencing disk: nothing to coalesce", name);
        goto out;
    }
    ppath = vhd_parent_path(&child);
    if ( !ppath )
    {
        rc = -ENOENT;
        goto out;
    }
    rc = vhd_open(&parent, ppath, VHD_OPEN_RDWR);
    if ( rc )
        goto out;
    if ( vhd_size(&parent) < vhd_size(&child) )
    {
        rc = vhd_resize(&parent, vhd_size(&child));
        if ( rc )
            goto out;
    }
    buf = malloc(child.header.block_size);
    if ( !buf )
    {
        rc = vhd_set_error(ENOMEM, "out of memory");
        goto out;
    }
    /* Only the sectors the child holds go down; the rest of the parent stays as it is. */
    for ( uint64_t sec = 0; sec < vhd_size(&child) / VHD_SECTOR_SIZE && !rc; )
    {
        uint64_t off = 0, left = vhd_size(&child) / VHD_SECTOR_SIZE - sec;
        uint32_t n = 0;
        int r = vhd_map(&child, sec, left > child.spb ? child.spb : (uint32_t)left, &off, &n);

        if ( r < 0 )
            rc = r;
        else if ( r > 0 )
        {
            rc = vhd_read_image(&child, sec, n, buf, NULL);
            if ( !rc )
                rc = vhd_write(&parent, sec, n, buf);
        }
        sec += n;
    }
    if ( !rc )
        rc = vhd_flush(&parent);
out:
    free(buf);
    free(ppath);
    vhd_close(&parent);
    vhd_close(&child);
    return rc ? vhd_util_fail() : 0;
}
