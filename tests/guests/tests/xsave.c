/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * XSAVE for a PV kernel, as Linux uses it: CPUID shows XSAVE and OSXSAVE
 * (OSXSAVE whatever the virtual CR4 says: the hardware's is on, so xgetbv
 * works from the start), leaf 0xD sizes the components it offers for the
 * current XCR0, XSETBV is #UD until the kernel sets CR4.OSXSAVE, then takes
 * x87 plus what leaf 0xD offers (AVX only with SSE; #GP for anything else,
 * another XCR, a value without x87). Each vCPU keeps its own XCR0 and its
 * own SSE (and AVX) registers while two vCPUs share one CPU; a component a
 * vCPU switches off and on again never shows the other vCPU's values. The
 * guest's own xrstor of a bad header faults in the guest. AVX parts run
 * where AVX is offered (ours; Xen 4.17 offers only x87 and SSE on this QEMU
 * CPU).
 * run-guest: --smp 1 -- dom0_max_vcpus=2
 */
#include "guest.h"

const char test_title[] = "XSAVE: CPUID, CR4.OSXSAVE, XSETBV, per-vCPU XCR0 and registers";

#define CR4_OSXSAVE (1UL << 18)
#define CR4_PGE     (1UL << 7)
#define XSTATE_YMM  4UL

static uint64_t xgetbv0(void)
{
    uint32_t lo, hi;

    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((uint64_t)hi << 32) | lo;
}

/* xsetbv: -1 if it completed, else the vector. */
static long probe_xsetbv(uint32_t idx, uint64_t val)
{
    long vec = (long)(uint32_t)val, before = vec;

    __asm__ volatile("1: xsetbv\n2:\n" GUEST_EXTABLE_ENTRY
                     : "+a"(vec)
                     : "c"(idx), "d"((uint32_t)(val >> 32))
                     : "memory");
    return vec == before ? -1 : vec;
}

/* The guest's own xrstor (RFBM all ones): -1 or the vector. */
static long probe_xrstor(const void *area)
{
    long vec = 0x7fffffff;

    __asm__ volatile("1: xrstor64 (%[p])\n2:\n" GUEST_EXTABLE_ENTRY
                     : "+a"(vec)
                     : [p] "r"(area), "d"(0xffffffffu)
                     : "memory");
    /* xrstor used eax as the low mask: a completion leaves it unchanged. */
    return vec == 0x7fffffff ? -1 : vec;
}

static void xsave_all(void *area)
{
    __asm__ volatile("xsave64 (%0)" : : "r"(area), "a"(0xffffffffu), "d"(0xffffffffu) : "memory");
}

/* XMM0/XMM7 (and YMM0's upper half) loaded with a pattern and read back. */
static void load_sse(uint64_t pat)
{
    uint64_t v[2] = {pat, ~pat};

    __asm__ volatile("movdqu %0, %%xmm0; movdqu %0, %%xmm7" : : "m"(v));
}

static bool sse_holds(uint64_t pat)
{
    uint64_t a[2], b[2];

    __asm__ volatile("movdqu %%xmm0, %0; movdqu %%xmm7, %1" : "=m"(a), "=m"(b));
    return a[0] == pat && a[1] == ~pat && b[0] == pat && b[1] == ~pat;
}

static void load_ymm_upper(uint64_t pat)
{
    uint64_t v[4] = {0, 0, pat, pat + 1};

    __asm__ volatile("vmovdqu %0, %%ymm1" : : "m"(v));
}

static void read_ymm1(uint64_t out[4])
{
    __asm__ volatile("vmovdqu %%ymm1, %0" : "=m"(*(uint64_t(*)[4])out));
}

static uint8_t area[2][4096] __attribute__((aligned(64)));
static uint8_t ap_stack[4096] __attribute__((aligned(4096)));

enum { AP_IDLE, AP_SET, AP_READY, AP_CHECK, AP_DONE };
static volatile int ap_state;
static volatile bool ap_avx, ap_sse_ok, ap_xcr0_ok, ap_ymm_ok;
static volatile uint64_t ap_ymm[4];

static void yield_n(unsigned int n)
{
    for ( unsigned int i = 0; i < n; i++ )
        hypervisor_sched_op(SCHEDOP_yield, NULL);
}

