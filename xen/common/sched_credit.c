/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The credit scheduler: proportional CPU shares by domain weight, optional caps,
 * load balancing across CPUs within each vCPU's hard affinity, and nothing spent
 * on idle or blocked vCPUs.
 *
 * Every CPU keeps a list of the vCPUs assigned to it. A vCPU's credit is CPU time
 * (ns) it may still use in the current accounting period: running burns it, and
 * every CSCHED_PERIOD the machine's whole capacity (period x online CPUs) is shared
 * out again among the vCPUs that were active (running or waiting to run) in the
 * last period, by their domain's weight. A vCPU with credit left is UNDER, one
 * without is OVER; one woken from blocking with credit left is BOOSTed until its
 * next tick, so event-driven vCPUs (I/O, timers) answer fast. A CPU runs the
 * highest priority, longest-waiting runnable vCPU of its list, and when it has
 * nothing better than OVER work it takes a waiting vCPU from another CPU (one that
 * is not running and whose affinity allows this CPU). A capped domain that has
 * used its cap's worth of the period is parked until the next period.
 *
 * Locking: one lock (sched_lock, interrupts off) covers every CPU's list, the
 * credits and the accounting; a vCPU's pause flags are atomic and may change
 * without it (vcpu_wake from interrupts), and the lists are only read under it.
 * A vCPU leaves a CPU's list for another only while is_running is false, which the
 * architecture clears only once its state is saved (arch_context_switch).
 */
#include <public/vcpu.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/spinlock.h>

#define CSCHED_TICK           MILLISECS(10)  /* burn and balance while a guest runs */
#define CSCHED_TSLICE         MILLISECS(30)  /* longest run among equals */
#define CSCHED_PERIOD         MILLISECS(30)  /* credits are shared out this often */
#define CSCHED_MEMORY         MILLISECS(300) /* the longest debt (credit, cap) remembered */
#define CSCHED_DEFAULT_WEIGHT 256

/* vCPU priorities, higher runs first. */
#define CSCHED_PRI_OVER  0 /* spent its credit: runs when nothing better waits */
#define CSCHED_PRI_UNDER 1 /* has credit left */
#define CSCHED_PRI_BOOST 2 /* woke from blocking with credit left, until its next tick */

static DEFINE_SPINLOCK(sched_lock);

static struct sched_cpu {
    struct vcpu *vcpus; /* vCPUs assigned to this CPU, linked by next_on_cpu */
    struct vcpu *curr;  /* the guest vCPU it runs, NULL when idle */
    s_time_t slice_end; /* when curr's time slice ends */
    struct timer tick;
} sched_cpu[NR_CPUS];

static s_time_t next_accounting, last_accounting;
static bool guests_started; /* boot has built every boot-time domain */

unsigned int sched_domain_weight(const struct domain *d)
{
    return d->sched_weight ? d->sched_weight : CSCHED_DEFAULT_WEIGHT;
}

static uint64_t hard_affinity(const struct vcpu *v)
{
    /* 0 means never set: every CPU. */
    return (v->cpu_hard_affinity ? v->cpu_hard_affinity : ~0ULL) & cpu_online_map;
}

static bool runnable(const struct vcpu *v)
{
    const struct domain *d = v->domain;

    return v->pause_flags == 0 && !d->is_shutting_down && !d->is_dying &&
           !d->controller_pause_count && !d->sched_parked;
}

/* A capped domain's CPU time per period. */
static s_time_t cap_allowance(const struct domain *d)
{
    return CSCHED_PERIOD / 100 * (s_time_t)d->sched_cap;
}

/* Charge v for the time since its run (or last charge) began. sched_lock held. */
static void burn(struct vcpu *v, s_time_t now)
{
    s_time_t ran = now - v->sched_start;

    if ( ran <= 0 )
        return;
    v->sched_start = now;
    v->sched_credit -= ran;
    v->sched_active = true;
    v->domain->sched_used += ran;
    if ( v->domain->sched_cap && v->domain->sched_used >= cap_allowance(v->domain) )
        v->domain->sched_parked = true;
    if ( v->sched_credit <= 0 )
        v->sched_pri = CSCHED_PRI_OVER;
    else if ( v->sched_pri == CSCHED_PRI_BOOST )
        v->sched_pri = CSCHED_PRI_UNDER; /* a boost lasts until the first charge */
}

