/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Stale TLB entries across vCPUs (the class of Xen's per-page TLB-flush
 * timestamps): vCPU 1 keeps writing page P through a writable mapping, so
 * its translation is cached; vCPU 0 then removes that mapping (a direct write
 * into its L1 table, which the hypervisor emulates, or an mmu_update) and
 * makes P something the guest must never write: a pinned L1 table, a GDT
 * frame, or a frame given back and handed out again by increase_reservation.
 * Then vCPU 1 writes through its old translation. The hypervisor must have
 * flushed vCPU 1's TLB before P changed its role: the write faults and P is
 * unchanged. A write that lands would have put an unvalidated entry into a
 * page table (here a writable self-map of the L1, which an emulated write
 * refuses), a descriptor into a GDT, or data into a frame that had left the
 * domain. The strikes are made harmless (the L1 is never hooked in, the
 * descriptor never loaded) so a failing hypervisor still reports.
 * run-guest: --smp 2 -- dom0_max_vcpus=2
 */
#include "memop.h"

const char test_title[] = "stale TLB entries: a page's role changes while another vCPU caches it";

enum { CMD_NONE, CMD_HEAT, CMD_REST, CMD_STRIKE, CMD_QUIT };

static uint8_t ap_stack[4096] __attribute__((aligned(4096)));

/* vCPU 0 posts a command and waits for vCPU 1 to acknowledge its sequence number. */
static volatile uint32_t cmd, cmd_seq, ack_seq;
static volatile uint8_t *volatile ap_page;
static volatile unsigned int strike_off;
static volatile uint8_t strike_val;
static volatile long strike_vec;
static volatile uint64_t heat_count;

static uint8_t *const page = spare_pages[3]; /* P for the pin and GDT rounds */
#define window MEMOP_WINDOW                  /* where a top frame is mapped (spare page 7) */

static void __attribute__((noreturn)) ap_main(void)
{
    uint32_t seen = 0;

    traps_install(); /* the trap table is per vCPU */
    for ( ;; )
    {
        uint32_t s = cmd_seq;

        if ( cmd == CMD_HEAT )
        {
            /* A write of 0 keeps P as it is while the translation stays hot. */
            probe_write(ap_page, 0);
            heat_count++;
        }
        if ( s == seen )
            continue;
        seen = s;
        switch ( cmd )
        {
        case CMD_STRIKE:
            strike_vec = probe_write(ap_page + strike_off, strike_val);
            break;
        case CMD_QUIT:
            __atomic_store_n(&ack_seq, s, __ATOMIC_SEQ_CST);
            for ( ;; )
                hypervisor_vcpu_op(VCPUOP_down, 1, NULL);
        default:
            break;
        }
        __atomic_store_n(&ack_seq, s, __ATOMIC_SEQ_CST);
    }
}

/* Post command c and wait (up to 10 s) until vCPU 1 has taken it. */
static void post(uint32_t c)
{
    uint32_t s = cmd_seq + 1;
    uint64_t end = guest_system_time() + 10000000000ULL;

    cmd = c;
    __atomic_store_n(&cmd_seq, s, __ATOMIC_SEQ_CST);
    while ( __atomic_load_n(&ack_seq, __ATOMIC_SEQ_CST) != s && guest_system_time() < end )
        ;
    if ( ack_seq != s )
        test_abort("vCPU 1 did not take command %u", c);
}

/* vCPU 1 writes P through va until its translation is surely cached, then rests. */
static void heat(volatile uint8_t *va)
{
    uint64_t start = heat_count, end = guest_system_time() + 10000000000ULL;

    ap_page = va;
    post(CMD_HEAT);
    while ( heat_count - start < 1000 && guest_system_time() < end )
        ;
    if ( heat_count - start < 1000 )
        test_abort("vCPU 1 did not write the page");
    post(CMD_REST);
}

/* vCPU 1 writes val at offset off through its old translation: the vector it took (-1: none). */
static long strike(unsigned int off, uint8_t val)
{
    strike_off = off;
    strike_val = val;
    post(CMD_STRIKE);
    return strike_vec;
}

