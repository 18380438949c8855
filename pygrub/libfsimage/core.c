/* SPDX-License-Identifier: GPL-2.0-only */
/* libfsimage core: opening an image, probing its filesystem, path normalisation, reads. */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "private.h"

static __thread char last_error[512];

int fsi__error(int rc, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(last_error, sizeof(last_error), fmt, ap);
    va_end(ap);
    return rc;
}

const char *fsi_last_error(void)
{
    return last_error;
}

int fsi__dev_read(fsi_t *fs, void *buf, size_t len, uint64_t off)
{
    size_t done = 0;

    if ( off > fs->dev_size || len > fs->dev_size - off )
        return fsi__error(-EIO, "%s: read of %zu bytes at %llu is past the end of the filesystem",
                          fs->path, len, (unsigned long long)off);
    while ( done < len )
    {
        ssize_t r = pread(fs->fd, (char *)buf + done, len - done, (off_t)(fs->offset + off + done));

        if ( r < 0 && errno == EINTR )
            continue;
        if ( r < 0 )
            return fsi__error(-errno, "%s: read: %s", fs->path, strerror(errno));
        if ( r == 0 )
            return fsi__error(-EIO, "%s: unexpected end of image", fs->path);
        done += (size_t)r;
    }
    return 0;
}

/* The size of the file or block device open at @fd. */
static int device_size(int fd, const char *path, uint64_t *size)
{
    struct stat st;

    if ( fstat(fd, &st) < 0 )
        return fsi__error(-errno, "%s: %s", path, strerror(errno));
    if ( S_ISBLK(st.st_mode) )
    {
        if ( ioctl(fd, BLKGETSIZE64, size) < 0 )
            return fsi__error(-errno, "%s: block device size: %s", path, strerror(errno));
    }
    else if ( S_ISREG(st.st_mode) )
        *size = (uint64_t)st.st_size;
    else
        return fsi__error(-EINVAL, "%s: not a regular file or block device", path);
    return 0;
}

/* Open @path read-only and find its size (files and block devices). */
static int open_device(const char *path, int *fdp, uint64_t *size)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    int rc;

    if ( fd < 0 )
        return fsi__error(-errno, "%s: %s", path, strerror(errno));
    rc = device_size(fd, path, size);
    if ( rc )
    {
        close(fd);
        return rc;
    }
    *fdp = fd;
    return 0;
}

struct fd_reader {
    int fd;
    const char *path;
};

static int fd_read(void *ctx, void *buf, size_t len, uint64_t off)
{
    struct fd_reader *r = ctx;
    ssize_t n = pread(r->fd, buf, len, (off_t)off);

    if ( n < 0 )
        return fsi__error(-errno, "%s: read: %s", r->path, strerror(errno));
    if ( (size_t)n != len )
        return fsi__error(-EIO, "%s: short read at %llu", r->path, (unsigned long long)off);
    return 0;
}

int fsi_disk_partitions_fd(int fd, const char *name, struct fsi_part *parts, size_t max,
                           size_t *count)
{
    struct fd_reader r = {fd, name};
    uint64_t size;
    int rc = device_size(fd, name, &size);

    if ( rc )
        return rc;
    return fsi_partitions(fd_read, &r, size, parts, max, count);
}

int fsi_disk_partitions(const char *path, struct fsi_part *parts, size_t max, size_t *count)
{
    uint64_t size;
    int fd = -1, rc = open_device(path, &fd, &size);

    if ( rc )
        return rc;
    rc = fsi_disk_partitions_fd(fd, path, parts, max, count);
    close(fd);
    return rc;
}

int fsi_open_fd(int fd, const char *name, uint64_t offset, fsi_t **out)
{
    static const struct fsi_ops *const all[] = {&fsi__ext2_ops, &fsi__iso_ops, &fsi__fat_ops};
    fsi_t *fs = calloc(1, sizeof(*fs));
    uint64_t size = 0;
    size_t i;
    int rc;

    *out = NULL;
    if ( !fs )
        return fsi__error(-ENOMEM, "out of memory");
    fs->fd = -1;
    fs->path = strdup(name);
    if ( !fs->path )
    {
        rc = fsi__error(-ENOMEM, "out of memory");
        goto out;
    }
    rc = device_size(fd, name, &size);
    if ( rc )
        goto out;
    fs->fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if ( fs->fd < 0 )
    {
        rc = fsi__error(-errno, "%s: %s", name, strerror(errno));
        goto out;
    }
    if ( offset >= size )
    {
        rc = fsi__error(-EINVAL, "%s: offset %llu is past the end of the image (%llu bytes)", name,
                        (unsigned long long)offset, (unsigned long long)size);
        goto out;
    }
    fs->offset = offset;
    fs->dev_size = size - offset;
    for ( i = 0; i < sizeof(all) / sizeof(all[0]); i++ )
    {
        fs->ops = all[i];
        rc = fs->ops->mount(fs);
        if ( rc != -EINVAL )
            break;
    }
    if ( rc == -EINVAL )
        rc = fsi__error(-EINVAL, "%s: no ext2/3/4, ISO 9660 or FAT filesystem at offset %llu", name,
                        (unsigned long long)offset);
    if ( rc )
        goto out;
    *out = fs;
    return 0;
out:
    fs->ops = NULL;
    fsi_close(fs);
    return rc;
}

