/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * memory_op: what a PV kernel asks about its memory at boot. Probes:
 * current_reservation of DOMID_SELF equals start_info.nr_pages and is within
 * maximum_reservation, the machine memory map (dom0) is a well-formed e820
 * list with RAM, the pseudo-physical memory map is -ENOSYS for a PV dom0 whose
 * map nobody set (as Xen 4.17 answers; Linux then uses the machine map), machphys_mapping names the
 * M2P at MACH2PHYS_VIRT_START and its last entry (maximum_ram_page - 1, where Linux stops
 * reading it), maximum_ram_page is plausible, a domain that does not exist is -ESRCH, an unknown
 * command is -ENOSYS, bad pointers are -EFAULT.
 */
#include "guest.h"

const char test_title[] = "memory_op: reservations, memory maps, M2P mapping";

struct e820_entry {
    uint64_t addr, size;
    uint32_t type;
} __attribute__((packed));

static struct e820_entry map[64];

static long get_map(unsigned int cmd, unsigned int *nr)
{
    struct xen_memory_map mm = {.nr_entries = 64};
    long rc;

    set_xen_guest_handle(mm.buffer, map);
    rc = hypervisor_memory_op(cmd, &mm);
    *nr = mm.nr_entries;
    return rc;
}

static void check_map(const char *what, unsigned int nr)
{
    uint64_t ram = 0;
    unsigned int i;

    for ( i = 0; i < nr; i++ )
    {
        guest_printf("%s[%u]: %#lx +%#lx type %u\n", what, i, (unsigned long)map[i].addr,
                     (unsigned long)map[i].size, map[i].type);
        if ( map[i].type == 1 )
            ram += map[i].size;
    }
    check_true("the map has entries and some RAM", nr > 0 && ram > 0);
}

void test_main(void)
{
    domid_t self = DOMID_SELF, nobody = 1234;
    long cur, max, top;
    unsigned int nr = 0;
    struct xen_machphys_mapping m2p;

    cur = hypervisor_memory_op(XENMEM_current_reservation, &self);
    max = hypervisor_memory_op(XENMEM_maximum_reservation, &self);
    guest_printf("current %ld pages, maximum %ld, start_info %lu\n", cur, max,
                 (unsigned long)start_info->nr_pages);
    check_true("current reservation is start_info.nr_pages", cur == (long)start_info->nr_pages);
    check_true("maximum reservation is at least the current one", max >= cur);

    check_rc("XENMEM_memory_map of a PV dom0", get_map(XENMEM_memory_map, &nr), -XEN_ENOSYS);
    if ( check_rc("XENMEM_machine_memory_map", get_map(XENMEM_machine_memory_map, &nr), 0) )
        check_map("machine_memory_map", nr);

    check_rc("XENMEM_machphys_mapping", hypervisor_memory_op(XENMEM_machphys_mapping, &m2p), 0);
    check_true("the M2P starts at MACH2PHYS_VIRT_START", m2p.v_start == MACH2PHYS_VIRT_START);
    top = hypervisor_memory_op(XENMEM_maximum_ram_page, NULL);
    check_true("maximum_ram_page covers the domain's frames",
               top > (long)pfn_to_mfn(start_info->nr_pages - 1));
    /* Linux reads M2P entries only up to max_mfn: the table's end, not its area's. */
    guest_printf("machphys_mapping max_mfn %#lx, maximum_ram_page %#lx\n",
                 (unsigned long)m2p.max_mfn, (unsigned long)top);
    check_true("machphys_mapping's max_mfn is the last RAM frame (maximum_ram_page - 1)",
               (long)m2p.max_mfn == top - 1);

    check_rc("current_reservation of domain 1234",
             hypervisor_memory_op(XENMEM_current_reservation, &nobody), -XEN_ESRCH);
    check_rc("unknown command 63", hypervisor_memory_op(63, NULL), -XEN_ENOSYS);
    check_rc("current_reservation from an unmapped pointer",
             hypervisor_memory_op(XENMEM_current_reservation, (void *)0x40000000UL), -XEN_EFAULT);
    check_rc("memory_map from an unmapped pointer",
             hypervisor_memory_op(XENMEM_memory_map, (void *)0x40000000UL), -XEN_EFAULT);
    {
        struct xen_memory_map mm = {.nr_entries = 64};

        set_xen_guest_handle(mm.buffer, (void *)HYPERVISOR_VIRT_START);
        check_rc("machine_memory_map into the hypervisor's area",
                 hypervisor_memory_op(XENMEM_machine_memory_map, &mm), -XEN_EFAULT);
    }
}
