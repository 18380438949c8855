/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest test framework: what a test file (tests/guests/tests/NAME.c) sees.
 * A test defines `test_title` and `test_main()`; the framework boots, calls
 * test_main, prints one line `RESULT: PASS|FAIL|SKIP NAME` and shuts the
 * domain down (poweroff on PASS/SKIP, crash on FAIL).
 */
#ifndef GUEST_GUEST_H
#define GUEST_GUEST_H

#include "hypercall.h"
#include "types.h"

/* ---- provided by each test file ---- */

/** One line saying what the test probes, printed before it runs. */
extern const char test_title[];
/** The test body: reports problems with test_fail(), returns when done. */
void test_main(void);

/* ---- the framework ---- */

/** The test's name (its file name), set by the build. */
extern const char test_name[];
#ifdef GUEST_TEST_NAME
const char test_name[] = GUEST_TEST_NAME;
#endif
/** start_info the hypervisor passed at entry. */
extern start_info_t *start_info;
/** shared_info, mapped by the framework at boot. */
extern shared_info_t *shared_info;

/** printf-style output on the console (hypervisor console for dom0, ring for domUs). */
__attribute__((format(printf, 1, 2))) void guest_printf(const char *fmt, ...);
/** Format into buf (always NUL-terminated); returns the length it wanted. */
int guest_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
__attribute__((format(printf, 3, 4))) int guest_snprintf(char *buf, size_t size, const char *fmt,
                                                         ...);
/** Write raw bytes to the console. */
void guest_console_write(const char *s, size_t len);

/** Record a failure (the test goes on; the result will be FAIL). */
__attribute__((format(printf, 1, 2))) void test_fail(const char *fmt, ...);
/** Record that the test cannot run here (the result is SKIP unless it failed). */
__attribute__((format(printf, 1, 2))) void test_skip(const char *fmt, ...);
/** Stop at once with FAIL: for states the test cannot continue from. */
__attribute__((format(printf, 1, 2), noreturn)) void test_abort(const char *fmt, ...);
/** Number of failures recorded so far. */
unsigned int test_failures(void);

/** Check a hypercall's return value against the expected one, naming both. */
bool check_rc(const char *what, long rc, long want);
/** Check a condition; `what` describes what should hold. */
bool check_true(const char *what, bool cond);

/** The symbolic name of a hypercall return value ("-EINVAL", "0", ...). */
const char *rc_name(long rc);

/** Shut the domain down with `reason` (SHUTDOWN_*); returns only on failure. */
long guest_shutdown(unsigned int reason);

/**
 * Start vCPU id at entry on the stack ending at stack_top, in kernel mode on
 * our page tables (VCPUOP_initialise, then VCPUOP_up); 0 or the failing
 * call's result. The new vCPU has no trap table until it installs one
 * (traps_install()).
 */
long vcpu_start(unsigned int id, void (*entry)(void), void *stack_top);
/** The context vcpu_start() gives VCPUOP_initialise, for tests that make the calls themselves. */
void vcpu_context_init(struct vcpu_guest_context *c, void (*entry)(void), void *stack_top);

/* ---- memory ---- */

#define PTE_P   0x001UL /* present */
#define PTE_RW  0x002UL /* writable */
#define PTE_US  0x004UL /* user */
#define PTE_A   0x020UL /* accessed */
#define PTE_D   0x040UL /* dirty */
#define PTE_PSE 0x080UL /* large page (L2/L3) */
#define PTE_NX  (1UL << 63)
/*
 * Bits a 64-bit PV hypervisor may add to a guest kernel's entries: the user bit
 * (the kernel runs in ring 3) and Xen's software "guest kernel" bit 52.
 */
#define PTE_HV_ADDED (PTE_US | (1UL << 52))
#define PTE_MFN_MASK 0x000ffffffffff000UL

/** Machine frame of a PTE. */
static inline uint64_t pte_mfn(uint64_t pte)
{
    return (pte & PTE_MFN_MASK) >> PAGE_SHIFT;
}

/** A PTE for machine frame `mfn` with `flags`. */
static inline uint64_t pte_make(uint64_t mfn, uint64_t flags)
{
    return (mfn << PAGE_SHIFT) | flags;
}

