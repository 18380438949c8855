/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer harness for the boot config parsers: the first byte picks GRUB 2, GRUB legacy
 * or extlinux, the rest is the config; the default and lookups are resolved on the result.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bootcfg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static long long fake_size(void *ctx, const char *path)
{
    (void)ctx;
    return strstr(path, "grubenv") ? 1024 : -1;
}

static int fake_read(void *ctx, const char *path, size_t max, char **buf, size_t *len)
{
    static const char env[] = "# GRUB Environment Block\nsaved_entry=1>0\nnext_entry=\n";

    (void)ctx;
    (void)max;
    if ( !strstr(path, "grubenv") )
        return -ENOENT;
    *buf = strdup(env);
    *len = sizeof(env) - 1;
    return *buf ? 0 : -ENOMEM;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct bootcfg_fs fs = {NULL, fake_size, fake_read};
    struct boot_config cfg;
    int rc;

    if ( size < 1 )
        return 0;
    boot_config_init(&cfg);
    switch ( data[0] % 3 )
    {
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
