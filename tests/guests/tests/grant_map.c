/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant mappings, v1, a domain granting to itself: map_grant_ref (host
 * mappings by virtual address and by PTE address, read-only, device
 * mappings), unmap_grant_ref and unmap_and_replace, and the shared entry's
 * GTF_reading/GTF_writing that tell the granter its grant is in use. The data
 * written through a mapping lands in the granted frame; after unmap the
 * address faults and the flags are clear. Attacks, each with the status Xen
 * 4.17 gives: a bad ref, an unknown domain, no mapping asked for, a read-only
 * grant mapped writable, a grant for another domain, a frame the granter does
 * not own, a page table mapped writable, the hypervisor's range as host_addr,
 * an address with no L1, unmap at the wrong address or with the wrong bus
 * address, a double unmap, an out-of-range handle, and pin-count overflow.
 */
#include "gnttab.h"

const char test_title[] = "grant_table_op: map/unmap grant refs, flags, attacks";

#define REF_RW      8  /* spare page 0, writable */
#define REF_RO      9  /* spare page 1, read-only */
#define REF_OTHER   10 /* spare page 0, for domain 5 */
#define REF_NOTMINE 11 /* a frame of the first MiB: not ours */
#define REF_TABLE   12 /* the L1 table mapping the spare pages */

static uint8_t *const page_a = spare_pages[0];
static uint8_t *const page_b = spare_pages[1];
static uint8_t *const va = spare_pages[2];  /* where grants get mapped */
static uint8_t *const va2 = spare_pages[3]; /* a second address */

/* The compiler does not know va and page_a can be one frame: reload after this. */
#define barrier() __asm__ volatile("" ::: "memory")

static void invlpg(const volatile void *p)
{
    struct mmuext_op op = {.cmd = MMUEXT_INVLPG_LOCAL, .arg1.linear_addr = (uint64_t)p};

    check_rc("MMUEXT_INVLPG_LOCAL", hypervisor_mmuext_op(&op, 1, NULL, DOMID_SELF), 0);
}

static struct gnttab_map_grant_ref map_req(grant_ref_t ref, uint32_t flags, uint64_t addr)
{
    return (struct gnttab_map_grant_ref){
        .host_addr = addr, .flags = flags, .ref = ref, .dom = SELF_DOMID, .handle = ~0U};
}

/* One map; returns the status and the handle in *h. */
static int map1(grant_ref_t ref, uint32_t flags, uint64_t addr, grant_handle_t *h)
{
    struct gnttab_map_grant_ref m = map_req(ref, flags, addr);

    check_rc("GNTTABOP_map_grant_ref", gnttab_op(GNTTABOP_map_grant_ref, &m, 1), 0);
    if ( h )
        *h = m.handle;
    return m.status;
}

static int unmap1(grant_handle_t h, uint64_t addr, uint64_t dev)
{
    struct gnttab_unmap_grant_ref u = {.host_addr = addr, .dev_bus_addr = dev, .handle = h};

    check_rc("GNTTABOP_unmap_grant_ref", gnttab_op(GNTTABOP_unmap_grant_ref, &u, 1), 0);
    return u.status;
}

