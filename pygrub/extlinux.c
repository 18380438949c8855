/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * extlinux/syslinux/isolinux configs: LABEL blocks with KERNEL/LINUX, APPEND (initrd= taken
 * out of it), INITRD, mboot.c32 multiboot lines; DEFAULT by label, MENU DEFAULT.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bootcfg.h"

/* Paths without a leading '/' are relative to the config's directory. */
static int set_path(struct boot_config *cfg, char **field, const char *dir, const char *v)
{
    size_t n = strlen(dir) + strlen(v) + 2;

    free(*field);
    *field = malloc(n);
    if ( !*field )
        return boot_config_error(cfg, "out of memory");
    if ( v[0] == '/' )
        snprintf(*field, n, "%s", v);
    else
        snprintf(*field, n, "%s/%s", dir, v);
    return 0;
}

/* "append" of an mboot.c32 entry: "xen.gz ARGS --- vmlinuz ARGS --- initrd". */
static int mboot_append(struct boot_config *cfg, struct boot_item *it, const char *dir, char *arg)
{
    char *mods[4] = {arg, NULL, NULL, NULL}, *p = arg, *kern;
    int n = 1;

    while ( n < 4 && (p = strstr(p, "---")) )
    {
        *p = '\0';
        p += 3;
        mods[n++] = p;
    }
    if ( n != 2 && n != 3 )
        return 0;
    kern = bootcfg_trim(mods[n - 2]);
    if ( *kern )
    {
        size_t k = strcspn(kern, " \t");
        char *rest = kern[k] ? bootcfg_trim(kern + k + 1) : kern + k;

        kern[k] = '\0';
        if ( set_path(cfg, &it->kernel, dir, kern) || bootcfg_set(cfg, &it->args, rest) )
            return -1;
    }
    if ( *bootcfg_trim(mods[n - 1]) )
        return set_path(cfg, &it->initrd, dir, bootcfg_trim(mods[n - 1]));
    return 0;
}

static int append(struct boot_config *cfg, struct boot_item *it, const char *dir, char *arg)
{
    char *a = arg, *w;
    size_t n = strlen(arg);

    if ( it->kernel && strlen(it->kernel) >= 9 &&
         !strcmp(it->kernel + strlen(it->kernel) - 9, "mboot.c32") )
        return mboot_append(cfg, it, dir, arg);
    if ( n >= 2 && arg[0] == '"' && arg[n - 1] == '"' )
    {
        arg[n - 1] = '\0';
        a = arg + 1;
    }
    /* initrd=PATH names the initrd; the word is cut out of the command line. */
    for ( w = a; *w; )
    {
        size_t k = strcspn(w, " \t");

        if ( !strncasecmp(w, "initrd=", 7) )
        {
            char save = w[k];

            w[k] = '\0';
            if ( set_path(cfg, &it->initrd, dir, w + 7) )
                return -1;
            w[k] = save;
            memmove(w, w + k, strlen(w + k) + 1);
            continue;
        }
        w += k;
        w += strspn(w, " \t");
    }
    return bootcfg_set(cfg, &it->args, bootcfg_trim(a));
}

int extlinux_parse(struct boot_config *cfg, const char *buf, size_t len, const char *path,
                   const struct bootcfg_fs *fs)
{
    char *copy = strndup(buf, len), *line, *save = NULL, *dir = NULL;
    const char *slash = strrchr(path, '/');
    struct boot_item *it = NULL;
    unsigned int lineno = 0;
    int rc = -1, menu_default = -1;

    (void)fs;
    cfg->format = "extlinux";
    dir = strndup(path, slash ? (size_t)(slash - path) : 0);
    if ( !copy || !dir )
    {
        boot_config_error(cfg, "out of memory");
        goto out;
    }
    for ( line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save) )
    {
        char *l = bootcfg_trim(line), *cmd, *arg;
        size_t k;

        lineno++;
        if ( !*l || *l == '#' )
            continue;
        k = strcspn(l, " \t");
        cmd = l;
        arg = l + k;
        if ( *arg )
            *arg++ = '\0';
        arg = bootcfg_trim(arg);
        if ( !strcasecmp(cmd, "label") )
        {
            it = boot_config_add(cfg, -1, false);
            if ( !it )
            {
                boot_config_error(cfg, "line %u: too many entries", lineno);
                goto out;
            }
            if ( bootcfg_set(cfg, &it->title, arg) || bootcfg_set(cfg, &it->args, "") )
                goto out;
            continue;
        }
        if ( it )
        {
            if ( !strcasecmp(cmd, "kernel") || !strcasecmp(cmd, "linux") )
            {
                if ( *arg && set_path(cfg, &it->kernel, dir, arg) )
                    goto out;
            }
            else if ( !strcasecmp(cmd, "append") )
            {
                if ( append(cfg, it, dir, arg) )
                    goto out;
            }
            else if ( !strcasecmp(cmd, "initrd") )
            {
                if ( *arg && set_path(cfg, &it->initrd, dir, arg) )
                    goto out;
            }
            else if ( !strcasecmp(cmd, "menu") && !strcasecmp(arg, "default") )
                menu_default = it->entry;
            continue;
        }
        if ( !strcasecmp(cmd, "default") )
        {
            free(cfg->default_spec);
            cfg->default_spec = strdup(arg);
            if ( !cfg->default_spec )
            {
                boot_config_error(cfg, "out of memory");
                goto out;
            }
        }
        else if ( !strcasecmp(cmd, "timeout") )
            cfg->timeout = (atoi(arg) + 9) / 10; /* tenths of a second */
    }
    if ( menu_default >= 0 )
    {
        char num[16];

        snprintf(num, sizeof(num), "%d", menu_default);
        free(cfg->default_spec);
        cfg->default_spec = strdup(num);
        if ( !cfg->default_spec )
        {
            boot_config_error(cfg, "out of memory");
            goto out;
        }
    }
    rc = 0;
out:
    free(dir);
    free(copy);
    return rc;
}
