/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Boot Loader Specification entries (/loader/entries/NAME.conf), which Fedora and RHEL's
 * grub.cfg load with the blscfg command: title, version, linux, initrd, options.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootcfg.h"
#include "grub2_script.h"

struct bls_entry {
    char *id, *title, *version, *kernel, *initrd, *options;
};

static void bls_entry_dispose(struct bls_entry *e)
{
    free(e->id);
    free(e->title);
    free(e->version);
    free(e->kernel);
    free(e->initrd);
    free(e->options);
}

/* rpm-style version comparison: digit runs numerically, letter runs as strings. */
static int vercmp(const char *a, const char *b)
{
    while ( *a || *b )
    {
        const char *sa, *sb;
        size_t la, lb;
        int c;

        while ( *a && !isalnum((unsigned char)*a) )
            a++;
        while ( *b && !isalnum((unsigned char)*b) )
            b++;
        if ( !*a || !*b )
            break;
        sa = a;
        sb = b;
        if ( isdigit((unsigned char)*a) )
        {
            if ( !isdigit((unsigned char)*b) )
                return 1;
            while ( *sa == '0' )
                sa++;
            while ( *sb == '0' )
                sb++;
            for ( a = sa; isdigit((unsigned char)*a); a++ )
                ;
            for ( b = sb; isdigit((unsigned char)*b); b++ )
                ;
            la = (size_t)(a - sa);
            lb = (size_t)(b - sb);
            if ( la != lb )
                return la < lb ? -1 : 1;
        }
        else
        {
            if ( isdigit((unsigned char)*b) )
                return -1;
            for ( a = sa; isalpha((unsigned char)*a); a++ )
                ;
            for ( b = sb; isalpha((unsigned char)*b); b++ )
                ;
            la = (size_t)(a - sa);
            lb = (size_t)(b - sb);
        }
        c = strncmp(sa, sb, la < lb ? la : lb);
        if ( c )
            return c;
        if ( la != lb )
            return la < lb ? -1 : 1;
    }
    return (*a != 0) - (*b != 0);
}

/* Newest first; entries without a version by id. */
static int newest_first(const void *pa, const void *pb)
{
    const struct bls_entry *a = pa, *b = pb;
    int c = vercmp(b->version ? b->version : "", a->version ? a->version : "");

    return c ? c : strcmp(b->id, a->id);
}

static int bls_parse(struct bls_entry *e, char *buf)
{
    char *line, *save = NULL;

    for ( line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save) )
    {
        char *key = bootcfg_trim(line), *val, **field = NULL;
        size_t k = strcspn(key, " \t");

        if ( !*key || *key == '#' )
            continue;
        val = key + k;
        if ( *val )
            *val++ = '\0';
        val = bootcfg_trim(val);
        if ( !strcmp(key, "title") )
            field = &e->title;
        else if ( !strcmp(key, "version") )
            field = &e->version;
        else if ( !strcmp(key, "linux") )
            field = &e->kernel;
        else if ( !strcmp(key, "initrd") && !e->initrd )
            field = &e->initrd; /* GRUB takes several; the first is the initrd here */
        else if ( !strcmp(key, "options") )
            field = &e->options;
        if ( field == &e->initrd )
            val[strcspn(val, " \t")] = '\0';
        if ( field )
        {
            free(*field);
            *field = strdup(val);
            if ( !*field )
                return -1;
        }
    }
    return 0;
}

int grub2_blscfg(struct boot_config *cfg, const struct bootcfg_fs *fs, const struct g2_vars *v,
                 int parent)
{
    static const char *const dirs[] = {"/loader/entries", "/boot/loader/entries"};
    struct bls_entry *ents = NULL;
    char **names = NULL, path[1024];
    size_t nnames = 0, nents = 0, i, d;
    int rc = -1;

    if ( !fs || !fs->list )
        return 0;
    for ( d = 0; d < sizeof(dirs) / sizeof(dirs[0]); d++ )
        if ( fs->list(fs->ctx, dirs[d], BLS_MAX_ENTRIES, &names, &nnames) == 0 )
            break;
    if ( d == sizeof(dirs) / sizeof(dirs[0]) )
        return 0; /* no entries: blscfg adds nothing */
    ents = calloc(nnames ? nnames : 1, sizeof(*ents));
    if ( !ents )
        goto nomem;
    for ( i = 0; i < nnames; i++ )
    {
        size_t n = strlen(names[i]), len;
        char *buf;

        if ( n <= 5 || strcmp(names[i] + n - 5, ".conf") )
            continue;
        snprintf(path, sizeof(path), "%s/%s", dirs[d], names[i]);
        if ( fs->read(fs->ctx, path, 1 << 16, &buf, &len) )
            continue;
        ents[nents].id = strndup(names[i], n - 5);
        if ( !ents[nents].id || bls_parse(&ents[nents], buf) )
        {
            free(buf);
            nents++;
            goto nomem;
        }
        free(buf);
        if ( !ents[nents].kernel )
        {
            bls_entry_dispose(&ents[nents]);
            memset(&ents[nents], 0, sizeof(ents[nents]));
            continue;
        }
        nents++;
    }
    qsort(ents, nents, sizeof(*ents), newest_first);
    for ( i = 0; i < nents; i++ )
    {
        struct boot_item *it = boot_config_add(cfg, parent, false);
        const char *title = ents[i].title     ? ents[i].title
                            : ents[i].version ? ents[i].version
                                              : ents[i].id;
        const char *opts = ents[i].options ? ents[i].options : "";

        if ( !it )
        {
            boot_config_error(cfg, "too many menu entries");
            goto out;
        }
        it->args = g2_expand_raw(v, opts, opts + strlen(opts));
        if ( bootcfg_set(cfg, &it->title, title) || bootcfg_set(cfg, &it->id, ents[i].id) ||
             bootcfg_set(cfg, &it->kernel, bootcfg_strip_device(ents[i].kernel)) || !it->args ||
             (ents[i].initrd &&
              bootcfg_set(cfg, &it->initrd, bootcfg_strip_device(ents[i].initrd))) )
            goto nomem;
    }
    rc = 0;
    goto out;
nomem:
    boot_config_error(cfg, "out of memory");
out:
    for ( i = 0; ents && i < nents; i++ )
        bls_entry_dispose(&ents[i]);
    free(ents);
    for ( i = 0; i < nnames; i++ )
        free(names[i]);
    free(names);
    return rc;
}
