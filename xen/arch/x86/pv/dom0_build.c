/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Building dom0 from the first boot module: an ELF PV kernel with Xen notes,
 * laid out as the PV ABI says (kernel, initrd, P2M list, start_info, bootstrap
 * page tables, stack, all mapped from the kernel's virt_base), with its page
 * tables validated by the same type rules every later update goes through.
 */
#include <asm/current.h>
#include <asm/domain.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/pv_mm.h>
#include <public/xen.h>
#include <xen/bootinfo.h>
#include <xen/bzimage.h>
#include <xen/decompress.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/libelf.h>
#include <xen/mm.h>
#include <xen/param.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/spinlock.h>
#include <xen/string.h>
#include <xen/xmalloc.h>

extern spinlock_t pv_mm_lock;
void pv_write_hypercall_page(uint8_t *page);
void pv_update_wallclock(struct domain *d);

/* dom0_max_vcpus=<n>: vCPUs dom0 may bring up (vCPU 0 runs; the others start down). */
static unsigned int opt_dom0_max_vcpus = 1;
integer_param("dom0_max_vcpus", opt_dom0_max_vcpus);

/* dom0_mem=<size>: dom0's memory (default: 512 MiB, or less if the machine has less). */
static unsigned long long opt_dom0_mem;
size_param("dom0_mem", opt_dom0_mem);

#define MB(x) ((unsigned long)(x) << 20)

static unsigned long round_up(unsigned long v, unsigned long align)
{
    return (v + align - 1) & ~(align - 1);
}

/* Page tables needed to map [s, e) with 4 KiB pages: one L4 and the rest. */
static unsigned long pt_pages_for(unsigned long s, unsigned long e)
{
    unsigned long n = 1;

    for ( unsigned int shift = 39; shift >= 21; shift -= 9 )
        n += ((e - 1) >> shift) - (s >> shift) + 1;
    return n;
}

struct dom0_layout {
    unsigned long *p2m;
    unsigned long nr_pages;
    unsigned long v_start, v_end;
};

static void *pfn_virt(const struct dom0_layout *l, unsigned long pfn)
{
    return arch_mfn_to_virt(l->p2m[pfn]);
}

static void *map_for_load(void *ctx, uint64_t va, size_t len)
{
    const struct dom0_layout *l = ctx;
    unsigned long pfn = (va - l->v_start) >> PAGE_SHIFT;

    if ( va < l->v_start || va + len > l->v_end || pfn >= l->nr_pages )
        return NULL;
    return (uint8_t *)pfn_virt(l, pfn) + (va & (PAGE_SIZE - 1));
}

/* Largest decompressed kernel we make room for. */
#define MAX_KERNEL_IMAGE (128UL << 20)

/*
 * A bzImage (or a compressed ELF) is unpacked into heap pages: on success *image
 * and *len describe the ELF and *buf / *order the pages to free afterwards.
 */
static void unpack_kernel(const void **image, size_t *len, void **buf, unsigned int *order)
{
    const void *payload = *image;
    size_t payload_len = *len, out_len = 0;
    const char *why = NULL;
    void *work;

    *buf = NULL;
    if ( bzimage_is(*image, *len) )
    {
        if ( bzimage_payload(*image, *len, &payload, &payload_len, &why) )
            panic("Could not set up DOM0 guest OS: bzImage: %s\n", why);
        printk(" Dom0 kernel: bzImage, payload %s, %zu bytes\n",
               decompress_format_name(payload, payload_len), payload_len);
    }
    if ( decompress_detect(payload, payload_len) == DECOMP_NONE )
    {
        *image = payload;
        *len = payload_len;
        return;
    }
    *order = get_order_from_bytes(MAX_KERNEL_IMAGE);
    *buf = alloc_xenheap_pages(*order);
    work = xmalloc_bytes(DECOMPRESS_WORK_SIZE);
    if ( *buf == NULL || work == NULL )
        panic("Could not set up DOM0 guest OS: no memory to decompress the kernel\n");
    if ( xen_decompress(payload, payload_len, *buf, MAX_KERNEL_IMAGE, &out_len, work,
                        DECOMPRESS_WORK_SIZE, &why) )
        panic("Could not set up DOM0 guest OS: %s payload: %s\n",
              decompress_format_name(payload, payload_len), why);
    xfree(work);
    printk(" Dom0 kernel: decompressed to %zu bytes\n", out_len);
    *image = *buf;
    *len = out_len;
}

/** Build and start dom0; panics with the reason on any failure (as Xen does). */
void construct_dom0(const struct boot_module *kernel, const struct boot_module *initrd);

void construct_dom0(const struct boot_module *kernel, const struct boot_module *initrd)
{
    struct elf_binary elf;
    struct elf_dom_parms parms;
    struct dom0_layout l;
    const char *why = NULL;
    struct domain *d;
    struct vcpu *v;
    unsigned long vkern_start, vkern_end, vinitrd_start, vinitrd_end, vphysmap_start, vphysmap_end;
    unsigned long vstartinfo_start, vpt_start, vpt_end, vstack_start, vstack_end, nr_pt;
    unsigned long next_pt_pfn, initrd_len = initrd ? initrd->size : 0, flags;
    struct start_info *si;
    pte_t *l4;
    struct page_info *l4pg;
    int rc;

    const void *image = (const uint8_t *)arch_mfn_to_virt(pfn_of(kernel->start)) +
                        (kernel->start & (PAGE_SIZE - 1));
    size_t image_len = kernel->size;
    void *unpacked;
    unsigned int unpacked_order = 0;

    printk("*** LOADING DOMAIN 0 ***\n");
    unpack_kernel(&image, &image_len, &unpacked, &unpacked_order);
    if ( elf_init(&elf, image, image_len, &why) || elf_xen_parse(&elf, &parms, &why) )
        panic("Could not set up DOM0 guest OS: %s\n", why);
    printk(" Xen  kernel: 64-bit, lsb\n");
    printk(" Dom0 kernel: 64-bit, lsb, \"%s\" %s, entry %#lx\n", parms.guest_os, parms.guest_ver,
           (unsigned long)parms.virt_entry);

    l.nr_pages = opt_dom0_mem ? (unsigned long)(opt_dom0_mem >> PAGE_SHIFT) : MB(512) >> PAGE_SHIFT;
    if ( l.nr_pages + (MB(16) >> PAGE_SHIFT) > total_free_pages() )
        l.nr_pages = total_free_pages() > (MB(32) >> PAGE_SHIFT)
                         ? total_free_pages() - (MB(16) >> PAGE_SHIFT)
                         : total_free_pages() / 2;

    /* Virtual layout, from the kernel's base. */
    l.v_start = parms.virt_base ? parms.virt_base : (parms.virt_kstart & ~(MB(4) - 1));
    vkern_start = parms.virt_kstart;
    vkern_end = parms.virt_kend;
    vinitrd_start = round_up(vkern_end, PAGE_SIZE);
    vinitrd_end = vinitrd_start + initrd_len;
    vphysmap_start = round_up(vinitrd_end, PAGE_SIZE);
    vphysmap_end = vphysmap_start + l.nr_pages * sizeof(unsigned long);
    vstartinfo_start = round_up(vphysmap_end, PAGE_SIZE);
    vpt_start = vstartinfo_start + PAGE_SIZE;
    for ( nr_pt = 1;; nr_pt++ )
    {
        vpt_end = vpt_start + nr_pt * PAGE_SIZE;
        vstack_start = vpt_end;
        vstack_end = vstack_start + PAGE_SIZE;
        l.v_end = round_up(vstack_end + (512UL << 10), MB(4));
        if ( pt_pages_for(l.v_start, l.v_end) <= nr_pt )
            break;
    }
    if ( vkern_start < l.v_start || ((l.v_end - l.v_start) >> PAGE_SHIFT) > l.nr_pages )
        panic("Dom0 does not fit: %lukB of mappings for %lukB of memory (dom0_mem=)\n",
              (l.v_end - l.v_start) >> 10, l.nr_pages << (PAGE_SHIFT - 10));

    if ( opt_dom0_max_vcpus < 1 )
        opt_dom0_max_vcpus = 1;
    if ( opt_dom0_max_vcpus > XEN_LEGACY_MAX_VCPUS )
        opt_dom0_max_vcpus = XEN_LEGACY_MAX_VCPUS;
    d = domain_create(0, opt_dom0_max_vcpus, true);
    v = d ? vcpu_create(d, 0, 0) : NULL;
    for ( unsigned int i = 1; v && i < opt_dom0_max_vcpus; i++ )
        if ( vcpu_create(d, i, i % num_online_cpus()) == NULL )
            v = NULL;
    l.p2m = xzalloc_array(unsigned long, l.nr_pages);
    if ( v == NULL || l.p2m == NULL )
        panic("No memory for dom0's structures\n");
    hardware_domain = d;
    d->max_pages = l.nr_pages;
    for ( unsigned long pfn = 0; pfn < l.nr_pages; pfn++ )
    {
        struct page_info *pg = alloc_domheap_page(d);

        if ( pg == NULL )
            panic("Not enough RAM for dom0: %lu of %lu pages\n", pfn, l.nr_pages);
        l.p2m[pfn] = mfn_x(page_to_mfn(pg));
        m2p_table[l.p2m[pfn]] = pfn;
        memset(pfn_virt(&l, pfn), 0, PAGE_SIZE);
    }
    d->arch->p2m = l.p2m;
    d->max_pages = 0xffffffffUL; /* as Xen without dom0_mem=max:, dom0 may grow into all RAM */
    d->arch->p2m_size = l.nr_pages;

    printk("PHYSICAL MEMORY ARRANGEMENT:\n Dom0 alloc.:   %lu pages (%luMB)\n", l.nr_pages,
           l.nr_pages >> (20 - PAGE_SHIFT));
    printk("VIRTUAL MEMORY ARRANGEMENT:\n");
    printk(" Loaded kernel: %016lx->%016lx\n", vkern_start, vkern_end);
    if ( initrd_len )
        printk(" Init. ramdisk: %016lx->%016lx\n", vinitrd_start, vinitrd_end);
    printk(" Phys-Mach map: %016lx->%016lx\n", vphysmap_start, vphysmap_end);
    printk(" Start info:    %016lx->%016lx\n", vstartinfo_start, vstartinfo_start + PAGE_SIZE);
    printk(" Page tables:   %016lx->%016lx\n", vpt_start, vpt_end);
    printk(" Boot stack:    %016lx->%016lx\n", vstack_start, vstack_end);
    printk(" TOTAL:         %016lx->%016lx\n", l.v_start, l.v_end);
    printk(" ENTRY ADDRESS: %016lx\n", (unsigned long)parms.virt_entry);

    /* Bootstrap page tables, in the frames of [vpt_start, vpt_end). */
    next_pt_pfn = (vpt_start - l.v_start) >> PAGE_SHIFT;
    l4 = pfn_virt(&l, next_pt_pfn);
    l4pg = mfn_to_page(_mfn(l.p2m[next_pt_pfn++]));
    for ( unsigned long va = l.v_start; va < l.v_end; va += PAGE_SIZE )
    {
        pte_t *table = l4;
        unsigned long pfn = (va - l.v_start) >> PAGE_SHIFT;
        uint64_t leaf = _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_RW;

        for ( unsigned int level = 4; level > 1; level-- )
        {
            pte_t *e = &table[pt_index(va, level)];

            if ( !pte_present(*e) )
            {
                if ( next_pt_pfn >= (vpt_end - l.v_start) >> PAGE_SHIFT )
                    panic("Dom0 builder: page-table frames miscounted\n");
                *e = pte_make(_mfn(l.p2m[next_pt_pfn++]),
                              _PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY);
            }
            table = arch_mfn_to_virt(mfn_x(pte_mfn(*e)));
        }
        /* A guest never gets a writable mapping of its page tables. */
        if ( va >= vpt_start && va < vpt_end )
            leaf &= ~_PAGE_RW;
        table[pt_index(va, 1)] = pte_make(_mfn(l.p2m[pfn]), leaf);
    }

    /* Contents: kernel, initrd, P2M list, start_info, hypercall page. */
    if ( elf_load(&elf, map_for_load, &l) )
        panic("Dom0 builder: kernel segments outside the mapping\n");
    for ( unsigned long off = 0; off < initrd_len; off += PAGE_SIZE )
    {
        unsigned long n = initrd_len - off < PAGE_SIZE ? initrd_len - off : PAGE_SIZE;

        memcpy(map_for_load(&l, vinitrd_start + off, n),
               (uint8_t *)arch_mfn_to_virt(pfn_of(initrd->start + off)) +
                   ((initrd->start + off) & (PAGE_SIZE - 1)),
               n);
    }
    for ( unsigned long pfn = 0; pfn < l.nr_pages; pfn++ )
        *(unsigned long *)map_for_load(&l, vphysmap_start + pfn * sizeof(unsigned long),
                                       sizeof(unsigned long)) = l.p2m[pfn];
    si = map_for_load(&l, vstartinfo_start, PAGE_SIZE);
    memset(si, 0, PAGE_SIZE);
    strlcpy(si->magic, "xen-3.0-x86_64", sizeof(si->magic));
    si->nr_pages = l.nr_pages;
    si->shared_info = __pa(d->shared_info);
    si->flags = SIF_PRIVILEGED | SIF_INITDOMAIN;
    si->pt_base = vpt_start;
    si->nr_pt_frames = nr_pt;
    si->mfn_list = vphysmap_start;
    si->mod_start = initrd_len ? vinitrd_start : 0;
    si->mod_len = initrd_len;
    strlcpy((char *)si->cmd_line, kernel->cmdline, sizeof(si->cmd_line));
    if ( parms.virt_hypercall != ~0ULL )
        pv_write_hypercall_page(map_for_load(&l, parms.virt_hypercall, PAGE_SIZE));

    /* The initial vCPU state the ABI promises: rsi = start_info, rsp = stack top. */
    v->arch->user_regs.rip = parms.virt_entry;
    v->arch->user_regs.rsp = vstack_end;
    v->arch->user_regs.rsi = vstartinfo_start;
    v->arch->user_regs.cs = FLAT_RING3_CS64;
    v->arch->user_regs.ss = FLAT_RING3_DS32;
    v->arch->user_regs.rflags = 0x202;
    v->arch->kernel_ss = FLAT_RING3_DS32;
    v->arch->kernel_sp = vstack_end;
    v->vcpu_info->evtchn_upcall_mask = 1;
    pv_update_wallclock(d);

    /* Validate and pin the bootstrap tables; the vCPU's base pointer holds a reference too. */
    flags = spin_lock_irqsave(&pv_mm_lock);
    rc = get_page_and_type(l4pg, d, PGT_l4_page_table);
    if ( rc == 0 )
    {
        l4pg->type_info |= PGT_pinned;
        rc = get_page_and_type(l4pg, d, PGT_l4_page_table);
    }
    spin_unlock_irqrestore(&pv_mm_lock, flags);
    if ( rc )
        panic("Dom0 builder: bootstrap page tables failed validation (%d)\n", rc);
    v->arch->guest_table = page_to_mfn(l4pg);

    free_xenheap_pages(unpacked, unpacked_order);
    v->initialised = true;
    v->pause_flags = 0;
    sched_add_vcpu(v);
    printk("Dom0 has maximum %u VCPUs\n", opt_dom0_max_vcpus);
}
