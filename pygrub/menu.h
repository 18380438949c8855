/* SPDX-License-Identifier: GPL-2.0-only */
/* The interactive boot menu (ncurses) on the guest console. */
#ifndef PYGRUB_MENU_H
#define PYGRUB_MENU_H

#include "bootcfg.h"

/**
 * Show the entries of @cfg with @sel highlighted and a countdown of cfg->timeout seconds;
 * arrows move, Enter boots, 'e' edits the entry's kernel/initrd/args lines, 'a' edits the
 * kernel arguments. Edits are written into cfg's items. Returns the chosen entry, or -1 if
 * the terminal cannot be used.
 */
int menu_run(struct boot_config *cfg, int sel);

#endif /* PYGRUB_MENU_H */
