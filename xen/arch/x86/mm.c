/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor's own address space: the idle page tables (image, direct map of
 * RAM, frame table, ioremap area), the memory bring-up from the e820 map, and
 * the direct-map hooks generic code uses.
 */
#include <asm/config.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <xen/arch.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/string.h>

extern char _start[], _end[];

pte_t idle_pg_table[PAGETABLE_ENTRIES] __aligned(PAGE_SIZE) __section(".bss.page_aligned");

/*
 * Page-table pages for the direct map, before any allocator can give pages
 * the boot page tables map: enough for 60 GiB of RAM in 2 MiB pages.
 */
#define EARLY_PT_PAGES 64
static uint8_t early_pt_pool[EARLY_PT_PAGES][PAGE_SIZE] __aligned(PAGE_SIZE)
    __section(".bss.page_aligned");
static unsigned int early_pt_used;

/* Where map_pages_to_xen() gets page-table pages, in bring-up order. */
static enum { PT_EARLY, PT_BOOT, PT_HEAP } pt_source = PT_EARLY;
static uint64_t nx_mask = _PAGE_NX; /* 0 when the CPU has no NX */

unsigned long total_ram_pages;
unsigned int paddr_bits = 36; /* physical address width, from CPUID */

/* A copy of the RAM ranges, for page_is_ram(). */
static struct {
    unsigned long s, e;
} ram_ranges[MAX_BOOT_MEMRANGES];
static unsigned int nr_ram_ranges;

bool page_is_ram(unsigned long mfn);

bool page_is_ram(unsigned long mfn)
{
    for ( unsigned int i = 0; i < nr_ram_ranges; i++ )
        if ( mfn >= ram_ranges[i].s && mfn < ram_ranges[i].e )
            return true;
    return false;
}

uint64_t __pa(const void *va)
{
    unsigned long v = (unsigned long)va;

    if ( v >= XEN_VIRT_START && v < XEN_VIRT_END )
        return v - XEN_VIRT_START;
    if ( v >= DIRECTMAP_VIRT_START && v < DIRECTMAP_VIRT_END )
        return v - DIRECTMAP_VIRT_START;
    panic("__pa(%p): not a hypervisor image or direct-map address\n", va);
}

void *arch_mfn_to_virt(unsigned long mfn)
{
    return __va((uint64_t)mfn << PAGE_SHIFT);
}

unsigned long arch_virt_to_mfn(const void *va)
{
    return (unsigned long)(__pa(va) >> PAGE_SHIFT);
}

/* A table's virtual address: early pool pages through the image, others direct. */
static pte_t *pt_virt(mfn_t mfn)
{
    uint64_t pa = (uint64_t)mfn_x(mfn) << PAGE_SHIFT;
    uint64_t pool = __pa(early_pt_pool);

    if ( pa >= pool && pa < pool + sizeof(early_pt_pool) )
        return (pte_t *)(early_pt_pool[(pa - pool) >> PAGE_SHIFT]);
    return __va(pa);
}

static pte_t *alloc_pt(void)
{
    void *p = NULL;

    switch ( pt_source )
    {
    case PT_EARLY:
        if ( early_pt_used < EARLY_PT_PAGES )
            p = early_pt_pool[early_pt_used++];
        break;
    case PT_BOOT:
        p = __va((uint64_t)mfn_x(alloc_boot_pages(1, 1)) << PAGE_SHIFT);
        break;
    case PT_HEAP:
        p = alloc_xenheap_pages(0);
        break;
    }
    if ( p )
        memset(p, 0, PAGE_SIZE);
    return p;
}

/*
 * The entry for va at level, creating the tables above it; NULL if out of
 * memory. Tables created for user mappings are user-accessible themselves.
 */
