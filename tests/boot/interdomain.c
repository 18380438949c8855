/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Both ends of tests/boot/linux-interdomain.test: Debian's kernel as dom0 and as
 * a domU beside it, talking through the hypervisor with nothing but Linux's
 * /dev/xen devices. The domU (domutest_peer=0 on its command line) grants three
 * pages to dom0 with gntalloc (A and B writable, C read-only), allocates an
 * event channel port unbound for dom0 and prints the offer on its console; dom0
 * (dom0test_interdomain=1) finds that line in the hypervisor's console ring
 * (sysctl readconsole through privcmd), binds the port, maps the grants with
 * gntdev (C only read-only), checks what the domU wrote there and answers; then
 * the two play ping-pong, each blocked on the other's event; then they take it
 * all down: dom0 unmaps page A, the domU revokes the grants (B, still mapped by
 * dom0, must stay in use), dom0 checks B is still whole and unmaps it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

typedef uint16_t domid_t; /* the types Linux's Xen device headers expect */
typedef uint32_t grant_ref_t;
#include <xen/evtchn.h>
#include <xen/gntalloc.h>
#include <xen/gntdev.h>

#include "console_ring.h"
#include "dom0_init.h"

#define PAGE           4096
#define ROUNDS         500
#define PAGE_A_MAGIC   0x41504f44u /* "DOPA" */
#define PAGE_B_MAGIC   0x42504f44u /* "DOPB" */
#define PAGE_C_MAGIC   0x43504f44u /* "DOPC", granted read-only */
#define ANSWER_XOR     0x5a5a5a5au
#define BOOT_WAIT_MS   300000 /* the other side may still be booting */
#define ROUND_WAIT_MS  20000
#define OFFER_EVERY_MS 2000
#define BAD_GREF       60000 /* beyond any table (64 frames of 512 entries) */
#define OFFER_TAG      "DOMUTEST offer "

/*
 * The granted page A. The domU writes magic, sum and data and answers in
 * pong; dom0 writes answer, ping and stage. Page B has only magic and data
 * (another pattern), and stage once dom0 has unmapped A.
 */
struct shared_page {
    uint32_t magic;
    uint32_t sum;    /* of data[] */
    uint32_t answer; /* dom0: the sum it read, ^ ANSWER_XOR */
    uint32_t ping;   /* dom0: the round it started */
    uint32_t pong;   /* domU: the round it answered */
    uint32_t stage;  /* in page B, dom0: 1 A unmapped; domU: 2 about to revoke */
    uint8_t _pad[40];
    uint8_t data[PAGE - 64];
};

static void fill(struct shared_page *p, uint32_t magic)
{
    uint32_t sum = 0;

    memset(p, 0, PAGE);
    for ( size_t i = 0; i < sizeof(p->data); i++ )
    {
        p->data[i] = (uint8_t)(i * (magic & 0xff) + (i >> 8) + 7);
        sum = sum * 31 + p->data[i];
    }
    p->sum = sum;
    p->magic = magic;
}

/* The sum fill() would give a page of this magic, recomputed from what is there. */
static int pattern_ok(const volatile struct shared_page *p, uint32_t magic, uint32_t *sum)
{
    uint32_t s = 0;
    int good = p->magic == magic;

    for ( size_t i = 0; i < sizeof(p->data); i++ )
    {
        good &= p->data[i] == (uint8_t)(i * (magic & 0xff) + (i >> 8) + 7);
        s = s * 31 + p->data[i];
    }
    *sum = s;
    return good && s == p->sum;
}

static long long now_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* One event on port (then unmasked again): 1, or 0 on timeout or error. */
static int wait_event(int fd, unsigned int port, int timeout_ms)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    uint32_t got;

    if ( poll(&p, 1, timeout_ms) != 1 || read(fd, &got, sizeof(got)) != sizeof(got) )
        return 0;
    if ( write(fd, &got, sizeof(got)) != sizeof(got) )
        return 0;
    return got == port;
}

/*
 * Wait for events until *word is want: every wake-up is an event (never a
 * look at the page alone), and events that bring no change are counted in
 * *spurious. 0 if none came for timeout_ms.
 */
