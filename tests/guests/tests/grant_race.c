/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant map/unmap races (the class of Xen's XSA-218/224/230 bugs): two vCPUs
 * unmap the same handle at once, round after round, while the granter side
 * keeps revoking and re-granting the entry the way a v1 granter does (a
 * compare-and-exchange of the flags that fails while GTF_reading/GTF_writing
 * are set). Exactly one of the two unmaps of a handle succeeds, the other gets
 * GNTST_bad_handle or GNTST_general_error; a map made while the grant is
 * revoked fails; at the end the flags are clear and the frame holds no
 * reference from a mapping (it can be pinned as a page table), and the
 * hypervisor is still there.
 * run-guest: --smp 2 -- dom0_max_vcpus=2
 */
#include "gnttab.h"

const char test_title[] = "grant table races: concurrent unmaps, revocation while mapping";

#define REF    8
#define ROUNDS 300

static uint8_t *const page_a = spare_pages[0];
static uint8_t *const va = spare_pages[2];

static uint8_t ap_stack[4096] __attribute__((aligned(4096)));

/* Round protocol: vCPU 0 publishes a handle for round r; both unmap it. */
static volatile uint32_t round_go, round_done;
static volatile grant_handle_t round_handle;
static volatile int16_t ap_status[ROUNDS + 1];
static volatile bool ap_quit;

static int unmap_va(grant_handle_t h)
{
    struct gnttab_unmap_grant_ref u = {.host_addr = (uint64_t)va, .handle = h};

    if ( gnttab_op(GNTTABOP_unmap_grant_ref, &u, 1) )
        return 1; /* not a GNTST value: counted as a failure */
    return u.status;
}

static void __attribute__((noreturn)) ap_main(void)
{
    uint32_t seen = 0;

    while ( !ap_quit )
    {
        uint32_t r = round_go;

        if ( r == seen )
            continue;
        ap_status[r] = (int16_t)unmap_va(round_handle);
        seen = r;
        __atomic_store_n(&round_done, r, __ATOMIC_SEQ_CST);
    }
    for ( ;; )
        hypervisor_vcpu_op(VCPUOP_down, 1, NULL);
}

static bool start_ap(void)
{
    return check_rc("vCPU 1 started", vcpu_start(1, ap_main, ap_stack + sizeof(ap_stack)), 0);
}

/* The granter's revocation: succeeds only while nobody uses the grant. */
static bool revoke(void)
{
    uint16_t want = GTF_permit_access;

    return __atomic_compare_exchange_n(&GT_VA[REF].flags, &want, 0, false, __ATOMIC_SEQ_CST,
                                       __ATOMIC_SEQ_CST);
}

static void mmuext1(unsigned int cmd, uint64_t mfn, const char *what, long want)
{
    struct mmuext_op op = {.cmd = cmd, .arg1.mfn = mfn};

    check_rc(what, hypervisor_mmuext_op(&op, 1, NULL, DOMID_SELF), want);
}

void test_main(void)
{
    uint64_t va_l1e = l1e_of(va), a_l1e = l1e_of(page_a), a_mfn = virt_to_mfn(page_a);
    unsigned int both_ok = 0, none_ok = 0, revoked_while_mapped = 0, map_after_revoke = 0;
    unsigned int mapped = 0;

    if ( !gt_setup() || !start_ap() )
        return;
    gt_grant(REF, SELF_DOMID, a_mfn, 0);

    for ( uint32_t r = 1; r <= ROUNDS; r++ )
    {
        struct gnttab_map_grant_ref m = {
            .host_addr = (uint64_t)va, .flags = GNTMAP_host_map, .ref = REF, .dom = SELF_DOMID};
        int mine;
        uint64_t end;

        if ( r % 3 == 0 && revoke() )
        {
            /* Revoked: a map must fail now; then grant again. */
            gnttab_op(GNTTABOP_map_grant_ref, &m, 1);
            map_after_revoke += m.status == GNTST_okay;
            gt_grant(REF, SELF_DOMID, a_mfn, 0);
        }
        gnttab_op(GNTTABOP_map_grant_ref, &m, 1);
        if ( m.status != GNTST_okay )
            continue;
        mapped++;
        revoked_while_mapped += revoke();
        round_handle = m.handle;
        __atomic_store_n(&round_go, r, __ATOMIC_SEQ_CST);
        mine = unmap_va(m.handle);
        end = guest_system_time() + 5000000000ULL;
        while ( __atomic_load_n(&round_done, __ATOMIC_SEQ_CST) != r && guest_system_time() < end )
            ;
        if ( round_done != r )
            test_abort("vCPU 1 stopped answering in round %u", r);
        both_ok += mine == GNTST_okay && ap_status[r] == GNTST_okay;
        none_ok += mine != GNTST_okay && ap_status[r] != GNTST_okay;
        if ( mine != GNTST_okay && mine != GNTST_bad_handle && mine != GNTST_general_error )
            test_fail("round %u: vCPU 0's unmap: status %d", r, mine);
        if ( ap_status[r] != GNTST_okay && ap_status[r] != GNTST_bad_handle &&
             ap_status[r] != GNTST_general_error )
            test_fail("round %u: vCPU 1's unmap: status %d", r, ap_status[r]);
    }
    ap_quit = true;
    guest_printf("%u rounds mapped, %u double unmaps, %u lost unmaps\n", mapped, both_ok, none_ok);
    check_true("most rounds mapped", mapped >= ROUNDS / 2);
    check_true("no handle was unmapped twice", both_ok == 0);
    check_true("every handle was unmapped once", none_ok == 0);
    check_true("no revocation while mapped", revoked_while_mapped == 0);
    check_true("no map of a revoked grant", map_after_revoke == 0);
    check_true("the flags are clear", (gt_flags(REF) & (GTF_reading | GTF_writing)) == 0);

    /* No mapping's reference is left: the frame can become a page table. */
    check_rc("va mapped back", hypervisor_update_va_mapping((uint64_t)va, va_l1e, UVMF_INVLPG), 0);
    check_rc("the frame's own mapping made read-only",
             hypervisor_update_va_mapping((uint64_t)page_a, a_l1e & ~PTE_RW, UVMF_INVLPG), 0);
    guest_memset(va, 0, 0); /* nothing: keeps va in use for the compiler */
    mmuext1(MMUEXT_PIN_L1_TABLE, a_mfn, "the frame pinned as an L1 table", 0);
    mmuext1(MMUEXT_UNPIN_TABLE, a_mfn, "and unpinned", 0);
    check_rc("its mapping made writable again",
             hypervisor_update_va_mapping((uint64_t)page_a, a_l1e, UVMF_INVLPG), 0);
    gt_teardown();
}
