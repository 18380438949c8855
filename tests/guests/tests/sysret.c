/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The way back from a syscall: a hypervisor may return with sysretq, which
 * loads rip from rcx and rflags from r11, where the guest allows it. Probes:
 * the iret hypercall without VGCF_in_syscall gives back the guest's own rcx
 * and r11 (whether or not they happen to equal rip and rflags), and with it
 * still returns; a hypercall made from the last bytes below the canonical
 * hole returns there (rip 0x7ffffffffffc); and one whose syscall instruction
 * ends at the hole (rip 0x800000000000 afterwards, the CVE-2012-0217 attack:
 * sysretq to a non-canonical rip raises #GP in ring 0 on Intel CPUs, with the
 * guest's rsp loaded) gives the guest a #GP(0) at that rip, and the
 * hypervisor keeps running.
 */
#include "guest.h"

const char test_title[] =
    "sysret: the return from a syscall keeps rcx/r11 and never loads a non-canonical rip";

#define HOLE     0x800000000000UL
#define TOP_PAGE (HOLE - 4096)
#define L4_SLOT  255 /* maps 0x7f8000000000..0x7fffffffffff */

/* Map spare_pages[0] as code at TOP_PAGE through a new L3, L2 and L1 (spare pages 1-3). */
static bool map_top_page(void)
{
    uint8_t *code = spare_pages[0];
    uint64_t *l1 = (uint64_t *)spare_pages[1], *l2 = (uint64_t *)spare_pages[2],
             *l3 = (uint64_t *)spare_pages[3];
    struct mmu_update u;

    for ( unsigned int i = 0; i < 4096; i++ )
        code[i] = 0xcc; /* int3 */
    /* At 0x...ffa: syscall; jmp *%rbx. At 0x...ffe: syscall, its end the hole. */
    code[0xffa] = 0x0f, code[0xffb] = 0x05, code[0xffc] = 0xff, code[0xffd] = 0xe3;
    code[0xffe] = 0x0f, code[0xfff] = 0x05;
    for ( unsigned int i = 0; i < 512; i++ )
        l1[i] = l2[i] = l3[i] = 0;
    l1[511] = pte_make(virt_to_mfn(code), PTE_P | PTE_A);
    l2[511] = pte_make(virt_to_mfn(l1), PTE_P | PTE_RW | PTE_A);
    l3[511] = pte_make(virt_to_mfn(l2), PTE_P | PTE_RW | PTE_A);
    /* Page tables are never writable: drop our own writable mappings first. */
    for ( unsigned int i = 1; i <= 3; i++ )
        if ( hypervisor_update_va_mapping((unsigned long)spare_pages[i],
                                          pte_make(virt_to_mfn(spare_pages[i]), PTE_P | PTE_A),
                                          UVMF_INVLPG) != 0 )
            return false;
    u.ptr = (l4_mfn() << PAGE_SHIFT) + L4_SLOT * 8 + MMU_NORMAL_PT_UPDATE;
    u.val = pte_make(virt_to_mfn(l3), PTE_P | PTE_RW | PTE_A);
    return hypervisor_mmu_update(&u, 1, NULL, DOMID_SELF) == 0;
}

/* xen_version(XENVER_version) through a syscall at the top page's offset 0xffa. */
static long hypercall_at_top(void)
{
    long rax = __HYPERVISOR_xen_version;

    __asm__ volatile("lea 1f(%%rip), %%rbx\n\t"
                     "xor %%edi, %%edi\n\t"
                     "xor %%esi, %%esi\n\t"
                     "jmp *%[t]\n"
                     "1:\n"
                     : "+a"(rax)
                     : [t] "r"(TOP_PAGE + 0xffa)
                     : "rbx", "rcx", "rdi", "rsi", "r11", "memory");
    return rax;
}

/*
 * A hypercall whose syscall instruction ends at the hole: the vector of the
 * fault after it. Never inlined: the fault address has one resume point.
 */
static __attribute__((noinline)) long hypercall_into_hole(void)
{
    long rax = __HYPERVISOR_xen_version;

    __asm__ volatile("xor %%edi, %%edi\n\t"
                     "xor %%esi, %%esi\n\t"
                     "jmp *%[t]\n"
                     "2:\n"
                     ".pushsection guest_extable, \"a\"\n"
                     ".quad 0x800000000000, 2b\n"
                     ".popsection\n"
                     : "+a"(rax)
                     : [t] "r"(TOP_PAGE + 0xffe)
                     : "rcx", "rdi", "rsi", "r11", "memory");
    return rax;
}

/*
 * The iret hypercall from the guest kernel back to itself with rcx = c (or,
 * with c_is_rip, the rip it returns to) and r11 = r when the stub runs: the
 * rcx and r11 found afterwards, and that rip.
 */
static void iret_with(uint64_t flags, bool c_is_rip, uint64_t c, uint64_t r, uint64_t out[3])
{
    uint64_t rfl = shared_info->vcpu_info[0].evtchn_upcall_mask ? 0x2 : 0x202;
    uint64_t oc, orr, rip;

    __asm__ volatile("mov %%rsp, %%rax\n\t"
                     "pushq %[ss]\n\t"
                     "pushq %%rax\n\t"
                     "pushq %[rfl]\n\t"
                     "pushq %[cs]\n\t"
                     "lea 1f(%%rip), %%rax\n\t"
                     "pushq %%rax\n\t"
                     "pushq %[flags]\n\t"
                     "mov %[c], %%rcx\n\t"
                     "test %[sel], %[sel]\n\t"
                     "cmovnz %%rax, %%rcx\n\t"
                     "mov %[r], %%r11\n\t"
                     "jmp *%[stub]\n"
                     "1:\n\t"
                     "mov %%rcx, %[oc]\n\t"
                     "mov %%r11, %[or]\n\t"
                     "lea 1b(%%rip), %[rip]\n\t"
                     : [oc] "=&r"(oc), [or] "=&r"(orr), [rip] "=&r"(rip)
                     : [ss] "i"(FLAT_KERNEL_SS), [cs] "i"(FLAT_KERNEL_CS & ~3), [rfl] "r"(rfl),
                       [flags] "r"(flags), [c] "r"(c), [r] "r"(r), [sel] "r"((uint64_t)c_is_rip),
                       [stub] "r"(hypercall_page + __HYPERVISOR_iret * 32)
                     : "rax", "rcx", "r11", "cc", "memory");
    out[0] = oc, out[1] = orr, out[2] = rip;
}

void test_main(void)
{
    long version = hypervisor_xen_version(XENVER_version, NULL);
    uint64_t o[3];

    iret_with(0, false, 0x5555aaaa5555aaaaUL, 0x1234, o);
    check_true("iret without VGCF_in_syscall gives back rcx", o[0] == 0x5555aaaa5555aaaaUL);
    check_true("iret without VGCF_in_syscall gives back r11", o[1] == 0x1234);
    /* rcx = rip and r11 = rflags: a return sysretq can do exactly. */
    iret_with(0, true, 0, 0x202, o);
    check_true("iret gives back rcx equal to rip", o[0] == o[2]);
    check_true("iret gives back r11 equal to rflags", o[1] == 0x202);
    iret_with(0, false, 0, 0x246, o);
    check_true("iret gives back r11 that is not rflags", o[0] == 0 && o[1] == 0x246);
    iret_with(VGCF_in_syscall, false, 1, 2, o);
    check_true("iret with VGCF_in_syscall returns to its rip", true);

    if ( !check_true("a page mapped at the top of the lower half", map_top_page()) )
        return;
    check_rc("a hypercall from 0x7ffffffffffa returns below the hole", hypercall_at_top(), version);
    check_rc("a hypercall ending at the hole: #GP at rip 0x800000000000", hypercall_into_hole(),
             X86_EXC_GP);
    check_true("the #GP's rip is the non-canonical one", last_fault.rip == HOLE);
    check_true("the #GP's error code is 0", last_fault.error_code == 0);
    check_rc("again: #GP", hypercall_into_hole(), X86_EXC_GP);
    check_rc("hypercalls still work", hypervisor_xen_version(XENVER_version, NULL), version);
}
