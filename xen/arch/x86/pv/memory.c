/* SPDX-License-Identifier: GPL-2.0-only */
/* memory_op sub-ops that are x86/PV-specific: the M2P's place, the memory map. */
#include <asm/config.h>
#include <public/memory.h>
#include <public/xen.h>
#include <xen/bootinfo.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/string.h>

#define E820_ENTRY_SIZE 20

/** What the loader said, kept by setup.c. */
extern const struct boot_info *xen_boot_info;

long arch_memory_op(unsigned long cmd, uint64_t arg);

long arch_memory_op(unsigned long cmd, uint64_t arg)
{
    struct domain *d = current->domain;

    switch ( cmd & 0x3f )
    {
    case XENMEM_machphys_mapping:
    {
        struct xen_machphys_mapping m = {
            .v_start = RO_MPT_VIRT_START,
            .v_end = RO_MPT_VIRT_END,
            .max_mfn = (RO_MPT_VIRT_END - RO_MPT_VIRT_START) / sizeof(unsigned long) - 1,
        };

        return copy_to_guest(arg, &m, sizeof(m)) ? -EFAULT : 0;
    }
    case XENMEM_memory_map:
    {
        /* No map was set for this domain (no toolstack yet): as Xen, -ENOSYS. */
        struct xen_memory_map map;

        if ( copy_from_guest(&map, arg, sizeof(map)) )
            return -EFAULT;
        return -ENOSYS;
    }
    case XENMEM_machine_memory_map:
    {
        /* The host's e820 map, for the hardware domain. */
        struct xen_memory_map map;
        unsigned int n = 0;

        if ( !d->is_privileged )
            return -EPERM;
        if ( copy_from_guest(&map, arg, sizeof(map)) )
            return -EFAULT;
        for ( ; n < xen_boot_info->nr_memranges && n < map.nr_entries; n++ )
        {
            const struct boot_memrange *r = &xen_boot_info->memranges[n];
            uint8_t entry[E820_ENTRY_SIZE];

            memcpy(entry, &r->base, 8);
            memcpy(entry + 8, &r->size, 8);
            memcpy(entry + 16, &r->type, 4);
            if ( copy_to_guest(guest_handle_va(map.buffer) + n * E820_ENTRY_SIZE, entry,
                               sizeof(entry)) )
                return -EFAULT;
        }
        map.nr_entries = n;
        return copy_to_guest(arg, &map, sizeof(map)) ? -EFAULT : 0;
    }
    default:
        return -ENOSYS;
    }
}
