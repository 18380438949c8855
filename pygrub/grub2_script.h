/* SPDX-License-Identifier: GPL-2.0-only */
/* GRUB 2 script: splitting grub.cfg into commands of raw words, and expanding words. */
#ifndef PYGRUB_GRUB2_SCRIPT_H
#define PYGRUB_GRUB2_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>

/** A word as written in the file (quotes and $ references not yet expanded). */
struct g2_word {
    const char *s;
    size_t len;
};

/** One simple command: words[first .. first + n), and its source text. */
struct g2_cmd {
    size_t first, n;
    const char *start, *end; /* from the first word to the end of the command */
    unsigned int line;
};

/** A config split into commands. */
struct g2_script {
    struct g2_word *words;
    size_t nwords, wcap;
    struct g2_cmd *cmds;
    size_t ncmds, ccap;
};

/** A variable store (name=value), bounded by BOOTCFG_MAX_VARS. */
struct g2_vars {
    char **names, **values;
    size_t n;
};

/** Split @len bytes of @buf into commands. 0, or -1 with @err filled. */
int g2_script_split(struct g2_script *sc, const char *buf, size_t len, char *err, size_t errlen);
void g2_script_dispose(struct g2_script *sc);

const char *g2_var_get(const struct g2_vars *v, const char *name);
/** Set @name to @value; -1 when the store is full. */
int g2_var_set(struct g2_vars *v, const char *name, const char *value);
void g2_var_unset(struct g2_vars *v, const char *name);
void g2_vars_dispose(struct g2_vars *v);

/**
 * Expand word @w: quotes removed, backslash escapes, $name and ${name} replaced. Returns a
 * malloc'd string, or NULL with *@vanished set when an unquoted expansion left nothing.
 */
char *g2_expand(const struct g2_vars *v, const struct g2_word *w, bool *vanished);

/**
 * Expand $ references in the source text [@s, @e) but keep everything else verbatim (how a
 * kernel command line is taken from a `linux` line). Trailing blanks are dropped.
 */
char *g2_expand_raw(const struct g2_vars *v, const char *s, const char *e);

struct boot_config;
struct bootcfg_fs;

/** Most Boot Loader Specification entries read by blscfg. */
#define BLS_MAX_ENTRIES 1000

/**
 * blscfg: add the Boot Loader Specification entries of /loader/entries (or
 * /boot/loader/entries) as items under @parent, newest version first, as GRUB's blscfg
 * does; "options" may use variables (kernelopts from grubenv). 0, or -1 with cfg->error.
 */
int grub2_blscfg(struct boot_config *cfg, const struct bootcfg_fs *fs, const struct g2_vars *v,
                 int parent);

#endif /* PYGRUB_GRUB2_SCRIPT_H */
