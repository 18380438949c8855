/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PV domain builder, for dom0 and the domains started at boot: an ELF PV
 * kernel with Xen notes (bare or in a bzImage, compressed or not), laid out as
 * the PV ABI says (kernel, initrd, P2M list, start_info, console page for a
 * domU, bootstrap page tables, stack, all mapped from the kernel's virt_base;
 * the P2M list instead at the address a XEN_ELFNOTE_INIT_P2M note asks for,
 * outside that mapping), with its page tables validated by the same type rules
 * every later update goes through.
 */
#include <asm/current.h>
#include <asm/domain.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/pv_build.h>
#include <asm/pv_mm.h>
#include <public/xen.h>
#include <xen/acpi.h>
#include <xen/bzimage.h>
#include <xen/decompress.h>
#include <xen/errno.h>
#include <xen/guest_console.h>
#include <xen/lib.h>
#include <xen/libelf.h>
#include <xen/mm.h>
#include <xen/rangeset.h>
#include <xen/sched.h>
#include <xen/serial.h>
#include <xen/shutdown.h>
#include <xen/smp.h>
#include <xen/spinlock.h>
#include <xen/string.h>
#include <xen/xmalloc.h>

extern spinlock_t pv_mm_lock;
extern unsigned int paddr_bits;
void pv_write_hypercall_page(uint8_t *page);
void pv_update_wallclock(struct domain *d);

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

struct layout {
    unsigned long *p2m;
    unsigned long nr_pages;
    unsigned long v_start, v_end;
};

static void *pfn_virt(const struct layout *l, unsigned long pfn)
{
    return arch_mfn_to_virt(l->p2m[pfn]);
}

static void *map_for_load(void *ctx, uint64_t va, size_t len)
{
    const struct layout *l = ctx;
    unsigned long pfn = (va - l->v_start) >> PAGE_SHIFT;

    if ( va < l->v_start || va + len > l->v_end || pfn >= l->nr_pages )
        return NULL;
    return (uint8_t *)pfn_virt(l, pfn) + (va & (PAGE_SIZE - 1));
}

static void *module_virt(const struct boot_module *m, unsigned long off)
{
    return (uint8_t *)arch_mfn_to_virt(pfn_of(m->start + off)) +
           ((m->start + off) & (PAGE_SIZE - 1));
}

__printf(2, 3) static int fail(struct pv_build_error *err, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
    return -EINVAL;
}

/* Largest decompressed kernel we make room for. */
#define MAX_KERNEL_IMAGE (128UL << 20)

/*
 * A bzImage (or a compressed ELF) is unpacked into heap pages: on success *image
 * and *len describe the ELF and *buf / *order the pages to free afterwards.
 */
static int unpack_kernel(domid_t domid, const void **image, size_t *len, void **buf,
                         unsigned int *order, struct pv_build_error *err)
{
    const void *payload = *image;
    size_t payload_len = *len, out_len = 0;
    const char *why = NULL;
    void *work;
    size_t work_size;
    int rc;

    *buf = NULL;
    if ( bzimage_is(*image, *len) )
    {
        if ( bzimage_payload(*image, *len, &payload, &payload_len, &why) )
            return fail(err, "Could not set up DOM%u guest OS: bzImage: %s", domid, why);
        printk(" Dom%u kernel: bzImage, payload %s, %zu bytes\n", domid,
               decompress_format_name(payload, payload_len), payload_len);
    }
    if ( decompress_detect(payload, payload_len) == DECOMP_NONE )
    {
        *image = payload;
        *len = payload_len;
        return 0;
    }
    /* The work area this stream needs (64 KiB for xz, none for lz4/lzo, MiBs for bzip2). */
    work_size = decompress_work_size(payload, payload_len);
    *order = get_order_from_bytes(MAX_KERNEL_IMAGE);
    *buf = alloc_xenheap_pages(*order);
    work = work_size ? xmalloc_bytes(work_size) : NULL;
    if ( *buf == NULL || (work_size && work == NULL) )
    {
        xfree(work);
        return fail(err, "Could not set up DOM%u guest OS: no memory to decompress the kernel",
                    domid);
    }
    rc = xen_decompress(payload, payload_len, *buf, MAX_KERNEL_IMAGE, &out_len, work, work_size,
                        &why);
    xfree(work);
    if ( rc )
        return fail(err, "Could not set up DOM%u guest OS: %s payload: %s", domid,
                    decompress_format_name(payload, payload_len), why);
    printk(" Dom%u kernel: decompressed to %zu bytes\n", domid, out_len);
    *image = *buf;
    *len = out_len;
    return 0;
}

