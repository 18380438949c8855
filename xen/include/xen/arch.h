/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Every hook generic code calls into the architecture. Generic code (xen/common,
 * xen/include/xen) includes this header, never <asm/...>.
 */
#ifndef XEN_ARCH_H
#define XEN_ARCH_H

#include <xen/compiler.h>
#include <xen/types.h>

/**
 * Stop the machine for reason (an XEN_SHUTDOWN_* value): report the reason to
 * the platform (under QEMU, through the isa-debug-exit port, so the emulator's
 * exit status tells it), then power off, reset or halt as the reason asks.
 * Interrupts are off on return... which never happens.
 */
__noreturn void arch_shutdown(unsigned int reason);

/** Disable interrupts on this CPU and halt it forever. */
__noreturn void arch_halt(void);

struct page_info;

/**
 * The hypervisor's view of a machine frame: its address in the direct map.
 * Valid for any frame below the top of RAM.
 */
void *arch_mfn_to_virt(unsigned long mfn);

/** Inverse of arch_mfn_to_virt() for a direct-map address. */
unsigned long arch_virt_to_mfn(const void *va);

/** A hint to the CPU inside a spin-wait loop (x86: pause); serves pending TLB-flush requests. */
void arch_cpu_relax(void);

/**
 * Continue the hypercall being run later: once this CPU's pending work (softirqs:
 * scheduling, timers) is done, the guest issues the same hypercall again with
 * these arguments, as if it had called it so itself; what the handler returns is
 * dropped. From a multicall entry, that entry's arguments in the guest's list
 * are replaced and the multicall goes on from it. False when no hypercall from a
 * guest is being run: the handler then returns what it did so far.
 */
bool arch_hypercall_continue(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4);

struct multicall_entry;
/**
 * Run multicall entry e through the hypercall table: false with e->result set,
 * or true if its handler asked to be continued (arch_hypercall_continue()):
 * e->args then hold the arguments to run it with again.
 */
bool arch_do_multicall_call(struct multicall_entry *e);

/**
 * Disable interrupts on this CPU and return whether they were enabled, for
 * arch_irq_restore().
 */
unsigned long arch_irq_save(void);
void arch_irq_restore(unsigned long flags);

/**
 * Flush the TLBs of the CPUs in mask (this one too if set), guest and
 * hypervisor translations alike, and return once each has done it (an idle
 * CPU, which holds no guest translation, may do it when it next leaves idle).
 * Safe with interrupts off and under any lock: CPUs waiting for a lock serve
 * the request in arch_cpu_relax(). Each flush is recorded on the TLB-flush
 * clock (xen/tlbflush.h).
 */
void arch_flush_tlb_mask(uint64_t mask);

struct domain;

/*
 * Guest memory (memory_op's reservations and exchange, common/memory.c). For a
 * PV guest a frame number a guest passes is a machine frame.
 */

/** Record in the M2P table that machine frame mfn backs guest frame gpfn (~0UL: none). */
void arch_set_gpfn_from_mfn(unsigned long mfn, unsigned long gpfn);

/**
 * d gives up its frame mfn (decrease_reservation): the allocation reference
 * is dropped; the frame goes back to the heap when its last reference does
 * (at once if nothing maps, pins or uses it), and until then stays d's (a
 * second call is a successful no-op, as with Xen). A hypervisor page d only
 * shares (shared_info) is left alone, also with success, as Xen reports it.
 * -EINVAL if mfn is not d's at all, or was freed.
 */
int arch_release_page(struct domain *d, unsigned long mfn);

/**
 * d hands over nr extents of 2^order frames each, starting at mfns[i]
 * (exchange): all of them or none. Each frame must be d's and referenced by
 * nothing but its allocation (not mapped, typed or pinned), each only once.
 * Returns 0 with every frame claimed (nothing can take a new reference to it)
 * or -EINVAL with nothing changed; arch_settle_claimed_pages() then frees the
 * claimed frames or gives them back to d.
 */
int arch_claim_pages(struct domain *d, const unsigned long *mfns, unsigned long nr,
                     unsigned int order);
void arch_settle_claimed_pages(const unsigned long *mfns, unsigned long nr, unsigned int order,
                               bool free);

/*
 * The machine, as the sysctl hypercall (common/sysctl.c) reports it.
 */

/** What physinfo reports about the CPUs (taken from the boot CPU). */
struct arch_cpu_info {
    uint32_t threads_per_core;
    uint32_t cores_per_socket;
    uint32_t cpu_khz;   /* the TSC's frequency */
    uint32_t hw_cap[8]; /* CPUID feature words in Xen's featureset order */
};
void arch_get_cpu_info(struct arch_cpu_info *info);

