/* SPDX-License-Identifier: GPL-2.0-only */
/* FAT12/16/32 reader: BPB checks, cluster chains bounded by the cluster count, long names. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "private.h"

#define DIRENT      32
#define ATTR_DIR    0x10
#define ATTR_VOLUME 0x08
#define ATTR_LFN    0x0f

struct fat {
    unsigned int bits;      /* 12, 16 or 32 */
    uint32_t sector, csize; /* bytes per sector, bytes per cluster */
    uint64_t fat_off;       /* byte offset of the first FAT */
    uint64_t root_off;      /* FAT12/16 fixed root directory */
    uint32_t root_bytes;
    uint32_t root_cluster; /* FAT32 */
    uint64_t data_off;     /* byte offset of cluster 2 */
    uint32_t nclusters;    /* clusters 2 .. nclusters + 1 exist */
    uint8_t cache[512];    /* one FAT sector's worth, for chain walks */
    uint64_t cache_off;
    bool cache_ok;
};

static int fat_mount(fsi_t *fs)
{
    uint8_t b[512];
    struct fat *fat;
    uint32_t bps, spc, rsv, nfats, rootents, total, fatsz, rootsec, datasec;
    int rc;

    if ( fs->dev_size < 512 || fsi__dev_read(fs, b, 512, 0) )
        return -EINVAL;
    bps = fsi__le16(b + 11);
    spc = b[13];
    rsv = fsi__le16(b + 14);
    nfats = b[16];
    rootents = fsi__le16(b + 17);
    total = fsi__le16(b + 19) ? fsi__le16(b + 19) : fsi__le32(b + 32);
    fatsz = fsi__le16(b + 22) ? fsi__le16(b + 22) : fsi__le32(b + 36);
    if ( fsi__le16(b + 510) != 0xaa55 || (b[0] != 0xeb && b[0] != 0xe9) || bps < 512 ||
         bps > 4096 || (bps & (bps - 1)) || !spc || (spc & (spc - 1)) || !rsv || !nfats ||
         nfats > 4 || !fatsz || !total )
        return -EINVAL;
    rootsec = (rootents * DIRENT + bps - 1) / bps;
    if ( (uint64_t)rsv + (uint64_t)nfats * fatsz + rootsec >= total )
        return fsi__error(-EIO, "%s: FAT: layout larger than the filesystem", fs->path);
    datasec = total - rsv - nfats * fatsz - rootsec;
    fat = calloc(1, sizeof(*fat));
    if ( !fat )
        return fsi__error(-ENOMEM, "out of memory");
    fat->sector = bps;
    fat->csize = bps * spc;
    fat->nclusters = datasec / spc;
    fat->bits = fat->nclusters < 4085 ? 12 : fat->nclusters < 65525 ? 16 : 32;
    fat->fat_off = (uint64_t)rsv * bps;
    fat->root_off = fat->fat_off + (uint64_t)nfats * fatsz * bps;
    fat->root_bytes = rootsec * bps;
    fat->data_off = fat->root_off + fat->root_bytes;
    rc = 0;
    if ( fat->bits == 32 )
    {
        fat->root_cluster = fsi__le32(b + 44) & 0x0fffffff;
        if ( fat->root_cluster < 2 || fat->root_cluster >= fat->nclusters + 2 )
            rc =
                fsi__error(-EIO, "%s: FAT32: root cluster %u invalid", fs->path, fsi__le32(b + 44));
    }
    else if ( !rootents )
        rc = fsi__error(-EIO, "%s: FAT%u: no root directory entries", fs->path, fat->bits);
    /* The FAT itself must hold an entry for every cluster. */
    if ( !rc && (uint64_t)fatsz * bps * 8 < ((uint64_t)fat->nclusters + 2) * fat->bits )
        rc = fsi__error(-EIO, "%s: FAT too small for %u clusters", fs->path, fat->nclusters);
    if ( rc )
    {
        free(fat);
        return rc;
    }
    fs->priv = fat;
    return 0;
}

static void fat_umount(fsi_t *fs)
{
    free(fs->priv);
    fs->priv = NULL;
}