static pte_t *pt_entry(unsigned long va, unsigned int level, bool user)
{
    pte_t *table = idle_pg_table;

    for ( unsigned int l = 4; l > level; l-- )
    {
        pte_t *e = &table[pt_index(va, l)];

        if ( !pte_present(*e) )
        {
            pte_t *t = alloc_pt();

            if ( t == NULL )
                return NULL;
            *e = pte_make(_mfn(__pa(t) >> PAGE_SHIFT),
                          _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY);
        }
        else if ( pte_is_superpage(*e) )
            panic("map_pages_to_xen: %#lx is inside a superpage at level %u\n", va, l);
        if ( user )
            e->raw |= _PAGE_USER;
        table = pt_virt(pte_mfn(*e));
    }
    return &table[pt_index(va, level)];
}

int map_pages_to_xen(unsigned long va, mfn_t mfn, unsigned long nr, uint64_t flags)
{
    flags &= ~_PAGE_NX | nx_mask;
    while ( nr )
    {
        pte_t *e;

        if ( ((va >> PAGE_SHIFT) | mfn_x(mfn)) % SUPERPAGE_2M_PAGES == 0 &&
             nr >= SUPERPAGE_2M_PAGES )
        {
            if ( (e = pt_entry(va, 2, flags & _PAGE_USER)) == NULL )
                return -ENOMEM;
            *e = pte_make(mfn, flags | _PAGE_PSE);
            va += SUPERPAGE_2M_PAGES << PAGE_SHIFT;
            mfn = mfn_add(mfn, SUPERPAGE_2M_PAGES);
            nr -= SUPERPAGE_2M_PAGES;
            continue;
        }
        if ( (e = pt_entry(va, 1, flags & _PAGE_USER)) == NULL )
            return -ENOMEM;
        *e = pte_make(mfn, flags);
        va += PAGE_SIZE;
        mfn = mfn_add(mfn, 1);
        nr--;
    }
    return 0;
}

static unsigned long ioremap_next = IOREMAP_VIRT_START;

void *ioremap(uint64_t pa, size_t len)
{
    uint64_t start = pa & PAGE_MASK;
    unsigned long nr = (pa + len - start + PAGE_SIZE - 1) >> PAGE_SHIFT;
    unsigned long va = ioremap_next;

    if ( len == 0 || nr > (IOREMAP_VIRT_END - ioremap_next) >> PAGE_SHIFT )
        return NULL;
    if ( map_pages_to_xen(va, _mfn(start >> PAGE_SHIFT), nr, PAGE_HYPERVISOR_UC) )
        return NULL;
    ioremap_next += nr << PAGE_SHIFT;
    flush_tlb_local();
    return (void *)(va + (pa - start));
}

static void cpu_enable_paging_features(void)
{
    struct cpuid_regs ext = cpuid(0x80000000);

    if ( ext.a >= 0x80000008 )
        paddr_bits = cpuid(0x80000008).a & 0xff;

    if ( ext.a >= 0x80000001 && (cpuid(0x80000001).d & (1u << 20)) )
        wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
    else
        nx_mask = 0;
    write_cr4(read_cr4() | X86_CR4_PGE);
}

/* Map every RAM range of the e820 map into the direct map. */
static void build_direct_map(const struct boot_info *bi)
{
    for ( unsigned int i = 0; i < bi->nr_memranges; i++ )
    {
        const struct boot_memrange *r = &bi->memranges[i];
        unsigned long s = pfn_of(r->base + PAGE_SIZE - 1), e = pfn_of(r->base + r->size);

        if ( r->type != E820_RAM || s >= e )
            continue;
        if ( ((uint64_t)e << PAGE_SHIFT) > DIRECTMAP_VIRT_END - DIRECTMAP_VIRT_START )
            panic("RAM above %#lx cannot be direct-mapped\n",
                  DIRECTMAP_VIRT_END - DIRECTMAP_VIRT_START);
        if ( map_pages_to_xen(DIRECTMAP_VIRT_START + ((uint64_t)s << PAGE_SHIFT), _mfn(s), e - s,
                              PAGE_HYPERVISOR_RW) )
            panic("Out of early page-table pages mapping RAM %#lx-%#lx\n", s, e);
    }
}

