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

static int iso_find(fsi_t *fs, uint32_t lba, uint32_t len, const char *name, uint32_t *elba,
                    uint32_t *elen, uint8_t *flags)
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

            if ( rl == 0 )
                break; /* the rest of this block is padding */
            if ( rl < 34 || p + rl > ISO_BLOCK || 33u + r[32] > rl )
                return fsi__error(-EIO, "%s: ISO 9660: bad directory record", fs->path);
            p += rl;
            if ( r[32] == 1 && (r[33] == 0 || r[33] == 1) )
                continue; /* "." and ".." */
            if ( rr_name(r, rl, nm, sizeof(nm)) )
            {
                if ( strcmp(nm, name) )
                    continue;
            }
            else
            {
                plain_name(r, nm);
                if ( strcasecmp(nm, name) )
                    continue;
            }
            *elba = fsi__le32(r + 2);
            *elen = fsi__le32(r + 10);
            *flags = r[25];
            return 0;
        }
    }
    return -ENOENT;
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
    .close = iso_close,
};
