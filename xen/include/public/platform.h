/* SPDX-License-Identifier: MIT */
/*
 * platform_op(struct xen_platform_op *op): the hardware domain's platform
 * controls. Every call carries XENPF_INTERFACE_VERSION; another value is
 * refused with -EACCES. Only the sub-ops defined here exist.
 */
#ifndef XEN_PUBLIC_PLATFORM_H
#define XEN_PUBLIC_PLATFORM_H

#include "xen.h"

#define XENPF_INTERFACE_VERSION 0x03000001

/*
 * XENPF_settime32 / XENPF_settime64: set the wallclock so that it reads
 * secs.nsecs (since 1970-01-01 00:00 UTC) when system time is system_time.
 * Every domain's shared_info wallclock follows. mbz must be zero.
 */
#define XENPF_settime32 17
struct xenpf_settime32 {
    /* IN */
    uint32_t secs;
    uint32_t nsecs;
    uint64_t system_time;
};
typedef struct xenpf_settime32 xenpf_settime32_t;
XEN_ABI_SIZE(struct xenpf_settime32, 16);

#define XENPF_settime64 62
struct xenpf_settime64 {
    /* IN */
    uint64_t secs;
    uint32_t nsecs;
    uint32_t mbz;
    uint64_t system_time;
};
typedef struct xenpf_settime64 xenpf_settime64_t;
XEN_ABI_SIZE(struct xenpf_settime64, 24);

#if __XEN_INTERFACE_VERSION__ < 0x00040600
#define XENPF_settime XENPF_settime32
#define xenpf_settime xenpf_settime32
#else
#define XENPF_settime XENPF_settime64
#define xenpf_settime xenpf_settime64
#endif
typedef struct xenpf_settime xenpf_settime_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_settime_t);

/* The call's argument: a command, the interface version, 128 bytes of union. */
struct xen_platform_op {
    uint32_t cmd;
    uint32_t interface_version; /* XENPF_INTERFACE_VERSION */
    union {
        xenpf_settime32_t settime32;
        xenpf_settime64_t settime64;
        uint8_t pad[128];
    } u;
};
typedef struct xen_platform_op xen_platform_op_t;
DEFINE_XEN_GUEST_HANDLE(xen_platform_op_t);
XEN_ABI_SIZE(struct xen_platform_op, 136);

#endif /* XEN_PUBLIC_PLATFORM_H */