static void setup_frame_table(void)
{
    unsigned long bytes = max_page * sizeof(struct page_info);
    unsigned long nr = ((bytes + (2UL << 20) - 1) >> 21) << (21 - PAGE_SHIFT);
    mfn_t m;

    if ( ((uint64_t)nr << PAGE_SHIFT) > FRAMETABLE_VIRT_END - FRAMETABLE_VIRT_START )
        panic("Frame table for %lu frames does not fit its area\n", max_page);
    m = alloc_boot_pages(nr, SUPERPAGE_2M_PAGES);
    if ( map_pages_to_xen(FRAMETABLE_VIRT_START, m, nr, PAGE_HYPERVISOR_RW) )
        panic("No memory to map the frame table\n");
    frame_table = (struct page_info *)FRAMETABLE_VIRT_START;
    memset(frame_table, 0, nr << PAGE_SHIFT);
}

void memory_init(const struct boot_info *bi)
{
    uint64_t image_end = (__pa(_end) + (2UL << 20) - 1) & ~((2UL << 20) - 1);

    cpu_enable_paging_features();

    /* RAM extent. */
    for ( unsigned int i = 0; i < bi->nr_memranges; i++ )
    {
        const struct boot_memrange *r = &bi->memranges[i];

        if ( r->type != E820_RAM )
            continue;
        ram_ranges[nr_ram_ranges].s = pfn_of(r->base + PAGE_SIZE - 1);
        ram_ranges[nr_ram_ranges++].e = pfn_of(r->base + r->size);
        total_ram_pages += pfn_of(r->base + r->size) - pfn_of(r->base + PAGE_SIZE - 1);
        if ( pfn_of(r->base + r->size) > max_page )
            max_page = pfn_of(r->base + r->size);
    }
    if ( max_page == 0 )
        panic("The memory map has no RAM\n");

    /* The image keeps its 2 MiB pages; RAM goes into the direct map. */
    if ( map_pages_to_xen(XEN_VIRT_START + XEN_LOAD_PHYS, _mfn(XEN_LOAD_PHYS >> PAGE_SHIFT),
                          (image_end - XEN_LOAD_PHYS) >> PAGE_SHIFT, PAGE_HYPERVISOR_RWX) )
        panic("Out of early page-table pages mapping the image\n");
    build_direct_map(bi);
    write_cr3(__pa(idle_pg_table));
    pt_source = PT_BOOT;

    /* Free RAM: all RAM above 1 MiB but the image and the modules. */
    for ( unsigned int i = 0; i < bi->nr_memranges; i++ )
    {
        const struct boot_memrange *r = &bi->memranges[i];
        uint64_t s = r->base < (1UL << 20) ? (1UL << 20) : r->base;

        if ( r->type == E820_RAM && r->base + r->size > s )
            init_boot_pages(s, r->base + r->size);
    }
    reserve_boot_pages(XEN_LOAD_PHYS, __pa(_end));
    for ( unsigned int i = 0; i < bi->nr_modules; i++ )
        reserve_boot_pages(bi->modules[i].start, bi->modules[i].start + bi->modules[i].size);

    setup_frame_table();
    end_boot_allocator();
    pt_source = PT_HEAP;

    printk("System RAM: %luMB (%lukB)\n", total_ram_pages >> (20 - PAGE_SHIFT),
           total_ram_pages << (PAGE_SHIFT - 10));
    printk("Frame table: %lu frames, %lukB; hypervisor image %lukB\n", max_page,
           (max_page * sizeof(struct page_info)) >> 10,
           (unsigned long)(__pa(_end) - XEN_LOAD_PHYS) >> 10);
    printk("Free memory: %luMB (%lu pages)\n", total_free_pages() >> (20 - PAGE_SHIFT),
           total_free_pages());
}
