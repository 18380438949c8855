/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Extracting the kernel and ramdisk to the output directory, and the result in pygrub's
 * formats: sxp "linux (kernel 'PATH')(ramdisk 'PATH')(args 'ARGS')", simple (one
 * "key value" per line, then an empty line) and simple0 (the same with NUL separators).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kernel_format.h"
#include "pygrub.h"

#define COPY_CHUNK          (1u << 20)
#define DEFAULT_MAX_FILE_MB 512

/* Append @s to @b (a buffer of @size) quoted as Python's repr() would; NULL is None. */
static void py_repr(char *b, size_t size, const char *s)
{
    size_t n = strlen(b);
    char q = '\'';
    const unsigned char *p;

#define PUT(...) (n += (size_t)snprintf(b + n, n < size ? size - n : 0, __VA_ARGS__))
    if ( !s )
    {
        PUT("None");
        return;
    }
    if ( strchr(s, '\'') && !strchr(s, '"') )
        q = '"';
    PUT("%c", q);
    for ( p = (const unsigned char *)s; *p; p++ )
    {
        if ( *p == '\\' || *p == (unsigned char)q )
            PUT("\\%c", *p);
        else if ( *p == '\n' )
            PUT("\\n");
        else if ( *p == '\t' )
            PUT("\\t");
        else if ( *p == '\r' )
            PUT("\\r");
        else if ( *p < 0x20 || *p == 0x7f )
            PUT("\\x%02x", *p);
        else
            PUT("%c", *p);
    }
    PUT("%c", q);
#undef PUT
}

static int write_all(int fd, const void *buf, size_t len)
{
    size_t done = 0;

    while ( done < len )
    {
        ssize_t r = write(fd, (const char *)buf + done, len - done);

        if ( r < 0 && errno == EINTR )
            continue;
        if ( r <= 0 )
            return -1;
        done += (size_t)r;
    }
    return 0;
}

int pygrub_write_result(const char *fmt, int fd, const char *kernel, const char *ramdisk,
                        const char *args)
{
    size_t size = 3 * (BOOTCFG_MAX_VALUE + PATH_MAX) * 4 + 64, n;
    char *b = malloc(size);
    int rc = -1;

    if ( !b )
        return -1;
    b[0] = '\0';
    if ( !strcmp(fmt, "sxp") )
    {
        strcat(b, "linux (kernel ");
        py_repr(b, size, kernel);
        strcat(b, ")");
        if ( ramdisk )
        {
            strcat(b, "(ramdisk ");
            py_repr(b, size, ramdisk);
            strcat(b, ")");
        }
        if ( args && *args )
        {
            strcat(b, "(args ");
            py_repr(b, size, args);
            strcat(b, ")");
        }
        n = strlen(b);
    }
    else
    {
        char sep = strcmp(fmt, "simple0") ? '\n' : '\0';
        const char *vals[3] = {kernel, ramdisk, args};
        int i;

        for ( i = 0; i < 3; i++ )
            if ( vals[i] && sep == '\n' && strchr(vals[i], '\n') )
            {
                fprintf(stderr, "pygrub: simple format cannot represent a value containing "
                                "its delimiter\n");
                goto out;
            }
        n = (size_t)snprintf(b, size, "kernel %s%c", kernel ? kernel : "None", sep);
        if ( ramdisk )
            n += (size_t)snprintf(b + n, size - n, "ramdisk %s%c", ramdisk, sep);
        if ( args && *args )
            n += (size_t)snprintf(b + n, size - n, "args %s%c", args, sep);
        b[n++] = sep;
    }
    rc = write_all(fd, b, n);
out:
    free(b);
    return rc;
}

static uint64_t max_file_size(void)
{
    const char *env = getenv("PYGRUB_MAX_FILE_SIZE_MB");
    long mb = env ? strtol(env, NULL, 10) : DEFAULT_MAX_FILE_MB;

    if ( mb <= 0 )
        mb = DEFAULT_MAX_FILE_MB;
    return (uint64_t)mb << 20;
}

static long kernel_reader(void *ctx, void *buf, size_t len, uint64_t off)
{
    return (long)fsi_file_pread(ctx, buf, len, off);
}

