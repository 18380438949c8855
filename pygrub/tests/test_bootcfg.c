/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests of the boot config parsers on real distro configs and on hostile ones. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootcfg.h"
#include "tap.h"

static const char *env_text; /* what the fake filesystem holds as grubenv */

static long long fake_size(void *ctx, const char *path)
{
    (void)ctx;
    return env_text && strstr(path, "grubenv") ? (long long)strlen(env_text) : -1;
}

static int fake_read(void *ctx, const char *path, size_t max, char **buf, size_t *len)
{
    (void)ctx;
    (void)max;
    if ( !env_text || !strstr(path, "grubenv") )
        return -ENOENT;
    *buf = strdup(env_text);
    *len = strlen(env_text);
    return 0;
}

static const struct bootcfg_fs fakefs = {NULL, fake_size, fake_read, NULL};

static char *slurp(const char *name, size_t *len)
{
    char path[1024];
    const char *top = getenv("top_srcdir");
    FILE *f;
    char *buf = malloc(1 << 20);

    snprintf(path, sizeof(path), "%s/pygrub/examples/%s", top ? top : ".", name);
    f = fopen(path, "r");
    if ( !f || !buf )
    {
        fprintf(stderr, "cannot read %s\n", path);
        exit(1);
    }
    *len = fread(buf, 1, (1 << 20) - 1, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

static const struct boot_item *entry(const struct boot_config *c, int i)
{
    return &c->items[c->entries[i]];
}

static void test_debian(void)
{
    struct boot_config c;
    size_t len;
    char *buf = slurp("debian12-grub.cfg", &len);
    int d;

    boot_config_init(&c);
    ok(grub2_parse(&c, buf, len, "/boot/grub/grub.cfg", &fakefs) == 0, "debian: parses (%s)",
       c.error);
    ok(c.nentries == 4, "debian: 4 entries (got %zu)", c.nentries);
    d = boot_config_default(&c);
    ok(d == 0, "debian: default is entry 0");
    ok(!strcmp(entry(&c, 0)->title, "Debian GNU/Linux"), "debian: first title");
    ok(!strcmp(entry(&c, 0)->kernel, "/boot/vmlinuz-6.1.0-13-amd64"), "debian: kernel path");
    ok(!strcmp(entry(&c, 0)->initrd, "/boot/initrd.img-6.1.0-13-amd64"), "debian: initrd path");
    ok(!strcmp(entry(&c, 0)->args, "root=UUID=3f2a5c1e-8d0b-4f57-9b8e-2f1c0f7d6a11 ro  quiet"),
       "debian: args verbatim [%s]", entry(&c, 0)->args);
    ok(entry(&c, 0)->id &&
           !strcmp(entry(&c, 0)->id, "gnulinux-simple-3f2a5c1e-8d0b-4f57-9b8e-2f1c0f7d6a11"),
       "debian: --id through $menuentry_id_option");
    ok(c.timeout == 5, "debian: timeout 5");
    ok(boot_config_find(&c, "1>1") == 2, "debian: path 1>1 is the recovery entry");
    ok(boot_config_find(&c, "Advanced options for Debian GNU/Linux>Debian GNU/Linux, with "
                            "Linux 6.1.0-12-amd64") == 3,
       "debian: path by titles");
    ok(boot_config_find(&c, "gnulinux-6.1.0-13-amd64-recovery-3f2a5c1e-8d0b-4f57-9b8e-"
                            "2f1c0f7d6a11") == 2,
       "debian: entry by id");
    ok(boot_config_find(&c, "3") == 3 && boot_config_find(&c, "4") == -1,
       "debian: numbers count entries, out of range is -1");
    ok(!strcmp(entry(&c, 2)->args, "root=UUID=3f2a5c1e-8d0b-4f57-9b8e-2f1c0f7d6a11 ro single"),
       "debian: trailing blank dropped [%s]", entry(&c, 2)->args);
    boot_config_dispose(&c);

    /* next_entry from grubenv wins, as grub-reboot leaves it. */
    env_text = "# GRUB Environment Block\nnext_entry=1>2\n#####\n";
    boot_config_init(&c);
    ok(grub2_parse(&c, buf, len, "/boot/grub/grub.cfg", &fakefs) == 0 &&
           boot_config_default(&c) == 3,
       "debian: next_entry=1>2 from grubenv selects entry 3");
    boot_config_dispose(&c);
    env_text = NULL;
    free(buf);
}

static void test_fedora(void)
{
    struct boot_config c;
    size_t len, elen;
    char *buf = slurp("fedora28-grub.cfg", &len), *env = slurp("fedora28-grubenv", &elen);

    env_text = env;
    boot_config_init(&c);
    ok(grub2_parse(&c, buf, len, "/grub2/grub.cfg", &fakefs) == 0, "fedora: parses (%s)", c.error);
    ok(c.nentries == 2, "fedora: 2 entries");
    ok(boot_config_default(&c) == 1, "fedora: saved_entry title from grubenv is entry 1");
    ok(!strcmp(entry(&c, 0)->kernel, "/vmlinuz-4.16.3-301.fc28.x86_64"), "fedora: linux16");
    ok(!strcmp(entry(&c, 1)->initrd, "/initramfs-0-rescue-0f1e2d3c4b5a69788796a5b4c3d2e1f0.img"),
       "fedora: initrd16");
    ok(!c.has_password, "fedora: no superusers");
    boot_config_dispose(&c);
    env_text = NULL;
    boot_config_init(&c);
    ok(grub2_parse(&c, buf, len, "/grub2/grub.cfg", &fakefs) == 0 && boot_config_default(&c) == 0,
       "fedora: without grubenv the default is entry 0");
    boot_config_dispose(&c);
    free(env);
    free(buf);
}

static void test_legacy_extlinux(void)
{
    struct boot_config c;
    size_t len;
    char *buf = slurp("centos6-grub.conf", &len);

    boot_config_init(&c);
    ok(grub_legacy_parse(&c, buf, len, "/grub/grub.conf", &fakefs) == 0, "legacy: parses");
    ok(c.nentries == 2 && boot_config_default(&c) == 1, "legacy: 2 entries, default=1");
    ok(!strcmp(entry(&c, 1)->title, "CentOS 6 (2.6.32-754.el6.x86_64)"), "legacy: title");
    ok(!strcmp(entry(&c, 1)->root, "(hd0,0)"), "legacy: root");
    ok(!strncmp(entry(&c, 1)->args, "ro root=/dev/mapper/VolGroup-lv_root rd_NO_LUKS", 47),
       "legacy: args");
    boot_config_dispose(&c);
    free(buf);

    buf = slurp("alpine-extlinux.conf", &len);
    boot_config_init(&c);
    ok(extlinux_parse(&c, buf, len, "/boot/extlinux.conf", &fakefs) == 0, "extlinux: parses");
    ok(c.nentries == 2 && boot_config_default(&c) == 0, "extlinux: MENU DEFAULT is entry 0");
    ok(!strcmp(entry(&c, 0)->kernel, "/boot/vmlinuz-virt"), "extlinux: relative kernel path");
    ok(!strcmp(entry(&c, 0)->initrd, "/boot/initramfs-virt"), "extlinux: INITRD");
    ok(!strcmp(entry(&c, 1)->initrd, "/boot/initramfs-virt"), "extlinux: initrd= in APPEND");
    ok(!strcmp(entry(&c, 1)->args,
               "root=UUID=0b1e9a5c-3c1f-4f6e-8d4a-1c2e3f4a5b6c nomodeset single"),
       "extlinux: initrd= cut out of args [%s]", entry(&c, 1)->args);
    boot_config_dispose(&c);
    free(buf);

    buf = slurp("isolinux.cfg", &len);
    boot_config_init(&c);
    ok(extlinux_parse(&c, buf, len, "/isolinux/isolinux.cfg", &fakefs) == 0 &&
           boot_config_default(&c) == 1 && !strcmp(entry(&c, 1)->kernel, "/isolinux/vmlinuz"),
       "isolinux: menu default and relative paths");
    boot_config_dispose(&c);
    free(buf);
}

/* Parse @text as GRUB 2; returns 0 if it parsed. */
static int g2(struct boot_config *c, const char *text)
{
    boot_config_init(c);
    return grub2_parse(c, text, strlen(text), "/boot/grub/grub.cfg", &fakefs);
}

static void test_grub2_script(void)
{
    struct boot_config c;
    char *big;
    size_t i, n;
    int r = g2(&c, "set v=\"a b\"\nset default='x'\nmenuentry \"T $v\" --id x {\n linux /k "
                   "p=${v} q=$v 'lit $v'\n}\nmenuentry 'U' { linux /k2 }\n");

    ok(r == 0 && c.nentries == 2 && !strcmp(entry(&c, 0)->title, "T a b") &&
           !strcmp(entry(&c, 0)->args, "p=a b q=a b 'lit $v'") && boot_config_default(&c) == 0,
       "grub2: variables in titles and args, default by id [%s]",
       c.nentries ? entry(&c, 0)->args : "");
    boot_config_dispose(&c);
    ok(g2(&c, "if false; then\nmenuentry A { linux /a }\nelif [ -n \"x\" ]; then\nmenuentry B { "
              "linux /b }\nelse\nmenuentry C { linux /c }\nfi\n") == 0 &&
           c.nentries == 1 && !strcmp(entry(&c, 0)->title, "B"),
       "grub2: if/elif/else takes one branch");
    boot_config_dispose(&c);
    ok(g2(&c, "menuentry A {\n linux /a\n") != 0 && strstr(c.error, "}"),
       "grub2: unclosed menuentry is an error (%s)", c.error);
    boot_config_dispose(&c);
    ok(g2(&c, "}\n") != 0, "grub2: stray } is an error (%s)", c.error);
    boot_config_dispose(&c);
    ok(g2(&c, "menuentry 'A\n") != 0 && strstr(c.error, "quote"), "grub2: unterminated quote");
    boot_config_dispose(&c);
    ok(g2(&c, "set default=saved\nset saved_entry=B\nmenuentry A { linux /a }\nmenuentry B { "
              "linux /b }\n") == 0 &&
           boot_config_default(&c) == 1,
       "grub2: default=saved uses saved_entry");
    boot_config_dispose(&c);
    ok(g2(&c, "set default=7\nmenuentry A { linux /a }\n") == 0 && boot_config_default(&c) == 0,
       "grub2: default out of range falls back to 0");
    boot_config_dispose(&c);
    ok(g2(&c, "menuentry A { linux (hd0,msdos1)/vmlinuz ro; initrd (hd0,1)/initrd }\n") == 0 &&
           !strcmp(entry(&c, 0)->kernel, "/vmlinuz") && !strcmp(entry(&c, 0)->initrd, "/initrd"),
       "grub2: device prefixes stripped");
    boot_config_dispose(&c);

    /* Deep nesting is refused, not a stack overflow. */
    big = malloc(200000);
    for ( n = 0, i = 0; i < 10000; i++ )
        n += (size_t)sprintf(big + n, "submenu s {\n");
    boot_config_init(&c);
    ok(grub2_parse(&c, big, n, "/boot/grub/grub.cfg", &fakefs) != 0 && strstr(c.error, "deep"),
       "grub2: 10000 nested submenus refused (%s)", c.error);
    boot_config_dispose(&c);
    free(big);

    /* A million entries: the parser stops at its limit with an error. */
    big = malloc(40000000);
    for ( n = 0, i = 0; i < 1000000; i++ )
        n += (size_t)sprintf(big + n, "menuentry e { linux /k }\n");
    boot_config_init(&c);
    ok(grub2_parse(&c, big, n, "/boot/grub/grub.cfg", &fakefs) != 0 && strstr(c.error, "too many"),
       "grub2: a million entries refused (%s)", c.error);
    boot_config_dispose(&c);
    for ( n = 0, i = 0; i < 1000000; i++ )
        n += (size_t)sprintf(big + n, "title e\nkernel /k\n");
    boot_config_init(&c);
    ok(grub_legacy_parse(&c, big, n, "/boot/grub/menu.lst", &fakefs) != 0,
       "legacy: a million entries refused (%s)", c.error);
    boot_config_dispose(&c);
    free(big);
}

int main(void)
{
    test_debian();
    test_fedora();
    test_legacy_extlinux();
    test_grub2_script();
    return tap_done();
}
