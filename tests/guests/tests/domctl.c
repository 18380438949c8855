/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dom0 acting as a toolstack through domctl. It creates a PV domain, gives it
 * a vCPU and 8 pages (memory_op populate_physmap for its domid), maps them
 * with mmu_update FOREIGNDOM, writes a 4-level page table and a few bytes of
 * code that shut the domain down with reason reboot through the hypercall
 * page the hypervisor writes (hypercall_init), sets the vCPU context (CR3,
 * rip, rsp) and unpauses it; VIRQ_DOM_EXC says it shut down, getdomaininfo
 * gives the reason. dom0 binds a channel to it and maps a page it grants;
 * destroyed meanwhile, it stays (dying) until dom0 unmaps, then goes
 * (VIRQ_DOM_EXC again), dom0's channel end left unbound. Then 50 domains of
 * 16 MiB each are created, filled and destroyed (800 MiB on a 512 MiB
 * machine: only if destroy gives the memory back).
 *
 * Refused on the way, with Xen 4.17's errnos: another interface version,
 * unknown sub-ops, unknown domains and vCPUs, destroying or pausing dom0
 * itself, HVM, a taken domid, a wrong max_vcpus, unpausing an unpaused
 * domain, empty affinity masks, a CR3 that is not an L4 table of the domain
 * (dom0's own L4, a frame beyond RAM), a writable foreign mapping of the
 * domain's page table, mapping its frames without FOREIGNDOM, a hypercall
 * page in a frame not its own or in a page table. The credit scheduler is
 * asked for on Xen 4.17 (its default is credit2).
 *
 * run-guest: --smp 2 -- sched=credit
 */
/* domctl is the tools' interface; the tools see the newest level, the one the guests ask for. */
#undef __XEN_INTERFACE_VERSION__
#define __XEN_TOOLS__ 1
#include "guest.h"
#include "public/domctl.h"
#include "domctl_calls.h"

const char test_title[] = "domctl: create, build, run, shut down and destroy a PV domain";

#define NR_FRAMES   8
#define CODE_VA     0x400000UL /* L4[0] L3[0] L2[2] L1[0] */
#define STACK_VA    0x401000UL /* L1[1] */
#define HCALL_VA    0x402000UL /* L1[2]: the spare frame, its hypercall page */
#define BULK_PAGES  4096       /* 16 MiB per domain in the create/destroy loop */
#define BULK_ROUNDS 50

/* Frames of the new domain, by role. */
enum { F_L4, F_L3, F_L2, F_L1, F_CODE, F_STACK, F_SPARE };

/*
 * The new domain's whole program: sched_op(SCHEDOP_shutdown, {SHUTDOWN_reboot})
 * through the hypercall page the hypervisor wrote (mapped at HCALL_VA), then spin.
 */
extern const uint8_t domu_code[], domu_code_end[];
__asm__(".pushsection .rodata\n"
        "domu_code:\n"
        "  mov $2, %edi\n" /* SCHEDOP_shutdown */
        "  lea 3f(%rip), %rsi\n"
        "  mov $0x4023a0, %eax\n" /* HCALL_VA + 32 * __HYPERVISOR_sched_op (29) */
        "  call *%rax\n"
        "1: jmp 1b\n"
        "  .balign 4\n"
        "3: .long 1\n" /* SHUTDOWN_reboot */
        "domu_code_end:\n"
        ".popsection\n");

static struct vcpu_guest_context ctxt;
static xen_pfn_t frames[512];
static xen_pfn_t spare_mfn; /* the new domain's frame that is neither table nor code */
static uint8_t big_map[4096];
static evtchn_port_t dom_exc_port;

static long domain_info(domid_t dom, struct xen_domctl_getdomaininfo *info)
{
    long rc;

    clear_dc();
    rc = domctl(XEN_DOMCTL_getdomaininfo, dom);
    *info = dc.u.getdomaininfo;
    return rc;
}

/* Give dom n pages (one extent each, guest frames from `first`); their machine frames in frames[].
 */
static long populate(domid_t dom, unsigned long n, unsigned long first)
{
    struct xen_memory_reservation r = {.nr_extents = n, .extent_order = 0, .domid = dom};

    for ( unsigned long i = 0; i < n; i++ )
        frames[i] = first + i;
    set_xen_guest_handle(r.extent_start, frames);
    return hypervisor_memory_op(XENMEM_populate_physmap, &r);
}

/* Point our spare page i at machine frame mfn of `owner` (0: unmap), and flush the TLB. */
static long remap_spare(unsigned int i, uint64_t pte, domid_t owner)
{
    struct mmu_update u = {.ptr = pte_maddr(spare_pages[i], 1) | MMU_NORMAL_PT_UPDATE, .val = pte};
    struct mmuext_op flush = {.cmd = MMUEXT_TLB_FLUSH_LOCAL};
    long rc = hypervisor_mmu_update(&u, 1, NULL, owner);

    hypervisor_mmuext_op(&flush, 1, NULL, DOMID_SELF);
    return rc;
}

static bool take_pending(evtchn_port_t port)
{
    uint64_t bit = 1UL << (port % 64);

    return __atomic_fetch_and(&shared_info->evtchn_pending[port / 64], ~bit, __ATOMIC_SEQ_CST) &
           bit;
}

/* Wait up to 10 s for VIRQ_DOM_EXC. */
static bool wait_dom_exc(void)
{
    uint64_t end = guest_system_time() + 10000000000ULL;

    while ( guest_system_time() < end )
    {
        struct sched_poll poll = {.nr_ports = 1, .timeout = guest_system_time() + 100000000ULL};

        if ( take_pending(dom_exc_port) )
            return true;
        set_xen_guest_handle(poll.ports, &dom_exc_port);
        hypervisor_sched_op(SCHEDOP_poll, &poll);
    }
    return take_pending(dom_exc_port);
}

static void refusals(void)
{
    struct xen_domctl_getdomaininfo info;
    long rc;

    clear_dc();
    dc.cmd = XEN_DOMCTL_getdomaininfo;
    dc.interface_version = XEN_DOMCTL_INTERFACE_VERSION - 1;
    check_rc("a domctl of interface version 0x14",
             hypercall1(__HYPERVISOR_domctl, (unsigned long)&dc), -XEN_EACCES);
    clear_dc();
    check_rc("domctl sub-op 9999", domctl(9999, 0), -XEN_ENOSYS);
    clear_dc();
    check_rc("pausedomain of a domain that does not exist", domctl(XEN_DOMCTL_pausedomain, 0x7000),
             -XEN_ESRCH);
    check_rc("destroydomain of dom0 by itself", destroy_domain(0), -XEN_EINVAL);
    clear_dc();
    check_rc("pausedomain of dom0 by itself", domctl(XEN_DOMCTL_pausedomain, 0), -XEN_EINVAL);
    rc = create_domain(0, XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap, 1);
    check_true("createdomain of an HVM domain is refused (-EINVAL or -EOPNOTSUPP)",
               rc == -XEN_EINVAL || rc == -XEN_EOPNOTSUPP);
    check_rc("createdomain with 0 vCPUs", create_domain(0, 0, 0), -XEN_EINVAL);

    if ( check_rc("getdomaininfo of dom0", domain_info(0, &info), 0) )
    {
        check_true("dom0: domain 0, running, not dying/shut down/paused",
                   info.domain == 0 &&
                       (info.flags & (XEN_DOMINF_running | XEN_DOMINF_dying | XEN_DOMINF_shutdown |
                                      XEN_DOMINF_paused)) == XEN_DOMINF_running);
        check_true("dom0: one vCPU online, max_vcpu_id 0",
                   info.nr_online_vcpus == 1 && info.max_vcpu_id == 0);
        check_true("dom0: shared_info_frame is start_info's",
                   info.shared_info_frame == start_info->shared_info >> PAGE_SHIFT);
        check_true("dom0: tot_pages within (0, max_pages]",
                   info.tot_pages > 0 && info.tot_pages <= info.max_pages);
        check_true("dom0: cpu_time counts", info.cpu_time > 0);
    }
}

/* The new domain's page tables and code, written through our spare pages. */
static bool build_image(domid_t dom, const xen_pfn_t *mfn)
{
    uint64_t *l4 = (uint64_t *)spare_pages[F_L4], *l3 = (uint64_t *)spare_pages[F_L3];
    uint64_t *l2 = (uint64_t *)spare_pages[F_L2], *l1 = (uint64_t *)spare_pages[F_L1];
    const uint64_t table = PTE_P | PTE_RW | PTE_US | PTE_A;
    bool ok = true;

    for ( unsigned int i = 0; i < F_SPARE; i++ )
    {
        char what[64];

        guest_snprintf(what, sizeof(what), "mapping its frame %u writable with FOREIGNDOM", i);
        ok &= check_rc(what, remap_spare(i, pte_make(mfn[i], PTE_P | PTE_RW | PTE_A | PTE_D), dom),
                       0);
    }
    if ( !ok )
        return false;
    guest_memset(spare_pages[0], 0, F_SPARE * PAGE_SIZE);
    l4[0] = pte_make(mfn[F_L3], table);
    l3[0] = pte_make(mfn[F_L2], table);
    l2[2] = pte_make(mfn[F_L1], table);
    l1[0] = pte_make(mfn[F_CODE], PTE_P | PTE_US | PTE_A);
    l1[1] = pte_make(mfn[F_STACK], PTE_P | PTE_RW | PTE_US | PTE_A | PTE_D);
    l1[2] = pte_make(mfn[F_SPARE], PTE_P | PTE_US | PTE_A);
    guest_memcpy(spare_pages[F_CODE], domu_code, (size_t)(domu_code_end - domu_code));
    /* Our writable mappings go: the tables could not be typed while they exist. */
    for ( unsigned int i = 0; i < F_SPARE; i++ )
        ok &= check_rc("unmapping its frame", remap_spare(i, 0, DOMID_SELF), 0);
    return ok;
}

static long set_context(domid_t dom, uint64_t cr3)
{
    guest_memset(&ctxt, 0, sizeof(ctxt));
    ctxt.flags = VGCF_in_kernel | VGCF_online;
    ctxt.user_regs.rip = CODE_VA;
    ctxt.user_regs.rsp = STACK_VA + PAGE_SIZE;
    ctxt.user_regs.cs = FLAT_KERNEL_CS64;
    ctxt.user_regs.ss = FLAT_KERNEL_SS64;
    ctxt.user_regs.rflags = 0x200;
    ctxt.kernel_ss = FLAT_KERNEL_SS64;
    ctxt.kernel_sp = STACK_VA + PAGE_SIZE;
    ctxt.ctrlreg[3] = cr3;
    clear_dc();
    dc.u.vcpucontext.vcpu = 0;
    set_xen_guest_handle(dc.u.vcpucontext.ctxt, &ctxt);
    return domctl(XEN_DOMCTL_setvcpucontext, dom);
}

static long affinity(domid_t dom, uint32_t cmd, uint8_t *map, uint32_t nr_bits)
{
    clear_dc();
    dc.u.vcpuaffinity.vcpu = 0;
    dc.u.vcpuaffinity.flags = XEN_VCPUAFFINITY_HARD;
    set_xen_guest_handle(dc.u.vcpuaffinity.cpumap_hard.bitmap, map);
    dc.u.vcpuaffinity.cpumap_hard.nr_bits = nr_bits;
    return domctl(cmd, dom);
}

static void vcpu_ops(domid_t dom)
{
    long rc;

    big_map[0] = 0;
    check_rc("setvcpuaffinity to no CPU", affinity(dom, XEN_DOMCTL_setvcpuaffinity, big_map, 8),
             -XEN_EINVAL);
    check_rc("setvcpuaffinity with a 0-bit map",
             affinity(dom, XEN_DOMCTL_setvcpuaffinity, big_map, 0), -XEN_EINVAL);
    guest_memset(big_map, 0xff, sizeof(big_map));
    big_map[0] = 0x01;
    if ( check_rc("setvcpuaffinity to CPU 0 with a 32768-bit map",
                  affinity(dom, XEN_DOMCTL_setvcpuaffinity, big_map, 8 * sizeof(big_map)), 0) )
    {
        bool rest_zero = true;

        for ( unsigned int i = 8; i < sizeof(big_map); i++ )
            rest_zero &= big_map[i] == 0;
        check_true("the effective map written back: CPU 0, zeros to its end",
                   big_map[0] == 0x01 && rest_zero);
    }
    guest_memset(big_map, 0, sizeof(big_map));
    if ( check_rc("getvcpuaffinity", affinity(dom, XEN_DOMCTL_getvcpuaffinity, big_map, 64), 0) )
        check_true("getvcpuaffinity says CPU 0", big_map[0] == 0x01);
    clear_dc();
    dc.u.getvcpuinfo.vcpu = 7;
    check_rc("getvcpuinfo of vCPU 7 of 1", domctl(XEN_DOMCTL_getvcpuinfo, dom), -XEN_EINVAL);
    clear_dc();
    if ( check_rc("getvcpuinfo of vCPU 0", domctl(XEN_DOMCTL_getvcpuinfo, dom), 0) )
        check_true("vCPU 0 online, not running (paused)",
                   dc.u.getvcpuinfo.online == 1 && dc.u.getvcpuinfo.running == 0);
    clear_dc();
    set_xen_guest_handle(dc.u.vcpucontext.ctxt, &ctxt);
    guest_memset(&ctxt, 0, sizeof(ctxt));
    rc = domctl(XEN_DOMCTL_getvcpucontext, dom);
    if ( check_rc("getvcpucontext", rc, 0) )
        check_true("the context read back has its rip and rsp",
                   ctxt.user_regs.rip == CODE_VA && ctxt.user_regs.rsp == STACK_VA + PAGE_SIZE);
}

static void node_affinity(domid_t dom)
{
    uint8_t map = 0;

    clear_dc();
    set_xen_guest_handle(dc.u.nodeaffinity.nodemap.bitmap, &map);
    dc.u.nodeaffinity.nodemap.nr_bits = 8;
    check_rc("setnodeaffinity to no node", domctl(XEN_DOMCTL_setnodeaffinity, dom), -XEN_EINVAL);
    map = 1;
    dc.u.nodeaffinity.nodemap.nr_bits = 8;
    check_rc("setnodeaffinity to node 0", domctl(XEN_DOMCTL_setnodeaffinity, dom), 0);
    map = 0;
    dc.u.nodeaffinity.nodemap.nr_bits = 8;
    if ( check_rc("getnodeaffinity", domctl(XEN_DOMCTL_getnodeaffinity, dom), 0) )
        check_true("getnodeaffinity says node 0", map == 1);
}

static void other_ops(domid_t dom)
{
    struct xen_domctl_getdomaininfo info;
    static const uint8_t handle[16] = "domctl-test-0001";

    clear_dc();
    dc.u.scheduler_op.sched_id = XEN_SCHEDULER_CREDIT;
    dc.u.scheduler_op.cmd = XEN_DOMCTL_SCHEDOP_putinfo;
    dc.u.scheduler_op.u.credit.weight = 512;
    dc.u.scheduler_op.u.credit.cap = 50;
    check_rc("credit scheduler: weight 512, cap 50", domctl(XEN_DOMCTL_scheduler_op, dom), 0);
    clear_dc();
    dc.u.scheduler_op.sched_id = XEN_SCHEDULER_CREDIT;
    dc.u.scheduler_op.cmd = XEN_DOMCTL_SCHEDOP_getinfo;
    if ( check_rc("credit scheduler: getinfo", domctl(XEN_DOMCTL_scheduler_op, dom), 0) )
        check_true("weight 512 and cap 50 read back", dc.u.scheduler_op.u.credit.weight == 512 &&
                                                          dc.u.scheduler_op.u.credit.cap == 50);
    clear_dc();
    dc.u.scheduler_op.sched_id = XEN_SCHEDULER_RTDS;
    dc.u.scheduler_op.cmd = XEN_DOMCTL_SCHEDOP_getinfo;
    check_rc("scheduler_op for RTDS (not the running scheduler)",
             domctl(XEN_DOMCTL_scheduler_op, dom), -XEN_EINVAL);
    clear_dc();
    dc.u.tsc_info.tsc_mode = 0;
    check_rc("settscinfo: the default TSC mode", domctl(XEN_DOMCTL_settscinfo, dom), 0);
    clear_dc();
    dc.u.tsc_info.tsc_mode = 7;
    check_rc("settscinfo: TSC mode 7", domctl(XEN_DOMCTL_settscinfo, dom), -XEN_EINVAL);
    node_affinity(dom);
    clear_dc();
    dc.u.address_size.size = 64;
    check_rc("set_address_size 64", domctl(XEN_DOMCTL_set_address_size, dom), 0);
    clear_dc();
    if ( check_rc("get_address_size", domctl(XEN_DOMCTL_get_address_size, dom), 0) )
        check_true("the address size is 64", dc.u.address_size.size == 64);
    clear_dc();
    guest_memcpy(dc.u.setdomainhandle.handle, handle, sizeof(handle));
    check_rc("setdomainhandle", domctl(XEN_DOMCTL_setdomainhandle, dom), 0);
    if ( check_rc("getdomaininfo after setdomainhandle", domain_info(dom, &info), 0) )
        check_true("the handle reads back",
                   guest_strncmp((const char *)info.handle, (const char *)handle, 16) == 0);
}

/* Create, build, run and destroy one domain; returns its id (0 on failure). */
static domid_t lifecycle(void)
{
    struct xen_domctl_getdomaininfo info;
    xen_pfn_t mfn[NR_FRAMES];
    domid_t dom;

    if ( !check_rc("createdomain (first free id)", create_domain(0, 0, 1), 0) )
        return 0;
    dom = dc.domain;
    guest_printf("domctl: created d%u\n", dom);
    check_true("a new domain id", dom != 0 && dom < DOMID_FIRST_RESERVED);
    check_rc("createdomain with the same id", create_domain(dom, 0, 1), -XEN_EEXIST);
    if ( check_rc("getdomaininfo of the new domain", domain_info(dom, &info), 0) &&
         !check_true(
             "new domain: paused, no shutdown code yet (~0 in bits 16-31), no vCPU, no page",
             info.domain == dom && info.flags == (XEN_DOMINF_paused | 0xffff0000U) &&
                 info.max_vcpu_id == XEN_INVALID_MAX_VCPU_ID && info.tot_pages == 0) )
        guest_printf("domctl: d%u flags %#x max_vcpu_id %#x tot_pages %lu\n", info.domain,
                     info.flags, info.max_vcpu_id, (unsigned long)info.tot_pages);
    clear_dc();
    dc.u.max_vcpus.max = 2;
    check_rc("max_vcpus 2 for a domain created with 1", domctl(XEN_DOMCTL_max_vcpus, dom),
             -XEN_EINVAL);
    clear_dc();
    dc.u.max_vcpus.max = 1;
    check_rc("max_vcpus 1", domctl(XEN_DOMCTL_max_vcpus, dom), 0);
    clear_dc();
    dc.u.vcpucontext.vcpu = 0;
    set_xen_guest_handle(dc.u.vcpucontext.ctxt, &ctxt);
    check_rc("getvcpucontext before any context", domctl(XEN_DOMCTL_getvcpucontext, dom),
             -XEN_ENODATA);
    clear_dc();
    dc.u.max_mem.max_memkb = NR_FRAMES * 4;
    check_rc("max_mem 32 KiB", domctl(XEN_DOMCTL_max_mem, dom), 0);
    check_rc("populate_physmap of 8 pages for it", populate(dom, NR_FRAMES, 0), NR_FRAMES);
    for ( unsigned int i = 0; i < NR_FRAMES; i++ )
        mfn[i] = frames[i];
    spare_mfn = mfn[F_SPARE];
    check_rc("a 9th page, beyond max_mem", populate(dom, 1, NR_FRAMES), 0);
    if ( check_rc("getdomaininfo after populate", domain_info(dom, &info), 0) )
        check_true("tot_pages 8, max_pages 8",
                   info.tot_pages == NR_FRAMES && info.max_pages == NR_FRAMES);
    check_rc("mapping its frame without FOREIGNDOM",
             remap_spare(F_SPARE, pte_make(mfn[0], PTE_P | PTE_A), DOMID_SELF), -XEN_EBUSY);
    if ( !build_image(dom, mfn) )
        return dom;
    clear_dc();
    dc.u.hypercall_init.gmfn = virt_to_mfn(spare_pages[F_SPARE]);
    check_rc("hypercall_init on a frame of dom0's", domctl(XEN_DOMCTL_hypercall_init, dom),
             -XEN_EINVAL);
    clear_dc();
    dc.u.hypercall_init.gmfn = mfn[F_SPARE];
    check_rc("hypercall_init on its spare frame", domctl(XEN_DOMCTL_hypercall_init, dom), 0);

    check_rc("setvcpucontext with dom0's own L4 as CR3", set_context(dom, xen_pfn_to_cr3(l4_mfn())),
             -XEN_EINVAL);
    check_rc("setvcpucontext with a CR3 beyond RAM", set_context(dom, xen_pfn_to_cr3(1UL << 35)),
             -XEN_EINVAL);
    clear_dc();
    dc.u.vcpucontext.vcpu = 3;
    set_xen_guest_handle(dc.u.vcpucontext.ctxt, &ctxt);
    check_rc("setvcpucontext of vCPU 3 of 1", domctl(XEN_DOMCTL_setvcpucontext, dom), -XEN_EINVAL);
    check_rc("setvcpucontext: CR3 its L4, rip its code",
             set_context(dom, xen_pfn_to_cr3(mfn[F_L4])), 0);
    clear_dc();
    dc.u.hypercall_init.gmfn = mfn[F_L1];
    check_rc("hypercall_init on its L1 table", domctl(XEN_DOMCTL_hypercall_init, dom), -XEN_EPERM);
    if ( check_rc("mapping its hypercall page read-only with FOREIGNDOM",
                  remap_spare(F_SPARE, pte_make(mfn[F_SPARE], PTE_P | PTE_A), dom), 0) )
    {
        const uint8_t *stub = spare_pages[F_SPARE] + 32 * __HYPERVISOR_sched_op;

        check_true("its sched_op stub: push %rcx; push %r11; mov $29, %eax",
                   stub[0] == 0x51 && stub[1] == 0x41 && stub[2] == 0x53 && stub[3] == 0xb8 &&
                       stub[4] == 29 && stub[5] == 0 && stub[6] == 0 && stub[7] == 0);
        check_rc("unmapping it", remap_spare(F_SPARE, 0, DOMID_SELF), 0);
    }
    check_rc("mapping its L1 table writable with FOREIGNDOM",
             remap_spare(F_SPARE, pte_make(mfn[F_L1], PTE_P | PTE_RW | PTE_A | PTE_D), dom),
             -XEN_EBUSY);
    if ( check_rc("mapping its L1 table read-only with FOREIGNDOM",
                  remap_spare(F_SPARE, pte_make(mfn[F_L1], PTE_P | PTE_A), dom), 0) )
    {
        check_true("the read-only mapping shows its code entry",
                   pte_mfn(((const uint64_t *)spare_pages[F_SPARE])[0]) == mfn[F_CODE]);
        check_rc("unmapping it", remap_spare(F_SPARE, 0, DOMID_SELF), 0);
    }
    vcpu_ops(dom);
    other_ops(dom);

    clear_dc();
    check_rc("pausedomain (a second pause)", domctl(XEN_DOMCTL_pausedomain, dom), 0);
    clear_dc();
    check_rc("unpausedomain (one pause left)", domctl(XEN_DOMCTL_unpausedomain, dom), 0);
    if ( check_rc("getdomaininfo", domain_info(dom, &info), 0) )
        check_true("still paused, not shut down",
                   (info.flags & (XEN_DOMINF_paused | XEN_DOMINF_shutdown)) == XEN_DOMINF_paused);
    take_pending(dom_exc_port);
    clear_dc();
    check_rc("unpausedomain: it runs", domctl(XEN_DOMCTL_unpausedomain, dom), 0);
    check_true("VIRQ_DOM_EXC when it shuts down", wait_dom_exc());
    if ( check_rc("getdomaininfo after its shutdown", domain_info(dom, &info), 0) )
        check_true("shut down with reason reboot (1), not dying",
                   (info.flags & (XEN_DOMINF_shutdown | XEN_DOMINF_dying)) == XEN_DOMINF_shutdown &&
                       ((info.flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask) ==
                           SHUTDOWN_reboot);
    clear_dc();
    if ( check_rc("getvcpuinfo after it ran", domctl(XEN_DOMCTL_getvcpuinfo, dom), 0) )
        check_true("it ran on CPU 0, as its affinity says (d3 starts on CPU 1)",
                   dc.u.getvcpuinfo.cpu == 0 && dc.u.getvcpuinfo.cpu_time > 0);
    clear_dc();
    check_rc("unpausedomain of an unpaused domain", domctl(XEN_DOMCTL_unpausedomain, dom),
             -XEN_EINVAL);
    return dom;
}

static long gnttab_op(unsigned int cmd, void *arg)
{
    return hypercall3(__HYPERVISOR_grant_table_op, cmd, (unsigned long)arg, 1);
}

/*
 * Before dom is destroyed: an interdomain channel from dom0 to it, and a
 * grant of its spare frame that dom0 maps (it granted it because dom0, its
 * toolstack, wrote the entry through a foreign mapping of its grant frame).
 * Destroyed while mapped, it stays, dying, until dom0 unmaps; the channel
 * waits unbound.
 */
static void destroy_while_mapped(domid_t dom)
{
    struct evtchn_alloc_unbound alloc = {.dom = dom, .remote_dom = 0};
    struct evtchn_bind_interdomain bind = {.remote_dom = dom};
    struct evtchn_status st = {.dom = DOMID_SELF};
    struct gnttab_setup_table setup = {.dom = dom, .nr_frames = 1};
    struct gnttab_map_grant_ref map = {.flags = GNTMAP_host_map, .ref = 5, .dom = dom};
    struct gnttab_unmap_grant_ref unmap = {0};
    struct xen_domctl_getdomaininfo info;
    volatile struct grant_entry_v1 *gt = (volatile struct grant_entry_v1 *)spare_pages[F_SPARE];
    uint64_t saved = l1e_of(spare_pages[F_SPARE]);
    xen_pfn_t gt_frame = 0;

    if ( !check_rc("a port of the new domain, unbound for dom0",
                   hypervisor_event_channel_op(EVTCHNOP_alloc_unbound, &alloc), 0) )
        return;
    bind.remote_port = alloc.port;
    if ( !check_rc("dom0 binds it", hypervisor_event_channel_op(EVTCHNOP_bind_interdomain, &bind),
                   0) )
        return;
    set_xen_guest_handle(setup.frame_list, &gt_frame);
    if ( !check_rc("GNTTABOP_setup_table for it", gnttab_op(GNTTABOP_setup_table, &setup), 0) ||
         !check_true("setup_table status okay", setup.status == GNTST_okay) ||
         !check_rc("mapping its grant frame with FOREIGNDOM",
                   remap_spare(F_SPARE, pte_make(gt_frame, PTE_P | PTE_RW | PTE_A | PTE_D), dom),
                   0) )
        return;
    gt[5].domid = 0;
    gt[5].frame = (uint32_t)spare_mfn;
    __atomic_store_n(&gt[5].flags, GTF_permit_access, __ATOMIC_SEQ_CST);
    check_rc("unmapping its grant frame", remap_spare(F_SPARE, 0, DOMID_SELF), 0);
    map.host_addr = (uint64_t)spare_pages[F_SPARE];
    gnttab_op(GNTTABOP_map_grant_ref, &map);
    if ( !check_true("dom0 maps its grant 5", map.status == GNTST_okay) )
        return;

    check_rc("destroydomain while dom0 maps its page", destroy_domain(dom), 0);
    if ( check_rc("getdomaininfo of the destroyed, still mapped domain", domain_info(dom, &info),
                  0) )
        check_true("it is there, dying", info.domain == dom && (info.flags & XEN_DOMINF_dying));
    st.port = bind.local_port;
    if ( check_rc("EVTCHNOP_status of dom0's end",
                  hypervisor_event_channel_op(EVTCHNOP_status, &st), 0) )
        check_true("dom0's end waits unbound for it",
                   st.status == EVTCHNSTAT_unbound && st.u.unbound.dom == dom);
    unmap.host_addr = map.host_addr;
    unmap.handle = map.handle;
    gnttab_op(GNTTABOP_unmap_grant_ref, &unmap);
    check_true("dom0 unmaps the grant", unmap.status == GNTST_okay);
    check_rc("our spare page mapped back", remap_spare(F_SPARE, saved, DOMID_SELF), 0);
    /* It goes with the last reference (Xen 4.17 unlinks it then; allow for deferred work). */
    check_true(
        "gone once unmapped",
        WAIT_FOR(domain_info(dom, &info) == -XEN_ESRCH || info.domain != dom, 1000000000ULL));
    check_rc("destroydomain once it is gone", destroy_domain(dom), -XEN_ESRCH);
}

static void bulk(void)
{
    unsigned int done = 0;

    for ( unsigned int round = 0; round < BULK_ROUNDS; round++ )
    {
        unsigned long got = 0;
        domid_t dom;
        long rc;

        if ( create_domain(0, 0, 1) != 0 )
            break;
        dom = dc.domain;
        clear_dc();
        dc.u.max_vcpus.max = 1;
        domctl(XEN_DOMCTL_max_vcpus, dom);
        clear_dc();
        dc.u.max_mem.max_memkb = BULK_PAGES * 4;
        domctl(XEN_DOMCTL_max_mem, dom);
        while ( got < BULK_PAGES && (rc = populate(dom, 512, got)) > 0 )
            got += (unsigned long)rc;
        rc = destroy_domain(dom);
        if ( got != BULK_PAGES || rc != 0 )
        {
            test_fail("round %u: d%u got %lu of %u pages, destroy said %s", round, dom, got,
                      BULK_PAGES, rc_name(rc));
            break;
        }
        done++;
    }
    check_true("50 domains of 16 MiB created, filled and destroyed", done == BULK_ROUNDS);
}

void test_main(void)
{
    struct evtchn_bind_virq bind = {.virq = VIRQ_DOM_EXC, .vcpu = 0};
    struct xen_domctl_getdomaininfo info;
    domid_t dom;
    long rc;

    if ( !check_rc("binding VIRQ_DOM_EXC", hypervisor_event_channel_op(EVTCHNOP_bind_virq, &bind),
                   0) )
        return;
    dom_exc_port = bind.port;
    refusals();
    dom = lifecycle();
    if ( dom == 0 )
        return;
    take_pending(dom_exc_port);
    destroy_while_mapped(dom);
    check_true("VIRQ_DOM_EXC when it is destroyed", wait_dom_exc());
    rc = domain_info(dom, &info);
    check_true("getdomaininfo no longer finds it", rc == -XEN_ESRCH || info.domain != dom);
    clear_dc();
    check_rc("pausedomain of the destroyed domain", domctl(XEN_DOMCTL_pausedomain, dom),
             -XEN_ESRCH);
    check_rc("populate_physmap for the destroyed domain", populate(dom, 1, 0), 0);
    bulk();
}