/** Machine frame of guest pfn (from the P2M list). */
uint64_t pfn_to_mfn(uint64_t pfn);
/** Guest pfn of machine frame `mfn` (from the read-only M2P table). */
uint64_t mfn_to_pfn(uint64_t mfn);
/** Machine frame behind a virtual address of the initial mapping. */
uint64_t virt_to_mfn(const void *va);
/** The virtual address of a frame of the initial mapping (VIRT_BASE is 0). */
void *mfn_to_virt(uint64_t mfn);
/**
 * Machine address of the page-table entry of `level` (1-4) that maps `va` in
 * the current tables, or 0 if a higher level is not present.
 */
uint64_t pte_maddr(const void *va, unsigned int level);
/** The current L1 entry for `va` (0 if not mapped down to L1). */
uint64_t l1e_of(const void *va);
/** Machine frame of the current top-level (L4) table. */
uint64_t l4_mfn(void);

/** Spare page-aligned pages in the image, for tests to remap and reuse. */
#define NR_SPARE_PAGES 8
extern uint8_t spare_pages[NR_SPARE_PAGES][4096];

/* ---- exceptions ---- */

/** The frame of an exception, as saved by the entry code. */
struct guest_frame {
    uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
    uint64_t rax, rcx, rdx, rsi, rdi;
    uint64_t vector, error_code;
    uint64_t rip, cs, rflags, rsp, ss;
};

/** The last exception a probe recovered from. */
struct fault_info {
    unsigned int vector;
    uint64_t error_code;
    uint64_t rip;
    uint64_t cr2;
};
extern struct fault_info last_fault;

/** The pseudo vector under which an event upcall reaches guest_trap(). */
#define GUEST_EVENT_VECTOR 0x100
/** The event callback entry point, for CALLBACKOP_register / set_callbacks. */
void event_entry(void);
/** Upcalls taken so far, and the last event port an upcall found pending. */
extern volatile unsigned int events_upcalls;
extern volatile unsigned int events_last_port;

/** Install the framework's trap table (done at boot; tests may replace it). */
long traps_install(void);

#define X86_EXC_DE 0
#define X86_EXC_BP 3
#define X86_EXC_UD 6
#define X86_EXC_GP 13
#define X86_EXC_PF 14

/*
 * Probes: run one instruction that may fault and return the vector of the
 * exception taken, or -1 if it completed. A faulting probe resumes after the
 * instruction: each is listed in the guest_extable section, which the trap
 * handler consults (anything else that faults ends the test with FAIL).
 */
#define GUEST_EXTABLE_ENTRY ".pushsection guest_extable, \"a\"\n.quad 1b, 2b\n.popsection\n"

/** Execute ud2. */
static inline long probe_ud2(void)
{
    long vec = -1;

    __asm__ volatile("1: ud2\n2:\n" GUEST_EXTABLE_ENTRY : "+a"(vec) : : "memory");
    return vec;
}

/** Read a byte at `p`; returns the vector if it faults, else -1. */
static inline long probe_read(const volatile void *p)
{
    long vec = -1;
    unsigned long tmp = 0;

    __asm__ volatile("1: movb (%[p]), %b[t]\n2:\n" GUEST_EXTABLE_ENTRY
                     : "+a"(vec), [t] "+r"(tmp)
                     : [p] "r"(p)
                     : "memory");
    return vec;
}

/** Write byte `v` at `p`; returns the vector if it faults, else -1. */
static inline long probe_write(volatile void *p, uint8_t v)
{
    long vec = -1;

    __asm__ volatile("1: movb %b[v], (%[p])\n2:\n" GUEST_EXTABLE_ENTRY
                     : "+a"(vec)
                     : [p] "r"(p), [v] "q"(v)
                     : "memory");
    return vec;
}

/**
 * Load selector `sel` into segment register `reg` ("es", "fs", ...): the
 * vector if the load faults, else -1.
 */
#define probe_load_seg(reg, sel)                                             \
    ({                                                                       \
        long vec_ = -1;                                                      \
        __asm__ volatile("1: mov %w[s], %%" reg "\n2:\n" GUEST_EXTABLE_ENTRY \
                         : "+a"(vec_)                                        \
                         : [s] "r"((uint16_t)(sel))                          \
                         : "memory");                                        \
        vec_;                                                                \
    })