static void host_mappings(uint64_t va_l1e, uint64_t va2_l1e)
{
    grant_handle_t h, h2;
    uint64_t a_mfn = virt_to_mfn(page_a);

    guest_memset(page_a, 0x5a, PAGE_SIZE);
    if ( !check_st("mapping the writable grant", map1(REF_RW, GNTMAP_host_map, (uint64_t)va, &h),
                   GNTST_okay) )
        return;
    check_true("the address maps the granted frame, writable",
               pte_mfn(l1e_of(va)) == a_mfn && (l1e_of(va) & PTE_RW));
    check_true("the granted data shows through it", va[0] == 0x5a && va[4095] == 0x5a);
    va[100] = 0xc3;
    barrier();
    check_true("a write through it reaches the frame", page_a[100] == 0xc3);
    check_true("the entry is marked reading and writing",
               (gt_flags(REF_RW) & (GTF_reading | GTF_writing)) == (GTF_reading | GTF_writing));

    check_st("unmap at another address", unmap1(h, (uint64_t)va2, 0), GNTST_general_error);
    check_true("the mapping is still there", pte_mfn(l1e_of(va)) == a_mfn);
    /* A bus address for a handle without a device mapping is ignored (as Xen 4.17). */
    check_st("unmap, with a bus address that is not the handle's", unmap1(h, (uint64_t)va, 0x1000),
             GNTST_okay);
    check_true("the address is unmapped", l1e_of(va) == 0 && probe_read(va) == X86_EXC_PF);
    check_true("the entry's flags are clear again",
               (gt_flags(REF_RW) & (GTF_reading | GTF_writing)) == 0);
    check_st("unmapping the same handle again", unmap1(h, (uint64_t)va, 0), GNTST_bad_handle);
    check_st("an out-of-range handle", unmap1(0x7fffffff, (uint64_t)va, 0), GNTST_bad_handle);

    /* Two mappings of one grant: the flags stay until the last goes. */
    check_st("mapping it twice (1)", map1(REF_RW, GNTMAP_host_map, (uint64_t)va, &h), GNTST_okay);
    check_st("mapping it twice (2)", map1(REF_RW, GNTMAP_host_map, (uint64_t)va2, &h2), GNTST_okay);
    check_true("two handles", h != h2);
    check_st("unmapping the first", unmap1(h, (uint64_t)va, 0), GNTST_okay);
    check_true("still marked in use", (gt_flags(REF_RW) & GTF_reading) != 0);
    check_st("unmapping the second", unmap1(h2, (uint64_t)va2, 0), GNTST_okay);
    check_true("now clear", (gt_flags(REF_RW) & (GTF_reading | GTF_writing)) == 0);

    /* The same through the PTE's machine address. */
    check_rc("va mapped back", hypervisor_update_va_mapping((uint64_t)va, va_l1e, UVMF_INVLPG), 0);
    if ( check_st("mapping by PTE address",
                  map1(REF_RW, GNTMAP_host_map | GNTMAP_contains_pte, pte_maddr(va, 1), &h),
                  GNTST_okay) )
    {
        invlpg(va);
        check_true("it maps the frame", pte_mfn(l1e_of(va)) == a_mfn && va[100] == 0xc3);
        check_st("unmap by PTE address", unmap1(h, pte_maddr(va, 1) | 0 /* same entry */, 0),
                 GNTST_okay);
        check_true("unmapped", l1e_of(va) == 0);
    }

    /* unmap_and_replace: va2's entry moves to va, va2 is left empty. */
    check_rc("va2 mapped back", hypervisor_update_va_mapping((uint64_t)va2, va2_l1e, UVMF_INVLPG),
             0);
    if ( check_st("mapping for unmap_and_replace", map1(REF_RW, GNTMAP_host_map, (uint64_t)va, &h),
                  GNTST_okay) )
    {
        struct gnttab_unmap_and_replace r = {
            .host_addr = (uint64_t)va, .new_addr = (uint64_t)va2, .handle = h};

        check_rc("GNTTABOP_unmap_and_replace", gnttab_op(GNTTABOP_unmap_and_replace, &r, 1), 0);
        check_st("unmap_and_replace", r.status, GNTST_okay);
        check_true("va now maps what va2 mapped", l1e_of(va) == va2_l1e);
        check_true("va2 is empty", l1e_of(va2) == 0);
        check_st("unmap_and_replace of the same handle again",
                 (gnttab_op(GNTTABOP_unmap_and_replace, &r, 1), r.status), GNTST_bad_handle);
    }
    check_true("the entry's flags are clear at the end",
               (gt_flags(REF_RW) & (GTF_reading | GTF_writing)) == 0);
}

static void readonly_and_device(void)
{
    grant_handle_t h;
    struct gnttab_map_grant_ref m;
    uint64_t b_mfn = virt_to_mfn(page_b);

    page_b[0] = 0x77;
    barrier();
    check_st("a read-only grant mapped writable", map1(REF_RO, GNTMAP_host_map, (uint64_t)va, NULL),
             GNTST_general_error);
    check_true("no flags left behind", (gt_flags(REF_RO) & (GTF_reading | GTF_writing)) == 0);
    if ( check_st("a read-only grant mapped read-only",
                  map1(REF_RO, GNTMAP_host_map | GNTMAP_readonly, (uint64_t)va, &h), GNTST_okay) )
    {
        check_true("mapped read-only",
                   pte_mfn(l1e_of(va)) == b_mfn && !(l1e_of(va) & PTE_RW) && va[0] == 0x77);
        check_true("a write through it faults", probe_write(va, 1) == X86_EXC_PF);
        check_true("marked reading only",
                   (gt_flags(REF_RO) & (GTF_reading | GTF_writing)) == GTF_reading);
        check_st("its unmap", unmap1(h, (uint64_t)va, 0), GNTST_okay);
    }

    /* A device mapping: the bus address is the frame's machine address. */
    m = map_req(REF_RW, GNTMAP_device_map, 0);
    check_rc("device map", gnttab_op(GNTTABOP_map_grant_ref, &m, 1), 0);
    if ( check_st("device map", m.status, GNTST_okay) )
    {
        check_true("dev_bus_addr is the frame's machine address",
                   m.dev_bus_addr == virt_to_mfn(page_a) << PAGE_SHIFT);
        check_true("marked reading and writing",
                   (gt_flags(REF_RW) & (GTF_reading | GTF_writing)) == (GTF_reading | GTF_writing));
        check_st("device unmap with another bus address",
                 unmap1(m.handle, 0, m.dev_bus_addr + PAGE_SIZE), GNTST_bad_dev_addr);
        check_st("an unmap naming neither mapping", unmap1(m.handle, 0, 0), GNTST_okay);
        check_true("leaves it mapped", (gt_flags(REF_RW) & GTF_writing) != 0);
        check_st("device unmap", unmap1(m.handle, 0, m.dev_bus_addr), GNTST_okay);
        check_true("flags clear", (gt_flags(REF_RW) & (GTF_reading | GTF_writing)) == 0);
        check_st("device unmap again", unmap1(m.handle, 0, m.dev_bus_addr), GNTST_bad_handle);
    }
}

