/* SPDX-License-Identifier: GPL-2.0-only */
/* Error numbers returned (negated) inside the hypervisor; the values are Linux's/Xen's. */
#ifndef XEN_ERRNO_H
#define XEN_ERRNO_H

#define EPERM      1
#define ENOENT     2
#define E2BIG      7
#define ENOMEM     12
#define EACCES     13
#define EFAULT     14
#define EBUSY      16
#define EEXIST     17
#define EINVAL     22
#define ENOSPC     28
#define ERANGE     34
#define ENOSYS     38
#define ESRCH      3
#define ETIME      62
#define ENODEV     19
#define EAGAIN     11
#define ENODATA    61
#define EOPNOTSUPP 95
#define ENOBUFS    105
#define EOVERFLOW  75

#endif /* XEN_ERRNO_H */
