/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypercall fuzzer's calls and the generators of the families that take
 * lists and structures (memory_op, grant_table_op, mmuext_op, mmu_update,
 * event_channel_op); tests/hcall_fuzz.c says what the fuzzer does.
 */
#ifndef GUEST_TESTS_HCALL_FUZZ_GEN_H
#define GUEST_TESTS_HCALL_FUZZ_GEN_H

#include "hcall_fuzz.h"

/* ------------------------------------------------------------ one call */

struct call {
    uint64_t nr;
    uint64_t a[5];
    unsigned int repair; /* REPAIR_* */
};

#define REPAIR_TRAPS     1u
#define REPAIR_CALLBACKS 2u
#define REPAIR_FPU       4u
#define REPAIR_DR7       8u
#define REPAIR_WATCHDOG  16u
#define REPAIR_PIN       32u
#define REPAIR_EVTCHN    64u

/* A list of n (up to 8) of our own frames, or random words, for extent lists. */
static uint64_t frame_list(void)
{
    uint64_t *l = struct_buf(64);

    for ( unsigned int i = 0; i < 8; i++ )
        l[i] = chance(4) ? frame_word() : chance(4) ? foreign_mfn() : an_arena_mfn();
    return (uint64_t)l;
}

static uint64_t deadline(void)
{
    return guest_system_time() + below(1000000);
}

static void gen_memory_op(struct call *c)
{
    static const uint64_t ops[] = {0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17};
    struct xen_memory_reservation *r;
    struct xen_memory_exchange *x;

    c->a[0] = chance(16) ? word() : PICK(ops);
    if ( chance(16) )
        c->a[0] |= below(64) << 6; /* a continuation's start extent */
    switch ( c->a[0] )
    {
    case XENMEM_increase_reservation:
    case XENMEM_decrease_reservation:
    case XENMEM_populate_physmap:
        r = struct_buf(sizeof(*r));
        set_xen_guest_handle(r->extent_start, (void *)frame_list());
        r->nr_extents = count_arg();
        /*
         * An extent of order o > 0 names 2^o frames from its first: the ones
         * next to an arena frame are ours, live. Orders 1..63 only where
         * frames are allocated, not given back.
         */
        r->extent_order = (unsigned int)(chance(8) ? 64 + below(1UL << 31) : 0);
        if ( c->a[0] != XENMEM_decrease_reservation && chance(4) )
            r->extent_order = (unsigned int)below(10);
        r->mem_flags = chance(2) ? 0 : (unsigned int)word();
        r->domid = (domid_t)(chance(2) ? DOMID_SELF : domid());
        c->a[1] = (uint64_t)r;
        break;
    case XENMEM_exchange:
        x = struct_buf(sizeof(*x));
        set_xen_guest_handle(x->in.extent_start, (void *)frame_list());
        set_xen_guest_handle(x->out.extent_start, (void *)frame_list());
        x->in.nr_extents = count_arg();
        x->out.nr_extents = chance(2) ? x->in.nr_extents : count_arg();
        x->in.extent_order = (unsigned int)(chance(8) ? 64 + below(1UL << 31) : 0);
        x->out.extent_order = (unsigned int)below(2);
        x->in.domid = x->out.domid = (domid_t)(chance(2) ? DOMID_SELF : domid());
        x->nr_exchanged = chance(2) ? 0 : word();
        /*
         * The lists are read and written from index nr_exchanged on (the
         * resume point of a continuation): past our 8 entries that skips the
         * guard page and reaches our live pages (seed 1 on Xen 4.17, call
         * 2038322: from 0xfff of 0x154c00 extents, the in list ran through
         * our P2M, exchanging our own free frames, and the out list wrote
         * their new frame numbers over the P2M and start_info). One that Xen
         * accepts starts inside them; a larger one is refused (-EINVAL) and
         * kept.
         */
        if ( x->nr_exchanged > 8 && x->nr_exchanged <= x->in.nr_extents )
            x->nr_exchanged &= 7;
        c->a[1] = (uint64_t)x;
        break;
    case XENMEM_current_reservation:
    case XENMEM_maximum_reservation:
    case XENMEM_maximum_gpfn:
        c->a[1] = ptr_arg();
        fill(c->a[1], 8);
        /* The whole domid inside the buffers (seed 2 wrote its last byte into the guard). */
        if ( chance(2) && in_range(c->a[1], bufs, NR_BUF_PAGES * 4096 - sizeof(domid_t) + 1) )
            *(domid_t *)c->a[1] = (domid_t)domid();
        break;
    default:
        c->a[1] = ptr_arg();
        fill(c->a[1], 64);
        break;
    }
    /*
     * A random cmd's high bits as the start extent of a list op: its list is
     * read (and, but for decrease, written) from there on, past the guard
     * page, in our live pages, as for the exchange's nr_exchanged above. Up
     * to 63 extents (504 bytes) on, it still stops at the guard. (After the
     * draws, which stay as they were.)
     */
    if ( (c->a[0] & 0x3f) <= XENMEM_decrease_reservation ||
         (c->a[0] & 0x3f) == XENMEM_populate_physmap )
        c->a[0] &= 0xfffUL;
}

