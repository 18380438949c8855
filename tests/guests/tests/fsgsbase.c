/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * FSGSBASE for a PV kernel, as Xen 4.17 offers it: CPUID shows it; the
 * instructions raise #UD until the kernel sets CR4.FSGSBASE (mov to %cr4,
 * emulated), then work on the real registers: rdfsbase sees the base
 * set_segment_base gave, a wrfsbase/wrgsbase shows in rdmsr of FS_BASE and
 * GS_BASE and in %fs-relative loads, survives switches to another vCPU on
 * the same CPU, and that vCPU (whose CR4 lacks the bit) still gets #UD;
 * clearing the bit brings #UD back. (A non-canonical base would be #GP on
 * hardware; QEMU's TCG does not check it.)
 * run-guest: --smp 1 -- dom0_max_vcpus=2
 */
#include "guest.h"

const char test_title[] = "FSGSBASE: CR4.FSGSBASE per vCPU, bases kept across switches";

#define CR4_FSGSBASE (1UL << 16)
#define MSR_FS_BASE  0xc0000100u
#define MSR_GS_BASE  0xc0000101u

static long probe_rdfsbase(uint64_t *out)
{
    long vec = -1;
    uint64_t v = 0;

    __asm__ volatile("1: rdfsbase %[v]\n2:\n" GUEST_EXTABLE_ENTRY
                     : "+a"(vec), [v] "+r"(v)
                     :
                     : "memory");
    *out = v;
    return vec;
}

/* wrfsbase or wrgsbase (insn) of base: -1, or the vector. */
#define probe_wrbase(insn, base) probe_insn(insn " %[b]", [b] "r"((uint64_t)(base)))

static uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;

    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}

static uint64_t fs_load(void)
{
    uint64_t v;

    __asm__ volatile("mov %%fs:0, %0" : "=r"(v) : : "memory");
    return v;
}

static uint64_t area_a[2], area_b[2];
static uint8_t ap_stack[4096] __attribute__((aligned(4096)));
static volatile int ap_state;
static volatile long ap_vec;

static void __attribute__((noreturn)) ap_main(void)
{
    uint64_t v;

    traps_install();
    ap_state = 1;
    while ( ap_state != 2 )
        hypervisor_sched_op(SCHEDOP_yield, NULL);
    ap_vec = probe_rdfsbase(&v);
    ap_state = 3;
    for ( ;; )
        hypervisor_vcpu_op(VCPUOP_down, 1, NULL);
}

void test_main(void)
{
    uint32_t ebx;
    uint64_t v = 0;
    unsigned long cr4 = read_cr4();
    uint64_t saved_gs = rdmsr(MSR_GS_BASE);

    ebx = cpuid_pv(7, 0).b;
    if ( !(ebx & 1) )
    {
        test_skip("no FSGSBASE in CPUID leaf 7");
        return;
    }
    area_a[0] = 0xaaaa0001;
    area_b[0] = 0xbbbb0002;
    check_true("CR4.FSGSBASE starts clear", !(cr4 & CR4_FSGSBASE));
    check_true("rdfsbase without it: #UD", probe_rdfsbase(&v) == X86_EXC_UD);
    write_cr4(cr4 | CR4_FSGSBASE);
    check_true("CR4.FSGSBASE set reads back", read_cr4() == (cr4 | CR4_FSGSBASE));
    check_rc("set_segment_base FS",
             hypercall2(__HYPERVISOR_set_segment_base, SEGBASE_FS, (unsigned long)area_a), 0);
    check_true("rdfsbase sees the base set_segment_base gave",
               probe_rdfsbase(&v) == -1 && v == (uint64_t)area_a);
    check_true("wrfsbase", probe_wrbase("wrfsbase", (uint64_t)area_b) == -1);
    check_true("%fs-relative loads use it", fs_load() == 0xbbbb0002);
    check_true("rdmsr FS_BASE reads it", rdmsr(MSR_FS_BASE) == (uint64_t)area_b);
    check_true("wrgsbase", probe_wrbase("wrgsbase", 0x123456789000UL) == -1);
    check_true("rdmsr GS_BASE reads it", rdmsr(MSR_GS_BASE) == 0x123456789000UL);
    probe_wrbase("wrgsbase", saved_gs);

    if ( check_rc("VCPUOP_up vCPU 1", vcpu_start(1, ap_main, ap_stack + sizeof(ap_stack)), 0) &&
         check_true("vCPU 1 runs", WAIT_FOR(ap_state == 1, 10000000000ULL)) )
    {
        for ( unsigned int i = 0; i < 10; i++ )
            hypervisor_sched_op(SCHEDOP_yield, NULL);
        check_true("the wrfsbase base survives switches to vCPU 1",
                   probe_rdfsbase(&v) == -1 && v == (uint64_t)area_b && fs_load() == 0xbbbb0002);
        ap_state = 2;
        check_true("vCPU 1 probed", WAIT_FOR(ap_state == 3, 10000000000ULL));
        check_true("vCPU 1, whose CR4 lacks FSGSBASE, gets #UD", ap_vec == X86_EXC_UD);
        check_true("vCPU 0 still has it", probe_rdfsbase(&v) == -1);
    }
    write_cr4(cr4);
    check_true("CR4.FSGSBASE cleared reads back", read_cr4() == cr4);
    check_true("rdfsbase after: #UD", probe_rdfsbase(&v) == X86_EXC_UD);
}
