/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xen/common/grant_table.c and event_channel.c between two domains, on fake
 * memory and a fake PV memory manager that counts every frame reference and
 * every mapping: d1 maps, copies and unmaps grants of d0 (a guest test kernel
 * can only grant to itself), the maptrack grows past one chunk, every
 * reference taken is given back (no leak, no double put), a grant pinned by d1
 * cannot be pinned by d2, and an interdomain event channel between d0 and d1
 * is bound, signalled both ways, queried with privilege checks and closed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake/fake.h"
#include "tap.h"

#include "fake/rename.h"
#include <public/event_channel.h>
#include <public/grant_table.h>
#include <public/xen.h>
#include <xen/errno.h>
#include <xen/grant_table.h>
#include <xen/guest_access.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/string.h>

long do_grant_table_op(unsigned int cmd, uint64_t arg, unsigned int count);
long do_event_channel_op(int cmd, uint64_t arg);

#define NR_FRAMES 1024UL
#define NR_DOMS   3

/* ---- fake domains, the current vCPU, guest memory ---- */

static struct domain doms[NR_DOMS];
static struct vcpu vcpus[NR_DOMS];
static struct vcpu *vcpu_ptrs[NR_DOMS];
static struct shared_info shinfo[NR_DOMS];
static struct vcpu *cur;
static unsigned int wakes[NR_DOMS];

struct vcpu *current_vcpu(void)
{
    return cur;
}

struct domain *domain_lookup(domid_t domid)
{
    return domid < NR_DOMS ? &doms[domid] : NULL;
}

/* Guest addresses are host pointers; address 1 stands for an unmapped one. */
unsigned long copy_from_guest(void *dst, uint64_t guest_va, unsigned long n)
{
    if ( guest_va == 1 )
        return n;
    memcpy(dst, (const void *)(uintptr_t)guest_va, n);
    return 0;
}

unsigned long copy_to_guest(uint64_t guest_va, const void *src, unsigned long n)
{
    if ( guest_va == 1 )
        return n;
    memcpy((void *)(uintptr_t)guest_va, src, n);
    return 0;
}

void vcpu_wake(struct vcpu *v)
{
    wakes[v->domain->domain_id]++;
}

/* ---- the fake PV memory manager: references and mappings ---- */

static unsigned int refs[NR_FRAMES], wrefs[NR_FRAMES], flushes;

/* A "page table": host addresses 0x1000 * n map frames, entries mfn | 1 | (rw << 1). */
#define NR_SLOTS 64
static uint64_t slots[NR_SLOTS];

static uint64_t *slot_of(uint64_t addr)
{
    return addr >= 0x1000 && addr < 0x1000 * (NR_SLOTS + 1) ? &slots[addr / 0x1000 - 1] : NULL;
}

int arch_grant_get_frame(struct domain *owner, unsigned long frame, bool writable, mfn_t *mfn)
{
    *mfn = _mfn(frame);
    if ( frame >= NR_FRAMES || frame_table[frame].v.owner != owner )
        return GNTST_bad_page;
    refs[frame]++;
    wrefs[frame] += writable;
    return GNTST_okay;
}

void arch_grant_put_frame(mfn_t mfn, bool writable)
{
    if ( refs[mfn_x(mfn)] == 0 || (writable && wrefs[mfn_x(mfn)] == 0) )
        abort(); /* a put without a get: the test fails loudly */
    refs[mfn_x(mfn)]--;
    wrefs[mfn_x(mfn)] -= writable;
}

int arch_grant_create_host_mapping(struct vcpu *v, uint64_t addr, mfn_t mfn, struct domain *owner,
                                   uint32_t flags, uint64_t *old)
{
    uint64_t *s = slot_of(addr);
    bool rw = !(flags & GNTMAP_readonly);
    mfn_t m;

    (void)v;
    *old = 0;
    if ( s == NULL || arch_grant_get_frame(owner, mfn_x(mfn), rw, &m) != GNTST_okay )
        return GNTST_general_error;
    *old = *s;
    *s = (mfn_x(mfn) << 12) | 1 | (rw ? 2 : 0);
    return GNTST_okay;
}

int arch_grant_replace_host_mapping(struct vcpu *v, uint64_t addr, mfn_t mfn, uint32_t flags,
                                    uint64_t new_addr, uint64_t *old)
{
    uint64_t *s = slot_of(addr), *n = new_addr ? slot_of(new_addr) : NULL;
    bool rw = !(flags & GNTMAP_readonly);

    (void)v;
    *old = 0;
    if ( s == NULL || (new_addr && n == NULL) || !(*s & 1) || (*s >> 12) != mfn_x(mfn) ||
         !!(*s & 2) != rw )
        return GNTST_general_error;
    *old = *s;
    *s = n ? *n : 0;
    if ( n )
        *n = 0;
    return GNTST_okay;
}

