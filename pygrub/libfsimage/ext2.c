/* SPDX-License-Identifier: GPL-2.0-only */
/* ext2/3/4 through e2fsprogs' libext2fs, read only, at any byte offset of the image. */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <et/com_err.h>
#include <ext2fs/ext2fs.h>

#include "private.h"

#define EXT2_SB_OFFSET    1024
#define EXT2_SB_MAGIC_OFF 56
#define EXT2_SB_MAGIC     0xef53

static pthread_once_t et_once = PTHREAD_ONCE_INIT;

static void et_init(void)
{
    initialize_ext2_error_table();
}

/*
 * libext2fs reads the image through this I/O manager: the fsi_t's own descriptor at its
 * offset, read only, bounded by the device size. The filesystem being mounted is handed to
 * the manager's open() through a per-thread variable, as open() only gets a name.
 */
static __thread fsi_t *mounting;

static struct struct_io_manager fsi_io_manager;

static errcode_t fio_open(const char *name, int flags, io_channel *out)
{
    io_channel ch;

    if ( !mounting )
        return EXT2_ET_BAD_DEVICE_NAME;
    if ( flags & IO_FLAG_RW )
        return EXT2_ET_RO_FILSYS;
    ch = calloc(1, sizeof(*ch));
    if ( !ch )
        return EXT2_ET_NO_MEMORY;
    ch->name = strdup(name);
    if ( !ch->name )
    {
        free(ch);
        return EXT2_ET_NO_MEMORY;
    }
    ch->magic = EXT2_ET_MAGIC_IO_CHANNEL;
    ch->manager = &fsi_io_manager;
    ch->block_size = 1024;
    ch->refcount = 1;
    ch->private_data = mounting;
    *out = ch;
    return 0;
}

static errcode_t fio_close(io_channel ch)
{
    if ( --ch->refcount > 0 )
        return 0;
    free(ch->name);
    free(ch);
    return 0;
}

static errcode_t fio_set_blksize(io_channel ch, int blksize)
{
    if ( blksize <= 0 || blksize > (1 << 20) )
        return EXT2_ET_INVALID_ARGUMENT;
    ch->block_size = blksize;
    return 0;
}

static errcode_t fio_read_blk64(io_channel ch, unsigned long long block, int count, void *data)
{
    fsi_t *fs = ch->private_data;
    uint64_t size =
        count < 0 ? (uint64_t) - (int64_t)count : (uint64_t)count * (uint64_t)ch->block_size;

    if ( size > (1u << 30) || block > UINT64_MAX / (uint64_t)ch->block_size ||
         fsi__dev_read(fs, data, (size_t)size, block * (uint64_t)ch->block_size) )
    {
        if ( size <= (1u << 30) )
            memset(data, 0, (size_t)size);
        return EXT2_ET_SHORT_READ;
    }
    return 0;
}

static errcode_t fio_read_blk(io_channel ch, unsigned long block, int count, void *data)
{
    return fio_read_blk64(ch, block, count, data);
}

static errcode_t fio_write_blk64(io_channel ch, unsigned long long block, int count,
                                 const void *data)
{
    (void)ch;
    (void)block;
    (void)count;
    (void)data;
    return EXT2_ET_RO_FILSYS;
}

static errcode_t fio_write_blk(io_channel ch, unsigned long block, int count, const void *data)
{
    return fio_write_blk64(ch, block, count, data);
}

static errcode_t fio_write_byte(io_channel ch, unsigned long offset, int count, const void *data)
{
    return fio_write_blk64(ch, offset, count, data);
}

static errcode_t fio_flush(io_channel ch)
{
    (void)ch;
    return 0;
}

static errcode_t fio_set_option(io_channel ch, const char *option, const char *arg)
{
    (void)ch;
    (void)option;
    (void)arg;
    return EXT2_ET_INVALID_ARGUMENT;
}

static struct struct_io_manager fsi_io_manager = {
    .magic = EXT2_ET_MAGIC_IO_MANAGER,
    .name = "libfsimage",
    .open = fio_open,
    .close = fio_close,
    .set_blksize = fio_set_blksize,
    .read_blk = fio_read_blk,
    .write_blk = fio_write_blk,
    .flush = fio_flush,
    .write_byte = fio_write_byte,
    .set_option = fio_set_option,
    .read_blk64 = fio_read_blk64,
    .write_blk64 = fio_write_blk64,
};

