/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor as a domain's console backend until a console daemon exists:
 * it drains the domain's console ring (public/io/console.h) to its own
 * console, each line prefixed "(dN) ", when the domain kicks the ring's event
 * channel and, as a fallback, from a periodic timer.
 */
#ifndef XEN_GUEST_CONSOLE_H
#define XEN_GUEST_CONSOLE_H

#include <xen/mm.h>
#include <xen/types.h>

struct domain;

/** How often the ring is drained without a kick. */
#define GUEST_CONSOLE_POLL_MS 50

/**
 * Serve d's console ring, the page at `mfn` (d's own frame): allocate in d a
 * port unbound for `backend` (the domain a console daemon will run in), whose
 * sends reach guest_console_kick() until that daemon binds it, and start the
 * fallback timer. *port gets the port. Returns 0 or -errno.
 */
int guest_console_init(struct domain *d, mfn_t mfn, domid_t backend, unsigned int *port);

/** d notified its console port: copy what its ring holds to the console. */
void guest_console_kick(struct domain *d);

/**
 * Text d wrote with console_io: joined to the same line assembly as its ring
 * (whole "(dN) " lines). Returns false if d has no such console.
 */
bool guest_console_put(struct domain *d, const char *s, size_t len);

/** d is dying (is_dying set): drain its ring a last time and stop watching it. */
void guest_console_stop(struct domain *d);

/** Free d's console state (d is being freed; no-op without one). */
void guest_console_free(struct domain *d);

#endif /* XEN_GUEST_CONSOLE_H */
