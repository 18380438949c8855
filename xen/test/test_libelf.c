/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xen/common/libelf.c: a well-formed PV kernel image built here (ELF header,
 * PT_LOAD, PT_NOTE with Xen notes) is accepted, parsed and loaded byte for byte;
 * every kind of damage is refused with a reason and nothing is loaded.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

#include "fake/rename.h"
#include <xen/errno.h>
#include <xen/libelf.h>
#include <xen/string.h>

#define BASE 0xffffffff80000000ULL

static uint8_t img[8192];
static size_t img_len;
static size_t init_p2m_desc; /* where the INIT_P2M note's number is */

static void put(size_t off, const void *p, size_t n)
{
    memcpy(img + off, p, n);
}

static size_t add_note(size_t off, uint32_t type, const void *desc, uint32_t len)
{
    uint32_t hdr[3] = {4, len, type};

    put(off, hdr, 12);
    put(off + 12, "Xen", 4);
    put(off + 16, desc, len);
    return off + 16 + ((len + 3) & ~3u);
}

/* ELF: header at 0, 2 phdrs at 64, notes at 256, code at 4096 (2 KiB file, 8 KiB memory). */
static void build_image(void)
{
    uint8_t eh[64] = {0x7f, 'E', 'L', 'F', 2, 1, 1};
    uint64_t entry = BASE + 0x10, hyper = BASE + 0x1000, vbase = BASE, p2m = 1ULL << 39, v;
    uint16_t u16;
    uint32_t u32;
    size_t n = 256;

    memset(img, 0, sizeof(img));
    u16 = 2;
    memcpy(eh + 16, &u16, 2); /* ET_EXEC */
    u16 = 62;
    memcpy(eh + 18, &u16, 2); /* EM_X86_64 */
    u32 = 1;
    memcpy(eh + 20, &u32, 4);
    memcpy(eh + 24, &entry, 8);
    v = 64;
    memcpy(eh + 32, &v, 8); /* e_phoff */
    u16 = 64;
    memcpy(eh + 52, &u16, 2);
    u16 = 56;
    memcpy(eh + 54, &u16, 2);
    u16 = 2;
    memcpy(eh + 56, &u16, 2);
    put(0, eh, 64);

    n = add_note(n, 6, "test", 5);    /* GUEST_OS */
    n = add_note(n, 5, "xen-3.0", 8); /* XEN_VERSION */
    n = add_note(n, 8, "generic", 8); /* LOADER */
    n = add_note(n, 3, &vbase, 8);    /* VIRT_BASE */
    n = add_note(n, 1, &entry, 8);    /* ENTRY */
    n = add_note(n, 2, &hyper, 8);    /* HYPERCALL_PAGE */
    init_p2m_desc = n + 16;
    n = add_note(n, 15, &p2m, 8); /* INIT_P2M, where Linux asks */

    {
        uint32_t load[2] = {1, 7}, note[2] = {4, 4};
        uint64_t lf[6] = {4096, BASE, BASE, 2048, 8192, 4096};
        uint64_t nf[6] = {256, 0, 0, n - 256, 0, 4};

        put(64, load, 8);
        put(72, lf, 48);
        put(120, note, 8);
        put(128, nf, 48);
    }
    for ( int i = 0; i < 2048; i++ )
        img[4096 + i] = (uint8_t)(i * 7);
    img_len = 4096 + 2048;
}

static uint8_t guest[8192];
static unsigned int map_calls;

static void *map_guest(void *ctx, uint64_t va, size_t len)
{
    (void)ctx;
    map_calls++;
    if ( va < BASE || va + len > BASE + sizeof(guest) )
        return NULL;
    return guest + (va - BASE);
}

static int rejects(const char *what, const char *want)
{
    struct elf_binary elf;
    struct elf_dom_parms p;
    const char *why = "";
    int rc = elf_init(&elf, img, img_len, &why);

    if ( rc == 0 )
        rc = elf_xen_parse(&elf, &p, &why);
    ok(rc == -EINVAL && strstr(why, want) != NULL, "%s: refused (%s)", what, why);
    build_image();
    return rc;
}

