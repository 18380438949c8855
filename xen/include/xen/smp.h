/* SPDX-License-Identifier: GPL-2.0-only */
/* CPUs: the limit, and which are online (xen/common/smp.c keeps the map). */
#ifndef XEN_SMP_H
#define XEN_SMP_H

#include <xen/types.h>

/** Most CPUs the hypervisor brings up. */
#define NR_CPUS 64

/** Bit c set when CPU c is online. */
extern uint64_t cpu_online_map;

static inline bool cpu_online(unsigned int cpu)
{
    return cpu < NR_CPUS && (cpu_online_map >> cpu) & 1;
}

static inline unsigned int num_online_cpus(void)
{
    return (unsigned int)__builtin_popcountll(cpu_online_map);
}

/** Mark cpu online (atomically: secondary CPUs call it themselves). */
static inline void set_cpu_online(unsigned int cpu)
{
    __atomic_fetch_or(&cpu_online_map, 1ULL << cpu, __ATOMIC_SEQ_CST);
}

#endif /* XEN_SMP_H */