/* Visit every vCPU on every CPU's list. */
#define for_each_sched_vcpu(c, v)         \
    for ( (c) = 0; (c) < NR_CPUS; (c)++ ) \
        for ( (v) = sched_cpu[c].vcpus; (v); (v) = (v)->next_on_cpu )

/* An idle CPU other than self that v may run on, or NR_CPUS. sched_lock held. */
static unsigned int idle_cpu_for(const struct vcpu *v, unsigned int self)
{
    uint64_t aff = hard_affinity(v);

    for ( unsigned int c = 0; c < NR_CPUS; c++ )
        if ( c != self && (aff >> c & 1) && sched_cpu[c].curr == NULL )
            return c;
    return NR_CPUS;
}

/* Poke one idle CPU that may run v (it will steal v). sched_lock held. */
static void tickle_idle(const struct vcpu *v, unsigned int self)
{
    unsigned int c = idle_cpu_for(v, self);

    if ( c < NR_CPUS )
        cpu_raise_softirq(c, SCHEDULE_SOFTIRQ);
}

/*
 * Share out credits for the time since the last accounting (sched_lock held): the
 * machine's capacity over that time (elapsed x online CPUs) goes to the active
 * vCPUs (ran, or waiting to run) in proportion to their domain's weight, so each
 * active domain's share is weight x its active vCPUs. No vCPU is given more than the
 * elapsed time (it cannot use more than one CPU); none keeps more than one share, so
 * credit saved while idle does not pile up, nor more than CSCHED_MEMORY of debt, so a
 * long-past burst is forgotten. A capped domain is allowed its percentage of the
 * elapsed time: what it used beyond that stays owed, up to three periods' worth (a
 * late tick lets it overrun, and it pays back later), and it runs again once it
 * owes less than a period's allowance.
 */
static void account(s_time_t now, unsigned int self)
{
    static uint64_t round;
    uint64_t weight_total = 0;
    s_time_t elapsed = last_accounting ? now - last_accounting : CSCHED_PERIOD, capacity;
    unsigned int c, online = 0;
    struct vcpu *v;

    if ( elapsed > CSCHED_MEMORY )
        elapsed = CSCHED_MEMORY; /* after a long idle time: a fresh start */
    for ( c = 0; c < NR_CPUS; c++ )
        online += cpu_online(c);
    capacity = elapsed * (s_time_t)(online ? online : 1);
    round++;

    for_each_sched_vcpu(c, v)
    {
        if ( v->sched_active || runnable(v) )
            weight_total += sched_domain_weight(v->domain);
    }
    for_each_sched_vcpu(c, v)
    {
        s_time_t share;

        if ( !(v->sched_active || runnable(v)) || !weight_total )
            continue;
        share = (s_time_t)((uint64_t)capacity * sched_domain_weight(v->domain) / weight_total);
        if ( share > elapsed )
            share = elapsed;
        v->sched_credit += share;
        if ( v->sched_credit > share )
            v->sched_credit = share;
        if ( v->sched_credit < -CSCHED_MEMORY )
            v->sched_credit = -CSCHED_MEMORY;
        v->sched_pri = v->sched_credit > 0 ? CSCHED_PRI_UNDER : CSCHED_PRI_OVER;
        v->sched_active = false;
    }
    /* Caps: once per domain, the elapsed time's allowance pays off what was used. */
    for_each_sched_vcpu(c, v)
    {
        struct domain *d = v->domain;
        bool was_parked = d->sched_parked;

        if ( d->sched_round != round )
        {
            d->sched_round = round;
            d->sched_used -= elapsed / 100 * (s_time_t)d->sched_cap;
            if ( d->sched_used < 0 || !d->sched_cap )
                d->sched_used = 0;
            if ( d->sched_used > 3 * CSCHED_PERIOD )
                d->sched_used = 3 * CSCHED_PERIOD; /* a late tick is paid back, within reason */
            d->sched_parked = d->sched_cap && d->sched_used >= cap_allowance(d);
        }
        /* Unparked: its vCPUs want a CPU now, an idle one if any. */
        if ( was_parked && runnable(v) && !v->is_running )
            tickle_idle(v, self);
    }
    last_accounting = now;
    next_accounting = now + CSCHED_PERIOD;
}

