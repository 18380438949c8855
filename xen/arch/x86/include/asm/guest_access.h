/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reading and writing a PV guest's memory from a hypercall, through its own page
 * tables (which are live while it runs a hypercall). Every access is checked
 * against the guest's part of the address space and recovers from faults:
 * the result is the number of bytes NOT copied (0 on success).
 */
#ifndef ASM_X86_GUEST_ACCESS_H
#define ASM_X86_GUEST_ACCESS_H

#include <asm/config.h>
#include <xen/types.h>

/** True when [addr, addr + len) is canonical and outside the hypervisor's hole. */
static inline bool guest_range_ok(uint64_t addr, uint64_t len)
{
    uint64_t end = addr + len;

    if ( end < addr )
        return false;
    if ( len == 0 )
        return true;
    /* Lower canonical half, or the guest's part of the upper half. */
    if ( end <= (1ULL << 47) )
        return true;
    return addr >= HYPERVISOR_VIRT_END;
}

/* Raw copies with fault recovery (usercopy.S); return bytes not copied. */
unsigned long raw_copy_from_guest(void *dst, const void *src, unsigned long n);
unsigned long raw_copy_to_guest(void *dst, const void *src, unsigned long n);

static inline unsigned long copy_from_guest_va(void *dst, uint64_t src, unsigned long n)
{
    if ( !guest_range_ok(src, n) )
        return n;
    return raw_copy_from_guest(dst, (const void *)src, n);
}

static inline unsigned long copy_to_guest_va(uint64_t dst, const void *src, unsigned long n)
{
    if ( !guest_range_ok(dst, n) )
        return n;
    return raw_copy_to_guest((void *)dst, src, n);
}

/** Fixup lookup for the page-fault handler: the recovery address or 0. */
unsigned long search_exception_table(unsigned long rip);

#endif /* ASM_X86_GUEST_ACCESS_H */
