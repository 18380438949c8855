/* SPDX-License-Identifier: GPL-2.0-only */
/* vhd-util commands that inspect or mend: query, check, repair, scan. */
#include <errno.h>
#include <getopt.h>
#include <glob.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vhd_util.h"

int vhd_util_query(int argc, char **argv)
{
    struct vhd_context ctx;
    const char *name = NULL;
    bool v = false, s = false, p = false, f = false, m = false, d = false, S = false;
    int c, rc = 0;

    optind = 1;
    while ( (c = getopt(argc, argv, "n:vspfmdSh")) != -1 )
        switch ( c )
        {
        case 'n':
            name = optarg;
            break;
        case 'v':
            v = true;
            break;
        case 's':
            s = true;
            break;
        case 'p':
            p = true;
            break;
        case 'f':
            f = true;
            break;
        case 'm':
            m = true;
            break;
        case 'd':
            d = true;
            break;
        case 'S':
            S = true;
            break;
        default:
            return vhd_util_usage("query");
        }
    if ( !name || optind != argc || !(v || s || p || f || m || d || S) )
        return vhd_util_usage("query");
    if ( vhd_open(&ctx, name, VHD_OPEN_RDONLY) )
        return vhd_util_fail();
    if ( v )
        printf("%llu\n", (unsigned long long)(vhd_size(&ctx) >> 20));
    if ( s )
        printf("%llu\n", (unsigned long long)ctx.file_size);
    if ( S )
        printf("%llu\n", (unsigned long long)(ctx.footer.type == VHD_TYPE_FIXED
                                                  ? vhd_size(&ctx) >> 20
                                                  : ((uint64_t)ctx.header.max_bat_size *
                                                     ctx.header.block_size) >>
                                                        20));
    if ( p )
    {
        if ( ctx.footer.type != VHD_TYPE_DIFF )
            printf("%s has no parent\n", name);
        else
        {
            char *pp = vhd_parent_path(&ctx);

            if ( pp )
                printf("%s\n", pp);
            else
                rc = 1;
            free(pp);
        }
    }
    if ( f )
        printf("hidden: %u\n", ctx.footer.hidden);
    if ( m )
        printf("marker: %u\n", ctx.has_batmap ? ctx.batmap_hdr.marker : 0);
    if ( d )
    {
        struct vhd_chain ch;

        if ( vhd_chain_open(&ch, name, VHD_OPEN_RDONLY) )
            rc = 1;
        else
        {
            printf("chain depth: %d\n", ch.depth + (ch.raw_fd >= 0));
            vhd_chain_close(&ch);
        }
    }
    vhd_close(&ctx);
    return rc ? vhd_util_fail() : 0;
}

int vhd_util_check(int argc, char **argv)
{
    const char *name = NULL;
    int c, flags = 0;

    optind = 1;
    while ( (c = getopt(argc, argv, "n:ipbh")) != -1 )
        switch ( c )
        {
        case 'n':
            name = optarg;
            break;
        case 'i':
            flags |= VHD_CHECK_NOTIME;
            break;
        case 'p':
            flags |= VHD_CHECK_PARENTS;
            break;
        case 'b':
            flags |= VHD_CHECK_BITMAPS;
            break;
        default:
            return vhd_util_usage("check");
        }
    if ( !name || optind != argc )
        return vhd_util_usage("check");
    if ( vhd_check(PROG, name, flags) )
    {
        printf("%s appears invalid\n", name);
        return 1;
    }
    printf("%s is valid\n", name);
    return 0;
}

