/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pygrub: find a PV guest's boot menu on its disk image, choose an entry (default, --entry,
 * or the interactive menu) and extract its kernel and ramdisk for the domain builder.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "menu.h"
#include "pygrub.h"

#define CONFIG_READ_MAX (1u << 20) /* as pygrub: a config is read up to 1 MiB */
#define DEFAULT_OUTDIR  "/var/run/xen/pygrub"

typedef int parse_fn(struct boot_config *, const char *, size_t, const char *,
                     const struct bootcfg_fs *);

/* Where configs are looked for, in pygrub's order. */
static const struct {
    const char *path;
    parse_fn *parse;
} configs[] = {
    {"/boot/grub/grub.cfg", grub2_parse},
    {"/grub/grub.cfg", grub2_parse},
    {"/boot/grub2/grub.cfg", grub2_parse},
    {"/grub2/grub.cfg", grub2_parse},
    {"/boot/isolinux/isolinux.cfg", extlinux_parse},
    {"/boot/extlinux/extlinux.conf", extlinux_parse},
    {"/boot/extlinux.conf", extlinux_parse},
    {"/extlinux/extlinux.conf", extlinux_parse},
    {"/extlinux.conf", extlinux_parse},
    {"/isolinux/isolinux.cfg", extlinux_parse},
    {"/syslinux/syslinux.cfg", extlinux_parse},
    {"/boot/syslinux/syslinux.cfg", extlinux_parse},
    {"/boot/grub/menu.lst", grub_legacy_parse},
    {"/boot/grub/grub.conf", grub_legacy_parse},
    {"/grub/menu.lst", grub_legacy_parse},
    {"/grub/grub.conf", grub_legacy_parse},
};

static const char usage_text[] =
    "Usage: pygrub [-q|--quiet] [-i|--interactive] [-l|--list-entries] [-n|--not-really] "
    "[--output=] [--kernel=] [--ramdisk=] [--args=] [--entry=] [--output-directory=] "
    "[--output-format=sxp|simple|simple0] [--runas=] [--offset=] [--isconfig] [--debug] "
    "<image>\n";

