/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bench_hypercall: not a test but a benchmark kernel (scripts/bench.d/hypercall.sh).
 * Reports the TSC at the kernel's first instruction (time from machine reset
 * to the first dom0 instruction) and the cost in TSC cycles of a null
 * hypercall (xen_version XENVER_version), the median of 15 batches of 2000.
 * Lines: "BENCH name value unit".
 */
#include "guest.h"

const char test_title[] = "benchmark: first dom0 instruction, null hypercall cycles";

#define BATCHES 15
#define CALLS   2000

void test_main(void)
{
    uint64_t per[BATCHES], khz = guest_tsc_khz();
    unsigned int i, j;

    for ( i = 0; i < BATCHES; i++ )
    {
        uint64_t t0 = guest_rdtsc();

        for ( j = 0; j < CALLS; j++ )
            hypervisor_xen_version(XENVER_version, NULL);
        per[i] = (guest_rdtsc() - t0) / CALLS;
    }
    /* Insertion sort, then the median. */
    for ( i = 1; i < BATCHES; i++ )
        for ( j = i; j > 0 && per[j - 1] > per[j]; j-- )
        {
            uint64_t t = per[j];

            per[j] = per[j - 1];
            per[j - 1] = t;
        }
    guest_printf("BENCH tsc_khz %lu kHz\n", (unsigned long)khz);
    guest_printf("BENCH first_instruction %lu ms\n",
                 (unsigned long)(khz ? guest_entry_tsc / khz : 0));
    guest_printf("BENCH null_hypercall %lu cycles\n", (unsigned long)per[BATCHES / 2]);
    check_true("the TSC frequency is known", khz > 0);
}
