/* SPDX-License-Identifier: GPL-2.0-only */
/* x86 implementation of <xen/guest_access.h> for PV guests (see asm/guest_access.h). */
#include <asm/guest_access.h>
#include <xen/guest_access.h>

extern const unsigned long __start___ex_table[], __stop___ex_table[];

unsigned long copy_from_guest(void *dst, uint64_t guest_va, unsigned long n)
{
    return copy_from_guest_va(dst, guest_va, n);
}

unsigned long copy_to_guest(uint64_t guest_va, const void *src, unsigned long n)
{
    return copy_to_guest_va(guest_va, src, n);
}

bool guest_access_ok(uint64_t guest_va, unsigned long n)
{
    return guest_range_ok(guest_va, n);
}

unsigned long search_exception_table(unsigned long rip)
{
    for ( const unsigned long *e = __start___ex_table; e + 1 < __stop___ex_table; e += 2 )
        if ( e[0] == rip )
            return e[1];
    return 0;
}