/* Give a half-built domain's pages back and stop it (nothing of it has run). */
static void abandon(struct domain *d)
{
    struct page_info *pg;

    while ( (pg = d->page_list) != NULL )
        free_domheap_page(pg);
    d->arch->p2m = NULL;
    d->arch->p2m_size = 0;
    domain_shutdown(d, XEN_SHUTDOWN_crash);
}

/*
 * The virtual addresses of what the builder puts after the kernel. With
 * p2m_apart (an INIT_P2M note), [physmap_start, physmap_end) lies outside
 * [v_start, v_end): its frames are the p2m_frames pfns from p2m_first_pfn,
 * first the list's pages, then the page tables that map them.
 */
struct vlayout {
    unsigned long kern_start, kern_end, initrd_start, initrd_end, physmap_start, physmap_end;
    unsigned long startinfo_start, console, pt_start, pt_end, stack_start, stack_end, nr_pt;
    bool p2m_apart;
    unsigned long p2m_first_pfn, p2m_list_pages, p2m_max_tables, p2m_frames;
};

static void plan_layout(struct layout *l, struct vlayout *v, const struct elf_dom_parms *parms,
                        unsigned long initrd_len, bool console)
{
    unsigned long list_bytes = l->nr_pages * sizeof(unsigned long);

    l->v_start = parms->virt_base ? parms->virt_base : (parms->virt_kstart & ~(MB(4) - 1));
    v->kern_start = parms->virt_kstart;
    v->kern_end = parms->virt_kend;
    v->initrd_start = round_up(v->kern_end, PAGE_SIZE);
    v->initrd_end = v->initrd_start + initrd_len;
    v->p2m_apart = parms->virt_init_p2m != 0;
    v->physmap_start = v->p2m_apart ? parms->virt_init_p2m : round_up(v->initrd_end, PAGE_SIZE);
    v->physmap_end = v->physmap_start + list_bytes;
    v->startinfo_start =
        v->p2m_apart ? round_up(v->initrd_end, PAGE_SIZE) : round_up(v->physmap_end, PAGE_SIZE);
    v->console = console ? v->startinfo_start + PAGE_SIZE : 0;
    v->pt_start = v->startinfo_start + (console ? 2 : 1) * PAGE_SIZE;
    for ( v->nr_pt = 1;; v->nr_pt++ )
    {
        v->pt_end = v->pt_start + v->nr_pt * PAGE_SIZE;
        v->stack_start = v->pt_end;
        v->stack_end = v->stack_start + PAGE_SIZE;
        l->v_end = round_up(v->stack_end + (512UL << 10), MB(4));
        if ( pt_pages_for(l->v_start, l->v_end) <= v->nr_pt )
            break;
    }
    v->p2m_first_pfn = (l->v_end - l->v_start) >> PAGE_SHIFT;
    v->p2m_list_pages = round_up(list_bytes, PAGE_SIZE) >> PAGE_SHIFT;
    /* At most: every table below the L4 that the list's range touches. */
    v->p2m_max_tables = v->p2m_apart ? pt_pages_for(v->physmap_start, v->physmap_end) - 1 : 0;
    v->p2m_frames = 0;
}

static bool ranges_meet(unsigned long s1, unsigned long e1, unsigned long s2, unsigned long e2)
{
    return s1 < e2 && s2 < e1;
}

/* Why an INIT_P2M address cannot be honoured, or NULL if it can. */
static const char *p2m_apart_refused(const struct layout *l, const struct vlayout *v)
{
    const unsigned long canon_low_end = 1UL << 47, canon_high = ~0UL << 47;

    if ( v->physmap_start & (PAGE_SIZE - 1) )
        return "not page-aligned";
    if ( v->physmap_end < v->physmap_start || v->physmap_end == 0 )
        return "the list would wrap around the address space";
    if ( ranges_meet(v->physmap_start, v->physmap_end, canon_low_end, canon_high) )
        return "the list would not be in canonical addresses";
    if ( ranges_meet(v->physmap_start, v->physmap_end, HYPERVISOR_VIRT_START, HYPERVISOR_VIRT_END) )
        return "the list would overlap the hypervisor's hole";
    if ( ranges_meet(v->physmap_start, v->physmap_end, l->v_start, l->v_end) )
        return "the list would overlap the initial mapping";
    return NULL;
}