/* vCPU 1: its own XCR0 (x87|SSE) and SSE pattern, AVX upper state switched off then on. */
static void __attribute__((noreturn)) ap_main(void)
{
    traps_install();
    while ( ap_state != AP_SET )
        hypervisor_sched_op(SCHEDOP_yield, NULL);
    write_cr4(read_cr4() | CR4_OSXSAVE);
    if ( ap_avx )
    {
        probe_xsetbv(0, 7);
        load_ymm_upper(0x1111222233334444UL);
        probe_xsetbv(0, 3); /* off while vCPU 0 fills its own */
    }
    load_sse(0xa1a2a3a4a5a6a7a8UL);
    ap_state = AP_READY;
    while ( ap_state != AP_CHECK )
        hypervisor_sched_op(SCHEDOP_yield, NULL);
    ap_sse_ok = sse_holds(0xa1a2a3a4a5a6a7a8UL);
    ap_xcr0_ok = xgetbv0() == 3;
    if ( ap_avx )
    {
        uint64_t y[4];

        probe_xsetbv(0, 7);
        read_ymm1(y);
        for ( unsigned int i = 0; i < 4; i++ )
            ap_ymm[i] = y[i];
        /* Its own value kept, or the initial zeroes; never vCPU 0's. */
        ap_ymm_ok = (y[2] == 0x1111222233334444UL && y[3] == 0x1111222233334445UL) ||
                    (y[2] == 0 && y[3] == 0);
    }
    ap_state = AP_DONE;
    for ( ;; )
        hypervisor_vcpu_op(VCPUOP_down, 1, NULL);
}

static void check_xsetbv(uint32_t offered)
{
    static const struct {
        uint32_t idx;
        uint64_t val;
        const char *what;
    } bad[] = {
        {0, 0, "XCR0 0 (no x87)"},          {0, 2, "XCR0 SSE without x87"},
        {0, 5, "AVX without SSE"},          {0, 3 | (1UL << 9), "a component not offered (PKRU)"},
        {0, 3 | (1UL << 32), "a high bit"}, {1, 1, "XCR1"},
    };
    char what[96];

    for ( unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++ )
    {
        guest_snprintf(what, sizeof(what), "xsetbv of %s: #GP", bad[i].what);
        check_true(what, probe_xsetbv(bad[i].idx, bad[i].val) == X86_EXC_GP);
    }
    check_true("XCR0 unchanged by them", xgetbv0() == 3);
    check_true("xsetbv x87 only", probe_xsetbv(0, 1) == -1 && xgetbv0() == 1);
    check_true("xsetbv x87|SSE", probe_xsetbv(0, 3) == -1 && xgetbv0() == 3);
    check_true("leaf 0xD EBX for x87|SSE is 576 bytes", cpuid_pv(0xd, 0).b == 576);
    if ( offered & XSTATE_YMM )
    {
        check_true("xsetbv x87|SSE|AVX", probe_xsetbv(0, 7) == -1 && xgetbv0() == 7);
        check_true("leaf 0xD EBX grows with AVX to ECX",
                   cpuid_pv(0xd, 0).b == cpuid_pv(0xd, 0).c && cpuid_pv(0xd, 0).b > 576);
        check_true("leaf 0xD subleaf 2 (AVX) is 256 bytes at 576",
                   cpuid_pv(0xd, 2).a == 256 && cpuid_pv(0xd, 2).b == 576);
    }
    else
        check_true("xsetbv of AVX, not offered: #GP", probe_xsetbv(0, 7) == X86_EXC_GP);
}

static void check_bad_restores(void)
{
    uint8_t *a = area[0];

    guest_memset(a, 0, sizeof(area[0]));
    xsave_all(a);
    check_true("our own xsave image restores", probe_xrstor(a) == -1);
    a[512 + 8] = 1; /* XCOMP_BV without the compacted form */
    check_true("xrstor of a header with XCOMP_BV set: #GP", probe_xrstor(a) == X86_EXC_GP);
    a[512 + 8] = 0;
    a[512 + 20] = 0x5a; /* reserved header bytes */
    check_true("xrstor of a header with reserved bytes set: #GP", probe_xrstor(a) == X86_EXC_GP);
    a[512 + 20] = 0;
    a[512 + 1] = 0x2; /* XSTATE_BV bit 9 (PKRU), not in XCR0 */
    check_true("xrstor of XSTATE_BV beyond XCR0: #GP", probe_xrstor(a) == X86_EXC_GP);
    a[512 + 1] = 0;
    /*
     * Reserved MXCSR bits would fault too on hardware; QEMU's TCG does not
     * check them, so only the hypervisor's side is checked (setvcpucontext).
     */
    check_true("and the repaired image restores", probe_xrstor(a) == -1);
    yield_n(3);
    check_true("the hypervisor switched us after those faults", true);
}

