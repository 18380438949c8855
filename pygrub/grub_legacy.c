/* SPDX-License-Identifier: GPL-2.0-only */
/* GRUB legacy menu.lst / grub.conf: title blocks with root, kernel, initrd; default, timeout. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootcfg.h"

/* Split "cmd arg" or "cmd=arg" (whichever separator comes first) in place. */
static void split_cmd(char *line, char **cmd, char **arg)
{
    size_t n = strcspn(line, " \t=");

    *cmd = line;
    *arg = line + n;
    if ( **arg )
        *(*arg)++ = '\0';
    *arg += strspn(*arg, " \t");
}

/* "default saved": the number GRUB legacy's savedefault wrote to DIR/default. */
static int saved_default(const char *dir, const struct bootcfg_fs *fs, char *out, size_t outsz)
{
    char path[512], *buf = NULL;
    size_t len;

    snprintf(path, sizeof(path), "%s/default", dir);
    if ( !fs || !fs->read || fs->read(fs->ctx, path, 4096, &buf, &len) )
        return -1;
    snprintf(out, outsz, "%ld", strtol(buf, NULL, 10));
    free(buf);
    return 0;
}

int grub_legacy_parse(struct boot_config *cfg, const char *buf, size_t len, const char *path,
                      const struct bootcfg_fs *fs)
{
    char *copy = strndup(buf, len), *line, *save = NULL, *dflt = NULL;
    struct boot_item *it = NULL;
    unsigned int lineno = 0;
    int rc = -1;

    cfg->format = "grub";
    if ( !copy )
        return boot_config_error(cfg, "out of memory");
    for ( line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save) )
    {
        char *cmd, *arg, *l = bootcfg_trim(line);

        lineno++;
        if ( !*l || *l == '#' )
            continue;
        if ( !strncmp(l, "title", 5) )
        {
            it = boot_config_add(cfg, -1, false);
            if ( !it )
            {
                boot_config_error(cfg, "line %u: too many entries", lineno);
                goto out;
            }
            if ( bootcfg_set(cfg, &it->title, bootcfg_trim(l + 5)) ||
                 bootcfg_set(cfg, &it->args, "") )
                goto out;
            continue;
        }
        split_cmd(l, &cmd, &arg);
        arg = bootcfg_trim(arg);
        if ( it )
        {
            if ( !strcmp(cmd, "root") || !strcmp(cmd, "rootnoverify") )
            {
                if ( bootcfg_set(cfg, &it->root, arg) )
                    goto out;
            }
            else if ( !strcmp(cmd, "kernel") && *arg )
            {
                size_t k = strcspn(arg, " \t");
                char *rest = arg + k + strspn(arg + k, " \t");

                arg[k] = '\0';
                if ( bootcfg_set(cfg, &it->kernel, bootcfg_strip_device(arg)) ||
                     bootcfg_set(cfg, &it->args, rest) )
                    goto out;
            }
            else if ( !strcmp(cmd, "initrd") && *arg )
            {
                arg[strcspn(arg, " \t")] = '\0';
                if ( bootcfg_set(cfg, &it->initrd, bootcfg_strip_device(arg)) )
                    goto out;
            }
            continue;
        }
        if ( !strcmp(cmd, "default") )
            dflt = arg;
        else if ( !strcmp(cmd, "timeout") )
            cfg->timeout = atoi(arg);
        else if ( !strcmp(cmd, "password") )
            cfg->has_password = true;
    }
    if ( dflt )
    {
        char saved[32];
        const char *slash = strrchr(path, '/');
        char *dir = strndup(path, slash ? (size_t)(slash - path) : 0);

        if ( !dir )
        {
            boot_config_error(cfg, "out of memory");
            goto out;
        }
        if ( !strcmp(dflt, "saved") )
            dflt = saved_default(dir, fs, saved, sizeof(saved)) ? "0" : saved;
        free(dir);
        cfg->default_spec = strdup(dflt);
        if ( !cfg->default_spec )
        {
            boot_config_error(cfg, "out of memory");
            goto out;
        }
    }
    rc = 0;
out:
    free(copy);
    return rc;
}