void pygrub_debug(const struct pygrub_opts *o, const char *fmt, ...)
{
    va_list ap;

    if ( !o->debug )
        return;
    fputs("pygrub: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static long long fs_file_size(void *ctx, const char *path)
{
    fsi_file_t *f;
    long long size;

    if ( fsi_file_open(ctx, path, &f) )
        return -1;
    size = (long long)fsi_file_size(f);
    fsi_file_close(f);
    return size;
}

static int fs_read(void *ctx, const char *path, size_t max, char **buf, size_t *len)
{
    return fsi_read_all(ctx, path, max, buf, len);
}

static int fs_list(void *ctx, const char *path, size_t max, char ***names, size_t *count)
{
    return fsi_dir_list(ctx, path, max, names, count);
}

static void list_entries(const struct boot_config *cfg)
{
    size_t i;

    for ( i = 0; i < cfg->nentries; i++ )
    {
        const struct boot_item *it = &cfg->items[cfg->entries[i]];

        printf("title: %s\n", it->title);
        printf("  root: %s\n", it->root ? it->root : "None");
        printf("  kernel: %s\n", it->kernel ? it->kernel : "None");
        printf("  args: %s\n", it->args && *it->args ? it->args : "None");
        printf("  initrd: %s\n", it->initrd ? it->initrd : "None");
    }
}

/* Pick the entry to boot: the default, --entry, or the user's choice in the menu. */
static int choose(const struct pygrub_opts *o, struct boot_config *cfg)
{
    int sel = boot_config_default(cfg);

    if ( o->interactive && !o->list )
    {
        if ( isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) )
        {
            int m = menu_run(cfg, sel);

            if ( m >= 0 )
                sel = m;
        }
        else
            pygrub_debug(o, "not a terminal: no menu, booting the default entry");
    }
    if ( o->entry )
    {
        int e = boot_config_find(cfg, o->entry);

        if ( e >= 0 )
            sel = e;
        else
            pygrub_debug(o, "--entry=%s matches no entry, using entry %d", o->entry, sel);
    }
    return sel;
}

static int fill_choice(const struct pygrub_opts *o, const struct boot_item *it,
                       struct pygrub_choice *c)
{
    const char *args = it->args ? it->args : "";

    c->kernel = strdup(it->kernel);
    c->ramdisk = it->initrd ? strdup(it->initrd) : NULL;
    if ( o->args )
    {
        if ( asprintf(&c->args, "%s %s", args, o->args) < 0 )
            c->args = NULL;
    }
    else
        c->args = strdup(args);
    return c->kernel && c->args && (!it->initrd || c->ramdisk) ? 0 : -1;
}

/*
 * Read and parse the first boot config found in @fs; choose the entry and fill @c.
 * Returns 0, 1 on a hard error, or -1 when this filesystem has no usable config.
 */
static int from_config(const struct pygrub_opts *o, fsi_t *fs, struct pygrub_choice *c)
{
    struct bootcfg_fs bfs = {fs, fs_file_size, fs_read, fs_list};
    struct boot_config cfg;
    char *buf = NULL;
    size_t i, len;
    int rc = -1, sel;

    boot_config_init(&cfg);
    for ( i = 0; i < sizeof(configs) / sizeof(configs[0]); i++ )
        if ( fsi_file_exists(fs, configs[i].path) )
            break;
    if ( i == sizeof(configs) / sizeof(configs[0]) )
    {
        pygrub_debug(o, "no boot loader config in this %s filesystem", fsi_fs_type(fs));
        return -1;
    }
    if ( fsi_read_all(fs, configs[i].path, CONFIG_READ_MAX, &buf, &len) )
    {
        pygrub_debug(o, "%s", fsi_last_error());
        return -1;
    }
    if ( configs[i].parse(&cfg, buf, len, configs[i].path, &bfs) )
    {
        fprintf(stderr, "pygrub: %s: %s\n", configs[i].path, cfg.error);
        goto out;
    }
    pygrub_debug(o, "%s: %s config, %zu entries, default %s", configs[i].path, cfg.format,
                 cfg.nentries, cfg.default_spec ? cfg.default_spec : "(none)");
    if ( o->list )
        list_entries(&cfg);
    if ( cfg.nentries == 0 )
    {
        fprintf(stderr, "pygrub: %s: no boot entries\n", configs[i].path);
        goto out;
    }
    sel = choose(o, &cfg);
    if ( !cfg.items[cfg.entries[sel]].kernel )
    {
        fprintf(stderr, "pygrub: %s: entry %d (%s) has no kernel\n", configs[i].path, sel,
                cfg.items[cfg.entries[sel]].title);
        goto out;
    }
    pygrub_debug(o, "entry %d: %s", sel, cfg.items[cfg.entries[sel]].title);
    rc = fill_choice(o, &cfg.items[cfg.entries[sel]], c) ? 1 : 0;
    if ( rc )
        fprintf(stderr, "pygrub: out of memory\n");
out:
    boot_config_dispose(&cfg);
    free(buf);
    return rc;
}

static void choice_dispose(struct pygrub_choice *c)
{
    free(c->kernel);
    free(c->ramdisk);
    free(c->args);
    memset(c, 0, sizeof(*c));
}

/* --isconfig: IMAGE is a config file on the host; print what would boot. */
static int run_isconfig(const struct pygrub_opts *o)
{
    struct boot_config cfg;
    struct pygrub_choice c = {0};
    FILE *f = fopen(o->image, "r");
    char *buf = malloc(CONFIG_READ_MAX + 1);
    size_t len = 0;
    parse_fn *parse = grub2_parse;
    int rc = 1;

    boot_config_init(&cfg);
    if ( !f || !buf )
    {
        fprintf(stderr, "pygrub: %s: %s\n", o->image, strerror(errno));
        goto out;
    }
    len = fread(buf, 1, CONFIG_READ_MAX, f);
    buf[len] = '\0';
    /* The format from the file's name, else from its contents. */
    if ( strstr(o->image, "menu.lst") || strstr(o->image, "grub.conf") )
        parse = grub_legacy_parse;
    else if ( strstr(o->image, "linux.c") || strstr(o->image, "linux.conf") )
        parse = extlinux_parse;
    else if ( !strstr(buf, "menuentry") && strstr(buf, "title") )
        parse = grub_legacy_parse;
    else if ( !strstr(buf, "menuentry") && (strstr(buf, "label") || strstr(buf, "LABEL")) )
        parse = extlinux_parse;
    if ( parse(&cfg, buf, len, o->image, NULL) )
    {
        fprintf(stderr, "pygrub: %s: %s\n", o->image, cfg.error);
        goto out;
    }
    if ( o->list )
        list_entries(&cfg);
    if ( cfg.nentries == 0 )
    {
        fprintf(stderr, "pygrub: %s: no boot entries\n", o->image);
        goto out;
    }
    if ( fill_choice(o, &cfg.items[cfg.entries[choose(o, &cfg)]], &c) && !c.args )
        goto out;
    printf("  kernel: %s\n", c.kernel ? c.kernel : "None");
    if ( c.ramdisk )
        printf("  initrd: %s\n", c.ramdisk);
    printf("  args: %s\n", c.args);
    rc = 0;
out:
    choice_dispose(&c);
    boot_config_dispose(&cfg);
    free(buf);
    if ( f )
        fclose(f);
    return rc;
}

static int parse_args(int argc, char **argv, struct pygrub_opts *o)
{
    enum {
        O_OUTPUT = 256,
        O_FORMAT,
        O_OUTDIR,
        O_OFFSET,
        O_RUNAS,
        O_ENTRY,
        O_KERNEL,
        O_RAMDISK,
        O_ARGS,
        O_ISCONFIG,
        O_DEBUG
    };
    static const struct option longopts[] = {
        {"quiet", no_argument, NULL, 'q'},
        {"interactive", no_argument, NULL, 'i'},
        {"list-entries", no_argument, NULL, 'l'},
        {"not-really", no_argument, NULL, 'n'},
        {"help", no_argument, NULL, 'h'},
        {"output", required_argument, NULL, O_OUTPUT},
        {"output-format", required_argument, NULL, O_FORMAT},
        {"output-directory", required_argument, NULL, O_OUTDIR},
        {"offset", required_argument, NULL, O_OFFSET},
        {"runas", required_argument, NULL, O_RUNAS},
        {"entry", required_argument, NULL, O_ENTRY},
        {"kernel", required_argument, NULL, O_KERNEL},
        {"ramdisk", required_argument, NULL, O_RAMDISK},
        {"args", required_argument, NULL, O_ARGS},
        {"isconfig", no_argument, NULL, O_ISCONFIG},
        {"debug", no_argument, NULL, O_DEBUG},
        {NULL, 0, NULL, 0},
    };
    char *end;
    int ch;

    memset(o, 0, sizeof(*o));
    o->interactive = true;
    o->format = "sxp";
    o->runas = -1;
    while ( (ch = getopt_long(argc, argv, "qilnh", longopts, NULL)) != -1 )
    {
        switch ( ch )
        {
        case 'q':
            o->interactive = false;
            o->quiet = true;
            break;
        case 'i':
            o->interactive = true;
            break;
        case 'l':
            o->list = true;
            break;
        case 'n':
            o->not_really = true;
            break;
        case 'h':
            fputs(usage_text, stderr);
            exit(0);
        case O_OUTPUT:
            o->output = strcmp(optarg, "-") ? optarg : NULL;
            break;
        case O_KERNEL:
            o->kernel = optarg;
            break;
        case O_RAMDISK:
            o->ramdisk = optarg;
            break;
        case O_ARGS:
            o->args = optarg;
            break;
        case O_ISCONFIG:
            o->isconfig = true;
            break;
        case O_DEBUG:
            o->debug = true;
            break;
        case O_ENTRY:
            o->entry = optarg;
            o->interactive = false;
            break;
        case O_OFFSET:
            errno = 0;
            o->offset = strtoull(optarg, &end, 0);
            if ( errno || *end || !*optarg || optarg[0] == '-' )
            {
                fprintf(stderr, "pygrub: --offset=%s: offset value must be an integer\n", optarg);
                return -1;
            }
            o->have_offset = true;
            break;
        case O_RUNAS:
            errno = 0;
            o->runas = strtol(optarg, &end, 10);
            if ( errno || *end || !*optarg || o->runas < 0 )
            {
                fprintf(stderr, "pygrub: --runas=%s: runas value must be an integer user id\n",
                        optarg);
                return -1;
            }
            break;
        case O_FORMAT:
            if ( strcmp(optarg, "sxp") && strcmp(optarg, "simple") && strcmp(optarg, "simple0") )
            {
                fprintf(stderr, "pygrub: unknown output format %s\n", optarg);
                return -1;
            }
            o->format = optarg;
            break;
        case O_OUTDIR:
        {
            struct stat st;

            if ( stat(optarg, &st) || !S_ISDIR(st.st_mode) )
            {
                fprintf(stderr, "pygrub: %s is not an existing directory\n", optarg);
                return -1;
            }
            o->outdir = optarg;
            break;
        }
        default:
            return -1;
        }
    }
    if ( optind >= argc )
        return -1;
    o->image = argv[optind];
    if ( !o->outdir )
        o->outdir = DEFAULT_OUTDIR;
    if ( o->interactive && o->runas >= 0 )
    {
        fprintf(stderr, "pygrub: --runas needs --entry or -q\n");
        return -1;
    }
    return 0;
}

/* --runas: give up root once the image and the output are open. */
static int drop_privileges(const struct pygrub_opts *o)
{
    gid_t gid = (gid_t)o->runas;

    if ( o->runas < 0 || geteuid() != 0 )
        return 0;
    if ( setgroups(1, &gid) || setgid(gid) || setuid((uid_t)o->runas) )
    {
        fprintf(stderr, "pygrub: --runas=%ld: %s\n", o->runas, strerror(errno));
        return -1;
    }
    pygrub_debug(o, "running as uid %u gid %u", (unsigned)getuid(), (unsigned)getgid());
    return 0;
}

int main(int argc, char **argv)
{
    struct pygrub_opts o;
    struct pygrub_choice c = {0};
    struct pygrub_out out = {NULL, NULL, -1, -1, -1};
    struct fsi_part parts[FSI_MAX_PARTS + 1];
    size_t nparts = 0, i;
    fsi_t *fs = NULL;
    int rc = 1, r, img = -1;

    if ( parse_args(argc, argv, &o) )
    {
        fputs(usage_text, stderr);
        return 1;
    }
    if ( o.isconfig )
        return run_isconfig(&o);
    if ( !o.not_really && mkdir(o.outdir, 0700) && errno != EEXIST )
    {
        fprintf(stderr, "pygrub: %s: %s\n", o.outdir, strerror(errno));
        return 1;
    }
    /* Everything that needs our rights is opened first; then --runas drops them. */
    img = open(o.image, O_RDONLY | O_CLOEXEC);
    if ( img < 0 )
    {
        fprintf(stderr, "pygrub: %s: %s\n", o.image, strerror(errno));
        return 1;
    }
    if ( pygrub_out_open(&o, &out) || drop_privileges(&o) )
        goto out;
    if ( o.have_offset )
    {
        parts[0] = (struct fsi_part){.offset = o.offset};
        nparts = 1;
    }
    else if ( (r = fsi_disk_partitions_fd(img, o.image, parts, FSI_MAX_PARTS, &nparts)) )
    {
        fprintf(stderr, "pygrub: %s\n", fsi_last_error());
        pygrub_debug(&o, "partition table unusable, trying the whole disk");
        parts[0] = (struct fsi_part){.offset = 0};
        nparts = 1;
    }
    else
    {
        /* A boot sector's signature may look like an MBR: the whole disk comes last. */
        for ( i = 0; i < nparts && parts[i].offset; i++ )
            ;
        if ( i == nparts )
            parts[nparts++] = (struct fsi_part){.offset = 0};
    }
    for ( i = 0; i < nparts; i++ )
    {
        r = fsi_open_fd(img, o.image, parts[i].offset, &fs);
        if ( r )
        {
            pygrub_debug(&o, "offset %llu: %s", (unsigned long long)parts[i].offset,
                         fsi_last_error());
            if ( o.have_offset )
                fprintf(stderr, "pygrub: %s\n", fsi_last_error());
            continue;
        }
        pygrub_debug(&o, "offset %llu: %s filesystem", (unsigned long long)parts[i].offset,
                     fsi_fs_type(fs));
        if ( o.kernel )
        {
            c.kernel = strdup(o.kernel);
            c.ramdisk = o.ramdisk ? strdup(o.ramdisk) : NULL;
            c.args = strdup(o.args ? o.args : "");
            if ( !c.kernel || !c.args || (o.ramdisk && !c.ramdisk) )
            {
                fprintf(stderr, "pygrub: out of memory\n");
                goto out;
            }
            break;
        }
        r = from_config(&o, fs, &c);
        if ( r == 0 )
            break;
        if ( r > 0 )
            goto out;
        fsi_close(fs);
        fs = NULL;
    }
    if ( o.list )
    {
        rc = fs ? 0 : 1;
        if ( !fs )
            fprintf(stderr, "pygrub: %s: no boot loader config found\n", o.image);
        goto out;
    }
    if ( !fs )
    {
        fprintf(stderr, "pygrub: %s: unable to find a partition containing a kernel\n", o.image);
        goto out;
    }
    rc = pygrub_extract(&o, fs, &c, &out);
out:
    /* The extracted files stay only when they were extracted and reported. */
    pygrub_out_dispose(&out, rc == 0 && !o.list);
    choice_dispose(&c);
    fsi_close(fs);
    if ( img >= 0 )
        close(img);
    return rc;
}
