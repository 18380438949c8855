/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer harness for the hypervisor command-line parser (xen/common/kernel.c):
 * any bytes, as a command line, against every kind of parameter and against the
 * parameters the linked code registers (console=), and as a boot module's
 * domU command line (xen/common/bootinfo.c).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void *(*const host_memcpy)(void *, const void *, size_t) = memcpy;

#include "fake/rename.h"
#include <xen/bootinfo.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

extern const struct kernel_param __start_xen_params[], __stop_xen_params[];

static bool f_bool;
static uint8_t f_u8;
static uint16_t f_u16;
static uint32_t f_u32;
static uint64_t f_u64, f_size;
static char f_str[16];

static int f_custom(const char *val)
{
    return val[0] == 'x' ? -22 : 0;
}

static const struct kernel_param table[] = {
    {.name = "b", .type = PARAM_BOOL, .len = sizeof(f_bool), .par.var = &f_bool},
    {.name = "u8", .type = PARAM_UINT, .len = sizeof(f_u8), .par.var = &f_u8},
    {.name = "u16", .type = PARAM_UINT, .len = sizeof(f_u16), .par.var = &f_u16},
    {.name = "u32", .type = PARAM_UINT, .len = sizeof(f_u32), .par.var = &f_u32},
    {.name = "u64", .type = PARAM_UINT, .len = sizeof(f_u64), .par.var = &f_u64},
    {.name = "mem", .type = PARAM_SIZE, .len = sizeof(f_size), .par.var = &f_size},
    {.name = "s", .type = PARAM_STRING, .len = sizeof(f_str), .par.var = f_str},
    {.name = "c", .type = PARAM_CUSTOM, .par.func = f_custom},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *cmdline = malloc(size + 1);

    if ( cmdline == NULL )
        return 0;
    host_memcpy(cmdline, data, size);
    cmdline[size] = '\0';

    cmdline_parse(cmdline, table, table + sizeof(table) / sizeof(table[0]));
    cmdline_parse(cmdline, __start_xen_params, __stop_xen_params);
    /* As a boot module's command line: a domU's settings stay within their bounds. */
    {
        struct boot_domu d;
        const char *why = NULL;

        if ( bootinfo_parse_domu(cmdline, &d, &why) == 0 )
        {
            if ( d.vcpus < 1 || d.vcpus > BOOT_DOMU_MAX_VCPUS || d.mem < BOOT_DOMU_MIN_MEM ||
                 d.mem > BOOT_DOMU_MAX_MEM ||
                 (d.args[0] && (d.args < cmdline || d.args >= cmdline + size)) )
                abort();
        }
        else if ( why == NULL )
            abort();
    }
    /* The string parameter must always stay terminated within its buffer. */
    if ( strnlen(f_str, sizeof(f_str)) == sizeof(f_str) )
        abort();

    free(cmdline);
    return 0;
}
