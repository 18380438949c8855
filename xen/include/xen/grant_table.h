/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant tables: what generic code (common/grant_table.c) needs from the
 * architecture to turn a grant into page references and host mappings. The
 * x86 PV side lives in arch/x86/pv/grant_map.c. Every hook returns a GNTST_*
 * status (GNTST_okay on success), as the grant operations report it.
 */
#ifndef XEN_GRANT_TABLE_H
#define XEN_GRANT_TABLE_H

#include <xen/mm.h>
#include <xen/types.h>

struct domain;
struct vcpu;

/**
 * Take a general reference on the frame a grant names (for a PV granter, the
 * grant entry's frame is a machine frame), checking that owner owns it, and a
 * writable type reference when writable. GNTST_bad_page if the frame is not
 * owner's, GNTST_general_error if it cannot be written (a page table, a
 * descriptor page). On success *mfn is the frame.
 */
int arch_grant_get_frame(struct domain *owner, unsigned long frame, bool writable, mfn_t *mfn);

/** Drop what arch_grant_get_frame() took. */
void arch_grant_put_frame(mfn_t mfn, bool writable);

/**
 * Map mfn (owned by owner) into v's page tables at addr, a virtual address,
 * or with GNTMAP_contains_pte the machine address of an L1 entry of v's
 * domain. flags are the GNTMAP_* of the request (readonly, application_map,
 * the guest's available bits). The new entry holds its own references on the
 * frame, dropped when the entry goes (by unmap, or by the guest overwriting
 * it). The entry replaced is returned in *old (0 if none): the caller passes
 * it to arch_grant_release_entry() after arch_grant_flush().
 * GNTST_general_error when addr has no L1 entry the caller may change (no
 * table there, the hypervisor's range, a table not v's) or the frame cannot
 * be mapped that way.
 */
int arch_grant_create_host_mapping(struct vcpu *v, uint64_t addr, mfn_t mfn, struct domain *owner,
                                   uint32_t flags, uint64_t *old);

/**
 * Remove the host mapping of mfn at addr (as for create) made with flags. The
 * entry must still map mfn with the grant's write permission, else
 * GNTST_general_error and nothing changes. With new_addr non-zero the entry
 * at new_addr moves to addr (and new_addr's entry is cleared): unmap_and_replace.
 * The removed entry is returned in *old, as for create: until it is released
 * (after the flush) it keeps its references on the frame.
 */
int arch_grant_replace_host_mapping(struct vcpu *v, uint64_t addr, mfn_t mfn, uint32_t flags,
                                    uint64_t new_addr, uint64_t *old);

/**
 * Flush every TLB that may still hold d's entries removed so far. Called with
 * no lock held and interrupts enabled (it may wait for other CPUs).
 */
void arch_grant_flush(struct domain *d);

/** Drop the references of an entry returned by create or replace (0: nothing). */
void arch_grant_release_entry(uint64_t old);

/**
 * d is dying: drop the pins its mappings hold on other domains' grants (the
 * frame references of host mappings go when d's page tables unwind) and free
 * its handles.
 */
void gnttab_release_mappings(struct domain *d);

/**
 * Free d's grant table (its shared frames, active entries and handles), once
 * d is torn down. false, freeing nothing, while someone still maps a frame.
 */
bool gnttab_destroy(struct domain *d);

#endif /* XEN_GRANT_TABLE_H */