static void attacks(void)
{
    struct gnttab_map_grant_ref m;

    check_st("ref beyond the table", map1(100000, GNTMAP_host_map, (uint64_t)va, NULL),
             GNTST_bad_gntref);
    check_st("an unused entry", map1(20, GNTMAP_host_map, (uint64_t)va, NULL), GNTST_general_error);
    check_st("no mapping asked for", map1(REF_RW, 0, (uint64_t)va, NULL), GNTST_bad_gntref);
    m = map_req(REF_RW, GNTMAP_host_map, (uint64_t)va);
    m.dom = 1234;
    check_rc("map from domain 1234", gnttab_op(GNTTABOP_map_grant_ref, &m, 1), 0);
    check_st("map from domain 1234", m.status, GNTST_bad_domain);
    check_st("a grant to domain 5", map1(REF_OTHER, GNTMAP_host_map, (uint64_t)va, NULL),
             GNTST_general_error);
    check_st("a granted frame the granter does not own",
             map1(REF_NOTMINE, GNTMAP_host_map | GNTMAP_readonly, (uint64_t)va, NULL),
             GNTST_bad_page);
    check_st("a page table mapped writable", map1(REF_TABLE, GNTMAP_host_map, (uint64_t)va, NULL),
             GNTST_general_error);
    check_st("into the hypervisor's range",
             map1(REF_RW, GNTMAP_host_map, 0xffff800000001000UL, NULL), GNTST_general_error);
    check_st("at an address with no L1 table",
             map1(REF_RW, GNTMAP_host_map, 0x7f0000000000UL, NULL), GNTST_general_error);
    check_st("by a PTE address that is not a page table",
             map1(REF_RW, GNTMAP_host_map | GNTMAP_contains_pte, virt_to_mfn(page_b) << PAGE_SHIFT,
                  NULL),
             GNTST_general_error);
    check_true("none of these left flags behind",
               (gt_flags(REF_RW) | gt_flags(REF_TABLE) | gt_flags(REF_NOTMINE)) &
                       (GTF_reading | GTF_writing)
                   ? false
                   : true);
}

/* Pins are counted in 7 bits per kind, as Xen does: the 129th mapping is refused. */
static void pin_overflow(void)
{
    static struct gnttab_map_grant_ref m[130];
    static struct gnttab_unmap_grant_ref u[130];
    unsigned int ok = 0;

    for ( unsigned int i = 0; i < 130; i++ )
        m[i] = map_req(REF_RW, GNTMAP_device_map | GNTMAP_readonly, 0);
    check_rc("130 device maps in one call", gnttab_op(GNTTABOP_map_grant_ref, m, 130), 0);
    for ( unsigned int i = 0; i < 130; i++ )
        ok += m[i].status == GNTST_okay;
    check_true("the first 128 pass", ok == 128);
    check_st("the 129th is refused", m[128].status, GNTST_general_error);
    for ( unsigned int i = 0; i < 130; i++ )
        u[i] = (struct gnttab_unmap_grant_ref){.dev_bus_addr = m[i].dev_bus_addr,
                                               .handle = m[i].handle};
    check_rc("unmapping them", gnttab_op(GNTTABOP_unmap_grant_ref, u, 128), 0);
    ok = 0;
    for ( unsigned int i = 0; i < 128; i++ )
        ok += u[i].status == GNTST_okay;
    check_true("all 128 unmapped", ok == 128);
    check_true("flags clear", (gt_flags(REF_RW) & (GTF_reading | GTF_writing)) == 0);
}

void test_main(void)
{
    uint64_t va_l1e = l1e_of(va), va2_l1e = l1e_of(va2);

    if ( !gt_setup() )
        return;
    gt_grant(REF_RW, SELF_DOMID, virt_to_mfn(page_a), 0);
    gt_grant(REF_RO, SELF_DOMID, virt_to_mfn(page_b), GTF_readonly);
    gt_grant(REF_OTHER, 5, virt_to_mfn(page_a), 0);
    gt_grant(REF_NOTMINE, SELF_DOMID, 0x10, 0);
    gt_grant(REF_TABLE, SELF_DOMID, pte_maddr(page_a, 1) >> PAGE_SHIFT, 0);

    host_mappings(va_l1e, va2_l1e);
    check_rc("va mapped back", hypervisor_update_va_mapping((uint64_t)va, va_l1e, UVMF_INVLPG), 0);
    check_rc("va2 mapped back", hypervisor_update_va_mapping((uint64_t)va2, va2_l1e, UVMF_INVLPG),
             0);
    readonly_and_device();
    check_rc("va mapped back", hypervisor_update_va_mapping((uint64_t)va, va_l1e, UVMF_INVLPG), 0);
    attacks();
    pin_overflow();
    check_rc("va mapped back", hypervisor_update_va_mapping((uint64_t)va, va_l1e, UVMF_INVLPG), 0);
    gt_teardown();
}
