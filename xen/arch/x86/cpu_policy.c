/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CPUID and MSR policies for the toolstack: sysctl get_cpu_policy (the
 * machine's and the PV guests' policies) and domctl get/set_cpu_policy (one
 * domain's). What a PV guest sees comes from pv_cpuid_leaf() alone
 * (pv/cpuid.c); this file lists it leaf by leaf in the ABI's arrays and keeps
 * the feature bits a toolstack narrowed a domain to.
 */
#include <xen/types.h> /* before the public headers, which use its types */

#include <asm/cpu_policy.h>
#include <asm/cpuid.h>
#include <asm/domain.h>
#include <public/arch-x86/xen.h>
#include <public/domctl.h>
#include <public/sysctl.h>
#include <xen/arch.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/string.h>

/*
 * The policy format (Xen 4.17's, which its toolstack reads and writes): basic
 * leaves 0..0xd, the subleaves of leaves 4, 7, 0xb and 0xd, the hypervisor
 * leaves' bases, extended leaves up to 0x80000021. A policy lists the basic
 * ones up to 0xd and the extended ones up to 0x80000008, each within the
 * CPU's own highest leaf; a toolstack may send any leaf of the format.
 */
#define BASIC_LAST       0xdu
#define EXTD_FIRST       0x80000000u
#define EXTD_LAST        0x80000008u
#define EXTD_FORMAT_LAST 0x80000021u
#define CACHE_SUBLEAVES  5u  /* leaf 4: deterministic cache parameters */
#define FEAT_SUBLEAVES   3u  /* leaf 7: structured features */
#define TOPO_SUBLEAVES   2u  /* leaf 0xb: SMT and core levels */
#define XSTATE_SUBLEAVES 63u /* leaf 0xd: 0, 1 and components 2..62 */
#define HV_LEAF          0x40000000u
/*
 * The most leaves a policy may have: what a size query answers. Xen 4.17's
 * number, which its toolstack sizes its buffers by (with fewer it refuses to
 * serialise a policy: "Failed to serialise CPUID", -ENOBUFS).
 */
#define FORMAT_LEAVES 120u

/*
 * The MSRs of a policy: PLATFORM_INFO (32 bits wide in the format) and
 * ARCH_CAPABILITIES, both 0 for PV guests here.
 */
#define POLICY_MSR_PLATFORM_INFO 0xceu
#define POLICY_MSR_ARCH_CAPS     0x10au
static const uint32_t policy_msrs[] = {POLICY_MSR_PLATFORM_INFO, POLICY_MSR_ARCH_CAPS};

/* Which registers of a leaf are feature words (a domain's policy narrows those). */
enum { REG_A, REG_B, REG_C, REG_D };
static const struct feature_word {
    uint32_t leaf, subleaf;
    uint8_t reg;
} feature_words[CPU_POLICY_WORDS] = {
    {1, XEN_CPUID_NO_SUBLEAF, REG_D},
    {1, XEN_CPUID_NO_SUBLEAF, REG_C},
    {0x80000001, XEN_CPUID_NO_SUBLEAF, REG_D},
    {0x80000001, XEN_CPUID_NO_SUBLEAF, REG_C},
    {0xd, 1, REG_A},
    {7, 0, REG_B},
    {7, 0, REG_C},
    {0x80000007, XEN_CPUID_NO_SUBLEAF, REG_D},
    {0x80000008, XEN_CPUID_NO_SUBLEAF, REG_B},
    {7, 0, REG_D},
    {7, 1, REG_A},
};

/* Registers that say how far the leaves go: a policy set may lower them, never raise. */
static const struct feature_word limit_words[] = {
    {0, XEN_CPUID_NO_SUBLEAF, REG_A},
    {7, 0, REG_A},
    {EXTD_FIRST, XEN_CPUID_NO_SUBLEAF, REG_A},
};

static uint32_t *reg_of(struct cpuid_regs *c, unsigned int reg)
{
    return reg == REG_A ? &c->a : reg == REG_B ? &c->b : reg == REG_C ? &c->c : &c->d;
}

/* Leaves with subleaves: how many; 0 for the others. */
static uint32_t subleaf_count(uint32_t leaf)
{
    switch ( leaf )
    {
    case 4:
        return CACHE_SUBLEAVES;
    case 7:
        return FEAT_SUBLEAVES;
    case 0xb:
        return TOPO_SUBLEAVES;
    case 0xd:
        return XSTATE_SUBLEAVES;
    }
    return 0;
}

/* Which policy a listing is of: the raw CPU, or PV guest vCPU v's (NULL: a new domU's). */
struct policy_src {
    bool raw;
    const struct vcpu *v;
    const struct cpu_policy_words *narrow; /* a domain's narrowed features, or NULL */
};

/* One leaf of a policy (subleaf 0 for leaves without subleaves). */
static struct cpuid_regs policy_leaf(const struct policy_src *s, uint32_t leaf, uint32_t subleaf)
{
    uint32_t sub = subleaf == XEN_CPUID_NO_SUBLEAF ? 0 : subleaf;
    struct cpuid_regs c;

    /* The hypervisor leaves' limits: 0, the default (a toolstack may not set them). */
    if ( leaf == HV_LEAF || leaf == HV_LEAF + 0x100 )
        return (struct cpuid_regs){0, 0, 0, 0};
    c = s->raw ? cpuid_count(leaf, sub) : pv_cpuid_leaf(s->v, leaf, sub);

    if ( s->narrow != NULL )
        cpu_policy_narrow(s->narrow, leaf, sub, &c);
    return c;
}

/* Whether leaf:subleaf is in the listing (given its leaf 0 and 0x80000000 answers). */
static bool leaf_listed(const struct policy_src *s, uint32_t basic_max, uint32_t extd_max,
                        uint32_t leaf, uint32_t subleaf)
{
    struct cpuid_regs c, x;

    if ( leaf == HV_LEAF || leaf == HV_LEAF + 0x100 )
        return subleaf == XEN_CPUID_NO_SUBLEAF;
    if ( leaf <= BASIC_LAST ? leaf > basic_max
                            : leaf < EXTD_FIRST || leaf > EXTD_LAST || leaf > extd_max )
        return false;
    if ( subleaf_count(leaf) == 0 )
        return subleaf == XEN_CPUID_NO_SUBLEAF;
    if ( subleaf >= subleaf_count(leaf) )
        return false;
    switch ( leaf )
    {
    /*
     * The subleaves a toolstack's copy of the policy lists again (so that the
     * list it sends back is the same size): for leaves 4 and 0xb, up to the
     * first of a null type, that one included.
     */
    case 4:
    case 0xb:
        for ( uint32_t i = 0; i < subleaf; i++ )
        {
            c = policy_leaf(s, leaf, i);
            if ( (leaf == 4 ? c.a & 0x1f : (c.c >> 8) & 0xff) == 0 )
                return false;
        }
        return true;
    case 7: /* up to the highest leaf 7 subleaf 0 names */
        return subleaf <= policy_leaf(s, 7, 0).a;
    case 0xd: /* 0, 1, then up to the highest XCR0 or XSS component */
        c = policy_leaf(s, 0xd, 0);
        x = policy_leaf(s, 0xd, 1);
        return subleaf < 2 || ((((uint64_t)(c.d | x.d) << 32) | c.a | x.c) >> subleaf) != 0;
    }
    return true;
}

/*
 * Write the policy's leaves to buf (room for *nr) and MSRs to mbuf (room for
 * *nr_msrs); *nr and *nr_msrs become how many were written. A null array
 * (0) is a size query: its count becomes the most the format has. -ENOBUFS
 * if an array is too small, -EFAULT on a bad one.
 */
static long policy_list(const struct policy_src *s, uint64_t buf, uint32_t *nr, uint64_t mbuf,
                        uint32_t *nr_msrs)
{
    uint32_t basic_max = policy_leaf(s, 0, 0).a;
    uint32_t extd_max = policy_leaf(s, EXTD_FIRST, 0).a;
    uint32_t n = 0, room = *nr;
    const uint32_t ranges[4][2] = {{0, BASIC_LAST},
                                   {HV_LEAF, HV_LEAF},
                                   {HV_LEAF + 0x100, HV_LEAF + 0x100},
                                   {EXTD_FIRST, EXTD_LAST}};

    for ( unsigned int r = 0; r < ARRAY_SIZE(ranges); r++ )
        for ( uint32_t leaf = ranges[r][0]; leaf <= ranges[r][1]; leaf++ )
        {
            uint32_t subs = subleaf_count(leaf);

            for ( uint32_t i = 0; i < (subs ? subs : 1); i++ )
            {
                uint32_t sub = subs ? i : XEN_CPUID_NO_SUBLEAF;
                struct cpuid_regs c;
                xen_cpuid_leaf_t l;

                if ( buf == 0 || !leaf_listed(s, basic_max, extd_max, leaf, sub) )
                    continue;
                if ( n >= room )
                    return -ENOBUFS;
                c = policy_leaf(s, leaf, sub);
                l = (xen_cpuid_leaf_t){leaf, sub, c.a, c.b, c.c, c.d};
                if ( copy_to_guest(buf + (uint64_t)n * sizeof(l), &l, sizeof(l)) )
                    return -EFAULT;
                n++;
            }
        }
    if ( mbuf != 0 )
    {
        if ( *nr_msrs < ARRAY_SIZE(policy_msrs) )
            return -ENOBUFS;
        for ( unsigned int i = 0; i < ARRAY_SIZE(policy_msrs); i++ )
        {
            xen_msr_entry_t m = {policy_msrs[i], 0, 0};

            if ( copy_to_guest(mbuf + (uint64_t)i * sizeof(m), &m, sizeof(m)) )
                return -EFAULT;
        }
    }
    *nr = buf != 0 ? n : FORMAT_LEAVES;
    *nr_msrs = ARRAY_SIZE(policy_msrs);
    return 0;
}

long arch_sysctl_cpu_policy(struct xen_sysctl_cpu_policy *p)
{
    struct policy_src s = {.raw = false, .v = NULL, .narrow = NULL};
    uint64_t buf = guest_handle_va(p->leaves), mbuf = guest_handle_va(p->msrs);

    if ( p->_rsvd != 0 )
        return -EINVAL;
    switch ( p->index )
    {
    case XEN_SYSCTL_cpu_policy_raw:
    case XEN_SYSCTL_cpu_policy_host: /* the hypervisor hides nothing from itself */
        s.raw = true;
        break;
    case XEN_SYSCTL_cpu_policy_pv_max:
    case XEN_SYSCTL_cpu_policy_pv_default: /* one PV policy: all of it is supported */
        break;
    case XEN_SYSCTL_cpu_policy_hvm_max:
    case XEN_SYSCTL_cpu_policy_hvm_default:
        return -EOPNOTSUPP; /* no HVM guests */
    default:
        return -EINVAL;
    }
    return policy_list(&s, buf, &p->nr_leaves, mbuf, &p->nr_msrs);
}

long arch_sysctl_cpu_featureset(struct xen_sysctl_cpu_featureset *f)
{
    struct policy_src s = {.raw = false, .v = NULL, .narrow = NULL};
    uint64_t buf = guest_handle_va(f->features);
    uint32_t n = CPU_POLICY_WORDS;

    switch ( f->index )
    {
    case XEN_SYSCTL_cpu_featureset_raw:
    case XEN_SYSCTL_cpu_featureset_host:
        s.raw = true;
        break;
    case XEN_SYSCTL_cpu_featureset_pv:
    case XEN_SYSCTL_cpu_featureset_pv_max:
        break;
    case XEN_SYSCTL_cpu_featureset_hvm:
    case XEN_SYSCTL_cpu_featureset_hvm_max:
        return -EOPNOTSUPP;
    default:
        return -EINVAL;
    }
    /* A short array gets the words that fit, and -ENOBUFS (as on Xen 4.17). */
    for ( uint32_t i = 0; buf != 0 && i < n && i < f->nr_features; i++ )
    {
        const struct feature_word *w = &feature_words[i];
        struct cpuid_regs c = policy_leaf(&s, w->leaf, w->subleaf);
        uint32_t word = *reg_of(&c, w->reg);

        if ( copy_to_guest(buf + i * sizeof(word), &word, sizeof(word)) )
            return -EFAULT;
    }
    if ( buf != 0 && f->nr_features < n )
        return -ENOBUFS;
    f->nr_features = n;
    return 0;
}

/* d's vCPU 0 (its policy's per-vCPU parts), or NULL before it has one. */
static const struct vcpu *policy_vcpu(const struct domain *d)
{
    return d->vcpu != NULL && d->max_vcpus > 0 ? d->vcpu[0] : NULL;
}

long arch_domctl_get_cpu_policy(struct domain *d, struct xen_domctl_cpu_policy *p)
{
    struct policy_src s = {.raw = false, .v = policy_vcpu(d), .narrow = &d->arch->cpu_policy};

    return policy_list(&s, guest_handle_va(p->leaves), &p->nr_leaves, guest_handle_va(p->msrs),
                       &p->nr_msrs);
}

/* Whether leaf:subleaf is one the policy format has (Xen 4.17's). */
static bool in_format(uint32_t leaf, uint32_t subleaf)
{
    if ( leaf <= BASIC_LAST && subleaf_count(leaf) )
        return subleaf < subleaf_count(leaf);
    return subleaf == XEN_CPUID_NO_SUBLEAF &&
           (leaf <= BASIC_LAST || leaf == HV_LEAF || leaf == HV_LEAF + 0x100 ||
            (leaf >= EXTD_FIRST && leaf <= EXTD_FORMAT_LAST));
}

/*
 * Check one leaf of a policy being set against d's maximum (the highest-leaf
 * values no higher: else false) and narrow w to its feature words, less what
 * the maximum lacks (dropped, as Xen 4.17 drops them).
 */
static bool leaf_narrow(const struct policy_src *max, const xen_cpuid_leaf_t *l,
                        struct cpu_policy_words *w)
{
    struct cpuid_regs want = {l->a, l->b, l->c, l->d}, have;
    uint32_t sub = l->subleaf == XEN_CPUID_NO_SUBLEAF ? 0 : l->subleaf;

    /* The hypervisor leaves are the hypervisor's: accepted and not changed. */
    if ( l->leaf == HV_LEAF || l->leaf == HV_LEAF + 0x100 )
        return true;
    have = policy_leaf(max, l->leaf, sub);
    for ( unsigned int i = 0; i < ARRAY_SIZE(limit_words); i++ )
        if ( limit_words[i].leaf == l->leaf && sub == 0 &&
             *reg_of(&want, limit_words[i].reg) > *reg_of(&have, limit_words[i].reg) )
            return false;
    for ( unsigned int i = 0; i < CPU_POLICY_WORDS; i++ )
    {
        const struct feature_word *f = &feature_words[i];

        if ( f->leaf == l->leaf && (f->subleaf == XEN_CPUID_NO_SUBLEAF || f->subleaf == sub) )
            w->word[i] = *reg_of(&want, f->reg) & *reg_of(&have, f->reg);
    }
    return true;
}

/* Check one MSR entry of a policy being set: 0, or the error Xen 4.17 gives. */
static long msr_check(const xen_msr_entry_t *m)
{
    bool known = false;

    for ( unsigned int i = 0; i < ARRAY_SIZE(policy_msrs); i++ )
        known |= m->idx == policy_msrs[i];
    if ( !known )
        return -ERANGE;
    if ( m->flags != 0 )
        return -EINVAL;
    if ( m->idx == POLICY_MSR_PLATFORM_INFO && m->val > 0xffffffffu )
        return -EOVERFLOW; /* wider than the format's field */
    /* Both MSRs are 0 in the maximum policy: nothing may be set in them. */
    return m->val != 0 ? -EINVAL : 0;
}

long arch_domctl_set_cpu_policy(struct domain *d, struct xen_domctl_cpu_policy *p)
{
    struct policy_src max = {.raw = false, .v = policy_vcpu(d), .narrow = NULL};
    uint64_t buf = guest_handle_va(p->leaves), mbuf = guest_handle_va(p->msrs);
    struct cpu_policy_words w = d->arch->cpu_policy;
    long rc = 0;

    if ( d == current->domain )
        return -EINVAL; /* not the caller's own policy under its feet */
    if ( p->nr_leaves > FORMAT_LEAVES || p->nr_msrs > ARRAY_SIZE(policy_msrs) )
        return -E2BIG; /* more than the format holds */
    if ( !w.set )
        for ( unsigned int i = 0; i < CPU_POLICY_WORDS; i++ )
            w.word[i] = ~0u;
    for ( uint32_t i = 0; i < p->nr_leaves && rc == 0; i++ )
    {
        xen_cpuid_leaf_t l;

        if ( copy_from_guest(&l, buf + (uint64_t)i * sizeof(l), sizeof(l)) )
            return -EFAULT;
        if ( !in_format(l.leaf, l.subleaf) )
            rc = -ERANGE;
        else if ( !leaf_narrow(&max, &l, &w) )
            rc = -EINVAL;
        if ( rc != 0 )
        {
            p->err_leaf = l.leaf;
            p->err_subleaf = l.subleaf;
            p->err_msr = ~0u;
        }
    }
    for ( uint32_t i = 0; i < p->nr_msrs && rc == 0; i++ )
    {
        xen_msr_entry_t m;

        if ( copy_from_guest(&m, mbuf + (uint64_t)i * sizeof(m), sizeof(m)) )
            return -EFAULT;
        if ( (rc = msr_check(&m)) != 0 )
        {
            p->err_leaf = p->err_subleaf = ~0u;
            p->err_msr = m.idx;
        }
    }
    if ( rc != 0 )
        return rc;
    w.set = true;
    d->arch->cpu_policy = w;
    return 0;
}

void cpu_policy_narrow(const struct cpu_policy_words *w, uint32_t leaf, uint32_t subleaf,
                       struct cpuid_regs *c)
{
    if ( !w->set )
        return;
    for ( unsigned int i = 0; i < CPU_POLICY_WORDS; i++ )
    {
        const struct feature_word *f = &feature_words[i];

        if ( f->leaf == leaf && (f->subleaf == XEN_CPUID_NO_SUBLEAF || f->subleaf == subleaf) )
            *reg_of(c, f->reg) &= w->word[i];
    }
}
