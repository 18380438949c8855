/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xen/common/kernel.c: the command-line parser against a table of every kind of
 * parameter, with good and hostile input, plus the number parsers it uses.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fake/fake.h"
#include "tap.h"

#include "fake/rename.h"
#include <xen/console.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/string.h>

static bool opt_flag, opt_other = true;
static uint8_t opt_u8;
static uint32_t opt_u32;
static uint64_t opt_size;
static char opt_str[8];
static char custom_seen[64];
static int custom_calls;

static int custom_handler(const char *val)
{
    custom_calls++;
    snprintf(custom_seen, sizeof(custom_seen), "%s", val);
    return strcmp(val, "bad") ? 0 : -EINVAL;
}

static const struct kernel_param params[] = {
    {.name = "flag", .type = PARAM_BOOL, .len = sizeof(opt_flag), .par.var = &opt_flag},
    {.name = "other", .type = PARAM_BOOL, .len = sizeof(opt_other), .par.var = &opt_other},
    {.name = "u8", .type = PARAM_UINT, .len = sizeof(opt_u8), .par.var = &opt_u8},
    {.name = "u32", .type = PARAM_UINT, .len = sizeof(opt_u32), .par.var = &opt_u32},
    {.name = "mem", .type = PARAM_SIZE, .len = sizeof(opt_size), .par.var = &opt_size},
    {.name = "str", .type = PARAM_STRING, .len = sizeof(opt_str), .par.var = opt_str},
    {.name = "custom", .type = PARAM_CUSTOM, .par.func = custom_handler},
};
#define PARAMS params, params + sizeof(params) / sizeof(params[0])

/* Console output (the ring) produced by one parse, for checking messages. */
static char log_buf[CONRING_SIZE];

static unsigned int parse(const char *cmdline)
{
    uint64_t before = console_ring_produced();
    unsigned int rc = cmdline_parse(cmdline, PARAMS);
    size_t n = console_ring_produced() - before;

    console_ring_copy(log_buf, sizeof(log_buf));
    memmove(log_buf, log_buf + strlen(log_buf) - n, n + 1);
    return rc;
}

static void test_types(void)
{
    ok(parse("flag u8=200 u32=0x10 mem=16M str=abc custom=xyz") == 0, "all kinds accepted");
    ok(opt_flag && opt_u8 == 200 && opt_u32 == 16 && opt_size == (16u << 20) &&
           !strcmp(opt_str, "abc") && !strcmp(custom_seen, "xyz"),
       "values stored");
    ok(parse("no-flag other=off") == 0 && !opt_flag && !opt_other, "no- prefix and =off");
    ok(parse("flag=yes other=1") == 0 && opt_flag && opt_other, "=yes and =1");
    ok(parse("   flag\t  u32=010   ") == 0 && opt_u32 == 8, "blanks, tabs, octal");
    ok(parse("mem=4G") == 0 && opt_size == (4ULL << 30), "size suffix G");
    ok(parse("mem=512") == 0 && opt_size == 512, "size without suffix is bytes");
    custom_calls = 0;
    ok(parse("custom") == 0 && custom_calls == 1 && custom_seen[0] == '\0', "custom with no value");
    ok(parse("") == 0 && parse(NULL) == 0, "empty and NULL command lines");
}

static void test_rejections(void)
{
    opt_u8 = 7;
    ok(parse("u8=256") == 1 && opt_u8 == 7, "u8=256 does not fit: rejected, value kept");
    ok(strstr(log_buf, "parameter \"u8\" has invalid value \"256\", rc=-34!") != NULL,
       "message names parameter, value and error (%s)", log_buf);
    ok(parse("u32=12abc") == 1 && parse("u32=") == 1 && parse("u32") == 1, "malformed numbers");
    ok(parse("flag=maybe") == 1 && parse("no-flag=1") == 1, "bad booleans");
    ok(parse("no-u8") == 1, "no- on a non-boolean is unknown");
    ok(parse("str=toolongvalue") == 1 && !strcmp(opt_str, "abc"), "too long string kept old value");
    ok(parse("custom=bad") == 1, "custom handler's error counts");
    ok(parse("bogus flag") == 1 && opt_flag, "unknown name skipped, the rest applied");
    ok(strstr(log_buf, "parameter \"bogus\" unknown!") != NULL, "unknown is reported (%s)",
       log_buf);
}

static void test_hostile(void)
{
    char huge[4096];

    memset(huge, 'a', sizeof(huge) - 1);
    huge[sizeof(huge) - 1] = '\0';
    ok(parse(huge) == 1, "a 4 KiB token is rejected, not overflowed");

    memcpy(huge, "u8=", 3);
    ok(parse(huge) == 1, "a 4 KiB value is rejected");

    ok(parse("flag -- no-flag bogus") == 0 && opt_flag, "parsing stops at --");
    ok(parse("=5 = ==") == 3, "tokens with empty names are unknown");
    ok(parse("u32=99999999999999999999999") == 1, "overflowing number rejected");
}

static void test_numbers(void)
{
    static const char onx[] = "onx";
    const char *end;

    ok(simple_strtoull("0x1fZ", &end, 0) == 0x1f && *end == 'Z', "hex with prefix");
    ok(simple_strtoull("0755", &end, 0) == 0755 && *end == '\0', "octal");
    ok(simple_strtoull("123", &end, 0) == 123, "decimal");
    ok(simple_strtoull("ff", &end, 16) == 0xff, "explicit base");
    ok(simple_strtoull("0x", &end, 0) == 0 && *end == 'x', "0x without digits is 0 then x");
    ok(simple_strtoull("99999999999999999999999", &end, 0) == ~0ULL && *end == '\0',
       "overflow saturates");
    ok(parse_size_and_unit("2k", &end, 0) == 2048 && *end == '\0', "k suffix");
    ok(parse_size_and_unit("3", &end, 20) == (3u << 20), "default shift");
    ok(parse_size_and_unit("1B", &end, 20) == 1, "B suffix means bytes");
    ok(parse_size_and_unit("99999999999T", &end, 0) == ~0ULL, "overflow saturates");
    ok(parse_bool("enable", NULL) == 1 && parse_bool("disable", NULL) == 0 &&
           parse_bool(onx, NULL) == -1 && parse_bool(onx, onx + 2) == 1,
       "parse_bool, with and without an end pointer");
}

int main(void)
{
    test_types();
    test_rejections();
    test_hostile();
    test_numbers();
    return tap_done();
}