/**
 * Run the one instruction `insn` (AT&T syntax, its operands named in the
 * input list that follows, e.g. [p] "r"(p)) as a probe: the vector if it
 * faults, else -1.
 */
#define probe_insn(insn, ...)                                    \
    ({                                                           \
        long vec_ = -1;                                          \
        __asm__ volatile("1: " insn "\n2:\n" GUEST_EXTABLE_ENTRY \
                         : "+a"(vec_)                            \
                         : __VA_ARGS__                           \
                         : "memory");                            \
        vec_;                                                    \
    })

/** The guest's CR4 as the hypervisor shows it (the mov is emulated). */
static inline unsigned long read_cr4(void)
{
    unsigned long v;

    __asm__ volatile("mov %%cr4, %0" : "=r"(v));
    return v;
}

/** Ask the hypervisor to set the guest's CR4 (the mov is emulated). */
static inline void write_cr4(unsigned long v)
{
    __asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

/** rdmsr: -1 with *val the MSR's value, or the vector of the fault (*val untouched). */
static inline long probe_msr_read(uint32_t msr, uint64_t *val)
{
    long vec = -1;
    uint32_t lo = 0, hi = 0;

    __asm__ volatile("mov $-1, %%rax\n1: rdmsr\n"
                     "mov %%eax, %k[lo]\nmov $-1, %%rax\n2:\n" GUEST_EXTABLE_ENTRY
                     : "+a"(vec), "+d"(hi), [lo] "+r"(lo)
                     : "c"(msr)
                     : "memory");
    if ( vec == -1 )
        *val = ((uint64_t)hi << 32) | lo;
    return vec;
}

/** wrmsr of val: -1 if it completed, else the vector. */
static inline long probe_msr_write(uint32_t msr, uint64_t val)
{
    long vec = (long)(uint32_t)val; /* eax in, the verdict out */

    __asm__ volatile("1: wrmsr\nmov $-1, %%rax\n2:\n" GUEST_EXTABLE_ENTRY
                     : "+a"(vec)
                     : "c"(msr), "d"((uint32_t)(val >> 32))
                     : "memory");
    return vec;
}

/** CPUID leaf/subleaf as the hypervisor shows it to a PV kernel (its forced-emulation prefix). */
struct cpuid_res {
    uint32_t a, b, c, d;
};

static inline struct cpuid_res cpuid_pv(uint32_t leaf, uint32_t subleaf)
{
    struct cpuid_res r;

    __asm__ volatile("ud2a; .ascii \"xen\"; cpuid"
                     : "=a"(r.a), "=b"(r.b), "=c"(r.c), "=d"(r.d)
                     : "0"(leaf), "2"(subleaf));
    return r;
}

/* ---- time ---- */

/** System time in ns, from this vCPU's vcpu_time_info and the TSC. */
uint64_t guest_system_time(void);
/** Wait up to `ns` for `cond` to hold, yielding; the value of `cond` at the end. */
#define WAIT_FOR(cond, ns)                              \
    ({                                                  \
        uint64_t end_ = guest_system_time() + (ns);     \
        while ( !(cond) && guest_system_time() < end_ ) \
            hypervisor_sched_op(SCHEDOP_yield, NULL);   \
        (cond);                                         \
    })
/*
 * How early a timer may fire, as the guest measures it: the hypervisor batches
 * timers (Xen's timer_slop is 50us) and the guest extrapolates system time
 * from the TSC. A timer "on time" fires no earlier than deadline - this.
 */
#define TIMER_EARLY_NS 1000000ULL

/** The TSC frequency in kHz, from this vCPU's vcpu_time_info. */
uint64_t guest_tsc_khz(void);
/** The TSC value at the kernel's first instruction. */
extern uint64_t guest_entry_tsc;

static inline uint64_t guest_rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

/* ---- small string helpers ---- */

size_t guest_strlen(const char *s);
int guest_strncmp(const char *a, const char *b, size_t n);
const char *guest_strstr(const char *haystack, const char *needle);
void *guest_memset(void *p, int c, size_t n);
void *guest_memcpy(void *d, const void *s, size_t n);

#endif /* GUEST_GUEST_H */
