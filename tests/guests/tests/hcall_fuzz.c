/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypercall fuzzer: random hypercalls with random arguments, then proof
 * that the hypervisor still works. A deterministic PRNG (splitmix64) seeded by
 * `seed=N` on the kernel's command line (default 1; printed, so a failing run
 * can be replayed), `calls=N` of them (default 100000), `log=N` prints every
 * call from the Nth on before it is made (to find the one that kills a hypervisor), `check=N`
 * checks the initial mapping every N calls (default 4096), `dump=N` shows
 * call N's arguments and the buffer words they point to, `progress=N` counts
 * the calls made every N (default: every tenth of them).
 *
 * Numbers: 0..63 and a few beyond (128, 2^32 + 1, -1), weighted toward the
 * real ones; sub-ops weighted toward real ones. Values mix small integers,
 * boundary values, random words, pointers into a buffer of random contents,
 * into the hypervisor hole, to unmapped and to non-canonical addresses, and
 * frames, machine addresses and PTEs of an arena of our own.
 *
 * What a guest may legitimately do to itself is sandboxed, not fuzzed away:
 * - frames and page-table slots offered to the hypervisor are the arena's
 *   (image pages, some made read-only so that they can be pinned, frames from
 *   the top of our memory, and an L1 table of our own hooked at an empty L2
 *   slot, whose 512 virtual addresses are the scratch window); a random word
 *   that names one of our other frames, or a virtual address of the image, is
 *   replaced before use;
 * - buffers are the last pages before an unmapped guard page, so an oversized
 *   count stops at the guard with -EFAULT instead of running over the test;
 * - the first MiB, below the image, is unmapped: a pointer there (a small
 *   integer or a frame number taken as an address) faults at once instead of
 *   letting a large count run up into the image (seed 1, call 1351074:
 *   GNTTABOP_unmap_and_replace at 0x1fed5 for 0x133168 entries wrote a status
 *   word every 24 bytes over our code and stack); no call is asked to map
 *   anything there, and one that does anyway is undone;
 *   a buffer page remapped by a call is mapped back after it;
 * - never made: shutdown, shutdown_code other than poweroff, remote shutdown
 *   of ourselves, VCPUOP_up/send_nmi/register_vcpu_info on vCPU 0, NEW_BASEPTR
 *   to an arena frame, iret, kexec, the platform_op/sysctl/domctl/physdev
 *   commands that reconfigure the machine (a privileged caller's right);
 * - a real failsafe callback, which Xen enters when a data selector we were
 *   given no longer loads: it keeps the null selectors and goes on;
 * - repaired after the call: trap table, callbacks, NMI callback, FPU
 *   switch, debug register 7, the event mask (SCHEDOP_block clears it), a
 *   watchdog it armed, the 2-level event ABI (an EVTCHNOP_init_control that
 *   may have worked: dom0 resets its channels; a domU's always fails); block
 *   and poll get a deadline at most 1 ms away.
 *
 * Checked: after every call, start_info and the snapshot of our mapping
 * are as they were (a write into our image); every 4096 calls and
 * at the end, no entry of the initial mapping outside the arena changed; at
 * the end, xen_version answers as at the start, a page goes read-only and
 * back, an event channel is allocated, sent on and seen pending, and the
 * domain shuts down (which run-guest checks).
 * run-guest: --timeout 900
 */
#include "hcall_fuzz_gen.h"

const char test_title[] =
    "hypercall fuzzer: random calls, random arguments, the hypervisor survives";

/* Whether VIRQ_TIMER is bound to vCPU 0 (bind it if not): SCHEDOP_block needs it to wake. */
static bool timer_bound(void)
{
    struct evtchn_status st = {.dom = DOMID_SELF, .port = (evtchn_port_t)timer_port};
    struct evtchn_bind_virq bv = {.virq = VIRQ_TIMER, .vcpu = 0};

    if ( timer_port && hypervisor_event_channel_op(EVTCHNOP_status, &st) == 0 &&
         st.status == EVTCHNSTAT_virq && st.u.virq == VIRQ_TIMER && st.vcpu == 0 )
        return true;
    if ( hypervisor_event_channel_op(EVTCHNOP_bind_virq, &bv) )
        return false;
    timer_port = bv.port;
    shared_info->evtchn_mask[timer_port / 64] &= ~(1UL << (timer_port % 64));
    return true;
}

static void gen_sched_op(struct call *c, bool in_multicall)
{
    static const uint64_t cmds[] = {0, 0, 1, 3, 3, 4, 5, 6, 7, 8, 0x7fffffff};
    uint64_t cmd = PICK(cmds);

    /*
     * Nor a remote shutdown in a multicall: an earlier entry's answer may land
     * on its structure and name us (seed 1 powered itself off near 3.5e6
     * calls on ours and Xen 4.17 alike).
     */
    if ( in_multicall &&
         (cmd == SCHEDOP_block || cmd == SCHEDOP_watchdog || cmd == SCHEDOP_remote_shutdown) )
        cmd = SCHEDOP_yield;
    c->a[0] = cmd;
    c->a[1] = ptr_arg();
    switch ( cmd )
    {
    case SCHEDOP_block: /* wakes by the timer, if its VIRQ is still bound */
        if ( !timer_bound() )
            c->a[0] = SCHEDOP_yield;
        hypervisor_set_timer_op(deadline());
        break;
    case SCHEDOP_poll:
    {
        struct sched_poll *p = struct_buf(sizeof(*p));

        /*
         * In a multicall, its structure goes to the list's page, apart: in
         * the buffers an earlier entry's answer may land on it first and zero
         * its timeout, and a poll with no timeout blocks for ever (seed 1 on
         * ours, call 4113231: XENVER_cmdline's 1024 bytes did). The draws
         * stay the same, so earlier seeds replay as before.
         */
        if ( in_multicall ) /* a multicall has at most MC_POLL_SLOTS sub-calls */
            p = (struct sched_poll *)(mc_page + MC_POLL_AREA) + nr_mc_polls++ % MC_POLL_SLOTS;

        set_xen_guest_handle(p->ports, (void *)(chance(2) ? ptr_arg() : (uint64_t)bufs));
        p->nr_ports = (uint32_t)count_arg();
        p->timeout = chance(16) ? 1 : deadline(); /* 1: long past */
        c->a[1] = (uint64_t)p;
        break;
    }
    case SCHEDOP_remote_shutdown:
    {
        struct sched_remote_shutdown *s = struct_buf(sizeof(*s));

        s->domain_id = (domid_t)domid();
        if ( s->domain_id == my_domid || s->domain_id == DOMID_SELF || privileged )
            s->domain_id = 0x7fef; /* ourselves, or (privileged) another domain */
        s->reason = (uint32_t)word();
        c->a[1] = (uint64_t)s;
        break;
    }
    case SCHEDOP_shutdown_code:
    {
        struct sched_shutdown *s = struct_buf(sizeof(*s));

        s->reason = SHUTDOWN_poweroff; /* any other would be how we end */
        c->a[1] = (uint64_t)s;
        break;
    }
    case SCHEDOP_watchdog:
    {
        struct sched_watchdog *w = struct_buf(sizeof(*w));

        /* A new one (id 0) fires at once if its timeout is 0: at least 8 s, then freed. */
        w->id = (uint32_t)(chance(2) ? 0 : word());
        w->timeout = (uint32_t)(w->id && chance(2) ? 0 : word() | 8);
        c->a[1] = (uint64_t)w;
        c->repair |= REPAIR_WATCHDOG;
        break;
    }
    case 7: /* SCHEDOP_pin_override */
        c->repair |= REPAIR_PIN;
        break;
    default:
        break;
    }
}

static void gen_vcpu_op(struct call *c, bool in_multicall)
{
    uint64_t cmd = chance(16) ? word() : below(16);
    uint64_t vcpu = chance(4) ? word() : below(3);

    if ( (cmd == VCPUOP_up || cmd == VCPUOP_down || cmd == VCPUOP_send_nmi ||
          cmd == VCPUOP_register_vcpu_info) &&
         (uint32_t)vcpu < 64 )
        vcpu = 64 + below(1000); /* ours: no vCPU that could run garbage or lose its state */
    if ( (uint32_t)vcpu == 0 && cmd == VCPUOP_initialise )
        vcpu = 1;
    c->a[0] = cmd;
    c->a[1] = vcpu;
    c->a[2] = ptr_arg();
    fill(c->a[2], 256);
    /*
     * The runstate area and Xen's vcpu_time area (13; ours has none) are
     * written by the hypervisor at every context switch or time update, in
     * and between calls: in the buffers, such a write could land on a later
     * call's structure (a time taken for an address, a poll's timeout). One
     * asked there goes to the same offset of a writable arena page; in a
     * multicall the request itself lies in the list's page, which no earlier
     * entry writes.
     */
    if ( ((uint32_t)cmd == VCPUOP_register_runstate_memory_area || (uint32_t)cmd == 13) &&
         in_range(c->a[2], bufs, NR_BUF_PAGES * 4096 - 7) )
    {
        uint64_t area;

        guest_memcpy(&area, (void *)c->a[2], 8);
        if ( in_range(area, bufs, sizeof(bufs)) )
            area = (uint64_t)arena[(area >> 6) % 6] + (area & 0xfc0);
        if ( in_multicall )
            c->a[2] = (uint64_t)((struct sched_poll *)(mc_page + MC_POLL_AREA) +
                                 nr_mc_polls++ % MC_POLL_SLOTS);
        guest_memcpy((void *)c->a[2], &area, 8);
    }
}

/* The privileged families: only commands that read or fail, whoever calls. */
static void gen_control(struct call *c)
{
    /*
     * The tools-only headers are not for guests: the numbers. sysctl: physinfo 3,
     * sched_id 4, getdomaininfolist 6, getcpuinfo 8, availheap 9, cputopoinfo 16,
     * numainfo 17, get_cpu_featureset 26, readconsole 1; domctl: getdomaininfo 5,
     * getvcpucontext 13, getvcpuinfo 14, getvcpuaffinity 25, get_address_size 36;
     * platform_op: get_cpu_version 48, firmware_info 50, getidletime 53,
     * get_cpuinfo 55, get_symbol 63. Interface versions 0x15, 0x15, 0x03000001.
     */
    static const uint32_t sysctls[] = {3, 4, 6, 8, 9, 16, 17, 26, 1, 0x7fff};
    static const uint32_t domctls[] = {5, 13, 14, 25, 36, 0x7fff};
    static const uint32_t pfs[] = {48, 50, 53, 55, 63, 0x7fff};
    uint32_t *p = struct_buf(256);

    c->a[0] = (uint64_t)p;
    switch ( c->nr )
    {
    case __HYPERVISOR_sysctl:
        p[0] = PICK(sysctls);
        p[1] = chance(8) ? (uint32_t)word() : 0x15u;
        break;
    case __HYPERVISOR_domctl:
        p[0] = PICK(domctls);
        p[1] = chance(8) ? (uint32_t)word() : 0x15u;
        *(domid_t *)&p[2] = (domid_t)domid();
        /* Our own context would leave our L4's address and stack in the buffers. */
        if ( p[0] == 13 && (*(domid_t *)&p[2] == DOMID_SELF || *(domid_t *)&p[2] == my_domid) )
            *(domid_t *)&p[2] = 0x7fef;
        break;
    default:
        p[0] = PICK(pfs);
        p[1] = chance(8) ? (uint32_t)word() : 0x03000001u;
        break;
    }
}

static void gen_physdev(struct call *c, uint64_t cmd)
{
    static const uint64_t cmds[] = {4, 5, 6, 12, 13, 14, 17, 21, 23, 25, 26, 28, 0x7fff};
    int32_t *p = struct_buf(64);

    if ( cmd == ~0ULL )
        cmd = PICK(cmds);
    c->a[0] = cmd;
    c->a[1] = chance(16) ? ptr_arg() : (uint64_t)p;
    if ( cmd == PHYSDEVOP_map_pirq )
    {
        p[0] = (int32_t)(chance(2) ? DOMID_SELF : domid());
        p[1] = (int32_t)below(5);
        p[2] = (int32_t)(chance(2) ? below(48) : word());
        p[3] = (int32_t)(chance(2) ? ~0ULL : word());
    }
    else if ( chance(2) )
        p[0] = (int32_t)(chance(2) ? below(64) : word());
}

static void gen_call(struct call *c, bool in_multicall);

/*
 * The list is in its own page, which no call is given a pointer to: in the
 * buffers, a later sub-call's random words or a hypervisor's answer could
 * make an entry an iret (seed 1, call 127333 on Xen 4.17, which runs it).
 */
static void gen_multicall(struct call *c)
{
    unsigned int n = (unsigned int)below(6);
    multicall_entry_t *e =
        (multicall_entry_t *)(mc_page + (below(MC_POLL_AREA - (n + 1) * sizeof(*e)) & ~7UL));

    nr_mc_polls = 0;

    for ( unsigned int i = 0; i < n; i++ )
    {
        struct call sub = {.repair = 0};

        gen_call(&sub, true);
        e[i].op = sub.nr;
        for ( unsigned int j = 0; j < 5; j++ )
            e[i].args[j] = sub.a[j];
        e[i].args[5] = frame_word();
        e[i].result = frame_word();
        c->repair |= sub.repair;
    }
    /* One more that is never called, or a nested multicall. */
    e[n].op = chance(2) ? 0xdead : __HYPERVISOR_multicall;
    e[n].args[0] = (uint64_t)e;
    e[n].args[1] = n + 1;
    /* Never a list of random words: an iret or a shutdown among them would be ours. */
    c->a[0] = chance(16) ? (chance(2) ? hole_ptr() : 0x0000800000000000 | rnd()) : (uint64_t)e;
    c->a[1] = chance(16) ? n + 1 : n;
}

/* Hypercall numbers, weighted toward the ones that exist. */
static uint64_t gen_nr(bool in_multicall)
{
    static const uint64_t real[] = {0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 12, 13,
                                    14, 15, 16, 17, 18, 19, 20, 21, 22, 24, 25, 26, 28,
                                    29, 30, 32, 32, 33, 35, 36, 1,  26, 14, 20, 12};
    static const uint64_t beyond[] = {
        11, 27, 31, 34, 38, 39, 41, 42, 43, 47, 48, 55, 56, 63, 64, 128, 0x100000001ULL, ~0ULL};

    if ( chance(8) )
        return in_multicall ? below(64) : PICK(beyond);
    return PICK(real);
}

static void gen_call(struct call *c, bool in_multicall)
{
    uint64_t nr = gen_nr(in_multicall);

    c->nr = nr;
    for ( unsigned int i = 0; i < 5; i++ )
        c->a[i] = word();
    switch ( nr )
    {
    case __HYPERVISOR_set_trap_table:
        c->a[0] = ptr_arg();
        fill(c->a[0], 256);
        c->repair |= REPAIR_TRAPS;
        break;
    case __HYPERVISOR_mmu_update:
        gen_mmu_update(c);
        break;
    case __HYPERVISOR_set_gdt:
        c->a[0] = frame_list();
        c->a[1] = chance(2) ? below(8192) : word();
        break;
    case __HYPERVISOR_set_callbacks:
    case __HYPERVISOR_callback_op:
    case __HYPERVISOR_nmi_op:
        if ( nr != __HYPERVISOR_set_callbacks )
        {
            c->a[0] = below(3);
            c->a[1] = ptr_arg();
            fill(c->a[1], 32);
        }
        c->repair |= REPAIR_CALLBACKS;
        break;
    case __HYPERVISOR_fpu_taskswitch:
        c->repair |= REPAIR_FPU;
        break;
    case __HYPERVISOR_sched_op_compat:
        c->a[0] = chance(2) ? (uint64_t)SCHEDOP_yield
                            : 7 + below(100); /* its shutdown takes no pointer */
        break;
    case __HYPERVISOR_sched_op:
        gen_sched_op(c, in_multicall);
        break;
    case __HYPERVISOR_set_debugreg:
        c->a[0] = below(9);
        if ( c->a[0] == 7 )
            c->a[1] &= ~0xffUL; /* no breakpoint enabled on our own code */
        c->repair |= REPAIR_DR7;
        break;
    case __HYPERVISOR_update_descriptor:
        c->a[0] = chance(8) ? frame_word() : arena_maddr() & ~7UL;
        break;
    case __HYPERVISOR_memory_op:
        gen_memory_op(c);
        break;
    case __HYPERVISOR_multicall:
        if ( in_multicall ) /* refused before its list is read: any list will do */
            c->a[0] = hole_ptr(), c->a[1] = below(3);
        else
            gen_multicall(c);
        break;
    case __HYPERVISOR_update_va_mapping:
    case __HYPERVISOR_update_va_mapping_otherdomain:
        /* A buffer page only alone: it is mapped back after the call. */
        c->a[0] = chance(8)                    ? map_va_word()
                  : chance(8) && !in_multicall ? buf_ptr() & ~4095UL
                                               : arena_va();
        c->a[1] = chance(8) ? word() : chance(8) ? live_pte() : arena_pte();
        c->a[2] = chance(2) ? below(4) : chance(2) ? ptr_arg() | below(4) : word();
        c->a[3] = domid();
        break;
    case __HYPERVISOR_set_timer_op:
        c->a[0] = chance(2) ? deadline() : word();
        break;
    case __HYPERVISOR_xen_version:
        c->a[0] = chance(8) ? word() : below(12);
        c->a[1] = ptr_arg();
        break;
    case __HYPERVISOR_console_io:
        c->a[0] = chance(4) ? word() : below(2);
        if ( (uint32_t)c->a[0] == CONSOLEIO_write )
        {
            /* No garbage on the console: pointers that must fail, not low ones a call may map. */
            c->a[2] = chance(2) ? 0x40000000 + below(1UL << 30) : hole_ptr();
            if ( chance(64) )
            {
                c->a[1] = 1;
                c->a[2] = (uint64_t) ".";
            }
        }
        else
            c->a[2] = ptr_arg();
        break;
    case __HYPERVISOR_event_channel_op:
    case __HYPERVISOR_event_channel_op_compat:
        gen_evtchn(c, chance(16) ? (unsigned int)word() : (unsigned int)below(12));
        if ( nr == __HYPERVISOR_event_channel_op_compat )
        {
            uint32_t *op = struct_buf(64); /* the compat form: { cmd, union } */

            op[0] = (uint32_t)c->a[0];
            if ( in_range(c->a[1], bufs, NR_BUF_PAGES * 4096 - 64) )
                guest_memcpy(op + 2, (void *)c->a[1], 56);
            c->a[0] = (uint64_t)op;
        }
        break;
    case __HYPERVISOR_physdev_op:
        gen_physdev(c, ~0ULL);
        break;
    case __HYPERVISOR_physdev_op_compat:
    {
        struct call tmp = {.nr = 0};
        uint32_t *op = struct_buf(64);

        gen_physdev(&tmp, ~0ULL);
        op[0] = (uint32_t)tmp.a[0];
        if ( in_range(tmp.a[1], bufs, NR_BUF_PAGES * 4096 - 64) )
            guest_memcpy(op + 1, (void *)tmp.a[1], 60);
        c->a[0] = (uint64_t)op;
        break;
    }
    case __HYPERVISOR_grant_table_op:
        gen_grant_op(c, in_multicall);
        break;
    case __HYPERVISOR_vcpu_op:
        gen_vcpu_op(c, in_multicall);
        break;
    case __HYPERVISOR_mmuext_op:
        gen_mmuext(c);
        break;
    case __HYPERVISOR_platform_op:
    case __HYPERVISOR_sysctl:
    case __HYPERVISOR_domctl:
        gen_control(c);
        break;
    case __HYPERVISOR_iret:
    case __HYPERVISOR_kexec_op:
    case 40: /* xenpmu_op: PMU modes are the administrator's */
    case 42: /* hypfs_op: writes set the machine's parameters */
        c->nr = 0x100000001ULL;
        break;
    default:
        c->a[1] = ptr_arg();
        fill(c->a[1], 64);
        break;
    }
}

/* ------------------------------------------------------------ making it */

static long raw_hypercall(uint64_t nr, const uint64_t *a)
{
    register unsigned long r10 __asm__("r10") = a[3];
    register unsigned long r8 __asm__("r8") = a[4];
    unsigned long a1 = a[0], a2 = a[1], a3 = a[2];
    long rax = (long)nr;

    if ( nr < 128 )
        return hypercall5((unsigned int)nr, a[0], a[1], a[2], a[3], a[4]);
    /* No stub in the hypercall page: the same sequence, inline. */
    __asm__ volatile("push %%rcx; push %%r11; syscall; pop %%r11; pop %%rcx"
                     : "+a"(rax), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10), "+r"(r8)
                     :
                     : "memory", "rcx", "r9", "r11");
    return rax;
}

/*
 * The failsafe callback. Xen enters it when it cannot load one of our data
 * selectors on the way back to us (a fuzzed set_gdt, update_descriptor or
 * set_segment_base left one whose descriptor has gone): it loads null ones
 * and hands us the old ones on the frame, between %rcx/%r11 and rip (rcx,
 * r11, ds, es, fs, gs, rip, cs, rflags, rsp, ss). We count it, keep the null
 * selectors and return where we were through the iret hypercall, whose stub
 * pushes %rcx, %r11 and %rax above a flags word.
 */
#define FUZZ_STR_(x) #x
#define FUZZ_STR(x)  FUZZ_STR_(x)
void failsafe_entry(void);
unsigned long failsafe_upcalls;
static unsigned long low_remapped;
__asm__(".pushsection .text\n"
        ".globl failsafe_entry\n"
        "failsafe_entry:\n"
        "    pop %rcx\n"
        "    pop %r11\n"
        "    add $32, %rsp\n" /* ds, es, fs, gs */
        "    lock incq failsafe_upcalls(%rip)\n"
        "    push $0\n"
        "    jmp hypercall_page + " FUZZ_STR(__HYPERVISOR_iret) " * 32\n"
                                                                ".popsection\n");

static void register_callbacks(void)
{
    struct callback_register cb = {.type = CALLBACKTYPE_event, .address = (uint64_t)event_entry};
    struct callback_unregister nmi = {.type = CALLBACKTYPE_nmi};

    hypervisor_callback_op(CALLBACKOP_register, &cb);
    cb.type = CALLBACKTYPE_failsafe;
    cb.address = (uint64_t)failsafe_entry;
    hypervisor_callback_op(CALLBACKOP_register, &cb);
    hypervisor_callback_op(CALLBACKOP_unregister, &nmi);
}

/*
 * What a call leaves in the buffers (its structures: a PTE of our own L4 as
 * mmu_update's val, say; or what the hypervisor wrote there) a later call with
 * a long count or a pointer to leftovers may read in another role (that val
 * as a ptr: seed 1 on ours, call 2914561, set our L4's M2P entry; at call
 * 4887624, on ours and Xen 4.17 alike, cleared our L4's slot 0). What could
 * hurt us there goes, after every call.
 */
static void scrub_buffers(void)
{
    /* With frame numbers below 2^20, a word with any of bits 32-51 set is harmless. */
    uint64_t harmless = max_page <= LIVE_MAP_FRAMES ? 0x000fffff00000000ULL : 0;

    for ( uint64_t *w = (uint64_t *)bufs; w < (uint64_t *)bufs[NR_BUF_PAGES]; w++ )
        if ( !(*w & harmless) && dangerous(*w) )
            *w |= 0xdead000000000000ULL;
}

static void repair(const struct call *c, long rc)
{
    shared_info->vcpu_info[0].evtchn_upcall_mask = 1;
    if ( c->repair & REPAIR_TRAPS )
        traps_install();
    if ( c->repair & REPAIR_CALLBACKS )
        register_callbacks();
    if ( c->repair & REPAIR_FPU )
        hypercall1(__HYPERVISOR_fpu_taskswitch, 0);
    if ( c->repair & REPAIR_DR7 )
        hypercall2(__HYPERVISOR_set_debugreg, 7, 0);
    if ( (c->repair & REPAIR_WATCHDOG) && c->nr == __HYPERVISOR_sched_op && rc > 0 )
    {
        struct sched_watchdog w = {.id = (uint32_t)rc, .timeout = 0};

        hypervisor_sched_op(SCHEDOP_watchdog, &w);
    }
    if ( c->repair & REPAIR_EVTCHN )
    {
        struct evtchn_reset rs = {.dom = DOMID_SELF};

        hypervisor_event_channel_op(EVTCHNOP_reset, &rs);
    }
    if ( c->repair & REPAIR_PIN )
    {
        int32_t pcpu = -1;

        hypervisor_sched_op(7, &pcpu);
    }
    for ( unsigned int i = 0; i < NR_BUF_PAGES; i++ )
    {
        uint64_t now = *(volatile uint64_t *)buf_pte[i];
        long r;

        if ( now == buf_l1e[i] )
            continue;
        r = hypervisor_update_va_mapping((uint64_t)bufs[i], buf_l1e[i], UVMF_INVLPG);
        if ( r )
            test_abort("buffer page %u (now %#lx) could not be mapped back to %#lx: %s", i,
                       (unsigned long)now, (unsigned long)buf_l1e[i], rc_name(r));
    }
    if ( *(volatile uint64_t *)buf_pte[NR_BUF_PAGES] & PTE_P )
        hypervisor_update_va_mapping((uint64_t)bufs[NR_BUF_PAGES], 0, UVMF_INVLPG);
    /* What a call may have mapped in the first MiB goes (the generators avoid it). */
    if ( c->nr == __HYPERVISOR_update_va_mapping ||
         c->nr == __HYPERVISOR_update_va_mapping_otherdomain ||
         c->nr == __HYPERVISOR_grant_table_op || c->nr == __HYPERVISOR_multicall )
        for ( unsigned int i = 0; i < IMG_LO / 4096; i++ )
            if ( ((volatile uint64_t *)low_ptes)[i] & PTE_P )
            {
                low_remapped++;
                hypervisor_update_va_mapping(i * 4096UL, 0, UVMF_INVLPG);
            }
    scrub_buffers(); /* mapped back above */
}

/* ------------------------------------------------------------ checks */

/* The page-table entry at machine address maddr, through the initial mapping. */
static uint64_t *slot_at(uint64_t maddr)
{
    return (uint64_t *)mfn_to_virt(maddr >> PAGE_SHIFT) + (maddr & 4095) / 8;
}

static uint64_t *slot_of(uint64_t va)
{
    return slot_at(pte_maddr((void *)va, 1));
}

static bool snap_skip(uint64_t va)
{
    return in_range(va, arena, sizeof(arena)) || in_range(va, bufs, sizeof(bufs));
}

static void take_snapshot(void)
{
    for ( uint64_t i = 0; i < sizeof(snap) / 8; i++ )
        snap[i] = l1e_of((void *)(IMG_LO + i * 4096)) & ~(PTE_A | PTE_D);
}

/*
 * Whether the M2P still names every table that maps the image (the walks
 * below reach a table through it): a frame's M2P entry is its owner's to set,
 * and ours must stay.
 */
static bool check_tables(unsigned long n)
{
    for ( uint64_t va = IMG_LO & ~((2UL << 20) - 1); va < IMG_HI; va += 2UL << 20 )
    {
        uint64_t mfn = live_l4;

        for ( unsigned int l = 4; l >= 1; l-- )
        {
            uint64_t pfn = mfn_to_pfn(mfn), e;

            if ( pfn >= start_info->nr_pages || pfn_to_mfn(pfn) != mfn )
            {
                test_fail("after call %lu: the M2P entry of our L%u table %#lx (for %#lx) is %#lx",
                          n, l, (unsigned long)mfn, (unsigned long)va, (unsigned long)pfn);
                return false;
            }
            if ( l == 1 )
                break;
            e = ((const uint64_t *)(pfn << PAGE_SHIFT))[(va >> (PAGE_SHIFT + 9 * (l - 1))) & 511];
            if ( !(e & PTE_P) || (e & PTE_PSE) )
                break;
            mfn = pte_mfn(e);
        }
    }
    return true;
}

/*
 * Whether start_info (its pointer and the page) and the snapshot are as they
 * were: nothing may write there, and the P2M is found through start_info.
 * Cheap, so after every call.
 */
static start_info_t *si_at;
static start_info_t si_copy;

static uint64_t snap_sum;

/* A hash of the snapshot below, which nothing may write after setup. */
static uint64_t snap_hash(void)
{
    uint64_t h = 0;

    for ( uint64_t i = 0; i < sizeof(snap) / 8; i++ )
        h = (h ^ snap[i]) * 0x100000001b3ULL;
    return h;
}

static bool check_start_info(unsigned long n)
{
    const uint64_t *now = (const uint64_t *)start_info, *then = (const uint64_t *)&si_copy;

    if ( snap_hash() != snap_sum )
    {
        test_fail("after call %lu: our page-table snapshot (in our image) was written", n);
        return false;
    }
    if ( start_info != si_at )
    {
        test_fail("after call %lu: our start_info pointer changed from %p to %p", n, (void *)si_at,
                  (void *)start_info);
        return false;
    }
    for ( unsigned int i = 0; i < sizeof(si_copy) / 8; i++ )
        if ( now[i] != then[i] )
        {
            test_fail("after call %lu: start_info word %u changed from %#lx to %#lx", n, i,
                      (unsigned long)then[i], (unsigned long)now[i]);
            return false;
        }
    return true;
}

static bool check_snapshot(unsigned long n)
{
    if ( !check_tables(n) )
        return false;
    for ( uint64_t i = 0; i < sizeof(snap) / 8; i++ )
    {
        uint64_t va = IMG_LO + i * 4096, now;

        if ( snap_skip(va) )
            continue;
        now = l1e_of((void *)va) & ~(PTE_A | PTE_D);
        if ( now != snap[i] )
        {
            test_fail("after call %lu: the mapping of %#lx changed from %#lx to %#lx", n,
                      (unsigned long)va, (unsigned long)snap[i], (unsigned long)now);
            return false;
        }
    }
    return true;
}

static uint64_t parse_arg(const char *cmdline, const char *key, uint64_t dflt)
{
    const char *p = guest_strstr(cmdline, key);
    uint64_t v = 0, base = 10;

    if ( p == NULL || (p != cmdline && p[-1] != ' ') )
        return dflt;
    p += guest_strlen(key);
    if ( p[0] == '0' && p[1] == 'x' )
        base = 16, p += 2;
    for ( ; *p && *p != ' '; p++ )
    {
        unsigned int d = *p >= '0' && *p <= '9'   ? (unsigned int)(*p - '0')
                         : *p >= 'a' && *p <= 'f' ? (unsigned int)(*p - 'a' + 10)
                                                  : 99;

        if ( d >= base )
            return dflt;
        v = v * base + d;
    }
    return v;
}

/* ------------------------------------------------------------ setup */

static bool make_ro(void *va)
{
    return hypervisor_update_va_mapping((uint64_t)va, l1e_of(va) & ~PTE_RW, UVMF_INVLPG) == 0;
}

static bool setup(void)
{
    uint64_t l2e = pte_maddr((void *)WINDOW, 2);
    struct mmu_update hook;

    max_page = (uint64_t)hypervisor_memory_op(XENMEM_maximum_ram_page, NULL);
    privileged = start_info->flags & SIF_PRIVILEGED;
    console_port = privileged ? 0 : start_info->console.domU.evtchn;
    my_domid = privileged ? 0 : DOMID_SELF;
    if ( start_info->nr_pages < (IMG_HI >> PAGE_SHIFT) + 2 * NR_TOP_ARENA )
    {
        test_skip("%lu pages: too few for the arena above the image", start_info->nr_pages);
        return false;
    }
    shared_info->vcpu_info[0].evtchn_upcall_mask = 1;
    register_callbacks();

    /* The buffers, and the guard page after them. */
    for ( unsigned int i = 0; i <= NR_BUF_PAGES; i++ )
        buf_pte[i] = slot_of((uint64_t)bufs[i]);
    for ( unsigned int i = 0; i < NR_BUF_PAGES; i++ )
        buf_l1e[i] = *buf_pte[i];
    if ( !check_rc("unmapping the guard page",
                   hypervisor_update_va_mapping((uint64_t)bufs[NR_BUF_PAGES], 0, UVMF_INVLPG), 0) )
        return false;

    /* The first MiB: nothing of ours lives there; unmapped, it ends what runs into it. */
    for ( uint64_t va = 0; va < IMG_LO; va += 4096 )
    {
        long rc;

        if ( !(l1e_of((void *)va) & PTE_P) )
            continue;
        rc = hypervisor_update_va_mapping(va, 0, UVMF_INVLPG);
        if ( rc )
            test_abort("unmapping %#lx below the image: %s", (unsigned long)va, rc_name(rc));
    }
    low_ptes = slot_of(0);

    /* The arena: 6 writable pages, 10 read-only (4 of them holding read-only PTEs). */
    for ( unsigned int i = 0; i < NR_IMG_ARENA; i++ )
        arena_mfn[i] = virt_to_mfn(arena[i]);
    for ( unsigned int i = 10; i < 14; i++ )
        for ( unsigned int j = 0; j < 4; j++ )
            ((uint64_t *)arena[i])[j * 7] = pte_make(arena_mfn[6 + j], PTE_P | PTE_A);
    for ( unsigned int i = 6; i < NR_IMG_ARENA; i++ )
        if ( !make_ro(arena[i]) )
            test_abort("arena page %u cannot be made read-only", i);
    for ( unsigned int i = 0; i < NR_TOP_ARENA; i++ )
        arena_mfn[NR_IMG_ARENA + i] = pfn_to_mfn(start_info->nr_pages - 1 - i);

    /* The scratch window: our L1 table at the empty L2 slot of WINDOW. */
    arena_mfn[NR_ARENA - 1] = virt_to_mfn(win_l1);
    hook.ptr = l2e;
    hook.val = pte_make(arena_mfn[NR_ARENA - 1], PTE_P | PTE_RW | PTE_A);
    if ( !l2e || (*slot_at(l2e) & PTE_P) )
        test_skip("the L2 slot of the scratch window %#lx is in use", WINDOW);
    else if ( !make_ro(win_l1) || !check_rc("the window's L1 hooked in",
                                            hypervisor_mmu_update(&hook, 1, NULL, DOMID_SELF), 0) )
        return false;
    live_l4 = l4_mfn();
    hv_l3 = pte_mfn(((const uint64_t *)mfn_to_virt(live_l4))[256]); /* the hypervisor's */
    live_l1 = pte_maddr(bufs, 1) >> PAGE_SHIFT;
    live_map_init();
    take_snapshot();
    si_at = start_info;
    snap_sum = snap_hash();
    guest_memcpy(&si_copy, start_info, sizeof(si_copy));
    return true;
}

/* ------------------------------------------------------------ afterwards */

/* Legal operations, each of which must still work. */
static void still_works(long version)
{
    uint8_t *page = spare_pages[0];
    uint64_t l1e = l1e_of(page);
    struct evtchn_alloc_unbound au = {.dom = DOMID_SELF, .remote_dom = DOMID_SELF};
    struct evtchn_bind_interdomain bind = {.remote_dom = DOMID_SELF};
    struct evtchn_send send;
    struct evtchn_close cl;
    domid_t self = DOMID_SELF;

    check_rc("xen_version answers as before", hypervisor_xen_version(XENVER_version, NULL),
             version);
    check_true("our reservation is still there",
               hypervisor_memory_op(XENMEM_current_reservation, &self) > 0);
    check_rc("a page made read-only",
             hypervisor_update_va_mapping((uint64_t)page, l1e & ~PTE_RW, UVMF_INVLPG), 0);
    check_rc("a write to it faults", probe_write(page, 1), X86_EXC_PF);
    check_rc("and writable again", hypervisor_update_va_mapping((uint64_t)page, l1e, UVMF_INVLPG),
             0);
    check_rc("a write to it works", probe_write(page, 1), -1);
    if ( privileged )
    {
        struct evtchn_reset rs = {.dom = DOMID_SELF};

        check_rc("EVTCHNOP_reset", hypervisor_event_channel_op(EVTCHNOP_reset, &rs), 0);
    }
    else /* every port but the console's, which a domU's output needs */
        for ( cl.port = 1; cl.port < 4096; cl.port++ )
            if ( cl.port != console_port )
                hypervisor_event_channel_op(EVTCHNOP_close, &cl);
    if ( !check_rc("an event channel allocated",
                   hypervisor_event_channel_op(EVTCHNOP_alloc_unbound, &au), 0) )
        return;
    bind.remote_port = au.port;
    if ( !check_rc("bound to it, a loopback",
                   hypervisor_event_channel_op(EVTCHNOP_bind_interdomain, &bind), 0) )
        return;
    shared_info->evtchn_mask[au.port / 64] |= 1UL << (au.port % 64);
    __atomic_fetch_and(&shared_info->evtchn_pending[au.port / 64], ~(1UL << (au.port % 64)),
                       __ATOMIC_SEQ_CST);
    send.port = bind.local_port;
    check_rc("EVTCHNOP_send on it", hypervisor_event_channel_op(EVTCHNOP_send, &send), 0);
    check_true("the other end is pending",
               shared_info->evtchn_pending[au.port / 64] & (1UL << (au.port % 64)));
    cl.port = au.port;
    check_rc("and closed", hypervisor_event_channel_op(EVTCHNOP_close, &cl), 0);
}

static void print_stats(void)
{
    char line[160];
    int len = 0;

    guest_printf("hcall_fuzz: %lu failsafe callbacks, %lu pages of the first MiB unmapped again\n",
                 failsafe_upcalls, low_remapped);
    guest_printf("hcall_fuzz: per hypercall, calls/successes:\n");
    for ( unsigned int nr = 0; nr <= 64; nr++ )
    {
        if ( !nr_calls[nr] )
            continue;
        len += guest_snprintf(line + len, sizeof(line) - (size_t)len, " %s%u:%lu/%lu",
                              nr == 64 ? ">" : "", nr == 64 ? 63 : nr, nr_calls[nr], nr_ok[nr]);
        if ( len > 100 )
        {
            guest_printf("hcall_fuzz:%s\n", line);
            len = 0;
        }
    }
    if ( len )
        guest_printf("hcall_fuzz:%s\n", line);
}

/* For dump=N: the call and the buffer words its arguments point to. */
static void dump(const struct call *c)
{
    guest_printf("call %#lx(%#lx, %#lx, %#lx, %#lx, %#lx)\n", (unsigned long)c->nr,
                 (unsigned long)c->a[0], (unsigned long)c->a[1], (unsigned long)c->a[2],
                 (unsigned long)c->a[3], (unsigned long)c->a[4]);
    if ( c->nr == __HYPERVISOR_multicall && in_range(c->a[0], mc_page, sizeof(mc_page)) )
        for ( const multicall_entry_t *e = (const void *)c->a[0];
              e < (const multicall_entry_t *)c->a[0] + 8 &&
              in_range((uint64_t)(e + 1) - 1, mc_page, sizeof(mc_page));
              e++ )
            guest_printf("  entry: %#lx(%#lx, %#lx, %#lx, %#lx, %#lx)\n", (unsigned long)e->op,
                         (unsigned long)e->args[0], (unsigned long)e->args[1],
                         (unsigned long)e->args[2], (unsigned long)e->args[3],
                         (unsigned long)e->args[4]);
    for ( unsigned int i = 0; i < 5; i++ )
    {
        const uint64_t *w = (const uint64_t *)(c->a[i] & ~7UL);

        if ( !in_range(c->a[i], bufs, NR_BUF_PAGES * 4096 - 128) )
            continue;
        for ( unsigned int j = 0; j < 16; j += 4 )
            guest_printf("  a%u+%#x: %#lx %#lx %#lx %#lx\n", i, j * 8, (unsigned long)w[j],
                         (unsigned long)w[j + 1], (unsigned long)w[j + 2], (unsigned long)w[j + 3]);
    }
}

void test_main(void)
{
    const char *cmdline = (const char *)start_info->cmd_line;
    uint64_t seed = parse_arg(cmdline, "seed=", 1);
    unsigned long calls = (unsigned long)parse_arg(cmdline, "calls=", 100000), n;
    long version = hypervisor_xen_version(XENVER_version, NULL);
    uint64_t t0, t1;

    log_calls = (unsigned long)parse_arg(cmdline, "log=", 0);
    dump_call = (unsigned long)parse_arg(cmdline, "dump=", ~0UL);
    check_every = (unsigned long)parse_arg(cmdline, "check=", CHECK_INTERVAL);
    progress = (unsigned long)parse_arg(cmdline, "progress=", calls >= 100000 ? calls / 10 : ~0UL);
    if ( progress == 0 )
        progress = ~0UL;
    if ( check_every == 0 )
        check_every = CHECK_INTERVAL;
    rng = seed;
    guest_printf("hcall_fuzz: seed=%lu calls=%lu (replay with the same seed= and calls=)\n",
                 (unsigned long)seed, calls);
    if ( !setup() )
        return;
    guest_printf("hcall_fuzz: %s, max_page %#lx, arena %u frames, buffers at %p, start_info at "
                 "%p, P2M at %#lx\n",
                 privileged ? "privileged" : "unprivileged", (unsigned long)max_page, NR_ARENA,
                 (void *)bufs, (void *)start_info, (unsigned long)start_info->mfn_list);
    t0 = guest_system_time();
    for ( n = 0; n < calls; n++ )
    {
        struct call c = {.repair = 0};
        long rc;
        unsigned int idx;

        nr_structs = 0;
        gen_call(&c, false);
        if ( log_calls && n + 1 >= log_calls )
            guest_printf("call %lu: %#lx(%#lx, %#lx, %#lx, %#lx, %#lx)\n", n, (unsigned long)c.nr,
                         (unsigned long)c.a[0], (unsigned long)c.a[1], (unsigned long)c.a[2],
                         (unsigned long)c.a[3], (unsigned long)c.a[4]);
        if ( n == dump_call )
            dump(&c);
        rc = raw_hypercall(c.nr, c.a);
        if ( n == dump_call )
            guest_printf("call %lu returned %s\n", n, rc_name(rc));
        repair(&c, rc);
        idx = c.nr < 64 ? (unsigned int)c.nr : 64;
        nr_calls[idx]++;
        nr_ok[idx] += rc >= 0;
        if ( !check_start_info(n) )
            break;
        if ( (n + 1) % check_every == 0 && !check_snapshot(n) )
            break;
        if ( (n + 1) % progress == 0 )
            guest_printf("hcall_fuzz: %lu calls\n", n + 1);
    }
    t1 = guest_system_time();
    guest_printf("hcall_fuzz: %lu calls in %lu ms (%lu calls/s)\n", n,
                 (unsigned long)((t1 - t0) / 1000000),
                 (unsigned long)(t1 > t0 ? n * 1000000000ULL / (t1 - t0) : 0));
    print_stats();
    check_true("all the calls were made", n == calls);
    check_snapshot(n);
    still_works(version);
}
