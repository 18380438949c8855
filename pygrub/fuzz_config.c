/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer harness for the boot config parsers: the first byte picks GRUB 2, GRUB legacy,
 * extlinux or a BLS entry (through blscfg), the rest is the config; the default and lookups are
 * resolved on the result.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bootcfg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* With selector 3 the input is a Boot Loader Specification entry read through blscfg. */
static const uint8_t *bls_data;
static size_t bls_size;

static long long fake_size(void *ctx, const char *path)
{
    (void)ctx;
    return strstr(path, "grubenv") ? 1024 : -1;
}

static int fake_list(void *ctx, const char *path, size_t max, char ***names, size_t *count)
{
    (void)ctx;
    (void)max;
    if ( !bls_data || strcmp(path, "/loader/entries") )
        return -ENOENT;
    *names = calloc(2, sizeof(**names));
    if ( !*names )
        return -ENOMEM;
    (*names)[0] = strdup("a-1.0.conf");
    (*names)[1] = strdup("b-2.0.conf");
    *count = 2;
    return 0;
}

static int fake_read(void *ctx, const char *path, size_t max, char **buf, size_t *len)
{
    static const char env[] = "# GRUB Environment Block\nsaved_entry=1>0\nnext_entry=\n";

    (void)ctx;
    (void)max;
    if ( bls_data && strstr(path, "/loader/entries/") )
    {
        *buf = malloc(bls_size + 1);
        if ( !*buf )
            return -ENOMEM;
        memcpy(*buf, bls_data, bls_size);
        (*buf)[bls_size] = '\0';
        *len = bls_size;
        return 0;
    }
    if ( !strstr(path, "grubenv") )
        return -ENOENT;
    *buf = strdup(env);
    *len = sizeof(env) - 1;
    return *buf ? 0 : -ENOMEM;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct bootcfg_fs fs = {NULL, fake_size, fake_read, fake_list};
    static const char bls_cfg[] = "load_env\nblscfg\n";
    struct boot_config cfg;
    int rc;

    if ( size < 1 )
        return 0;
    boot_config_init(&cfg);
    bls_data = NULL;
    switch ( data[0] % 4 )
    {
    case 3:
        bls_data = data + 1;
        bls_size = size - 1;
        rc = grub2_parse(&cfg, bls_cfg, strlen(bls_cfg), "/boot/grub2/grub.cfg", &fs);
        break;
    case 0:
        rc = grub2_parse(&cfg, (const char *)data + 1, size - 1, "/boot/grub/grub.cfg", &fs);
        break;
    case 1:
        rc = grub_legacy_parse(&cfg, (const char *)data + 1, size - 1, "/boot/grub/menu.lst", &fs);
        break;
    default:
        rc = extlinux_parse(&cfg, (const char *)data + 1, size - 1, "/boot/extlinux.conf", &fs);
        break;
    }
    if ( rc == 0 && cfg.nentries )
    {
        int d = boot_config_default(&cfg);

        if ( d < 0 || (size_t)d >= cfg.nentries )
            abort();
        boot_config_find(&cfg, "1>0");
        boot_config_find(&cfg, "Debian GNU/Linux");
    }
    boot_config_dispose(&cfg);
    return 0;
}
