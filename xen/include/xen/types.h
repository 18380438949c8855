/* SPDX-License-Identifier: GPL-2.0-only */
/* Basic types for the hypervisor: only the compiler's freestanding headers. */
#ifndef XEN_TYPES_H
#define XEN_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef long ssize_t;

#endif /* XEN_TYPES_H */
