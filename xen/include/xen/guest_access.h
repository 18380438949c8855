/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copying to and from the running guest's memory in a hypercall. The address
 * is a guest virtual address; ranges outside the guest's part of the address
 * space and faults both fail. Each returns the bytes not copied (0: success).
 */
#ifndef XEN_GUEST_ACCESS_H
#define XEN_GUEST_ACCESS_H

#include <xen/types.h>

unsigned long copy_from_guest(void *dst, uint64_t guest_va, unsigned long n);
unsigned long copy_to_guest(uint64_t guest_va, const void *src, unsigned long n);

/** Whether [guest_va, guest_va + n) lies in the guest's part of the address space. */
bool guest_access_ok(uint64_t guest_va, unsigned long n);

/** The address a guest handle carries (handles are structs holding a pointer). */
#define guest_handle_va(h) ((uint64_t)(uintptr_t)(h).p)

#endif /* XEN_GUEST_ACCESS_H */
