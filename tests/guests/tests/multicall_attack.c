/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Oversized and malformed multicalls, the class of Xen's XSA-213-era and
 * XSA-270 multicall bugs (a batch the hypervisor walks past what the guest
 * gave it, nested batches, results written where the entries are read).
 * Refused or stopped, the hypervisor running on: a count of 2^32 - 1 over a
 * page of entries followed by an unmapped page (every entry of the page runs,
 * then -EFAULT), a huge count at the hypervisor's hole or a non-canonical
 * address (-EFAULT, nothing run), a last entry straddling into the unmapped
 * page (-EFAULT), a multicall that calls itself (the nested one -EINVAL, the
 * rest run), an op number with high bits set (-ENOSYS, not truncated to a
 * real one), an entry whose pointer argument is bad (-EFAULT in that entry),
 * a count of 0 at a non-canonical address (-EFAULT, as Xen checks the list's
 * address first). Afterwards a normal batch still runs. (iret in a batch is
 * not probed: Xen 4.17 runs it, on the guest's own stack.)
 */
#include "guest.h"

const char test_title[] = "multicall attacks: oversized counts, self-calls, bad entries";

#define PER_PAGE (PAGE_SIZE / sizeof(multicall_entry_t))

static multicall_entry_t *const page = (multicall_entry_t *)spare_pages[6];
static uint8_t *const guard = spare_pages[7];

static long multicall(const void *list, unsigned long n)
{
    return hypercall2(__HYPERVISOR_multicall, (unsigned long)list, n);
}

static void entry(multicall_entry_t *e, uint64_t op, uint64_t a0, uint64_t a1)
{
    guest_memset(e, 0, sizeof(*e));
    e->op = op;
    e->args[0] = a0;
    e->args[1] = a1;
    e->result = 0x5555;
}

static void oversized(long version)
{
    unsigned int ran = 0;

    for ( unsigned int i = 0; i < PER_PAGE; i++ )
        entry(&page[i], __HYPERVISOR_xen_version, XENVER_version, 0);
    check_rc("2^32 - 1 entries, one page of them mapped", multicall(page, 0xffffffffUL),
             -XEN_EFAULT);
    for ( unsigned int i = 0; i < PER_PAGE; i++ )
        ran += (long)page[i].result == version;
    check_true("every entry of the mapped page ran", ran == PER_PAGE);

    check_rc("2^32 - 1 entries in the hypervisor's hole",
             multicall((void *)HYPERVISOR_VIRT_START, 0xffffffffUL), -XEN_EFAULT);
    check_rc("2^32 - 1 entries at the M2P (readable by the guest, not a guest buffer)",
             multicall((void *)MACH2PHYS_VIRT_START, 0xffffffffUL), -XEN_EFAULT);
    check_rc("a huge count at a non-canonical address",
             multicall((void *)0x0000800000000000UL, 0x7fffffffUL), -XEN_EFAULT);
    check_rc("a count of 0 at a non-canonical address", multicall((void *)0x0000800000000000UL, 0),
             -XEN_EFAULT);
    check_rc("a count of 0 in the hypervisor's hole", multicall((void *)HYPERVISOR_VIRT_START, 0),
             -XEN_EFAULT);
    check_rc("a count of 0 at a good address", multicall(page, 0), 0);

    /* The last entry starts 16 bytes before the unmapped page. */
    entry(&page[PER_PAGE - 2], __HYPERVISOR_xen_version, XENVER_version, 0);
    check_rc("an entry straddling into the unmapped page",
             multicall((uint8_t *)&page[PER_PAGE - 1] + 48, 2), -XEN_EFAULT);
}

static void malformed(long version)
{
    /* Entry 0 calls the multicall itself, on its own list. */
    entry(&page[0], __HYPERVISOR_multicall, (uint64_t)page, 3);
    entry(&page[1], __HYPERVISOR_xen_version, XENVER_version, 0);
    entry(&page[2], __HYPERVISOR_multicall, (uint64_t)&page[1], 1);
    check_rc("a multicall calling itself", multicall(page, 3), 0);
    check_rc("its self-call", (long)page[0].result, -XEN_EINVAL);
    check_rc("the entry after it ran", (long)page[1].result, version);
    check_rc("a nested multicall of that entry", (long)page[2].result, -XEN_EINVAL);

    entry(&page[0], (1ULL << 32) | __HYPERVISOR_xen_version, XENVER_version, 0);
    entry(&page[1], ~0ULL, 0, 0);
    entry(&page[2], __HYPERVISOR_xen_version, XENVER_extraversion, HYPERVISOR_VIRT_START + 64);
    entry(&page[3], __HYPERVISOR_xen_version, XENVER_extraversion, (uint64_t)guard);
    check_rc("a batch of bad entries", multicall(page, 4), 0);
    check_rc("an op number with bit 32 set", (long)page[0].result, -XEN_ENOSYS);
    check_rc("op number 2^64 - 1", (long)page[1].result, -XEN_ENOSYS);
    check_rc("an entry pointing into the hypervisor's hole", (long)page[2].result, -XEN_EFAULT);
    check_rc("an entry pointing at an unmapped page", (long)page[3].result, -XEN_EFAULT);
}

void test_main(void)
{
    long version = hypervisor_xen_version(XENVER_version, NULL);
    uint64_t guard_l1e = l1e_of(guard);

    if ( !check_rc("the page after the list unmapped",
                   hypervisor_update_va_mapping((uint64_t)guard, 0, UVMF_INVLPG), 0) )
        return;
    oversized(version);
    malformed(version);
    check_rc("the page after the list mapped back",
             hypervisor_update_va_mapping((uint64_t)guard, guard_l1e, UVMF_INVLPG), 0);

    entry(&page[0], __HYPERVISOR_xen_version, XENVER_pagesize, 0);
    entry(&page[1], __HYPERVISOR_xen_version, XENVER_version, 0);
    check_rc("afterwards, a normal batch", multicall(page, 2), 0);
    check_rc("its first entry", (long)page[0].result, PAGE_SIZE);
    check_rc("its second entry", (long)page[1].result, version);
}