/* Whether a beats b: higher priority, then the one that has waited longest. */
static bool better(const struct vcpu *a, const struct vcpu *b)
{
    if ( b == NULL )
        return true;
    if ( a->sched_pri != b->sched_pri )
        return a->sched_pri > b->sched_pri;
    return a->sched_last < b->sched_last;
}

/* The best vCPU of cpu's list that cpu may run now (prev counts as available). */
static struct vcpu *pick_local(unsigned int cpu, const struct vcpu *prev)
{
    struct vcpu *best = NULL;

    for ( struct vcpu *v = sched_cpu[cpu].vcpus; v; v = v->next_on_cpu )
        if ( runnable(v) && (!v->is_running || v == prev) && (hard_affinity(v) >> cpu & 1) &&
             better(v, best) )
            best = v;
    return best;
}

static void list_remove(struct vcpu *v)
{
    struct vcpu **pp = &sched_cpu[v->processor].vcpus;

    while ( *pp && *pp != v )
        pp = &(*pp)->next_on_cpu;
    if ( *pp )
        *pp = v->next_on_cpu;
    v->next_on_cpu = NULL;
}

static void list_add(struct vcpu *v, unsigned int cpu)
{
    v->processor = cpu;
    v->next_on_cpu = sched_cpu[cpu].vcpus;
    sched_cpu[cpu].vcpus = v;
}

/* Move v (not running anywhere) to cpu: its list, and the timers that wake it. */
static void migrate(struct vcpu *v, unsigned int cpu)
{
    list_remove(v);
    list_add(v, cpu);
    migrate_timer(&v->singleshot_timer, cpu);
    migrate_timer(&v->periodic_timer, cpu);
    migrate_timer(&v->poll_timer, cpu);
}

/*
 * Take a waiting vCPU from another CPU's list that beats what this CPU has (best):
 * the best one whose affinity allows cpu and that is not running. sched_lock held.
 */
static struct vcpu *steal(unsigned int cpu, struct vcpu *best)
{
    struct vcpu *found = NULL, *v;
    unsigned int c;

    for_each_sched_vcpu(
        c, v) if ( c != cpu && runnable(v) && !v->is_running && (hard_affinity(v) >> cpu & 1) &&
                   (best == NULL || v->sched_pri > best->sched_pri) && better(v, found) ) found = v;
    if ( found )
        migrate(found, cpu);
    return found ? found : best;
}

void sched_add_vcpu(struct vcpu *v)
{
    unsigned long flags = spin_lock_irqsave(&sched_lock);

    if ( !v->on_runqueue )
    {
        unsigned int cpu = v->processor;

        if ( !(hard_affinity(v) >> cpu & 1) && hard_affinity(v) )
            cpu = (unsigned int)__builtin_ctzll(hard_affinity(v));
        v->on_runqueue = true;
        v->sched_pri = CSCHED_PRI_UNDER;
        v->sched_credit = CSCHED_TSLICE;
        list_add(v, cpu);
    }
    spin_unlock_irqrestore(&sched_lock, flags);
}

void sched_remove_vcpu(struct vcpu *v)
{
    unsigned long flags = spin_lock_irqsave(&sched_lock);

    if ( v->on_runqueue )
    {
        list_remove(v);
        v->on_runqueue = false;
    }
    spin_unlock_irqrestore(&sched_lock, flags);
}

