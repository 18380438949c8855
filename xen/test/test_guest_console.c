/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xen/common/guest_console.c: a domain's console ring drained to the
 * hypervisor console as whole "(dN) " lines, on a kick, from console_io text
 * and from the fallback timer (which flushes a last partial line once the
 * domain is shutting down); control characters neutralised, long lines cut,
 * and a guest claiming more bytes than its ring holds kept within the ring.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake/fake.h"
#include "tap.h"

/* The C library's, before rename.h points the names at the hypervisor's. */
static char *(*const host_strstr)(const char *, const char *) = strstr;
static void *(*const host_memset)(void *, int, size_t) = memset;
static void *(*const host_memcpy)(void *, const void *, size_t) = memcpy;

#include "fake/rename.h"
#include <public/io/console.h>
#include <xen/console.h>
#include <xen/guest_console.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/softirq.h>
#include <xen/string.h>
#include <xen/timer.h>
#include <xen/xmalloc.h>

static unsigned int allocs;
static domid_t alloc_remote;

/* event_channel.c is not part of this test: the port allocation is faked. */
int evtchn_alloc_xen_unbound(struct domain *d, domid_t remote)
{
    (void)d;
    allocs++;
    alloc_remote = remote;
    return 5;
}

static struct domain dom = {.domain_id = 3};
static struct xencons_interface *ring;

/* The guest side: append bytes to the output ring. */
static void guest_write(const char *s, size_t len)
{
    for ( size_t i = 0; i < len; i++ )
        ring->out[MASK_XENCONS_IDX(ring->out_prod + i, ring->out)] = s[i];
    ring->out_prod += (XENCONS_RING_IDX)len;
}

/* What the console received since the last call. */
static const char *console_since(void)
{
    static char buf[CONRING_SIZE];
    static uint64_t seen;
    uint64_t now = console_ring_produced();
    size_t n = (size_t)(now - seen);
    char all[CONRING_SIZE];
    size_t got = console_ring_copy(all, sizeof(all));

    if ( n > got )
        n = got;
    host_memcpy(buf, all + got - n, n);
    buf[n] = '\0';
    seen = now;
    return buf;
}

int main(void)
{
    unsigned int port = 0;
    char big[5000];
    const char *out;

    fake_ram_setup(64);
    init_heap_pages(mfn_to_page(_mfn(16)), 64 - 16);
    timer_init();
    console_start();
    ring = arch_mfn_to_virt(7);
    host_memset(ring, 0, sizeof(*ring));
    console_since();

    int rc = guest_console_init(&dom, _mfn(7), 0, &port);

    ok(rc == 0 && port == 5 && allocs == 1 && alloc_remote == 0 && dom.console != NULL,
       "init: port 5, unbound for dom0");

    guest_write("hello\n", 6);
    guest_console_kick(&dom);
    ok(!strcmp(console_since(), "(d3) hello\n"), "a kick drains a line, prefixed");
    ok(ring->out_cons == ring->out_prod, "and consumes it");

    guest_write("abc", 3);
    guest_console_kick(&dom);
    ok(!strcmp(console_since(), ""), "a partial line waits for its newline");
    guest_write("def\r\n", 5);
    guest_console_kick(&dom);
    ok(!strcmp(console_since(), "(d3) abcdef\n"), "then comes out whole, CR dropped");

    guest_write("\x1b[2J\x07ok\x7f\tx\n", 11);
    guest_console_kick(&dom);
    ok(!strcmp(console_since(), "(d3) .[2J.ok.\tx\n"), "control characters neutralised");

    host_memset(big, 'z', sizeof(big));
    guest_write(big, 400);
    guest_write("\n", 1);
    guest_console_kick(&dom);
    out = console_since();
    ok(strlen(out) == 3 * 5 + 400 + 3 && !strncmp(out, "(d3) zzz", 8) &&
           host_strstr(out + 1, "\n(d3) z") && out[strlen(out) - 1] == '\n',
       "a 400-character line is cut into lines of 160 (got %zu bytes)", strlen(out));

    /* A hostile producer index: 100000 bytes "written" into a 2048-byte ring. */
    ring->out_cons = 0;
    ring->out_prod = 100000;
    guest_console_kick(&dom);
    out = console_since();
    ok(ring->out_cons == 100000, "a producer far ahead: consumed up to it");
    ok(strlen(out) <= 2048 + 32 * 6, "but at most one ring's worth is shown (%zu bytes)",
       strlen(out));

    guest_write("\n", 1); /* end what the hostile drain left over */
    guest_console_kick(&dom);
    console_since();

    ok(guest_console_put(&dom, "via console_io ", 15) &&
           guest_console_put(&dom, "joined\npartial", 14),
       "console_io text is accepted");
    out = console_since();
    ok(!strncmp(out, "(d3) ", 5) && host_strstr(out, "via console_io joined\n") &&
           !host_strstr(out, "partial"),
       "and joins the same line assembly");

    fake_now += MILLISECS(GUEST_CONSOLE_POLL_MS) * 2;
    guest_write(" end", 4);
    raise_softirq(TIMER_SOFTIRQ);
    do_softirq();
    ok(ring->out_cons == ring->out_prod && !strcmp(console_since(), ""),
       "the timer drains without a kick, keeping a partial line");
    dom.is_shutting_down = true;
    fake_now += MILLISECS(GUEST_CONSOLE_POLL_MS) * 2;
    raise_softirq(TIMER_SOFTIRQ);
    do_softirq();
    ok(!strcmp(console_since(), "(d3) partial end\n"),
       "once the domain is shutting down the last partial line is flushed");
    fake_now += MILLISECS(GUEST_CONSOLE_POLL_MS) * 4;
    guest_write("late\n", 5);
    raise_softirq(TIMER_SOFTIRQ);
    do_softirq();
    ok(ring->out_cons != ring->out_prod && !strcmp(console_since(), ""), "and the timer stops");

    {
        struct domain other = {.domain_id = 4};

        ok(!guest_console_put(&other, "x", 1), "a domain without a console ring: not taken");
        guest_console_kick(&other);
        ok(1, "a kick for it is ignored");
    }
    xfree(dom.console);
    return tap_done();
}
