/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Boot menus read from a guest's disk: GRUB 2, GRUB legacy and extlinux/syslinux configs
 * turned into one list of entries. The configs are untrusted input.
 */
#ifndef PYGRUB_BOOTCFG_H
#define PYGRUB_BOOTCFG_H

#include <stdbool.h>
#include <stddef.h>

/** Most entries, submenus and variables a config may define. */
#define BOOTCFG_MAX_ITEMS 10000
#define BOOTCFG_MAX_VARS  512
#define BOOTCFG_MAX_VALUE 8192
#define BOOTCFG_MAX_NEST  32

/** A menu item: a bootable entry, or a GRUB 2 submenu holding items. */
struct boot_item {
    char *title;
    char *id;     /* GRUB 2 --id, or NULL */
    char *kernel; /* path in the guest filesystem, or NULL */
    char *initrd; /* NULL if none */
    char *args;   /* kernel command line, "" if none */
    char *root;   /* GRUB root device as written ("hd0,msdos1", "(hd0,0)"), or NULL */
    int parent;   /* index in items of the enclosing submenu, -1 at top level */
    int pos;      /* position among the parent's items, counted from 0 */
    int entry;    /* index among bootable entries, -1 for a submenu */
    bool submenu;
};

/** A parsed boot menu. */
struct boot_config {
    const char *format; /* "grub2", "grub", "extlinux" */
    struct boot_item *items;
    size_t nitems, cap;
    int *entries; /* bootable entries in file order: indexes into items */
    size_t nentries;
    char *default_spec; /* as the config says: "1", "1>2", an id or a title; NULL if unset */
    int timeout;        /* seconds, -1 for none */
    bool has_password;
    char error[256]; /* why parsing failed */
};

/** Lets a parser look at other files of the guest filesystem (grubenv, test -f). */
struct bootcfg_fs {
    void *ctx;
    /** Size of @path, or -1 if it is not a regular file. */
    long long (*file_size)(void *ctx, const char *path);
    /** Whole contents of @path (at most @max bytes) in a malloc'd buffer; 0 or -errno. */
    int (*read)(void *ctx, const char *path, size_t max, char **buf, size_t *len);
    /** Names in directory @path (at most @max) as a malloc'd array of malloc'd strings. */
    int (*list)(void *ctx, const char *path, size_t max, char ***names, size_t *count);
};

void boot_config_init(struct boot_config *cfg);
void boot_config_dispose(struct boot_config *cfg);

/**
 * Parse @len bytes of @buf, a config found at @path (its directory locates grubenv and
 * relative extlinux paths). @fs may be NULL (a config given on its own, --isconfig).
 * Return 0, or -1 with cfg->error set.
 */
int grub2_parse(struct boot_config *cfg, const char *buf, size_t len, const char *path,
                const struct bootcfg_fs *fs);
int grub_legacy_parse(struct boot_config *cfg, const char *buf, size_t len, const char *path,
                      const struct bootcfg_fs *fs);
int extlinux_parse(struct boot_config *cfg, const char *buf, size_t len, const char *path,
                   const struct bootcfg_fs *fs);

/** The entry (index into cfg->entries) the config boots by default; 0 if unresolvable. */
int boot_config_default(const struct boot_config *cfg);

/**
 * The entry named by @spec: an entry number, a GRUB 2 path "2>1" of item positions, ids or
 * titles, an id or a title. -1 if none matches.
 */
int boot_config_find(const struct boot_config *cfg, const char *spec);

/** Append a new item (cleared, parent @parent) and return it, or NULL at the limit. */
struct boot_item *boot_config_add(struct boot_config *cfg, int parent, bool submenu);

/** Drop a trailing partial item added by boot_config_add (on a parse error). */
int boot_config_error(struct boot_config *cfg, const char *fmt, ...)
    __attribute__((__format__(__printf__, 2, 3)));

/** @s without leading and trailing blanks (modified in place). */
char *bootcfg_trim(char *s);

/** Replace *@field by a copy of @v; 0, or -1 with cfg->error set. */
int bootcfg_set(struct boot_config *cfg, char **field, const char *v);

/** Strip a GRUB device prefix "(hd0,1)" from @path, returning a pointer into it. */
const char *bootcfg_strip_device(const char *path);

#endif /* PYGRUB_BOOTCFG_H */
