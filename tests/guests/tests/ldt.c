/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest's own LDT, as Linux installs one for a process that calls
 * modify_ldt: MMUEXT_SET_LDT with a linear address and an entry count.
 * Probes: bad alignment and size are refused; a page still mapped writable
 * cannot serve (refused at once, or a fault at first use as Xen 4.17 does
 * it: it types the pages lazily); once read-only, a data selector from the
 * LDT loads into %fs and its base and limit are the descriptor's; a selector
 * past the count faults; update_descriptor edits a live entry and refuses a
 * call gate; a writable mapping of the live LDT frame is refused; dropping
 * the LDT gives the page back. Errnos as Xen 4.17 gives them.
 */
#include "guest.h"

const char test_title[] = "MMUEXT_SET_LDT: the guest's own LDT";

static volatile uint64_t marker = 0x5ca1ab1e0ddba11UL;

/* A data segment, read/write, accessed (the CPU would set it), DPL 3, byte-granular limit 0xfff, at
 * base. */
static uint64_t data_desc(uint32_t base)
{
    return 0xfffUL | ((uint64_t)(base & 0xffffff) << 16) | (0xf3UL << 40) |
           ((uint64_t)(base >> 24) << 56);
}

/* A 64-bit call gate into the hypervisor's code selector: never allowed in a guest table. */
#define DESC_CALL_GATE 0x0000ec00e0080000UL

/* Selector of LDT entry i at RPL 3. */
#define LDT_SEL(i) ((uint16_t)((i) << 3 | 4 | 3))

static long set_ldt(const void *base, unsigned long ents)
{
    struct mmuext_op op = {.cmd = MMUEXT_SET_LDT};

    op.arg1.linear_addr = (unsigned long)base;
    op.arg2.nr_ents = (unsigned int)ents;
    return hypervisor_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

static long load_fs(uint16_t sel)
{
    return probe_load_seg("fs", sel);
}

/* The segment limit of sel (lsl), or ~0 if the CPU says it is not loadable. */
static uint64_t seg_limit(uint16_t sel)
{
    uint64_t limit = ~0UL;

    __asm__ volatile("lsl %w[s], %[l]\n\tjz 1f\n\tmov $-1, %[l]\n1:"
                     : [l] "+r"(limit)
                     : [s] "r"(sel)
                     : "cc");
    return limit;
}

void test_main(void)
{
    uint64_t *ldt = (uint64_t *)spare_pages[5];
    uint64_t l1e = l1e_of(ldt), frame = virt_to_mfn(ldt), got = 0;
    long rc, vec;

    guest_memset(ldt, 0, PAGE_SIZE);
    ldt[1] = data_desc((uint32_t)(unsigned long)&marker);
    ldt[2] = data_desc(0);

    check_rc("SET_LDT at a misaligned address", set_ldt((char *)ldt + 8, 2), -XEN_EINVAL);
    check_rc("SET_LDT of 8193 entries", set_ldt(ldt, 8193), -XEN_EINVAL);

    /* Writable still: refused now (ours), or typed at first use and faulting (Xen 4.17). */
    rc = set_ldt(ldt, 3);
    vec = rc == 0 ? load_fs(LDT_SEL(1)) : -1;
    guest_printf("SET_LDT of a writable page: %s, loading from it: vector %ld\n", rc_name(rc), vec);
    check_true("an LDT page still mapped writable never serves",
               rc == -XEN_EINVAL || (rc == 0 && vec == X86_EXC_PF));
    load_fs(0);
    check_rc("no LDT", set_ldt(NULL, 0), 0);

    if ( !check_rc("making the page read-only",
                   hypervisor_update_va_mapping((unsigned long)ldt, l1e & ~PTE_RW, UVMF_INVLPG),
                   0) )
        return;
    if ( !check_rc("SET_LDT of 3 entries", set_ldt(ldt, 3), 0) )
        return;
    check_rc("loading LDT entry 1 into %fs", load_fs(LDT_SEL(1)), -1);
    __asm__ volatile("mov %%fs:0, %0" : "=r"(got) : : "memory");
    check_true("%fs:0 reads through the descriptor's base", got == marker);
    check_true("lsl of LDT entry 1 is its limit", seg_limit(LDT_SEL(1)) == 0xfff);
    check_true("lsl of LDT entry 0 (null) fails", seg_limit(LDT_SEL(0)) == ~0UL);
    check_rc("loading a selector past the count", load_fs(LDT_SEL(3)), X86_EXC_GP);
    check_rc("update_descriptor of live entry 2",
             hypercall2(__HYPERVISOR_update_descriptor, (frame << PAGE_SHIFT) + 2 * 8,
                        data_desc(0x1000)),
             0);
    check_rc("entry 2 loads", load_fs(LDT_SEL(2)), -1);
    check_rc(
        "update_descriptor of a call gate into the LDT",
        hypercall2(__HYPERVISOR_update_descriptor, (frame << PAGE_SHIFT) + 1 * 8, DESC_CALL_GATE),
        -XEN_EINVAL);
    check_true("entry 1 is unchanged", ldt[1] == data_desc((uint32_t)(unsigned long)&marker));
    check_rc("a writable mapping of the live LDT frame",
             hypervisor_update_va_mapping((unsigned long)spare_pages[7],
                                          pte_make(frame, PTE_P | PTE_RW), UVMF_INVLPG),
             -XEN_EBUSY);

    check_rc("%fs back to the null selector", load_fs(0), -1);
    check_rc("set_segment_base FS back to 0",
             hypercall2(__HYPERVISOR_set_segment_base, SEGBASE_FS, 0), 0);
    check_rc("SET_LDT of none", set_ldt(NULL, 0), 0);
    check_rc("loading LDT entry 1 with no LDT", load_fs(LDT_SEL(1)), X86_EXC_GP);
    check_rc("the page can be writable again",
             hypervisor_update_va_mapping((unsigned long)ldt, l1e, UVMF_INVLPG), 0);

    /* An LDT at an unmapped address: refused now (ours), or a fault at first use (Xen 4.17). */
    rc = set_ldt((void *)0x40000000UL, 1);
    vec = rc == 0 ? load_fs(LDT_SEL(0)) : -1;
    guest_printf("SET_LDT at an unmapped address: %s, loading from it: vector %ld\n", rc_name(rc),
                 vec);
    check_true("an unmapped LDT never serves", rc == -XEN_EINVAL || (rc == 0 && vec == X86_EXC_PF));
    load_fs(0);
    check_rc("no LDT at the end", set_ldt(NULL, 0), 0);
}