static int ext_mount(fsi_t *fs)
{
    uint8_t magic[2];
    ext2_filsys e2 = NULL;
    errcode_t err;

    if ( fsi__dev_read(fs, magic, 2, EXT2_SB_OFFSET + EXT2_SB_MAGIC_OFF) ||
         fsi__le16(magic) != EXT2_SB_MAGIC )
        return -EINVAL;
    pthread_once(&et_once, et_init);
    mounting = fs;
    err = ext2fs_open2(fs->path, NULL, EXT2_FLAG_64BITS | EXT2_FLAG_IGNORE_CSUM_ERRORS, 0, 0,
                       &fsi_io_manager, &e2);
    mounting = NULL;
    if ( err )
        return fsi__error(-EIO, "%s: ext2 at offset %llu: %s", fs->path,
                          (unsigned long long)fs->offset, error_message(err));
    fs->priv = e2;
    return 0;
}

static void ext_umount(fsi_t *fs)
{
    if ( fs->priv )
        ext2fs_close_free((ext2_filsys *)&fs->priv);
}

/* Longest symbolic link target followed, and most links followed in one lookup. */
#define EXT_MAX_LINK  4095
#define EXT_MAX_LINKS 8

/* The target of symbolic link @ino (@inode) in @buf (EXT_MAX_LINK + 1 bytes). */
static int ext_readlink(fsi_t *fs, ext2_ino_t ino, struct ext2_inode *inode, char *buf)
{
    ext2_filsys e2 = fs->priv;
    uint64_t size = EXT2_I_SIZE(inode);
    unsigned int got = 0;
    ext2_file_t file;
    errcode_t err;

    if ( size == 0 || size > EXT_MAX_LINK )
        return fsi__error(-ENAMETOOLONG, "%s: symbolic link target of %llu bytes", fs->path,
                          (unsigned long long)size);
    if ( ext2fs_is_fast_symlink(inode) )
    {
        if ( size >= sizeof(inode->i_block) )
            return fsi__error(-EIO, "%s: bad fast symbolic link", fs->path);
        memcpy(buf, inode->i_block, (size_t)size);
        buf[size] = '\0';
        return 0;
    }
    err = ext2fs_file_open(e2, ino, 0, &file);
    if ( !err )
    {
        err = ext2fs_file_read(file, buf, (unsigned int)size, &got);
        ext2fs_file_close(file);
    }
    if ( err || got != size )
        return fsi__error(-EIO, "%s: reading a symbolic link: %s", fs->path,
                          err ? error_message(err) : "short");
    buf[size] = '\0';
    return 0;
}

/*
 * Resolve @path (absolute) to an inode, component by component, following symbolic links
 * from the filesystem's own root (at most EXT_MAX_LINKS, targets up to EXT_MAX_LINK bytes):
 * nothing a guest writes can make this loop or allocate without bound.
 */
static int ext_resolve(fsi_t *fs, const char *path, ext2_ino_t *out, struct ext2_inode *inode)
{
    ext2_filsys e2 = fs->priv;
    char *work = malloc(2 * FSI_MAX_PATH), *link = malloc(EXT_MAX_LINK + 1), *p;
    ext2_ino_t dir = EXT2_ROOT_INO, ino = EXT2_ROOT_INO;
    int links = 0, rc = 0;
    errcode_t err;

    if ( !work || !link )
    {
        rc = fsi__error(-ENOMEM, "out of memory");
        goto out;
    }
    snprintf(work, FSI_MAX_PATH, "%s", path);
    p = work;
    err = ext2fs_read_inode(e2, ino, inode);
    while ( !err )
    {
        char *comp, *rest, *next;
        size_t clen;

        p += strspn(p, "/");
        if ( !*p )
            break;
        comp = p;
        clen = strcspn(p, "/");
        rest = p + clen;
        if ( !LINUX_S_ISDIR(inode->i_mode) )
        {
            rc = fsi__error(-ENOENT, "%s: a path component is not a directory", path);
            goto out;
        }
        dir = ino;
        p = rest;
        if ( clen == 1 && comp[0] == '.' )
            continue;
        err = ext2fs_lookup(e2, dir, comp, (int)clen, NULL, &ino);
        if ( err == EXT2_ET_FILE_NOT_FOUND )
        {
            rc = fsi__error(-ENOENT, "%s: no such file", path);
            goto out;
        }
        if ( !err )
            err = ext2fs_read_inode(e2, ino, inode);
        if ( err || !LINUX_S_ISLNK(inode->i_mode) )
            continue;
        if ( ++links > EXT_MAX_LINKS )
        {
            rc = fsi__error(-ELOOP, "%s: too many levels of symbolic links", path);
            goto out;
        }
        rc = ext_readlink(fs, ino, inode, link);
        if ( rc )
            goto out;
        /* Go on with the target, then what was left of the path. */
        if ( strlen(link) + strlen(rest) + 2 > FSI_MAX_PATH )
        {
            rc = fsi__error(-ENAMETOOLONG, "%s: path too long after links", path);
            goto out;
        }
        next = work + FSI_MAX_PATH;
        memcpy(next, link, strlen(link));
        next[strlen(link)] = '/';
        memcpy(next + strlen(link) + 1, rest, strlen(rest) + 1);
        memmove(work, next, strlen(next) + 1);
        p = work;
        ino = link[0] == '/' ? EXT2_ROOT_INO : dir;
        err = ext2fs_read_inode(e2, ino, inode);
    }
    if ( err )
        rc = fsi__error(-EIO, "%s: %s", path, error_message(err));
    else if ( !rc )
        *out = ino;
out:
    free(work);
    free(link);
    return rc;
}