void test_main(void)
{
    struct cpuid_res l1 = cpuid_pv(1, 0), d0;
    unsigned long cr4 = read_cr4();
    uint32_t offered;

    guest_printf("leaf 1 ecx %#x, cr4 %#lx\n", l1.c, cr4);
    if ( !(l1.c & (1u << 26)) )
    {
        test_skip("no XSAVE offered");
        return;
    }
    check_true("CPUID.1 shows OSXSAVE with XSAVE", (l1.c & (1u << 27)) != 0);
    d0 = cpuid_pv(0xd, 0);
    offered = d0.a;
    guest_printf("leaf 0xD.0: %#x %#x %#x %#x\n", d0.a, d0.b, d0.c, d0.d);
    check_true("leaf 0xD offers x87 and SSE", (offered & 3) == 3 && d0.d == 0);
    check_true("and sizes them (EBX >= 576, ECX >= EBX)", d0.b >= 576 && d0.c >= d0.b);
    check_true("AVX in CPUID leaf 1 exactly when leaf 0xD offers it",
               ((l1.c >> 28) & 1) == ((offered >> 2) & 1));
    check_true("the initial XCR0 is x87|SSE", xgetbv0() == 3);

    check_true("the initial CR4 has no OSXSAVE", !(cr4 & CR4_OSXSAVE));
    check_true("xsetbv before CR4.OSXSAVE: #UD", probe_xsetbv(0, 3) == X86_EXC_UD);
    write_cr4(cr4 | CR4_OSXSAVE | CR4_PGE);
    check_true("CR4.OSXSAVE set by the guest reads back (PGE does not)",
               read_cr4() == (cr4 | CR4_OSXSAVE));
    check_true("CPUID still shows OSXSAVE", (cpuid_pv(1, 0).c & (1u << 27)) != 0);
    check_xsetbv(offered);
    check_bad_restores();

    /* Two vCPUs on one CPU: each keeps its XCR0 and registers. */
    ap_avx = (offered & XSTATE_YMM) != 0;
    if ( !check_rc("VCPUOP_up vCPU 1", vcpu_start(1, ap_main, ap_stack + sizeof(ap_stack)), 0) )
        return;
    ap_state = AP_SET;
    if ( !check_true("vCPU 1 set up its state", WAIT_FOR(ap_state == AP_READY, 10000000000ULL)) )
        return;
    if ( ap_avx )
    {
        probe_xsetbv(0, 7);
        load_ymm_upper(0x5555666677778888UL);
    }
    load_sse(0x0102030405060708UL);
    yield_n(20);
    check_true("vCPU 0's XMM registers survive switches to vCPU 1",
               sse_holds(0x0102030405060708UL));
    check_true("and its XCR0", xgetbv0() == (ap_avx ? 7 : 3));
    if ( ap_avx )
    {
        uint64_t y[4];

        read_ymm1(y);
        check_true("and its YMM upper halves",
                   y[2] == 0x5555666677778888UL && y[3] == 0x5555666677778889UL);
    }
    ap_state = AP_CHECK;
    check_true("vCPU 1 checked", WAIT_FOR(ap_state == AP_DONE, 10000000000ULL));
    check_true("vCPU 1's XMM registers survived", ap_sse_ok);
    check_true("vCPU 1's XCR0 (x87|SSE) survived", ap_xcr0_ok);
    if ( ap_avx )
    {
        guest_printf("vCPU 1's YMM1 after AVX off and on: %#lx %#lx\n", (unsigned long)ap_ymm[2],
                     (unsigned long)ap_ymm[3]);
        check_true("vCPU 1's YMM upper halves, switched off meanwhile, are its own or zero",
                   ap_ymm_ok);
    }
    check_true("vCPU 0's XMM registers after all that", sse_holds(0x0102030405060708UL));
}
