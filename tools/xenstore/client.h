/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The xenstore-* clients: the command table and what the commands share.
 */
#ifndef XENSTORE_CLIENT_H
#define XENSTORE_CLIENT_H

#include <stdbool.h>
#include <stdio.h>

#include <xenstore.h>

/** One client: its name (xenstore-NAME), entry point and usage line. */
struct xs_cmd {
    const char *name;
    int (*fn)(const struct xs_cmd *cmd, struct xs_handle *h, int argc, char **argv);
    const char *usage; /* options and arguments, after the program name */
    const char *opts;  /* getopt string (h and s are common) */
    int min_args;      /* arguments needed after the options */
};

/** Program name as invoked, for messages. */
extern const char *xs_prog;

/** Print the usage line and return the exit status for misuse. */
int xs_usage(const struct xs_cmd *cmd);
/** Escape @len bytes of @v for display (\\, \t, \n, \r, octal or hex codes). */
char *xs_escape(const char *v, unsigned int len);

/* client_tree.c */
int xs_cmd_ls(const struct xs_cmd *cmd, struct xs_handle *h, int argc, char **argv);
int xs_cmd_chmod(const struct xs_cmd *cmd, struct xs_handle *h, int argc, char **argv);

#endif /* XENSTORE_CLIENT_H */
