/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer harness for xen/common/libelf.c: any bytes as a PV kernel image;
 * when accepted, the notes are parsed and the segments loaded into a bounded
 * buffer, which must never be written outside.
 */
#include <stdint.h>
#include <stdlib.h>

#include "fake/rename.h"
#include <xen/libelf.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t guest[1 << 16];

static void *map(void *ctx, uint64_t va, size_t len)
{
    const struct elf_dom_parms *parms = ctx;
    uint64_t off = va - parms->virt_kstart;

    if ( va < parms->virt_kstart || off >= sizeof(guest) || len > sizeof(guest) - off )
        return NULL;
    return guest + off;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct elf_binary elf;
    struct elf_dom_parms parms;
    const char *why;

    if ( elf_init(&elf, data, size, &why) )
        return 0;
    if ( elf_xen_parse(&elf, &parms, &why) == 0 &&
         (parms.virt_kend - parms.virt_kstart) > (1ULL << 30) )
        abort();
    elf_load(&elf, map, &elf);
    return 0;
}
