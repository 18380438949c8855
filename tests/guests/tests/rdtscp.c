/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * RDTSCP and MSR_TSC_AUX for a PV kernel: Linux writes each CPU's number
 * into TSC_AUX (wrmsr, emulated) and user space reads it back with rdtscp
 * (getcpu). Probes: CPUID shows RDTSCP, TSC_AUX starts at 0 on every vCPU,
 * takes any 32-bit value (a wider one is #GP and changes nothing), reads
 * back with rdmsr, and is what rdtscp returns once the vCPU has been
 * switched (Xen 4.17 loads it at the next switch, ours at once); each of
 * two vCPUs sharing one CPU keeps its own; rdtscp's TSC is rdtsc's.
 * run-guest: --smp 1 -- dom0_max_vcpus=2
 */
#include "guest.h"

const char test_title[] = "RDTSCP and TSC_AUX: per-vCPU values, as Linux's getcpu uses them";

#define MSR_TSC_AUX 0xc0000103u

static uint64_t rdtscp(uint32_t *aux)
{
    uint32_t lo, hi, c;

    __asm__ volatile("rdtscp" : "=a"(lo), "=d"(hi), "=c"(c));
    *aux = c;
    return ((uint64_t)hi << 32) | lo;
}

static uint32_t rdtscp_aux(void)
{
    uint32_t aux;

    rdtscp(&aux);
    return aux;
}

static uint64_t tsc_aux(void)
{
    uint64_t v = 0xdeadbeefdeadUL;

    probe_msr_read(MSR_TSC_AUX, &v);
    return v;
}

static void yield_n(unsigned int n)
{
    for ( unsigned int i = 0; i < n; i++ )
        hypervisor_sched_op(SCHEDOP_yield, NULL);
}

static uint8_t ap_stack[4096] __attribute__((aligned(4096)));
static volatile int ap_state;
static volatile uint64_t ap_initial;
static volatile uint32_t ap_aux;

static void __attribute__((noreturn)) ap_main(void)
{
    traps_install();
    ap_initial = tsc_aux();
    probe_msr_write(MSR_TSC_AUX, 0x9009);
    ap_state = 1;
    while ( ap_state != 2 )
        hypervisor_sched_op(SCHEDOP_yield, NULL);
    ap_aux = rdtscp_aux();
    ap_state = 3;
    for ( ;; )
        hypervisor_vcpu_op(VCPUOP_down, 1, NULL);
}

void test_main(void)
{
    uint32_t edx = cpuid_pv(0x80000001u, 0).d, aux = 0;
    uint64_t t0, t1, t2;

    if ( !(edx & (1u << 27)) )
    {
        test_skip("no RDTSCP in CPUID 0x80000001");
        return;
    }
    check_true("TSC_AUX starts at 0", tsc_aux() == 0);
    check_true("and rdtscp returns it", rdtscp_aux() == 0);
    t0 = guest_rdtsc();
    t1 = rdtscp(&aux);
    t2 = guest_rdtsc();
    check_true("rdtscp's TSC lies between two rdtsc", t0 <= t1 && t1 <= t2);

    check_true("wrmsr TSC_AUX 0x5", probe_msr_write(MSR_TSC_AUX, 5) == -1);
    check_true("rdmsr reads 0x5 back", tsc_aux() == 5);
    yield_n(2);
    check_true("rdtscp returns it after a switch", rdtscp_aux() == 5);
    check_true("wrmsr of a 33-bit value: #GP",
               probe_msr_write(MSR_TSC_AUX, 1UL << 32) == X86_EXC_GP);
    check_true("and TSC_AUX is unchanged", tsc_aux() == 5);
    check_true("wrmsr TSC_AUX 0xffffffff", probe_msr_write(MSR_TSC_AUX, 0xffffffffu) == -1);
    yield_n(2);
    check_true("reads back, and rdtscp returns it",
               tsc_aux() == 0xffffffffu && rdtscp_aux() == 0xffffffffu);
    probe_msr_write(MSR_TSC_AUX, 0x1000);

    if ( !check_rc("VCPUOP_up vCPU 1", vcpu_start(1, ap_main, ap_stack + sizeof(ap_stack)), 0) )
        return;
    if ( !check_true("vCPU 1 ran", WAIT_FOR(ap_state == 1, 10000000000ULL)) )
        return;
    check_true("vCPU 1's TSC_AUX started at 0, not vCPU 0's", ap_initial == 0);
    yield_n(10);
    check_true("vCPU 0 keeps its own across switches to vCPU 1",
               tsc_aux() == 0x1000 && rdtscp_aux() == 0x1000);
    ap_state = 2;
    check_true("vCPU 1 finished", WAIT_FOR(ap_state == 3, 10000000000ULL));
    check_true("vCPU 1's rdtscp returns its own 0x9009", ap_aux == 0x9009);
    check_true("vCPU 0's still 0x1000", rdtscp_aux() == 0x1000);
}