/* Next cluster after @c, or 0 at the end of the chain; -errno on a bad chain. */
static int64_t fat_next(fsi_t *fs, uint32_t c)
{
    struct fat *fat = fs->priv;
    uint64_t pos = (uint64_t)c * fat->bits / 8, blk = pos & ~(uint64_t)511;
    uint8_t t[2];
    uint32_t v;
    int rc;

    if ( fat->bits == 12 )
    {
        /* 12-bit entries may straddle a sector: read the two bytes that hold it. */
        rc = fsi__dev_read(fs, t, 2, fat->fat_off + pos);
        if ( rc )
            return rc;
        v = fsi__le16(t);
        v = (c & 1) ? v >> 4 : v & 0xfff;
    }
    else
    {
        if ( !fat->cache_ok || fat->cache_off != blk )
        {
            rc = fsi__dev_read(fs, fat->cache, 512, fat->fat_off + blk);
            if ( rc )
                return rc;
            fat->cache_off = blk;
            fat->cache_ok = true;
        }
        pos &= 511;
        v = fat->bits == 16 ? fsi__le16(fat->cache + pos)
                            : fsi__le32(fat->cache + pos) & 0x0fffffff;
    }
    if ( v >= (fat->bits == 12 ? 0xff8u : fat->bits == 16 ? 0xfff8u : 0x0ffffff8u) )
        return 0;
    if ( v < 2 || v >= fat->nclusters + 2 )
        return fsi__error(-EIO, "%s: FAT: bad cluster %u in chain", fs->path, v);
    return v;
}

static uint64_t cluster_off(const struct fat *fat, uint32_t c)
{
    return fat->data_off + (uint64_t)(c - 2) * fat->csize;
}

/*
 * Where byte @off of the chain starting at @first lies, and how many bytes (at most @want)
 * follow contiguously over consecutive clusters. u[1] and u[2] remember the position
 * (cluster index, cluster) so that sequential access walks the chain once.
 */
static int chain_map(fsi_file_t *f, uint32_t first, uint64_t off, uint64_t want, uint64_t *dev_off,
                     uint64_t *len)
{
    fsi_t *fs = f->fs;
    struct fat *fat = fs->priv;
    uint64_t idx = off / fat->csize, cur_idx = f->u[1], run = 1;
    uint32_t c = (uint32_t)f->u[2], in = (uint32_t)(off % fat->csize), last;
    int64_t nx;

    if ( !c || cur_idx > idx )
    {
        c = first;
        cur_idx = 0;
    }
    while ( cur_idx < idx )
    {
        if ( cur_idx > fat->nclusters )
            return fsi__error(-EIO, "%s: FAT: cluster chain loops", fs->path);
        nx = fat_next(fs, c);
        if ( nx <= 0 )
            return nx ? (int)nx : fsi__error(-EIO, "%s: FAT: file shorter than its size", fs->path);
        c = (uint32_t)nx;
        cur_idx++;
    }
    if ( c < 2 || c >= fat->nclusters + 2 )
        return fsi__error(-EIO, "%s: FAT: bad cluster %u", fs->path, c);
    /* Extend the run over clusters that follow each other on disk. */
    for ( last = c; run * fat->csize - in < want; run++, last++ )
    {
        nx = fat_next(fs, last);
        if ( nx != (int64_t)last + 1 )
            break;
    }
    f->u[1] = cur_idx + run - 1;
    f->u[2] = last;
    *dev_off = cluster_off(fat, c) + in;
    *len = run * fat->csize - in;
    if ( *len > want )
        *len = want;
    return 0;
}

/* Read @len bytes at @off of the chain starting at @first (directories). */
static ssize_t chain_read(fsi_file_t *f, uint32_t first, void *buf, size_t len, uint64_t off)
{
    size_t done = 0;

    while ( done < len )
    {
        uint64_t dev_off, run;
        int rc = chain_map(f, first, off + done, len - done, &dev_off, &run);

        if ( !rc )
            rc = fsi__dev_read(f->fs, (char *)buf + done, (size_t)run, dev_off);
        if ( rc )
            return rc;
        done += (size_t)run;
    }
    return (ssize_t)done;
}

struct fat_dirent {
    char name[256];
    char sname[13]; /* the 8.3 name */
    uint8_t attr;
    uint32_t cluster, size;
};

