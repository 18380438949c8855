/* SPDX-License-Identifier: GPL-2.0-only */
/* vhd-util commands that make or reshape images: create, snapshot, resize, modify, set,
 * revert. */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "vhd_util.h"

int vhd_util_create(int argc, char **argv)
{
    struct vhd_create_opts o = {.type = VHD_TYPE_DYNAMIC, .batmap = true};
    const char *name = NULL;
    uint64_t mb = 0, max_mb = 0;
    bool have_size = false;
    int c;

    optind = 1;
    while ( (c = getopt(argc, argv, "n:s:rS:h")) != -1 )
        switch ( c )
        {
        case 'n':
            name = optarg;
            break;
        case 's':
            if ( vhd_util_number(optarg, &mb) )
                return fprintf(stderr, "%s: create: invalid size '%s'\n", PROG, optarg), 1;
            have_size = true;
            break;
        case 'S':
            if ( vhd_util_number(optarg, &max_mb) )
                return fprintf(stderr, "%s: create: invalid size '%s'\n", PROG, optarg), 1;
            break;
        case 'r':
            o.type = VHD_TYPE_FIXED;
            break;
        default:
            return vhd_util_usage("create");
        }
    if ( !name || !have_size || optind != argc )
        return vhd_util_usage("create");
    if ( mb > (VHD_MAX_SIZE >> 20) || max_mb > (VHD_MAX_SIZE >> 20) )
    {
        fprintf(stderr, "%s: %s: size %llu MB is past the 2 TiB limit\n", PROG, name,
                (unsigned long long)(mb > max_mb ? mb : max_mb));
        return 1;
    }
    o.size = mb << 20;
    o.max_size = max_mb << 20;
    return vhd_create(name, &o) ? vhd_util_fail() : 0;
}

int vhd_util_snapshot(int argc, char **argv)
{
    const char *name = NULL, *parent = NULL;
    bool raw = false;
    uint64_t mb = 0;
    int c;

    optind = 1;
    while ( (c = getopt(argc, argv, "n:p:mS:l:eh")) != -1 )
        switch ( c )
        {
        case 'n':
            name = optarg;
            break;
        case 'p':
            parent = optarg;
            break;
        case 'm':
            raw = true;
            break;
        case 'S':
            if ( vhd_util_number(optarg, &mb) || mb > (VHD_MAX_SIZE >> 20) )
                return fprintf(stderr, "%s: snapshot: invalid size '%s'\n", PROG, optarg), 1;
            break;
        case 'l':
        case 'e':
            break; /* chain-depth limit and empty-check: accepted, nothing to do */
        default:
            return vhd_util_usage("snapshot");
        }
    if ( !name || !parent || optind != argc )
        return vhd_util_usage("snapshot");
    return vhd_snapshot(name, parent, raw, mb << 20) ? vhd_util_fail() : 0;
}

int vhd_util_resize(int argc, char **argv)
{
    struct vhd_context ctx;
    const char *name = NULL, *journal = NULL;
    uint64_t mb = 0;
    bool have_size = false;
    int c, rc;

    optind = 1;
    while ( (c = getopt(argc, argv, "n:s:j:fh")) != -1 )
        switch ( c )
        {
        case 'n':
            name = optarg;
            break;
        case 's':
            if ( vhd_util_number(optarg, &mb) || mb > (VHD_MAX_SIZE >> 20) )
                return fprintf(stderr, "%s: resize: invalid size '%s'\n", PROG, optarg), 1;
            have_size = true;
            break;
        case 'j':
            journal = optarg;
            break;
        case 'f':
            break; /* blktap2's "fast" mode: our resize never moves data blocks */
        default:
            return vhd_util_usage("resize");
        }
    if ( !name || !have_size || optind != argc )
        return vhd_util_usage("resize");
    if ( vhd_open(&ctx, name, VHD_OPEN_RDWR) )
        return vhd_util_fail();
    if ( mb << 20 < vhd_size(&ctx) )
    {
        rc = vhd_set_error(EINVAL, "%s: shrinking (%llu to %llu bytes) is not supported", name,
                           (unsigned long long)vhd_size(&ctx), (unsigned long long)(mb << 20));
        goto out;
    }
    /* The journal holds everything the resize may overwrite, on disk before it starts. */
    if ( journal && (rc = vhd_journal_create(&ctx, journal)) )
        goto out;
    vhd_fail_point("RESIZE_BEGIN");
    rc = vhd_resize(&ctx, mb << 20);
    if ( !rc )
        rc = vhd_flush(&ctx);
    vhd_fail_point("RESIZE_END");
    vhd_close(&ctx);
    if ( !journal )
        return rc ? vhd_util_fail() : 0;
    if ( !rc )
        return vhd_journal_remove(journal) ? vhd_util_fail() : 0;
    /* Failed half-way: put the image back as it was. */
    fprintf(stderr, "%s: %s\n", PROG, vhd_error());
    if ( vhd_journal_revert(name, journal) || vhd_journal_remove(journal) )
        return fprintf(stderr, "%s: %s: not restored: %s\n", PROG, name, vhd_error()), 1;
    fprintf(stderr, "%s: %s: restored from %s as it was before the resize\n", PROG, name, journal);
    return 1;
out:
    vhd_close(&ctx);
    return rc ? vhd_util_fail() : 0;
}