/*
 * Replace the L1 entry of va with val: by a plain 64-bit store into the L1
 * table (mapped read-only: the hypervisor emulates the write) or by mmu_update.
 */
static bool set_l1e(const volatile void *va, uint64_t val, bool emulated, const char *what)
{
    uint64_t maddr = pte_maddr((const void *)va, 1);

    if ( !maddr )
        return check_true(what, false);
    if ( emulated )
    {
        volatile uint64_t *e =
            (volatile uint64_t *)mfn_to_virt(maddr >> PAGE_SHIFT) + (maddr & 4095) / 8;

        *e = val;
        return check_true(what, *e == val);
    }
    struct mmu_update req = {.ptr = maddr | MMU_NORMAL_PT_UPDATE, .val = val};

    return check_rc(what, hypervisor_mmu_update(&req, 1, NULL, DOMID_SELF), 0);
}

static long mmuext1(unsigned int cmd_, uint64_t mfn)
{
    struct mmuext_op op = {.cmd = cmd_, .arg1.mfn = mfn};

    return hypervisor_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

static long set_gdt(const xen_pfn_t *frames, unsigned long entries)
{
    return hypercall2(__HYPERVISOR_set_gdt, (unsigned long)frames, entries);
}

/* The strike must have taken a page fault (vec -1: it completed). */
static void check_faulted(long vec)
{
    if ( vec < 0 )
        test_fail("the write through the old translation completed");
    else if ( vec != X86_EXC_PF )
        test_fail("the write through the old translation took exception %ld, not #PF", vec);
}

static const char *how(bool emulated)
{
    return emulated ? "emulated write" : "mmu_update";
}

/*
 * Round 1: P becomes a pinned L1 table. Its entry 1 is a read-only mapping of
 * P itself; the strike sets that entry's RW bit, which no validated write allows.
 */
static void round_pin(bool emulated)
{
    uint64_t mfn = virt_to_mfn(page), l1e = l1e_of(page), self = pte_make(mfn, PTE_P | PTE_A);
    struct mmu_update req = {.ptr = (mfn << PAGE_SHIFT) + 8, .val = self};
    volatile uint64_t *entries = (volatile uint64_t *)page;
    long vec;

    guest_printf("round: pin as L1 after an %s\n", how(emulated));
    guest_memset(page, 0, PAGE_SIZE);
    heat(page);
    if ( !set_l1e(page, l1e & ~PTE_RW, emulated, "P's mapping made read-only") ||
         !check_rc("P pinned as an L1 table", mmuext1(MMUEXT_PIN_L1_TABLE, mfn), 0) )
        goto out;
    check_rc("P's entry 1 maps P read-only", hypervisor_mmu_update(&req, 1, NULL, DOMID_SELF), 0);
    vec = strike(8, (uint8_t)(self | PTE_RW));
    guest_printf("the write through vCPU 1's old translation: %s\n",
                 vec < 0 ? "completed" : "faulted");
    if ( !check_true("a write through the old translation did not reach the L1 table",
                     (entries[1] & ~PTE_HV_ADDED) == self) )
    {
        /* Take the unvalidated entry out again before anything walks the table. */
        req.val = 0;
        hypervisor_mmu_update(&req, 1, NULL, DOMID_SELF);
        check_faulted(vec);
        goto out;
    }
    check_faulted(vec);
    for ( unsigned int i = 0; i < PAGE_SIZE / 8; i++ )
        if ( i != 1 && entries[i] )
        {
            test_fail("entry %u of the L1 table is %#lx", i, (unsigned long)entries[i]);
            break;
        }
    req.val = 0;
    check_rc("entry 1 cleared", hypervisor_mmu_update(&req, 1, NULL, DOMID_SELF), 0);
    check_rc("P unpinned", mmuext1(MMUEXT_UNPIN_TABLE, mfn), 0);
out:
    check_rc("P writable again", hypervisor_update_va_mapping((uint64_t)page, l1e, UVMF_INVLPG), 0);
}

/* Round 2: P becomes this vCPU's GDT; the strike writes a descriptor's access byte. */
static void round_gdt(bool emulated)
{
    xen_pfn_t frame = virt_to_mfn(page);
    uint64_t l1e = l1e_of(page);
    long vec;

    guest_printf("round: a GDT frame after an %s\n", how(emulated));
    guest_memset(page, 0, PAGE_SIZE);
    heat(page);
    if ( !set_l1e(page, l1e & ~PTE_RW, emulated, "P's mapping made read-only") ||
         !check_rc("P installed as the GDT", set_gdt(&frame, 16), 0) )
        goto out;
    vec = strike(5 * 8 + 5, 0xfb); /* present, DPL 3, code: a descriptor nobody checked */
    guest_printf("the write through vCPU 1's old translation: %s\n",
                 vec < 0 ? "completed" : "faulted");
    check_true("a write through the old translation did not reach the GDT", page[5 * 8 + 5] == 0);
    check_faulted(vec);
    check_rc("an empty GDT again", set_gdt(&frame, 0), 0);
out:
    check_rc("P writable again", hypervisor_update_va_mapping((uint64_t)page, l1e, UVMF_INVLPG), 0);
}

/*
 * Round 3: a top frame F, mapped at the window, is unmapped and given back,
 * then the domain asks for pages until the hypervisor hands F out again (the
 * heap reuses what was just freed). The strike writes a byte of F.
 */
static void round_release(bool emulated, unsigned int which)
{
    uint64_t gpfn = start_info->nr_pages - 1 - which, f = pfn_to_mfn(gpfn);
    uint64_t win_l1e = l1e_of((const void *)window);
    xen_pfn_t got[16], one = f;
    unsigned int n = 0, reused = 0;
    long vec;

    guest_printf("round: give the frame back after an %s\n", how(emulated));
    if ( !check_rc("F mapped at the window", memop_map(f, true), 0) )
        return;
    guest_memset((void *)window, 0, PAGE_SIZE);
    heat(window);
    if ( !set_l1e(window, 0, emulated, "F's mapping removed") ||
         !check_rc("F given back",
                   memop_resv(XENMEM_decrease_reservation, &one, 1, 0, 0, DOMID_SELF), 1) )
        goto out;
    /* Ask for frames until F comes back (the heap hands out what it just got). */
    for ( n = 0; n < 16 && !reused; n++ )
    {
        if ( memop_resv(XENMEM_increase_reservation, &got[n], 1, 0, 0, DOMID_SELF) != 1 )
            break;
        reused = got[n] == f;
    }
    if ( !reused )
    {
        guest_printf("F was not handed out again in %u allocations: not probed\n", n);
        goto give_back;
    }
    vec = strike(100, 0xa5);
    guest_printf("the write through vCPU 1's old translation: %s\n",
                 vec < 0 ? "completed" : "faulted");
    check_rc("F mapped again", memop_map(f, false), 0);
    check_true("a write through the old translation did not reach F once handed out again",
               window[100] != 0xa5);
    check_faulted(vec);
give_back:
    for ( unsigned int i = 0; i < n; i++ )
        if ( got[i] != f )
            memop_resv(XENMEM_decrease_reservation, &got[i], 1, 0, 0, DOMID_SELF);
out:
    check_rc("the window restored",
             hypervisor_update_va_mapping((uint64_t)window, win_l1e, UVMF_INVLPG), 0);
}

void test_main(void)
{
    if ( !memop_have_free_frames() )
    {
        test_skip("fewer than 8192 pages: no free frames to give back");
        return;
    }
    if ( !check_rc("vCPU 1 started", vcpu_start(1, ap_main, ap_stack + sizeof(ap_stack)), 0) )
        return;
    for ( unsigned int i = 0; i < 2; i++ )
    {
        bool emulated = i == 0;

        round_pin(emulated);
        round_gdt(emulated);
        round_release(emulated, i);
    }
    post(CMD_QUIT);
}
