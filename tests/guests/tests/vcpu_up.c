/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A second vCPU, brought up the way a PV kernel starts its secondary CPUs:
 * VCPUOP_initialise with a vcpu_guest_context (kernel-mode flat selectors,
 * our page tables in ctrlreg[3], its own stack), then VCPUOP_up. Probes: the
 * vCPU exists but is down, cannot be started before it is initialised, runs
 * our code once up (it writes a flag, then takes itself down with
 * VCPUOP_down), cannot be initialised twice, a TLB flush can target both
 * vCPUs, a bad context pointer is -EFAULT. Errnos as Xen 4.17 gives them.
 * run-guest: --smp 2 -- dom0_max_vcpus=2
 */
#include "guest.h"

const char test_title[] = "vcpu_op: initialise, up and down a second vCPU";

static uint8_t ap_stack[4096] __attribute__((aligned(4096)));
static volatile uint64_t ap_ran;
static struct vcpu_guest_context ctxt;

static void __attribute__((noreturn)) ap_main(void)
{
    ap_ran = 0xc0ffee;
    for ( ;; )
        hypervisor_vcpu_op(VCPUOP_down, 1, NULL);
}

void test_main(void)
{
    unsigned long mask = 3;
    struct mmuext_op flush = {.cmd = MMUEXT_TLB_FLUSH_MULTI};

    check_rc("VCPUOP_is_up vCPU 1 before start", hypervisor_vcpu_op(VCPUOP_is_up, 1, NULL), 0);
    check_rc("VCPUOP_up before VCPUOP_initialise", hypervisor_vcpu_op(VCPUOP_up, 1, NULL),
             -XEN_EINVAL);

    vcpu_context_init(&ctxt, ap_main, ap_stack + sizeof(ap_stack));

    check_rc("VCPUOP_initialise from an unmapped pointer",
             hypervisor_vcpu_op(VCPUOP_initialise, 1, (void *)0x40000000UL), -XEN_EFAULT);
    if ( !check_rc("VCPUOP_initialise vCPU 1", hypervisor_vcpu_op(VCPUOP_initialise, 1, &ctxt), 0) )
        return;
    check_rc("VCPUOP_initialise it again", hypervisor_vcpu_op(VCPUOP_initialise, 1, &ctxt),
             -XEN_EEXIST);
    check_rc("VCPUOP_up vCPU 1", hypervisor_vcpu_op(VCPUOP_up, 1, NULL), 0);
    check_true("vCPU 1 ran our code", WAIT_FOR(ap_ran == 0xc0ffee, 5000000000ULL));
    check_true("vCPU 1 took itself down",
               WAIT_FOR(hypervisor_vcpu_op(VCPUOP_is_up, 1, NULL) == 0, 5000000000ULL));

    set_xen_guest_handle(flush.arg2.vcpumask, &mask);
    check_rc("MMUEXT_TLB_FLUSH_MULTI for vCPUs 0 and 1",
             hypervisor_mmuext_op(&flush, 1, NULL, DOMID_SELF), 0);
    check_rc("VCPUOP_is_up vCPU 2 (there are two)", hypervisor_vcpu_op(VCPUOP_is_up, 2, NULL),
             -XEN_ENOENT);
}
