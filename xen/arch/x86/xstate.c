/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Extended processor state: XSAVE enabled on every CPU with the components we
 * switch (x87, SSE, AVX), a save area per vCPU sized from CPUID leaf 0xD, and
 * the save (xsaveopt) and restore (xrstor) run on each context switch.
 *
 * The hardware runs with the full mask while it saves and restores, so a
 * component a vCPU has switched off in its own XCR0 still holds its own
 * values, never the last vCPU's. Save areas are only ever written by our own
 * xsave or by xstate_set_fxsave(), which keeps the header and MXCSR valid, so
 * our xrstor cannot fault; should it, the vCPU's state is reset, not us.
 */
#include <asm/domain.h>
#include <asm/processor.h>
#include <asm/xstate.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/string.h>
#include <xen/xmalloc.h>

#define CPUID1_ECX_XSAVE (1u << 26)
#define XSTATE_LEAF      0xd
/* Offsets in the legacy region and the XSAVE header. */
#define FXSAVE_FCW     0
#define FXSAVE_MXCSR   24
#define FXSAVE_MXMASK  28
#define FXSAVE_ST0     32
#define FXSAVE_XMM0    160
#define FXSAVE_XMM_END 416
#define XSAVE_HDR      512
#define XSAVE_HDR_SIZE 64
#define FCW_DEFAULT    0x037f
#define MXCSR_DEFAULT  0x1f80

uint64_t xstate_host_mask;
static uint32_t area_size = XSTATE_LEGACY_SIZE;
static bool has_xsaveopt;
static uint32_t mxcsr_mask = 0xffbf; /* without DAZ, until the CPU says */

