/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What every static /init of the Linux boot tests does first (dom0_init.c,
 * dom0_xl.c, dom0_bench.c, domu_bench.c, xl_create.c): a console, and Debian's
 * modules from the initramfs; how the toolstack ones run programs, and start
 * Debian's toolstack.
 */
#ifndef TESTS_BOOT_INIT_COMMON_H
#define TESTS_BOOT_INIT_COMMON_H

#include <sys/types.h>

/** Mount devtmpfs on /dev and make /dev/console stdin, stdout and stderr. */
void init_console(void);

/**
 * Load each module in /lib/modules whose file name contains `match` (".ko" for all),
 * in name order; report(name, errno) for each one that fails.
 */
void init_load_modules(const char *match, void (*report)(const char *name, int err));

/**
 * Start argv[0] with this environment plus env (a "NAME=VALUE", or NULL), its stdout
 * and stderr into out_fd (-1: the console's): its pid, or -1 (said on stdout).
 */
pid_t init_spawn(const char *const argv[], const char *env, int out_fd);

/**
 * Run argv as init_spawn() does to its end (killed after timeout_s seconds), then print
 * each line it wrote as "PREFIX TAG| LINE" and its status as "PREFIX TAG exit STATUS"
 * (128 + the signal that ended it, -1 if it never started). Returns that status.
 */
int init_run(const char *prefix, const char *tag, const char *const argv[], const char *env,
             int timeout_s);

/* Where the initramfs of the toolstack tests holds Debian's unpacked xen-utils-4.17. */
#define INIT_XEN_BIN      "/usr/lib/xen-4.17/bin/"
#define INIT_XEN_LIB_PATH "LD_LIBRARY_PATH=/debian/lib"
#define INIT_XS_SOCKET    "/run/xenstored/socket"

/**
 * Start Debian's toolstack in dom0 as its init scripts do: modules (failures to
 * module_report), xenfs, the run, lib and log directories, devpts (xenconsoled
 * gives each console a pty), xenstored (waiting for its socket), xen-init-dom0
 * (through init_run() under PREFIX and init_dom0_tag), and xenconsoled logging
 * the guests' consoles under /var/log/xen/console. 0, or -1 (said as "PREFIX
 * failed: ...").
 */
int init_xen_toolstack(const char *prefix, const char *init_dom0_tag,
                       void (*module_report)(const char *name, int err));

#endif
