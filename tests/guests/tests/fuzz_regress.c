/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the hypercall fuzzer (hcall_fuzz) found, one case each, kept as
 * regression tests; each names the seed and call that found it. Every case
 * must leave the hypervisor running and answer as Xen 4.17 does.
 */
#include "guest.h"

const char test_title[] = "hypercall fuzzer finds, kept as regression tests";

/*
 * seed=1, call 10000-odd: set_segment_base(SEGBASE_GS_USER_SEL, selector) with
 * a selector that is not in the GDT: loading it raised #GP inside the
 * hypervisor, which had no recovery for it (a panic). Xen loads the null
 * selector instead and returns 0.
 */
static void gs_user_sel(void)
{
    static const uint64_t sels[] = {0x9c3, 0xf7b, 0xfffb, 0x1234, 0xe02b};

    for ( unsigned int i = 0; i < sizeof(sels) / sizeof(sels[0]); i++ )
    {
        char what[64];

        guest_snprintf(what, sizeof(what), "SEGBASE_GS_USER_SEL %#lx", (unsigned long)sels[i]);
        check_rc(what, hypercall2(__HYPERVISOR_set_segment_base, SEGBASE_GS_USER_SEL, sels[i]), 0);
    }
    check_rc("SEGBASE_GS_USER_SEL 0", hypercall2(__HYPERVISOR_set_segment_base, 3, 0), 0);
}

/*
 * seed=1, call 19264: a page mapped at a frame beyond the machine's RAM
 * (max_ram_page + 1), then mapped back to its own frame.
 */
static void beyond_ram_and_back(void)
{
    uint8_t *page = spare_pages[1];
    uint64_t l1e = l1e_of(page);
    uint64_t top = (uint64_t)hypervisor_memory_op(XENMEM_maximum_ram_page, NULL);
    long rc;

    rc = hypervisor_update_va_mapping(
        (uint64_t)page, pte_make(top + 1, PTE_P | PTE_RW | PTE_A | PTE_D), UVMF_INVLPG);
    guest_printf("a frame beyond RAM (%#lx) mapped: %s\n", (unsigned long)(top + 1), rc_name(rc));
    check_rc("the page mapped back to its own frame",
             hypervisor_update_va_mapping((uint64_t)page, l1e, UVMF_INVLPG), 0);
    check_rc("and writable", probe_write(page, 1), -1);
}

/*
 * seeds 1-3, between calls 30000 and 40000: VCPUOP_set_periodic_timer with a
 * period so long that now + period overflows: the timer fired at once and
 * re-armed itself in the past for ever, and the hypervisor did nothing else.
 * Xen refuses a period beyond its largest time delta (-EINVAL).
 */
static void periodic_overflow(void)
{
    static const uint64_t periods[] = {0x8000000000000000ULL, ~0ULL, 0x7fffffffffffffffULL,
                                       0x4000000000000000ULL};
    uint64_t t0 = guest_system_time();

    for ( unsigned int i = 0; i < sizeof(periods) / sizeof(periods[0]); i++ )
    {
        struct vcpu_set_periodic_timer t = {.period_ns = periods[i]};
        char what[64];

        guest_snprintf(what, sizeof(what), "a periodic timer of %#lx ns",
                       (unsigned long)periods[i]);
        check_rc(what, hypervisor_vcpu_op(VCPUOP_set_periodic_timer, 0, &t), -XEN_EINVAL);
        hypervisor_sched_op(SCHEDOP_yield, NULL);
    }
    check_rc("the periodic timer stopped", hypervisor_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL),
             0);
    check_true("time goes on", guest_system_time() > t0);
}

/*
 * A bug of the fuzzer's own, seed 1, call 1351074 on ours: a grant op's list
 * at a low address of its own with a count of 0x133168 ran up into its image,
 * every entry's status written back, one every 24 bytes over its code and
 * stack; it crashed itself ("cannot write a bounce frame"). That is what a
 * hypervisor must do (Xen 4.17 too): each entry is answered in place until the
 * list reaches a page that is not mapped, and then the call fails -EFAULT.
 * The fuzzer now keeps its first MiB unmapped.
 */
static void grant_list_runs_on(void)
{
    uint8_t *next = spare_pages[6];
    uint64_t next_l1e = l1e_of(next);
    struct gnttab_unmap_and_replace *u = (void *)(next - 3 * sizeof(*u));
    long rc;

    if ( !check_rc("the page after the list unmapped",
                   hypervisor_update_va_mapping((uint64_t)next, 0, UVMF_INVLPG), 0) )
        return;
    for ( unsigned int i = 0; i < 3; i++ )
    {
        u[i].host_addr = (uint64_t)spare_pages[4];
        u[i].new_addr = 0;
        u[i].handle = 0x7fff0000u + i;
        u[i].status = 0x5a5a;
        u[i]._pad0 = 0xa5a5;
    }
    rc = hypercall3(__HYPERVISOR_grant_table_op, GNTTABOP_unmap_and_replace, (uint64_t)u, 0x133168);
    check_rc("unmap_and_replace, a list that runs into an unmapped page", rc, -XEN_EFAULT);
    for ( unsigned int i = 0; i < 3; i++ )
    {
        char what[64];

        guest_snprintf(what, sizeof(what), "entry %u answered GNTST_bad_handle", i);
        check_rc(what, u[i].status, GNTST_bad_handle);
        check_true("and nothing else of it changed",
                   u[i].host_addr == (uint64_t)spare_pages[4] && u[i].new_addr == 0 &&
                       u[i].handle == 0x7fff0000u + i && u[i]._pad0 == 0xa5a5);
    }
    check_rc("the page after it mapped back",
             hypervisor_update_va_mapping((uint64_t)next, next_l1e, UVMF_INVLPG), 0);
}

void test_main(void)
{
    periodic_overflow();
    gs_user_sel();
    beyond_ram_and_back();
    grant_list_runs_on();
}
