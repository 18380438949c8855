/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The virtual machine-check architecture a PV kernel finds (Linux's MCE
 * driver at boot: "Unable to init MCE device" without it). Probes, with
 * the values Xen 4.17 gives: CPUID shows MCE and MCA and CR4 reads with
 * MCE set; MCG_CAP counts two banks (on Intel with CMCI, TES and SER) and
 * ignores writes; MCG_STATUS keeps what is written; MCG_CTL (not offered)
 * reads 0 and ignores writes; each bank's CTL reads all ones whatever is
 * written, its STATUS, ADDR and MISC read 0 and take 0 but #GP on anything
 * else; banks past the count read 0 and ignore writes; MCi_CTL2 keeps
 * CMCI_EN and the threshold; IA32_FEATURE_CONTROL reads locked.
 */
#include "guest.h"

const char test_title[] = "vMCE: the machine-check MSRs Linux's MCE driver uses";

#define MSR_FEATURE_CONTROL 0x3a
#define MSR_MCG_CAP         0x179
#define MSR_MCG_STATUS      0x17a
#define MSR_MCG_CTL         0x17b
#define MSR_MC0_CTL2        0x280
#define MSR_MC_CTL(b)       (0x400 + 4 * (b))
#define MCG_CMCI_P          (1UL << 10)
#define CR4_MCE             (1UL << 6)

/* rdmsr that must not fault: the value, or a marker no MSR here holds. */
#define NO_MSR 0x5a5a5a5a5a5a5a5aUL
static uint64_t rd(uint32_t msr)
{
    uint64_t v = NO_MSR;

    probe_msr_read(msr, &v);
    return v;
}

static bool is_intel(void)
{
    struct cpuid_res r = cpuid_pv(0, 0);

    return r.b == 0x756e6547u && r.d == 0x49656e69u && r.c == 0x6c65746eu;
}

static void check_bank(unsigned int b)
{
    char what[96];

    guest_snprintf(what, sizeof(what), "bank %u: CTL reads all ones", b);
    check_true(what, rd(MSR_MC_CTL(b)) == ~0UL);
    guest_snprintf(what, sizeof(what), "bank %u: CTL takes 0 and still reads all ones", b);
    check_true(what, probe_msr_write(MSR_MC_CTL(b), 0) == -1 && rd(MSR_MC_CTL(b)) == ~0UL);
    probe_msr_write(MSR_MC_CTL(b), ~0UL);
    for ( unsigned int r = 1; r < 4; r++ )
    {
        static const char *const names[] = {"", "STATUS", "ADDR", "MISC"};

        guest_snprintf(what, sizeof(what), "bank %u: %s reads 0, takes 0", b, names[r]);
        check_true(what, rd(MSR_MC_CTL(b) + r) == 0 && probe_msr_write(MSR_MC_CTL(b) + r, 0) == -1);
        guest_snprintf(what, sizeof(what), "bank %u: %s = 5 is #GP", b, names[r]);
        check_true(what, probe_msr_write(MSR_MC_CTL(b) + r, 5) == X86_EXC_GP &&
                             rd(MSR_MC_CTL(b) + r) == 0);
    }
}

void test_main(void)
{
    uint32_t edx;
    unsigned long cr4;
    uint64_t cap;
    unsigned int banks;

    edx = cpuid_pv(1, 0).d;
    __asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
    guest_printf("leaf 1 edx %#x, cr4 %#lx\n", edx, cr4);
    check_true("CPUID.1 shows MCE and MCA", (edx & (1u << 7)) && (edx & (1u << 14)));
    check_true("CR4.MCE reads set", (cr4 & CR4_MCE) != 0);

    cap = rd(MSR_MCG_CAP);
    banks = (unsigned int)(cap & 0xff);
    guest_printf("MCG_CAP %#lx\n", (unsigned long)cap);
    check_true("MCG_CAP: two banks, no MCG_CTL_P, no LMCE",
               banks == 2 && !(cap & (1UL << 8)) && !(cap & (1UL << 27)));
    if ( is_intel() )
        check_true("on Intel: CMCI, TES and SER, as Xen 4.17", cap == 0x1000c02);
    check_true("a write to MCG_CAP is ignored",
               probe_msr_write(MSR_MCG_CAP, 0) == -1 && rd(MSR_MCG_CAP) == cap);
    check_true("MCG_STATUS reads 0", rd(MSR_MCG_STATUS) == 0);
    check_true("MCG_STATUS keeps what is written",
               probe_msr_write(MSR_MCG_STATUS, 1) == -1 && rd(MSR_MCG_STATUS) == 1);
    probe_msr_write(MSR_MCG_STATUS, 0);
    check_true("MCG_CTL reads 0 and ignores writes", rd(MSR_MCG_CTL) == 0 &&
                                                         probe_msr_write(MSR_MCG_CTL, ~0UL) == -1 &&
                                                         rd(MSR_MCG_CTL) == 0);
    for ( unsigned int b = 0; b < banks && b < 4; b++ )
        check_bank(b);
    check_true("the bank past the count reads 0",
               rd(MSR_MC_CTL(banks)) == 0 && rd(MSR_MC_CTL(banks) + 1) == 0);
    check_true("and ignores writes",
               probe_msr_write(MSR_MC_CTL(banks), ~0UL) == -1 && rd(MSR_MC_CTL(banks)) == 0);
    if ( cap & MCG_CMCI_P )
    {
        check_true("MC0_CTL2 reads 0", rd(MSR_MC0_CTL2) == 0);
        check_true("MC0_CTL2 keeps CMCI_EN and a threshold",
                   probe_msr_write(MSR_MC0_CTL2, 0x40000001) == -1 &&
                       rd(MSR_MC0_CTL2) == 0x40000001);
        check_true("MC1_CTL2 is its own", rd(MSR_MC0_CTL2 + 1) == 0);
        probe_msr_write(MSR_MC0_CTL2, 0);
    }
    if ( is_intel() )
        check_true("IA32_FEATURE_CONTROL reads locked, nothing enabled",
                   rd(MSR_FEATURE_CONTROL) == 1);
}
