/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * init_p2m: a kernel whose XEN_ELFNOTE_INIT_P2M note asks for its initial P2M
 * list at a virtual address of its own choosing, outside the image (as Linux
 * asks for 1 << 39, L4 slot 1). Probes: start_info.mfn_list is that address,
 * the list there maps every pfn to a frame whose M2P entry names it back and is
 * writable; first_p2m_pfn/nr_p2m_frames name the frames of the list and of the
 * page tables mapping it, all beyond the initial mapping (Linux takes the first
 * as the end of what is mapped), with the list's tables typed as page tables
 * (never mappable writable, the XSA-style attack) and hung off the bootstrap
 * L4 in the slot of the address asked for.
 */
#include "guest.h"

const char test_title[] =
    "init_p2m: the P2M list where XEN_ELFNOTE_INIT_P2M asks, outside the image";

#define P2M_BASE (1UL << 39)

/* The note, beside head.S's: what Linux's head says too. */
__asm__(".pushsection .note.Xen, \"a\", @note\n"
        ".balign 4\n"
        ".long 4, 8, 15\n" /* namesz, descsz, XEN_ELFNOTE_INIT_P2M */
        ".asciz \"Xen\"\n"
        ".balign 4\n"
        ".quad 1 << 39\n"
        ".popsection\n");

/* Where frames are looked at: spare page 0's virtual address, remapped at will. */
static uint64_t window_pte;

/* Map machine frame `mfn` read-only at the window; return its virtual address. */
static const uint64_t *peek(uint64_t mfn)
{
    long rc = hypervisor_update_va_mapping((unsigned long)spare_pages[0],
                                           pte_make(mfn, PTE_P | PTE_A), UVMF_INVLPG);

    if ( rc )
        test_abort("mapping frame %#lx read-only: %s", (unsigned long)mfn, rc_name(rc));
    return (const uint64_t *)spare_pages[0];
}

static void window_restore(void)
{
    check_rc("the window page mapped back",
             hypervisor_update_va_mapping((unsigned long)spare_pages[0], window_pte, UVMF_INVLPG),
             0);
}

static bool in_p2m_frames(uint64_t mfn)
{
    uint64_t pfn = mfn_to_pfn(mfn);

    return pfn >= start_info->first_p2m_pfn &&
           pfn < start_info->first_p2m_pfn + start_info->nr_p2m_frames;
}

/*
 * Walk the list's mapping from the bootstrap L4: every table and every frame of
 * the list must be among the P2M frames; the list's leaves writable. Returns
 * the number of distinct tables below the L4 (L3s, L2s, L1s).
 */
static unsigned long walk_p2m_mapping(unsigned long list_pages)
{
    uint64_t last[5] = {0};
    unsigned long tables = 0;

    for ( unsigned long i = 0; i < list_pages; i++ )
    {
        unsigned long va = P2M_BASE + i * 4096;
        uint64_t mfn = l4_mfn(), e = 0;

        for ( unsigned int level = 4; level >= 1; level-- )
        {
            e = peek(mfn)[(va >> (12 + 9 * (level - 1))) & 511];
            if ( !(e & PTE_P) )
            {
                test_fail("list page %lu: L%u entry not present", i, level);
                return tables;
            }
            if ( level > 1 && (e & PTE_PSE) )
            {
                /* A superpage: its frames are the list's; nothing more to walk here. */
                if ( !in_p2m_frames(pte_mfn(e)) )
                    test_fail("list page %lu: L%u superpage not among the P2M frames", i, level);
                break;
            }
            mfn = pte_mfn(e);
            if ( level > 1 && mfn != last[level - 1] )
            {
                last[level - 1] = mfn;
                tables++;
                if ( !in_p2m_frames(mfn) )
                    test_fail("L%u table of list page %lu (pfn %#lx) not among the P2M frames",
                              level - 1, i, (unsigned long)mfn_to_pfn(mfn));
            }
        }
        if ( !(e & PTE_RW) )
            test_fail("list page %lu mapped read-only (%#lx)", i, (unsigned long)e);
        if ( !(e & PTE_PSE) && !in_p2m_frames(pte_mfn(e)) )
            test_fail("list page %lu (pfn %#lx) not among the P2M frames", i,
                      (unsigned long)mfn_to_pfn(pte_mfn(e)));
    }
    return tables;
}

