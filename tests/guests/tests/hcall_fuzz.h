/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypercall fuzzer's state and its values (tests/hcall_fuzz.c says what
 * it does): the PRNG, the frames and addresses that are ours to offer, and
 * the kinds of words an argument or a buffer is made of.
 */
#ifndef GUEST_TESTS_HCALL_FUZZ_H
#define GUEST_TESTS_HCALL_FUZZ_H

#include "gnttab.h"

#define NR_BUF_PAGES   4
#define NR_IMG_ARENA   16 /* arena pages in the image: 0-5 writable, 6-15 read-only */
#define NR_TOP_ARENA   8  /* arena frames from the top of our memory */
#define NR_ARENA       (NR_IMG_ARENA + NR_TOP_ARENA + 1) /* + the window's L1 */
#define WINDOW         0x600000UL                        /* the scratch window's 2 MiB */
#define IMG_LO         0x100000UL
#define IMG_HI         WINDOW
#define CHECK_INTERVAL 4096

/* Buffers, then the guard page (unmapped at start). */
static uint8_t bufs[NR_BUF_PAGES + 1][4096] __attribute__((aligned(4096)));
static uint8_t arena[NR_IMG_ARENA][4096] __attribute__((aligned(4096)));
static uint8_t win_l1[4096] __attribute__((aligned(4096)));
/* Multicall lists: a page of the image no generated pointer names, so no call writes there. */
static uint8_t mc_page[4096] __attribute__((aligned(4096)));
/* Its last 256 bytes: a multicall's SCHEDOP_poll and runstate-area requests (gen_sched_op,
 * gen_vcpu_op). */
#define MC_POLL_AREA  (4096 - 256)
#define MC_POLL_SLOTS 8
static unsigned int nr_mc_polls;

static uint64_t arena_mfn[NR_ARENA];
static uint64_t buf_l1e[NR_BUF_PAGES];
static uint64_t *buf_pte[NR_BUF_PAGES + 1]; /* their L1 slots, through the initial mapping */
static uint64_t *low_ptes;                  /* the L1 slots of the first MiB, kept unmapped */
static uint64_t max_page, my_domid, console_port, timer_port, live_l4, live_l1, hv_l3;
static bool privileged;
static uint64_t rng;
static unsigned long log_calls, dump_call, check_every, progress;

static uint64_t snap[(IMG_HI - IMG_LO) / 4096];

static unsigned long nr_calls[64 + 1], nr_ok[64 + 1];

/* ------------------------------------------------------------ randomness */