static int ext_open(fsi_t *fs, const char *path, char *const *comps, size_t n, fsi_file_t *f)
{
    ext2_filsys e2 = fs->priv;
    ext2_ino_t ino;
    struct ext2_inode inode;
    ext2_file_t file;
    char *norm = malloc(FSI_MAX_PATH + 2);
    size_t i, len = 0;
    errcode_t err;
    __u64 size;
    int rc = 0;

    if ( !norm )
        return fsi__error(-ENOMEM, "out of memory");
    for ( i = 0; i < n; i++ )
        len += (size_t)snprintf(norm + len, FSI_MAX_PATH + 2 - len, "/%s", comps[i]);
    rc = ext_resolve(fs, norm, &ino, &inode);
    if ( rc )
        goto out;
    if ( LINUX_S_ISDIR(inode.i_mode) )
    {
        rc = fsi__error(-EISDIR, "%s: is a directory", path);
        goto out;
    }
    if ( !LINUX_S_ISREG(inode.i_mode) )
    {
        rc = fsi__error(-EINVAL, "%s: not a regular file", path);
        goto out;
    }
    err = ext2fs_file_open(e2, ino, 0, &file);
    if ( !err )
    {
        err = ext2fs_file_get_lsize(file, &size);
        if ( err )
            ext2fs_file_close(file);
    }
    if ( err )
    {
        rc = fsi__error(-EIO, "%s: %s", path, error_message(err));
        goto out;
    }
    f->priv = file;
    f->size = size;
out:
    free(norm);
    return rc;
}

/*
 * For an extent-mapped file: the physical block of @lblk and how many blocks follow it
 * contiguously (*@pblk 0 for a hole or an unwritten extent, one block long). 0, or -1.
 */
static int ext_extent_run(ext2_filsys e2, ext2_ino_t ino, struct ext2_inode *inode, blk64_t lblk,
                          blk64_t *pblk, uint64_t *run)
{
    ext2_extent_handle_t h;
    struct ext2fs_extent ex;
    errcode_t err;

    if ( !(inode->i_flags & EXT4_EXTENTS_FL) || ext2fs_extent_open2(e2, ino, inode, &h) )
        return -1;
    err = ext2fs_extent_goto(h, lblk);
    if ( !err )
        err = ext2fs_extent_get(h, EXT2_EXTENT_CURRENT, &ex);
    ext2fs_extent_free(h);
    *pblk = 0;
    *run = 1;
    if ( err == EXT2_ET_EXTENT_NOT_FOUND )
        return 0;
    if ( err || lblk < ex.e_lblk || lblk - ex.e_lblk >= ex.e_len )
        return -1;
    *run = ex.e_len - (lblk - ex.e_lblk);
    if ( ex.e_flags & EXT2_EXTENT_FLAGS_UNINIT )
        return 0; /* allocated but unwritten: zeros */
    *pblk = ex.e_pblk + (lblk - ex.e_lblk);
    return 0;
}

/*
 * For a block-mapped file: the physical block of @lblk and how many of the next @want
 * blocks follow it contiguously (one block for a hole). 0, or -1.
 */
