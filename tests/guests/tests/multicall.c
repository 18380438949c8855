/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * multicall: the batches a PV kernel's lazy MMU mode is built on. Probes: a
 * batch of xen_version and update_va_mapping calls runs in order, each entry
 * getting its own result (the page really turns read-only, then writable
 * again); an empty batch is fine; an unknown hypercall inside a batch reports
 * -ENOSYS in its entry only; a multicall nested in a multicall is refused in
 * its entry (-EINVAL, as Xen 4.17 answers).
 */
#include "guest.h"

const char test_title[] = "multicall: batched hypercalls, per-entry results";

static multicall_entry_t mc[4];

static void entry(unsigned int i, unsigned long op, unsigned long a0, unsigned long a1,
                  unsigned long a2)
{
    guest_memset(&mc[i], 0, sizeof(mc[i]));
    mc[i].op = op;
    mc[i].args[0] = a0;
    mc[i].args[1] = a1;
    mc[i].args[2] = a2;
    mc[i].result = 0x5555;
}

static long multicall(unsigned int n)
{
    return hypercall2(__HYPERVISOR_multicall, (unsigned long)mc, n);
}

void test_main(void)
{
    uint8_t *a = spare_pages[0];
    uint64_t a_l1e = l1e_of(a);

    entry(0, __HYPERVISOR_xen_version, XENVER_version, 0, 0);
    entry(1, __HYPERVISOR_update_va_mapping, (unsigned long)a, a_l1e & ~PTE_RW, UVMF_INVLPG);
    entry(2, __HYPERVISOR_xen_version, XENVER_pagesize, 0, 0);
    check_rc("a batch of three", multicall(3), 0);
    check_rc("entry 0: the version", (long)mc[0].result,
             hypervisor_xen_version(XENVER_version, NULL));
    check_rc("entry 1: update_va_mapping read-only", (long)mc[1].result, 0);
    check_rc("entry 2: the page size", (long)mc[2].result, 4096);
    check_rc("the page became read-only", probe_write(a, 1), X86_EXC_PF);

    entry(0, __HYPERVISOR_update_va_mapping, (unsigned long)a, a_l1e, UVMF_INVLPG);
    check_rc("a batch of one", multicall(1), 0);
    check_rc("its update_va_mapping restored the page", (long)mc[0].result, 0);
    check_rc("the page is writable again", probe_write(a, 1), -1);

    check_rc("an empty batch", multicall(0), 0);

    entry(0, 60, 0, 0, 0);
    entry(1, __HYPERVISOR_xen_version, XENVER_pagesize, 0, 0);
    check_rc("a batch with an unknown hypercall", multicall(2), 0);
    check_rc("the unknown one's result", (long)mc[0].result, -XEN_ENOSYS);
    check_rc("the next entry still ran", (long)mc[1].result, 4096);

    entry(0, __HYPERVISOR_multicall, (unsigned long)&mc[1], 1, 0);
    check_rc("a batch holding a nested multicall", multicall(1), 0);
    check_rc("the nested multicall's result", (long)mc[0].result, -XEN_EINVAL);
}
