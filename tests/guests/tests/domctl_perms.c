/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * domctl_perms: the domctls a toolstack uses around building a PV domain,
 * beyond those of the domctl test, on a new domain, with Xen 4.17's answers:
 * gettscinfo/settscinfo (mode, incarnation + 1, the TSC's kHz, time since
 * creation), getpageframeinfo3 (pinned L4, L1, ordinary page, frames not the
 * domain's, too many frames, a bad array), get/set_ext_vcpucontext (unknown
 * vCPUs and the caller's own domain, short sizes, non-canonical callbacks,
 * machine-check caps not offered, selectors forced to RPL 3),
 * ioport/iomem/irq_permission (what dom0 itself lacks: COM1, whose port then
 * reads all ones in dom0, and the local APIC page, which dom0 cannot map;
 * empty, wrapping and out-of-range ranges; pirqs dom0 has not mapped) and
 * set_target (itself, unknown domains, a PV target).
 */
/* domctl is the tools' interface; the tools see the newest level, the one the guests ask for. */
#undef __XEN_INTERFACE_VERSION__
#define __XEN_TOOLS__ 1
#include "guest.h"
#include "public/domctl.h"
#include "domctl_calls.h"

const char test_title[] = "domctl_perms: tsc, page types, ext vCPU state, permissions, target";

static xen_pfn_t types[1025];

/* A new PV domain with two vCPUs. */
static domid_t new_domain(void)
{
    domid_t d;
    long rc = create_domain(0, 0, 2);

    if ( rc )
        test_abort("createdomain: %s", rc_name(rc));
    d = dc.domain;
    clear_dc();
    dc.u.max_vcpus.max = 2;
    if ( (rc = domctl(XEN_DOMCTL_max_vcpus, d)) != 0 )
        test_abort("max_vcpus: %s", rc_name(rc));
    return d;
}

static void tsc(domid_t d)
{
    struct xen_domctl_tsc_info *t = &dc.u.tsc_info;

    clear_dc();
    if ( check_rc("gettscinfo of the new domain", domctl(XEN_DOMCTL_gettscinfo, d), 0) )
    {
        guest_printf("tsc: mode %u, %u kHz, incarnation %u, elapsed %lu ns\n", t->tsc_mode,
                     t->gtsc_khz, t->incarnation, (unsigned long)t->elapsed_nsec);
        check_true("mode 0 (default), incarnation 1", t->tsc_mode == 0 && t->incarnation == 1);
        check_true("the TSC's kHz, as the vCPU time info implies",
                   t->gtsc_khz > guest_tsc_khz() * 99 / 100 &&
                       t->gtsc_khz < guest_tsc_khz() * 101 / 100);
        check_true("elapsed: under 10 s since the domain was created",
                   t->elapsed_nsec > 0 && t->elapsed_nsec < 10000000000ULL);
    }
    clear_dc();
    t->tsc_mode = 2;
    t->incarnation = 41;
    check_rc("settscinfo mode 2 (never emulate), incarnation 41", domctl(XEN_DOMCTL_settscinfo, d),
             0);
    clear_dc();
    if ( check_rc("gettscinfo after it", domctl(XEN_DOMCTL_gettscinfo, d), 0) )
    {
        guest_printf("tsc: mode %u, %u kHz, incarnation %u, elapsed %lu ns\n", t->tsc_mode,
                     t->gtsc_khz, t->incarnation, (unsigned long)t->elapsed_nsec);
        check_true("mode 2, incarnation 42", t->tsc_mode == 2 && t->incarnation == 42);
    }
    clear_dc();
    check_rc("gettscinfo of a domain that does not exist", domctl(XEN_DOMCTL_gettscinfo, 0x7000),
             -XEN_ESRCH);
}

static long pfinfo(domid_t d, uint64_t num, xen_pfn_t *array)
{
    clear_dc();
    dc.u.getpageframeinfo3.num = num;
    set_xen_guest_handle(dc.u.getpageframeinfo3.array, array);
    return domctl(XEN_DOMCTL_getpageframeinfo3, d);
}

