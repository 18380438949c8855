/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The undo journal of `vhd-util resize -j`: before a resize touches an image, the bytes it
 * may overwrite (footers, header, BAT, batmap) and the file's length are saved to a journal
 * file; `vhd-util revert` writes them back and cuts the file to its old length.
 *
 * Journal layout (big-endian): a 64-byte header, the entries, an 8-byte trailer.
 *   header:  0 magic "vhd-jrnl", 8 version (1), 12 entry count, 16 image uuid (16 bytes),
 *            32 image file length, 40 image virtual size, 48 journal length (whole file),
 *            56 reserved (zero)
 *   entry:   0 file offset (8), 8 length (4), 12 reserved (4), 16 the saved bytes
 *   trailer: FNV-1a 64 hash of every byte before it
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vhd.h"
#include "vhd_private.h"

#define J_MAGIC       "vhd-jrnl"
#define J_VERSION     1u
#define J_HDR_SIZE    64u
#define J_ENTRY_HDR   16u
#define J_TRAILER     8u
#define J_MAX_ENTRIES 16u
#define J_MAX_SIZE    (64u << 20) /* a 2 TiB image's BAT is 4 MiB; far above any real journal */

static uint64_t fnv1a64(const uint8_t *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;

    for ( size_t i = 0; i < n; i++ )
        h = (h ^ p[i]) * 0x100000001b3ull;
    return h;
}

void vhd_journal_dispose(struct vhd_journal *j)
{
    free(j->buf);
    j->buf = NULL;
    j->nentries = 0;
}

int vhd_journal_parse(struct vhd_journal *j, const uint8_t *buf, size_t len, const char *name)
{
    size_t pos = J_HDR_SIZE, jlen;

    memset(j, 0, sizeof(*j));
    if ( len < 8 || memcmp(buf, J_MAGIC, 8) )
        return vhd_set_error(EINVAL, "%s: not a resize journal (no \"%s\" magic)", name, J_MAGIC);
    if ( len < J_HDR_SIZE + J_TRAILER )
        return vhd_set_error(EINVAL, "%s: journal truncated: %zu bytes, less than its header", name,
                             len);
    if ( vhd_be32(buf + 8) != J_VERSION )
        return vhd_set_error(EINVAL, "%s: journal version %u unknown (expected %u)", name,
                             vhd_be32(buf + 8), J_VERSION);
    jlen = (size_t)vhd_be64(buf + 48);
    if ( vhd_be64(buf + 48) != (uint64_t)len )
        return vhd_set_error(EINVAL,
                             "%s: journal truncated or extended: %zu bytes, header says %llu", name,
                             len, (unsigned long long)vhd_be64(buf + 48));
    if ( fnv1a64(buf, jlen - J_TRAILER) != vhd_be64(buf + jlen - J_TRAILER) )
        return vhd_set_error(EINVAL, "%s: journal checksum mismatch (corrupted)", name);
    j->nentries = vhd_be32(buf + 12);
    memcpy(j->uuid, buf + 16, sizeof(j->uuid));
    j->file_size = vhd_be64(buf + 32);
    j->virt_size = vhd_be64(buf + 40);
    if ( j->nentries == 0 || j->nentries > J_MAX_ENTRIES )
        return vhd_set_error(EINVAL, "%s: journal holds %u entries (1 to %u expected)", name,
                             j->nentries, J_MAX_ENTRIES);
    if ( j->file_size < VHD_SECTOR_SIZE || j->file_size > VHD_MAX_SIZE + (64ull << 20) )
        return vhd_set_error(EINVAL, "%s: journal's image length %llu is impossible", name,
                             (unsigned long long)j->file_size);
    for ( uint32_t i = 0; i < j->nentries; i++ )
    {
        struct vhd_journal_entry *e = &j->entries[i];

        if ( jlen - J_TRAILER - pos < J_ENTRY_HDR )
            return vhd_set_error(EINVAL, "%s: journal entry %u cut short", name, i);
        e->off = vhd_be64(buf + pos);
        e->len = vhd_be32(buf + pos + 8);
        pos += J_ENTRY_HDR;
        if ( e->len == 0 || e->len > jlen - J_TRAILER - pos )
            return vhd_set_error(EINVAL, "%s: journal entry %u: %u bytes, past the journal's end",
                                 name, i, e->len);
        if ( e->off > j->file_size || e->len > j->file_size - e->off )
            return vhd_set_error(EINVAL,
                                 "%s: journal entry %u: bytes %llu+%u lie past the image's "
                                 "length %llu",
                                 name, i, (unsigned long long)e->off, e->len,
                                 (unsigned long long)j->file_size);
        e->data = buf + pos;
        pos += e->len;
    }
    if ( pos != jlen - J_TRAILER )
        return vhd_set_error(EINVAL, "%s: %zu stray bytes after the journal's entries", name,
                             jlen - J_TRAILER - pos);
    return 0;
}

