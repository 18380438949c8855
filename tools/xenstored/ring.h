/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The daemon's side of a xenstore shared page: pure ring logic, testable in
 * memory. See struct xenstore_domain_interface in xen/io/xs_wire.h.
 */
#ifndef XENSTORED_RING_H
#define XENSTORED_RING_H

#include <stddef.h>
#include <stdint.h>

#include <xen/io/xs_wire.h>

/** Ring state of one domain connection (the transport's tp_data). */
struct xsd_ring_conn {
    struct xenstore_domain_interface *intf;
    void (*kick)(struct xsd_ring_conn *r); /* notify the guest through its event channel */
    /** Clear and unmask the connection's event before the ring is read (NULL: none). */
    void (*ack)(struct xsd_ring_conn *r);
    /** Unmap and free when the connection closes (NULL: the caller owns it all). */
    void (*release)(struct xsd_ring_conn *r);
};

/**
 * Take up to @len request bytes the guest produced. Returns the count (0 if
 * none), or -1 if the guest's indices are impossible (the ring is corrupt).
 */
long xsd_ring_take(struct xenstore_domain_interface *intf, void *buf, size_t len);

/** Put up to @len response bytes where the guest consumed; count or -1. */
long xsd_ring_put(struct xenstore_domain_interface *intf, const void *buf, size_t len);

#endif /* XENSTORED_RING_H */