static int ext_bmap_run(ext2_filsys e2, ext2_ino_t ino, struct ext2_inode *inode, blk64_t lblk,
                        uint64_t want, blk64_t *first, uint64_t *run)
{
    blk64_t pblk;
    uint64_t n;

    for ( n = 0; n < want && n < 4096; n++ )
    {
        if ( ext2fs_bmap2(e2, ino, inode, NULL, 0, lblk + n, NULL, &pblk) )
            return -1;
        if ( n == 0 )
            *first = pblk;
        else if ( pblk != *first + n )
            break;
        if ( !pblk )
        {
            n++;
            break;
        }
    }
    *run = n ? n : 1;
    return 0;
}

/*
 * Map the file's blocks (extents, else block maps) to runs of physically contiguous
 * blocks. -ENOTSUP for inline data and encrypted files: libext2fs reads those.
 */
static int ext_map(fsi_file_t *f, uint64_t off, uint64_t want, uint64_t *dev_off, uint64_t *len)
{
    ext2_filsys e2 = f->fs->priv;
    ext2_file_t file = f->priv;
    struct ext2_inode *inode = ext2fs_file_get_inode(file);
    ext2_ino_t ino = ext2fs_file_get_inode_num(file);
    uint64_t bs = e2->blocksize, total = ext2fs_blocks_count(e2->super);
    uint64_t lblk = off / bs, in = off % bs, run = 0;
    blk64_t first = 0;

    if ( inode->i_flags & (EXT4_INLINE_DATA_FL | EXT4_ENCRYPT_FL) )
        return -ENOTSUP;
    if ( ext_extent_run(e2, ino, inode, lblk, &first, &run) &&
         ext_bmap_run(e2, ino, inode, lblk, (want + in + bs - 1) / bs, &first, &run) )
        return fsi__error(-EIO, "%s: cannot map block %llu of a file", f->fs->path,
                          (unsigned long long)lblk);
    if ( first && (first >= total || run > total - first) )
        return fsi__error(-EIO, "%s: file block %llu outside the filesystem", f->fs->path,
                          (unsigned long long)first);
    *dev_off = first ? first * bs + in : FSI_HOLE;
    *len = run * bs - in;
    if ( *len > want )
        *len = want;
    return 0;
}

static ssize_t ext_pread(fsi_file_t *f, void *buf, size_t len, uint64_t off)
{
    ext2_file_t file = f->priv;
    unsigned int got = 0;
    errcode_t err;

    if ( len > (1u << 30) )
        len = 1u << 30;
    err = ext2fs_file_llseek(file, off, EXT2_SEEK_SET, NULL);
    if ( !err )
        err = ext2fs_file_read(file, buf, (unsigned int)len, &got);
    if ( err )
        return fsi__error(-EIO, "%s: read: %s", f->fs->path, error_message(err));
    return (ssize_t)got;
}

static void ext_close(fsi_file_t *f)
{
    ext2fs_file_close(f->priv);
}

struct list_ctx {
    struct fsi_names l;
    int rc;
};

static int list_one(ext2_ino_t dir, int entry, struct ext2_dir_entry *de, int offset, int blocksize,
                    char *blk, void *priv)
{
    struct list_ctx *l = priv;
    int rc = fsi__names_add(&l->l, de->name, (size_t)ext2fs_dirent_name_len(de));

    (void)dir;
    (void)entry;
    (void)offset;
    (void)blocksize;
    (void)blk;
    if ( rc < 0 )
        l->rc = rc;
    return rc ? DIRENT_ABORT : 0;
}

static int ext_list(fsi_t *fs, const char *norm, size_t max, char ***names, size_t *count)
{
    ext2_filsys e2 = fs->priv;
    struct list_ctx l = {{NULL, 0, max}, 0};
    struct ext2_inode inode;
    ext2_ino_t ino;
    errcode_t err;
    int rc = ext_resolve(fs, norm, &ino, &inode);

    if ( rc )
        return rc;
    if ( !LINUX_S_ISDIR(inode.i_mode) )
        return fsi__error(-ENOTDIR, "%s: not a directory", norm);
    err = ext2fs_dir_iterate2(e2, ino, 0, NULL, list_one, &l);
    if ( err || l.rc )
    {
        fsi_dir_free(l.l.names, l.l.n);
        return l.rc ? l.rc : fsi__error(-EIO, "%s: %s", norm, error_message(err));
    }
    *names = l.l.names;
    *count = l.l.n;
    return 0;
}

const struct fsi_ops fsi__ext2_ops = {
    .name = "ext2",
    .mount = ext_mount,
    .umount = ext_umount,
    .open = ext_open,
    .map = ext_map,
    .pread = ext_pread,
    .close = ext_close,
    .list = ext_list,
};