static void page_types(domid_t d)
{
    uint64_t l1 = pte_maddr(spare_pages[0], 1) >> PAGE_SHIFT;

    types[0] = l4_mfn();
    types[1] = l1;
    types[2] = virt_to_mfn(spare_pages[1]);
    types[3] = 0xfffffffffUL; /* beyond the machine */
    types[4] = start_info->shared_info >> PAGE_SHIFT;
    if ( check_rc("getpageframeinfo3 of dom0's frames", pfinfo(0, 5, types), 0) )
    {
        check_true("its L4: a pinned L4 table",
                   types[0] == (XEN_DOMCTL_PFINFO_L4TAB | XEN_DOMCTL_PFINFO_LPINTAB));
        check_true("an L1 table, not pinned", types[1] == XEN_DOMCTL_PFINFO_L1TAB);
        check_true("an ordinary page: NOTAB", types[2] == XEN_DOMCTL_PFINFO_NOTAB);
        check_true("a frame beyond the machine: XTAB", types[3] == XEN_DOMCTL_PFINFO_XTAB);
        check_true("shared_info, the hypervisor's page: XTAB", types[4] == XEN_DOMCTL_PFINFO_XTAB);
    }
    types[0] = l4_mfn();
    check_rc("getpageframeinfo3 of dom0's L4 asked of the new domain", pfinfo(d, 1, types), 0);
    check_true("is XTAB (not its frame)", types[0] == XEN_DOMCTL_PFINFO_XTAB);
    check_rc("getpageframeinfo3 of 1025 frames", pfinfo(0, 1025, types), -XEN_E2BIG);
    check_rc("getpageframeinfo3 of 2^32 + 1 frames", pfinfo(0, (1ULL << 32) + 1, types),
             -XEN_E2BIG);
    check_rc("getpageframeinfo3 of 0 frames", pfinfo(0, 0, types), 0);
    check_rc("getpageframeinfo3 into the hypervisor's hole",
             pfinfo(0, 1, (xen_pfn_t *)HYPERVISOR_VIRT_START), -XEN_EFAULT);
    check_rc("getpageframeinfo3 of a domain that does not exist", pfinfo(0x7000, 1, types),
             -XEN_ESRCH);
}

static long ext(uint32_t cmd, domid_t d, uint32_t vcpu, uint32_t size)
{
    clear_dc();
    dc.u.ext_vcpucontext.vcpu = vcpu;
    dc.u.ext_vcpucontext.size = size;
    return domctl(cmd, d);
}