void arch_grant_flush(struct domain *d)
{
    (void)d;
    flushes++;
}

void arch_grant_release_entry(uint64_t old)
{
    if ( old & 1 )
        arch_grant_put_frame(_mfn(old >> 12), old & 2);
}

/* ---- helpers ---- */

static long gnttab(unsigned int cmd, void *arg, unsigned int count)
{
    return do_grant_table_op(cmd, (uint64_t)(uintptr_t)arg, count);
}

static long evtchn(int cmd, void *arg)
{
    return do_event_channel_op(cmd, (uint64_t)(uintptr_t)arg);
}

static struct grant_entry_v1 *table0; /* d0's first table frame */

/* A frame of fake RAM owned by d. */
static unsigned long frame_of(struct domain *d, unsigned long mfn)
{
    frame_table[mfn].v.owner = d;
    frame_table[mfn].count_info = PGC_state_inuse | PGC_allocated | 1;
    return mfn;
}

static void setup(void)
{
    struct gnttab_setup_table st = {.dom = DOMID_SELF, .nr_frames = 2};
    xen_pfn_t frames[2] = {0, 0};

    fake_ram_setup(NR_FRAMES);
    init_heap_pages(mfn_to_page(_mfn(16)), NR_FRAMES - 16);
    for ( unsigned int i = 0; i < NR_DOMS; i++ )
    {
        doms[i].domain_id = (domid_t)i;
        doms[i].is_privileged = i == 0;
        doms[i].shared_info = &shinfo[i];
        doms[i].max_vcpus = 1;
        doms[i].vcpu = &vcpu_ptrs[i];
        vcpu_ptrs[i] = &vcpus[i];
        vcpus[i].domain = &doms[i];
        vcpus[i].vcpu_info = &shinfo[i].vcpu_info[0];
        if ( evtchn_init(&doms[i]) )
            abort();
    }
    cur = &vcpus[0];
    set_xen_guest_handle(st.frame_list, frames);
    ok(gnttab(GNTTABOP_setup_table, &st, 1) == 0 && st.status == GNTST_okay && frames[0] &&
           frames[1],
       "d0 sets up a table of two frames");
    table0 = arch_mfn_to_virt(frames[0]);
}

static void grant(grant_ref_t ref, domid_t to, unsigned long frame, uint16_t extra)
{
    struct grant_entry_v1 *e = ref < 512 ? &table0[ref] : NULL;

    if ( e == NULL )
        abort();
    e->domid = to;
    e->frame = (uint32_t)frame;
    e->flags = GTF_permit_access | extra;
}

static int map(grant_ref_t ref, uint32_t flags, uint64_t addr, grant_handle_t *h)
{
    struct gnttab_map_grant_ref m = {.host_addr = addr, .flags = flags, .ref = ref, .dom = 0};

    if ( gnttab(GNTTABOP_map_grant_ref, &m, 1) )
        return 99;
    if ( h )
        *h = m.handle;
    return m.status;
}

static int unmap(grant_handle_t h, uint64_t addr, uint64_t dev)
{
    struct gnttab_unmap_grant_ref u = {.host_addr = addr, .dev_bus_addr = dev, .handle = h};

    if ( gnttab(GNTTABOP_unmap_grant_ref, &u, 1) )
        return 99;
    return u.status;
}

/* ---- the tests ---- */

