/* SPDX-License-Identifier: MIT */
/*
 * nmi_op(int cmd, void *arg): NMI callback registration for dom0, and the
 * reasons the hypervisor reports in arch_shared_info.nmi_reason.
 */
#ifndef XEN_PUBLIC_NMI_H
#define XEN_PUBLIC_NMI_H

#include "xen.h"

/* arch_shared_info.nmi_reason bits. */
#define _XEN_NMIREASON_io_error     0 /* an I/O channel check */
#define XEN_NMIREASON_io_error      (1UL << _XEN_NMIREASON_io_error)
#define _XEN_NMIREASON_pci_serr     1 /* a PCI SERR (the old name: parity_error) */
#define XEN_NMIREASON_pci_serr      (1UL << _XEN_NMIREASON_pci_serr)
#define _XEN_NMIREASON_parity_error 1
#define XEN_NMIREASON_parity_error  (1UL << _XEN_NMIREASON_parity_error)
#define _XEN_NMIREASON_unknown      2 /* none of the above */
#define XEN_NMIREASON_unknown       (1UL << _XEN_NMIREASON_unknown)

/* XENNMI_register_callback: `arg` is a xennmi_callback. */
#define XENNMI_register_callback 0
struct xennmi_callback {
    uint64_t handler_address;
    uint64_t _pad0; /* must be zero */
};
typedef struct xennmi_callback xennmi_callback_t;
DEFINE_XEN_GUEST_HANDLE(xennmi_callback_t);
XEN_ABI_SIZE(struct xennmi_callback, 16);

/* XENNMI_unregister_callback: `arg` is ignored. */
#define XENNMI_unregister_callback 1

#endif /* XEN_PUBLIC_NMI_H */
