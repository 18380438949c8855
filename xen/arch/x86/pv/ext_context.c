/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The extended vCPU state of domctl get/set_ext_vcpucontext: the 32-bit entry
 * callbacks (SYSCALL from compatibility mode, SYSENTER) and the virtual
 * machine-check registers a toolstack carries across a save and restore.
 */
#include <xen/types.h> /* before the public headers, which use its types */

#include <asm/domain.h>
#include <asm/vmce.h>
#include <public/domctl.h>
#include <xen/domctl.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/string.h>

static bool is_canonical(uint64_t va)
{
    return ((int64_t)va >> 47) == 0 || ((int64_t)va >> 47) == -1;
}

/* A guest kernel runs in ring 3: its callback selectors get RPL 3 (as Xen 4.17's). */
static uint16_t guest_code_selector(uint16_t sel)
{
    return (uint16_t)(sel | 3);
}

void arch_get_ext_vcpucontext(const struct vcpu *v, struct xen_domctl_ext_vcpucontext *e)
{
    const struct arch_vcpu *a = v->arch;

    e->syscall32_callback_eip = a->syscall32_callback_eip;
    e->sysenter_callback_eip = a->sysenter_callback_eip;
    e->syscall32_callback_cs = a->syscall32_callback_cs;
    e->sysenter_callback_cs = a->sysenter_callback_cs;
    e->syscall32_disables_events = a->syscall32_disables_events;
    e->sysenter_disables_events = a->sysenter_disables_events;
    e->vmce.caps = a->vmce_caps;
    e->vmce.mci_ctl2_bank0 = a->vmce_mci_ctl2[0];
    e->vmce.mci_ctl2_bank1 = a->vmce_mci_ctl2[1];
    e->vmce.mcg_ext_ctl = a->vmce_ext_ctl;
}

int arch_check_ext_vcpucontext(const struct xen_domctl_ext_vcpucontext *e)
{
    if ( !is_canonical(e->syscall32_callback_eip) || !is_canonical(e->sysenter_callback_eip) )
        return -EINVAL;
    /* The vmce part counts only as far as `size` reaches; caps only what the vMCE offers. */
    if ( e->size >= offsetof(struct xen_domctl_ext_vcpucontext, vmce) + sizeof(e->vmce.caps) &&
         !vmce_caps_valid(e->vmce.caps) )
        return -EINVAL;
    if ( e->size >= sizeof(*e) && e->vmce.mcg_ext_ctl )
        return -EINVAL; /* no local machine checks to enable */
    return 0;
}

void arch_set_ext_vcpucontext(struct vcpu *v, const struct xen_domctl_ext_vcpucontext *e)
{
    struct arch_vcpu *a = v->arch;

    a->syscall32_callback_eip = e->syscall32_callback_eip;
    a->sysenter_callback_eip = e->sysenter_callback_eip;
    a->syscall32_callback_cs = guest_code_selector(e->syscall32_callback_cs);
    a->sysenter_callback_cs = guest_code_selector(e->sysenter_callback_cs);
    a->syscall32_disables_events = e->syscall32_disables_events != 0;
    a->sysenter_disables_events = e->sysenter_disables_events != 0;
    if ( e->size >= offsetof(struct xen_domctl_ext_vcpucontext, vmce) + sizeof(e->vmce.caps) )
        a->vmce_caps = e->vmce.caps;
    if ( e->size >= sizeof(*e) )
    {
        a->vmce_mci_ctl2[0] = e->vmce.mci_ctl2_bank0;
        a->vmce_mci_ctl2[1] = e->vmce.mci_ctl2_bank1;
        a->vmce_ext_ctl = e->vmce.mcg_ext_ctl;
    }
}