void sched_affinity_changed(struct vcpu *v)
{
    /* Its CPU reschedules (dropping it if no longer allowed); an idle allowed CPU takes it. */
    unsigned long flags = spin_lock_irqsave(&sched_lock);

    cpu_raise_softirq(v->processor, SCHEDULE_SOFTIRQ);
    tickle_idle(v, v->processor);
    spin_unlock_irqrestore(&sched_lock, flags);
}

void vcpu_wake(struct vcpu *v)
{
    unsigned long old =
        __atomic_fetch_and(&v->pause_flags, ~(1UL << VPF_blocked), __ATOMIC_SEQ_CST);
    unsigned int cpu = v->processor;

    /* Woken from blocking with credit left: boosted, so it preempts CPU hogs. */
    if ( (old & (1UL << VPF_blocked)) && v->sched_pri == CSCHED_PRI_UNDER )
        v->sched_pri = CSCHED_PRI_BOOST;
    cpu_raise_softirq(cpu, SCHEDULE_SOFTIRQ);
    /* Its CPU is busy: an idle CPU in its affinity may take it instead. */
    if ( sched_cpu[cpu].curr != NULL && sched_cpu[cpu].curr != v && v->on_runqueue )
    {
        unsigned long flags = spin_lock_irqsave(&sched_lock);

        tickle_idle(v, cpu);
        spin_unlock_irqrestore(&sched_lock, flags);
    }
}

void vcpu_block(struct vcpu *v)
{
    __atomic_fetch_or(&v->pause_flags, 1UL << VPF_blocked, __ATOMIC_SEQ_CST);
    raise_softirq(SCHEDULE_SOFTIRQ);
}

/* Whether a vCPU on cpu's list waits only for its domain's cap to allow it again. */
static bool parked_here(unsigned int cpu)
{
    for ( const struct vcpu *v = sched_cpu[cpu].vcpus; v; v = v->next_on_cpu )
        if ( v->pause_flags == 0 && v->domain->sched_parked )
            return true;
    return false;
}

/* What prev is once it stops running: still wanting the CPU, blocked, or offline. */
static int runstate_after(const struct vcpu *prev)
{
    if ( runnable(prev) || (prev->pause_flags == 0 && prev->domain->sched_parked) )
        return RUNSTATE_runnable; /* a parked vCPU waits for the next period */
    if ( prev->pause_flags == (1UL << VPF_blocked) )
        return RUNSTATE_blocked;
    return RUNSTATE_offline; /* down, paused by the toolstack, shut down */
}

/* When v's CPU should next look at it: a tick, or sooner if its cap runs out first. */
static s_time_t tick_for(const struct vcpu *v)
{
    const struct domain *d = v->domain;
    s_time_t left;

    if ( !d->sched_cap )
        return CSCHED_TICK;
    left = cap_allowance(d) - d->sched_used;
    return left < MICROSECS(100) ? MICROSECS(100) : left < CSCHED_TICK ? left : CSCHED_TICK;
}

static void tick_fired(void *data)
{
    (void)data;
    raise_softirq(SCHEDULE_SOFTIRQ);
}

