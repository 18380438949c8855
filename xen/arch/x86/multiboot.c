/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Read the multiboot 1 or 2 information the loader left into a struct boot_info.
 * The loader is trusted, but we still refuse pointers outside the boot mapping.
 */
#include <asm/config.h>
#include <asm/multiboot.h>
#include <asm/setup.h>
#include <xen/bootinfo.h>
#include <xen/string.h>

/* The boot page tables map physical 0..1 GiB at XEN_VIRT_START. */
#define BOOT_MAPPED_LIMIT (1UL << 30)

static const void *boot_phys_to_virt(uint64_t pa, uint64_t len)
{
    if ( pa == 0 || pa >= BOOT_MAPPED_LIMIT || len > BOOT_MAPPED_LIMIT - pa )
        return NULL;
    return (const void *)(uintptr_t)(XEN_VIRT_START + pa);
}

/* A NUL-terminated string at pa, or NULL if it is not mapped. */
static const char *boot_string(uint64_t pa)
{
    const char *s = boot_phys_to_virt(pa, 1);

    if ( s && strnlen(s, BOOT_MAPPED_LIMIT - pa) == BOOT_MAPPED_LIMIT - pa )
        return NULL;
    return s;
}

static void add_module(struct boot_info *bi, uint64_t start, uint64_t end, const char *cmdline)
{
    struct boot_module *m;

    if ( bi->nr_modules == MAX_BOOT_MODULES || end < start )
    {
        bi->dropped++;
        return;
    }
    m = &bi->modules[bi->nr_modules++];
    m->start = start;
    m->size = end - start;
    m->cmdline = bootinfo_keep_string(bi, bootinfo_strip_image_name(cmdline, bi->loader));
}

static void add_memrange(struct boot_info *bi, uint64_t base, uint64_t size, uint32_t type)
{
    struct boot_memrange *r;

    if ( bi->nr_memranges == MAX_BOOT_MEMRANGES )
    {
        bi->dropped++;
        return;
    }
    r = &bi->memranges[bi->nr_memranges++];
    r->base = base;
    r->size = size;
    r->type = type;
}

static void parse_mb1(struct boot_info *bi, const struct mb1_info *mbi)
{
    const char *cmdline = NULL;

    bi->protocol = 1;
    if ( mbi->flags & MB1_INFO_LOADER_NAME )
        bi->loader = bootinfo_keep_string(bi, boot_string(mbi->boot_loader_name));
    if ( mbi->flags & MB1_INFO_CMDLINE )
        cmdline = boot_string(mbi->cmdline);
    bi->cmdline = bootinfo_keep_string(bi, bootinfo_strip_image_name(cmdline, bi->loader));

    if ( mbi->flags & MB1_INFO_MODS )
    {
        const struct mb1_module *mod =
            boot_phys_to_virt(mbi->mods_addr, (uint64_t)mbi->mods_count * sizeof(*mod));

        for ( uint32_t i = 0; mod && i < mbi->mods_count; i++ )
            add_module(bi, mod[i].mod_start, mod[i].mod_end, boot_string(mod[i].cmdline));
        if ( mod == NULL && mbi->mods_count )
            bi->dropped += mbi->mods_count;
    }

    if ( mbi->flags & MB1_INFO_MEM_MAP )
    {
        const uint8_t *p = boot_phys_to_virt(mbi->mmap_addr, mbi->mmap_length);
        const uint8_t *end = p ? p + mbi->mmap_length : NULL;

        while ( p && p + sizeof(struct mb1_mmap) <= end )
        {
            const struct mb1_mmap *e = (const void *)p;

            add_memrange(bi, e->base, e->length, e->type);
            p += e->size + sizeof(e->size);
        }
    }
    else if ( mbi->flags & MB1_INFO_MEMORY )
    {
        add_memrange(bi, 0, (uint64_t)mbi->mem_lower << 10, E820_RAM);
        add_memrange(bi, 1UL << 20, (uint64_t)mbi->mem_upper << 10, E820_RAM);
    }
}

static void parse_mb2(struct boot_info *bi, uint32_t info_pa)
{
    const uint32_t *hdr = boot_phys_to_virt(info_pa, 8);
    const uint8_t *p, *end;
    const char *cmdline = NULL;

    bi->protocol = 2;
    if ( hdr == NULL || hdr[0] < 8 || !boot_phys_to_virt(info_pa, hdr[0]) )
        return;
    end = (const uint8_t *)hdr + hdr[0];

    /* Loader name first: it decides how command lines are read. */
    for ( p = (const uint8_t *)(hdr + 2); p + sizeof(struct mb2_tag) <= end; )
    {
        const struct mb2_tag *t = (const void *)p;

        if ( t->type == MB2_TAG_END || t->size < sizeof(*t) || t->size > (size_t)(end - p) )
            break;
        if ( t->type == MB2_TAG_LOADER_NAME )
            bi->loader = bootinfo_keep_string(bi, ((const struct mb2_tag_string *)t)->string);
        p += (t->size + 7) & ~7u;
    }

    for ( p = (const uint8_t *)(hdr + 2); p + sizeof(struct mb2_tag) <= end; )
    {
        const struct mb2_tag *t = (const void *)p;

        if ( t->type == MB2_TAG_END || t->size < sizeof(*t) || t->size > (size_t)(end - p) )
            break;
        switch ( t->type )
        {
        case MB2_TAG_CMDLINE:
            cmdline = ((const struct mb2_tag_string *)t)->string;
            break;
        case MB2_TAG_MODULE:
        {
            const struct mb2_tag_module *m = (const void *)t;

            if ( t->size > sizeof(*m) )
                add_module(bi, m->mod_start, m->mod_end, m->cmdline);
            break;
        }
        case MB2_TAG_MMAP:
        {
            const struct mb2_tag_mmap *m = (const void *)t;
            const uint8_t *e = p + sizeof(*m);

            if ( m->entry_size < sizeof(struct mb2_mmap_entry) )
                break;
            for ( ; e + m->entry_size <= p + t->size; e += m->entry_size )
            {
                const struct mb2_mmap_entry *r = (const void *)e;

                add_memrange(bi, r->base, r->length, r->type);
            }
            break;
        }
        }
        p += (t->size + 7) & ~7u;
    }
    bi->cmdline = bootinfo_keep_string(bi, bootinfo_strip_image_name(cmdline, bi->loader));
}

bool multiboot_parse(struct boot_info *bi, uint32_t magic, uint32_t info_pa)
{
    memset(bi, 0, sizeof(*bi));
    bi->loader = "";
    bi->cmdline = "";

    if ( magic == MB1_BOOTLOADER_MAGIC )
    {
        const struct mb1_info *mbi = boot_phys_to_virt(info_pa, sizeof(*mbi));

        if ( mbi == NULL )
            return false;
        parse_mb1(bi, mbi);
        return true;
    }
    if ( magic == MB2_BOOTLOADER_MAGIC )
    {
        parse_mb2(bi, info_pa);
        return true;
    }
    return false;
}
