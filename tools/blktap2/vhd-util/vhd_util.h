/* SPDX-License-Identifier: GPL-2.0-only */
/* vhd-util: the command table and helpers shared by its command files. */
#ifndef BLKTAP2_VHD_UTIL_H
#define BLKTAP2_VHD_UTIL_H

#include <stdint.h>

#include "vhd.h"

#define PROG "vhd-util"

/** One vhd-util command: name, implementation, option string for getopt, usage, help. */
struct vhd_util_cmd {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *usage;
    const char *help;
};

extern const struct vhd_util_cmd vhd_util_cmds[];
extern const unsigned int vhd_util_ncmds;

/** Print a command's usage to stderr and return 1 (the usage error status). */
int vhd_util_usage(const char *cmd);
/** Parse a non-negative decimal number; -1 if invalid. */
int vhd_util_number(const char *s, uint64_t *out);
/** Report a libvhd failure: "vhd-util: <message>", returns 1. */
int vhd_util_fail(void);

int vhd_util_create(int argc, char **argv);
int vhd_util_snapshot(int argc, char **argv);
int vhd_util_query(int argc, char **argv);
int vhd_util_check(int argc, char **argv);
int vhd_util_read(int argc, char **argv);
int vhd_util_set(int argc, char **argv);
int vhd_util_fill(int argc, char **argv);
int vhd_util_coalesce(int argc, char **argv);
int vhd_util_resize(int argc, char **argv);
int vhd_util_modify(int argc, char **argv);
int vhd_util_repair(int argc, char **argv);
int vhd_util_scan(int argc, char **argv);
int vhd_util_revert(int argc, char **argv);

#endif /* BLKTAP2_VHD_UTIL_H */