static int wait_for(int fd, unsigned int port, const volatile uint32_t *word, uint32_t want,
                    int timeout_ms, unsigned int *spurious)
{
    for ( ;; )
    {
        if ( !wait_event(fd, port, timeout_ms) )
            return 0;
        if ( *word == want )
            return 1;
        (*spurious)++;
    }
}

static int notify(int fd, unsigned int port)
{
    struct ioctl_evtchn_notify n = {.port = port};

    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    return ioctl(fd, IOCTL_EVTCHN_NOTIFY, &n);
}

/* ---- the domU's side ---- */

/* One page granted to domain `to` through gntalloc, mapped here: NULL on error. */
static struct shared_page *grant_page(int fd, domid_t to, bool writable, uint32_t *gref,
                                      uint64_t *index)
{
    struct ioctl_gntalloc_alloc_gref a = {
        .domid = (uint16_t)to, .flags = writable ? GNTALLOC_FLAG_WRITABLE : 0, .count = 1};
    void *p;

    if ( ioctl(fd, IOCTL_GNTALLOC_ALLOC_GREF, &a) != 0 )
        return NULL;
    p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)a.index);
    *gref = a.gref_ids[0];
    *index = a.index;
    return p == MAP_FAILED ? NULL : p;
}

/* Unmap and deallocate a gntalloc grant: the kernel then ends it, or defers that. */
static int ungrant_page(int fd, struct shared_page *p, uint64_t index)
{
    struct ioctl_gntalloc_dealloc_gref d = {.index = index, .count = 1};

    if ( munmap(p, PAGE) != 0 )
        return -1;
    return ioctl(fd, IOCTL_GNTALLOC_DEALLOC_GREF, &d);
}

/*
 * The reference the kernel hands out next: one grant made and ended at once
 * (it was never mapped). Linux keeps free references last in, first out, and
 * takes one back only once its grant has ended: a reference whose end was
 * deferred (still mapped by the grantee) stays out of the free list.
 */
static int next_gref(int fd, unsigned int peer, uint32_t *gref)
{
    struct ioctl_gntalloc_alloc_gref a = {.domid = (uint16_t)peer, .count = 1};
    struct ioctl_gntalloc_dealloc_gref d = {.count = 1};

    if ( ioctl(fd, IOCTL_GNTALLOC_ALLOC_GREF, &a) != 0 )
        return -1;
    *gref = a.gref_ids[0];
    d.index = a.index;
    return ioctl(fd, IOCTL_GNTALLOC_DEALLOC_GREF, &d);
}

