/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host unit tests link hypervisor code into a program that also has the C
 * library: give the hypervisor's libc-named functions their own names. Included
 * first by every hypervisor file compiled for the host, and by the tests after
 * their C library headers.
 */
#ifndef XEN_TEST_FAKE_RENAME_H
#define XEN_TEST_FAKE_RENAME_H

#define memcpy     xen_memcpy
#define memmove    xen_memmove
#define memset     xen_memset
#define memcmp     xen_memcmp
#define memchr     xen_memchr
#define strlen     xen_strlen
#define strnlen    xen_strnlen
#define strcmp     xen_strcmp
#define strncmp    xen_strncmp
#define strchr     xen_strchr
#define strrchr    xen_strrchr
#define strlcpy    xen_strlcpy
#define strlcat    xen_strlcat
#define vsnprintf  xen_vsnprintf
#define snprintf   xen_snprintf
#define vscnprintf xen_vscnprintf
#define scnprintf  xen_scnprintf
#define printk     xen_printk
#define vprintk    xen_vprintk
#define panic      xen_panic

#endif /* XEN_TEST_FAKE_RENAME_H */
