/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domains and virtual CPUs. Architecture state hangs off arch pointers whose
 * types only the architecture knows.
 *
 * Locking: domlist_lock (common/domain.c) protects the domain list;
 * d->page_lock the domain's page list and counts (taken inside the arch's
 * pv_mm_lock when a last reference frees a page, and outside heap_lock); a
 * vCPU's run state belongs to the CPU it is assigned to (interrupts off).
 */
#ifndef XEN_SCHED_H
#define XEN_SCHED_H

#include <public/xen.h> /* domid_t, DOMID_* */
#include <xen/mm.h>
#include <xen/rangeset.h>
#include <xen/spinlock.h>
#include <xen/timer.h>
#include <xen/types.h>

struct arch_domain;
struct evtchn_fifo_domain;
struct evtchn_port_ops;
struct grant_table;
struct guest_console;
struct arch_vcpu;
struct shared_info;
struct vcpu_info;

/* vcpu pause_flags bits. */
#define VPF_blocked 0 /* waiting for an event */
#define VPF_down    1 /* not initialised or taken down */

/* domain is_dying states. */
#define DOMDYING_alive 0
#define DOMDYING_dying 1 /* destroydomain started: no new references, being torn down */
#define DOMDYING_dead  2 /* torn down; freed when the last page goes */

struct vcpu {
    unsigned int vcpu_id;
    unsigned int processor; /* CPU it runs on (fixed for now) */
    struct domain *domain;
    struct vcpu_info *vcpu_info;
    unsigned long pause_flags;
    bool is_running;
    bool initialised;              /* has a context (built or VCPUOP_initialise) */
    bool on_runqueue;              /* added to its CPU's list */
    struct timer singleshot_timer; /* set_timer_op */
    struct timer periodic_timer;   /* VCPUOP_set_periodic_timer (10 ms by default) */
    struct timer poll_timer;       /* SCHEDOP_poll's timeout */
    uint64_t runstate_guest_area;  /* VCPUOP_register_runstate_memory_area, or 0 */
    s_time_t periodic_period;
    int poll_port; /* the one port polled, or -1 for several (event_channel.c) */
    uint32_t virq_to_evtchn[NR_VIRQS];
    bool polling; /* blocked in SCHEDOP_poll */
    int runstate; /* RUNSTATE_* */
    s_time_t runstate_entry;
    uint64_t runstate_time[4];
    struct arch_vcpu *arch;
    struct vcpu *next_on_cpu; /* the CPU's vCPU list (scheduler) */
    /* Credit scheduler state (sched_credit.c, under its lock). */
    int64_t sched_credit;       /* CPU time (ns) it may still use this period */
    uint8_t sched_pri;          /* CSCHED_PRI_* */
    bool sched_active;          /* ran since the last accounting */
    s_time_t sched_start;       /* start of its current run (or of the last charge) */
    s_time_t sched_last;        /* when it last started running: the longest waiting goes first */
    uint64_t cpu_hard_affinity; /* CPUs it may run on (bit per CPU; domctl) */
    uint64_t cpu_soft_affinity; /* CPUs it prefers (stored and reported only) */
};

struct domain {
    domid_t domain_id;
    bool is_privileged;
    bool is_shutting_down;
    unsigned int shutdown_code;
    uint8_t is_dying;                    /* DOMDYING_*: being destroyed (domctl) */
    unsigned int controller_pause_count; /* XEN_DOMCTL_pausedomain's count */
    xen_domain_handle_t handle;          /* the toolstack's UUID */
    uint16_t sched_weight, sched_cap;    /* credit-scheduler parameters (domctl) */
    uint32_t tsc_mode, tsc_incarnation;  /* settscinfo's mode and incarnation + 1 (domctl) */
    /*
     * What of the machine it may use (domctl irq/iomem/ioport_permission; the
     * builder fills dom0's): machine IRQs, machine frames that are not RAM, I/O
     * ports. Changed under domctl's lock; read without (a rangeset is small).
     */
    struct rangeset irq_caps, iomem_caps, ioport_caps;
    int64_t created;            /* system time of its creation, ns (gettscinfo) */
    s_time_t died_at;           /* when it left the domain list (domain_destroy.c) */
    struct timer release_timer; /* dead: frees it once its last page went (same) */
    bool released;              /* off the list, waiting to be freed (same) */

    spinlock_t page_lock;
    struct page_info *page_list; /* owned pages, linked through page->list */
    unsigned long tot_pages;
    unsigned long max_pages;

