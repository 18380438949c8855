/* SPDX-License-Identifier: GPL-2.0-only */
/* libfsimage internals: the per-filesystem operations and the device reader they share. */
#ifndef FSIMAGE_PRIVATE_H
#define FSIMAGE_PRIVATE_H

#include <stdbool.h>

#include "fsimage.h"

/** map() result for a hole: the bytes read as zeros. */
#define FSI_HOLE UINT64_MAX

/** Deepest directory nesting and longest path a lookup accepts. */
#define FSI_MAX_DEPTH 64
#define FSI_MAX_PATH  4096

/** What a filesystem implementation provides. */
struct fsi_ops {
    const char *name;
    /** Recognise and mount; 0, -EINVAL if this is not the filesystem, or another -errno. */
    int (*mount)(fsi_t *fs);
    void (*umount)(fsi_t *fs);
    /** Open the file at @comps (already normalised path components, @n of them). */
    int (*open)(fsi_t *fs, const char *path, char *const *comps, size_t n, fsi_file_t *f);
    /**
     * Where the file's bytes at @off lie on the device: *@dev_off (from the filesystem's
     * start; FSI_HOLE for a hole) and how many bytes from there are contiguous, at least
     * one, at most @want. 0, -ENOTSUP when this file cannot be mapped (then pread is used),
     * or another -errno. May be NULL.
     */
    int (*map)(fsi_file_t *f, uint64_t off, uint64_t want, uint64_t *dev_off, uint64_t *len);
    /** Read through the filesystem's own code; used when there is no map. */
    ssize_t (*pread)(fsi_file_t *f, void *buf, size_t len, uint64_t off);
    void (*close)(fsi_file_t *f);
    /** List directory @norm (a normalised absolute path); NULL if not supported. */
    int (*list)(fsi_t *fs, const char *norm, size_t max, char ***names, size_t *count);
};

struct fsi {
    int fd;
    char *path;
    uint64_t offset;   /* where the filesystem starts on the device */
    uint64_t dev_size; /* bytes of the device from offset on */
    const struct fsi_ops *ops;
    void *priv;
};

struct fsi_file {
    fsi_t *fs;
    uint64_t size;
    void *priv;
    uint64_t u[4]; /* per-filesystem state */
};

extern const struct fsi_ops fsi__ext2_ops, fsi__fat_ops, fsi__iso_ops;

/** A directory listing being built: at most max names. */
struct fsi_names {
    char **names;
    size_t n, max;
};

/**
 * Add the @len bytes of @name to @l ("." and ".." are skipped). 0, 1 when @l is full, or
 * -ENOMEM.
 */
int fsi__names_add(struct fsi_names *l, const char *name, size_t len);

/** Read @len bytes at @off from the start of the filesystem; -EIO past the end. */
int fsi__dev_read(fsi_t *fs, void *buf, size_t len, uint64_t off);

/** Record an error message for fsi_last_error() and return @rc (a -errno). */
__attribute__((__format__(__printf__, 2, 3))) int fsi__error(int rc, const char *fmt, ...);

/** Little-endian loads from untrusted bytes. */
static inline uint16_t fsi__le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}
static inline uint32_t fsi__le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline uint64_t fsi__le64(const uint8_t *p)
{
    return (uint64_t)fsi__le32(p) | (uint64_t)fsi__le32(p + 4) << 32;
}

#endif /* FSIMAGE_PRIVATE_H */