static inline void xsetbv(uint32_t idx, uint64_t v)
{
    __asm__ __volatile__("xsetbv" : : "c"(idx), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

static inline uint64_t xgetbv(uint32_t idx)
{
    uint32_t lo, hi;

    __asm__ __volatile__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(idx));
    return ((uint64_t)hi << 32) | lo;
}

/* The CPU's MXCSR_MASK (fxsave writes it; 0 there means the default 0xffbf). */
static void probe_mxcsr_mask(void)
{
    static uint8_t buf[XSTATE_LEGACY_SIZE] __attribute__((__aligned__(16)));
    uint32_t m;

    memset(buf, 0, sizeof(buf));
    __asm__ __volatile__("fxsave64 %0" : "=m"(buf));
    memcpy(&m, buf + FXSAVE_MXMASK, sizeof(m));
    if ( m != 0 )
        mxcsr_mask = m;
}

void xstate_cpu_init(void)
{
    struct cpuid_regs d0;
    uint64_t hw;

    if ( cpuid(0).a < XSTATE_LEAF || !(cpuid(1).c & CPUID1_ECX_XSAVE) )
    {
        probe_mxcsr_mask();
        return;
    }
    write_cr4(read_cr4() | X86_CR4_OSXSAVE);
    if ( xstate_host_mask != 0 )
    {
        xsetbv(0, xstate_host_mask); /* another CPU: the boot CPU chose */
        return;
    }
    d0 = cpuid_count(XSTATE_LEAF, 0);
    hw = ((uint64_t)d0.d << 32) | d0.a;
    if ( (hw & (XSTATE_X87 | XSTATE_SSE)) != (XSTATE_X87 | XSTATE_SSE) )
    {
        write_cr4(read_cr4() & ~X86_CR4_OSXSAVE);
        probe_mxcsr_mask();
        return;
    }
    xstate_host_mask = hw & XSTATE_SUPPORTED;
    xsetbv(0, xstate_host_mask);
    area_size = cpuid_count(XSTATE_LEAF, 0).b; /* for the XCR0 now loaded */
    has_xsaveopt = cpuid_count(XSTATE_LEAF, 1).a & 1;
    probe_mxcsr_mask();
    printk("xstate: XCR0 %#lx, save area %u bytes%s\n", (unsigned long)xstate_host_mask, area_size,
           has_xsaveopt ? ", xsaveopt" : "");
}

bool xstate_has_xsaveopt(void)
{
    return has_xsaveopt;
}

uint32_t xstate_size(uint64_t xcr0)
{
    uint32_t size = XSAVE_HDR + XSAVE_HDR_SIZE;

    xcr0 &= xstate_host_mask;
    for ( unsigned int i = 2; i < 64; i++ )
    {
        struct cpuid_regs c;

        if ( !((xcr0 >> i) & 1) )
            continue;
        c = cpuid_count(XSTATE_LEAF, i);
        if ( c.a + c.b > size )
            size = c.a + c.b;
    }
    return size;
}

bool xstate_xcr0_valid(uint32_t idx, uint64_t val)
{
    if ( idx != 0 || !(val & XSTATE_X87) || (val & ~xstate_host_mask) )
        return false;
    return !(val & XSTATE_YMM) || (val & XSTATE_SSE);
}

void xstate_set_guest_xcr0(struct arch_vcpu *a, uint64_t val)
{
    a->xcr0 = val;
    xsetbv(0, val);
}

int xstate_alloc(struct arch_vcpu *a)
{
    a->xsave_raw = xmalloc_bytes(area_size + 63);
    if ( a->xsave_raw == NULL )
        return -ENOMEM;
    a->xsave_area = (uint8_t *)(((uintptr_t)a->xsave_raw + 63) & ~(uintptr_t)63);
    xstate_reset(a);
    return 0;
}

void xstate_free(struct arch_vcpu *a)
{
    xfree(a->xsave_raw);
    a->xsave_raw = NULL;
    a->xsave_area = NULL;
}

void xstate_reset(struct arch_vcpu *a)
{
    uint16_t fcw = FCW_DEFAULT;
    uint32_t mxcsr = MXCSR_DEFAULT;

    /* An all-zero header: every component in its initial state. */
    memset(a->xsave_area, 0, area_size);
    memcpy(a->xsave_area + FXSAVE_FCW, &fcw, sizeof(fcw));
    memcpy(a->xsave_area + FXSAVE_MXCSR, &mxcsr, sizeof(mxcsr));
    a->xcr0 = xstate_host_mask & (XSTATE_X87 | XSTATE_SSE);
}

void xstate_save(struct arch_vcpu *a)
{
    uint32_t lo = (uint32_t)xstate_host_mask, hi = (uint32_t)(xstate_host_mask >> 32);

    if ( xstate_host_mask == 0 )
    {
        __asm__ __volatile__("fxsave64 (%0)" : : "r"(a->xsave_area) : "memory");
        return;
    }
    if ( xgetbv(0) != xstate_host_mask )
        xsetbv(0, xstate_host_mask);
    if ( has_xsaveopt )
        __asm__ __volatile__("xsaveopt64 (%0)" : : "r"(a->xsave_area), "a"(lo), "d"(hi) : "memory");
    else
        __asm__ __volatile__("xsave64 (%0)" : : "r"(a->xsave_area), "a"(lo), "d"(hi) : "memory");
}

/* xrstor64 (or fxrstor64) from a's area: false if it faulted. */
static bool restore_checked(struct arch_vcpu *a)
{
    uint32_t lo = (uint32_t)xstate_host_mask, hi = (uint32_t)(xstate_host_mask >> 32);
    int ok = 1;

#define RESTORE_INSN(insn)                                          \
    __asm__ __volatile__("1: " insn " (%[p])\n"                     \
                         "2:\n"                                     \
                         ".section .fixup, \"ax\"\n"                \
                         "3: xor %k[ok], %k[ok]\n"                  \
                         "   jmp 2b\n"                              \
                         ".previous\n"                              \
                         ".section __ex_table, \"a\"\n"             \
                         ".balign 8\n"                              \
                         ".quad 1b, 3b\n"                           \
                         ".previous"                                \
                         : [ok] "+r"(ok)                            \
                         : [p] "r"(a->xsave_area), "a"(lo), "d"(hi) \
                         : "memory")
    if ( xstate_host_mask == 0 )
        RESTORE_INSN("fxrstor64");
    else
        RESTORE_INSN("xrstor64");
#undef RESTORE_INSN
    return ok;
}

void xstate_restore(struct arch_vcpu *a)
{
    if ( xstate_host_mask != 0 && xgetbv(0) != xstate_host_mask )
        xsetbv(0, xstate_host_mask);
    if ( !restore_checked(a) )
    {
        printk("xstate: a vCPU's saved state did not load: reset to the initial state\n");
        xstate_reset(a);
        if ( !restore_checked(a) )
            panic("xstate: the initial state does not load\n");
    }
    if ( xstate_host_mask != 0 && a->xcr0 != xstate_host_mask )
        xsetbv(0, a->xcr0);
}

void xstate_get_fxsave(const struct arch_vcpu *a, void *out)
{
    uint8_t *o = out;
    uint64_t bv;

    memcpy(o, a->xsave_area, XSTATE_LEGACY_SIZE);
    if ( xstate_host_mask == 0 )
        return;
    /* A component in its initial state was not written by xsaveopt: say what it holds. */
    memcpy(&bv, a->xsave_area + XSAVE_HDR, sizeof(bv));
    if ( !(bv & XSTATE_X87) )
    {
        uint16_t fcw = FCW_DEFAULT;

        memset(o, 0, FXSAVE_MXCSR);
        memset(o + FXSAVE_ST0, 0, FXSAVE_XMM0 - FXSAVE_ST0);
        memcpy(o + FXSAVE_FCW, &fcw, sizeof(fcw));
    }
    if ( !(bv & XSTATE_SSE) )
        memset(o + FXSAVE_XMM0, 0, FXSAVE_XMM_END - FXSAVE_XMM0);
}

void xstate_set_fxsave(struct arch_vcpu *a, const void *in)
{
    uint64_t bv = XSTATE_X87 | XSTATE_SSE;
    uint32_t mxcsr;

    xstate_reset(a);
    memcpy(a->xsave_area, in, XSTATE_LEGACY_SIZE);
    memcpy(&mxcsr, a->xsave_area + FXSAVE_MXCSR, sizeof(mxcsr));
    mxcsr &= mxcsr_mask;
    memcpy(a->xsave_area + FXSAVE_MXCSR, &mxcsr, sizeof(mxcsr));
    if ( xstate_host_mask != 0 )
        memcpy(a->xsave_area + XSAVE_HDR, &bv, sizeof(bv)); /* the rest of the header stays 0 */
}
