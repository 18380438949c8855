/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bad_pointers: every hypercall that takes a guest pointer, handed three
 * pointers a guest must not get away with: an unmapped address, the start of
 * the hypervisor's area (the M2P, which the guest may read but the hypervisor
 * must not accept as a guest buffer) and a non-canonical address. Each call
 * must fail with -EFAULT and the hypervisor must keep running; a multicall
 * whose entry carries a bad pointer reports -EFAULT in that entry's result.
 */
#include "guest.h"

const char test_title[] = "bad guest pointers to every pointer-taking hypercall: -EFAULT";

static long call_set_trap_table(void *p)
{
    long rc = hypervisor_set_trap_table(p);

    traps_install(); /* a failed call may have cleared part of the table */
    return rc;
}

static long call_mmu_update(void *p)
{
    return hypervisor_mmu_update(p, 1, NULL, DOMID_SELF);
}

static long call_set_gdt(void *p)
{
    return hypercall2(__HYPERVISOR_set_gdt, (unsigned long)p, 512);
}

static long call_memory_op(void *p)
{
    return hypervisor_memory_op(XENMEM_current_reservation, p);
}

static long call_multicall(void *p)
{
    return hypercall2(__HYPERVISOR_multicall, (unsigned long)p, 1);
}

static long call_console_io(void *p)
{
    return hypervisor_console_io(CONSOLEIO_write, 16, p);
}

static long call_grant_table_op(void *p)
{
    return hypercall3(__HYPERVISOR_grant_table_op, GNTTABOP_query_size, (unsigned long)p, 1);
}

static long call_xen_version(void *p)
{
    return hypervisor_xen_version(XENVER_compile_info, p);
}

static long call_vcpu_op(void *p)
{
    return hypervisor_vcpu_op(VCPUOP_get_runstate_info, 0, p);
}

static long call_mmuext_op(void *p)
{
    return hypervisor_mmuext_op(p, 1, NULL, DOMID_SELF);
}

static long call_nmi_op(void *p)
{
    return hypercall2(__HYPERVISOR_nmi_op, XENNMI_register_callback, (unsigned long)p);
}

static long call_sched_op(void *p)
{
    return hypervisor_sched_op(SCHEDOP_shutdown_code, p);
}

static long call_callback_op(void *p)
{
    return hypervisor_callback_op(CALLBACKOP_register, p);
}

static long call_event_channel_op(void *p)
{
    return hypervisor_event_channel_op(EVTCHNOP_alloc_unbound, p);
}

static long call_physdev_op(void *p)
{
    return hypercall2(__HYPERVISOR_physdev_op, PHYSDEVOP_irq_status_query, (unsigned long)p);
}

static long call_platform_op(void *p)
{
    return hypercall1(__HYPERVISOR_platform_op, (unsigned long)p);
}

static long call_sysctl(void *p)
{
    return hypercall1(__HYPERVISOR_sysctl, (unsigned long)p);
}

static long call_domctl(void *p)
{
    return hypercall1(__HYPERVISOR_domctl, (unsigned long)p);
}

static const struct {
    const char *name;
    long (*call)(void *p);
} calls[] = {
    {"set_trap_table", call_set_trap_table},
    {"mmu_update", call_mmu_update},
    {"set_gdt", call_set_gdt},
    {"memory_op current_reservation", call_memory_op},
    {"multicall", call_multicall},
    {"console_io write", call_console_io},
    {"grant_table_op query_size", call_grant_table_op},
    {"xen_version compile_info", call_xen_version},
    {"vcpu_op get_runstate_info", call_vcpu_op},
    {"mmuext_op", call_mmuext_op},
    {"nmi_op register_callback", call_nmi_op},
    {"sched_op shutdown_code", call_sched_op},
    {"callback_op register", call_callback_op},
    {"event_channel_op alloc_unbound", call_event_channel_op},
    {"physdev_op irq_status_query", call_physdev_op},
    {"platform_op", call_platform_op},
    {"sysctl", call_sysctl},
    {"domctl", call_domctl},
};

static const struct {
    const char *name;
    unsigned long addr;
} bad[] = {
    {"unmapped", 0x40000000UL},
    {"hypervisor area", HYPERVISOR_VIRT_START},
    {"non-canonical", 0x8000000000000000UL},
};

static void bad_multicall_entry(void)
{
    static multicall_entry_t mc[2];

    mc[0].op = __HYPERVISOR_xen_version;
    mc[0].args[0] = XENVER_version;
    mc[1].op = __HYPERVISOR_xen_version;
    mc[1].args[0] = XENVER_extraversion;
    mc[1].args[1] = 0x40000000UL;
    mc[1].result = 1;
    check_rc("multicall of a good and a bad call",
             hypercall2(__HYPERVISOR_multicall, (unsigned long)mc, 2), 0);
    check_true("the good entry returned the version", (long)mc[0].result > 0x30000);
    check_rc("the bad entry's result", (long)mc[1].result, -XEN_EFAULT);
}

void test_main(void)
{
    char what[96];
    unsigned int i, j;

    for ( i = 0; i < sizeof(calls) / sizeof(calls[0]); i++ )
        for ( j = 0; j < sizeof(bad) / sizeof(bad[0]); j++ )
        {
            guest_snprintf(what, sizeof(what), "%s, %s pointer", calls[i].name, bad[j].name);
            check_rc(what, calls[i].call((void *)bad[j].addr), -XEN_EFAULT);
        }
    bad_multicall_entry();
    check_rc("the hypervisor still answers", hypervisor_xen_version(XENVER_pagesize, NULL), 4096);
}