static void schedule(void)
{
    unsigned int cpu = smp_processor_id();
    struct sched_cpu *sc = &sched_cpu[cpu];
    struct vcpu *prev = current, *next, *v;
    s_time_t now = NOW();
    unsigned long flags = spin_lock_irqsave(&sched_lock);

    if ( !is_idle_vcpu(prev) )
        burn(prev, now);
    if ( now >= next_accounting )
        account(now, cpu);

    next = guests_started ? pick_local(cpu, is_idle_vcpu(prev) ? NULL : prev) : NULL;
    /*
     * Keep running prev through its slice unless something better waits, and
     * whenever an idle CPU can take the other one instead (tickled below).
     */
    if ( !is_idle_vcpu(prev) && next != prev && next && runnable(prev) && prev->processor == cpu &&
         (hard_affinity(prev) >> cpu & 1) &&
         ((now < sc->slice_end && prev->sched_pri >= next->sched_pri) ||
          idle_cpu_for(next, cpu) < NR_CPUS) )
        next = prev;
    if ( guests_started && (next == NULL || next->sched_pri == CSCHED_PRI_OVER) )
        next = steal(cpu, next);

    if ( next != prev || sc->curr == NULL )
    {
        if ( next )
        {
            next->sched_start = now;
            next->sched_last = now;
            next->sched_active = true;
            next->is_running = true; /* claimed: no other CPU takes it from here */
        }
        sc->slice_end = now + CSCHED_TSLICE;
    }
    sc->curr = next;
    if ( next )
        set_timer(&sc->tick, now + tick_for(next));
    else if ( parked_here(cpu) )
        set_timer(&sc->tick, next_accounting); /* to run them again when their time comes */
    else
        stop_timer(&sc->tick); /* an idle CPU has no tick */

    /* Others still wait here: an idle CPU may take one. */
    for ( v = sc->vcpus; v; v = v->next_on_cpu )
        if ( v != next && runnable(v) && !v->is_running )
        {
            tickle_idle(v, cpu);
            break;
        }
    spin_unlock_irqrestore(&sched_lock, flags);

    if ( next == prev || (next == NULL && is_idle_vcpu(prev)) )
        return;
    if ( !is_idle_vcpu(prev) )
        vcpu_runstate_change(prev, runstate_after(prev));
    if ( next )
    {
        vcpu_runstate_change(next, RUNSTATE_running);
        /* Its first run starts the default periodic tick. */
        if ( next->periodic_period && !timer_is_active(&next->periodic_timer) &&
             next->runstate_time[RUNSTATE_running] == 0 )
            set_timer(&next->periodic_timer, NOW() + next->periodic_period);
    }
    arch_context_switch(prev, next); /* NULL: this CPU's idle vCPU */
}

void sched_start_guests(void)
{
    __atomic_store_n(&guests_started, true, __ATOMIC_SEQ_CST);
    for ( unsigned int c = 0; c < NR_CPUS; c++ )
        if ( cpu_online(c) )
            cpu_raise_softirq(c, SCHEDULE_SOFTIRQ);
}

void scheduler_init(void)
{
    for ( unsigned int c = 0; c < NR_CPUS; c++ )
        init_timer(&sched_cpu[c].tick, tick_fired, NULL, c);
    open_softirq(SCHEDULE_SOFTIRQ, schedule);
}

void sched_dump(void)
{
    unsigned long flags = spin_lock_irqsave(&sched_lock);
    unsigned int c;
    struct vcpu *v;

    printk("Scheduler: credit (tick %lu ms, slice %lu ms, period %lu ms)\n",
           (unsigned long)(CSCHED_TICK / MILLISECS(1)),
           (unsigned long)(CSCHED_TSLICE / MILLISECS(1)),
           (unsigned long)(CSCHED_PERIOD / MILLISECS(1)));
    for ( c = 0; c < NR_CPUS; c++ )
    {
        if ( !cpu_online(c) )
            continue;
        printk(" CPU%u: running %s\n", c, sched_cpu[c].curr ? "a guest vCPU" : "idle");
        for ( v = sched_cpu[c].vcpus; v; v = v->next_on_cpu )
            printk("  d%uv%u pri %s credit %ld us weight %u cap %u%s%s\n", v->domain->domain_id,
                   v->vcpu_id,
                   v->sched_pri == CSCHED_PRI_BOOST   ? "BOOST"
                   : v->sched_pri == CSCHED_PRI_UNDER ? "UNDER"
                                                      : "OVER",
                   (long)(v->sched_credit / 1000), sched_domain_weight(v->domain),
                   v->domain->sched_cap, v == sched_cpu[c].curr ? " (running)" : "",
                   runnable(v) ? "" : " (not runnable)");
    }
    spin_unlock_irqrestore(&sched_lock, flags);
}
