/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cpu_policy: the CPUID/MSR policy calls a toolstack makes before it builds a
 * PV domain (libxenguest's xc_cpuid_apply_policy, on `xl create`), from dom0.
 * sysctl get_cpu_policy: a null array asks for the size; the raw, host,
 * pv_max and pv_default policies list leaf 0 first, in (leaf, subleaf) order,
 * within that size, as the toolstack lists them again (the hypervisor leaves'
 * limits, leaf 4 up to its null cache type: else its copy does not fit); the PV ones show the
 * hypervisor bit and long mode, leaf 0 as our own CPUID says it; arrays one entry short are
 * -ENOBUFS, a bad index or a reserved field -EINVAL, a bad array -EFAULT. domctl get_cpu_policy of
 * a new domain lists what pv_default does; set_cpu_policy takes that back
 * unchanged, and with a feature taken away (get then lacks it); a feature the
 * maximum lacks (VMX) is dropped; a leaf outside the format or an unknown MSR
 * is -ERANGE, a PLATFORM_INFO wider than 32 bits -EOVERFLOW (naming it in
 * err_leaf/err_subleaf/err_msr), more leaves than the format has -ENOBUFS,
 * the caller's own domain -EINVAL; a refused call changes nothing.
 * sysctl get_cpu_featureset: its size; pv_max's words 0-3 are the pv_max
 * policy's leaf 1 and 0x80000001 EDX/ECX; a short array gets what fits and
 * -ENOBUFS;
 * raw has long mode; a bad index -EINVAL, a bad array -EFAULT.
 */
/* sysctl.h and domctl.h are for toolstacks: see them as a toolstack does. */
#undef __XEN_INTERFACE_VERSION__
#define __XEN_TOOLS__ 1
#include "guest.h"
#include "public/domctl.h"
#include "public/sysctl.h"
#include "domctl_calls.h"

const char test_title[] = "cpu_policy: sysctl/domctl get/set_cpu_policy";

#define NR_OF(a)   (sizeof(a) / sizeof((a)[0]))
#define MAX_LEAVES 256
#define MAX_MSRS   16
#define NO_SUB     XEN_CPUID_NO_SUBLEAF
#define VMX_BIT    (1u << 5)            /* leaf 1 ECX: never for a PV guest */
#define HV_BIT     (1u << 31)           /* leaf 1 ECX: running on a hypervisor */
#define LM_BIT     (1u << 29)           /* leaf 0x80000001 EDX: long mode */
#define HV_AREA    0xffff830000000000UL /* the hypervisor's own mappings */

static struct xen_sysctl sc;
static xen_cpuid_leaf_t leaves[MAX_LEAVES], dom_leaves[MAX_LEAVES];
static xen_msr_entry_t msrs[MAX_MSRS], dom_msrs[MAX_MSRS];

/* sysctl get_cpu_policy of policy `index` into arrays of nl / nm entries (NULL: ask the size). */
static long sys_policy(uint32_t index, xen_cpuid_leaf_t *l, uint32_t nl, xen_msr_entry_t *m,
                       uint32_t nm)
{
    guest_memset(&sc, 0, sizeof(sc));
    sc.cmd = XEN_SYSCTL_get_cpu_policy;
    sc.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    sc.u.cpu_policy.index = index;
    sc.u.cpu_policy.nr_leaves = nl;
    sc.u.cpu_policy.nr_msrs = nm;
    set_xen_guest_handle(sc.u.cpu_policy.leaves, l);
    set_xen_guest_handle(sc.u.cpu_policy.msrs, m);
    return hypercall1(__HYPERVISOR_sysctl, (unsigned long)&sc);
}

static long dom_policy(uint32_t cmd, domid_t d, xen_cpuid_leaf_t *l, uint32_t nl,
                       xen_msr_entry_t *m, uint32_t nm)
{
    clear_dc();
    dc.u.cpu_policy.nr_leaves = nl;
    dc.u.cpu_policy.nr_msrs = nm;
    set_xen_guest_handle(dc.u.cpu_policy.leaves, l);
    set_xen_guest_handle(dc.u.cpu_policy.msrs, m);
    return domctl(cmd, d);
}

static struct regs4 {
    uint32_t a, b, c, d;
} pv_cpuid(uint32_t leaf, uint32_t sub)
{
    struct regs4 r;

    __asm__ volatile("ud2a; .ascii \"xen\"; cpuid"
                     : "=a"(r.a), "=b"(r.b), "=c"(r.c), "=d"(r.d)
                     : "0"(leaf), "2"(sub));
    return r;
}

/* The entry for leaf:sub in l[0..n), or NULL. */
static xen_cpuid_leaf_t *find(xen_cpuid_leaf_t *l, uint32_t n, uint32_t leaf, uint32_t sub)
{
    for ( uint32_t i = 0; i < n; i++ )
        if ( l[i].leaf == leaf && l[i].subleaf == sub )
            return &l[i];
    return NULL;
}

/* Whether l[0..n) is in (leaf, subleaf) order with no repeats. */
static bool ordered(const xen_cpuid_leaf_t *l, uint32_t n)
{
    for ( uint32_t i = 1; i < n; i++ )
        if ( l[i].leaf < l[i - 1].leaf ||
             (l[i].leaf == l[i - 1].leaf && l[i].subleaf <= l[i - 1].subleaf) )
            return false;
    return true;
}

static uint32_t max_leaves, max_msrs;

static void test_sysctl(void)
{
    static const char *const names[] = {"raw", "host", "pv_max", "hvm_max", "pv_default"};
    struct regs4 own0 = pv_cpuid(0, 0);
    xen_cpuid_leaf_t *l1, *x1, *l0;
    long rc;

    rc = sys_policy(XEN_SYSCTL_cpu_policy_raw, NULL, 0, NULL, 0);
    check_rc("get_cpu_policy with null arrays (the size)", rc, 0);
    max_leaves = sc.u.cpu_policy.nr_leaves;
    max_msrs = sc.u.cpu_policy.nr_msrs;
    guest_printf("policy size: %u leaves, %u MSRs\n", max_leaves, max_msrs);
    check_true("the size: 10..256 leaves, 1..16 MSRs", max_leaves >= 10 &&
                                                           max_leaves <= MAX_LEAVES &&
                                                           max_msrs >= 1 && max_msrs <= MAX_MSRS);
    if ( max_leaves > MAX_LEAVES || max_msrs > MAX_MSRS )
        return;
    for ( uint32_t i = 0; i < NR_OF(names); i++ )
    {
        if ( i == XEN_SYSCTL_cpu_policy_hvm_max )
            continue;
        rc = sys_policy(i, leaves, max_leaves, msrs, max_msrs);
        guest_printf("%s: %s, %u leaves, %u MSRs\n", names[i], rc_name(rc),
                     sc.u.cpu_policy.nr_leaves, sc.u.cpu_policy.nr_msrs);
        if ( !check_rc(names[i], rc, 0) )
            continue;
        if ( !check_true("no more leaves and MSRs than the size said",
                         sc.u.cpu_policy.nr_leaves <= max_leaves &&
                             sc.u.cpu_policy.nr_msrs <= max_msrs) )
            continue;
        check_true("leaf 0 first, then (leaf, subleaf) order",
                   leaves[0].leaf == 0 && leaves[0].subleaf == NO_SUB &&
                       ordered(leaves, sc.u.cpu_policy.nr_leaves));
        check_true("MSR entries' flags are 0", msrs[0].flags == 0);
    }
    /* The PV default: what a new domU gets. */
    rc = sys_policy(XEN_SYSCTL_cpu_policy_pv_default, leaves, max_leaves, msrs, max_msrs);
    l0 = find(leaves, sc.u.cpu_policy.nr_leaves, 0, NO_SUB);
    l1 = find(leaves, sc.u.cpu_policy.nr_leaves, 1, NO_SUB);
    x1 = find(leaves, sc.u.cpu_policy.nr_leaves, 0x80000001, NO_SUB);
    {
        /* As a toolstack lists it again: a short list comes back too long for its buffer. */
        uint32_t n4 = 0, last4 = 0;

        for ( uint32_t i = 0; i < sc.u.cpu_policy.nr_leaves; i++ )
            if ( leaves[i].leaf == 4 )
            {
                n4++;
                last4 = leaves[i].a & 0x1f;
            }
        check_true("pv_default lists the hypervisor leaves' limits (0x40000000, 0x40000100)",
                   find(leaves, sc.u.cpu_policy.nr_leaves, 0x40000000, NO_SUB) &&
                       find(leaves, sc.u.cpu_policy.nr_leaves, 0x40000100, NO_SUB));
        check_true("pv_default's leaf 4 ends with its null cache type (or has all 5)",
                   n4 > 0 && (last4 == 0 || n4 == 5));
    }
    if ( check_true("pv_default has leaves 0, 1 and 0x80000001", rc == 0 && l0 && l1 && x1) )
    {
        guest_printf("pv_default leaf 1: %08x %08x %08x %08x\n", l1->a, l1->b, l1->c, l1->d);
        check_true("pv_default: the hypervisor bit, no VMX",
                   (l1->c & HV_BIT) && !(l1->c & VMX_BIT));
        check_true("pv_default: long mode", (x1->d & LM_BIT) != 0);
        check_true("pv_default leaf 0 is what our CPUID says",
                   l0->b == own0.b && l0->c == own0.c && l0->d == own0.d);
    }
    rc = sys_policy(XEN_SYSCTL_cpu_policy_hvm_max, leaves, max_leaves, msrs, max_msrs);
    check_true("hvm_max: 0 (Xen 4.17 has HVM) or -EOPNOTSUPP (ours has none)",
               rc == 0 || rc == -XEN_EOPNOTSUPP);
    /* Bad requests. */
    rc = sys_policy(XEN_SYSCTL_cpu_policy_pv_default, leaves, 1, msrs, max_msrs);
    check_rc("room for 1 leaf", rc, -XEN_ENOBUFS);
    rc = sys_policy(XEN_SYSCTL_cpu_policy_pv_default, leaves, max_leaves, msrs, 0);
    check_rc("room for no MSR", rc, -XEN_ENOBUFS);
    check_rc("index 6", sys_policy(6, leaves, max_leaves, msrs, max_msrs), -XEN_EINVAL);
    check_rc("index ~0", sys_policy(~0u, leaves, max_leaves, msrs, max_msrs), -XEN_EINVAL);
    guest_memset(&sc, 0, sizeof(sc));
    sc.cmd = XEN_SYSCTL_get_cpu_policy;
    sc.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    sc.u.cpu_policy._rsvd = 1;
    check_rc("_rsvd 1", hypercall1(__HYPERVISOR_sysctl, (unsigned long)&sc), -XEN_EINVAL);
    rc = sys_policy(XEN_SYSCTL_cpu_policy_pv_default, (xen_cpuid_leaf_t *)HV_AREA, max_leaves, msrs,
                    max_msrs);
    check_rc("leaves in the hypervisor's area", rc, -XEN_EFAULT);
    rc = sys_policy(XEN_SYSCTL_cpu_policy_pv_default, leaves, max_leaves,
                    (xen_msr_entry_t *)HV_AREA, max_msrs);
    check_rc("MSRs in the hypervisor's area", rc, -XEN_EFAULT);
}

static void test_domctl(void)
{
    uint32_t nl, nm, pvn;
    xen_cpuid_leaf_t *l1, *p1;
    domid_t d;
    long rc;

    if ( max_leaves == 0 || max_leaves > MAX_LEAVES || max_msrs > MAX_MSRS )
        return;
    if ( !check_rc("createdomain", create_domain(0, 0, 2), 0) )
        return;
    d = dc.domain;
    clear_dc();
    dc.u.max_vcpus.max = 2;
    check_rc("max_vcpus 2", domctl(XEN_DOMCTL_max_vcpus, d), 0);

    rc = dom_policy(XEN_DOMCTL_get_cpu_policy, d, NULL, 0, NULL, 0);
    check_rc("domctl get_cpu_policy with null arrays", rc, 0);
    guest_printf("domain policy size: %u leaves, %u MSRs\n", dc.u.cpu_policy.nr_leaves,
                 dc.u.cpu_policy.nr_msrs);
    check_true("its size is the sysctl's",
               dc.u.cpu_policy.nr_leaves == max_leaves && dc.u.cpu_policy.nr_msrs == max_msrs);
    rc = dom_policy(XEN_DOMCTL_get_cpu_policy, d, dom_leaves, max_leaves, dom_msrs, max_msrs);
    nl = dc.u.cpu_policy.nr_leaves;
    nm = dc.u.cpu_policy.nr_msrs;
    check_rc("domctl get_cpu_policy", rc, 0);
    check_rc("domctl get_cpu_policy with room for 1 leaf",
             dom_policy(XEN_DOMCTL_get_cpu_policy, d, dom_leaves, 1, dom_msrs, max_msrs),
             -XEN_ENOBUFS);
    check_rc(
        "domctl get_cpu_policy of a domain that does not exist",
        dom_policy(XEN_DOMCTL_get_cpu_policy, 0x7000, dom_leaves, max_leaves, dom_msrs, max_msrs),
        -XEN_ESRCH);
    sys_policy(XEN_SYSCTL_cpu_policy_pv_default, leaves, max_leaves, msrs, max_msrs);
    pvn = sc.u.cpu_policy.nr_leaves;
    l1 = find(dom_leaves, nl, 1, NO_SUB);
    p1 = find(leaves, pvn, 1, NO_SUB);
    if ( !check_true("the new domain's policy has leaf 1, as pv_default", rc == 0 && l1 && p1) )
        goto out;
    guest_printf("domain leaf 1: %08x %08x %08x %08x\n", l1->a, l1->b, l1->c, l1->d);
    check_true("its leaf 1 features are pv_default's (but OSXSAVE, bit 27)",
               (l1->c & ~(1u << 27)) == (p1->c & ~(1u << 27)) && l1->d == p1->d);

    /* set: the same policy back. */
    rc = dom_policy(XEN_DOMCTL_set_cpu_policy, d, dom_leaves, nl, dom_msrs, nm);
    guest_printf("set unchanged: %s (err leaf %x:%x msr %x)\n", rc_name(rc),
                 dc.u.cpu_policy.err_leaf, dc.u.cpu_policy.err_subleaf, dc.u.cpu_policy.err_msr);
    check_rc("set_cpu_policy of the policy as it is", rc, 0);
    /* set: a feature taken away (SSE3, which every x86-64 CPU of ours has). */
    l1 = find(dom_leaves, nl, 1, NO_SUB);
    if ( l1 && (l1->c & 1u) )
    {
        l1->c &= ~1u;
        rc = dom_policy(XEN_DOMCTL_set_cpu_policy, d, dom_leaves, nl, dom_msrs, nm);
        check_rc("set_cpu_policy without SSE3", rc, 0);
        rc = dom_policy(XEN_DOMCTL_get_cpu_policy, d, dom_leaves, max_leaves, dom_msrs, max_msrs);
        l1 = find(dom_leaves, dc.u.cpu_policy.nr_leaves, 1, NO_SUB);
        check_true("get_cpu_policy: SSE3 is gone, the rest of leaf 1 ECX stays",
                   rc == 0 && l1 && !(l1->c & 1u) && (l1->c & HV_BIT));
    }
    else
        test_fail("leaf 1 of the domain has no SSE3");
    /* set: what the maximum lacks. */
    l1 = find(dom_leaves, nl, 1, NO_SUB);
    if ( l1 )
    {
        l1->c |= VMX_BIT;
        rc = dom_policy(XEN_DOMCTL_set_cpu_policy, d, dom_leaves, nl, dom_msrs, nm);
        guest_printf("set with VMX: %s (err leaf %x:%x msr %x)\n", rc_name(rc),
                     dc.u.cpu_policy.err_leaf, dc.u.cpu_policy.err_subleaf,
                     dc.u.cpu_policy.err_msr);
        check_rc("set_cpu_policy with VMX, which the maximum lacks (dropped)", rc, 0);
        l1->c &= ~VMX_BIT;
        rc = dom_policy(XEN_DOMCTL_get_cpu_policy, d, leaves, max_leaves, msrs, max_msrs);
        p1 = find(leaves, dc.u.cpu_policy.nr_leaves, 1, NO_SUB);
        check_true("get_cpu_policy: no VMX, SSE3 still gone",
                   rc == 0 && p1 && !(p1->c & VMX_BIT) && !(p1->c & 1u) && (p1->c & HV_BIT));
    }
    dom_leaves[0].leaf = 0x12345;
    rc = dom_policy(XEN_DOMCTL_set_cpu_policy, d, dom_leaves, nl, dom_msrs, nm);
    guest_printf("set with leaf 0x12345: %s (err leaf %x:%x)\n", rc_name(rc),
                 dc.u.cpu_policy.err_leaf, dc.u.cpu_policy.err_subleaf);
    check_true("set_cpu_policy with leaf 0x12345: -ERANGE, naming it",
               rc == -XEN_ERANGE && dc.u.cpu_policy.err_leaf == 0x12345 &&
                   dc.u.cpu_policy.err_subleaf == NO_SUB);
    dom_leaves[0].leaf = 7;
    dom_leaves[0].subleaf = 5;
    rc = dom_policy(XEN_DOMCTL_set_cpu_policy, d, dom_leaves, nl, dom_msrs, nm);
    check_true("set_cpu_policy with leaf 7 subleaf 5: -ERANGE, naming it",
               rc == -XEN_ERANGE && dc.u.cpu_policy.err_leaf == 7 &&
                   dc.u.cpu_policy.err_subleaf == 5);
    dom_leaves[0].subleaf = NO_SUB;
    dom_leaves[0].leaf = 0;
    if ( nm > 0 )
    {
        dom_msrs[0].val = ~0ull;
        rc = dom_policy(XEN_DOMCTL_set_cpu_policy, d, dom_leaves, nl, dom_msrs, nm);
        guest_printf("set with MSR %x all ones: %s (err msr %x)\n", dom_msrs[0].idx, rc_name(rc),
                     dc.u.cpu_policy.err_msr);
        check_true("set_cpu_policy with PLATFORM_INFO all ones: -EOVERFLOW, naming it",
                   dom_msrs[0].idx == 0xce && rc == -XEN_EOVERFLOW &&
                       dc.u.cpu_policy.err_msr == 0xce);
        dom_msrs[0].val = 0;
        dom_msrs[0].idx = 0x10; /* the TSC: not in a policy */
        rc = dom_policy(XEN_DOMCTL_set_cpu_policy, d, dom_leaves, nl, dom_msrs, nm);
        guest_printf("set with MSR 0x10: %s (err msr %x)\n", rc_name(rc), dc.u.cpu_policy.err_msr);
        check_true("set_cpu_policy with MSR 0x10: -ERANGE, naming it",
                   rc == -XEN_ERANGE && dc.u.cpu_policy.err_msr == 0x10);
        dom_msrs[0].idx = 0xce;
        dom_msrs[0].flags = 1;
        rc = dom_policy(XEN_DOMCTL_set_cpu_policy, d, dom_leaves, nl, dom_msrs, nm);
        guest_printf("set with flags 1: %s (err msr %x)\n", rc_name(rc), dc.u.cpu_policy.err_msr);
        check_rc("set_cpu_policy with an MSR's flags 1", rc, -XEN_EINVAL);
        dom_msrs[0].flags = 0;
    }
    rc = dom_policy(XEN_DOMCTL_set_cpu_policy, 0, dom_leaves, nl, dom_msrs, nm);
    check_rc("set_cpu_policy of the caller's own domain", rc, -XEN_EINVAL);
    rc = dom_policy(XEN_DOMCTL_set_cpu_policy, d, (xen_cpuid_leaf_t *)HV_AREA, nl, dom_msrs, nm);
    check_rc("set_cpu_policy with leaves in the hypervisor's area", rc, -XEN_EFAULT);
    rc = dom_policy(XEN_DOMCTL_set_cpu_policy, d, dom_leaves, 100000, dom_msrs, nm);
    guest_printf("set with 100000 leaves: %s\n", rc_name(rc));
    check_rc("set_cpu_policy of 100000 leaves (more than the format has)", rc, -XEN_E2BIG);
    rc = dom_policy(XEN_DOMCTL_get_cpu_policy, d, dom_leaves, max_leaves, dom_msrs, max_msrs);
    l1 = find(dom_leaves, dc.u.cpu_policy.nr_leaves, 1, NO_SUB);
    check_true("after the refused calls the policy is as it was (no SSE3, no VMX)",
               rc == 0 && l1 && !(l1->c & 1u) && !(l1->c & VMX_BIT) && (l1->c & HV_BIT));
    {
        /* What `xl create` tries first for the grant table: a resource type no one has. */
        static xen_pfn_t frames[1];
        struct xen_mem_acquire_resource r = {.domid = d, .type = 0x7fff, .nr_frames = 1};

        set_xen_guest_handle(r.frame_list, frames);

        check_rc("acquire_resource of the domain's type 0x7fff resource",
                 hypervisor_memory_op(XENMEM_acquire_resource, &r), -XEN_EOPNOTSUPP);
    }
out:
    check_rc("destroydomain", destroy_domain(d), 0);
}

static long featureset(uint32_t index, uint32_t *buf, uint32_t n)
{
    guest_memset(&sc, 0, sizeof(sc));
    sc.cmd = XEN_SYSCTL_get_cpu_featureset;
    sc.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    sc.u.cpu_featureset.index = index;
    sc.u.cpu_featureset.nr_features = n;
    set_xen_guest_handle(sc.u.cpu_featureset.features, buf);
    return hypercall1(__HYPERVISOR_sysctl, (unsigned long)&sc);
}

/* get_cpu_featureset: the words of leaf 1 and 0x80000001 as the policies list them. */
static void test_featureset(void)
{
    static uint32_t fs[64];
    uint32_t nr;
    xen_cpuid_leaf_t *l1, *x1;
    long rc;

    rc = featureset(XEN_SYSCTL_cpu_featureset_host, NULL, 0);
    nr = sc.u.cpu_featureset.nr_features;
    guest_printf("featureset size: %s, %u words\n", rc_name(rc), nr);
    check_true("get_cpu_featureset with a null array: 0, 8..64 words",
               rc == 0 && nr >= 8 && nr <= 64);
    if ( nr < 8 || nr > 64 )
        return;
    rc = featureset(XEN_SYSCTL_cpu_featureset_pv_max, fs, 64);
    check_true("pv_max with room for 64: all the words there are",
               rc == 0 && sc.u.cpu_featureset.nr_features == nr);
    rc = sys_policy(XEN_SYSCTL_cpu_policy_pv_max, leaves, max_leaves, msrs, max_msrs);
    l1 = find(leaves, sc.u.cpu_policy.nr_leaves, 1, NO_SUB);
    x1 = find(leaves, sc.u.cpu_policy.nr_leaves, 0x80000001, NO_SUB);
    guest_printf("pv_max featureset: %08x %08x %08x %08x\n", fs[0], fs[1], fs[2], fs[3]);
    if ( check_true("pv_max policy has leaves 1 and 0x80000001", rc == 0 && l1 && x1) )
        check_true("the featureset's words 0-3 are those leaves' EDX, ECX (but OSXSAVE)",
                   fs[0] == l1->d && (fs[1] & ~(1u << 27)) == (l1->c & ~(1u << 27)) &&
                       fs[2] == x1->d && fs[3] == x1->c);
    fs[0] = 0x5a5a5a5a;
    rc = featureset(XEN_SYSCTL_cpu_featureset_host, fs, nr - 1);
    guest_printf("host, one word less: %s, word 0 %08x\n", rc_name(rc), fs[0]);
    check_true("host with room for one word less: -ENOBUFS, what fits written",
               rc == -XEN_ENOBUFS && fs[0] != 0x5a5a5a5a);
    rc = featureset(XEN_SYSCTL_cpu_featureset_raw, fs, 64);
    check_true("raw: long mode in word 2", rc == 0 && (fs[2] & LM_BIT));
    rc = featureset(XEN_SYSCTL_cpu_featureset_hvm, fs, 64);
    check_true("hvm: 0 (Xen 4.17 has HVM) or -EOPNOTSUPP (ours has none)",
               rc == 0 || rc == -XEN_EOPNOTSUPP);
    check_rc("index 6", featureset(6, fs, 64), -XEN_EINVAL);
    check_rc("words in the hypervisor's area",
             featureset(XEN_SYSCTL_cpu_featureset_pv, (uint32_t *)HV_AREA, 64), -XEN_EFAULT);
}

void test_main(void)
{
    test_sysctl();
    test_featureset();
    test_domctl();
}