static void print_layout(const struct pv_build_info *info, const struct layout *l,
                         const struct vlayout *v, unsigned long entry)
{
    printk("PHYSICAL MEMORY ARRANGEMENT:\n Dom%u alloc.:   %lu pages (%luMB)\n", info->domid,
           l->nr_pages, l->nr_pages >> (20 - PAGE_SHIFT));
    printk("VIRTUAL MEMORY ARRANGEMENT:\n");
    printk(" Loaded kernel: %016lx->%016lx\n", v->kern_start, v->kern_end);
    if ( v->initrd_end > v->initrd_start )
        printk(" Init. ramdisk: %016lx->%016lx\n", v->initrd_start, v->initrd_end);
    printk(" Phys-Mach map: %016lx->%016lx\n", v->physmap_start, v->physmap_end);
    printk(" Start info:    %016lx->%016lx\n", v->startinfo_start, v->startinfo_start + PAGE_SIZE);
    if ( v->console )
        printk(" Console ring:  %016lx->%016lx\n", v->console, v->console + PAGE_SIZE);
    printk(" Page tables:   %016lx->%016lx\n", v->pt_start, v->pt_end);
    printk(" Boot stack:    %016lx->%016lx\n", v->stack_start, v->stack_end);
    printk(" TOTAL:         %016lx->%016lx\n", l->v_start, l->v_end);
    printk(" ENTRY ADDRESS: %016lx\n", entry);
}

#define BUILD_PTE_FLAGS (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY)

/* Frames [next, end) (guest pfns, already zeroed) to take new page tables from. */
struct pt_pool {
    unsigned long next, end;
};

/* Map va to pfn's frame with leaf flags, taking missing tables from pool; false if it ran dry. */
static bool map_page(const struct layout *l, pte_t *l4, unsigned long va, unsigned long pfn,
                     uint64_t leaf, struct pt_pool *pool)
{
    pte_t *table = l4;

    for ( unsigned int level = 4; level > 1; level-- )
    {
        pte_t *e = &table[pt_index(va, level)];

        if ( !pte_present(*e) )
        {
            if ( pool->next >= pool->end )
                return false;
            *e = pte_make(_mfn(l->p2m[pool->next++]), BUILD_PTE_FLAGS);
        }
        table = arch_mfn_to_virt(mfn_x(pte_mfn(*e)));
    }
    table[pt_index(va, 1)] = pte_make(_mfn(l->p2m[pfn]), leaf);
    return true;
}

/*
 * Bootstrap page tables in the frames of [pt_start, pt_end): everything mapped, the tables
 * read-only; a P2M list apart mapped too, with tables of its own frames (v->p2m_frames says how
 * many it took). Returns the L4's frame, or NULL if the frames were miscounted.
 */
static struct page_info *build_page_tables(const struct layout *l, struct vlayout *v)
{
    struct pt_pool pool = {(v->pt_start - l->v_start) >> PAGE_SHIFT,
                           (v->pt_end - l->v_start) >> PAGE_SHIFT};
    pte_t *l4 = pfn_virt(l, pool.next);
    struct page_info *l4pg = mfn_to_page(_mfn(l->p2m[pool.next++]));

    for ( unsigned long va = l->v_start; va < l->v_end; va += PAGE_SIZE )
    {
        uint64_t leaf = BUILD_PTE_FLAGS;

        /* A guest never gets a writable mapping of its page tables. */
        if ( va >= v->pt_start && va < v->pt_end )
            leaf &= ~_PAGE_RW;
        if ( !map_page(l, l4, va, (va - l->v_start) >> PAGE_SHIFT, leaf, &pool) )
            return NULL;
    }
    if ( v->p2m_apart )
    {
        unsigned long first_table = v->p2m_first_pfn + v->p2m_list_pages;

        pool = (struct pt_pool){first_table, first_table + v->p2m_max_tables};
        for ( unsigned long i = 0; i < v->p2m_list_pages; i++ )
            if ( !map_page(l, l4, v->physmap_start + i * PAGE_SIZE, v->p2m_first_pfn + i,
                           BUILD_PTE_FLAGS, &pool) )
                return NULL;
        v->p2m_frames = pool.next - v->p2m_first_pfn;
    }
    return l4pg;
}

