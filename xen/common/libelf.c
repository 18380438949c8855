/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ELF64 image checks, Xen ELF notes and segment loading (see xen/libelf.h).
 * Builds in the hypervisor and on the host; fuzzed on the host.
 */
#include <xen/errno.h>
#include <xen/libelf.h>
#include <xen/string.h>

#define EI_NIDENT   16
#define ELFCLASS64  2
#define ELFDATA2LSB 1
#define ET_EXEC     2
#define EM_X86_64   62
#define PT_LOAD     1
#define PT_NOTE     4

struct elf64_ehdr {
    uint8_t e_ident[EI_NIDENT];
    uint16_t e_type, e_machine;
    uint32_t e_version;
    uint64_t e_entry, e_phoff, e_shoff;
    uint32_t e_flags;
    uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

struct elf64_phdr {
    uint32_t p_type, p_flags;
    uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};

struct elf64_note {
    uint32_t namesz, descsz, type;
};

#define XEN_ELFNOTE_ENTRY              1
#define XEN_ELFNOTE_HYPERCALL_PAGE     2
#define XEN_ELFNOTE_VIRT_BASE          3
#define XEN_ELFNOTE_PADDR_OFFSET       4
#define XEN_ELFNOTE_XEN_VERSION        5
#define XEN_ELFNOTE_GUEST_OS           6
#define XEN_ELFNOTE_GUEST_VERSION      7
#define XEN_ELFNOTE_LOADER             8
#define XEN_ELFNOTE_FEATURES           10
#define XEN_ELFNOTE_INIT_P2M           15
#define XEN_ELFNOTE_MOD_START_PFN      16
#define XEN_ELFNOTE_SUPPORTED_FEATURES 17

/* Largest guest image span we accept: 1 GiB of virtual space. */
#define MAX_IMAGE_SPAN (1ULL << 30)

static bool range_ok(uint64_t off, uint64_t len, uint64_t size)
{
    return off <= size && len <= size - off;
}

static const struct elf64_phdr *phdr(const struct elf_binary *elf, unsigned int i,
                                     struct elf64_phdr *buf)
{
    memcpy(buf, elf->image + elf->phoff + (uint64_t)i * sizeof(*buf), sizeof(*buf));
    return buf;
}

int elf_init(struct elf_binary *elf, const void *image, size_t size, const char **why)
{
    struct elf64_ehdr eh;
    const char *reason = NULL;

    memset(elf, 0, sizeof(*elf));
    elf->image = image;
    elf->size = size;
    if ( size < sizeof(eh) )
    {
        reason = "shorter than an ELF header";
        goto bad;
    }
    memcpy(&eh, image, sizeof(eh));
    if ( memcmp(eh.e_ident, "\177ELF", 4) )
        reason = "not an ELF file";
    else if ( eh.e_ident[4] != ELFCLASS64 || eh.e_ident[5] != ELFDATA2LSB )
        reason = "not a little-endian ELF64 file";
    else if ( eh.e_machine != EM_X86_64 )
        reason = "not an x86-64 ELF file";
    else if ( eh.e_type != ET_EXEC )
        reason = "not an executable ELF file";
    else if ( eh.e_phentsize != sizeof(struct elf64_phdr) || eh.e_phnum == 0 ||
              !range_ok(eh.e_phoff, (uint64_t)eh.e_phnum * sizeof(struct elf64_phdr), size) )
        reason = "program headers missing or outside the file";
    if ( reason )
        goto bad;

    elf->entry = eh.e_entry;
    elf->phoff = eh.e_phoff;
    elf->phnum = eh.e_phnum;
    elf->pstart = ~0ULL;
    for ( unsigned int i = 0; i < elf->phnum; i++ )
    {
        struct elf64_phdr b;
        const struct elf64_phdr *p = phdr(elf, i, &b);

        if ( p->p_type != PT_LOAD && p->p_type != PT_NOTE )
            continue;
        if ( !range_ok(p->p_offset, p->p_filesz, size) )
        {
            reason = "a segment lies outside the file";
            goto bad;
        }
        if ( p->p_type != PT_LOAD || p->p_memsz == 0 )
            continue;
        if ( p->p_filesz > p->p_memsz || p->p_paddr + p->p_memsz < p->p_paddr )
        {
            reason = "a loadable segment has impossible sizes";
            goto bad;
        }
        if ( p->p_paddr < elf->pstart )
            elf->pstart = p->p_paddr;
        if ( p->p_paddr + p->p_memsz > elf->pend )
            elf->pend = p->p_paddr + p->p_memsz;
    }
    if ( elf->pstart == ~0ULL )
        reason = "no loadable segment";
    else if ( elf->pend - elf->pstart > MAX_IMAGE_SPAN )
        reason = "loadable segments span more than 1 GiB";
    if ( reason )
        goto bad;
    return 0;

bad:
    if ( why )
        *why = reason;
    return -EINVAL;
}

static uint64_t note_number(const uint8_t *desc, uint32_t len)
{
    uint64_t v = 0;

    if ( len == 4 )
    {
        uint32_t v32;

        memcpy(&v32, desc, 4);
        v = v32;
    }
    else if ( len == 8 )
        memcpy(&v, desc, 8);
    return v;
}

static void note_string(char *dst, size_t dstlen, const uint8_t *desc, uint32_t len)
{
    size_t n = len < dstlen - 1 ? len : dstlen - 1;

    memcpy(dst, desc, n);
    dst[n] = '\0';
}

int elf_xen_parse(struct elf_binary *elf, struct elf_dom_parms *parms, const char **why)
{
    const char *reason = NULL;

    memset(parms, 0, sizeof(*parms));
    parms->virt_hypercall = ~0ULL;

    for ( unsigned int i = 0; i < elf->phnum && reason == NULL; i++ )
    {
        struct elf64_phdr b;
        const struct elf64_phdr *p = phdr(elf, i, &b);
        uint64_t off, end;

        if ( p->p_type != PT_NOTE )
            continue;
        off = p->p_offset;
        end = p->p_offset + p->p_filesz;
        while ( off + sizeof(struct elf64_note) <= end )
        {
            struct elf64_note n;
            uint64_t name_off, desc_off, next;
            const uint8_t *desc;

            memcpy(&n, elf->image + off, sizeof(n));
            name_off = off + sizeof(n);
            desc_off = name_off + (((uint64_t)n.namesz + 3) & ~3ULL);
            next = desc_off + (((uint64_t)n.descsz + 3) & ~3ULL);
            if ( n.namesz > end || n.descsz > end || next > end || next <= off )
            {
                reason = "a note runs past its segment";
                break;
            }
            desc = elf->image + desc_off;
            if ( n.namesz == 4 && !memcmp(elf->image + name_off, "Xen", 4) )
            {
                parms->has_notes = true;
                switch ( n.type )
                {
                case XEN_ELFNOTE_ENTRY:
                    parms->virt_entry = note_number(desc, n.descsz);
                    break;
                case XEN_ELFNOTE_HYPERCALL_PAGE:
                    parms->virt_hypercall = note_number(desc, n.descsz);
                    break;
                case XEN_ELFNOTE_VIRT_BASE:
                    parms->virt_base = note_number(desc, n.descsz);
                    break;
                case XEN_ELFNOTE_PADDR_OFFSET:
                    parms->elf_paddr_offset = note_number(desc, n.descsz);
                    parms->has_paddr_offset = true;
                    break;
                case XEN_ELFNOTE_INIT_P2M:
                    parms->virt_init_p2m = note_number(desc, n.descsz);
                    break;
                case XEN_ELFNOTE_SUPPORTED_FEATURES:
                    parms->supported_features = (uint32_t)note_number(desc, n.descsz);
                    break;
                case XEN_ELFNOTE_MOD_START_PFN:
                    parms->mod_start_pfn = note_number(desc, n.descsz) != 0;
                    break;
                case XEN_ELFNOTE_XEN_VERSION:
                    note_string(parms->xen_ver, sizeof(parms->xen_ver), desc, n.descsz);
                    break;
                case XEN_ELFNOTE_GUEST_OS:
                    note_string(parms->guest_os, sizeof(parms->guest_os), desc, n.descsz);
                    break;
                case XEN_ELFNOTE_GUEST_VERSION:
                    note_string(parms->guest_ver, sizeof(parms->guest_ver), desc, n.descsz);
                    break;
                case XEN_ELFNOTE_LOADER:
                    note_string(parms->loader, sizeof(parms->loader), desc, n.descsz);
                    break;
                case XEN_ELFNOTE_FEATURES:
                    note_string(parms->features, sizeof(parms->features), desc, n.descsz);
                    break;
                default:
                    break;
                }
            }
            off = next;
        }
    }

    if ( reason == NULL && !parms->has_notes )
        reason = "no Xen ELF notes: not a Xen PV kernel";
    if ( reason == NULL && parms->loader[0] && strncmp(parms->loader, "generic", 8) )
        reason = "unsupported XEN_ELFNOTE_LOADER (want \"generic\")";
    if ( reason )
    {
        if ( why )
            *why = reason;
        return -EINVAL;
    }

    if ( parms->virt_entry == 0 )
        parms->virt_entry = elf->entry;
    if ( !parms->has_paddr_offset )
        parms->elf_paddr_offset = parms->virt_base;
    elf->virt_offset = parms->virt_base - parms->elf_paddr_offset;
    parms->virt_kstart = elf->pstart + elf->virt_offset;
    parms->virt_kend = elf->pend + elf->virt_offset;
    if ( parms->virt_kend < parms->virt_kstart )
    {
        if ( why )
            *why = "the image wraps around the top of the address space";
        return -EINVAL;
    }
    if ( parms->virt_entry < parms->virt_kstart || parms->virt_entry >= parms->virt_kend )
    {
        if ( why )
            *why = "entry point outside the loaded image";
        return -EINVAL;
    }
    if ( parms->virt_hypercall != ~0ULL &&
         (parms->virt_hypercall < parms->virt_kstart || parms->virt_hypercall >= parms->virt_kend ||
          (parms->virt_hypercall & 0xfff)) )
    {
        if ( why )
            *why = "hypercall page not a page inside the loaded image";
        return -EINVAL;
    }
    if ( parms->virt_init_p2m && parms->virt_init_p2m >= parms->virt_kstart &&
         parms->virt_init_p2m < parms->virt_kend )
    {
        if ( why )
            *why = "XEN_ELFNOTE_INIT_P2M: P2M list address inside the loaded image";
        return -EINVAL;
    }
    return 0;
}

int elf_load(const struct elf_binary *elf, void *(*map)(void *ctx, uint64_t vaddr, size_t len),
             void *ctx)
{
    for ( unsigned int i = 0; i < elf->phnum; i++ )
    {
        struct elf64_phdr b;
        const struct elf64_phdr *p = phdr(elf, i, &b);

        if ( p->p_type != PT_LOAD )
            continue;
        for ( uint64_t done = 0; done < p->p_memsz; )
        {
            uint64_t va = p->p_paddr + elf->virt_offset + done;
            size_t chunk = 4096 - (va & 4095);
            uint8_t *dst;

            if ( chunk > p->p_memsz - done )
                chunk = p->p_memsz - done;
            dst = map(ctx, va, chunk);
            if ( dst == NULL )
                return -EFAULT;
            if ( done < p->p_filesz )
            {
                size_t from_file = p->p_filesz - done < chunk ? p->p_filesz - done : chunk;

                memcpy(dst, elf->image + p->p_offset + done, from_file);
                memset(dst + from_file, 0, chunk - from_file);
            }
            else
                memset(dst, 0, chunk);
            done += chunk;
        }
    }
    return 0;
}