    struct shared_info *shared_info;
    struct evtchn **evtchn;          /* its ports, by bucket (xen/event.h: evtchn_from_port) */
    struct grant_table *grant_table; /* created on first use */
    spinlock_t evtchn_lock;
    unsigned int valid_evtchns; /* ports [0, valid_evtchns) exist (event_channel.c) */
    const struct evtchn_port_ops *evtchn_port_ops; /* its event ABI (xen/event.h) */
    struct evtchn_fifo_domain *evtchn_fifo;        /* FIFO ABI state, or NULL (event_fifo.c) */
    spinlock_t evtchn_fifo_lock;                   /* guards it and the queues (event_fifo.c) */
    unsigned int max_vcpus;
    struct vcpu **vcpu;

    struct timer watchdog_timer[2]; /* SCHEDOP_watchdog */
    unsigned int watchdog_inuse;    /* bit i: watchdog i + 1 armed */

    struct guest_console *console; /* a boot domU's console ring (guest_console.c), or NULL */

    s_time_t sched_used;  /* CPU time used beyond what sched_cap allowed so far (sched_credit.c) */
    uint64_t sched_round; /* the scheduler's last accounting round that charged sched_used */
    bool sched_parked;    /* used its cap's worth: not run until the next period */

    struct arch_domain *arch;
    struct domain *next_in_list;
};

/** The vCPU running on this CPU (the idle vCPU when no guest is). */
struct vcpu *current_vcpu(void);
#define current (current_vcpu())

/** Whether v is a CPU's idle vCPU. */
bool is_idle_vcpu(const struct vcpu *v);

/** The domain list, and dom0 (NULL until built). */
extern struct domain *domain_list;

/**
 * Pseudo-domains that own no vCPU and are in no list, named by mmu_update's
 * FOREIGNDOM: dom_xen owns the hypervisor frames privileged guests may map
 * read-only (the M2P, for xc_map_m2p), dom_io stands for MMIO, mapped as the
 * caller's own I/O memory permissions allow.
 */
extern struct domain dom_xen, dom_io;
extern struct domain *hardware_domain;

/**
 * Create domain domid with room for max_vcpus; allocates its shared_info
 * page and calls arch_domain_create(). Returns NULL on failure.
 */
struct domain *domain_create(domid_t domid, unsigned int max_vcpus, bool privileged);

/** Create vCPU vcpu_id of d, assigned to CPU cpu (down until initialised). */
struct vcpu *vcpu_create(struct domain *d, unsigned int vcpu_id, unsigned int cpu);

/**
 * Give d one page from the heap; it joins d's page list with owner d.
 * NULL when the heap is empty or d is at max_pages.
 */
struct page_info *alloc_domheap_page(struct domain *d);

/**
 * Give d 2^order contiguous pages below machine frame limit (~0UL: anywhere),
 * scrubbed, each with its allocation reference. NULL when the heap has no such
 * block or d would pass max_pages.
 */
struct page_info *alloc_domheap_pages(struct domain *d, unsigned int order, unsigned long limit);

/** Scrub 2^order pages fresh from the heap and make them d's (no max_pages check). */
void assign_domheap_pages(struct domain *d, struct page_info *pg, unsigned int order);

/**
 * Free a domain's page whose last reference went: off its owner's list and
 * tot_pages, back to the heap. The page must hold no references.
 */
void free_domheap_page(struct page_info *pg);

/** Raise VIRQ_DOM_EXC in the hardware domain: a domain shut down or died (its toolstack looks). */
void domain_notify_exception(void);

/** The domain asked to stop (SCHEDOP_shutdown): records the reason, stops its vCPUs. */
void domain_shutdown(struct domain *d, unsigned int reason);

/** Look up a domain by id (NULL if none); a dying domain is found until it is freed. */
struct domain *domain_lookup(domid_t domid);

/**
 * The domain with the lowest id >= from (system domains excluded), NULL if
 * none: for walking the domains in id order. Like domain_lookup(), the
 * pointer stays valid for the grace period a destroyed domain outlives its
 * removal from the list.
 */
struct domain *domain_next_from(unsigned int from);

/** Take d off the domain list (a dead domain about to be freed). */
void domain_unlink(struct domain *d);

/*
 * The toolstack's operations (common/domain_destroy.c). Locking: d's pause
 * count and is_dying are atomics; the scheduler reads them (sched_credit.c).
 */

/** Count a toolstack pause of d and wait until none of its vCPUs is on a CPU. */
void domain_pause_by_controller(struct domain *d);

/** Undo one toolstack pause; -EINVAL when d is not paused by it. */
int domain_unpause_by_controller(struct domain *d);

/**
 * Destroy d (not the caller's own domain: -EINVAL): stop it, close its event
 * channels and grant mappings, give its pages back. -EAGAIN: call again to
 * go on. A domain whose pages others still reference stays dead (dying in
 * getdomaininfo) until the last goes, then leaves the list by itself.
 */
