/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The multicall hypercall: a batch of hypercalls in one trap. Each entry is
 * copied in, run through the same table as a direct call, and its result
 * written back; a bad pointer inside an entry is that entry's -EFAULT. The
 * batch continues itself later when this CPU has other work waiting, and when
 * an entry does (its arguments in the guest's list are then rewritten to the
 * rest of its work, as with Xen).
 */
#include <public/xen.h>
#include <xen/arch.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/softirq.h>

long do_multicall(uint64_t call_list, unsigned int nr_calls);

long do_multicall(uint64_t call_list, unsigned int nr_calls)
{
    static bool in_multicall[64]; /* per CPU: no nesting */
    unsigned int cpu = smp_processor_id();
    long rc = 0;

    if ( cpu >= 64 || in_multicall[cpu] )
        return -EINVAL;
    /* As Xen: the list's address is checked first, even for an empty batch. */
    if ( !guest_access_ok(call_list, 1) )
        return -EFAULT;
    in_multicall[cpu] = true;
    for ( unsigned int i = 0; i < nr_calls; i++ )
    {
        struct multicall_entry e;
        uint64_t va = call_list + (uint64_t)i * sizeof(e);

        /* Other work waits on this CPU: the rest of the batch later (one entry at least now). */
        if ( i && softirq_pending(cpu) && arch_hypercall_continue(va, nr_calls - i, 0, 0, 0) )
            break;
        if ( copy_from_guest(&e, va, sizeof(e)) )
        {
            rc = -EFAULT;
            break;
        }
        if ( arch_do_multicall_call(&e) )
        {
            /* The entry goes on later: the list keeps its new arguments, the batch resumes at it.
             */
            if ( copy_to_guest(va + __builtin_offsetof(struct multicall_entry, args), e.args,
                               sizeof(e.args)) )
                rc = -EFAULT;
            else if ( !arch_hypercall_continue(va, nr_calls - i, 0, 0, 0) )
                rc = -EINVAL; /* cannot happen: a multicall is always a guest's own call */
            break;
        }
        if ( copy_to_guest(va + __builtin_offsetof(struct multicall_entry, result), &e.result,
                           sizeof(e.result)) )
        {
            rc = -EFAULT;
            break;
        }
        if ( current->domain->is_shutting_down )
            break;
    }
    in_multicall[cpu] = false;
    return rc;
}