static uint64_t rnd(void)
{
    uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static uint64_t below(uint64_t n)
{
    return n ? rnd() % n : 0;
}

static bool chance(unsigned int one_in)
{
    return below(one_in) == 0;
}

#define PICK(a) ((a)[below(sizeof(a) / sizeof((a)[0]))])

static const uint64_t boundaries[] = {
    0,
    1,
    2,
    0x7f,
    0x80,
    0xff,
    0x100,
    0x7fff,
    0x8000,
    0xffff,
    0x10000,
    0x7fffffff,
    0x80000000,
    0xffffffff,
    0x100000000,
    0x7fffffffffffffff,
    0x8000000000000000,
    ~0ULL,
    ~0ULL - 1,
    4095,
    4096,
    4097,
    0x7ff0,
    0x7ff1,
    0x7ff2,
    0x7ff3,
    0x7ff4,
    0x7fef,
    0x1000000,
    0xfffffffffffff000,
    0x000fffffffffffff,
    0xffff800000000000,
};

/* ------------------------------------------------------------ our frames */

static bool is_arena_mfn(uint64_t mfn)
{
    for ( unsigned int i = 0; i < NR_ARENA; i++ )
        if ( arena_mfn[i] == mfn )
            return true;
    return false;
}

/* A frame of ours that is not the arena's: never offered. */
static bool is_live_mfn(uint64_t mfn)
{
    uint64_t pfn;

    if ( mfn >= max_page )
        return false;
    pfn = ((const volatile unsigned long *)MACH2PHYS_VIRT_START)[mfn];
    return pfn < start_info->nr_pages && pfn_to_mfn(pfn) == mfn && !is_arena_mfn(mfn);
}

static bool in_range(uint64_t v, const void *lo, size_t len)
{
    return v >= (uint64_t)lo && v < (uint64_t)lo + len;
}

/* A virtual address of the image (or just above it) other than the arena's and the buffers'. */
static bool live_va(uint64_t v)
{
    return v >= IMG_LO && v < IMG_HI && !in_range(v, arena, sizeof(arena)) &&
           !in_range(v, bufs, sizeof(bufs));
}

/*
 * Our live frames as they were at the start, a bit each (the sandbox keeps
 * them so): the test for a dangerous word is then cheap enough to run over
 * all the buffers after every call. Frames beyond it are looked up.
 */
#define LIVE_MAP_FRAMES (1UL << 20)
static uint64_t live_map[LIVE_MAP_FRAMES / 64];

static void live_map_init(void)
{
    for ( uint64_t pfn = 0; pfn < start_info->nr_pages; pfn++ )
    {
        uint64_t mfn = pfn_to_mfn(pfn);

        if ( mfn < LIVE_MAP_FRAMES && is_live_mfn(mfn) )
            live_map[mfn / 64] |= 1UL << (mfn % 64);
    }
}

static bool live_frame(uint64_t mfn)
{
    if ( mfn < LIVE_MAP_FRAMES )
        return (live_map[mfn / 64] >> (mfn % 64)) & 1;
    return is_live_mfn(mfn);
}

/* A word that could hurt us as a frame, a machine address or a virtual address. */
static bool dangerous(uint64_t v)
{
    return live_frame(v) || live_frame((v & PTE_MFN_MASK) >> PAGE_SHIFT) || live_va(v);
}

/* ------------------------------------------------------------ values */

static uint64_t buf_ptr(void)
{
    uint64_t off = below(NR_BUF_PAGES * 4096);

    if ( !chance(8) )
        off &= ~7UL;
    return (uint64_t)bufs + off;
}

static uint64_t hole_ptr(void)
{
    static const uint64_t spots[] = {
        HYPERVISOR_VIRT_START,   MACH2PHYS_VIRT_START + 8, 0xffff82d040000000,
        0xffff82d080200000,      0xffff830000000000,       0xffff830000100000,
        HYPERVISOR_VIRT_END - 8,
    };

    return chance(2) ? PICK(spots) : HYPERVISOR_VIRT_START + (below(1UL << 35) << 3);
}

static uint64_t bad_ptr(void)
{
    static const uint64_t spots[] = {
        0,
        8,
        0xfff,
        0x40000000,
        0x7ffffffff000,
        0x7fffffffffff,
        0x0000800000000000,
        0x8000000000000000,
        0xdead000000000000,
        0xffff7fffffffffff,
        ~0UL & ~7UL,
    };

    return chance(2) ? PICK(spots) : (0x0000800000000000 | rnd()) & 0xffff7fffffffffff;
}

static uint64_t arena_va(void)
{
    if ( chance(2) )
        return WINDOW + below(512) * 4096;
    return (uint64_t)arena[below(NR_IMG_ARENA)];
}

static uint64_t an_arena_mfn(void)
{
    return arena_mfn[below(NR_ARENA)];
}

static uint64_t foreign_mfn(void)
{
    uint64_t mfn;

    switch ( below(3) )
    {
    case 0: /* low frames: ours (the hypervisor's image is at 2 MiB), firmware, dom0's */
        mfn = 0x100 + below(0x300);
        return is_live_mfn(mfn) ? hv_l3 : mfn;
    case 1:
        return max_page + below(4);
    default:
        mfn = below(max_page);
        return is_live_mfn(mfn) ? max_page - 1 : mfn;
    }
}

static uint64_t pte_flags(void)
{
    static const uint64_t f[] = {PTE_P,
                                 PTE_P | PTE_RW,
                                 PTE_P | PTE_RW | PTE_A | PTE_D,
                                 PTE_P | PTE_US,
                                 PTE_P | PTE_PSE,
                                 PTE_P | PTE_NX,
                                 0,
                                 PTE_RW};

    return chance(4) ? (rnd() & 0x8000000000000fffULL) : PICK(f);
}

/* A PTE for an arena or a foreign frame: harmless wherever it is read. */
static uint64_t arena_pte(void)
{
    return pte_make(chance(8) ? foreign_mfn() : an_arena_mfn(), pte_flags());
}

/*
 * A PTE for one of our live page tables, only ever an argument in a register:
 * a word in memory may be read again in another role (seed 2 on ours, call
 * 2826239: this one, as an mmu_update's val, read as a request's ptr, set our
 * L4's M2P entry).
 */
static uint64_t live_pte(void)
{
    return pte_make(chance(2) ? live_l4 : live_l1, pte_flags());
}

static uint64_t arena_maddr(void)
{
    if ( chance(2) ) /* a slot of the window's L1 */
        return (arena_mfn[NR_ARENA - 1] << PAGE_SHIFT) + below(512) * 8 + below(4);
    return (an_arena_mfn() << PAGE_SHIFT) + (below(512) * 8) + below(4);
}

static uint64_t domid(void)
{
    static const uint64_t d[] = {0,        1,         2,      3,      DOMID_SELF,
                                 DOMID_IO, DOMID_XEN, 0x7ff3, 0x7fef, 0xffff};

    return chance(8) ? (rnd() & 0xffff) : chance(4) ? my_domid : PICK(d);
}

/* One word of any kind, with the ones that could hurt us replaced. */
static uint64_t word(void)
{
    uint64_t v;

    switch ( below(14) )
    {
    case 0:
    case 1:
        v = below(65);
        return dangerous(v) ? v | 0xdead000000000000ULL : v;
    case 2:
    case 3:
        v = PICK(boundaries);
        return dangerous(v) ? v | 0xdead000000000000ULL : v;
    case 4:
        v = rnd();
        return dangerous(v) ? v | 0xdead000000000000ULL : v;
    case 5:
    case 6:
        return buf_ptr();
    case 7:
        return hole_ptr();
    case 8:
        return bad_ptr();
    case 9:
        return arena_va();
    case 10:
        v = an_arena_mfn();
        break;
    case 11:
        v = arena_pte();
        break;
    case 12:
        v = foreign_mfn();
        break;
    default:
        v = domid();
        return dangerous(v) ? v | 0xdead000000000000ULL : v;
    }
    /* A frame number or a PTE is also a virtual address where a call takes one. */
    return live_va(v) ? v | 0xdead000000000000ULL : v;
}

/* A word for a field that names a frame or a machine address: never one of our live frames. */
static uint64_t frame_word(void)
{
    uint64_t v = word();

    return dangerous(v) ? v | 0xdead000000000000ULL : v;
}

/*
 * A word for a virtual address a call maps something at: never one in the
 * first MiB, which stays unmapped (a pointer there must fault), nor a buffer
 * page (a multicall's later entries read their structures there: seed 1,
 * call 737548 on ours, remapped one and then read a remote shutdown of
 * ourselves from the arena frame now behind it).
 */
static uint64_t map_va_word(void)
{
    uint64_t v = frame_word();

    return v < IMG_LO || in_range(v, bufs, sizeof(bufs)) ? v | 0xdead000000000000ULL : v;
}

/*
 * Pointer arguments: mostly our buffer (filled with random words), sometimes
 * bad; never the arena, whose contents nobody controls (a request list read
 * there could name our live frames).
 */
static uint64_t ptr_arg(void)
{
    uint64_t v;

    switch ( below(10) )
    {
    case 0:
        return hole_ptr();
    case 1:
        return bad_ptr();
    case 2:
        v = word();
        return in_range(v, arena, sizeof(arena)) || (v >= WINDOW && v < WINDOW + (2UL << 20))
                   ? buf_ptr()
                   : v;
    default:
        return buf_ptr();
    }
}

/*
 * The structures one call is made of (a multicall's sub-calls' included) lie
 * apart in the buffers, and fill() leaves them alone: a list or a structure
 * written over by random words could name what the sandbox keeps out
 * (ourselves in a remote shutdown, the arena as a request list).
 */
#define MAX_STRUCTS 32
static struct {
    uint64_t lo, hi;
} structs[MAX_STRUCTS];
static unsigned int nr_structs;

static bool overlaps_struct(uint64_t lo, uint64_t hi)
{
    for ( unsigned int i = 0; i < nr_structs; i++ )
        if ( lo < structs[i].hi && structs[i].lo < hi )
            return true;
    return false;
}

/* Fill `len` bytes at p (inside the buffers, never past the guard) with random words. */
static void fill(uint64_t p, size_t len)
{
    uint64_t end = (uint64_t)bufs[NR_BUF_PAGES];

    if ( !in_range(p, bufs, NR_BUF_PAGES * 4096) )
        return;
    if ( p + len > end )
        len = end - p;
    for ( size_t i = 0; i + 8 <= len; i += 8 )
    {
        uint64_t w = frame_word(); /* the hypervisor may take any of them as a frame */

        if ( !overlaps_struct(p + i, p + i + 8) )
            guest_memcpy((void *)(p + i), &w, 8);
    }
}

/*
 * A buffer holding a structure the caller then fills in: 8-aligned, room for
 * len bytes, apart from the other structures of this call.
 */
static void *struct_buf(size_t len)
{
    uint64_t p;

    for ( unsigned int tries = 0;; tries++ )
    {
        p = (uint64_t)bufs[0] + (below(NR_BUF_PAGES * 4096 - len) & ~7UL);
        if ( !overlaps_struct(p, p + len) )
            break;
        if ( tries == 100 || nr_structs == MAX_STRUCTS )
            test_abort("no room in the buffers for a structure of %lu bytes", (unsigned long)len);
    }
    fill(p, len);
    structs[nr_structs].lo = p;
    structs[nr_structs++].hi = p + len;
    return (void *)p;
}

static uint64_t count_arg(void)
{
    return chance(8) ? word() : below(9);
}

#endif /* GUEST_TESTS_HCALL_FUZZ_H */