static void gen_grant_op(struct call *c, bool in_multicall)
{
    unsigned int n = (unsigned int)below(4) + 1;
    uint8_t *p, *list;

    c->a[0] = chance(16) ? word() : below(12);
    c->a[2] = chance(8) ? word() : n;
    list = p = struct_buf(n * 64);
    c->a[1] = chance(10) ? ptr_arg() : (uint64_t)p;
    for ( unsigned int i = 0; i < n; i++, p += 0 )
    {
        switch ( c->a[0] )
        {
        case GNTTABOP_map_grant_ref:
        {
            struct gnttab_map_grant_ref *m = (void *)p;

            m->host_addr = chance(8) ? map_va_word() : arena_va();
            m->flags = chance(4) ? (uint32_t)word() : (uint32_t)below(32);
            m->ref = (grant_ref_t)(chance(4) ? word() : below(16));
            m->dom = (domid_t)(chance(2) ? my_domid : domid());
            p += sizeof(*m);
            break;
        }
        case GNTTABOP_unmap_grant_ref:
        {
            struct gnttab_unmap_grant_ref *u = (void *)p;

            u->host_addr = chance(8) ? map_va_word() : arena_va();
            u->dev_bus_addr = chance(2) ? 0 : word();
            u->handle = (grant_handle_t)(chance(4) ? word() : below(16));
            p += sizeof(*u);
            break;
        }
        case GNTTABOP_setup_table:
        {
            struct gnttab_setup_table *s = (void *)p;

            s->dom = (domid_t)(chance(2) ? DOMID_SELF : domid());
            s->nr_frames = (uint32_t)(chance(4) ? word() : below(8));
            set_xen_guest_handle(s->frame_list, (void *)ptr_arg());
            p += sizeof(*s);
            break;
        }
        case GNTTABOP_transfer:
        {
            struct gnttab_transfer *t = (void *)p;

            t->mfn = chance(4) ? frame_word() : an_arena_mfn();
            t->domid = (domid_t)domid();
            t->ref = (grant_ref_t)below(16);
            p += sizeof(*t);
            break;
        }
        case GNTTABOP_copy:
        {
            struct gnttab_copy *g = (void *)p;

            g->source.u.gmfn = chance(2) ? an_arena_mfn() : frame_word();
            g->dest.u.gmfn = chance(2) ? an_arena_mfn() : frame_word();
            if ( chance(4) )
                g->source.u.ref = (grant_ref_t)below(16);
            if ( chance(4) )
                g->dest.u.ref = (grant_ref_t)below(16);
            g->source.domid = (domid_t)(chance(2) ? DOMID_SELF : domid());
            g->dest.domid = (domid_t)(chance(2) ? DOMID_SELF : domid());
            g->source.offset = (uint16_t)(chance(2) ? below(4096) : word());
            g->dest.offset = (uint16_t)(chance(2) ? below(4096) : word());
            g->len = (uint16_t)(chance(2) ? below(4097) : word());
            g->flags = (uint16_t)below(8);
            p += sizeof(*g);
            break;
        }
        case GNTTABOP_unmap_and_replace:
        {
            struct gnttab_unmap_and_replace *u = (void *)p;

            u->host_addr = chance(8) ? map_va_word() : arena_va();
            u->new_addr = chance(8) ? map_va_word() : arena_va();
            u->handle = (grant_handle_t)(chance(4) ? word() : below(16));
            p += sizeof(*u);
            break;
        }
        default:
            p += 64;
            break;
        }
    }
    /*
     * In a multicall, its own list and no more entries than it holds (after
     * the draws): a longer count, or a list elsewhere in the buffers, writes a
     * status into every entry it runs over, over a later entry's structures
     * (seed 2 on Xen 4.17, call 4005175: a GNTTABOP_swap_grant_ref of 0x5f41cc28
     * entries did, and the next entry, an mmu_update, then wrote 0xfffd0006ad9b
     * into our page-table snapshot in .bss through what its request had become).
     */
    if ( in_multicall )
    {
        c->a[1] = (uint64_t)list;
        if ( c->a[2] > n )
            c->a[2] = n;
    }
}