int fsi_open(const char *path, uint64_t offset, fsi_t **out)
{
    uint64_t size;
    int fd = -1, rc = open_device(path, &fd, &size);

    *out = NULL;
    if ( rc )
        return rc;
    rc = fsi_open_fd(fd, path, offset, out);
    close(fd);
    return rc;
}

void fsi_close(fsi_t *fs)
{
    if ( !fs )
        return;
    if ( fs->ops )
        fs->ops->umount(fs);
    if ( fs->fd >= 0 )
        close(fs->fd);
    free(fs->path);
    free(fs);
}

const char *fsi_fs_type(const fsi_t *fs)
{
    return fs->ops->name;
}

/*
 * Split @path into components in @buf, dropping "." and empty ones and resolving ".." lexically
 * (never above the root). Returns the count or -errno.
 */
static int split_path(const char *path, char *buf, char **comps)
{
    size_t n = 0;
    char *save = NULL, *c;

    if ( strlen(path) >= FSI_MAX_PATH )
        return fsi__error(-ENAMETOOLONG, "%s: path too long", path);
    strcpy(buf, path);
    for ( c = strtok_r(buf, "/", &save); c; c = strtok_r(NULL, "/", &save) )
    {
        if ( !strcmp(c, ".") )
            continue;
        if ( !strcmp(c, "..") )
        {
            if ( n )
                n--;
            continue;
        }
        if ( n == FSI_MAX_DEPTH )
            return fsi__error(-ENAMETOOLONG, "%s: too many path components", path);
        comps[n++] = c;
    }
    return (int)n;
}

int fsi_file_open(fsi_t *fs, const char *path, fsi_file_t **out)
{
    char *buf = malloc(FSI_MAX_PATH);
    char *comps[FSI_MAX_DEPTH];
    fsi_file_t *f = calloc(1, sizeof(*f));
    int rc, n;

    *out = NULL;
    if ( !buf || !f )
    {
        rc = fsi__error(-ENOMEM, "out of memory");
        goto out;
    }
    n = split_path(path, buf, comps);
    if ( n < 0 )
    {
        rc = n;
        goto out;
    }
    if ( n == 0 )
    {
        rc = fsi__error(-EISDIR, "%s: is a directory", path);
        goto out;
    }
    f->fs = fs;
    rc = fs->ops->open(fs, path, comps, (size_t)n, f);
    if ( rc )
        goto out;
    *out = f;
    f = NULL;
out:
    free(f);
    free(buf);
    return rc;
}

int fsi_file_exists(fsi_t *fs, const char *path)
{
    fsi_file_t *f;

    if ( fsi_file_open(fs, path, &f) )
        return 0;
    fsi_file_close(f);
    return 1;
}

uint64_t fsi_file_size(const fsi_file_t *f)
{
    return f->size;
}

ssize_t fsi_file_pread(fsi_file_t *f, void *buf, size_t len, uint64_t off)
{
    size_t done = 0;

    if ( off >= f->size )
        return 0;
    if ( len > f->size - off )
        len = (size_t)(f->size - off);
    while ( done < len )
    {
        uint64_t dev_off, run;
        int rc =
            f->fs->ops->map ? f->fs->ops->map(f, off + done, len - done, &dev_off, &run) : -ENOTSUP;

        if ( rc == -ENOTSUP && done == 0 && f->fs->ops->pread )
            return f->fs->ops->pread(f, buf, len, off);
        if ( rc == -ENOTSUP )
            return (ssize_t)done;
        if ( rc )
            return rc;
        if ( run > len - done )
            run = len - done;
        if ( dev_off == FSI_HOLE )
            memset((char *)buf + done, 0, (size_t)run);
        else if ( (rc = fsi__dev_read(f->fs, (char *)buf + done, (size_t)run, dev_off)) )
            return rc;
        done += (size_t)run;
    }
    return (ssize_t)done;
}

static int write_full(int fd, const char *buf, size_t len)
{
    while ( len )
    {
        ssize_t r = write(fd, buf, len);

        if ( r < 0 && errno == EINTR )
            continue;
        if ( r <= 0 )
            return fsi__error(r < 0 ? -errno : -EIO, "write: %s",
                              r < 0 ? strerror(errno) : "no progress");
        buf += r;
        len -= (size_t)r;
    }
    return 0;
}

