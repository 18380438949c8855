/* SPDX-License-Identifier: GPL-2.0-only */
/* ISO 9660 reader: primary volume descriptor, directory records, Rock Ridge NM names. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "private.h"

#define ISO_BLOCK    2048u
#define ISO_PVD_OFF  (16u * ISO_BLOCK)
#define ISO_FLAG_DIR 0x02
#define ISO_MAX_DIR  (16u << 20)

struct iso {
    uint32_t root_lba, root_len;
};

static int iso_mount(fsi_t *fs)
{
    uint8_t pvd[ISO_BLOCK];
    struct iso *iso;

    if ( fs->dev_size < ISO_PVD_OFF + ISO_BLOCK || fsi__dev_read(fs, pvd, ISO_BLOCK, ISO_PVD_OFF) ||
         pvd[0] != 1 || memcmp(pvd + 1, "CD001", 5) )
        return -EINVAL;
    if ( fsi__le16(pvd + 128) != ISO_BLOCK )
        return fsi__error(-EIO, "%s: ISO 9660: block size %u not supported", fs->path,
                          fsi__le16(pvd + 128));
    iso = calloc(1, sizeof(*iso));
    if ( !iso )
        return fsi__error(-ENOMEM, "out of memory");
    iso->root_lba = fsi__le32(pvd + 156 + 2);
    iso->root_len = fsi__le32(pvd + 156 + 10);
    fs->priv = iso;
    return 0;
}

static void iso_umount(fsi_t *fs)
{
    free(fs->priv);
    fs->priv = NULL;
}

/* The Rock Ridge NM name in the system use area of record @r (@len bytes), if any. */
static bool rr_name(const uint8_t *r, size_t len, char *out, size_t outsz)
{
    size_t p = 33 + r[32], n = 0;

    if ( !(r[32] & 1) )
        p++;
    while ( p + 4 <= len )
    {
        uint8_t l = r[p + 2];

        if ( l < 4 || p + l > len )
            break;
        if ( r[p] == 'N' && r[p + 1] == 'M' && l >= 5 )
        {
            size_t k = l - 5u;

            if ( n + k >= outsz )
                return false;
            memcpy(out + n, r + p + 5, k);
            n += k;
            out[n] = '\0';
            if ( !(r[p + 4] & 1) ) /* no CONTINUE flag */
                return n > 0;
        }
        p += l;
    }
    return n > 0;
}

/* The plain ISO name of @r without ";1" and a trailing '.'. */
static void plain_name(const uint8_t *r, char *out)
{
    size_t n = r[32];

    memcpy(out, r + 33, n);
    out[n] = '\0';
    if ( strchr(out, ';') )
        *strchr(out, ';') = '\0';
    n = strlen(out);
    if ( n && out[n - 1] == '.' )
        out[n - 1] = '\0';
}

/* One directory record as the walk gives it. */
struct iso_rec {
    const char *name; /* Rock Ridge name, else the plain name without ";1" */
    bool rock_ridge;
    uint32_t lba, len;
    uint8_t flags;
};

/* Called for each record; returns 1 to stop, 0 to go on, or -errno. */
typedef int iso_walk_fn(void *ctx, const struct iso_rec *r);

/* Walk the directory extent at @lba of @len bytes (at most 16 MiB), skipping "." and "..". */
static int iso_walk(fsi_t *fs, uint32_t lba, uint32_t len, iso_walk_fn *cb, void *ctx)
{
    uint8_t blk[ISO_BLOCK];
    char nm[256];
    uint32_t off;
    int rc;

    if ( len > ISO_MAX_DIR )
        len = ISO_MAX_DIR;
    for ( off = 0; off < len; off += ISO_BLOCK )
    {
        size_t p = 0;

        rc = fsi__dev_read(fs, blk, ISO_BLOCK, (uint64_t)lba * ISO_BLOCK + off);
        if ( rc )
            return rc;
        while ( p + 34 <= ISO_BLOCK )
        {
            const uint8_t *r = blk + p;
            uint8_t rl = r[0];
            struct iso_rec rec;

            if ( rl == 0 )
                break; /* the rest of this block is padding */
            if ( rl < 34 || p + rl > ISO_BLOCK || 33u + r[32] > rl )
                return fsi__error(-EIO, "%s: ISO 9660: bad directory record", fs->path);
            p += rl;
            if ( r[32] == 1 && (r[33] == 0 || r[33] == 1) )
                continue; /* "." and ".." */
            rec.rock_ridge = rr_name(r, rl, nm, sizeof(nm));
            if ( !rec.rock_ridge )
                plain_name(r, nm);
            rec.name = nm;
            rec.lba = fsi__le32(r + 2);
            rec.len = fsi__le32(r + 10);
            rec.flags = r[25];
            rc = cb(ctx, &rec);
            if ( rc )
                return rc;
        }
    }
    return 0;
}