int main(void)
{
    struct elf_binary elf;
    struct elf_dom_parms p;
    const char *why = NULL;
    int rc;

    build_image();
    if ( getenv("LIBELF_WRITE_SEED") )
    {
        FILE *f = fopen(getenv("LIBELF_WRITE_SEED"), "wb");

        if ( f )
        {
            fwrite(img, 1, img_len, f);
            fclose(f);
        }
    }
    rc = elf_init(&elf, img, img_len, &why);
    ok(rc == 0, "well-formed image accepted (%s)", why ? why : "");
    ok(elf.pstart == BASE && elf.pend == BASE + 8192, "span of the loadable segment");
    rc = elf_xen_parse(&elf, &p, &why);
    ok(rc == 0 && p.has_notes, "Xen notes parsed");
    ok(!strcmp(p.guest_os, "test") && !strcmp(p.xen_ver, "xen-3.0") && !strcmp(p.loader, "generic"),
       "string notes: %s %s %s", p.guest_os, p.xen_ver, p.loader);
    ok(p.virt_base == BASE && p.virt_entry == BASE + 0x10 && p.virt_hypercall == BASE + 0x1000,
       "number notes: base, entry, hypercall page");
    ok(p.virt_init_p2m == 1ULL << 39, "INIT_P2M note read (%#llx)",
       (unsigned long long)p.virt_init_p2m);
    ok(p.virt_kstart == BASE && p.virt_kend == BASE + 8192 && elf.virt_offset == 0,
       "no PADDR_OFFSET: loaded at p_paddr (virt_base - paddr_offset = 0)");

    memset(guest, 0xee, sizeof(guest));
    ok(elf_load(&elf, map_guest, NULL) == 0, "loads");
    ok(!memcmp(guest, img + 4096, 2048), "file bytes copied");
    {
        bool zero = true;

        for ( size_t i = 2048; i < 8192; i++ )
            zero = zero && guest[i] == 0;
        ok(zero, "memory past the file size zeroed");
    }
    ok(map_calls == 2, "mapped a page at a time (%u calls)", map_calls);

    /* Damage, one kind at a time. */
    img_len = 40;
    rejects("truncated header", "shorter than an ELF header");
    img[0] = 'X';
    rejects("bad magic", "not an ELF file");
    img[4] = 1;
    rejects("ELF32", "ELF64");
    img[18] = 3;
    rejects("i386 machine", "not an x86-64");
    img[32] = 0xf0;
    img[33] = 0xff;
    rejects("phdrs past the end", "program headers");
    img[72 + 8 * 3] = 0xff;
    img[72 + 8 * 3 + 1] = 0xff; /* filesz huge */
    rejects("segment past the file", "outside the file");
    memset(img + 72 + 8 * 4, 0, 8); /* memsz 0 < filesz */
    img[72 + 8 * 4] = 1;
    rejects("filesz > memsz", "impossible sizes");
    img[72 + 8 * 4 + 3] = 0x50; /* memsz 1.25 GiB (no wrap past the top) */
    rejects("span over 1 GiB", "more than 1 GiB");
    img[256 + 4] = 0xff;
    img[256 + 5] = 0xff; /* descsz of the first note */
    rejects("note past its segment", "note runs past");
    memcpy(img + 256 + 12, "Xyz", 4);
    memcpy(img + 256 + 12 + 8 + 4 + 16, "Nop", 4);
    {
        /* Rename every note: none is Xen's. */
        for ( size_t off = 256; off + 16 <= 256 + 200; off++ )
            if ( !memcmp(img + off, "Xen", 4) )
                memcpy(img + off, "Nop", 4);
    }
    rejects("no Xen notes", "not a Xen PV kernel");
    {
        uint64_t bad = BASE + 0x5000; /* ENTRY note value: offset of the 5th note's desc */
        size_t off = 256;

        for ( int k = 0; k < 4; k++ )
        {
            uint32_t dl;

            memcpy(&dl, img + off + 4, 4);
            off += 16 + ((dl + 3) & ~3u);
        }
        put(off + 16, &bad, 8);
        bad = BASE + 0x3000;
        memcpy(img + 24, &bad, 8);
    }
    rejects("entry outside the image", "entry point outside");
    {
        uint64_t inside = BASE + 0x1000;

        put(init_p2m_desc, &inside, 8);
        rejects("INIT_P2M inside the image", "P2M list address inside");
        inside = BASE - 4096; /* just below the image: allowed here, the builder decides */
        put(init_p2m_desc, &inside, 8);
        rc = elf_init(&elf, img, img_len, &why);
        ok(rc == 0 && elf_xen_parse(&elf, &p, &why) == 0 && p.virt_init_p2m == BASE - 4096,
           "INIT_P2M outside the image accepted");
        build_image();
    }
    return tap_done();
}
