/* SPDX-License-Identifier: GPL-2.0-only */
/* The set of online CPUs (see xen/smp.h). */
#include <xen/smp.h>

uint64_t cpu_online_map;