static void ext_context(domid_t d)
{
    struct xen_domctl_ext_vcpucontext *e = &dc.u.ext_vcpucontext;

    if ( check_rc("get_ext_vcpucontext of vCPU 0", ext(XEN_DOMCTL_get_ext_vcpucontext, d, 0, 0),
                  0) )
    {
        guest_printf("ext: size %u, vmce caps %#lx\n", e->size, (unsigned long)e->vmce.caps);
        check_true("size 64, no 32-bit callbacks yet",
                   e->size == 64 && !e->syscall32_callback_cs && !e->syscall32_callback_eip &&
                       !e->sysenter_callback_cs && !e->sysenter_callback_eip);
    }
    check_rc("get_ext_vcpucontext of dom0's own vCPU 0",
             ext(XEN_DOMCTL_get_ext_vcpucontext, 0, 0, 0), -XEN_ESRCH);
    check_rc("get of vCPU 7 (beyond max_vcpus)", ext(XEN_DOMCTL_get_ext_vcpucontext, d, 7, 0),
             -XEN_ESRCH);
    check_rc("get of vCPU 2 (== max_vcpus)", ext(XEN_DOMCTL_get_ext_vcpucontext, d, 2, 0),
             -XEN_ESRCH);
    check_rc("set with size 0", ext(XEN_DOMCTL_set_ext_vcpucontext, d, 0, 0), -XEN_EINVAL);
    check_rc("set with size 32 (no vmce part)", ext(XEN_DOMCTL_set_ext_vcpucontext, d, 0, 32), 0);
    check_rc("set on dom0 itself", ext(XEN_DOMCTL_set_ext_vcpucontext, 0, 0, 64), -XEN_ESRCH);
    check_rc("set of vCPU 2", ext(XEN_DOMCTL_set_ext_vcpucontext, d, 2, 64), -XEN_ESRCH);
    clear_dc();
    e->size = 64;
    e->sysenter_callback_eip = 0x8000000000000000UL;
    check_rc("set a non-canonical SYSENTER callback", domctl(XEN_DOMCTL_set_ext_vcpucontext, d),
             -XEN_EINVAL);
    clear_dc();
    e->size = 64;
    e->vmce.caps = 0xffff;
    check_rc("set machine-check caps not offered", domctl(XEN_DOMCTL_set_ext_vcpucontext, d),
             -XEN_EINVAL);
    clear_dc();
    e->size = 64;
    e->syscall32_callback_cs = 0xe023;
    e->syscall32_callback_eip = 0x123456;
    e->sysenter_callback_cs = 0x10;
    e->sysenter_callback_eip = 0xffffffff81000000UL;
    e->syscall32_disables_events = 1;
    check_rc("set callbacks", domctl(XEN_DOMCTL_set_ext_vcpucontext, d), 0);
    if ( check_rc("and get them back", ext(XEN_DOMCTL_get_ext_vcpucontext, d, 0, 0), 0) )
        check_true("as set, the ring-0 selector given RPL 3",
                   e->syscall32_callback_cs == 0xe023 && e->syscall32_callback_eip == 0x123456 &&
                       e->syscall32_disables_events == 1 && e->sysenter_callback_cs == 0x13 &&
                       e->sysenter_callback_eip == 0xffffffff81000000UL &&
                       e->sysenter_disables_events == 0);
    clear_dc();
    e->size = 64;
    e->sysenter_callback_cs = 0x11;
    e->syscall32_disables_events = 5;
    check_rc("set an RPL 1 selector, disables_events 5", domctl(XEN_DOMCTL_set_ext_vcpucontext, d),
             0);
    if ( check_rc("and get them back", ext(XEN_DOMCTL_get_ext_vcpucontext, d, 0, 0), 0) )
        check_true("RPL 3 and a flag of 1",
                   e->sysenter_callback_cs == 0x13 && e->syscall32_disables_events == 1);
}

static long ioport(domid_t d, uint32_t first, uint32_t nr, uint8_t allow)
{
    clear_dc();
    dc.u.ioport_permission.first_port = first;
    dc.u.ioport_permission.nr_ports = nr;
    dc.u.ioport_permission.allow_access = allow;
    return domctl(XEN_DOMCTL_ioport_permission, d);
}

static long iomem(domid_t d, uint64_t first, uint64_t nr, uint8_t allow)
{
    clear_dc();
    dc.u.iomem_permission.first_mfn = first;
    dc.u.iomem_permission.nr_mfns = nr;
    dc.u.iomem_permission.allow_access = allow;
    return domctl(XEN_DOMCTL_iomem_permission, d);
}

static long irq(domid_t d, uint32_t pirq, uint8_t allow)
{
    clear_dc();
    dc.u.irq_permission.pirq = pirq;
    dc.u.irq_permission.allow_access = allow;
    return domctl(XEN_DOMCTL_irq_permission, d);
}

/* inb from port at IOPL 1 (the value, or -1 on a fault). */
static long inb_probe(uint16_t port)
{
    struct physdev_set_iopl io = {.iopl = 1};
    unsigned long v = 0;

    if ( hypercall2(__HYPERVISOR_physdev_op, PHYSDEVOP_set_iopl, (unsigned long)&io) )
        return -2;
    __asm__ volatile("1: inb %%dx, %%al\n2:\n" GUEST_EXTABLE_ENTRY : "+a"(v) : "d"(port));
    io.iopl = 0;
    hypercall2(__HYPERVISOR_physdev_op, PHYSDEVOP_set_iopl, (unsigned long)&io);
    return (long)(v & 0xff);
}

