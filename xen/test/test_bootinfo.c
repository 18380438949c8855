/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xen/common/bootinfo.c: the command lines of boot modules, in particular the
 * "domU [mem=SIZE] [vcpus=N] [-- ARGS]" line that makes a module a domU
 * (good lines with their defaults, and every way a line can be wrong).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fake/fake.h"
#include "tap.h"

/* The C library's, before rename.h points the names at the hypervisor's. */
static int (*const host_strcmp)(const char *, const char *) = strcmp;
static char *(*const host_strstr)(const char *, const char *) = strstr;

#include "fake/rename.h"
#include <xen/bootinfo.h>
#include <xen/errno.h>

/* Parse line; on success compare with the expected settings. */
static void good(const char *line, unsigned long long mem, unsigned int vcpus, const char *args)
{
    struct boot_domu d;
    const char *why = "(none)";
    int rc = bootinfo_parse_domu(line, &d, &why);

    ok(rc == 0 && d.mem == mem && d.vcpus == vcpus && !host_strcmp(d.args, args),
       "'%s': mem %llu vcpus %u args '%s' (rc %d, got %llu %u '%s', %s)", line, mem, vcpus, args,
       rc, d.mem, d.vcpus, rc ? "" : d.args, rc ? why : "ok");
}

/* Parse line: refused with a reason mentioning `about`. */
static void bad(const char *line, const char *about)
{
    struct boot_domu d;
    const char *why = NULL;
    int rc = bootinfo_parse_domu(line, &d, &why);

    ok(rc == -EINVAL && why && host_strstr(why, about), "'%s' refused: %s", line,
       why ? why : "(no reason)");
}

int main(void)
{
    ok(bootinfo_first_word_is("domU mem=1M", "domU"), "first word domU");
    ok(bootinfo_first_word_is("  domU", "domU"), "first word after blanks, alone");
    ok(!bootinfo_first_word_is("domUx", "domU"), "domUx is not domU");
    ok(!bootinfo_first_word_is("domU-initrd", "domU"), "domU-initrd is not domU");
    ok(bootinfo_first_word_is("domU-initrd", "domU-initrd"), "domU-initrd marker");
    ok(!bootinfo_first_word_is("", "domU"), "empty line");
    ok(!bootinfo_first_word_is("root=/dev/xvda domU", "domU"), "not first");

    good("domU", 64ULL << 20, 1, "");
    good("domU -- console=hvc0 root=/dev/xvda", 64ULL << 20, 1, "console=hvc0 root=/dev/xvda");
    good("  domU   mem=128M  vcpus=2   --   a -- b  ", 128ULL << 20, 2, "a -- b  ");
    good("domU mem=1G", 1ULL << 30, 1, "");
    good("domU mem=8192k", 8ULL << 20, 1, "");
    good("domU mem=32", 32ULL << 20, 1, "");
    good("domU vcpus=32 mem=4M --", 4ULL << 20, 32, "");
    good("domU mem=1024G", 1ULL << 40, 1, "");
    good("domU vcpus=1 vcpus=3", 64ULL << 20, 3, "");

    bad("domu mem=1M", "does not start");
    bad("", "does not start");
    bad("domU mem=", "unknown option");
    bad("domU mem=lots", "not a size");
    bad("domU mem=64MB", "not a size");
    bad("domU mem=64T", "not a size");
    bad("domU mem=-1", "not a size");
    bad("domU mem=0", "out of range");
    bad("domU mem=3M", "out of range");
    bad("domU mem=1025G", "out of range");
    bad("domU mem=18446744073709551615G", "out of range");
    bad("domU mem=99999999999999999999999", "out of range");
    bad("domU vcpus=0", "vcpus=");
    bad("domU vcpus=33", "vcpus=");
    bad("domU vcpus=2x", "vcpus=");
    bad("domU vcpus=", "unknown option");
    bad("domU weight=0", "weight=");
    bad("domU weight=65536", "weight=");
    bad("domU weight=1x", "weight=");
    bad("domU cap=3201", "cap=");
    bad("domU cap=-5", "cap=");
    bad("domU cap=", "unknown option");
    {
        struct boot_domu d;
        const char *why = "(none)";
        int rc = bootinfo_parse_domu("domU weight=512 cap=25 mem=16M -- x", &d, &why);

        ok(rc == 0 && d.weight == 512 && d.cap == 25 && d.mem == 16ULL << 20 &&
               !host_strcmp(d.args, "x"),
           "weight=512 cap=25 parsed (rc %d, %s)", rc, why);
        rc = bootinfo_parse_domu("domU", &d, &why);
        ok(rc == 0 && d.weight == 0 && d.cap == 0, "no weight/cap: defaults (0, 0)");
    }
    bad("domU vcpus=4294967297", "vcpus=");
    bad("domU console=hvc0", "unknown option");
    bad("domU mem=64M root=/dev/xvda", "unknown option");
    return tap_done();
}
