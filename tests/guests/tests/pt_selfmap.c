/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Linear (self-referencing) page tables and flag-only updates, the class of
 * Xen's XSA-182 (a fast path that took an L4/L3/L2 entry whose address was
 * unchanged as already validated, so a read-only self-map could be made
 * writable), XSA-148 (the same fast path letting an L2 entry gain the PSE bit
 * and become a superpage over any 2 MiB) and XSA-240 (linear page tables).
 * A read-only L4 self-map and a read-only L2 entry naming its own L2 are
 * either refused (-EINVAL: Xen booted with pv-linear-pt=false) or allowed
 * (Xen 4.17's default, and ours); when allowed, the
 * guest reads its own tables through them (the content is checked), a write
 * faults, and the attacks below are made on them. Refused, changing nothing: making either writable
 * by a flag-only update (-EINVAL), a writable one from scratch (-EINVAL), the PSE bit added to a
 * present L2 entry
 * (-EINVAL), an L3 entry naming an L4 (-EINVAL). Afterwards the slots are
 * cleared and a fresh L1 table still hooks in and maps a page.
 */
#include "guest.h"

const char test_title[] =
    "linear page tables: read-only self-maps, flag-only updates (XSA-182/148)";

#define L4_SLOT 200                      /* an empty L4 slot, below the hypervisor's */
#define L3_SLOT 5                        /* an empty L3 slot: 5 GiB */
#define L2_VA   ((void *)0x600000UL)     /* an L2 slot the initial mapping leaves empty */
#define PT_RO   (PTE_P | PTE_A)          /* a read-only table entry */
#define PT_RW   (PTE_P | PTE_RW | PTE_A) /* a writable one */

static long pt_write(uint64_t maddr, uint64_t val)
{
    struct mmu_update req = {.ptr = maddr | MMU_NORMAL_PT_UPDATE, .val = val};

    return hypervisor_mmu_update(&req, 1, NULL, DOMID_SELF);
}

/* The entry at machine address maddr, read through the initial mapping. */
static uint64_t pt_read(uint64_t maddr)
{
    return ((const volatile uint64_t *)mfn_to_virt(maddr >> PAGE_SHIFT))[(maddr & 4095) / 8];
}

/* The virtual address at which a recursive L4 slot s shows the L4 itself. */
static const volatile uint64_t *l4_self_va(uint64_t s)
{
    return (const volatile uint64_t *)((s << 39) | (s << 30) | (s << 21) | (s << 12));
}

static void l4_self_map(void)
{
    uint64_t l4 = l4_mfn(), slot = (l4 << PAGE_SHIFT) + L4_SLOT * 8;
    const volatile uint64_t *view = l4_self_va(L4_SLOT);
    const uint64_t *mine = mfn_to_virt(l4);
    long rc;

    if ( pt_read(slot) & PTE_P )
    {
        test_skip("L4 slot %u is in use", L4_SLOT);
        return;
    }
    check_rc("a writable recursive L4 entry", pt_write(slot, pte_make(l4, PT_RW)), -XEN_EINVAL);
    rc = pt_write(slot, pte_make(l4, PT_RO));
    guest_printf("a read-only recursive L4 entry: %s\n", rc ? "refused" : "allowed");
    if ( rc )
    {
        check_rc("a read-only recursive L4 entry, if refused", rc, -XEN_EINVAL);
        check_true("nothing was written", !(pt_read(slot) & PTE_P));
        goto l3;
    }
    check_rc("the L4 reads through the self-map", probe_read(view), -1);
    check_true("slot 0 seen through it is our L4's slot 0", view[0] == mine[0]);
    check_true("and it sees itself", pte_mfn(view[L4_SLOT]) == l4);
    check_rc("a write through the self-map faults", probe_write((volatile void *)view, 0),
             X86_EXC_PF);
    /* XSA-182: the same address, only the flags differ: must be validated again. */
    check_rc("the self-map made writable by a flag-only update",
             pt_write(slot, pte_make(l4, PT_RW | PTE_D)), -XEN_EINVAL);
    check_true("the entry is still read-only", !(pt_read(slot) & PTE_RW));
    check_rc("a write through it still faults", probe_write((volatile void *)view, 0), X86_EXC_PF);
    check_rc("the self-map removed", pt_write(slot, 0), 0);
    hypervisor_mmuext_op(&(struct mmuext_op){.cmd = MMUEXT_TLB_FLUSH_LOCAL}, 1, NULL, DOMID_SELF);
    check_rc("the self-map's address faults again", probe_read(view), X86_EXC_PF);

    /* An L3 entry naming the L4: the wrong level. */
l3:
    slot = pte_maddr((void *)((uint64_t)L3_SLOT << 30), 3);
    if ( slot && !(pt_read(slot) & PTE_P) )
        check_rc("an L3 entry naming the L4", pt_write(slot, pte_make(l4, PT_RO)), -XEN_EINVAL);
}

static void l2_self_map(void)
{
    uint64_t slot = pte_maddr(L2_VA, 2), l2 = slot >> PAGE_SHIFT;
    const volatile uint64_t *view = L2_VA;
    uint8_t *code = (uint8_t *)test_main;
    uint64_t before;
    long rc;

    if ( !slot || (pt_read(slot) & PTE_P) )
    {
        test_skip("the L2 slot for %p is in use", L2_VA);
        return;
    }
    check_rc("a writable L2 entry naming its own L2", pt_write(slot, pte_make(l2, PT_RW)),
             -XEN_EINVAL);
    rc = pt_write(slot, pte_make(l2, PT_RO));
    guest_printf("a read-only L2 entry naming its own L2: %s\n", rc ? "refused" : "allowed");
    if ( rc )
    {
        check_rc("a read-only L2 entry naming its own L2, if refused", rc, -XEN_EINVAL);
        check_true("nothing was written", !(pt_read(slot) & PTE_P));
        return;
    }
    /* Through it, each page of L2_VA's 2 MiB is an L1 table of the L2: the first maps our code. */
    check_rc("an L1 table reads through the linear L2", probe_read(view), -1);
    check_true("the L1 entry of our code seen through it is the real one",
               view[(uint64_t)code >> PAGE_SHIFT & 511] == l1e_of(code));
    check_rc("a write through it faults", probe_write((volatile void *)view, 0), X86_EXC_PF);
    before = pt_read(slot);
    check_rc("the linear L2 made writable by a flag-only update",
             pt_write(slot, pte_make(l2, PT_RW)), -XEN_EINVAL);
    /* XSA-148: the PSE bit on a present entry would make it a 2 MiB superpage of the L2's frame. */
    check_rc("the PSE bit added to it", pt_write(slot, pte_make(l2, PT_RO | PTE_PSE)), -XEN_EINVAL);
    check_true("the entry is unchanged", pt_read(slot) == before);
    check_rc("the linear L2 removed", pt_write(slot, 0), 0);
    hypervisor_mmuext_op(&(struct mmuext_op){.cmd = MMUEXT_TLB_FLUSH_LOCAL}, 1, NULL, DOMID_SELF);
    check_rc("its address faults again", probe_read(view), X86_EXC_PF);
}

/* A fresh L1 table still hooks in at the L2 slot, maps a page, goes away. */
static void still_works(void)
{
    uint64_t slot = pte_maddr(L2_VA, 2);
    uint64_t *t = (uint64_t *)spare_pages[5];
    uint64_t t_mfn = virt_to_mfn(t), d_mfn = virt_to_mfn(spare_pages[4]);
    uint64_t t_l1e = l1e_of(t);

    guest_memset(t, 0, PAGE_SIZE);
    spare_pages[4][0] = 0x5a;
    check_rc("a new L1 page made read-only",
             hypervisor_update_va_mapping((uint64_t)t, t_l1e & ~PTE_RW, UVMF_INVLPG), 0);
    check_rc("hooked in at the L2 slot", pt_write(slot, pte_make(t_mfn, PT_RW)), 0);
    /* XSA-148 again, on an entry naming a real L1: PSE must not slip through. */
    check_rc("the PSE bit added to an L2 entry naming an L1",
             pt_write(slot, pte_make(t_mfn, PT_RW | PTE_PSE)), -XEN_EINVAL);
    check_rc("a page mapped through it",
             hypervisor_update_va_mapping(
                 (uint64_t)L2_VA, pte_make(d_mfn, PTE_P | PTE_RW | PTE_A | PTE_D), UVMF_INVLPG),
             0);
    check_true("it reads through the new mapping", *(volatile uint8_t *)L2_VA == 0x5a);
    check_rc("unmapped", hypervisor_update_va_mapping((uint64_t)L2_VA, 0, UVMF_INVLPG), 0);
    check_rc("the L2 slot cleared", pt_write(slot, 0), 0);
    check_rc("the L1 page writable again",
             hypervisor_update_va_mapping((uint64_t)t, t_l1e, UVMF_INVLPG), 0);
}

void test_main(void)
{
    l4_self_map();
    l2_self_map();
    still_works();
}
