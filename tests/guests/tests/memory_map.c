/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * memory_map: XENMEM_set_memory_map, what libxl does for every PV guest it
 * builds (its RAM limit, read back by the guest's XENMEM_memory_map), here on
 * dom0 itself. Probes: with no map set, memory_map is -ENOSYS (Linux then
 * uses the machine map or nr_pages); a map of two entries set through
 * DOMID_SELF and by dom0's id comes back whole, or cut to the buffer's size;
 * 1024 entries are taken, 1025 are -EINVAL; an unknown domain is -ESRCH; a
 * bad entry buffer is -EFAULT (the old map kept); 0 entries take the map
 * away. The memory-sharing counts are 0 (no sharing); what PV guests lack
 * answers as on Xen 4.17: add_to_physmap(_batch) and remove_from_physmap
 * -EACCES, get_vnumainfo -EOPNOTSUPP, after -EFAULT and -ESRCH; so does
 * acquire_resource (-ESRCH, -EFAULT).
 */
#include "guest.h"

const char test_title[] = "memory_map: set_memory_map and memory_map, sharing counts";

struct e820 {
    uint64_t addr, size;
    uint32_t type;
} __attribute__((packed));

static struct e820 big[1025], got[4];

static bool same(const void *a, const void *b, size_t n)
{
    for ( size_t i = 0; i < n; i++ )
        if ( ((const uint8_t *)a)[i] != ((const uint8_t *)b)[i] )
            return false;
    return true;
}

static long set_map(domid_t dom, unsigned int nr, const void *entries)
{
    struct xen_foreign_memory_map f = {.domid = dom, .map = {.nr_entries = nr}};

    set_xen_guest_handle(f.map.buffer, (void *)entries);
    return hypervisor_memory_op(XENMEM_set_memory_map, &f);
}

static long get_map(unsigned int room, unsigned int *nr)
{
    struct xen_memory_map m = {.nr_entries = room};
    long rc;

    guest_memset(got, 0xee, sizeof(got));
    set_xen_guest_handle(m.buffer, got);
    rc = hypervisor_memory_op(XENMEM_memory_map, &m);
    *nr = m.nr_entries;
    return rc;
}

void test_main(void)
{
    static const struct e820 two[2] = {{0, 0x9f000, 1}, {0x100000, 0x3f00000, 1}};
    unsigned int nr = 99;

    check_rc("memory_map with none set", get_map(4, &nr), -XEN_ENOSYS);
    check_rc("set_memory_map of two entries (DOMID_SELF)", set_map(DOMID_SELF, 2, two), 0);
    if ( check_rc("memory_map", get_map(4, &nr), 0) )
        check_true("gives the two entries back",
                   nr == 2 && same(got, two, sizeof(two)) && ((const uint8_t *)got)[40] == 0xee);
    if ( check_rc("memory_map into room for one", get_map(1, &nr), 0) )
        check_true("gives the first only",
                   nr == 1 && same(got, two, sizeof(two[0])) && ((const uint8_t *)got)[20] == 0xee);
    check_rc("set_memory_map of 1025 entries", set_map(0, 1025, big), -XEN_EINVAL);
    check_rc("set_memory_map for a domain that does not exist", set_map(0x7000, 1, two),
             -XEN_ESRCH);
    check_rc("set_memory_map from the hypervisor's hole",
             set_map(0, 2, (const void *)HYPERVISOR_VIRT_START), -XEN_EFAULT);
    check_rc("set_memory_map with the argument unmapped",
             hypervisor_memory_op(XENMEM_set_memory_map, (void *)0x40000000UL), -XEN_EFAULT);
    if ( check_rc("the map after the faults", get_map(4, &nr), 0) )
        check_true("is the old one", nr == 2 && same(got, two, sizeof(two)));
    for ( unsigned int i = 0; i < 1024; i++ )
        big[i] = (struct e820){(uint64_t)i << 20, 1 << 20, 1};
    check_rc("set_memory_map of 1024 entries (dom0 by id)", set_map(0, 1024, big), 0);
    if ( check_rc("memory_map into room for four", get_map(4, &nr), 0) )
        check_true("gives the first four", nr == 4 && same(got, big, sizeof(got)));
    check_rc("set_memory_map of 0 entries", set_map(0, 0, NULL), 0);
    check_rc("takes the map away", get_map(4, &nr), -XEN_ENOSYS);
    {
        struct xen_add_to_physmap a = {.domid = DOMID_SELF, .space = XENMAPSPACE_gmfn, .gpfn = 5};
        uint64_t v[5] = {DOMID_SELF};

        check_rc("add_to_physmap for a PV guest", hypervisor_memory_op(XENMEM_add_to_physmap, &a),
                 -XEN_EACCES);
        check_rc("add_to_physmap_batch", hypervisor_memory_op(XENMEM_add_to_physmap_batch, v),
                 -XEN_EACCES);
        check_rc("remove_from_physmap", hypervisor_memory_op(XENMEM_remove_from_physmap, v),
                 -XEN_EACCES);
        check_rc("get_vnumainfo (no vNUMA)", hypervisor_memory_op(XENMEM_get_vnumainfo, v),
                 -XEN_EOPNOTSUPP);
        a.domid = 0x7000;
        check_rc("add_to_physmap for a domain that does not exist",
                 hypervisor_memory_op(XENMEM_add_to_physmap, &a), -XEN_ESRCH);
        v[0] = 0x7000;
        check_rc("get_vnumainfo of a domain that does not exist",
                 hypervisor_memory_op(XENMEM_get_vnumainfo, v), -XEN_ESRCH);
        check_rc("add_to_physmap from an unmapped pointer",
                 hypervisor_memory_op(XENMEM_add_to_physmap, (void *)0x40000000UL), -XEN_EFAULT);
        check_rc("get_vnumainfo from an unmapped pointer",
                 hypervisor_memory_op(XENMEM_get_vnumainfo, (void *)0x40000000UL), -XEN_EFAULT);
    }
    {
        /* Resources of an unknown domain, from a bad pointer (see also cpu_policy). */
        struct xen_mem_acquire_resource r = {.domid = 0x7000, .type = XENMEM_resource_grant_table};

        check_rc("acquire_resource of a domain that does not exist",
                 hypervisor_memory_op(XENMEM_acquire_resource, &r), -XEN_ESRCH);
        check_rc("acquire_resource from an unmapped pointer",
                 hypervisor_memory_op(XENMEM_acquire_resource, (void *)0x40000000UL), -XEN_EFAULT);
    }
    check_rc("XENMEM_get_sharing_freed_pages",
             hypervisor_memory_op(XENMEM_get_sharing_freed_pages, NULL), 0);
    check_rc("XENMEM_get_sharing_shared_pages",
             hypervisor_memory_op(XENMEM_get_sharing_shared_pages, NULL), 0);
}