/* Compose the 8.3 name "NAME.EXT" of entry @e. */
static void short_name(const uint8_t *e, char *out)
{
    int i, n = 0, last = 0;

    for ( i = 0; i < 8; i++ )
        if ( e[i] != ' ' )
            last = i + 1;
    for ( i = 0; i < last; i++ )
        out[n++] = (char)(i == 0 && e[0] == 0x05 ? 0xe5 : e[i]);
    last = 0;
    for ( i = 8; i < 11; i++ )
        if ( e[i] != ' ' )
            last = i - 7;
    if ( last )
        out[n++] = '.';
    for ( i = 0; i < last; i++ )
        out[n++] = (char)e[8 + i];
    out[n] = '\0';
}

static uint8_t lfn_sum(const uint8_t *e)
{
    uint8_t s = 0;
    int i;

    for ( i = 0; i < 11; i++ )
        s = (uint8_t)(((s & 1) << 7) + (s >> 1) + e[i]);
    return s;
}

/* Called for each entry of a directory; returns 1 to stop the walk, 0 to go on, or -errno. */
typedef int fat_walk_fn(void *ctx, const struct fat_dirent *d);

/*
 * Walk the directory at cluster @dir (0: the FAT12/16 root), at most 64 MiB of it, giving
 * each entry with its long name when a valid one precedes it. Returns the callback's 1, 0
 * at the end of the directory, or -errno.
 */
static int fat_walk(fsi_t *fs, fsi_file_t *dirf, uint32_t dir, fat_walk_fn *cb, void *ctx)
{
    static const int pos[13] = {1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30};
    struct fat *fat = fs->priv;
    struct fat_dirent d;
    uint8_t e[DIRENT];
    char lfn[256];
    int lfn_ok = 0, lfn_seq = 0, rc;
    uint8_t lfn_chk = 0;
    uint64_t off, limit = dir ? ((uint64_t)fat->nclusters * fat->csize) : fat->root_bytes;

    memset(lfn, 0, sizeof(lfn));
    dirf->u[1] = dirf->u[2] = 0;
    for ( off = 0; off < limit && off < (64u << 20); off += DIRENT )
    {
        if ( dir )
        {
            if ( chain_read(dirf, dir, e, DIRENT, off) < 0 )
                return 0; /* the chain ends: so does the directory */
        }
        else if ( (rc = fsi__dev_read(fs, e, DIRENT, fat->root_off + off)) )
            return rc;
        if ( e[0] == 0 )
            break;
        if ( e[0] == 0xe5 )
        {
            lfn_ok = 0;
            continue;
        }
        if ( e[11] == ATTR_LFN )
        {
            int seq = e[0] & 0x1f, i, k;

            if ( e[0] & 0x40 )
            {
                memset(lfn, 0, sizeof(lfn));
                lfn_ok = 1;
                lfn_seq = seq + 1;
                lfn_chk = e[13];
            }
            if ( !lfn_ok || seq != lfn_seq - 1 || e[13] != lfn_chk || seq < 1 || seq > 19 )
            {
                lfn_ok = 0;
                continue;
            }
            lfn_seq = seq;
            for ( i = 0; i < 13; i++ )
            {
                uint16_t ch = fsi__le16(e + pos[i]);

                k = (seq - 1) * 13 + i;
                if ( ch == 0 || ch == 0xffff || k >= 255 )
                    break;
                lfn[k] = (char)(ch < 0x80 ? ch : '?');
            }
            continue;
        }
        if ( e[11] & ATTR_VOLUME )
        {
            lfn_ok = 0;
            continue;
        }
        short_name(e, d.sname);
        if ( lfn_ok && lfn_seq == 1 && lfn_chk == lfn_sum(e) )
            memcpy(d.name, lfn, sizeof(lfn));
        else
            memcpy(d.name, d.sname, sizeof(d.sname));
        lfn_ok = 0;
        d.attr = e[11];
        d.cluster = fsi__le16(e + 26) | (fat->bits == 32 ? (uint32_t)fsi__le16(e + 20) << 16 : 0);
        d.size = fsi__le32(e + 28);
        rc = cb(ctx, &d);
        if ( rc )
            return rc;
    }
    return 0;
}

struct fat_match {
    const char *name;
    struct fat_dirent *out;
};

static int match_one(void *ctx, const struct fat_dirent *d)
{
    struct fat_match *m = ctx;

    if ( strcasecmp(d->name, m->name) && strcasecmp(d->sname, m->name) )
        return 0;
    *m->out = *d;
    return 1;
}