/* The P2M list's entry for pfn, in the frames the guest will find it in. */
static unsigned long *p2m_list_entry(const struct layout *l, const struct vlayout *v,
                                     unsigned long pfn)
{
    const unsigned long per_page = PAGE_SIZE / sizeof(unsigned long);

    if ( v->p2m_apart )
        return (unsigned long *)pfn_virt(l, v->p2m_first_pfn + pfn / per_page) + pfn % per_page;
    return map_for_load((void *)l, v->physmap_start + pfn * sizeof(unsigned long),
                        sizeof(unsigned long));
}

/*
 * Whether the builder zeroes frame pfn of the new domain. A domU's every frame: the heap may
 * hold what the hypervisor or an earlier domain left there. The hardware domain's only in its
 * initial mapping and the P2M list apart (the page tables, start info, stack and whatever lies
 * between what the builder loads): the rest is free memory to its kernel, which zeroes what it
 * hands out, and the domain that drives the machine's DMA-capable devices (no IOMMU here) can
 * read any frame anyway. Xen 4.17 zeroes none of dom0's memory; zeroing the rest of dom0's
 * 1 GiB took 2.5e8 instructions under QEMU TCG.
 */
static bool must_zero(const struct pv_build_info *info, const struct layout *l,
                      const struct vlayout *v, unsigned long pfn)
{
    unsigned long mapped = (l->v_end - l->v_start) >> PAGE_SHIFT;

    if ( !info->privileged || pfn < mapped )
        return true;
    return v->p2m_apart && pfn - v->p2m_first_pfn < v->p2m_list_pages + v->p2m_max_tables;
}

/* I/O ports the hypervisor keeps from dom0 (as Xen 4.17 does): the PICs, PIT channels 0 and 1. */
static const struct {
    uint16_t first, last;
} hv_ports[] = {{0x20, 0x21}, {0xa0, 0xa1}, {0x40, 0x41}};

/*
 * What the hardware domain may use of the machine, as Xen gives its dom0: every
 * I/O port but the hypervisor's (serial console, interrupt controllers, timers,
 * the ACPI PM timer), every frame the CPU can address but the local APIC's
 * (Xen 4.17 leaves it the IO-APICs' too), and the IRQs it maps (physdev).
 */
static int grant_hardware(struct domain *d)
{
    unsigned int uart = serial_io_base();
    uint64_t lapic = (acpi_info.lapic_addr ? acpi_info.lapic_addr : 0xfee00000) >> PAGE_SHIFT;
    int rc;

    rc = rangeset_add(&d->ioport_caps, 0, 0xffff);
    if ( !rc )
        rc = rangeset_remove(&d->ioport_caps, uart, uart + 7);
    for ( unsigned int i = 0; !rc && i < ARRAY_SIZE(hv_ports); i++ )
        rc = rangeset_remove(&d->ioport_caps, hv_ports[i].first, hv_ports[i].last);
    if ( !rc && acpi_info.pm_timer_port )
        rc = rangeset_remove(&d->ioport_caps, acpi_info.pm_timer_port, acpi_info.pm_timer_port + 3);
    if ( !rc )
        rc = rangeset_add(&d->iomem_caps, 0, (1ULL << (paddr_bits - PAGE_SHIFT)) - 1);
    if ( !rc )
        rc = rangeset_remove(&d->iomem_caps, lapic, lapic);
    return rc;
}

/* Create the domain and its vCPUs; NULL if out of memory. */
static struct domain *create(const struct pv_build_info *info)
{
    struct domain *d = domain_create(info->domid, info->max_vcpus, info->privileged);
    unsigned int ncpus = num_online_cpus();

    if ( d == NULL )
        return NULL;
    if ( info->privileged && grant_hardware(d) )
    {
        domain_shutdown(d, XEN_SHUTDOWN_crash);
        return NULL;
    }
    for ( unsigned int i = 0; i < info->max_vcpus; i++ )
        if ( vcpu_create(d, i, (info->domid + i) % ncpus) == NULL )
        {
            domain_shutdown(d, XEN_SHUTDOWN_crash);
            return NULL;
        }
    return d;
}

