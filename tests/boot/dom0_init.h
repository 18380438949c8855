/* SPDX-License-Identifier: GPL-2.0-only */
/* What dom0_init.c shares with the optional checks in other files. */
#ifndef DOM0_INIT_H
#define DOM0_INIT_H

#include <stdint.h>
#include <sys/ioctl.h>

/* Linux's privcmd hypercall ioctl (include/uapi/xen/privcmd.h). */
struct privcmd_hypercall {
    uint64_t op;
    uint64_t arg[5];
};
#define IOCTL_PRIVCMD_HYPERCALL _IOC(_IOC_NONE, 'P', 0, sizeof(struct privcmd_hypercall))

/** Print "DOM0TEST ok NAME", or "DOM0TEST not ok NAME: WHY" (printf-style) and count it
 *  (DOMUTEST in a domU: see interdomain.c). */
void result(int good, const char *name, const char *fmt, ...)
    __attribute__((__format__(__printf__, 3, 4)));
/** The first line of @path without its newline, "" if unreadable (a static buffer). */
const char *read_line(const char *path);
/** Our xenstored in dom0 serving its kernel and clients (dom0test_xenstore=1). */
void check_xenstore(void);
/** The CPU features dom0's Linux shows and its user space uses (dom0_cpu.c). */
void check_cpu_features(void);
/** dom0's end of the interdomain test with domain domu (dom0test_interdomain=DOMID). */
void check_interdomain(unsigned int domu);
/** The domU's end, serving domain peer (domutest_peer=DOMID): all this domU's /init does. */
void serve_interdomain(unsigned int peer);

#endif
