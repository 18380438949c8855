/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Run-state accounting and the scheduling hypercalls (sched_op, set_timer_op,
 * vcpu_op). The policy, what runs where, is the credit scheduler's (sched_credit.c).
 */
#include <public/vcpu.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/string.h>
#include <xen/sched.h>
#include <xen/softirq.h>

void vcpu_runstate_change(struct vcpu *v, int state)
{
    s_time_t now = NOW();

    if ( v->runstate >= 0 && v->runstate < 4 )
        v->runstate_time[v->runstate] += (uint64_t)(now - v->runstate_entry);
    v->runstate = state;
    v->runstate_entry = now;
}

static void runstate_snapshot(const struct vcpu *v, struct vcpu_runstate_info *rs)
{
    memset(rs, 0, sizeof(*rs));
    rs->state = v->runstate;
    rs->state_entry_time = (uint64_t)v->runstate_entry;
    for ( unsigned int i = 0; i < 4; i++ )
        rs->time[i] = v->runstate_time[i];
    if ( v->runstate >= 0 && v->runstate < 4 )
        rs->time[v->runstate] += (uint64_t)(NOW() - v->runstate_entry);
}

void vcpu_update_runstate_area(struct vcpu *v)
{
    struct vcpu_runstate_info rs;

    if ( v->runstate_guest_area == 0 )
        return;
    runstate_snapshot(v, &rs);
    /* The guest's area, through its own page tables: they are live when we run it. */
    copy_to_guest(v->runstate_guest_area, &rs, sizeof(rs));
}

/* ------------------------------------------------------------ hypercalls */

#include <public/sched.h>
#include <public/vcpu.h>
#include <public/xen.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/string.h>

long do_sched_op(int cmd, uint64_t arg);

long do_sched_op(int cmd, uint64_t arg)
{
    struct vcpu *v = current;

    switch ( cmd )
    {
    case SCHEDOP_yield:
        raise_softirq(SCHEDULE_SOFTIRQ);
        return 0;
    case SCHEDOP_block:
        /*
         * Blocking re-enables events, as the ABI says (it is an implicit sti).
         * Block first, then look: an event raised meanwhile is either seen
         * here or its vcpu_wake() comes after the block and undoes it.
         */
        v->vcpu_info->evtchn_upcall_mask = 0;
        vcpu_block(v);
        if ( __atomic_load_n(&v->vcpu_info->evtchn_upcall_pending, __ATOMIC_SEQ_CST) )
            vcpu_wake(v);
        return 0;
    case SCHEDOP_shutdown:
    {
        struct sched_shutdown s;

        if ( copy_from_guest(&s, arg, sizeof(s)) )
            return -EFAULT;
        domain_shutdown(v->domain, s.reason);
        raise_softirq(SCHEDULE_SOFTIRQ);
        return 0;
    }
    case SCHEDOP_poll:
    {
        struct sched_poll p;
        struct domain *d = v->domain;
        evtchn_port_t ports[128];
        bool pending = false;

        if ( copy_from_guest(&p, arg, sizeof(p)) )
            return -EFAULT;
        if ( p.nr_ports > ARRAY_SIZE(ports) )
            return -EINVAL;
        if ( copy_from_guest(ports, guest_handle_va(p.ports), p.nr_ports * sizeof(ports[0])) )
            return -EFAULT;
        for ( unsigned int i = 0; i < p.nr_ports; i++ )
            if ( !evtchn_port_is_valid(d, ports[i]) )
                return -EINVAL; /* as Xen: a port in the valid range, bound or not */
        /*
         * Block and say what we wait for first, then look: an event raised
         * meanwhile either is seen here or wakes us. As Xen, a poll on one
         * port wakes only for it, a poll on several for any event of d.
         */
        v->poll_port = p.nr_ports == 1 ? (int)ports[0] : -1;
        vcpu_block(v);
        __atomic_store_n(&v->polling, true, __ATOMIC_SEQ_CST);
        for ( unsigned int i = 0; i < p.nr_ports && !pending; i++ )
            pending = evtchn_port_is_pending(d, ports[i]);
        /* As Xen: an upcall the vCPU would take now also ends the poll at once. */
        if ( !v->vcpu_info->evtchn_upcall_mask && v->vcpu_info->evtchn_upcall_pending )
            pending = true;
        if ( pending || (p.timeout && (s_time_t)p.timeout <= NOW()) )
        {
            if ( __atomic_exchange_n(&v->polling, false, __ATOMIC_SEQ_CST) )
                vcpu_wake(v);
            return 0;
        }
        if ( p.timeout )
            set_timer(&v->poll_timer, (s_time_t)p.timeout);
        return 0;
    }
    case SCHEDOP_remote_shutdown:
    {
        struct sched_remote_shutdown r;
        struct domain *d;

        if ( copy_from_guest(&r, arg, sizeof(r)) )
            return -EFAULT;
        if ( !v->domain->is_privileged )
            return -EPERM;
        if ( (d = domain_lookup(r.domain_id)) == NULL )
            return -ESRCH;
        domain_shutdown(d, r.reason);
        return 0;
    }
    case SCHEDOP_watchdog:
    {
        struct sched_watchdog w;
        struct domain *d = v->domain;

        if ( copy_from_guest(&w, arg, sizeof(w)) )
            return -EFAULT;
        if ( w.id == 0 )
        {
            /* Arm a new one. */
            for ( unsigned int i = 0; i < ARRAY_SIZE(d->watchdog_timer); i++ )
                if ( !(d->watchdog_inuse & (1u << i)) )
                {
                    d->watchdog_inuse |= 1u << i;
                    set_timer(&d->watchdog_timer[i], NOW() + SECONDS(w.timeout));
                    return (long)i + 1;
                }
            return -ENOSPC;
        }
        if ( w.id > ARRAY_SIZE(d->watchdog_timer) || !(d->watchdog_inuse & (1u << (w.id - 1))) )
            return -EINVAL;
        if ( w.timeout == 0 )
        {
            stop_timer(&d->watchdog_timer[w.id - 1]);
            d->watchdog_inuse &= ~(1u << (w.id - 1));
        }
        else
            set_timer(&d->watchdog_timer[w.id - 1], NOW() + SECONDS(w.timeout));
        return 0;
    }
    case SCHEDOP_shutdown_code:
    {
        struct sched_shutdown s;

        if ( copy_from_guest(&s, arg, sizeof(s)) )
            return -EFAULT;
        v->domain->shutdown_code = s.reason;
        return 0;
    }
    default:
        return -ENOSYS;
    }
}