static void test_foreign_maps(void)
{
    unsigned long f = frame_of(&doms[0], 5), g = frame_of(&doms[1], 6);
    grant_handle_t h, h2;

    grant(8, 1, f, 0);
    grant(9, 1, g, 0); /* a frame d0 does not own */
    grant(10, 2, f, 0);
    cur = &vcpus[1];
    ok(map(8, GNTMAP_host_map, 0x1000, &h) == GNTST_okay, "d1 maps d0's grant");
    ok(refs[f] == 1 && wrefs[f] == 1 && slots[0] == ((f << 12) | 3),
       "the mapping holds one reference and one writable reference");
    ok((table0[8].flags & (GTF_reading | GTF_writing)) == (GTF_reading | GTF_writing),
       "d0's entry reads reading and writing");
    ok(map(9, GNTMAP_host_map | GNTMAP_readonly, 0x2000, NULL) == GNTST_bad_page,
       "a granted frame d0 does not own: GNTST_bad_page");
    ok(map(10, GNTMAP_host_map, 0x2000, NULL) == GNTST_general_error,
       "a grant for d2 mapped by d1: general error");
    cur = &vcpus[2];
    ok(map(8, GNTMAP_host_map, 0x3000, NULL) == GNTST_general_error,
       "d2 cannot map d1's grant while d1 has it pinned");
    ok(map(10, GNTMAP_host_map, 0x3000, &h2) == GNTST_okay && refs[f] == 2,
       "d2 maps its own grant of the same frame");
    ok(unmap(h2, 0x3000, 0) == GNTST_okay && refs[f] == 1, "and unmaps it");
    cur = &vcpus[1];
    ok(map(8, GNTMAP_device_map | GNTMAP_readonly, 0, &h2) == GNTST_okay && h2 != h,
       "d1 adds a device mapping under a second handle");
    ok(refs[f] == 2 && wrefs[f] == 1, "a read-only device mapping adds a plain reference");
    ok(unmap(h, 0x2000, 0) == GNTST_general_error && refs[f] == 2,
       "unmap at the wrong address changes nothing");
    flushes = 0;
    ok(unmap(h, 0x1000, 0) == GNTST_okay && slots[0] == 0 && flushes == 1,
       "unmap clears the entry after one flush");
    ok(refs[f] == 1 && wrefs[f] == 0, "and gives its references back");
    ok((table0[8].flags & (GTF_reading | GTF_writing)) == GTF_reading,
       "the read-only device mapping keeps the entry reading");
    ok(unmap(h2, 0, (uint64_t)f << 12) == GNTST_okay && refs[f] == 0,
       "the device unmap gives the last reference back");
    ok((table0[8].flags & (GTF_reading | GTF_writing)) == 0, "the entry's flags are clear");
    ok(unmap(h2, 0, (uint64_t)f << 12) == GNTST_bad_handle, "a second unmap: bad handle");
    cur = &vcpus[0];
    ok(unmap(h, 0x1000, 0) == GNTST_bad_handle, "d0 has no such handle");
}

static void test_maptrack_growth(void)
{
    static struct gnttab_map_grant_ref m[600];
    static struct gnttab_unmap_grant_ref u[600];
    unsigned long f[5];
    unsigned int okays = 0, distinct = 1;

    for ( unsigned int r = 0; r < 5; r++ )
        grant(20 + r, 1, f[r] = frame_of(&doms[0], 100 + r), 0);
    for ( unsigned int i = 0; i < 600; i++ )
        m[i] =
            (struct gnttab_map_grant_ref){.flags = GNTMAP_device_map, .ref = 20 + i % 5, .dom = 0};
    cur = &vcpus[1];
    ok(gnttab(GNTTABOP_map_grant_ref, m, 600) == 0, "600 device maps in one call");
    for ( unsigned int i = 0; i < 600; i++ )
        okays += m[i].status == GNTST_okay;
    for ( unsigned int i = 1; i < 600; i++ )
        distinct &= m[i].handle != m[i - 1].handle;
    ok(okays == 600 && distinct, "all mapped, handles beyond the first chunk of 256");
    ok(refs[f[0]] == 120 && wrefs[f[0]] == 120, "120 references on each frame");
    for ( unsigned int i = 0; i < 600; i++ )
        u[i] = (struct gnttab_unmap_grant_ref){.dev_bus_addr = (uint64_t)f[i % 5] << 12,
                                               .handle = m[i].handle};
    ok(gnttab(GNTTABOP_unmap_grant_ref, u, 600) == 0, "600 unmaps in one call");
    okays = 0;
    for ( unsigned int i = 0; i < 600; i++ )
        okays += u[i].status == GNTST_okay;
    ok(okays == 600 && refs[f[0]] == 0 && wrefs[f[4]] == 0, "all unmapped, no reference left");
    ok(gnttab(GNTTABOP_map_grant_ref, (void *)1, 1) == -EFAULT, "an unmapped op list: -EFAULT");
    cur = &vcpus[0];
}

