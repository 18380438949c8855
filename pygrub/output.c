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

/* Copy @path of @fs to a new file "DIR/boot_WHAT.XXXXXX"; sets *@out to its name. */
static int copy_out(const struct pygrub_opts *o, fsi_t *fs, const char *path, const char *what,
                    const char *dir, char **out)
{
    fsi_file_t *f = NULL;
    char *name = NULL;
    uint64_t size;
    int fd = -1, rc = 1, r;

    *out = NULL;
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
    if ( asprintf(&name, "%s/boot_%s.XXXXXX", dir, what) < 0 )
    {
        name = NULL;
        goto nomem;
    }
    /* mkstemp: O_CREAT|O_EXCL, mode 0600, a fresh name in our own directory. */
    fd = mkstemp(name);
    if ( fd < 0 )
    {
        fprintf(stderr, "pygrub: %s: %s\n", name, strerror(errno));
        free(name);
        name = NULL;
        goto out;
    }
    r = fsi_file_copy_to_fd(f, fd);
    if ( r )
    {
        fprintf(stderr, "pygrub: %s %s -> %s: %s\n", what, path, name, fsi_last_error());
        goto out;
    }
    rc = 0;
    goto out;
nomem:
    fprintf(stderr, "pygrub: out of memory\n");
out:
    if ( fd >= 0 && close(fd) && !rc )
    {
        fprintf(stderr, "pygrub: %s: %s\n", name, strerror(errno));
        rc = 1;
    }
    if ( rc && name )
    {
        unlink(name);
        free(name);
        name = NULL;
    }
    fsi_file_close(f);
    *out = name;
    return rc;
}

static int open_output(const char *path)
{
    struct stat st;
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);

    if ( fd < 0 )
        return -1;
    if ( !fstat(fd, &st) && S_ISREG(st.st_mode) && ftruncate(fd, 0) )
    {
        close(fd);
        return -1;
    }
    return fd;
}

int pygrub_extract(const struct pygrub_opts *o, fsi_t *fs, const struct pygrub_choice *c)
{
    char *kpath = NULL, *rpath = NULL, *dir = NULL;
    int rc = 1, fd = STDOUT_FILENO;

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
        dir = realpath(o->outdir, NULL);
        if ( !dir )
        {
            fprintf(stderr, "pygrub: %s: %s\n", o->outdir, strerror(errno));
            return 1;
        }
        if ( copy_out(o, fs, c->kernel, "kernel", dir, &kpath) )
            goto out;
        if ( c->ramdisk && copy_out(o, fs, c->ramdisk, "ramdisk", dir, &rpath) )
            goto out;
    }
    if ( o->output )
    {
        fd = open_output(o->output);
        if ( fd < 0 )
        {
            fprintf(stderr, "pygrub: %s: %s\n", o->output, strerror(errno));
            goto out;
        }
    }
    if ( pygrub_write_result(o->format, fd, kpath, o->not_really ? NULL : rpath, c->args) )
    {
        if ( errno )
            fprintf(stderr, "pygrub: writing the result: %s\n", strerror(errno));
        goto out;
    }
    rc = 0;
out:
    if ( fd != STDOUT_FILENO && fd >= 0 && close(fd) && !rc )
    {
        fprintf(stderr, "pygrub: %s: %s\n", o->output, strerror(errno));
        rc = 1;
    }
    if ( rc )
    {
        if ( kpath )
            unlink(kpath);
        if ( rpath )
            unlink(rpath);
    }
    free(kpath);
    free(rpath);
    free(dir);
    return rc;
}
