/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Memory helpers: frame-number translations through the P2M list and the
 * read-only M2P table, and walks of the current page tables. The image is
 * loaded with VIRT_BASE 0, so a frame of the initial mapping with guest pfn
 * p sits at virtual address p << 12.
 */
#include "guest.h"

uint8_t spare_pages[NR_SPARE_PAGES][4096] __attribute__((aligned(4096)));

uint64_t pfn_to_mfn(uint64_t pfn)
{
    return ((const xen_pfn_t *)start_info->mfn_list)[pfn];
}

uint64_t mfn_to_pfn(uint64_t mfn)
{
    return ((const volatile unsigned long *)MACH2PHYS_VIRT_START)[mfn];
}

uint64_t virt_to_mfn(const void *va)
{
    return pfn_to_mfn((unsigned long)va >> PAGE_SHIFT);
}

void *mfn_to_virt(uint64_t mfn)
{
    return (void *)(mfn_to_pfn(mfn) << PAGE_SHIFT);
}

uint64_t l4_mfn(void)
{
    return virt_to_mfn((const void *)start_info->pt_base);
}

uint64_t pte_maddr(const void *va, unsigned int level)
{
    unsigned long v = (unsigned long)va;
    uint64_t table_mfn = l4_mfn();
    unsigned int l;

    for ( l = 4;; l-- )
    {
        unsigned int idx = (v >> (PAGE_SHIFT + 9 * (l - 1))) & 511;
        const uint64_t *table = mfn_to_virt(table_mfn);

        if ( l == level )
            return (table_mfn << PAGE_SHIFT) + idx * 8;
        if ( !(table[idx] & PTE_P) || (table[idx] & PTE_PSE) )
            return 0;
        table_mfn = pte_mfn(table[idx]);
    }
}

uint64_t l1e_of(const void *va)
{
    uint64_t maddr = pte_maddr(va, 1);

    if ( !maddr )
        return 0;
    return ((const uint64_t *)mfn_to_virt(maddr >> PAGE_SHIFT))[(maddr & 4095) / 8];
}

uint64_t guest_system_time(void)
{
    const volatile struct vcpu_time_info *t = &shared_info->vcpu_info[0].time;
    uint32_t version, mul;
    uint64_t tsc, stamp, sys, delta;
    int8_t shift;
    uint32_t lo, hi;

    do
    {
        version = t->version;
        __asm__ volatile("" ::: "memory");
        stamp = t->tsc_timestamp;
        sys = t->system_time;
        mul = t->tsc_to_system_mul;
        shift = t->tsc_shift;
        __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
        __asm__ volatile("" ::: "memory");
    } while ( (version & 1) || version != t->version );
    tsc = ((uint64_t)hi << 32) | lo;
    delta = tsc - stamp;
    if ( shift < 0 )
        delta >>= -shift;
    else
        delta <<= shift;
    return sys + (uint64_t)(((unsigned __int128)delta * mul) >> 32);
}

uint64_t guest_tsc_khz(void)
{
    const volatile struct vcpu_time_info *t = &shared_info->vcpu_info[0].time;
    /* ns = ((tsc << shift) * mul) >> 32, so 1 ms is (2^32 * 1e6 / mul) >> shift ticks. */
    uint64_t khz = ((unsigned __int128)1000000 << 32) / t->tsc_to_system_mul;

    return t->tsc_shift < 0 ? khz << -t->tsc_shift : khz >> t->tsc_shift;
}
