/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * selftest: the framework checks itself before any other test is believed.
 * Probes: start_info is sane (magic, page counts, page-table base inside the
 * mapping), shared_info is mapped and readable, formatted output works, the
 * P2M and M2P agree on our own frames, a probed #UD comes back through the
 * trap table and the iret hypercall with every register intact, and a
 * failure recorded with test_fail would be counted.
 */
#include "guest.h"

const char test_title[] = "framework self-test: start of day, output, traps, frame lookups";

static void check_format(void)
{
    char buf[64];

    guest_snprintf(buf, sizeof(buf), "%d|%5u|%-3s|%#x|%05ld|%c|%lx", -42, 7U, "ab", 0xbeefU, 12L,
                   'z', 0xffff800000000000UL);
    check_true("snprintf formats numbers, strings and padding",
               !guest_strncmp(buf, "-42|    7|ab |0xbeef|00012|z|ffff800000000000", sizeof(buf)));
    check_true("snprintf truncates and reports the full length",
               guest_snprintf(buf, 4, "%s", "abcdef") == 6 && !guest_strncmp(buf, "abc", 4));
}

static void check_start_info(void)
{
    unsigned long pt = start_info->pt_base;

    guest_printf("start_info: magic %.32s nr_pages %lu flags %#x pt_base %#lx nr_pt_frames %lu\n",
                 start_info->magic, (unsigned long)start_info->nr_pages, start_info->flags, pt,
                 (unsigned long)start_info->nr_pt_frames);
    check_true("start_info magic names x86_64", guest_strstr(start_info->magic, "x86_64") != NULL);
    check_true("nr_pages is non-zero", start_info->nr_pages > 0);
    check_true("pt_base is page aligned and after the image",
               !(pt & 4095) && pt >= (unsigned long)spare_pages);
    check_true("there are bootstrap page-table frames", start_info->nr_pt_frames >= 4);
    check_true("dom0 is privileged and the initial domain",
               (start_info->flags & (SIF_PRIVILEGED | SIF_INITDOMAIN)) ==
                   (SIF_PRIVILEGED | SIF_INITDOMAIN));
}

static void check_frames(void)
{
    uint64_t mfn = virt_to_mfn(spare_pages[0]);

    check_true("M2P maps our frame back to its pfn",
               mfn_to_pfn(mfn) == (unsigned long)spare_pages[0] >> PAGE_SHIFT);
    check_true("the L1 entry of a spare page names its frame, present and writable",
               pte_mfn(l1e_of(spare_pages[0])) == mfn &&
                   (l1e_of(spare_pages[0]) & (PTE_P | PTE_RW)) == (PTE_P | PTE_RW));
    check_true("the L4 is the frame at pt_base",
               pte_mfn(l1e_of((void *)start_info->pt_base)) == l4_mfn());
}

static void check_traps(void)
{
    register unsigned long r12 __asm__("r12") = 0x1234567812345678UL;
    long vec = probe_ud2();

    __asm__ volatile("" : "+r"(r12));
    check_rc("vector reported for ud2", vec, X86_EXC_UD);
    check_true("the fault rip was recorded", last_fault.vector == X86_EXC_UD && last_fault.rip);
    check_true("a callee-saved register survived the exception", r12 == 0x1234567812345678UL);
    check_rc("a probe that does not fault", probe_read(spare_pages[1]), -1);
}

void test_main(void)
{
    unsigned int before = test_failures();

    check_format();
    check_start_info();
    check_true("shared_info is mapped (vCPU 0 time record has a version)",
               shared_info->vcpu_info[0].time.version != 0 ||
                   shared_info->vcpu_info[0].time.system_time != 0);
    check_frames();
    check_traps();
    check_true("no failure counted before this point", test_failures() == before);
}