void test_main(void)
{
    const start_info_t *si = start_info;
    unsigned long nr = si->nr_pages, list_pages = (nr * 8 + 4095) / 4096, tables, bad = 0;
    volatile uint64_t *p2m = (volatile uint64_t *)si->mfn_list;
    uint64_t l4e, saved;
    long rc;

    guest_printf("mfn_list %#lx, first_p2m_pfn %#lx, nr_p2m_frames %lu, nr_pages %lu\n",
                 (unsigned long)si->mfn_list, (unsigned long)si->first_p2m_pfn,
                 (unsigned long)si->nr_p2m_frames, nr);
    if ( !check_true("start_info.mfn_list is where the note asked", si->mfn_list == P2M_BASE) )
        return;
    check_true("nr_p2m_frames covers the list and its L3, L2 and L1",
               si->nr_p2m_frames >= list_pages + 3 && si->nr_p2m_frames < list_pages + 16);
    check_true("the P2M frames lie within the domain's pfns",
               si->first_p2m_pfn + si->nr_p2m_frames <= nr);

    /* The initial mapping ends just before first_p2m_pfn (VIRT_BASE 0: va = pfn << 12). */
    check_true("the page before first_p2m_pfn is in the initial mapping",
               (l1e_of((void *)((si->first_p2m_pfn - 1) << 12)) & PTE_P) != 0);
    check_true("first_p2m_pfn itself is beyond it",
               (l1e_of((void *)(si->first_p2m_pfn << 12)) & PTE_P) == 0);
    check_true("the page tables and start_info lie below first_p2m_pfn",
               (si->pt_base >> 12) + si->nr_pt_frames <= si->first_p2m_pfn &&
                   ((unsigned long)si >> 12) < si->first_p2m_pfn);

    /* Every pfn's frame names it back in the M2P. */
    for ( unsigned long pfn = 0; pfn < nr; pfn++ )
        if ( mfn_to_pfn(p2m[pfn]) != pfn && bad++ < 4 )
            test_fail("p2m[%#lx] = %#lx, whose M2P entry is %#lx", pfn, (unsigned long)p2m[pfn],
                      (unsigned long)mfn_to_pfn(p2m[pfn]));
    check_true("the list maps every pfn to a frame whose M2P entry names it", bad == 0);
    saved = p2m[nr - 1];
    p2m[nr - 1] = 0x1234;
    check_true("the list is writable", p2m[nr - 1] == 0x1234);
    p2m[nr - 1] = saved;

    /* The mapping: its own L3 in the note address's L4 slot, all of it in the P2M frames. */
    window_pte = l1e_of(spare_pages[0]);
    l4e = peek(l4_mfn())[(P2M_BASE >> 39) & 511];
    check_true("the bootstrap L4 maps the note's slot", (l4e & PTE_P) != 0);
    tables = walk_p2m_mapping(list_pages);
    guest_printf("the list's mapping uses %lu page tables below the L4\n", tables);
    check_true("the list and its tables are exactly the P2M frames",
               list_pages + tables == si->nr_p2m_frames ||
                   /* superpages leave fewer tables: never more frames than counted */
                   list_pages + tables < si->nr_p2m_frames);

    /* The attack: the list's L1 table mapped writable must be refused. */
    {
        uint64_t l1 = 0, mfn = l4_mfn();

        for ( unsigned int level = 4; level >= 2; level-- )
        {
            uint64_t e = peek(mfn)[(P2M_BASE >> (12 + 9 * (level - 1))) & 511];

            mfn = pte_mfn(e);
            if ( e & PTE_PSE )
                break;
            if ( level == 2 )
                l1 = mfn;
        }
        if ( l1 )
        {
            rc = hypervisor_update_va_mapping((unsigned long)spare_pages[0],
                                              pte_make(l1, PTE_P | PTE_RW | PTE_A | PTE_D),
                                              UVMF_INVLPG);
            check_rc("the list's L1 table mapped writable", rc, -XEN_EBUSY);
        }
    }
    window_restore();
}
