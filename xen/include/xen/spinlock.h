/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Ticket spinlocks and reader-writer locks, from the compiler's atomic builtins
 * (no arch code but arch_cpu_relax() in the wait loops). Not recursive; take
 * them with interrupts off when an interrupt handler may take them too.
 */
#ifndef XEN_SPINLOCK_H
#define XEN_SPINLOCK_H

#include <xen/arch.h>
#include <xen/types.h>

/** A fair (FIFO) spinlock: head is served, tail is the next ticket. */
typedef struct {
    uint16_t head, tail;
} spinlock_t;

#define SPIN_LOCK_UNLOCKED \
    {                      \
        0, 0               \
    }
#define DEFINE_SPINLOCK(l) spinlock_t l = SPIN_LOCK_UNLOCKED

static inline void spin_lock_init(spinlock_t *l)
{
    l->head = l->tail = 0;
}

static inline void spin_lock(spinlock_t *l)
{
    uint16_t me = __atomic_fetch_add(&l->tail, 1, __ATOMIC_RELAXED);

    while ( __atomic_load_n(&l->head, __ATOMIC_ACQUIRE) != me )
        arch_cpu_relax();
}

static inline bool spin_trylock(spinlock_t *l)
{
    uint16_t head = __atomic_load_n(&l->head, __ATOMIC_RELAXED);
    uint16_t expect = head;

    /* Free only if no ticket is outstanding: tail == head; take ticket head. */
    return __atomic_compare_exchange_n(&l->tail, &expect, (uint16_t)(head + 1), false,
                                       __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static inline void spin_unlock(spinlock_t *l)
{
    __atomic_store_n(&l->head, (uint16_t)(l->head + 1), __ATOMIC_RELEASE);
}

static inline bool spin_is_locked(const spinlock_t *l)
{
    return __atomic_load_n(&l->head, __ATOMIC_RELAXED) !=
           __atomic_load_n(&l->tail, __ATOMIC_RELAXED);
}

/** Take the lock with interrupts off; returns the flags for the unlock. */
static inline unsigned long spin_lock_irqsave(spinlock_t *l)
{
    unsigned long flags = arch_irq_save();

    spin_lock(l);
    return flags;
}

static inline void spin_unlock_irqrestore(spinlock_t *l, unsigned long flags)
{
    spin_unlock(l);
    arch_irq_restore(flags);
}

/**
 * Reader-writer lock: cnt counts readers, WRITER bit set while a writer holds or
 * waits (new readers then wait, so writers are not starved).
 */
typedef struct {
    uint32_t cnt;
} rwlock_t;

#define RW_WRITER 0x80000000u
#define RW_LOCK_UNLOCKED \
    {                    \
        0                \
    }
#define DEFINE_RWLOCK(l) rwlock_t l = RW_LOCK_UNLOCKED

static inline void read_lock(rwlock_t *l)
{
    for ( ;; )
    {
        uint32_t c = __atomic_load_n(&l->cnt, __ATOMIC_RELAXED);

        if ( !(c & RW_WRITER) && __atomic_compare_exchange_n(&l->cnt, &c, c + 1, false,
                                                             __ATOMIC_ACQUIRE, __ATOMIC_RELAXED) )
            return;
        arch_cpu_relax();
    }
}

static inline void read_unlock(rwlock_t *l)
{
    __atomic_fetch_sub(&l->cnt, 1, __ATOMIC_RELEASE);
}

static inline void write_lock(rwlock_t *l)
{
    /* Claim the writer bit, then wait for the readers to drain. */
    for ( ;; )
    {
        uint32_t c = __atomic_load_n(&l->cnt, __ATOMIC_RELAXED);

        if ( !(c & RW_WRITER) && __atomic_compare_exchange_n(&l->cnt, &c, c | RW_WRITER, false,
                                                             __ATOMIC_ACQUIRE, __ATOMIC_RELAXED) )
            break;
        arch_cpu_relax();
    }
    while ( __atomic_load_n(&l->cnt, __ATOMIC_ACQUIRE) != RW_WRITER )
        arch_cpu_relax();
}

static inline void write_unlock(rwlock_t *l)
{
    __atomic_store_n(&l->cnt, 0, __ATOMIC_RELEASE);
}

#endif /* XEN_SPINLOCK_H */