/** Append one entry (the bytes at off..off+len of fd, clipped to size) to out. */
static int save_region(struct vhd_context *ctx, uint8_t *out, size_t *pos, uint32_t *n,
                       uint64_t size, uint64_t off, uint64_t len)
{
    int rc;

    if ( off >= size || len == 0 )
        return 0;
    if ( len > size - off )
        len = size - off;
    if ( *n == J_MAX_ENTRIES || *pos + J_ENTRY_HDR + len > J_MAX_SIZE - J_TRAILER )
        return vhd_set_error(E2BIG, "%s: journal: too much metadata to save", ctx->file);
    vhd_put_be64(out + *pos, off);
    vhd_put_be32(out + *pos + 8, (uint32_t)len);
    vhd_put_be32(out + *pos + 12, 0);
    rc = vhd__pread(ctx->fd, out + *pos + J_ENTRY_HDR, (size_t)len, off);
    if ( rc )
        return vhd_set_error(rc, "%s: journal: reading %llu bytes at %llu: %s", ctx->file,
                             (unsigned long long)len, (unsigned long long)off, strerror(-rc));
    *pos += J_ENTRY_HDR + (size_t)len;
    (*n)++;
    return 0;
}

/** fsync the directory holding path, so a new or removed name is durable. */
static int sync_dir(const char *path)
{
    char *copy = strdup(path);
    int fd, rc = 0;

    if ( !copy )
        return -ENOMEM;
    fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if ( fd < 0 || fsync(fd) )
        rc = -errno;
    if ( fd >= 0 )
        close(fd);
    free(copy);
    return rc;
}