/** CPU cpu's core and socket numbers (from its APIC ID); false if it is not online. */
bool arch_cpu_topology(unsigned int cpu, uint32_t *core, uint32_t *socket);

/** Nanoseconds CPU cpu has spent halted in its idle loop since it came up. */
uint64_t arch_cpu_idle_time(unsigned int cpu);

/** Pages of RAM in the machine's memory map (what the host has, used or free). */
unsigned long arch_total_ram_pages(void);

struct vcpu;
struct vcpu_guest_context;

/*
 * vCPU state for the toolstack (domctl set/getvcpucontext). v belongs to a
 * domain other than the caller's and is not running (its domain is paused).
 */

/**
 * Give v the state in *c, replacing what it had: kernel (ctrlreg[3]) and user
 * (ctrlreg[1], 0: none) L4 tables, which must be L4 page tables of v's domain
 * (validated and referenced here), registers, callbacks, virtual IDT, kernel
 * stack, GDT frames (descriptor pages of the domain), FS/GS bases, FPU image
 * if VGCF_i387_valid. VGCF_online brings v up, else it is down. All checked
 * before anything changes: -EINVAL for a bad table, frame or field,
 * -EOPNOTSUPP for a non-empty LDT. Ignored: the debug registers, control
 * registers other than 1 and 3, vm_assist (the guest sets it itself), the
 * code and stack selectors (a PV kernel always runs in ring 3) and the
 * failsafe/syscall "disables events" flags.
 */
int arch_set_vcpu_context(struct vcpu *v, const struct vcpu_guest_context *c);

/** The state of v as a vcpu_guest_context (zeroed first). */
void arch_get_vcpu_context(const struct vcpu *v, struct vcpu_guest_context *c);

/**
 * Write the hypercall page into d's frame gmfn (domctl hypercall_init).
 * -EINVAL if the frame is not d's, -EPERM if it may not be written (as Xen 4.17).
 */
int arch_hypercall_page_init(struct domain *d, uint64_t gmfn);

/** Drop v's page tables and GDT frames: uninitialised, down (setvcpucontext with no context). */
void arch_vcpu_reset(struct vcpu *v);

/*
 * Tearing a domain down (destroydomain), in this order: relinquish (again
 * until it stops saying -EAGAIN), then, once nothing can reach the domain,
 * destroy each vCPU and the domain.
 */

/**
 * Release what d's vCPUs and pages hold: page tables, GDT frames, vcpu_info
 * placements, pins, page types; then each page's allocation reference, which
 * frees every page nothing else references (others stay until their last
 * reference goes). d's vCPUs are not running. Does a bounded amount of work
 * per call: -EAGAIN means call again, 0 done.
 */
int arch_domain_relinquish(struct domain *d);

/** Free v's arch state (after arch_domain_relinquish()). */
void arch_vcpu_destroy(struct vcpu *v);

/** Free d's arch state (after arch_domain_relinquish()). */
void arch_domain_destroy(struct domain *d);

/*
 * CPUID and MSR policies (x86: arch/x86/cpu_policy.c), for sysctl
 * get_cpu_policy and domctl get/set_cpu_policy; see their notes in
 * public/sysctl.h and public/domctl.h. Each checks its whole argument and
 * fills in its OUT fields; the array handles are the caller's.
 */
struct xen_sysctl_cpu_featureset;
struct xen_sysctl_cpu_policy;
struct xen_domctl_cpu_policy;

/** One of the machine's featuresets (f->index): 0, -EINVAL, -EOPNOTSUPP or -EFAULT. */
long arch_sysctl_cpu_featureset(struct xen_sysctl_cpu_featureset *f);

/** One of the machine's policies (p->index): 0, -EINVAL, -EOPNOTSUPP, -ENOBUFS or -EFAULT. */
long arch_sysctl_cpu_policy(struct xen_sysctl_cpu_policy *p);

/** d's policy into p's arrays: 0, -ENOBUFS or -EFAULT. */
long arch_domctl_get_cpu_policy(struct domain *d, struct xen_domctl_cpu_policy *p);

/**
 * Narrow d's CPUID to the policy in p's arrays, checked against d's maximum:
 * 0, -EINVAL (err_leaf/err_subleaf or err_msr name the entry refused; d may
 * not be the caller's own domain) or -EFAULT. Nothing changes on an error.
 */
long arch_domctl_set_cpu_policy(struct domain *d, struct xen_domctl_cpu_policy *p);

#endif /* XEN_ARCH_H */
