/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PAT a PV kernel finds: Linux reads MSR_IA32_CR_PAT (rdmsr, emulated)
 * to learn which PAT/PCD/PWT combination of its page-table entries means
 * write-combining. Probes: the layout is Xen's (WB WT UC- UC WC WP UC UC),
 * writing it faults (as on Xen 4.17, whatever the value), and a page mapped
 * with the PAT bit (WC) reads and writes like any other.
 */
#include "guest.h"

const char test_title[] = "MSR_IA32_CR_PAT: the layout and a write-combining mapping";

#define MSR_PAT   0x277
#define XEN_PAT   0x0000050100070406UL
#define PTE_PAT4K (1UL << 7)

/* rdmsr; a fault leaves its vector where the low half would be (never the PAT's low half). */
static uint64_t probe_rdmsr(uint32_t msr)
{
    uint64_t lo = (uint64_t)-1;
    uint32_t hi = 0;

    __asm__ volatile("1: rdmsr\n2:\n" GUEST_EXTABLE_ENTRY
                     : "+a"(lo), "+d"(hi)
                     : "c"(msr)
                     : "memory");
    return ((uint64_t)hi << 32) | (uint32_t)lo;
}

/* wrmsr: -1 if it completed, else the vector (which replaced %eax). */
static long probe_wrmsr(uint32_t msr, uint64_t val)
{
    long vec = (long)(uint32_t)val;
    long before = vec;

    __asm__ volatile("1: wrmsr\n2:\n" GUEST_EXTABLE_ENTRY
                     : "+a"(vec)
                     : "c"(msr), "d"((uint32_t)(val >> 32))
                     : "memory");
    return vec == before ? -1 : vec;
}

void test_main(void)
{
    volatile uint64_t *page = (volatile uint64_t *)spare_pages[4];
    uint64_t pat = 0, l1e = l1e_of((const void *)page);

    pat = probe_rdmsr(MSR_PAT);
    guest_printf("PAT %#lx\n", (unsigned long)pat);
    check_true("the PAT is WB WT UC- UC WC WP UC UC", pat == XEN_PAT);
    check_true("writing the PAT faults, even unchanged (the layout is the hypervisor's)",
               probe_wrmsr(MSR_PAT, XEN_PAT) == X86_EXC_GP);
    check_true("writing another PAT faults",
               probe_wrmsr(MSR_PAT, 0x0007040600070406UL) == X86_EXC_GP);
    pat = probe_rdmsr(MSR_PAT);
    check_true("the PAT is unchanged", pat == XEN_PAT);

    page[0] = 0x1234;
    if ( check_rc("mapping the page write-combining (PAT bit)",
                  hypervisor_update_va_mapping((unsigned long)page, l1e | PTE_PAT4K, UVMF_INVLPG),
                  0) )
    {
        check_true("it reads what was written", page[0] == 0x1234);
        page[1] = 0x5678;
        check_true("and writes", page[1] == 0x5678);
    }
    check_rc("back to write-back",
             hypervisor_update_va_mapping((unsigned long)page, l1e, UVMF_INVLPG), 0);
    check_true("the write through the WC mapping landed", page[1] == 0x5678);
}
