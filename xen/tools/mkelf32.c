/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mkelf32: turn the linked hypervisor (ELF64, linked high, loaded low) into the
 * ELF32 image multiboot loaders accept: one PT_LOAD at the load address, entry
 * at the physical address of the 64-bit image's entry point.
 *
 * usage: mkelf32 <xen-syms> <xen>
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* File offset of the loadable data in the output: page aligned, in the first 8 KiB. */
#define OUT_DATA_OFFSET 0x1000

static const char *prog = "mkelf32";

static int die(const char *file, const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, file, what);
    return 1;
}

static int read_file(const char *path, unsigned char **data, size_t *len)
{
    FILE *f = fopen(path, "rb");
    long n;

    if ( f == NULL )
        return -errno;
    if ( fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) )
    {
        fclose(f);
        return -EIO;
    }
    *data = malloc(n ? n : 1);
    if ( *data == NULL )
    {
        fclose(f);
        return -ENOMEM;
    }
    if ( fread(*data, 1, n, f) != (size_t)n )
    {
        free(*data);
        fclose(f);
        return -EIO;
    }
    fclose(f);
    *len = n;
    return 0;
}

int main(int argc, char **argv)
{
    unsigned char *in = NULL, *out = NULL;
    size_t in_len = 0;
    const Elf64_Ehdr *eh;
    const Elf64_Phdr *ph;
    uint64_t lo = UINT64_MAX, hi_file = 0, hi_mem = 0, entry = 0;
    int have_entry = 0, rc = 1, r;
    size_t out_len;
    Elf32_Ehdr oeh;
    Elf32_Phdr oph;
    FILE *f = NULL;
    char *tmp = NULL;

    if ( argc != 3 )
    {
        fprintf(stderr, "usage: %s <xen-syms> <xen>\n", prog);
        return 2;
    }
    if ( (r = read_file(argv[1], &in, &in_len)) )
        return die(argv[1], strerror(-r));

    eh = (const Elf64_Ehdr *)in;
    if ( in_len < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
         eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_machine != EM_X86_64 )
    {
        rc = die(argv[1], "not an x86-64 ELF64 file");
        goto out;
    }
    if ( eh->e_phentsize != sizeof(*ph) || eh->e_phoff > in_len ||
         (uint64_t)eh->e_phnum * sizeof(*ph) > in_len - eh->e_phoff )
    {
        rc = die(argv[1], "bad program header table");
        goto out;
    }
    ph = (const Elf64_Phdr *)(in + eh->e_phoff);

    /* The span of physical memory the loadable segments cover. */
    for ( unsigned int i = 0; i < eh->e_phnum; i++ )
    {
        if ( ph[i].p_type != PT_LOAD )
            continue;
        if ( ph[i].p_offset > in_len || ph[i].p_filesz > in_len - ph[i].p_offset ||
             ph[i].p_filesz > ph[i].p_memsz )
        {
            rc = die(argv[1], "segment outside the file");
            goto out;
        }
        if ( ph[i].p_paddr < lo )
            lo = ph[i].p_paddr;
        if ( ph[i].p_paddr + ph[i].p_filesz > hi_file )
            hi_file = ph[i].p_paddr + ph[i].p_filesz;
        if ( ph[i].p_paddr + ph[i].p_memsz > hi_mem )
            hi_mem = ph[i].p_paddr + ph[i].p_memsz;
        if ( eh->e_entry >= ph[i].p_vaddr && eh->e_entry < ph[i].p_vaddr + ph[i].p_memsz )
        {
            entry = eh->e_entry - ph[i].p_vaddr + ph[i].p_paddr;
            have_entry = 1;
        }
    }
    if ( lo == UINT64_MAX || hi_mem > UINT32_MAX )
    {
        rc = die(argv[1], "no loadable segment below 4 GiB");
        goto out;
    }
    if ( !have_entry )
    {
        rc = die(argv[1], "entry point outside every loadable segment");
        goto out;
    }

    out_len = OUT_DATA_OFFSET + (hi_file - lo);
    out = calloc(1, out_len);
    if ( out == NULL )
    {
        rc = die(argv[2], strerror(ENOMEM));
        goto out;
    }
    for ( unsigned int i = 0; i < eh->e_phnum; i++ )
        if ( ph[i].p_type == PT_LOAD )
            memcpy(out + OUT_DATA_OFFSET + (ph[i].p_paddr - lo), in + ph[i].p_offset,
                   ph[i].p_filesz);

    memset(&oeh, 0, sizeof(oeh));
    memcpy(oeh.e_ident, ELFMAG, SELFMAG);
    oeh.e_ident[EI_CLASS] = ELFCLASS32;
    oeh.e_ident[EI_DATA] = ELFDATA2LSB;
    oeh.e_ident[EI_VERSION] = EV_CURRENT;
    oeh.e_type = ET_EXEC;
    oeh.e_machine = EM_386;
    oeh.e_version = EV_CURRENT;
    oeh.e_entry = (uint32_t)entry;
    oeh.e_phoff = sizeof(oeh);
    oeh.e_ehsize = sizeof(oeh);
    oeh.e_phentsize = sizeof(oph);
    oeh.e_phnum = 1;
    oeh.e_shentsize = sizeof(Elf32_Shdr);

    memset(&oph, 0, sizeof(oph));
    oph.p_type = PT_LOAD;
    oph.p_offset = OUT_DATA_OFFSET;
    oph.p_vaddr = oph.p_paddr = (uint32_t)lo;
    oph.p_filesz = (uint32_t)(hi_file - lo);
    oph.p_memsz = (uint32_t)(hi_mem - lo);
    oph.p_flags = PF_R | PF_W | PF_X;
    oph.p_align = 0x1000;

    memcpy(out, &oeh, sizeof(oeh));
    memcpy(out + sizeof(oeh), &oph, sizeof(oph));

    /* Write to a temporary name and rename, so a failure leaves no half image. */
    if ( asprintf(&tmp, "%s.tmp", argv[2]) < 0 )
    {
        rc = die(argv[2], strerror(ENOMEM));
        goto out;
    }
    f = fopen(tmp, "wb");
    if ( f == NULL || fwrite(out, 1, out_len, f) != out_len || fclose(f) )
    {
        rc = die(tmp, strerror(errno));
        f = NULL;
        unlink(tmp);
        goto out;
    }
    f = NULL;
    if ( rename(tmp, argv[2]) )
    {
        rc = die(argv[2], strerror(errno));
        unlink(tmp);
        goto out;
    }
    rc = 0;

out:
    free(tmp);
    free(out);
    free(in);
    return rc;
}