struct iso_match {
    const char *name;
    struct iso_rec *out;
};

static int match_one(void *ctx, const struct iso_rec *r)
{
    struct iso_match *m = ctx;

    /* Rock Ridge names are exact; plain ISO names are upper case: match any case. */
    if ( r->rock_ridge ? strcmp(r->name, m->name) : strcasecmp(r->name, m->name) )
        return 0;
    *m->out = *r;
    m->out->name = NULL;
    return 1;
}

static int iso_find(fsi_t *fs, uint32_t lba, uint32_t len, const char *name, uint32_t *elba,
                    uint32_t *elen, uint8_t *flags)
{
    struct iso_rec r;
    struct iso_match m = {name, &r};
    int rc = iso_walk(fs, lba, len, match_one, &m);

    if ( rc != 1 )
        return rc ? rc : -ENOENT;
    *elba = r.lba;
    *elen = r.len;
    *flags = r.flags;
    return 0;
}

static int list_one(void *ctx, const struct iso_rec *r)
{
    return fsi__names_add(ctx, r->name, strlen(r->name));
}

static int iso_list(fsi_t *fs, const char *norm, size_t max, char ***names, size_t *count)
{
    struct iso *iso = fs->priv;
    struct fsi_names l = {NULL, 0, max};
    uint32_t lba = iso->root_lba, len = iso->root_len;
    uint8_t flags = ISO_FLAG_DIR;
    char *copy = strdup(norm), *comp, *save = NULL;
    int rc = 0;

    if ( !copy )
        return fsi__error(-ENOMEM, "out of memory");
    for ( comp = strtok_r(copy, "/", &save); comp && !rc; comp = strtok_r(NULL, "/", &save) )
    {
        rc = iso_find(fs, lba, len, comp, &lba, &len, &flags);
        if ( !rc && !(flags & ISO_FLAG_DIR) )
            rc = -ENOTDIR;
    }
    free(copy);
    if ( rc )
        return fsi__error(rc, "%s: no such directory", norm);
    rc = iso_walk(fs, lba, len, list_one, &l);
    if ( rc < 0 )
    {
        fsi_dir_free(l.names, l.n);
        return rc;
    }
    *names = l.names;
    *count = l.n;
    return 0;
}

static int iso_open(fsi_t *fs, const char *path, char *const *comps, size_t n, fsi_file_t *f)
{
    struct iso *iso = fs->priv;
    uint32_t lba = iso->root_lba, len = iso->root_len;
    uint8_t flags = ISO_FLAG_DIR;
    size_t i;
    int rc;

    for ( i = 0; i < n; i++ )
    {
        if ( !(flags & ISO_FLAG_DIR) )
            return fsi__error(-ENOENT, "%s: %s is not a directory", path, comps[i - 1]);
        rc = iso_find(fs, lba, len, comps[i], &lba, &len, &flags);
        if ( rc == -ENOENT )
            return fsi__error(-ENOENT, "%s: no such file", path);
        if ( rc )
            return rc;
    }
    if ( flags & ISO_FLAG_DIR )
        return fsi__error(-EISDIR, "%s: is a directory", path);
    if ( (uint64_t)lba * ISO_BLOCK + len > fs->dev_size )
        return fsi__error(-EIO, "%s: extent past the end of the image", path);
    f->size = len;
    f->u[0] = lba;
    return 0;
}

static int iso_map(fsi_file_t *f, uint64_t off, uint64_t want, uint64_t *dev_off, uint64_t *len)
{
    *dev_off = f->u[0] * ISO_BLOCK + off;
    *len = want;
    return 0;
}

static void iso_close(fsi_file_t *f)
{
    (void)f;
}

const struct fsi_ops fsi__iso_ops = {
    .name = "iso9660",
    .mount = iso_mount,
    .umount = iso_umount,
    .open = iso_open,
    .map = iso_map,
    .list = iso_list,
    .close = iso_close,
};
