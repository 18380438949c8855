/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vhd-util: create, inspect, check and change VHD images. Entry point and command table;
 * the commands live in vhd_util_*.c by topic.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vhd_util.h"

const struct vhd_util_cmd vhd_util_cmds[] = {
    {"create", vhd_util_create, "-n NAME -s MB [-r] [-S MB]", "create a new image"},
    {"snapshot", vhd_util_snapshot, "-n NAME -p PARENT [-m] [-S MB]",
     "create a differencing child of PARENT"},
    {"query", vhd_util_query, "-n NAME [-v] [-s] [-p] [-f] [-m] [-d] [-S]",
     "print sizes, parent, fields and chain depth"},
    {"check", vhd_util_check, "-n NAME [-i] [-p] [-b]", "check an image's metadata"},
    {"coalesce", vhd_util_coalesce, "-n NAME", "merge an image's data into its parent"},
    {"resize", vhd_util_resize, "-n NAME -s MB [-j JOURNAL]", "grow an image"},
    {"modify", vhd_util_modify, "-n NAME [-p PARENT [-m]] [-s BYTES]",
     "point an image at a new parent, or set its size"},
    {"repair", vhd_util_repair, "-n NAME", "restore footers and the batmap"},
    {"read", vhd_util_read,
     "-n NAME [-p] [-t SEC] [-b BLK] [-m BLK] [-i SEC] [-a] [-x] "
     "[-d SEC|-D SEC|-r SEC|-R SEC] [-c COUNT]",
     "print metadata or read data"},
    {"set", vhd_util_set, "-n NAME -f FIELD -v VALUE", "set the hidden or marker field"},
    {"fill", vhd_util_fill, "-n NAME", "allocate every block"},
    {"scan", vhd_util_scan, "[-m PATTERN] [-f] [-p] [-a] [-v] FILE...",
     "list images with capacity, size, hidden flag and parent"},
    {"revert", vhd_util_revert, "-n NAME -j JOURNAL",
     "undo an interrupted resize from its journal"},
};
const unsigned int vhd_util_ncmds = sizeof(vhd_util_cmds) / sizeof(vhd_util_cmds[0]);

int vhd_util_usage(const char *cmd)
{
    for ( unsigned int i = 0; i < vhd_util_ncmds; i++ )
        if ( !strcmp(vhd_util_cmds[i].name, cmd) )
            fprintf(stderr, "usage: %s %s %s\n", PROG, cmd, vhd_util_cmds[i].usage);
    return 1;
}

int vhd_util_number(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v;

    if ( !s || !*s || *s == '-' )
        return -1;
    errno = 0;
    v = strtoull(s, &end, 0);
    if ( errno || *end )
        return -1;
    *out = v;
    return 0;
}

int vhd_util_fail(void)
{
    fprintf(stderr, "%s: %s\n", PROG, vhd_error());
    return 1;
}

static int usage_all(FILE *f)
{
    fprintf(f, "usage: %s COMMAND [OPTIONS]\ncommands:\n", PROG);
    for ( unsigned int i = 0; i < vhd_util_ncmds; i++ )
        fprintf(f, "  %-9s %s\n", vhd_util_cmds[i].name, vhd_util_cmds[i].help);
    return f == stdout ? 0 : 1;
}

int main(int argc, char **argv)
{
    if ( argc < 2 )
        return usage_all(stderr);
    if ( !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help") )
        return usage_all(stdout);
    for ( unsigned int i = 0; i < vhd_util_ncmds; i++ )
        if ( !strcmp(vhd_util_cmds[i].name, argv[1]) )
            return vhd_util_cmds[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "%s: unknown command '%s'\n", PROG, argv[1]);
    return usage_all(stderr);
}