int pv_build_domain(const struct pv_build_info *info, struct pv_build_error *err)
{
    struct elf_binary elf;
    struct elf_dom_parms parms;
    struct layout l = {0};
    struct vlayout v;
    const char *why = NULL;
    struct domain *d = NULL;
    struct vcpu *v0;
    unsigned long initrd_len = info->initrd ? info->initrd->size : 0, flags;
    unsigned int console_port = 0;
    struct start_info *si;
    struct page_info *l4pg;
    const void *image = module_virt(info->kernel, 0);
    size_t image_len = info->kernel->size;
    void *unpacked = NULL;
    unsigned int unpacked_order = 0;
    domid_t id = info->domid;
    bool p2m_kept = false;
    int rc;

    printk("*** LOADING DOMAIN %u ***\n", id);
    rc = unpack_kernel(id, &image, &image_len, &unpacked, &unpacked_order, err);
    if ( rc )
        goto out;
    if ( elf_init(&elf, image, image_len, &why) || elf_xen_parse(&elf, &parms, &why) )
    {
        rc = fail(err, "Could not set up DOM%u guest OS: %s", id, why);
        goto out;
    }
    printk(" Xen  kernel: 64-bit, lsb\n");
    printk(" Dom%u kernel: 64-bit, lsb, \"%s\" %s, entry %#lx\n", id, parms.guest_os,
           parms.guest_ver, (unsigned long)parms.virt_entry);

    l.nr_pages = info->nr_pages;
    if ( l.nr_pages + (MB(16) >> PAGE_SHIFT) > total_free_pages() )
    {
        if ( !info->privileged )
        {
            rc = fail(err, "Not enough free RAM for dom%u: %luMB asked, %luMB free", id,
                      l.nr_pages >> (20 - PAGE_SHIFT), total_free_pages() >> (20 - PAGE_SHIFT));
            goto out;
        }
        l.nr_pages = total_free_pages() > (MB(32) >> PAGE_SHIFT)
                         ? total_free_pages() - (MB(16) >> PAGE_SHIFT)
                         : total_free_pages() / 2;
    }

    plan_layout(&l, &v, &parms, initrd_len, info->console);
    if ( v.p2m_apart && (why = p2m_apart_refused(&l, &v)) != NULL )
    {
        rc = fail(err, "Could not set up DOM%u guest OS: XEN_ELFNOTE_INIT_P2M %#lx: %s", id,
                  v.physmap_start, why);
        goto out;
    }
    if ( v.kern_start < l.v_start ||
         v.p2m_first_pfn + (v.p2m_apart ? v.p2m_list_pages + v.p2m_max_tables : 0) > l.nr_pages )
    {
        rc = fail(err, "Dom%u does not fit: %lukB of mappings for %lukB of memory (%s)", id,
                  (l.v_end - l.v_start) >> 10, l.nr_pages << (PAGE_SHIFT - 10),
                  info->privileged ? "dom0_mem=" : "mem=");
        goto out;
    }

    d = create(info);
    l.p2m = xzalloc_array(unsigned long, l.nr_pages);
    if ( d == NULL || l.p2m == NULL )
    {
        rc = fail(err, "No memory for dom%u's structures", id);
        goto out;
    }
    if ( info->privileged )
        hardware_domain = d;
    d->max_pages = l.nr_pages;
    for ( unsigned long pfn = 0; pfn < l.nr_pages; pfn++ )
    {
        struct page_info *pg = alloc_domheap_page(d);

        if ( pg == NULL )
        {
            rc = fail(err, "Not enough RAM for dom%u: %lu of %lu pages", id, pfn, l.nr_pages);
            goto out;
        }
        l.p2m[pfn] = mfn_x(page_to_mfn(pg));
        m2p_table[l.p2m[pfn]] = pfn;
        if ( must_zero(info, &l, &v, pfn) )
            memset(pfn_virt(&l, pfn), 0, PAGE_SIZE);
    }
    d->arch->p2m = l.p2m;
    if ( info->privileged )
        d->max_pages = 0xffffffffUL; /* as Xen without dom0_mem=max:, dom0 may grow into all RAM */
    d->arch->p2m_size = l.nr_pages;

    print_layout(info, &l, &v, (unsigned long)parms.virt_entry);
    l4pg = build_page_tables(&l, &v);
    if ( l4pg == NULL )
    {
        rc = fail(err, "Dom%u builder: page-table frames miscounted", id);
        goto out;
    }

    /* Contents: kernel, initrd, P2M list, start_info, console, hypercall page. */
    if ( elf_load(&elf, map_for_load, &l) )
    {
        rc = fail(err, "Dom%u builder: kernel segments outside the mapping", id);
        goto out;
    }
    for ( unsigned long off = 0; off < initrd_len; off += PAGE_SIZE )
    {
        unsigned long n = initrd_len - off < PAGE_SIZE ? initrd_len - off : PAGE_SIZE;

        memcpy(map_for_load(&l, v.initrd_start + off, n), module_virt(info->initrd, off), n);
    }
    for ( unsigned long pfn = 0; pfn < l.nr_pages; pfn++ )
        *p2m_list_entry(&l, &v, pfn) = l.p2m[pfn];
    if ( info->console )
    {
        rc = guest_console_init(d, _mfn(l.p2m[(v.console - l.v_start) >> PAGE_SHIFT]), 0,
                                &console_port);
        if ( rc )
        {
            rc = fail(err, "No console event channel for dom%u (%d)", id, rc);
            goto out;
        }
    }
    si = map_for_load(&l, v.startinfo_start, PAGE_SIZE);
    memset(si, 0, PAGE_SIZE);
    strlcpy(si->magic, "xen-3.0-x86_64", sizeof(si->magic));
    si->nr_pages = l.nr_pages;
    si->shared_info = __pa(d->shared_info);
    si->flags = info->privileged ? SIF_PRIVILEGED | SIF_INITDOMAIN : 0;
    si->pt_base = v.pt_start;
    si->nr_pt_frames = v.nr_pt;
    si->mfn_list = v.physmap_start;
    if ( v.p2m_apart )
    {
        si->first_p2m_pfn = v.p2m_first_pfn;
        si->nr_p2m_frames = v.p2m_frames;
    }
    si->mod_start = initrd_len ? v.initrd_start : 0;
    si->mod_len = initrd_len;
    /* No xenstore yet: store_mfn and store_evtchn stay 0. */
    if ( info->console )
    {
        si->console.domU.mfn = l.p2m[(v.console - l.v_start) >> PAGE_SHIFT];
        si->console.domU.evtchn = console_port;
    }
    strlcpy((char *)si->cmd_line, info->cmdline, sizeof(si->cmd_line));
    if ( parms.virt_hypercall != ~0ULL )
        pv_write_hypercall_page(map_for_load(&l, parms.virt_hypercall, PAGE_SIZE));

    /* The initial vCPU state the ABI promises: rsi = start_info, rsp = stack top. */
    v0 = d->vcpu[0];
    v0->arch->user_regs.rip = parms.virt_entry;
    v0->arch->user_regs.rsp = v.stack_end;
    v0->arch->user_regs.rsi = v.startinfo_start;
    v0->arch->user_regs.cs = FLAT_RING3_CS64;
    v0->arch->user_regs.ss = FLAT_RING3_DS32;
    v0->arch->user_regs.rflags = 0x202;
    v0->arch->kernel_ss = FLAT_RING3_DS32;
    v0->arch->kernel_sp = v.stack_end;
    v0->vcpu_info->evtchn_upcall_mask = 1;
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
    {
        /* Typed frames cannot simply go back to the heap: the domain keeps them, stopped. */
        fail(err, "Dom%u builder: bootstrap page tables failed validation (%d)", id, rc);
        if ( !info->privileged )
            domain_shutdown(d, XEN_SHUTDOWN_crash);
        d = NULL;
        p2m_kept = true;
        goto out;
    }
    v0->arch->guest_table = page_to_mfn(l4pg);

    v0->initialised = true;
    v0->pause_flags = 0;
    sched_add_vcpu(v0);
    if ( !info->privileged )
        vcpu_wake(v0); /* its CPU may be idle, waiting for work: tell it */
    printk("Dom%u has maximum %u VCPUs\n", id, info->max_vcpus);
    d = NULL;
    rc = 0;

out:
    if ( d != NULL )
    {
        if ( d == hardware_domain )
            hardware_domain = NULL;
        abandon(d);
    }
    if ( rc && !p2m_kept )
        xfree(l.p2m);
    free_xenheap_pages(unpacked, unpacked_order);
    return rc;
}
