/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest's own GDT, as every PV Linux CPU installs one: set_gdt with a
 * frame list, update_descriptor for single entries, and the type rules
 * behind them. Probes: a descriptor page must not be writable-mapped to
 * become a GDT, a data selector from our GDT loads into %es, one past the
 * table faults (#GP), update_descriptor writes a checked entry, a writable
 * mapping of the live GDT frame is refused, a table reaching into the
 * hypervisor's reserved entries is refused, and the table can be dropped and
 * the page made writable again. Errnos as Xen 4.17 gives them.
 */
#include "guest.h"

const char test_title[] = "set_gdt and update_descriptor: the guest's own GDT";

/* A flat 4GB data segment, DPL 3 (a PV kernel runs in ring 3). */
#define DESC_DATA_DPL3 0x00cff2000000ffffUL
/* A 64-bit code segment with DPL 0: not allowed to a ring-3 kernel. */
#define DESC_CODE_DPL0 0x00af9a000000ffffUL

static long set_gdt(const xen_pfn_t *frames, unsigned long entries)
{
    return hypercall2(__HYPERVISOR_set_gdt, (unsigned long)frames, entries);
}

static long load_es(uint16_t sel)
{
    return probe_load_seg("es", sel);
}

void test_main(void)
{
    uint64_t *gdt = (uint64_t *)spare_pages[6];
    uint64_t l1e = l1e_of(gdt);
    xen_pfn_t frame = virt_to_mfn(gdt);
    long rc;

    guest_memset(gdt, 0, PAGE_SIZE);
    gdt[1] = DESC_DATA_DPL3;
    check_rc("set_gdt with the page still writable", set_gdt(&frame, 16), -XEN_EINVAL);
    if ( !check_rc("making the page read-only",
                   hypervisor_update_va_mapping((unsigned long)gdt, l1e & ~PTE_RW, UVMF_INVLPG),
                   0) )
        return;
    check_rc("set_gdt reaching into the reserved entries",
             set_gdt(&frame, FIRST_RESERVED_GDT_ENTRY + 1), -XEN_EINVAL);
    if ( !check_rc("set_gdt of 16 entries", set_gdt(&frame, 16), 0) )
        return;

    check_rc("loading selector 0x0b (entry 1, RPL 3) into %es", load_es(0x0b), -1);
    check_rc("loading a selector past the table", load_es(16 * 8 + 3), X86_EXC_GP);
    check_rc(
        "update_descriptor of entry 2",
        hypercall2(__HYPERVISOR_update_descriptor, (frame << PAGE_SHIFT) + 2 * 8, DESC_DATA_DPL3),
        0);
    check_true("the entry reads back", gdt[2] == DESC_DATA_DPL3);
    check_rc("entry 2 loads", load_es(0x13), -1);
    rc = hypercall2(__HYPERVISOR_update_descriptor, (frame << PAGE_SHIFT) + 3 * 8, DESC_CODE_DPL0);
    guest_printf("update_descriptor of a DPL 0 code segment: %s, entry now %#lx\n", rc_name(rc),
                 (unsigned long)gdt[3]);
    check_true("a DPL 0 code segment is refused or raised to DPL 3",
               rc == -XEN_EINVAL || (rc == 0 && ((gdt[3] >> 45) & 3) == 3));
    check_rc("update_descriptor at a misaligned address",
             hypercall2(__HYPERVISOR_update_descriptor, (frame << PAGE_SHIFT) + 4 * 8 + 4, 0),
             -XEN_EINVAL);
    check_rc("a writable mapping of the live GDT frame",
             hypervisor_update_va_mapping((unsigned long)spare_pages[7],
                                          pte_make(frame, PTE_P | PTE_RW), UVMF_INVLPG),
             -XEN_EBUSY);

    check_rc("%es back to the null selector", load_es(0), -1);
    check_rc("set_gdt of an empty table", set_gdt(&frame, 0), 0);
    check_rc("the page can be writable again",
             hypervisor_update_va_mapping((unsigned long)gdt, l1e, UVMF_INVLPG), 0);
    check_rc("set_gdt from an unmapped frame list", set_gdt((void *)0x40000000UL, 16), -XEN_EFAULT);
}