int domain_kill(struct domain *d);

/** Free the memory of destroyed domains whose grace period is over. */
void domain_reap(void);

/* Event channels (common/event_channel.c). */

/** Set up d's event-channel table. Returns 0 or -ENOMEM. */
int evtchn_init(struct domain *d);

/** Free d's event-channel table (d is being freed, every port closed). */
void evtchn_free(struct domain *d);

/**
 * Close every port of d, which is dying (is_dying set first, so that no new
 * port appears): interdomain peers go back to unbound, pirqs are unbound.
 */
void evtchn_destroy(struct domain *d);

/** Raise v's per-vCPU virq if it is bound; returns whether it was. */
bool send_guest_vcpu_virq(struct vcpu *v, unsigned int virq);

/** Raise d's global virq (bound on vCPU 0, notified where bind_vcpu put it); whether bound. */
bool send_guest_global_virq(struct domain *d, unsigned int virq);

/** Whether port is in d's valid range (bound or not) / pending in d's shared_info. */
/**
 * Allocate a port of d unbound for `remote` whose sends, until `remote` binds
 * it, go to guest_console_kick(d) (the hypervisor serving d's console ring).
 * Returns the port or -errno.
 */
int evtchn_alloc_xen_unbound(struct domain *d, domid_t remote);
bool evtchn_port_is_valid(const struct domain *d, unsigned int port);
bool evtchn_port_is_pending(const struct domain *d, unsigned int port);

/** Mark port pending in d and notify its vCPU (wakes it, or its poll). */
void evtchn_set_pending(struct domain *d, unsigned int port);

/** Switch v to runstate state (RUNSTATE_*), accounting the time spent. */
void vcpu_runstate_change(struct vcpu *v, int state);

/** Copy v's runstate to the area it registered (v's page tables must be live). */
void vcpu_update_runstate_area(struct vcpu *v);

/* Architecture hooks (asm side). */
int arch_domain_create(struct domain *d);
int arch_vcpu_create(struct vcpu *v);

/**
 * Give v the state in the guest's vcpu_guest_context at ctxt_va (its page
 * tables referenced and checked). -EFAULT, -EEXIST if already initialised,
 * -EINVAL for an unusable context.
 */
int arch_vcpu_initialise(struct vcpu *v, uint64_t ctxt_va);

/**
 * Move v's vcpu_info from shared_info to offset in the domain's frame gmfn
 * (VCPUOP_register_vcpu_info), keeping a writable-type reference on the frame.
 * -EINVAL for a frame not the domain's or typed otherwise, a bad offset, a
 * second placement, or another vCPU that is running.
 */
int arch_vcpu_map_info(struct vcpu *v, uint64_t gmfn, unsigned int offset);

/**
 * Bind d's pirq to event channel port (EVTCHNOP_bind_pirq): the mapped
 * interrupt then raises it. -EPERM if the pirq maps no interrupt, -EEXIST if
 * it is bound already.
 */
int arch_pirq_bind(struct domain *d, unsigned int pirq, unsigned int port, bool shared);

/** Undo arch_pirq_bind (the port is being closed); the line is masked. */
void arch_pirq_unbind(struct domain *d, unsigned int pirq);

/* Scheduler (common/schedule.c: run states and hypercalls; common/sched_credit.c: policy). */

/** Make v runnable (clear VPF_blocked) and poke its CPU. */
void vcpu_wake(struct vcpu *v);

/** Mark v blocked until an event. */
void vcpu_block(struct vcpu *v);

/** Pick what this CPU runs next and switch to it (raised as SCHEDULE_SOFTIRQ). */
void scheduler_init(void);

/** Add v to its CPU's list of vCPUs to run (another CPU if its affinity says so). */
void sched_add_vcpu(struct vcpu *v);

/** Boot has built every boot-time domain: from now on their vCPUs run (on any CPU). */
void sched_start_guests(void);

/** Take v off the scheduler's lists (it must not be running: a dying domain's vCPU). */
void sched_remove_vcpu(struct vcpu *v);

/** v's hard affinity changed: move it to an allowed CPU. */
void sched_affinity_changed(struct vcpu *v);

/** d's credit weight (the default, 256, when not set). */
unsigned int sched_domain_weight(const struct domain *d);

/** Print every CPU's vCPUs with their priority and credit (debug key 'r'). */
void sched_dump(void);

/**
 * Architecture context switch: stop running prev and run next (NULL: this
 * CPU's idle vCPU) on this CPU. Never returns: it resets the stack into the
 * guest or into the idle loop.
 */
__noreturn void arch_context_switch(struct vcpu *prev, struct vcpu *next);

#endif /* XEN_SCHED_H */
