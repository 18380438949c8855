/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fake guest memory for host tests of hypercall code: a guest address is a
 * host pointer, and address 1 stands for an unmapped one (the copy fails).
 */
#include <stdint.h>
#include <string.h>

#include "fake/rename.h"
#include <xen/guest_access.h>

static void *guest_ptr(uint64_t guest_va)
{
    return guest_va == 1 ? NULL : (void *)(uintptr_t)guest_va;
}

unsigned long copy_from_guest(void *dst, uint64_t guest_va, unsigned long n)
{
    const void *src = guest_ptr(guest_va);

    return src ? (memcpy(dst, src, n), 0) : n;
}

unsigned long copy_to_guest(uint64_t guest_va, const void *src, unsigned long n)
{
    void *dst = guest_ptr(guest_va);

    return dst ? (memcpy(dst, src, n), 0) : n;
}

bool guest_access_ok(uint64_t guest_va, unsigned long n)
{
    return guest_va + n >= guest_va;
}
