/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * MMIO the hypervisor drives stays its own: dom0 may map the IO-APIC's
 * registers (QEMU's, at 0xfec00000), but the mapping is made read-only
 * whatever it asks (update_va_mapping and mmu_update alike), and its plain,
 * naturally aligned stores there are dropped without a fault, as Xen 4.17
 * does (its mmio_ro_ranges); other writes are the guest's page fault. Before, our dom0 could write
 * IOREGSEL between the hypervisor's select and its window access, and so corrupt its IO-APIC
 * programming. The local APIC's page is not dom0's at all (-EPERM).
 */
#include "guest.h"

const char test_title[] = "read-only MMIO: the IO-APIC is mapped read-only, stores dropped";

#define IOAPIC_MFN 0xfec00UL
#define LAPIC_MFN  0xfee00UL
#define IOREGSEL   0 /* dword index of the register select */
#define IOWIN      4 /* dword index of the data window */

/* Store dword v at p: the vector if it faults, else -1. */
#define probe_write32(ptr, val) \
    probe_insn("movl %[v], (%[p])", [p] "r"(ptr), [v] "r"((uint32_t)(val)))

/* Store an immediate qword at p (mov $imm32, m64): the vector if it faults, else -1. */
#define probe_write64_imm(ptr) probe_insn("movq $0x12345678, (%[p])", [p] "r"(ptr))

/* Add to the dword at p (a read-modify-write, not a plain store): the vector if it faults. */
#define probe_add32(ptr) probe_insn("addl $1, (%[p])", [p] "r"(ptr))

void test_main(void)
{
    volatile uint32_t *io = (volatile uint32_t *)spare_pages[7];
    uint64_t pte, want = PTE_P | PTE_RW | PTE_NX | 0x18 /* PCD PWT */;
    struct mmu_update mu;
    uint32_t sel;
    long rc;

    rc = hypervisor_update_va_mapping((unsigned long)io, pte_make(IOAPIC_MFN, want), UVMF_INVLPG);
    if ( !check_rc("update_va_mapping of the IO-APIC page, writable", rc, 0) )
        return;
    pte = l1e_of((void *)io);
    check_true("the entry maps the IO-APIC", pte_mfn(pte) == IOAPIC_MFN);
    check_true("the entry is read-only", !(pte & PTE_RW));
    sel = io[IOREGSEL];
    guest_printf("IOREGSEL %#x, IOWIN %#x\n", sel, io[IOWIN]);
    check_rc("a dword store to IOREGSEL does not fault", probe_write32(&io[IOREGSEL], sel ^ 1), -1);
    check_true("... and IOREGSEL is unchanged", io[IOREGSEL] == sel);
    check_rc("a byte store does not fault", probe_write(&io[IOREGSEL], (uint8_t)(sel ^ 2)), -1);
    check_true("... and IOREGSEL is unchanged", io[IOREGSEL] == sel);
    check_rc("a qword store of an immediate does not fault",
             probe_write64_imm((volatile uint64_t *)&io[IOWIN]), -1);
    check_true("... and IOREGSEL is unchanged", io[IOREGSEL] == sel);
    check_rc("a misaligned dword store is the guest's page fault",
             probe_write32((volatile uint32_t *)((volatile uint8_t *)io + 2), 0), X86_EXC_PF);
    check_rc("so is a read-modify-write (addl)", probe_add32(&io[IOREGSEL]), X86_EXC_PF);
    check_true("IOREGSEL is unchanged at the end", io[IOREGSEL] == sel);

    /* mmu_update makes the same entry read-only too. */
    check_rc("unmapping it", hypervisor_update_va_mapping((unsigned long)io, 0, UVMF_INVLPG), 0);
    mu.ptr = pte_maddr((void *)io, 1) | MMU_NORMAL_PT_UPDATE;
    mu.val = pte_make(IOAPIC_MFN, want);
    check_rc("mmu_update of the IO-APIC page, writable",
             hypervisor_mmu_update(&mu, 1, NULL, DOMID_SELF), 0);
    check_true("the entry is read-only", !(l1e_of((void *)io) & PTE_RW));
    check_rc("a read-only mapping of it",
             hypervisor_update_va_mapping((unsigned long)io, pte_make(IOAPIC_MFN, want & ~PTE_RW),
                                          UVMF_INVLPG),
             0);
    check_rc(
        "the local APIC's page is not dom0's",
        hypervisor_update_va_mapping((unsigned long)io, pte_make(LAPIC_MFN, want), UVMF_INVLPG),
        -XEN_EPERM);
    check_rc("unmapping it", hypervisor_update_va_mapping((unsigned long)io, 0, UVMF_INVLPG), 0);
}
