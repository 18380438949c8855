/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libfsimage: read files out of a disk image (file or block device) without mounting it.
 * Partition tables (MBR with logical partitions, GPT) and filesystems (ext2/3/4, FAT, ISO 9660).
 * The image is untrusted: every structure read from it is checked before use.
 */
#ifndef FSIMAGE_H
#define FSIMAGE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/** An open filesystem inside an image. */
typedef struct fsi fsi_t;
/** An open regular file inside an fsi_t. */
typedef struct fsi_file fsi_file_t;

/**
 * Reads @len bytes at @off of a disk into @buf. Returns 0, or -errno (a short read is -EIO).
 * Used by the partition table parser, so that it can read from memory as well as from a file.
 */
typedef int fsi_read_fn(void *ctx, void *buf, size_t len, uint64_t off);

/** One candidate filesystem start found on a disk. */
struct fsi_part {
    uint64_t offset;     /**< byte offset of the partition on the disk */
    uint64_t size;       /**< size in bytes (0: up to the end of the disk) */
    unsigned int number; /**< 1-4 primary, 5.. logical, GPT entry index + 1; 0: whole disk */
    uint8_t type;        /**< MBR type byte; 0xee for GPT entries; 0 for the whole disk */
    uint8_t active;      /**< MBR boot flag set */
};

/** Most partitions fsi_partitions() reports. */
#define FSI_MAX_PARTS 256

/**
 * Finds where filesystems may start on a disk of @disk_size bytes read through @rd: the
 * partitions of an MBR (active one first, then primaries, then logical ones) or of a GPT
 * (its header CRC checked), the whole disk first for a hybrid ISO, or only the whole disk
 * when there is no partition table. Fills at most @max entries of @parts, sets *@count.
 * Returns 0 or -errno (fsi_last_error() says what was wrong).
 */
int fsi_partitions(fsi_read_fn *rd, void *ctx, uint64_t disk_size, struct fsi_part *parts,
                   size_t max, size_t *count);

/** Same as fsi_partitions() for the image file or block device at @path. */
int fsi_disk_partitions(const char *path, struct fsi_part *parts, size_t max, size_t *count);

/** Same as fsi_disk_partitions() for the image open at @fd (@name is used in messages). */
int fsi_disk_partitions_fd(int fd, const char *name, struct fsi_part *parts, size_t max,
                           size_t *count);

/**
 * Same as fsi_open() for the image open at @fd, which is duplicated (the caller keeps its
 * own): an image can be opened before giving up the rights to open it by name.
 */
int fsi_open_fd(int fd, const char *name, uint64_t offset, fsi_t **out);

/**
 * Opens the filesystem starting @offset bytes into @path (read only). Recognises ext2/3/4,
 * FAT12/16/32 and ISO 9660. Returns 0 and sets *@out, or -errno.
 */
int fsi_open(const char *path, uint64_t offset, fsi_t **out);

/** Closes @fs (NULL is ignored). Files opened from it must be closed first. */
void fsi_close(fsi_t *fs);

/** Name of the filesystem type of @fs: "ext2", "fat", "iso9660". */
const char *fsi_fs_type(const fsi_t *fs);

/**
 * Opens the regular file at @path (absolute, '/' separated; "." and ".." are resolved
 * without leaving the filesystem's root; ext2 symbolic links are followed, bounded).
 * Returns 0 and sets *@out, -ENOENT if there is no such file, -EISDIR, or another -errno.
 */
int fsi_file_open(fsi_t *fs, const char *path, fsi_file_t **out);

/** 1 if @path names a regular file in @fs, else 0. */
int fsi_file_exists(fsi_t *fs, const char *path);

/** Size in bytes of @f. */
uint64_t fsi_file_size(const fsi_file_t *f);

/** Reads up to @len bytes at @off of @f. Returns the count (0 at the end) or -errno. */
ssize_t fsi_file_pread(fsi_file_t *f, void *buf, size_t len, uint64_t off);

/**
 * Copy all of @f to @fd (from its current position), in the kernel with copy_file_range
 * where the file's bytes lie contiguously in the image, else by reading and writing.
 * Returns 0 or -errno.
 */
int fsi_file_copy_to_fd(fsi_file_t *f, int fd);

/** Closes @f (NULL is ignored). */
void fsi_file_close(fsi_file_t *f);

/**
 * Reads the whole of @path (at most @max bytes; longer files are cut at @max) into a new
 * NUL-terminated buffer, *@len its length. Returns 0 or -errno; free() the buffer.
 */
int fsi_read_all(fsi_t *fs, const char *path, size_t max, char **buf, size_t *len);

/**
 * Names of the entries of directory @path (without "." and ".."), at most @max of them,
 * in a new array *@names of *@count strings; free it with fsi_dir_free(). Returns 0, or
 * -errno.
 */
int fsi_dir_list(fsi_t *fs, const char *path, size_t max, char ***names, size_t *count);

/** Free what fsi_dir_list() returned. */
void fsi_dir_free(char **names, size_t count);

/** The message of the last error in this thread ("" if none). */
const char *fsi_last_error(void);

#ifdef __cplusplus
}
#endif

#endif /* FSIMAGE_H */
