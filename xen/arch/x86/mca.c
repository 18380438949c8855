/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mca: machine-check telemetry for the hardware domain (public/arch-x86/
 * xen-mca.h). We describe the physical CPUs (Linux's xen_mcelog needs them to
 * offer /dev/mcelog) and have no telemetry to fetch: the hypervisor does not
 * collect machine-check records, and error injection is not supported.
 */
#include <asm/apic.h>
#include <asm/processor.h>
#include <public/arch-x86/xen-mca.h>
#include <xen/arch.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/string.h>

long do_mca(uint64_t arg);

/* CPUID leaf 0x80000002..4: the brand string, or "" without it. */
static void brand_string(char *out, size_t size)
{
    uint32_t words[12];

    memset(out, 0, size);
    if ( size < sizeof(words) + 1 || cpuid(0x80000000).a < 0x80000004 )
        return;
    for ( unsigned int i = 0; i < 3; i++ )
    {
        struct cpuid_regs r = cpuid(0x80000002 + i);

        words[4 * i] = r.a, words[4 * i + 1] = r.b, words[4 * i + 2] = r.c, words[4 * i + 3] = r.d;
    }
    memcpy(out, words, sizeof(words));
}

/* What XEN_MC_physcpuinfo says of CPU cpu (every CPU is the boot CPU's model). */
static void describe_cpu(unsigned int cpu, struct mcinfo_logical_cpu *c)
{
    struct cpuid_regs v = cpuid(0), l1 = cpuid(1);
    uint32_t family = (l1.a >> 8) & 0xf, model = (l1.a >> 4) & 0xf, core = 0, socket = 0;
    struct arch_cpu_info info;

    memset(c, 0, sizeof(*c));
    arch_get_cpu_info(&info);
    arch_cpu_topology(cpu, &core, &socket);
    if ( family == 0xf )
        family += (l1.a >> 20) & 0xff;
    if ( family >= 6 )
        model |= ((l1.a >> 16) & 0xf) << 4;
    c->mc_cpunr = cpu;
    c->mc_chipid = socket;
    c->mc_coreid = (uint16_t)core;
    c->mc_threadid = (uint16_t)(cpu_to_apic_id[cpu] & (info.threads_per_core - 1));
    c->mc_apicid = cpu_to_apic_id[cpu];
    c->mc_ncores = info.cores_per_socket;
    c->mc_ncores_active = info.cores_per_socket;
    c->mc_nthreads = info.threads_per_core;
    c->mc_cpuid_level = (int32_t)v.a;
    c->mc_family = family;
    c->mc_model = model;
    c->mc_step = l1.a & 0xf;
    memcpy(c->mc_vendorid, &v.b, 4);
    memcpy(c->mc_vendorid + 4, &v.d, 4);
    memcpy(c->mc_vendorid + 8, &v.c, 4);
    brand_string(c->mc_brandid, sizeof(c->mc_brandid));
    c->mc_cpu_caps[MC_CAPS_STD_EDX] = info.hw_cap[0];
    c->mc_cpu_caps[MC_CAPS_STD_ECX] = info.hw_cap[1];
    c->mc_cpu_caps[MC_CAPS_AMD_EDX] = info.hw_cap[2];
    c->mc_cpu_caps[MC_CAPS_AMD_ECX] = info.hw_cap[3];
    c->mc_cache_alignment = ((l1.b >> 8) & 0xff) * 8; /* the CLFLUSH line size */
}

static long physcpuinfo(struct xen_mc_physcpuinfo *p)
{
    unsigned int n = num_online_cpus();

    if ( guest_handle_va(p->info) == 0 )
    {
        p->ncpus = n;
        return 0;
    }
    if ( p->ncpus < n )
        return -EINVAL;
    for ( unsigned int cpu = 0, i = 0; cpu < NR_CPUS; cpu++ )
    {
        struct mcinfo_logical_cpu c;

        if ( !cpu_online(cpu) )
            continue;
        describe_cpu(cpu, &c);
        if ( copy_to_guest(guest_handle_va(p->info) + i++ * sizeof(c), &c, sizeof(c)) )
            return -EFAULT;
    }
    p->ncpus = n;
    return 0;
}

long do_mca(uint64_t arg)
{
    struct xen_mc op;
    long rc;

    if ( !current->domain->is_privileged )
        return -EPERM;
    if ( copy_from_guest(&op, arg, sizeof(op)) )
        return -EFAULT;
    if ( op.interface_version != XEN_MCA_INTERFACE_VERSION )
        return -EACCES;
    switch ( op.cmd )
    {
    case XEN_MC_fetch:
        /* Nothing is ever collected: no record to give, none to acknowledge. */
        op.u.mc_fetch.flags = (op.u.mc_fetch.flags & XEN_MC_ACK) ? XEN_MC_NOMATCH : XEN_MC_NODATA;
        op.u.mc_fetch.fetch_id = 0;
        rc = 0;
        break;
    case XEN_MC_physcpuinfo:
        rc = physcpuinfo(&op.u.mc_physcpuinfo);
        break;
    case XEN_MC_notifydomain:
        return -EINVAL; /* gone from Xen too */
    case XEN_MC_msrinject:
    case XEN_MC_mceinject:
        printk("d%u: mca: error injection (cmd %u) is not supported\n", current->domain->domain_id,
               op.cmd);
        return -EOPNOTSUPP;
    default:
        return -EINVAL;
    }
    if ( rc == 0 && copy_to_guest(arg, &op, sizeof(op)) )
        rc = -EFAULT;
    return rc;
}