void serve_interdomain(unsigned int peer)
{
    struct ioctl_evtchn_bind_unbound_port u = {.remote_domain = peer};
    struct shared_page *a = NULL, *b = NULL, *c = NULL;
    uint32_t gref_a = 0, gref_b = 0, gref_c = 0;
    uint64_t idx_a = 0, idx_b = 0, idx_c = 0;
    unsigned int spurious = 0, round;
    int gfd = open("/dev/xen/gntalloc", O_RDWR | O_CLOEXEC);
    int efd = open("/dev/xen/evtchn", O_RDWR | O_CLOEXEC);
    uint32_t probe = 0;
    int port, r;
    long long t0;

    if ( gfd >= 0 )
        a = grant_page(gfd, peer, true, &gref_a, &idx_a);
    if ( a != NULL )
        b = grant_page(gfd, peer, true, &gref_b, &idx_b);
    if ( b != NULL )
        c = grant_page(gfd, peer, false, &gref_c, &idx_c);
    result(c != NULL, "gntalloc", "three pages granted to d%u: %s", peer, strerror(errno));
    port = efd < 0 ? -1 : ioctl(efd, IOCTL_EVTCHN_BIND_UNBOUND_PORT, &u);
    result(port > 0, "evtchn-unbound", "a port unbound for d%u: %s", peer, strerror(errno));
    if ( c == NULL || port <= 0 )
        goto out;
    fill(a, PAGE_A_MAGIC);
    fill(b, PAGE_B_MAGIC);
    fill(c, PAGE_C_MAGIC);

    /*
     * dom0's first event: it mapped A, read its pattern and answers. Until
     * then the offer is repeated: the hypervisor's console ring is small, and
     * dom0's own boot messages may push it out before dom0 reads the ring.
     */
    for ( int waited = 0;; waited += OFFER_EVERY_MS )
    {
        printf(OFFER_TAG "gref=%u,%u,%u port=%d\n", gref_a, gref_b, gref_c, port);
        fflush(stdout);
        r = wait_for(efd, (unsigned int)port, &a->ping, 1, OFFER_EVERY_MS, &spurious);
        if ( r || waited >= BOOT_WAIT_MS )
            break;
    }
    result(r && a->answer == (a->sum ^ ANSWER_XOR), "answer", "dom0's answer %#x, want %#x (%s)",
           a->answer, a->sum ^ ANSWER_XOR, r ? "wrong" : "no event with ping 1");
    if ( !r )
        goto out;
    t0 = now_us();
    for ( round = 1;; round++ )
    {
        a->pong = round;
        if ( notify(efd, (unsigned int)port) != 0 || round == ROUNDS )
            break;
        if ( !wait_for(efd, (unsigned int)port, &a->ping, round + 1, ROUND_WAIT_MS, &spurious) )
            break;
    }
    result(round == ROUNDS, "pingpong", "stopped in round %u of %u (ping %u): %s", round, ROUNDS,
           a->ping, strerror(errno));
    printf("DOMUTEST info: %u rounds in %lld us, %u spurious events\n", round, now_us() - t0,
           spurious);

    /* dom0 unmaps A and says so in B; then both grants are revoked here. */
    r = wait_for(efd, (unsigned int)port, &b->stage, 1, ROUND_WAIT_MS, &spurious);
    result(r, "peer-unmapped", "no event saying dom0 unmapped page A (stage %u)", b->stage);
    if ( !r )
        goto out;
    r = ungrant_page(gfd, a, idx_a);
    a = NULL;
    result(r == 0 && next_gref(gfd, peer, &probe) == 0 && probe == gref_a, "revoke-unmapped",
           "grant %u, unmapped by dom0: dealloc %d (%s), the next reference %u", gref_a, r,
           strerror(errno), probe);
    r = ungrant_page(gfd, c, idx_c);
    c = NULL;
    result(r == 0 && next_gref(gfd, peer, &probe) == 0 && probe == gref_c, "revoke-readonly",
           "grant %u (read-only), unmapped by dom0: dealloc %d (%s), the next reference %u", gref_c,
           r, strerror(errno), probe);
    b->stage = 2;
    r = ungrant_page(gfd, b, idx_b);
    b = NULL;
    result(r == 0 && next_gref(gfd, peer, &probe) == 0 && probe != gref_b, "revoke-mapped-deferred",
           "grant %u, mapped by dom0: dealloc %d (%s), the next reference %u", gref_b, r,
           strerror(errno), probe);
    if ( notify(efd, (unsigned int)port) != 0 )
        result(0, "revoke-notify", "notify: %s", strerror(errno));

    /* dom0's last event: it unmapped B too. Linux retries B's end every second. */
    result(wait_event(efd, (unsigned int)port, ROUND_WAIT_MS), "final-event",
           "no event after the revoke within %d s", ROUND_WAIT_MS / 1000);
    for ( int i = 0; i < 100 && next_gref(gfd, peer, &probe) == 0 && probe != gref_b; i++ )
        usleep(100000);
    result(probe == gref_b, "revoke-ended", "grant %u never ended (the next reference is %u)",
           gref_b, probe);
out:
    if ( a != NULL )
        munmap(a, PAGE);
    if ( b != NULL )
        munmap(b, PAGE);
    if ( c != NULL )
        munmap(c, PAGE);
    if ( efd >= 0 )
        close(efd);
    if ( gfd >= 0 )
        close(gfd);
}

/* ---- dom0's side ---- */

/* Where dom0's reading of the hypervisor's console ring stands. */
static struct console_ring con;

/* Map grant ref of domain dom through gntdev: the mapping, or NULL (*index set if the ioctl
 * worked). */
