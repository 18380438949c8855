/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the sysctl hypercall reports about the machine: the CPU topology
 * (threads per core, cores per socket, each CPU's core and socket from its
 * APIC ID), the clock, the CPUID feature words, and the RAM.
 */
#include <asm/mm.h>
#include <asm/processor.h>
#include <asm/time.h>
#include <xen/arch.h>
#include <xen/smp.h>
#include <xen/string.h>

/* The APIC ID of each CPU brought up (smpboot.c). */
extern uint32_t cpu_to_apic_id[NR_CPUS];

/* Smallest shift s with (1 << s) >= n. */
static unsigned int bits_for(uint32_t n)
{
    unsigned int s = 0;

    while ( s < 31 && (1u << s) < n )
        s++;
    return s;
}

/*
 * How an APIC ID splits: the low smt_shift bits number the thread in its
 * core, the bits up to pkg_shift the core in its package, the rest the package.
 */
struct apic_id_split {
    unsigned int smt_shift, pkg_shift;
    uint32_t threads_per_core, cores_per_socket;
};

static void apic_id_split(struct apic_id_split *s)
{
    uint32_t max_leaf = cpuid(0).a;
    struct cpuid_regs l1 = cpuid(1);

    s->smt_shift = s->pkg_shift = 0;
    s->threads_per_core = s->cores_per_socket = 1;
    if ( max_leaf >= 0xb && cpuid_count(0xb, 0).b != 0 )
    {
        /* Extended topology: level 0 is SMT, level 1 the cores (ecx[15:8] says which). */
        struct cpuid_regs smt = cpuid_count(0xb, 0), core = cpuid_count(0xb, 1);

        if ( ((smt.c >> 8) & 0xff) == 1 )
        {
            s->smt_shift = smt.a & 0x1f;
            s->threads_per_core = smt.b & 0xffff ? smt.b & 0xffff : 1;
        }
        s->pkg_shift = s->smt_shift;
        if ( ((core.c >> 8) & 0xff) == 2 )
        {
            s->pkg_shift = core.a & 0x1f;
            s->cores_per_socket = (core.b & 0xffff) / s->threads_per_core;
        }
        if ( s->pkg_shift < s->smt_shift )
            s->pkg_shift = s->smt_shift;
    }
    else if ( l1.d & (1u << 28) )
    {
        /* Logical processors per package, and (leaf 4) cores per package. */
        uint32_t logical = (l1.b >> 16) & 0xff, cores = 1;

        if ( max_leaf >= 4 && (cpuid_count(4, 0).a & 0x1f) != 0 )
            cores = (cpuid_count(4, 0).a >> 26) + 1;
        if ( logical < cores )
            logical = cores;
        s->cores_per_socket = cores;
        s->threads_per_core = logical / cores;
        s->smt_shift = bits_for(s->threads_per_core);
        s->pkg_shift = bits_for(logical);
    }
    if ( s->cores_per_socket == 0 )
        s->cores_per_socket = 1;
}

void arch_get_cpu_info(struct arch_cpu_info *info)
{
    struct apic_id_split s;
    uint32_t max_leaf = cpuid(0).a, max_ext = cpuid(0x80000000).a;

    apic_id_split(&s);
    memset(info, 0, sizeof(*info));
    info->threads_per_core = s.threads_per_core;
    info->cores_per_socket = s.cores_per_socket;
    info->cpu_khz = (uint32_t)tsc_khz;
    /* Xen's featureset words: 1.edx, 1.ecx, e1.edx, e1.ecx, Da1.eax, 7.ebx, 7.ecx, e7.edx. */
    info->hw_cap[0] = cpuid(1).d;
    info->hw_cap[1] = cpuid(1).c;
    if ( max_ext >= 0x80000001 )
    {
        info->hw_cap[2] = cpuid(0x80000001).d;
        info->hw_cap[3] = cpuid(0x80000001).c;
    }
    if ( max_leaf >= 0xd )
        info->hw_cap[4] = cpuid_count(0xd, 1).a;
    if ( max_leaf >= 7 )
    {
        info->hw_cap[5] = cpuid_count(7, 0).b;
        info->hw_cap[6] = cpuid_count(7, 0).c;
    }
    if ( max_ext >= 0x80000007 )
        info->hw_cap[7] = cpuid(0x80000007).d;
}

unsigned long arch_total_ram_pages(void)
{
    return total_ram_pages;
}

bool arch_cpu_topology(unsigned int cpu, uint32_t *core, uint32_t *socket)
{
    struct apic_id_split s;
    uint32_t id;

    if ( !cpu_online(cpu) )
        return false;
    apic_id_split(&s);
    id = cpu_to_apic_id[cpu];
    *core = (id >> s.smt_shift) & ((1u << (s.pkg_shift - s.smt_shift)) - 1);
    *socket = id >> s.pkg_shift;
    return true;
}
