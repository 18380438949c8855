/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The virtual machine-check architecture of a PV vCPU (vMCE): the MSRs a
 * kernel's machine-check driver reads and writes at boot, as Xen 4.17 gives
 * them to PV guests. Two banks; MCG_CAP says so (with, on Intel, CMCI, TES
 * and SER as Xen's does); every bank's control reads all ones; status,
 * address and misc read 0 (no error was ever injected) and take only 0;
 * MCG_STATUS is the vCPU's own; banks past the count read 0 and ignore writes.
 */
#include <asm/domain.h>
#include <asm/processor.h>
#include <asm/vmce.h>
#include <xen/lib.h>
#include <xen/sched.h>

#define MSR_MCG_CAP    0x179
#define MSR_MCG_STATUS 0x17a
#define MSR_MCG_CTL    0x17b
#define MSR_MC0_CTL2   0x280
#define MSR_MC0_CTL    0x400
#define MAX_BANKS      32 /* the MSR range 0x400..0x47f, four per bank */

#define MCG_CAP_COUNT 0xffULL
#define MCG_CMCI_P    (1ULL << 10)
#define MCG_TES_P     (1ULL << 11)
#define MCG_SER_P     (1ULL << 24)
#define GUEST_BANKS   2
/* MCi_CTL2: CMCI_EN and the error threshold. */
#define MCI_CTL2_VALID ((1ULL << 30) | 0x7fffULL)

uint64_t vmce_guest_caps(void)
{
    return GUEST_BANKS | (cpu_vendor_is_intel() ? MCG_CMCI_P | MCG_TES_P | MCG_SER_P : 0);
}

bool vmce_caps_valid(uint64_t caps)
{
    return !(caps & ~(vmce_guest_caps() | MCG_CAP_COUNT));
}

/* Which bank and register (0 CTL, 1 STATUS, 2 ADDR, 3 MISC) msr is, if a bank MSR. */
static bool bank_msr(uint32_t msr, unsigned int *bank, unsigned int *reg)
{
    if ( msr < MSR_MC0_CTL || msr >= MSR_MC0_CTL + 4 * MAX_BANKS )
        return false;
    *bank = (msr - MSR_MC0_CTL) / 4;
    *reg = (msr - MSR_MC0_CTL) % 4;
    return true;
}

static unsigned int nr_banks(const struct arch_vcpu *a)
{
    unsigned int n = (unsigned int)(a->vmce_caps & MCG_CAP_COUNT);

    return n < GUEST_BANKS ? n : GUEST_BANKS;
}

bool vmce_rdmsr(const struct vcpu *v, uint32_t msr, uint64_t *val)
{
    const struct arch_vcpu *a = v->arch;
    unsigned int bank, reg;

    switch ( msr )
    {
    case MSR_MCG_CAP:
        *val = a->vmce_caps;
        return true;
    case MSR_MCG_STATUS:
        *val = a->vmce_mcg_status;
        return true;
    case MSR_MCG_CTL:
        *val = 0; /* no MCG_CTL_P */
        return true;
    }
    if ( msr >= MSR_MC0_CTL2 && msr < MSR_MC0_CTL2 + MAX_BANKS )
    {
        bank = msr - MSR_MC0_CTL2;
        *val = bank < nr_banks(a) && (a->vmce_caps & MCG_CMCI_P) ? a->vmce_mci_ctl2[bank] : 0;
        return true;
    }
    if ( !bank_msr(msr, &bank, &reg) )
        return false;
    *val = bank < nr_banks(a) && reg == 0 ? ~0ULL : 0;
    return true;
}

bool vmce_wrmsr(struct vcpu *v, uint32_t msr, uint64_t val)
{
    struct arch_vcpu *a = v->arch;
    unsigned int bank, reg;

    switch ( msr )
    {
    case MSR_MCG_CAP: /* read-only, writes ignored as on Xen */
    case MSR_MCG_CTL: /* not offered: ignored */
        return true;
    case MSR_MCG_STATUS:
        a->vmce_mcg_status = val;
        return true;
    }
    if ( msr >= MSR_MC0_CTL2 && msr < MSR_MC0_CTL2 + MAX_BANKS )
    {
        bank = msr - MSR_MC0_CTL2;
        if ( bank >= nr_banks(a) || !(a->vmce_caps & MCG_CMCI_P) )
            return true;
        if ( val & ~MCI_CTL2_VALID )
            return false;
        a->vmce_mci_ctl2[bank] = val;
        return true;
    }
    if ( !bank_msr(msr, &bank, &reg) )
        return false;
    /* A bank's control is all ones whatever is written; its logs take only a clear. */
    return bank >= nr_banks(a) || reg == 0 || val == 0;
}
