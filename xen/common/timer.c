/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Software timers (see xen/timer.h). Locking: each CPU's heap has its own lock,
 * taken with interrupts off; a timer's function runs with no lock held.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/spinlock.h>
#include <xen/timer.h>

#define TIMER_HEAP_SIZE 256

static struct timer_heap {
    spinlock_t lock;
    unsigned int size;
    struct timer *t[TIMER_HEAP_SIZE + 1]; /* 1-based */
} heaps[NR_CPUS];

static void heap_swap(struct timer_heap *h, unsigned int a, unsigned int b)
{
    struct timer *x = h->t[a];

    h->t[a] = h->t[b];
    h->t[b] = x;
    h->t[a]->heap_index = a;
    h->t[b]->heap_index = b;
}

static void heap_up(struct timer_heap *h, unsigned int i)
{
    while ( i > 1 && h->t[i / 2]->expires > h->t[i]->expires )
    {
        heap_swap(h, i, i / 2);
        i /= 2;
    }
}

static void heap_down(struct timer_heap *h, unsigned int i)
{
    for ( ;; )
    {
        unsigned int l = 2 * i, r = l + 1, m = i;

        if ( l <= h->size && h->t[l]->expires < h->t[m]->expires )
            m = l;
        if ( r <= h->size && h->t[r]->expires < h->t[m]->expires )
            m = r;
        if ( m == i )
            return;
        heap_swap(h, i, m);
        i = m;
    }
}

/* Add t (its expiry set) to h, which has room. */
static void heap_insert(struct timer_heap *h, struct timer *t)
{
    h->t[++h->size] = t;
    t->heap_index = h->size;
    heap_up(h, h->size);
}

static void heap_remove(struct timer_heap *h, struct timer *t)
{
    unsigned int i = t->heap_index;

    heap_swap(h, i, h->size);
    h->size--;
    t->heap_index = 0;
    if ( i <= h->size )
    {
        heap_up(h, i);
        heap_down(h, i);
    }
}

static void reprogram(struct timer_heap *h)
{
    arch_set_timer_deadline(h->size ? h->t[1]->expires : STIME_MAX);
}

void init_timer(struct timer *t, void (*fn)(void *data), void *data, unsigned int cpu)
{
    t->expires = 0;
    t->function = fn;
    t->data = data;
    t->cpu = cpu;
    t->heap_index = 0;
}

/* Lock the heap t is on; t->cpu is stable while it is held (migrate_timer takes both). */
static struct timer_heap *lock_timer(struct timer *t, unsigned long *flags)
{
    for ( ;; )
    {
        unsigned int cpu = __atomic_load_n(&t->cpu, __ATOMIC_ACQUIRE);
        struct timer_heap *h = &heaps[cpu];

        *flags = spin_lock_irqsave(&h->lock);
        if ( __atomic_load_n(&t->cpu, __ATOMIC_ACQUIRE) == cpu )
            return h;
        spin_unlock_irqrestore(&h->lock, *flags);
    }
}

int set_timer(struct timer *t, s_time_t expires)
{
    unsigned long flags;
    struct timer_heap *h = lock_timer(t, &flags);

    if ( t->heap_index )
        heap_remove(h, t);
    if ( h->size == TIMER_HEAP_SIZE )
    {
        spin_unlock_irqrestore(&h->lock, flags);
        return -ENOSPC;
    }
    t->expires = expires;
    heap_insert(h, t);
    if ( t->cpu == smp_processor_id() && h->t[1] == t )
        reprogram(h);
    spin_unlock_irqrestore(&h->lock, flags);
    if ( t->cpu != smp_processor_id() )
        cpu_raise_softirq(t->cpu, TIMER_SOFTIRQ); /* let it reprogram itself */
    return 0;
}

void stop_timer(struct timer *t)
{
    unsigned long flags;
    struct timer_heap *h = lock_timer(t, &flags);

    if ( t->heap_index )
        heap_remove(h, t);
    spin_unlock_irqrestore(&h->lock, flags);
}

void migrate_timer(struct timer *t, unsigned int cpu)
{
    for ( ;; )
    {
        unsigned int old = __atomic_load_n(&t->cpu, __ATOMIC_ACQUIRE);
        struct timer_heap *a = &heaps[old < cpu ? old : cpu], *b = &heaps[old < cpu ? cpu : old];
        unsigned long flags;
        bool armed;

        if ( old == cpu )
            return;
        /* Both heaps, in CPU order: t->cpu cannot change under either holder. */
        flags = spin_lock_irqsave(&a->lock);
        spin_lock(&b->lock);
        if ( __atomic_load_n(&t->cpu, __ATOMIC_ACQUIRE) != old )
        {
            spin_unlock(&b->lock);
            spin_unlock_irqrestore(&a->lock, flags);
            continue;
        }
        armed = t->heap_index != 0;
        if ( armed && heaps[cpu].size == TIMER_HEAP_SIZE )
        {
            /* No room there: it stays where it is (a remote timer still works). */
            spin_unlock(&b->lock);
            spin_unlock_irqrestore(&a->lock, flags);
            return;
        }
        if ( armed )
            heap_remove(&heaps[old], t);
        __atomic_store_n(&t->cpu, cpu, __ATOMIC_RELEASE);
        if ( armed )
            heap_insert(&heaps[cpu], t);
        spin_unlock(&b->lock);
        spin_unlock_irqrestore(&a->lock, flags);
        if ( armed )
            cpu_raise_softirq(cpu, TIMER_SOFTIRQ); /* it reprograms its deadline */
        return;
    }
}

void timer_softirq_action(void)
{
    struct timer_heap *h = &heaps[smp_processor_id()];
    unsigned long flags = spin_lock_irqsave(&h->lock);

    while ( h->size && h->t[1]->expires <= NOW() )
    {
        struct timer *t = h->t[1];

        heap_remove(h, t);
        spin_unlock_irqrestore(&h->lock, flags);
        t->function(t->data);
        flags = spin_lock_irqsave(&h->lock);
    }
    reprogram(h);
    spin_unlock_irqrestore(&h->lock, flags);
}

void timer_init(void)
{
    for ( unsigned int c = 0; c < NR_CPUS; c++ )
        spin_lock_init(&heaps[c].lock);
    open_softirq(TIMER_SOFTIRQ, timer_softirq_action);
}

void dump_timers(void)
{
    s_time_t now = NOW();

    printk("Dumping timer queues (now %lld ns):\n", (long long)now);
    for ( unsigned int c = 0; c < NR_CPUS; c++ )
    {
        struct timer_heap *h = &heaps[c];
        unsigned long flags;

        if ( !cpu_online(c) )
            continue;
        flags = spin_lock_irqsave(&h->lock);
        printk("CPU%02u: %u armed\n", c, h->size);
        for ( unsigned int i = 1; i <= h->size; i++ )
            printk("  ex=%+10lldus timer=%p fn=%p data=%p\n",
                   (long long)((h->t[i]->expires - now) / 1000), (void *)h->t[i],
                   (void *)h->t[i]->function, h->t[i]->data);
        spin_unlock_irqrestore(&h->lock, flags);
    }
}
