/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The machine-to-phys table: one entry per machine frame giving the guest frame
 * it backs, writable by the hypervisor at RDWR_MPT_VIRT_START and readable by
 * every PV guest at RO_MPT_VIRT_START (MACH2PHYS_VIRT_START in the ABI), and the
 * hypervisor's slots that every guest L4 table carries.
 */
#include <asm/config.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/pv_mm.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/string.h>
#include <xen/xmalloc.h>

/* The first machine frame of each 2 MiB chunk, for XENMEM_machphys_mfn_list. */
static unsigned long *m2p_chunks;
static unsigned long m2p_nr_chunks;

unsigned long m2p_chunk_mfn(unsigned long i)
{
    return i < m2p_nr_chunks ? m2p_chunks[i] : INVALID_MFN_RAW;
}

void setup_m2p_table(void)
{
    unsigned long bytes = max_page * sizeof(unsigned long);
    unsigned long chunks = (bytes + (2UL << 20) - 1) >> 21;

    if ( (chunks << 21) > RO_MPT_VIRT_END - RO_MPT_VIRT_START )
        panic("M2P for %lu frames does not fit its area\n", max_page);
    m2p_chunks = xzalloc_array(unsigned long, chunks);
    if ( m2p_chunks == NULL )
        panic("No memory for the M2P table's chunk list\n");
    m2p_nr_chunks = chunks;
    for ( unsigned long i = 0; i < chunks; i++ )
    {
        struct page_info *pg = alloc_heap_pages(9);
        mfn_t m;

        if ( pg == NULL )
            panic("No memory for the M2P table\n");
        m = page_to_mfn(pg);
        m2p_chunks[i] = mfn_x(m);
        /*
         * dom_xen's, one reference held for good, and of no type a guest can
         * take: mapped read-only through DOMID_XEN, never writable, never a table.
         */
        for ( unsigned int j = 0; j < 512; j++ )
        {
            pg[j].v.owner = &dom_xen;
            pg[j].count_info = PGC_state_inuse | 1;
            pg[j].type_info = PGT_none | PGT_validated | 1;
        }
        memset(arch_mfn_to_virt(mfn_x(m)), 0xff, 2UL << 20); /* INVALID_M2P_ENTRY */
        if ( map_pages_to_xen(RDWR_MPT_VIRT_START + (i << 21), m, 512, PAGE_HYPERVISOR_RW) ||
             map_pages_to_xen(RO_MPT_VIRT_START + (i << 21), m, 512,
                              _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED | _PAGE_NX) )
            panic("No memory to map the M2P table\n");
    }
    printk("M2P table: %lu entries, %lukB, guest-visible at %#lx\n", max_page, bytes >> 10,
           RO_MPT_VIRT_START);
}

void init_xen_l4_slots(pte_t *l4)
{
    /* Slots 256..271: the read-only M2P, the hypervisor and the direct map. */
    for ( unsigned int i = 256; i <= 271; i++ )
        l4[i] = idle_pg_table[i];
}