int vhd_util_modify(int argc, char **argv)
{
    struct vhd_context ctx;
    const char *name = NULL, *parent = NULL;
    bool raw = false, have_size = false;
    uint64_t bytes = 0;
    int c, rc = 0;

    optind = 1;
    while ( (c = getopt(argc, argv, "n:p:ms:h")) != -1 )
        switch ( c )
        {
        case 'n':
            name = optarg;
            break;
        case 'p':
            parent = optarg;
            break;
        case 'm':
            raw = true;
            break;
        case 's':
            if ( vhd_util_number(optarg, &bytes) )
                return fprintf(stderr, "%s: modify: invalid size '%s'\n", PROG, optarg), 1;
            have_size = true;
            break;
        default:
            return vhd_util_usage("modify");
        }
    if ( !name || (!parent && !have_size) || optind != argc )
        return vhd_util_usage("modify");
    if ( vhd_open(&ctx, name, VHD_OPEN_RDWR) )
        return vhd_util_fail();
    if ( parent )
        rc = vhd_set_parent(&ctx, parent, raw);
    if ( !rc && have_size )
        rc = vhd_resize(&ctx, bytes);
    if ( !rc )
        rc = vhd_flush(&ctx);
    vhd_close(&ctx);
    return rc ? vhd_util_fail() : 0;
}

int vhd_util_set(int argc, char **argv)
{
    struct vhd_context ctx;
    const char *name = NULL, *field = NULL, *value = NULL;
    uint64_t v;
    int c, rc;

    optind = 1;
    while ( (c = getopt(argc, argv, "n:f:v:h")) != -1 )
        switch ( c )
        {
        case 'n':
            name = optarg;
            break;
        case 'f':
            field = optarg;
            break;
        case 'v':
            value = optarg;
            break;
        default:
            return vhd_util_usage("set");
        }
    if ( !name || !field || !value || optind != argc )
        return vhd_util_usage("set");
    if ( vhd_util_number(value, &v) || v > 255 )
        return fprintf(stderr, "%s: set: invalid value '%s'\n", PROG, value), 1;
    if ( strcmp(field, "hidden") && strcmp(field, "marker") )
        return fprintf(stderr, "%s: set: unknown field '%s' (hidden, marker)\n", PROG, field), 1;
    if ( vhd_open(&ctx, name, VHD_OPEN_RDWR) )
        return vhd_util_fail();
    if ( !strcmp(field, "hidden") )
    {
        ctx.footer.hidden = (uint8_t)v;
        rc = vhd_footer_write(&ctx);
    }
    else if ( !ctx.has_batmap )
        rc = vhd_set_error(EINVAL, "%s: no batmap to hold the marker", name);
    else
    {
        ctx.batmap_hdr.marker = (uint8_t)v;
        rc = vhd_batmap_write(&ctx);
    }
    if ( !rc )
        rc = vhd_flush(&ctx);
    vhd_close(&ctx);
    return rc ? vhd_util_fail() : 0;
}

int vhd_util_revert(int argc, char **argv)
{
    const char *name = NULL, *journal = NULL;
    int c;

    optind = 1;
    while ( (c = getopt(argc, argv, "n:j:h")) != -1 )
        switch ( c )
        {
        case 'n':
            name = optarg;
            break;
        case 'j':
            journal = optarg;
            break;
        default:
            return vhd_util_usage("revert");
        }
    if ( !name || !journal || optind != argc )
        return vhd_util_usage("revert");
    if ( vhd_journal_revert(name, journal) || vhd_journal_remove(journal) )
        return vhd_util_fail();
    return 0;
}