static void test_copy(void)
{
    unsigned long f = frame_of(&doms[0], 200), mine = frame_of(&doms[1], 201);
    struct gnttab_copy c = {.len = 16, .flags = GNTCOPY_source_gref};

    memset(arch_mfn_to_virt(f), 0xab, PAGE_SIZE);
    memset(arch_mfn_to_virt(mine), 0, PAGE_SIZE);
    grant(30, 1, f, GTF_readonly);
    c.source.u.ref = 30;
    c.source.domid = 0;
    c.source.offset = 100;
    c.dest.u.gmfn = mine;
    c.dest.domid = DOMID_SELF;
    c.dest.offset = 4080;
    cur = &vcpus[1];
    ok(gnttab(GNTTABOP_copy, &c, 1) == 0 && c.status == GNTST_okay,
       "d1 copies from d0's read-only grant into its own frame");
    ok(((uint8_t *)arch_mfn_to_virt(mine))[4080] == 0xab &&
           ((uint8_t *)arch_mfn_to_virt(mine))[4095] == 0xab &&
           ((uint8_t *)arch_mfn_to_virt(mine))[4079] == 0,
       "the bytes landed at the offset");
    ok(refs[f] == 0 && refs[mine] == 0 && (table0[30].flags & (GTF_reading | GTF_writing)) == 0,
       "no reference and no flag left");
    c.flags = GNTCOPY_dest_gref;
    c.dest.u.ref = 30;
    c.dest.domid = 0;
    c.dest.offset = 0;
    c.source.u.gmfn = mine;
    c.source.domid = DOMID_SELF;
    ok(gnttab(GNTTABOP_copy, &c, 1) == 0 && c.status == GNTST_general_error,
       "copying into the read-only grant: general error");
    c.source.domid = 1;
    ok(gnttab(GNTTABOP_copy, &c, 1) == 0 && c.status == GNTST_permission_denied,
       "a frame named by domid rather than DOMID_SELF: permission denied");
    ok(refs[f] == 0 && refs[mine] == 0, "still no reference left");
    cur = &vcpus[0];
}

static void test_interdomain_events(void)
{
    struct evtchn_alloc_unbound au = {.dom = DOMID_SELF, .remote_dom = 1};
    struct evtchn_bind_interdomain bi = {.remote_dom = 0};
    struct evtchn_send snd;
    struct evtchn_close cl;
    struct evtchn_status st = {.dom = 1};

    cur = &vcpus[0];
    ok(evtchn(EVTCHNOP_alloc_unbound, &au) == 0, "d0 offers a port to d1");
    cur = &vcpus[2];
    bi.remote_port = au.port;
    ok(evtchn(EVTCHNOP_bind_interdomain, &bi) == -EINVAL, "d2 cannot take it");
    au.dom = 0;
    ok(evtchn(EVTCHNOP_alloc_unbound, &au) == -EPERM, "d2 cannot allocate in d0");
    cur = &vcpus[1];
    ok(evtchn(EVTCHNOP_bind_interdomain, &bi) == 0, "d1 binds to it");
    ok(evtchn_port_is_pending(&doms[1], bi.local_port), "d1's end starts pending");
    shinfo[1].evtchn_pending[0] = 0;
    snd.port = bi.local_port;
    wakes[0] = 0;
    ok(evtchn(EVTCHNOP_send, &snd) == 0 && evtchn_port_is_pending(&doms[0], bi.remote_port) &&
           wakes[0] == 1 && shinfo[0].vcpu_info[0].evtchn_upcall_pending,
       "d1's send reaches d0 and wakes its vCPU");
    st.port = bi.local_port;
    ok(evtchn(EVTCHNOP_status, &st) == 0 && st.status == EVTCHNSTAT_interdomain &&
           st.u.interdomain.dom == 0 && st.u.interdomain.port == bi.remote_port,
       "d1 reads its end");
    st.dom = 0;
    ok(evtchn(EVTCHNOP_status, &st) == -EPERM, "d1 may not read d0's ports");
    cur = &vcpus[0];
    st.dom = 1;
    ok(evtchn(EVTCHNOP_status, &st) == 0 && st.status == EVTCHNSTAT_interdomain,
       "privileged d0 may read d1's");
    snd.port = bi.remote_port;
    ok(evtchn(EVTCHNOP_send, &snd) == 0 && evtchn_port_is_pending(&doms[1], bi.local_port),
       "d0's send reaches d1");
    cur = &vcpus[1];
    cl.port = bi.local_port;
    ok(evtchn(EVTCHNOP_close, &cl) == 0 && !evtchn_port_is_pending(&doms[1], bi.local_port),
       "d1 closes its end (its pending bit goes)");
    cur = &vcpus[0];
    st.dom = DOMID_SELF;
    st.port = bi.remote_port;
    ok(evtchn(EVTCHNOP_status, &st) == 0 && st.status == EVTCHNSTAT_unbound &&
           st.u.unbound.dom == 1,
       "d0's end waits for d1 again");
    ok(evtchn(EVTCHNOP_send, (void *)1) == -EFAULT, "an unmapped argument: -EFAULT");
}

int main(void)
{
    setup();
    test_foreign_maps();
    test_maptrack_growth();
    test_copy();
    test_interdomain_events();
    return tap_done();
}