static void gen_mmuext(struct call *c)
{
    unsigned int n = (unsigned int)below(4) + 1;
    /*
     * One op more that no hypervisor knows ends the list: a long count read on
     * into older words, and an old MMUEXT_NEW_BASEPTR beside an arena frame
     * there took us to an empty address space (seed 2 on Xen 4.17).
     */
    struct mmuext_op *op = struct_buf((n + 1) * sizeof(*op));

    for ( unsigned int i = 0; i < n; i++ )
    {
        op[i].cmd = chance(16) ? (unsigned int)word() : (unsigned int)below(22);
        switch ( op[i].cmd )
        {
        case MMUEXT_NEW_BASEPTR:
            /*
             * Never a frame we may own (the arena, or one populate_physmap gave
             * us): a valid L4 there would be an empty address space, suicide.
             */
            op[i].arg1.mfn = chance(2) ? max_page + below(4) : hv_l3;
            break;
        case MMUEXT_INVLPG_LOCAL:
        case MMUEXT_INVLPG_MULTI:
        case MMUEXT_INVLPG_ALL:
        case MMUEXT_SET_LDT:
            op[i].arg1.linear_addr = chance(2) ? arena_va() : word();
            break;
        default:
            op[i].arg1.mfn = chance(4) ? frame_word() : chance(8) ? foreign_mfn() : an_arena_mfn();
            break;
        }
        op[i].arg2.nr_ents = (unsigned int)(chance(2) ? below(600) : word());
        if ( chance(2) )
            set_xen_guest_handle(op[i].arg2.vcpumask, (void *)ptr_arg());
        /* The source of a copy is read into an arena frame: never one of our live frames. */
        if ( op[i].cmd == MMUEXT_COPY_PAGE )
            op[i].arg2.src_mfn = chance(2) ? an_arena_mfn() : frame_word();
    }
    op[n].cmd = 0x7fffffffu;
    c->a[0] = (uint64_t)op;
    c->a[1] = chance(8) ? word() : n;
    c->a[2] = chance(2) ? 0 : ptr_arg();
    c->a[3] = chance(2) ? DOMID_SELF : domid();
}

static void gen_mmu_update(struct call *c)
{
    unsigned int n = (unsigned int)below(4) + 1;
    struct mmu_update *u = struct_buf((n + 1) * sizeof(*u));

    for ( unsigned int i = 0; i < n; i++ )
    {
        u[i].ptr = chance(16) ? frame_word() : arena_maddr();
        u[i].val = chance(8) ? word() : chance(8) ? below(1UL << 20) : arena_pte();
    }
    u[n].ptr |= 3; /* a request type no hypervisor knows ends the list, as for mmuext_op */
    c->a[0] = chance(16) ? ptr_arg() : (uint64_t)u;
    c->a[1] = chance(8) ? word() : n;
    c->a[2] = chance(2) ? 0 : ptr_arg();
    c->a[3] = chance(2) ? DOMID_SELF : domid();
}

static void gen_evtchn(struct call *c, unsigned int cmd)
{
    uint32_t *p = struct_buf(64);

    c->a[0] = cmd;
    c->a[1] = chance(16) ? ptr_arg() : (uint64_t)p;
    switch ( cmd )
    {
    case EVTCHNOP_close:
    case EVTCHNOP_send:
    case EVTCHNOP_unmask:
    case EVTCHNOP_bind_vcpu:
    case EVTCHNOP_status:
        if ( cmd == EVTCHNOP_status )
            p++; /* after the domid */
        *p = (uint32_t)(chance(4) ? word() : below(16));
        if ( *p == console_port && console_port )
            *p = 0;
        break;
    case EVTCHNOP_reset:
        *(domid_t *)p = (domid_t)domid();
        if ( console_port && (*(domid_t *)p == DOMID_SELF || *(domid_t *)p == my_domid) )
            *(domid_t *)p = DOMID_IO;
        break;
    case EVTCHNOP_alloc_unbound:
    case EVTCHNOP_bind_interdomain:
        ((domid_t *)p)[0] = (domid_t)domid();
        ((domid_t *)p)[1] = (domid_t)domid();
        p[1] = (uint32_t)below(16);
        break;
    default:
        if ( chance(2) )
            p[0] = (uint32_t)below(32);
        break;
    }
    /*
     * EVTCHNOP_init_control (11) moves us to the FIFO ABI, where the 2-level
     * bitmaps SCHEDOP_block's wake-up relies on are no longer used (seed 1 on
     * Xen 4.17 blocked for ever at call 155610, one worked at 155464). dom0
     * resets its channels after it, which ends FIFO; a domU, which would lose
     * its console's channel so, names a vCPU that does not exist.
     */
    if ( cmd == 11 && privileged )
        c->repair |= REPAIR_EVTCHN;
    else if ( cmd == 11 )
    {
        p[3] = (uint32_t)(64 + below(1000));
        c->a[1] = (uint64_t)p;
    }
}

#endif /* GUEST_TESTS_HCALL_FUZZ_GEN_H */
