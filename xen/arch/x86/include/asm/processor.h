/* SPDX-License-Identifier: GPL-2.0-only */
/* x86 control registers, MSRs and CPUID: the instruction wrappers and bit names. */
#ifndef ASM_X86_PROCESSOR_H
#define ASM_X86_PROCESSOR_H

#include <xen/types.h>

#define X86_CR0_PE (1UL << 0)
#define X86_CR0_MP (1UL << 1)
#define X86_CR0_EM (1UL << 2)
#define X86_CR0_TS (1UL << 3)
#define X86_CR0_NE (1UL << 5)
#define X86_CR0_WP (1UL << 16)
#define X86_CR0_PG (1UL << 31)

#define X86_CR4_PAE        (1UL << 5)
#define X86_CR4_MCE        (1UL << 6)
#define X86_CR4_PGE        (1UL << 7)
#define X86_CR4_OSFXSR     (1UL << 9)
#define X86_CR4_OSXMMEXCPT (1UL << 10)
#define X86_CR4_FSGSBASE   (1UL << 16)
#define X86_CR4_OSXSAVE    (1UL << 18)
#define X86_CR4_SMEP       (1UL << 20)

#define MSR_EFER                 0xc0000080
#define EFER_SCE                 (1UL << 0)
#define EFER_LME                 (1UL << 8)
#define EFER_NXE                 (1UL << 11)
#define MSR_STAR                 0xc0000081
#define MSR_LSTAR                0xc0000082
#define MSR_CSTAR                0xc0000083
#define MSR_SYSCALL_MASK         0xc0000084
#define MSR_FS_BASE              0xc0000100
#define MSR_GS_BASE              0xc0000101
#define MSR_SHADOW_GS_BASE       0xc0000102
#define MSR_APIC_BASE            0x0000001b
#define MSR_IA32_PLATFORM_ID     0x00000017
#define MSR_IA32_UCODE_REV       0x0000008b
#define MSR_IA32_MISC_ENABLE     0x000001a0
#define MSR_IA32_CR_PAT          0x00000277
#define MSR_TSC_AUX              0xc0000103
#define MSR_ARCH_CAPABILITIES    0x0000010a
#define MSR_IA32_FEATURE_CONTROL 0x0000003a
#define FEATURE_CONTROL_LOCKED   (1UL << 0)

/*
 * The PAT every CPU runs with. PV guests' page-table entries index it with
 * their PAT/PCD/PWT bits and read it with rdmsr to learn the layout: WB, WT,
 * UC-, UC, WC, WP, UC, UC (Xen's, so write-combining is the PAT bit alone).
 * Entries 0-3 are the power-on ones, so setting it at boot changes no mapping.
 */
#define PV_PAT                   0x0000050100070406UL
#define MISC_ENABLE_FAST_STRING  (1UL << 0)
#define MISC_ENABLE_BTS_UNAVAIL  (1UL << 11)
#define MISC_ENABLE_PEBS_UNAVAIL (1UL << 12)

#define X86_EFLAGS_IF (1UL << 9)

/** The boot CPU has RDTSCP (and MSR_TSC_AUX); set by fpu_cpu_init(). */
extern bool cpu_has_rdtscp;
/** The boot CPU has RDFSBASE and friends (CR4.FSGSBASE); set by fpu_cpu_init(). */
extern bool cpu_has_fsgsbase;

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;

    __asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ __volatile__("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

#define DEFINE_CR_ACCESSORS(n)                                         \
    static inline unsigned long read_cr##n(void)                       \
    {                                                                  \
        unsigned long v;                                               \
        __asm__ __volatile__("mov %%cr" #n ", %0" : "=r"(v));          \
        return v;                                                      \
    }                                                                  \
    static inline void write_cr##n(unsigned long v)                    \
    {                                                                  \
        __asm__ __volatile__("mov %0, %%cr" #n : : "r"(v) : "memory"); \
    }
DEFINE_CR_ACCESSORS(0)
DEFINE_CR_ACCESSORS(2)
DEFINE_CR_ACCESSORS(3)
DEFINE_CR_ACCESSORS(4)

/** CPUID leaf/subleaf results. */
struct cpuid_regs {
    uint32_t a, b, c, d;
};

static inline struct cpuid_regs cpuid_count(uint32_t leaf, uint32_t subleaf)
{
    struct cpuid_regs r;

    __asm__ __volatile__("cpuid"
                         : "=a"(r.a), "=b"(r.b), "=c"(r.c), "=d"(r.d)
                         : "0"(leaf), "2"(subleaf));
    return r;
}

static inline struct cpuid_regs cpuid(uint32_t leaf)
{
    return cpuid_count(leaf, 0);
}

/** The CPU vendor is Intel ("GenuineIntel" in CPUID leaf 0). */
static inline bool cpu_vendor_is_intel(void)
{
    struct cpuid_regs r = cpuid(0);

    return r.b == 0x756e6547u && r.d == 0x49656e69u && r.c == 0x6c65746eu;
}

static inline unsigned long read_flags(void)
{
    unsigned long f;

    __asm__ __volatile__("pushf; pop %0" : "=r"(f));
    return f;
}

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

static inline void local_irq_enable(void)
{
    __asm__ __volatile__("sti" ::: "memory");
}

static inline void local_irq_disable(void)
{
    __asm__ __volatile__("cli" ::: "memory");
}

/*
 * TLB flushes (flushtlb.c), each recorded on the TLB-flush clock.
 */

/** Flush this CPU's TLB, global entries included. */
void flush_tlb_local(void);
/** Load cr3 (which drops every non-global translation) and record it as a flush. */
void write_cr3_flush(uint64_t cr3);
/** Flush every online CPU's TLB (see arch_flush_tlb_mask(): safe under locks). */
void flush_tlb_all(void);
/** Serve a flush another CPU asked of this one (from spin-wait loops and the IPI). */
void flush_tlb_serve(void);
/** Install the flush IPI's handler (once, on the boot CPU). */
void flush_tlb_init(void);

/**
 * This CPU now runs on idle_pg_table (its idle loop): it holds no guest
 * translation, so a flush leaves it a deferred flush instead of an IPI.
 */
void flush_tlb_idle_enter(void);
/** This CPU leaves its idle loop for a guest: do the flushes deferred meanwhile. */
void flush_tlb_idle_leave(void);

#endif /* ASM_X86_PROCESSOR_H */
