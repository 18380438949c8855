/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypercall wrappers for the guest tests: each calls the hypervisor's stub in
 * the hypercall page (32 bytes per hypercall number), arguments in rdi, rsi,
 * rdx, r10, r8, result in rax (negative XEN_E* on failure).
 */
#ifndef GUEST_HYPERCALL_H
#define GUEST_HYPERCALL_H

#include "types.h"

/** The page the hypervisor fills with stubs (named by the HYPERCALL_PAGE note). */
extern uint8_t hypercall_page[4096];

/** Issue hypercall `nr` with up to five arguments. */
static inline long hypercall5(unsigned int nr, unsigned long a1, unsigned long a2, unsigned long a3,
                              unsigned long a4, unsigned long a5)
{
    register unsigned long r10 __asm__("r10") = a4;
    register unsigned long r8 __asm__("r8") = a5;
    long rax;

    __asm__ volatile("call *%[stub]"
                     : "=a"(rax), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10), "+r"(r8)
                     : [stub] "r"(hypercall_page + nr * 32)
                     : "memory", "rcx", "r9", "r11");
    return rax;
}

static inline long hypercall1(unsigned int nr, unsigned long a1)
{
    return hypercall5(nr, a1, 0, 0, 0, 0);
}

static inline long hypercall2(unsigned int nr, unsigned long a1, unsigned long a2)
{
    return hypercall5(nr, a1, a2, 0, 0, 0);
}

static inline long hypercall3(unsigned int nr, unsigned long a1, unsigned long a2, unsigned long a3)
{
    return hypercall5(nr, a1, a2, a3, 0, 0);
}

static inline long hypercall4(unsigned int nr, unsigned long a1, unsigned long a2, unsigned long a3,
                              unsigned long a4)
{
    return hypercall5(nr, a1, a2, a3, a4, 0);
}

static inline long hypervisor_console_io(int cmd, unsigned int count, const void *buf)
{
    return hypercall3(__HYPERVISOR_console_io, (unsigned int)cmd, count, (unsigned long)buf);
}

static inline long hypervisor_xen_version(int cmd, void *arg)
{
    return hypercall2(__HYPERVISOR_xen_version, (unsigned int)cmd, (unsigned long)arg);
}

static inline long hypervisor_sched_op(int cmd, void *arg)
{
    return hypercall2(__HYPERVISOR_sched_op, (unsigned int)cmd, (unsigned long)arg);
}

static inline long hypervisor_set_trap_table(const struct trap_info *table)
{
    return hypercall1(__HYPERVISOR_set_trap_table, (unsigned long)table);
}

static inline long hypervisor_mmu_update(const struct mmu_update *reqs, unsigned int count,
                                         unsigned int *done, domid_t owner)
{
    return hypercall4(__HYPERVISOR_mmu_update, (unsigned long)reqs, count, (unsigned long)done,
                      owner);
}

static inline long hypervisor_mmuext_op(const struct mmuext_op *ops, unsigned int count,
                                        unsigned int *done, domid_t owner)
{
    return hypercall4(__HYPERVISOR_mmuext_op, (unsigned long)ops, count, (unsigned long)done,
                      owner);
}

static inline long hypervisor_update_va_mapping(unsigned long va, uint64_t pte, unsigned long flags)
{
    return hypercall3(__HYPERVISOR_update_va_mapping, va, pte, flags);
}

static inline long hypervisor_memory_op(unsigned int cmd, void *arg)
{
    return hypercall2(__HYPERVISOR_memory_op, cmd, (unsigned long)arg);
}

static inline long hypervisor_set_timer_op(uint64_t timeout_ns)
{
    return hypercall1(__HYPERVISOR_set_timer_op, timeout_ns);
}

static inline long hypervisor_vcpu_op(int cmd, unsigned int vcpu, void *arg)
{
    return hypercall3(__HYPERVISOR_vcpu_op, (unsigned int)cmd, vcpu, (unsigned long)arg);
}

static inline long hypervisor_event_channel_op(int cmd, void *arg)
{
    return hypercall2(__HYPERVISOR_event_channel_op, (unsigned int)cmd, (unsigned long)arg);
}

static inline long hypervisor_callback_op(int cmd, const void *arg)
{
    return hypercall2(__HYPERVISOR_callback_op, (unsigned int)cmd, (unsigned long)arg);
}

#endif /* GUEST_HYPERCALL_H */