int vhd_util_repair(int argc, char **argv)
{
    struct vhd_context ctx;
    const char *name = NULL;
    uint8_t buf[VHD_SECTOR_SIZE];
    struct vhd_footer tail;
    const char *why;
    int c, rc = 0;

    optind = 1;
    while ( (c = getopt(argc, argv, "n:h")) != -1 )
        switch ( c )
        {
        case 'n':
            name = optarg;
            break;
        default:
            return vhd_util_usage("repair");
        }
    if ( !name || optind != argc )
        return vhd_util_usage("repair");
    /* vhd_open() falls back to the backup footer; writing footers restores both copies. */
    if ( vhd_open(&ctx, name, VHD_OPEN_RDWR) )
        return vhd_util_fail();
    if ( ctx.footer.type == VHD_TYPE_FIXED )
        goto out;
    if ( pread(ctx.fd, buf, sizeof(buf), (off_t)(ctx.file_size - VHD_SECTOR_SIZE)) !=
             VHD_SECTOR_SIZE ||
         (vhd_footer_unpack(&tail, buf), vhd_footer_validate(&tail, &why)) )
    {
        /* The end is damaged: the footer goes after everything the BAT points to. */
        if ( ctx.next_db + VHD_SECTOR_SIZE <= ctx.file_size - VHD_SECTOR_SIZE )
            ctx.next_db = ctx.file_size;
        ctx.next_db = (ctx.next_db + VHD_SECTOR_SIZE - 1) & ~(uint64_t)(VHD_SECTOR_SIZE - 1);
        printf("%s: restoring the primary footer at %llu\n", name, (unsigned long long)ctx.next_db);
    }
    rc = vhd_footer_write(&ctx);
    if ( !rc && ctx.has_batmap )
        rc = vhd_batmap_write(&ctx);
    if ( !rc )
    {
        /* A batmap whose checksum failed: start it again empty (always safe). */
        uint64_t off =
            ctx.header.table_offset + (((uint64_t)ctx.header.max_bat_size * 4 + 511) & ~511ull);

        if ( !ctx.has_batmap && pread(ctx.fd, buf, sizeof(buf), (off_t)off) == VHD_SECTOR_SIZE &&
             !memcmp(buf, "tdbatmap", 8) )
        {
            vhd_batmap_header_unpack(&ctx.batmap_hdr, buf);
            if ( ctx.batmap_hdr.batmap_size <= (1u << 20) &&
                 ctx.batmap_hdr.batmap_offset + (uint64_t)ctx.batmap_hdr.batmap_size * 512 <=
                     ctx.file_size )
            {
                ctx.batmap = calloc(ctx.batmap_hdr.batmap_size, VHD_SECTOR_SIZE);
                ctx.has_batmap = ctx.batmap != NULL;
                rc = vhd_batmap_write(&ctx);
                printf("%s: batmap reset\n", name);
            }
        }
    }
    if ( !rc )
        rc = vhd_flush(&ctx);
out:
    vhd_close(&ctx);
    return rc ? vhd_util_fail() : 0;
}

static int scan_one(const char *file, bool pretty)
{
    struct vhd_context ctx;
    char *parent = NULL;

    if ( vhd_open(&ctx, file, VHD_OPEN_RDONLY) )
    {
        printf("vhd=%s scan-error=%d error-message='%s'\n", file, -errno, vhd_error());
        return 1;
    }
    if ( ctx.footer.type == VHD_TYPE_DIFF )
    {
        char *pp = vhd_parent_path(&ctx);

        parent = pp ? pp : vhd_parent_name(&ctx.header);
    }
    printf("%svhd=%s capacity=%llu size=%llu hidden=%u parent=%s\n", pretty ? "   " : "", file,
           (unsigned long long)vhd_size(&ctx), (unsigned long long)ctx.file_size, ctx.footer.hidden,
           parent ? parent : "none");
    free(parent);
    vhd_close(&ctx);
    return 0;
}

int vhd_util_scan(int argc, char **argv)
{
    const char *pattern = NULL;
    bool pretty = false;
    int c, rc = 0;

    optind = 1;
    while ( (c = getopt(argc, argv, "m:fpavlh")) != -1 )
        switch ( c )
        {
        case 'm':
            pattern = optarg;
            break;
        case 'p':
            pretty = true;
            break;
        case 'f':
        case 'a':
        case 'v':
            break;
        case 'l':
            fprintf(stderr, "%s: scan: -l (LVM volume groups) is not supported\n", PROG);
            return 1;
        default:
            return vhd_util_usage("scan");
        }
    if ( !pattern && optind == argc )
        return vhd_util_usage("scan");
    if ( pattern )
    {
        glob_t g;
        int r = glob(pattern, 0, NULL, &g);

        if ( r == 0 )
            for ( size_t i = 0; i < g.gl_pathc; i++ )
                rc |= scan_one(g.gl_pathv[i], pretty);
        else if ( r != GLOB_NOMATCH )
            rc = 1;
        globfree(&g);
    }
    for ( int i = optind; i < argc; i++ )
        rc |= scan_one(argv[i], pretty);
    return rc;
}