static volatile struct shared_page *map_grant(int fd, domid_t dom, uint32_t ref, bool writable,
                                              uint64_t *index)
{
    struct ioctl_gntdev_map_grant_ref m = {.count = 1, .refs = {{.domid = dom, .ref = ref}}};
    void *p;

    *index = UINT64_MAX;
    if ( ioctl(fd, IOCTL_GNTDEV_MAP_GRANT_REF, &m) != 0 )
        return NULL;
    *index = m.index;
    p = mmap(NULL, PAGE, PROT_READ | (writable ? PROT_WRITE : 0), MAP_SHARED, fd, (off_t)m.index);
    return p == MAP_FAILED ? NULL : p;
}

/* Undo map_grant: unmap p (if mapped) and release the index. 0, or -1 with errno. */
static int unmap_grant(int fd, volatile struct shared_page *p, uint64_t index)
{
    struct ioctl_gntdev_unmap_grant_ref u = {.index = index, .count = 1};

    if ( p != NULL && munmap((void *)p, PAGE) != 0 )
        return -1;
    return ioctl(fd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &u);
}

/* A read-only grant: a writable mapping is refused, a read-only one shows the domU's page. */
static void check_readonly_grant(int gfd, domid_t domu, uint32_t gref)
{
    volatile struct shared_page *p;
    uint64_t idx;
    uint32_t sum;
    int rw_errno, ok;

    p = map_grant(gfd, domu, gref, true, &idx);
    rw_errno = errno;
    ok = p == NULL && idx != UINT64_MAX && unmap_grant(gfd, p, idx) == 0;
    result(ok, "interdomain-map-readonly-rw", "grant %u (read-only) mapped writable: %p (%s)", gref,
           (void *)p, strerror(rw_errno));
    p = map_grant(gfd, domu, gref, false, &idx);
    ok = p != NULL && pattern_ok(p, PAGE_C_MAGIC, &sum);
    result(ok, "interdomain-map-readonly", "grant %u read-only: %p (%s), magic %#x", gref,
           (void *)p, strerror(errno), p ? p->magic : 0);
    if ( idx != UINT64_MAX && unmap_grant(gfd, p, idx) != 0 )
        result(0, "interdomain-unmap-readonly", "grant %u: %s", gref, strerror(errno));
}

