/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What every static /init of the Linux boot tests does first (dom0_init.c,
 * dom0_xl.c, dom0_bench.c): a console, and Debian's modules from the initramfs.
 */
#ifndef TESTS_BOOT_INIT_COMMON_H
#define TESTS_BOOT_INIT_COMMON_H

/** Mount devtmpfs on /dev and make /dev/console stdin, stdout and stderr. */
void init_console(void);

/**
 * Load each module in /lib/modules whose file name contains `match` (".ko" for all),
 * in name order; report(name, errno) for each one that fails.
 */
void init_load_modules(const char *match, void (*report)(const char *name, int err));

#endif