int fsi_file_copy_to_fd(fsi_file_t *f, int fd)
{
    uint64_t off = 0;
    bool in_kernel = f->fs->ops->map != NULL;
    char *buf = NULL;
    int rc = 0;

    while ( off < f->size && !rc )
    {
        uint64_t dev_off, run;
        ssize_t n;

        /* Mapped runs are copied by the kernel, without passing through this process. */
        if ( in_kernel )
        {
            rc = f->fs->ops->map(f, off, f->size - off, &dev_off, &run);
            if ( rc == -ENOTSUP )
            {
                in_kernel = false;
                rc = 0;
                continue;
            }
            if ( rc )
                break;
            if ( dev_off != FSI_HOLE && run <= f->fs->dev_size && dev_off <= f->fs->dev_size - run )
            {
                loff_t in = (loff_t)(f->fs->offset + dev_off);

                n = copy_file_range(f->fs->fd, &in, fd, NULL, (size_t)run, 0);
                if ( n > 0 )
                {
                    off += (uint64_t)n;
                    continue;
                }
                if ( n == 0 )
                {
                    rc = fsi__error(-EIO, "%s: unexpected end of image", f->fs->path);
                    break;
                }
                if ( errno != EXDEV && errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP &&
                     errno != EBADF )
                {
                    rc = fsi__error(-errno, "copy: %s", strerror(errno));
                    break;
                }
            }
            in_kernel = false; /* a hole, or a destination that cannot: read and write */
        }
        if ( !buf && !(buf = malloc(1u << 20)) )
        {
            rc = fsi__error(-ENOMEM, "out of memory");
            break;
        }
        n = fsi_file_pread(f, buf, 1u << 20, off);
        if ( n <= 0 )
        {
            rc = n ? (int)n : fsi__error(-EIO, "%s: file shorter than its size", f->fs->path);
            break;
        }
        rc = write_full(fd, buf, (size_t)n);
        off += (uint64_t)n;
        in_kernel = f->fs->ops->map != NULL && rc == 0;
    }
    free(buf);
    return rc;
}

void fsi_file_close(fsi_file_t *f)
{
    if ( !f )
        return;
    f->fs->ops->close(f);
    free(f);
}

int fsi_read_all(fsi_t *fs, const char *path, size_t max, char **bufp, size_t *lenp)
{
    fsi_file_t *f = NULL;
    char *buf = NULL;
    size_t len, done = 0;
    int rc = fsi_file_open(fs, path, &f);

    *bufp = NULL;
    *lenp = 0;
    if ( rc )
        return rc;
    len = f->size < max ? (size_t)f->size : max;
    buf = malloc(len + 1);
    if ( !buf )
    {
        rc = fsi__error(-ENOMEM, "%s: out of memory for %zu bytes", path, len);
        goto out;
    }
    while ( done < len )
    {
        ssize_t n = fsi_file_pread(f, buf + done, len - done, done);

        if ( n < 0 )
        {
            rc = (int)n;
            goto out;
        }
        if ( n == 0 )
            break;
        done += (size_t)n;
    }
    buf[done] = '\0';
    *bufp = buf;
    *lenp = done;
    buf = NULL;
out:
    free(buf);
    fsi_file_close(f);
    return rc;
}

int fsi_dir_list(fsi_t *fs, const char *path, size_t max, char ***names, size_t *count)
{
    char *buf = malloc(FSI_MAX_PATH), *norm = malloc(FSI_MAX_PATH + 2);
    char *comps[FSI_MAX_DEPTH];
    size_t len = 0;
    int n, i, rc;

    *names = NULL;
    *count = 0;
    if ( !buf || !norm )
    {
        rc = fsi__error(-ENOMEM, "out of memory");
        goto out;
    }
    if ( !fs->ops->list )
    {
        rc = fsi__error(-ENOTSUP, "%s: listing directories is not supported on %s", path,
                        fs->ops->name);
        goto out;
    }
    n = split_path(path, buf, comps);
    if ( n < 0 )
    {
        rc = n;
        goto out;
    }
    norm[0] = '\0';
    for ( i = 0; i < n; i++ )
        len += (size_t)snprintf(norm + len, FSI_MAX_PATH + 2 - len, "/%s", comps[i]);
    if ( n == 0 )
        strcpy(norm, "/");
    rc = fs->ops->list(fs, norm, max, names, count);
out:
    free(buf);
    free(norm);
    return rc;
}

int fsi__names_add(struct fsi_names *l, const char *name, size_t len)
{
    char **nn;

    if ( (len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.') )
        return 0;
    if ( l->n == l->max )
        return 1;
    nn = realloc(l->names, (l->n + 1) * sizeof(*nn));
    if ( !nn )
        return fsi__error(-ENOMEM, "out of memory");
    l->names = nn;
    nn[l->n] = strndup(name, len);
    if ( !nn[l->n] )
        return fsi__error(-ENOMEM, "out of memory");
    l->n++;
    return 0;
}

void fsi_dir_free(char **names, size_t count)
{
    size_t i;

    for ( i = 0; names && i < count; i++ )
        free(names[i]);
    free(names);
}