long do_set_timer_op(uint64_t timeout);

long do_set_timer_op(uint64_t timeout)
{
    struct vcpu *v = current;

    if ( timeout == 0 )
        stop_timer(&v->singleshot_timer);
    else
        set_timer(&v->singleshot_timer, (s_time_t)timeout < NOW() ? NOW() : (s_time_t)timeout);
    return 0;
}

long do_vcpu_op(int cmd, unsigned int vcpuid, uint64_t arg);

long do_vcpu_op(int cmd, unsigned int vcpuid, uint64_t arg)
{
    struct domain *d = current->domain;
    struct vcpu *v;

    if ( vcpuid >= d->max_vcpus || (v = d->vcpu[vcpuid]) == NULL )
        return -ENOENT;
    switch ( cmd )
    {
    case VCPUOP_is_up:
        return !(v->pause_flags & (1UL << VPF_down));
    case VCPUOP_initialise:
        return arch_vcpu_initialise(v, arg);
    case VCPUOP_up:
        if ( !v->initialised )
            return -EINVAL;
        if ( v->pause_flags & (1UL << VPF_down) )
        {
            sched_add_vcpu(v);
            __atomic_fetch_and(&v->pause_flags, ~(1UL << VPF_down), __ATOMIC_SEQ_CST);
            vcpu_wake(v);
        }
        return 0;
    case VCPUOP_down:
        __atomic_fetch_or(&v->pause_flags, 1UL << VPF_down, __ATOMIC_SEQ_CST);
        if ( v == current )
            raise_softirq(SCHEDULE_SOFTIRQ);
        else
            cpu_raise_softirq(v->processor, SCHEDULE_SOFTIRQ);
        return 0;
    case VCPUOP_get_runstate_info:
    {
        struct vcpu_runstate_info rs;

        runstate_snapshot(v, &rs);
        return copy_to_guest(arg, &rs, sizeof(rs)) ? -EFAULT : 0;
    }
    case VCPUOP_register_runstate_memory_area:
    {
        struct vcpu_register_runstate_memory_area area;

        if ( copy_from_guest(&area, arg, sizeof(area)) )
            return -EFAULT;
        v->runstate_guest_area = area.addr.p;
        if ( v == current )
            vcpu_update_runstate_area(v);
        return 0;
    }
    case VCPUOP_set_periodic_timer:
    {
        struct vcpu_set_periodic_timer t;

        if ( copy_from_guest(&t, arg, sizeof(t)) )
            return -EFAULT;
        /* Longer than 2^62 - 1 ns (as Xen): now + period would overflow, firing for ever. */
        if ( t.period_ns < (uint64_t)MILLISECS(1) || t.period_ns > (~0ULL >> 2) )
            return -EINVAL;
        v->periodic_period = (s_time_t)t.period_ns;
        set_timer(&v->periodic_timer, NOW() + v->periodic_period);
        return 0;
    }
    case VCPUOP_stop_periodic_timer:
        v->periodic_period = 0;
        stop_timer(&v->periodic_timer);
        return 0;
    case VCPUOP_set_singleshot_timer:
    {
        struct vcpu_set_singleshot_timer t;

        if ( v != current )
            return -EINVAL;
        if ( copy_from_guest(&t, arg, sizeof(t)) )
            return -EFAULT;
        if ( (t.flags & VCPU_SSHOTTMR_future) && (s_time_t)t.timeout_abs_ns < NOW() )
            return -ETIME;
        set_timer(&v->singleshot_timer, (s_time_t)t.timeout_abs_ns);
        return 0;
    }
    case VCPUOP_stop_singleshot_timer:
        if ( v != current )
            return -EINVAL;
        stop_timer(&v->singleshot_timer);
        return 0;
    case VCPUOP_register_vcpu_info:
    {
        struct vcpu_register_vcpu_info info;

        if ( copy_from_guest(&info, arg, sizeof(info)) )
            return -EFAULT;
        if ( info.rsvd )
            return -EINVAL;
        return arch_vcpu_map_info(v, info.mfn, info.offset);
    }
    default:
        return -ENOSYS;
    }
}