int vhd_journal_create(struct vhd_context *ctx, const char *journal)
{
    uint64_t bat_bytes = ((uint64_t)ctx->header.max_bat_size * 4 + 511) & ~511ull;
    uint8_t *out = calloc(1, J_MAX_SIZE);
    size_t pos = J_HDR_SIZE;
    uint32_t n = 0;
    struct stat st;
    int fd = -1, rc;

    if ( !out )
        return vhd_set_error(ENOMEM, "%s: journal: out of memory", journal);
    if ( fstat(ctx->fd, &st) )
    {
        rc = vhd_set_error(errno, "%s: %s", ctx->file, strerror(errno));
        goto out;
    }
    /* Whatever a resize may overwrite below the file's current end. */
    rc = save_region(ctx, out, &pos, &n, (uint64_t)st.st_size, (uint64_t)st.st_size - 512, 512);
    if ( !rc && ctx->next_db + 512 != (uint64_t)st.st_size )
        rc = save_region(ctx, out, &pos, &n, (uint64_t)st.st_size, ctx->next_db, 512);
    if ( !rc && ctx->footer.type != VHD_TYPE_FIXED )
    {
        rc = save_region(ctx, out, &pos, &n, (uint64_t)st.st_size, 0, 512);
        if ( !rc )
            rc = save_region(ctx, out, &pos, &n, (uint64_t)st.st_size, ctx->footer.data_offset,
                             1024);
        if ( !rc )
            rc = save_region(ctx, out, &pos, &n, (uint64_t)st.st_size, ctx->header.table_offset,
                             bat_bytes + (ctx->has_batmap ? VHD_SECTOR_SIZE : 0));
        if ( !rc && ctx->has_batmap )
            rc =
                save_region(ctx, out, &pos, &n, (uint64_t)st.st_size, ctx->batmap_hdr.batmap_offset,
                            (uint64_t)ctx->batmap_hdr.batmap_size * VHD_SECTOR_SIZE);
    }
    if ( rc )
        goto out;
    memcpy(out, J_MAGIC, 8);
    vhd_put_be32(out + 8, J_VERSION);
    vhd_put_be32(out + 12, n);
    memcpy(out + 16, ctx->footer.uuid, 16);
    vhd_put_be64(out + 32, (uint64_t)st.st_size);
    vhd_put_be64(out + 40, vhd_size(ctx));
    vhd_put_be64(out + 48, pos + J_TRAILER);
    vhd_put_be64(out + pos, fnv1a64(out, pos));
    pos += J_TRAILER;
    fd = open(journal, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if ( fd < 0 )
    {
        rc = errno == EEXIST
                 ? vhd_set_error(EEXIST,
                                 "%s: journal already exists: an earlier resize of %s was "
                                 "interrupted; revert it (vhd-util revert) or remove it",
                                 journal, ctx->file)
                 : vhd_set_error(errno, "%s: %s", journal, strerror(errno));
        goto out;
    }
    rc = vhd__pwrite(fd, out, pos, 0);
    if ( !rc && fsync(fd) )
        rc = -errno;
    if ( !rc )
        rc = sync_dir(journal);
    if ( rc )
    {
        unlink(journal);
        rc = vhd_set_error(rc, "%s: writing journal: %s", journal, strerror(-rc));
    }
out:
    if ( fd >= 0 )
        close(fd);
    free(out);
    return rc;
}

/** Does fd hold, at off, a footer with this uuid? */
static bool footer_matches(int fd, uint64_t off, const uint8_t *uuid, uint8_t *found)
{
    uint8_t buf[VHD_SECTOR_SIZE];
    struct vhd_footer f;

    if ( vhd__pread(fd, buf, sizeof(buf), off) || memcmp(buf, "conectix", 8) )
        return false;
    vhd_footer_unpack(&f, buf);
    if ( vhd_footer_checksum(&f) != f.checksum )
        return false;
    memcpy(found, f.uuid, 16);
    return !memcmp(f.uuid, uuid, 16);
}

static void uuid_str(const uint8_t *u, char *s)
{
    for ( int i = 0; i < 16; i++ )
        s += sprintf(s, "%02x%s", u[i], i == 3 || i == 5 || i == 7 || i == 9 ? "-" : "");
}

int vhd_journal_read(struct vhd_journal *j, const char *journal)
{
    struct stat st;
    int fd, rc;

    memset(j, 0, sizeof(*j));
    fd = open(journal, O_RDONLY | O_CLOEXEC);
    if ( fd < 0 )
        return vhd_set_error(errno, "%s: %s", journal, strerror(errno));
    if ( fstat(fd, &st) )
        rc = vhd_set_error(errno, "%s: %s", journal, strerror(errno));
    else if ( !S_ISREG(st.st_mode) || st.st_size > (off_t)J_MAX_SIZE )
        rc = vhd_set_error(EINVAL, "%s: not a resize journal (%s)", journal,
                           S_ISREG(st.st_mode) ? "too large" : "not a regular file");
    else if ( !(j->buf = malloc((size_t)st.st_size + 1)) )
        rc = vhd_set_error(ENOMEM, "%s: out of memory", journal);
    else if ( (rc = vhd__pread(fd, j->buf, (size_t)st.st_size, 0)) )
        rc = vhd_set_error(rc, "%s: reading: %s", journal, strerror(-rc));
    else
    {
        uint8_t *keep = j->buf;

        rc = vhd_journal_parse(j, keep, (size_t)st.st_size, journal);
        j->buf = keep;
    }
    close(fd);
    if ( rc )
        vhd_journal_dispose(j);
    return rc;
}

int vhd_journal_revert(const char *image, const char *journal)
{
    struct vhd_journal j;
    uint8_t found[16] = {0};
    char want[40], have[40];
    struct stat st;
    int fd = -1, rc;

    rc = vhd_journal_read(&j, journal);
    if ( rc )
        return rc;
    fd = open(image, O_RDWR | O_CLOEXEC);
    if ( fd < 0 || fstat(fd, &st) )
    {
        rc = vhd_set_error(errno, "%s: %s", image, strerror(errno));
        goto out;
    }
    /* A resize only grows the file: a shorter image is not the one journalled. */
    if ( (uint64_t)st.st_size < j.file_size )
    {
        rc = vhd_set_error(EINVAL,
                           "%s: %llu bytes, shorter than the %llu recorded in %s: not the "
                           "journalled image, or changed since; nothing written",
                           image, (unsigned long long)st.st_size, (unsigned long long)j.file_size,
                           journal);
        goto out;
    }
    /* Some footer (the copy at 0, the old or the new trailing one) names the same disk. */
    if ( !footer_matches(fd, 0, j.uuid, found) &&
         !footer_matches(fd, j.file_size - VHD_SECTOR_SIZE, j.uuid, found) &&
         !(st.st_size >= VHD_SECTOR_SIZE &&
           footer_matches(fd, (uint64_t)st.st_size - VHD_SECTOR_SIZE, j.uuid, found)) )
    {
        uuid_str(j.uuid, want);
        uuid_str(found, have);
        rc = vhd_set_error(EINVAL,
                           "%s: journal %s belongs to the disk with uuid %s, this image's is %s; "
                           "nothing written",
                           image, journal, want, have);
        goto out;
    }
    for ( uint32_t i = 0; i < j.nentries && !rc; i++ )
        rc = vhd__pwrite(fd, j.entries[i].data, j.entries[i].len, j.entries[i].off);
    if ( !rc && fdatasync(fd) )
        rc = -errno;
    if ( !rc && ftruncate(fd, (off_t)j.file_size) )
        rc = -errno;
    if ( !rc && fsync(fd) )
        rc = -errno;
    if ( rc )
        rc = vhd_set_error(rc, "%s: restoring from %s: %s", image, journal, strerror(-rc));
out:
    if ( fd >= 0 )
        close(fd);
    vhd_journal_dispose(&j);
    return rc;
}

int vhd_journal_remove(const char *journal)
{
    if ( unlink(journal) )
        return vhd_set_error(errno, "%s: removing journal: %s", journal, strerror(errno));
    sync_dir(journal);
    return 0;
}

void vhd_fail_point(const char *point)
{
    char var[96];
    const char *v;

    snprintf(var, sizeof(var), "VHD_UTIL_TEST_FAIL_%s", point);
    v = getenv(var);
    if ( !v || !*v || !strcmp(v, "0") )
        return;
    fprintf(stderr, "libvhd: failing at %s (test)\n", var);
    if ( !strcmp(v, "stop") )
        raise(SIGSTOP); /* for a test to kill -9 here */
    _exit(22);
}
