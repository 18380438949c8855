/* SPDX-License-Identifier: GPL-2.0-only */
/* pygrub: what the command line asks for, and the pieces of main.c shared with output.c. */
#ifndef PYGRUB_PYGRUB_H
#define PYGRUB_PYGRUB_H

#include <stdbool.h>
#include <stdint.h>

#include <fsimage.h>

#include "bootcfg.h"

/** The options, as parsed from the command line. */
struct pygrub_opts {
    bool quiet, interactive, list, not_really, isconfig, debug;
    const char *output, *format, *outdir, *entry, *kernel, *ramdisk, *args, *image;
    bool have_offset;
    uint64_t offset;
    long runas;
};

/** What to boot: paths inside the guest, and the command line. */
struct pygrub_choice {
    char *kernel, *ramdisk, *args;
};

/** Report on stderr when --debug was given. */
void pygrub_debug(const struct pygrub_opts *o, const char *fmt, ...)
    __attribute__((__format__(__printf__, 2, 3)));

/** Where the results go: the extracted files and the result line. */
struct pygrub_out {
    char *kname, *rname; /* boot_kernel.XXXXXX, boot_ramdisk.XXXXXX; NULL with -n */
    int kfd, rfd;        /* their descriptors until filled, else -1 */
    int ofd;             /* --output, or standard output */
};

/**
 * Create the kernel and ramdisk files in the output directory (exclusively, mode 0600, as
 * the real pygrub does before reading the guest's disk) and open --output: done before
 * --runas gives up the rights to. Returns 0, or -1 after a message.
 */
int pygrub_out_open(const struct pygrub_opts *o, struct pygrub_out *out);

/** Close what is open; remove the created files unless @keep. */
void pygrub_out_dispose(struct pygrub_out *out, bool keep);

/**
 * Copy the chosen kernel and ramdisk of @fs into @out's files (the unused ramdisk file is
 * removed), then write the result in the chosen format. Returns the exit status; on
 * failure the caller removes the files with pygrub_out_dispose().
 */
int pygrub_extract(const struct pygrub_opts *o, fsi_t *fs, const struct pygrub_choice *c,
                   struct pygrub_out *out);

/** Write @c in format @fmt to @fd, @kernel/@ramdisk being the host paths. Returns 0 or -1. */
int pygrub_write_result(const char *fmt, int fd, const char *kernel, const char *ramdisk,
                        const char *args);

#endif /* PYGRUB_PYGRUB_H */