/* Find @name in the directory at cluster @dir; long and 8.3 names match case-insensitively. */
static int fat_find(fsi_t *fs, fsi_file_t *dirf, uint32_t dir, const char *name,
                    struct fat_dirent *out)
{
    struct fat_match m = {name, out};
    int rc = fat_walk(fs, dirf, dir, match_one, &m);

    return rc == 1 ? 0 : rc ? rc : -ENOENT;
}

static int fat_open(fsi_t *fs, const char *path, char *const *comps, size_t n, fsi_file_t *f)
{
    struct fat *fat = fs->priv;
    struct fat_dirent d = {.attr = 0};
    uint32_t dir = fat->bits == 32 ? fat->root_cluster : 0;
    size_t i;
    int rc;

    for ( i = 0; i < n; i++ )
    {
        rc = fat_find(fs, f, dir, comps[i], &d);
        if ( rc == -ENOENT )
            return fsi__error(-ENOENT, "%s: no such file", path);
        if ( rc )
            return rc;
        if ( i + 1 < n )
        {
            if ( !(d.attr & ATTR_DIR) )
                return fsi__error(-ENOENT, "%s: %s is not a directory", path, comps[i]);
            dir = d.cluster;
            if ( dir == 0 && fat->bits == 32 )
                dir = fat->root_cluster;
            if ( dir != 0 && (dir < 2 || dir >= fat->nclusters + 2) )
                return fsi__error(-EIO, "%s: FAT: bad directory cluster %u", path, dir);
        }
    }
    if ( d.attr & ATTR_DIR )
        return fsi__error(-EISDIR, "%s: is a directory", path);
    if ( d.size && (d.cluster < 2 || d.cluster >= fat->nclusters + 2) )
        return fsi__error(-EIO, "%s: FAT: bad first cluster %u", path, d.cluster);
    f->size = d.size;
    f->u[0] = d.cluster;
    f->u[1] = f->u[2] = 0;
    return 0;
}

static int fat_map(fsi_file_t *f, uint64_t off, uint64_t want, uint64_t *dev_off, uint64_t *len)
{
    return chain_map(f, (uint32_t)f->u[0], off, want, dev_off, len);
}

static void fat_close(fsi_file_t *f)
{
    (void)f;
}

static int list_one(void *ctx, const struct fat_dirent *d)
{
    return fsi__names_add(ctx, d->name, strlen(d->name));
}

static int fat_list(fsi_t *fs, const char *norm, size_t max, char ***names, size_t *count)
{
    struct fat *fat = fs->priv;
    struct fsi_names l = {NULL, 0, max};
    fsi_file_t dirf = {.fs = fs};
    uint32_t dir = fat->bits == 32 ? fat->root_cluster : 0;
    int rc = 0;

    if ( strcmp(norm, "/") )
    {
        /* Open the directory as a file would be, without the final "is a directory" check. */
        char *copy = strdup(norm + 1), *comp, *save = NULL;
        struct fat_dirent d = {.attr = ATTR_DIR};

        if ( !copy )
            return fsi__error(-ENOMEM, "out of memory");
        for ( comp = strtok_r(copy, "/", &save); comp && !rc; comp = strtok_r(NULL, "/", &save) )
        {
            rc = fat_find(fs, &dirf, dir, comp, &d);
            if ( !rc && !(d.attr & ATTR_DIR) )
                rc = -ENOTDIR;
            if ( !rc )
                dir = d.cluster ? d.cluster : (fat->bits == 32 ? fat->root_cluster : 0);
            if ( !rc && dir && (dir < 2 || dir >= fat->nclusters + 2) )
                rc = -EIO;
        }
        free(copy);
        if ( rc )
            return fsi__error(rc, "%s: no such directory", norm);
    }
    rc = fat_walk(fs, &dirf, dir, list_one, &l);
    if ( rc < 0 )
    {
        fsi_dir_free(l.names, l.n);
        return rc;
    }
    *names = l.names;
    *count = l.n;
    return 0;
}

const struct fsi_ops fsi__fat_ops = {
    .name = "fat",
    .mount = fat_mount,
    .umount = fat_umount,
    .open = fat_open,
    .map = fat_map,
    .list = fat_list,
    .close = fat_close,
};