static void permissions(domid_t d)
{
    /* The hypervisor's own: COM1 and the local APIC are never dom0's to use or give. */
    check_rc("ioport COM1 (0x3f8+8) for the new domain", ioport(d, 0x3f8, 8, 1), -XEN_EPERM);
    check_rc("taking COM1 away (dom0 lacks it too)", ioport(d, 0x3f8, 8, 0), -XEN_EPERM);
    check_true("dom0 reads all ones from COM1's line status port", inb_probe(0x3fd) == 0xff);
    check_true("and from the interrupt controller's and the PIT's first ports",
               inb_probe(0x20) == 0xff && inb_probe(0x40) == 0xff);
    check_rc("ioport of the PIC for the new domain", ioport(d, 0x20, 2, 1), -XEN_EPERM);
    check_true("but reaches the keyboard controller's status port (not all ones)",
               inb_probe(0x64) >= 0 && inb_probe(0x64) != 0xff);
    check_rc("iomem of the local APIC page", iomem(d, 0xfee00, 1, 1), -XEN_EPERM);
    check_rc("mapping the local APIC page in dom0",
             hypervisor_update_va_mapping((unsigned long)spare_pages[2],
                                          pte_make(0xfee00, PTE_P | PTE_RW | PTE_A | PTE_D),
                                          UVMF_INVLPG),
             -XEN_EPERM);
    /* Ranges. */
    check_rc("ioport: 0 ports", ioport(d, 0x80, 0, 1), -XEN_EINVAL);
    check_rc("ioport: 0xfffe + 4 (past 0xffff)", ioport(d, 0xfffe, 4, 1), -XEN_EINVAL);
    check_rc("ioport: a wrapping range", ioport(d, 0xfffffff0, 0x20, 1), -XEN_EINVAL);
    check_rc("ioport: 0xffff + 1", ioport(d, 0xffff, 1, 1), 0);
    check_rc("ioport 0x80 to the new domain", ioport(d, 0x80, 1, 1), 0);
    check_rc("and away again", ioport(d, 0x80, 1, 0), 0);
    check_rc("ioport to dom0 itself", ioport(0, 0x80, 1, 1), 0);
    check_rc("ioport to a domain that does not exist", ioport(0x7000, 0x80, 1, 1), -XEN_ESRCH);
    check_rc("iomem: 0 frames", iomem(d, 0x100000, 0, 1), -XEN_EINVAL);
    check_rc("iomem: a wrapping range", iomem(d, ~0UL - 3, 8, 1), -XEN_EINVAL);
    check_rc("iomem: beyond what the CPU addresses", iomem(d, 1UL << 40, 1, 1), -XEN_EPERM);
    check_rc("iomem 16 frames above 4 GiB to the new domain", iomem(d, 0x100000, 16, 1), 0);
    check_rc("and away again", iomem(d, 0x100000, 16, 0), 0);
    check_rc("irq: pirq 5000 (beyond dom0's)", irq(d, 5000, 1), -XEN_EINVAL);
    check_rc("irq: pirq 200 (dom0 has not mapped it)", irq(d, 200, 1), -XEN_EPERM);
    check_rc("irq: taking pirq 4 away (not mapped either)", irq(d, 4, 0), -XEN_EPERM);
}

static long target(domid_t d, domid_t t)
{
    clear_dc();
    dc.u.set_target.target = t;
    return domctl(XEN_DOMCTL_set_target, d);
}

static void set_target(domid_t d, domid_t e)
{
    check_rc("set_target of a domain to itself", target(d, d), -XEN_EINVAL);
    check_rc("set_target to a domain that does not exist", target(d, 0x7000), -XEN_ESRCH);
    check_rc("set_target of a domain that does not exist", target(0x7000, d), -XEN_ESRCH);
    check_rc("set_target to DOMID_SELF", target(e, DOMID_SELF), -XEN_ESRCH);
    check_rc("set_target to a PV domain (targets are HVM)", target(d, e), -XEN_EOPNOTSUPP);
    check_rc("set_target to dom0", target(e, 0), -XEN_EOPNOTSUPP);
}

void test_main(void)
{
    domid_t d = new_domain(), e = new_domain();

    tsc(d);
    page_types(d);
    ext_context(d);
    permissions(d);
    set_target(d, e);
    check_rc("destroying the target first", destroy_domain(e), 0);
    check_rc("destroying the new domain", destroy_domain(d), 0);
}
