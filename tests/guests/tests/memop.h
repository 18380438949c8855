/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers shared by the memory_op reservation and exchange tests: the calls
 * themselves, frames of our own that nothing maps, and a window to look into
 * a frame by its machine number.
 */
#ifndef GUEST_TESTS_MEMOP_H
#define GUEST_TESTS_MEMOP_H

#include "guest.h"

/* increase/decrease_reservation or populate_physmap on `list`. */
static inline long memop_resv(unsigned int cmd, xen_pfn_t *list, unsigned long nr,
                              unsigned int order, unsigned int flags, domid_t domid)
{
    struct xen_memory_reservation r = {
        .nr_extents = nr, .extent_order = order, .mem_flags = flags, .domid = domid};

    set_xen_guest_handle(r.extent_start, list);
    return hypervisor_memory_op(cmd, &r);
}

/* Our current reservation, in pages. */
static inline long memop_current(void)
{
    domid_t self = DOMID_SELF;

    return hypervisor_memory_op(XENMEM_current_reservation, &self);
}

/*
 * Frame i counted from the top of our memory: the initial mapping covers only
 * the image's first MBs, so these frames are ours, unmapped and untyped.
 */
static inline uint64_t memop_free_frame(unsigned int i)
{
    return pfn_to_mfn(start_info->nr_pages - 1 - i);
}

/* Whether the top frames are far enough above the initial mapping (64 MiB of dom0). */
static inline bool memop_have_free_frames(void)
{
    return start_info->nr_pages >= 8192;
}

/* The window: spare page 7's address, mapped to another frame. */
#define MEMOP_WINDOW ((volatile uint8_t *)spare_pages[7])

static uint64_t memop_window_l1e;

/* Map machine frame mfn at the window (writable if rw); the hypercall's result. */
static inline long memop_map(uint64_t mfn, bool rw)
{
    if ( !memop_window_l1e )
        memop_window_l1e = l1e_of(spare_pages[7]);
    return hypervisor_update_va_mapping((unsigned long)spare_pages[7],
                                        pte_make(mfn, PTE_P | PTE_A | PTE_D | (rw ? PTE_RW : 0)),
                                        UVMF_INVLPG);
}

/* Put the window's own page back. */
static inline long memop_unmap(void)
{
    return hypervisor_update_va_mapping((unsigned long)spare_pages[7], memop_window_l1e,
                                        UVMF_INVLPG);
}

/* Whether frame mfn holds only zeroes (maps it at the window and back). */
static inline bool memop_frame_is_zero(uint64_t mfn)
{
    bool zero = true;

    if ( memop_map(mfn, false) )
        return false;
    for ( unsigned int i = 0; i < PAGE_SIZE && zero; i++ )
        zero = MEMOP_WINDOW[i] == 0;
    memop_unmap();
    return zero;
}

/* Fill frame mfn with byte v through the window. */
static inline long memop_fill(uint64_t mfn, uint8_t v)
{
    long rc = memop_map(mfn, true);

    if ( rc )
        return rc;
    for ( unsigned int i = 0; i < PAGE_SIZE; i++ )
        MEMOP_WINDOW[i] = v;
    return memop_unmap();
}

static inline long memop_pin_l1(uint64_t mfn, bool pin)
{
    struct mmuext_op op = {.cmd = pin ? MMUEXT_PIN_L1_TABLE : MMUEXT_UNPIN_TABLE, .arg1.mfn = mfn};

    return hypervisor_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

#endif /* GUEST_TESTS_MEMOP_H */