/* Copy @path of @fs into @fd, the already created file @name. */
static int copy_into(const struct pygrub_opts *o, fsi_t *fs, const char *path, const char *what,
                     int fd, const char *name)
{
    fsi_file_t *f = NULL;
    uint64_t size;
    int rc = 1, r;

    r = fsi_file_open(fs, path, &f);
    if ( r )
    {
        fprintf(stderr, "pygrub: %s %s: %s\n", what, path,
                r == -ENOENT ? "the requested file does not exist in the guest" : fsi_last_error());
        goto out;
    }
    size = fsi_file_size(f);
    if ( size > max_file_size() )
    {
        fprintf(stderr,
                "pygrub: %s %s: %llu bytes, more than the limit of %llu MiB "
                "(PYGRUB_MAX_FILE_SIZE_MB)\n",
                what, path, (unsigned long long)size, (unsigned long long)(max_file_size() >> 20));
        goto out;
    }
    if ( o->debug && !strcmp(what, "kernel") )
    {
        char desc[128];

        pygrub_debug(o, "kernel %s: %llu bytes, %s", path, (unsigned long long)size,
                     kernel_describe(kernel_reader, f, desc, sizeof(desc)));
    }
    r = fsi_file_copy_to_fd(f, fd);
    if ( r )
    {
        fprintf(stderr, "pygrub: %s %s -> %s: %s\n", what, path, name, fsi_last_error());
        goto out;
    }
    rc = 0;
out:
    fsi_file_close(f);
    return rc;
}

/* mkstemp: O_CREAT|O_EXCL, mode 0600, a fresh name in the output directory. */
static int create_temp(const char *dir, const char *what, char **name, int *fd)
{
    if ( asprintf(name, "%s/boot_%s.XXXXXX", dir, what) < 0 )
    {
        *name = NULL;
        fprintf(stderr, "pygrub: out of memory\n");
        return -1;
    }
    *fd = mkstemp(*name);
    if ( *fd < 0 )
    {
        fprintf(stderr, "pygrub: %s: %s\n", *name, strerror(errno));
        free(*name);
        *name = NULL;
        return -1;
    }
    return 0;
}

int pygrub_out_open(const struct pygrub_opts *o, struct pygrub_out *out)
{
    struct stat st;
    char *dir = NULL;
    int rc = -1;

    *out = (struct pygrub_out){NULL, NULL, -1, -1, STDOUT_FILENO};
    if ( !o->not_really )
    {
        dir = realpath(o->outdir, NULL);
        if ( !dir )
        {
            fprintf(stderr, "pygrub: %s: %s\n", o->outdir, strerror(errno));
            goto out;
        }
        if ( create_temp(dir, "kernel", &out->kname, &out->kfd) ||
             create_temp(dir, "ramdisk", &out->rname, &out->rfd) )
            goto out;
    }
    if ( o->output )
    {
        out->ofd = open(o->output, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
        if ( out->ofd < 0 ||
             (!fstat(out->ofd, &st) && S_ISREG(st.st_mode) && ftruncate(out->ofd, 0)) )
        {
            fprintf(stderr, "pygrub: %s: %s\n", o->output, strerror(errno));
            goto out;
        }
    }
    rc = 0;
out:
    free(dir);
    return rc;
}

void pygrub_out_dispose(struct pygrub_out *out, bool keep)
{
    if ( out->kfd >= 0 )
        close(out->kfd);
    if ( out->rfd >= 0 )
        close(out->rfd);
    if ( out->ofd >= 0 && out->ofd != STDOUT_FILENO )
        close(out->ofd);
    if ( !keep && out->kname )
        unlink(out->kname);
    if ( !keep && out->rname )
        unlink(out->rname);
    free(out->kname);
    free(out->rname);
    *out = (struct pygrub_out){NULL, NULL, -1, -1, -1};
}

int pygrub_extract(const struct pygrub_opts *o, fsi_t *fs, const struct pygrub_choice *c,
                   struct pygrub_out *out)
{
    if ( o->not_really )
    {
        /* Only check the files exist; the paths reported are None, as pygrub's are. */
        if ( !fsi_file_exists(fs, c->kernel) )
        {
            fprintf(stderr, "pygrub: the requested kernel file %s does not exist\n", c->kernel);
            return 1;
        }
        if ( c->ramdisk && !fsi_file_exists(fs, c->ramdisk) )
        {
            fprintf(stderr, "pygrub: the requested ramdisk file %s does not exist\n", c->ramdisk);
            return 1;
        }
    }
    else
    {
        if ( copy_into(o, fs, c->kernel, "kernel", out->kfd, out->kname) ||
             (c->ramdisk && copy_into(o, fs, c->ramdisk, "ramdisk", out->rfd, out->rname)) )
            return 1;
        if ( close(out->kfd) || close(out->rfd) )
        {
            out->kfd = out->rfd = -1;
            fprintf(stderr, "pygrub: closing the extracted files: %s\n", strerror(errno));
            return 1;
        }
        out->kfd = out->rfd = -1;
        if ( !c->ramdisk )
        {
            unlink(out->rname);
            free(out->rname);
            out->rname = NULL;
        }
    }
    errno = 0;
    if ( pygrub_write_result(o->format, out->ofd, out->kname, out->rname, c->args) )
    {
        if ( errno )
            fprintf(stderr, "pygrub: writing the result: %s\n", strerror(errno));
        return 1;
    }
    return 0;
}
