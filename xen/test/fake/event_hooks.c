/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What event_channel.c calls outside itself, for host tests of event
 * channels: the hypervisor-served console port does nothing, and no pirq is
 * mapped (EVTCHNOP_bind_pirq is -EPERM, as for a domain that mapped none).
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "fake/rename.h"

#include <xen/types.h> /* before the public headers, which use its types */

#include <public/xen.h>
#include <xen/errno.h>
#include <xen/guest_console.h>
#include <xen/sched.h>

void guest_console_kick(struct domain *d)
{
    (void)d;
}

int arch_pirq_bind(struct domain *d, unsigned int pirq, unsigned int port, bool shared)
{
    (void)d, (void)pirq, (void)port, (void)shared;
    return -EPERM;
}

void arch_pirq_unbind(struct domain *d, unsigned int pirq)
{
    (void)d, (void)pirq;
}
