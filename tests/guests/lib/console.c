/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Console output. dom0 (SIF_INITDOMAIN) writes with console_io to the
 * hypervisor's console; a domU writes into its console ring (the page named
 * by start_info.console.domU) and kicks the console daemon's event channel.
 */
#include "guest.h"

/*
 * The console ring page shared with the console daemon: input ring first,
 * output ring after it, then the four free-running indexes.
 */
struct console_ring {
    char in[1024];
    char out[2048];
    uint32_t in_cons, in_prod;
    uint32_t out_cons, out_prod;
};

static void ring_write(const char *s, size_t len)
{
    struct console_ring *ring = mfn_to_virt(start_info->console.domU.mfn);
    struct evtchn_send send = {.port = start_info->console.domU.evtchn};
    size_t i = 0;

    while ( i < len )
    {
        uint32_t cons = *(volatile uint32_t *)&ring->out_cons;
        uint32_t prod = ring->out_prod;

        if ( prod - cons >= sizeof(ring->out) )
        {
            /* Full: let the daemon drain it. */
            hypervisor_event_channel_op(EVTCHNOP_send, &send);
            hypervisor_sched_op(SCHEDOP_yield, NULL);
            continue;
        }
        ring->out[prod & (sizeof(ring->out) - 1)] = s[i++];
        __asm__ volatile("" ::: "memory"); /* data before index (x86 keeps store order) */
        ring->out_prod = prod + 1;
    }
    hypervisor_event_channel_op(EVTCHNOP_send, &send);
}

void guest_console_write(const char *s, size_t len)
{
    if ( !start_info || (start_info->flags & SIF_INITDOMAIN) || !start_info->console.domU.mfn )
        hypervisor_console_io(CONSOLEIO_write, len, s);
    else
        ring_write(s, len);
}

void guest_printf(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = guest_vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if ( n >= (int)sizeof(buf) )
        n = sizeof(buf) - 1;
    guest_console_write(buf, n);
}
