/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Freestanding basics for the guest tests: the compiler's own integer and
 * varargs headers, then every public ABI header the tests use.
 */
#ifndef GUEST_TYPES_H
#define GUEST_TYPES_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "public/xen.h"
#include "public/errno.h"
#include "public/callback.h"
#include "public/event_channel.h"
#include "public/grant_table.h"
#include "public/memory.h"
#include "public/nmi.h"
#include "public/physdev.h"
#include "public/sched.h"
#include "public/vcpu.h"
#include "public/version.h"

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1UL << PAGE_SHIFT)

#endif /* GUEST_TYPES_H */
