/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Long hypercalls are one call to the guest, however the hypervisor splits
 * them: mmu_update and mmuext_op of 5000 entries complete with 5000 done (the
 * hypervisor continues them past its batch), a failure at entry 4500 stops
 * there with 4500 done, a count marked preempted resumes from the done count
 * the guest's pdone holds (how a continuation comes back), and a memory_op of
 * 5000 pages inside a multicall completes with its entry's result 5000 while
 * the entries around it run once. (Before: ours refused batches over 4096,
 * and a continuation requested inside a multicall restarted the multicall
 * with the inner call's arguments.)
 */
#include "memop.h"

const char test_title[] = "continuations: long mmu_update, mmuext_op and memory_op in a multicall";

#define N              5000
#define MMU_PREEMPTED  0x80000000u
#define HC_MULTICALL   13
#define HC_MEMORY_OP   12
#define HC_XEN_VERSION 17

static struct mmu_update reqs[N];
static struct mmuext_op ops[N];
static xen_pfn_t frames[N];
static multicall_entry_t mc[3];

/* N updates that each rewrite spare page 3's own L1 entry with its value: no change. */
static void fill_noop_updates(void)
{
    uint64_t ptr = pte_maddr(spare_pages[3], 1), val = l1e_of(spare_pages[3]);

    for ( unsigned int i = 0; i < N; i++ )
        reqs[i] = (struct mmu_update){.ptr = ptr | MMU_NORMAL_PT_UPDATE, .val = val};
}

static void long_mmu_update(void)
{
    unsigned int done = 0;

    fill_noop_updates();
    check_rc("mmu_update of 5000 entries", hypervisor_mmu_update(reqs, N, &done, DOMID_SELF), 0);
    check_true("5000 done", done == N);

    /* Entry 4500 names frame 0, not ours: the batch stops there. */
    reqs[4500].ptr = MMU_NORMAL_PT_UPDATE;
    done = 0;
    check_rc("mmu_update of 5000 with a bad entry 4500",
             hypervisor_mmu_update(reqs, N, &done, DOMID_SELF), -XEN_EINVAL);
    guest_printf("done %u\n", done);
    check_true("4500 done", done == 4500);

    fill_noop_updates();
    done = 7;
    check_rc("mmu_update of 2 marked preempted, 7 done before",
             hypervisor_mmu_update(reqs, 2 | MMU_PREEMPTED, &done, DOMID_SELF), 0);
    check_true("9 done in all", done == 9);
    check_true("spare page 3 still mapped as it was", l1e_of(spare_pages[3]) == reqs[0].val);
}

static void long_mmuext_op(void)
{
    unsigned int done = 0;

    for ( unsigned int i = 0; i < N; i++ )
        ops[i] = (struct mmuext_op){.cmd = MMUEXT_TLB_FLUSH_LOCAL};
    check_rc("mmuext_op of 5000 local flushes", hypervisor_mmuext_op(ops, N, &done, DOMID_SELF), 0);
    check_true("5000 done", done == N);
    ops[4500].cmd = 99;
    done = 0;
    check_rc("mmuext_op of 5000 with a bad entry 4500",
             hypervisor_mmuext_op(ops, N, &done, DOMID_SELF), -XEN_ENOSYS);
    check_true("4500 done", done == 4500);
}

static void memory_op_in_multicall(void)
{
    struct xen_memory_reservation r = {.nr_extents = N, .domid = DOMID_SELF};
    long before = memop_current(), rc;

    set_xen_guest_handle(r.extent_start, frames);
    mc[0] = (multicall_entry_t){.op = HC_XEN_VERSION, .args = {XENVER_version, 0}};
    mc[1] = (multicall_entry_t){.op = HC_MEMORY_OP,
                                .args = {XENMEM_increase_reservation, (unsigned long)&r}};
    mc[2] = (multicall_entry_t){.op = HC_XEN_VERSION, .args = {XENVER_version, 0}};
    mc[0].result = mc[2].result = 12345;
    rc = hypercall2(HC_MULTICALL, (unsigned long)mc, 3);
    guest_printf("multicall %s, results %ld %ld %ld\n", rc_name(rc), (long)mc[0].result,
                 (long)mc[1].result, (long)mc[2].result);
    check_rc("a multicall with increase_reservation of 5000 pages", rc, 0);
    check_true("the memory_op entry says 5000", mc[1].result == N);
    check_true("the entries around it ran", mc[0].result != 12345 && mc[2].result == mc[0].result);
    check_true("the reservation grew by 5000", memop_current() == before + N);
    check_true("every frame written", frames[0] && frames[2500] && frames[N - 1]);
    check_rc("all given back", memop_resv(XENMEM_decrease_reservation, frames, N, 0, 0, DOMID_SELF),
             N);
    check_true("the reservation is back", memop_current() == before);
}

void test_main(void)
{
    long_mmu_update();
    long_mmuext_op();
    memory_op_in_multicall();
}