void check_interdomain(unsigned int domu)
{
    volatile struct shared_page *a = NULL, *b = NULL, *bad;
    uint64_t idx_a = UINT64_MAX, idx_b = UINT64_MAX, idx_bad;
    unsigned int gref_a = 0, gref_b = 0, gref_c = 0, port = 0, spurious = 0, round = 0;
    int pfd = open("/dev/xen/privcmd", O_RDWR | O_CLOEXEC);
    int efd = open("/dev/xen/evtchn", O_RDWR | O_CLOEXEC);
    int gfd = open("/dev/xen/gntdev", O_RDWR | O_CLOEXEC);
    char tag[64];
    const char *offer;
    uint32_t sum_a = 0, sum_b = 0;
    int lport = -1, r, bad_errno;
    long long t0;

    if ( pfd < 0 || efd < 0 || gfd < 0 )
    {
        result(0, "interdomain-open", "privcmd %d, evtchn %d, gntdev %d: %s", pfd, efd, gfd,
               strerror(errno));
        goto out;
    }

    /* The domU's offer, from its console through the hypervisor's ring. */
    snprintf(tag, sizeof(tag), "(d%u) " OFFER_TAG, domu);
    r = console_ring_find(&con, pfd, tag, BOOT_WAIT_MS);
    offer = r ? strstr(con.line, OFFER_TAG) + strlen(OFFER_TAG) : "";
    r = r && sscanf(offer, "gref=%u,%u,%u port=%u", &gref_a, &gref_b, &gref_c, &port) == 4;
    result(r, "interdomain-offer", "no '%s' line in the console ring (%s)", tag,
           con.error ? strerror(con.error) : "timeout");
    if ( !r )
        goto out;
    printf("DOM0TEST info: d%u offers grants %u, %u, %u (read-only), port %u\n", domu, gref_a,
           gref_b, gref_c, port);

    {
        struct ioctl_evtchn_bind_interdomain bi = {.remote_domain = domu, .remote_port = port};

        lport = ioctl(efd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &bi);
    }
    result(lport > 0, "interdomain-bind", "bind to d%u port %u: %s", domu, port, strerror(errno));

    /* A reference beyond the domU's table: the map fails, and nothing else does. */
    bad = map_grant(gfd, domu, BAD_GREF, true, &idx_bad);
    bad_errno = errno;
    result(bad == NULL && idx_bad != UINT64_MAX && unmap_grant(gfd, bad, idx_bad) == 0,
           "interdomain-map-bad", "grant %u of d%u: mapped %p at index %#llx (%s)", BAD_GREF, domu,
           (void *)bad, (unsigned long long)idx_bad, strerror(bad_errno));

    check_readonly_grant(gfd, domu, gref_c);
    a = map_grant(gfd, domu, gref_a, true, &idx_a);
    b = a ? map_grant(gfd, domu, gref_b, true, &idx_b) : NULL;
    r = b != NULL && pattern_ok(a, PAGE_A_MAGIC, &sum_a) && pattern_ok(b, PAGE_B_MAGIC, &sum_b);
    result(r, "interdomain-map", "grants %u, %u: %p %p (%s), magic %#x %#x", gref_a, gref_b,
           (void *)a, (void *)b, strerror(errno), a ? a->magic : 0, b ? b->magic : 0);
    if ( !r || lport <= 0 )
        goto out;

    /* The answer, then ping-pong: each side waits for the other's event. */
    a->answer = sum_a ^ ANSWER_XOR;
    t0 = now_us();
    for ( round = 1; round <= ROUNDS; round++ )
    {
        a->ping = round;
        if ( notify(efd, (unsigned int)lport) != 0 )
            break;
        if ( !wait_for(efd, (unsigned int)lport, &a->pong, round,
                       round == 1 ? BOOT_WAIT_MS : ROUND_WAIT_MS, &spurious) )
            break;
    }
    t0 = now_us() - t0;
    result(round == ROUNDS + 1, "interdomain-pingpong", "stopped in round %u of %u (pong %u): %s",
           round, ROUNDS, a->pong, strerror(errno));
    printf("DOM0TEST info: %u round trips in %lld us (%lld us each), %u spurious events\n",
           round - 1, t0, round > 1 ? t0 / (round - 1) : 0, spurious);
    if ( round != ROUNDS + 1 )
        goto out;

    /* Take it down: A unmapped here; the domU revokes both; B, still mapped, stays whole. */
    r = unmap_grant(gfd, a, idx_a);
    result(r == 0, "interdomain-unmap", "grant %u: %s", gref_a, strerror(errno));
    a = NULL;
    idx_a = UINT64_MAX;
    b->stage = 1;
    if ( notify(efd, (unsigned int)lport) != 0 )
        result(0, "interdomain-notify", "notify: %s", strerror(errno));
    r = wait_for(efd, (unsigned int)lport, &b->stage, 2, ROUND_WAIT_MS, &spurious);
    result(r && pattern_ok(b, PAGE_B_MAGIC, &sum_b), "interdomain-kept",
           "after the domU's revoke (event %d), page B has magic %#x, sum %#x", r, b->magic, sum_b);
    b->ping = ROUNDS + 1; /* still writable */
    r = unmap_grant(gfd, b, idx_b);
    result(r == 0, "interdomain-unmap-kept", "grant %u: %s", gref_b, strerror(errno));
    b = NULL;
    idx_b = UINT64_MAX;
    if ( notify(efd, (unsigned int)lport) != 0 )
        result(0, "interdomain-notify", "notify: %s", strerror(errno));

    /* The domU's verdict, from its console again. */
    snprintf(tag, sizeof(tag), "(d%u) DOMUTEST done", domu);
    r = console_ring_find(&con, pfd, tag, ROUND_WAIT_MS);
    result(r && strstr(con.line, ", 0 failed") != NULL, "interdomain-domu-done",
           "the domU said '%s'", r ? con.line : "nothing");
out:
    if ( a != NULL || idx_a != UINT64_MAX )
        unmap_grant(gfd, a, idx_a);
    if ( b != NULL || idx_b != UINT64_MAX )
        unmap_grant(gfd, b, idx_b);
    if ( gfd >= 0 )
        close(gfd);
    if ( efd >= 0 )
        close(efd);
    if ( pfd >= 0 )
        close(pfd);
}
