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

/**
 * Copy the chosen kernel and ramdisk of @fs into new files of the output directory (created
 * exclusively, mode 0600, removed again on any error), then write the result in the chosen
 * format to --output or stdout. Returns the exit status.
 */
int pygrub_extract(const struct pygrub_opts *o, fsi_t *fs, const struct pygrub_choice *c);

/** Write @c in format @fmt to @fd, @kernel/@ramdisk being the host paths. Returns 0 or -1. */
int pygrub_write_result(const char *fmt, int fd, const char *kernel, const char *ramdisk,
                        const char *args);

#endif /* PYGRUB_PYGRUB_H */
