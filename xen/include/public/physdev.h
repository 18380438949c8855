/* SPDX-License-Identifier: MIT */
/*
 * physdev_op(int cmd, void *arg): physical devices and interrupts for the
 * domains that drive hardware (dom0, driver domains).
 */
#ifndef XEN_PUBLIC_PHYSDEV_H
#define XEN_PUBLIC_PHYSDEV_H

#include "xen.h"

/* PHYSDEVOP_eoi: the guest finished with physical IRQ `irq`; unmask it. */
#define PHYSDEVOP_eoi 12
struct physdev_eoi {
    uint32_t irq; /* IN */
};
typedef struct physdev_eoi physdev_eoi_t;
DEFINE_XEN_GUEST_HANDLE(physdev_eoi_t);
XEN_ABI_SIZE(struct physdev_eoi, 4);

/*
 * PHYSDEVOP_pirq_eoi_gmfn_v1 / _v2: register a guest frame holding one bit
 * per pirq that says it needs an EOI; the hypervisor then skips the
 * irq_status_query round trip. v2 also keeps the pirq masked until the EOI.
 */
#define PHYSDEVOP_pirq_eoi_gmfn_v1 17
#define PHYSDEVOP_pirq_eoi_gmfn_v2 28
struct physdev_pirq_eoi_gmfn {
    xen_pfn_t gmfn; /* IN */
};
typedef struct physdev_pirq_eoi_gmfn physdev_pirq_eoi_gmfn_t;
DEFINE_XEN_GUEST_HANDLE(physdev_pirq_eoi_gmfn_t);
XEN_ABI_SIZE(struct physdev_pirq_eoi_gmfn, 8);

/* PHYSDEVOP_irq_status_query: whether `irq` needs an EOI, or is shared. */
#define PHYSDEVOP_irq_status_query 5
struct physdev_irq_status_query {
    uint32_t irq;   /* IN */
    uint32_t flags; /* OUT: XENIRQSTAT_* */
};
typedef struct physdev_irq_status_query physdev_irq_status_query_t;
DEFINE_XEN_GUEST_HANDLE(physdev_irq_status_query_t);
XEN_ABI_SIZE(struct physdev_irq_status_query, 8);
#define _XENIRQSTAT_needs_eoi (0)
#define XENIRQSTAT_needs_eoi  (1U << _XENIRQSTAT_needs_eoi)
#define _XENIRQSTAT_shared    (1)
#define XENIRQSTAT_shared     (1U << _XENIRQSTAT_shared)

/* PHYSDEVOP_set_iopl: the I/O privilege level of the guest kernel (0-3). */
#define PHYSDEVOP_set_iopl 6
struct physdev_set_iopl {
    uint32_t iopl; /* IN */
};
typedef struct physdev_set_iopl physdev_set_iopl_t;
DEFINE_XEN_GUEST_HANDLE(physdev_set_iopl_t);
XEN_ABI_SIZE(struct physdev_set_iopl, 4);

/* PHYSDEVOP_set_iobitmap: the I/O ports the guest may use (bit clear = allowed). */
#define PHYSDEVOP_set_iobitmap 7
struct physdev_set_iobitmap {
    XEN_GUEST_HANDLE(uint8) bitmap; /* IN */
    uint32_t nr_ports;              /* IN */
    uint32_t _pad0;
};
typedef struct physdev_set_iobitmap physdev_set_iobitmap_t;
DEFINE_XEN_GUEST_HANDLE(physdev_set_iobitmap_t);
XEN_ABI_SIZE(struct physdev_set_iobitmap, 16);

/* PHYSDEVOP_apic_read / PHYSDEVOP_apic_write: an IO-APIC register (dom0). */
#define PHYSDEVOP_apic_read  8
#define PHYSDEVOP_apic_write 9
struct physdev_apic {
    uint64_t apic_physbase; /* IN */
    uint32_t reg;           /* IN */
    uint32_t value;         /* IN (write) or OUT (read) */
};
typedef struct physdev_apic physdev_apic_t;
DEFINE_XEN_GUEST_HANDLE(physdev_apic_t);
XEN_ABI_SIZE(struct physdev_apic, 16);

/* PHYSDEVOP_alloc_irq_vector / PHYSDEVOP_free_irq_vector (dom0). */
#define PHYSDEVOP_alloc_irq_vector 10
#define PHYSDEVOP_free_irq_vector  11
struct physdev_irq {
    uint32_t irq;    /* IN */
    uint32_t vector; /* OUT (alloc) or IN (free) */
};
typedef struct physdev_irq physdev_irq_t;
DEFINE_XEN_GUEST_HANDLE(physdev_irq_t);
XEN_ABI_SIZE(struct physdev_irq, 8);

/*
 * PHYSDEVOP_map_pirq: give domain `domid` a pirq for a GSI or an MSI (dom0).
 * PHYSDEVOP_unmap_pirq: take it back.
 */
#define MAP_PIRQ_TYPE_MSI     0x0
#define MAP_PIRQ_TYPE_GSI     0x1
#define MAP_PIRQ_TYPE_UNKNOWN 0x2
/* Later interfaces, used by current Linux: MSI with the PCI segment in bus's upper 16 bits. */
#define MAP_PIRQ_TYPE_MSI_SEG   0x3
#define MAP_PIRQ_TYPE_MULTI_MSI 0x4
#define PHYSDEVOP_map_pirq      13
struct physdev_map_pirq {
    domid_t domid; /* IN */
    uint16_t _pad0;
    int32_t type;  /* IN: MAP_PIRQ_TYPE_* */
    int32_t index; /* IN: the GSI (GSI) */
    int32_t pirq;  /* IN or OUT: the pirq (-1 to allocate) */
    int32_t bus;   /* IN: the device (MSI) */
    int32_t devfn;
    int32_t entry_nr; /* IN: MSI-X entry */
    uint32_t _pad1;
    uint64_t table_base; /* IN: MSI-X table address */
};
typedef struct physdev_map_pirq physdev_map_pirq_t;
DEFINE_XEN_GUEST_HANDLE(physdev_map_pirq_t);
XEN_ABI_SIZE(struct physdev_map_pirq, 40);

#define PHYSDEVOP_unmap_pirq 14
struct physdev_unmap_pirq {
    domid_t domid; /* IN */
    uint16_t _pad0;
    int32_t pirq; /* IN */
};
typedef struct physdev_unmap_pirq physdev_unmap_pirq_t;
DEFINE_XEN_GUEST_HANDLE(physdev_unmap_pirq_t);
XEN_ABI_SIZE(struct physdev_unmap_pirq, 8);

/* PHYSDEVOP_manage_pci_add / _remove: dom0 reports a PCI device (segment 0). */
#define PHYSDEVOP_manage_pci_add    15
#define PHYSDEVOP_manage_pci_remove 16
struct physdev_manage_pci {
    uint8_t bus;   /* IN */
    uint8_t devfn; /* IN */
};
typedef struct physdev_manage_pci physdev_manage_pci_t;
DEFINE_XEN_GUEST_HANDLE(physdev_manage_pci_t);
XEN_ABI_SIZE(struct physdev_manage_pci, 2);

/* PHYSDEVOP_restore_msi: reprogram a device's MSI after resume. */
#define PHYSDEVOP_restore_msi 19
struct physdev_restore_msi {
    uint8_t bus;   /* IN */
    uint8_t devfn; /* IN */
};
typedef struct physdev_restore_msi physdev_restore_msi_t;
DEFINE_XEN_GUEST_HANDLE(physdev_restore_msi_t);
XEN_ABI_SIZE(struct physdev_restore_msi, 2);

/* PHYSDEVOP_manage_pci_add_ext: as manage_pci_add, for SR-IOV and extended functions. */
#define PHYSDEVOP_manage_pci_add_ext 20
struct physdev_manage_pci_ext {
    uint8_t bus;   /* IN */
    uint8_t devfn; /* IN */
    uint8_t _pad0[2];
    uint32_t is_extfn;  /* IN */
    uint32_t is_virtfn; /* IN */
    struct {
        uint8_t bus;
        uint8_t devfn;
    } physfn; /* IN: the physical function of a virtual one */
    uint8_t _pad1[2];
};
typedef struct physdev_manage_pci_ext physdev_manage_pci_ext_t;
DEFINE_XEN_GUEST_HANDLE(physdev_manage_pci_ext_t);
XEN_ABI_SIZE(struct physdev_manage_pci_ext, 16);

/* The argument of the legacy physdev_op_compat hypercall. */
struct physdev_op {
    uint32_t cmd; /* PHYSDEVOP_* */
    uint32_t _pad0;
    union {
        struct physdev_irq_status_query irq_status_query;
        struct physdev_set_iopl set_iopl;
        struct physdev_set_iobitmap set_iobitmap;
        struct physdev_apic apic_op;
        struct physdev_irq irq_op;
    } u;
};
typedef struct physdev_op physdev_op_t;
DEFINE_XEN_GUEST_HANDLE(physdev_op_t);
XEN_ABI_SIZE(struct physdev_op, 24);

/* PHYSDEVOP_setup_gsi: set a GSI's trigger mode and polarity (dom0, from ACPI). */
#define PHYSDEVOP_setup_gsi 21
struct physdev_setup_gsi {
    int32_t gsi;        /* IN */
    uint8_t triggering; /* IN: 0 edge, 1 level */
    uint8_t polarity;   /* IN: 0 high, 1 low */
    uint8_t _pad0[2];
};
typedef struct physdev_setup_gsi physdev_setup_gsi_t;
DEFINE_XEN_GUEST_HANDLE(physdev_setup_gsi_t);
XEN_ABI_SIZE(struct physdev_setup_gsi, 8);

/*
 * The sub-ops below came after Xen 4.0; current Linux dom0 kernels use them,
 * so the hypervisor answers them (the header describes them for its tools).
 */

/* PHYSDEVOP_get_free_pirq: allocate an unused pirq of the caller (type: MAP_PIRQ_TYPE_*). */
#define PHYSDEVOP_get_free_pirq 23
struct physdev_get_free_pirq {
    int32_t type;  /* IN */
    uint32_t pirq; /* OUT */
};
typedef struct physdev_get_free_pirq physdev_get_free_pirq_t;
DEFINE_XEN_GUEST_HANDLE(physdev_get_free_pirq_t);
XEN_ABI_SIZE(struct physdev_get_free_pirq, 8);

/* PHYSDEVOP_pci_mmcfg_reserved: dom0 says an MMCONFIG area is reserved (firmware tables). */
#define XEN_PCI_MMCFG_RESERVED       0x1
#define PHYSDEVOP_pci_mmcfg_reserved 24
struct physdev_pci_mmcfg_reserved {
    uint64_t address;  /* IN */
    uint16_t segment;  /* IN */
    uint8_t start_bus; /* IN */
    uint8_t end_bus;   /* IN */
    uint32_t flags;    /* IN: XEN_PCI_MMCFG_* */
};
typedef struct physdev_pci_mmcfg_reserved physdev_pci_mmcfg_reserved_t;
DEFINE_XEN_GUEST_HANDLE(physdev_pci_mmcfg_reserved_t);
XEN_ABI_SIZE(struct physdev_pci_mmcfg_reserved, 16);

/*
 * PHYSDEVOP_pci_device_add: dom0 reports a PCI function (any segment). With
 * XEN_PCI_DEV_PXM a uint32_t proximity domain follows the structure.
 */
#define XEN_PCI_DEV_EXTFN        0x1
#define XEN_PCI_DEV_VIRTFN       0x2
#define XEN_PCI_DEV_PXM          0x4
#define PHYSDEVOP_pci_device_add 25
struct physdev_pci_device_add {
    uint16_t seg;   /* IN */
    uint8_t bus;    /* IN */
    uint8_t devfn;  /* IN */
    uint32_t flags; /* IN: XEN_PCI_DEV_* */
    struct {
        uint8_t bus;
        uint8_t devfn;
    } physfn; /* IN: the physical function of a virtual one */
    uint8_t _pad0[2];
};
typedef struct physdev_pci_device_add physdev_pci_device_add_t;
DEFINE_XEN_GUEST_HANDLE(physdev_pci_device_add_t);

/*
 * PHYSDEVOP_pci_device_remove, PHYSDEVOP_restore_msi_ext, PHYSDEVOP_prepare_msix,
 * PHYSDEVOP_release_msix: `arg` is a physdev_pci_device naming the function.
 */
#define PHYSDEVOP_pci_device_remove 26
#define PHYSDEVOP_restore_msi_ext   27
#define PHYSDEVOP_prepare_msix      30
#define PHYSDEVOP_release_msix      31
struct physdev_pci_device {
    uint16_t seg;  /* IN */
    uint8_t bus;   /* IN */
    uint8_t devfn; /* IN */
};
typedef struct physdev_pci_device physdev_pci_device_t;
DEFINE_XEN_GUEST_HANDLE(physdev_pci_device_t);
XEN_ABI_SIZE(struct physdev_pci_device, 4);

/* Legacy names for the old physdev_op_compat interface. */
#define PHYSDEVOP_IRQ_UNMASK_NOTIFY       4
#define PHYSDEVOP_IRQ_STATUS_QUERY        PHYSDEVOP_irq_status_query
#define PHYSDEVOP_SET_IOPL                PHYSDEVOP_set_iopl
#define PHYSDEVOP_SET_IOBITMAP            PHYSDEVOP_set_iobitmap
#define PHYSDEVOP_APIC_READ               PHYSDEVOP_apic_read
#define PHYSDEVOP_APIC_WRITE              PHYSDEVOP_apic_write
#define PHYSDEVOP_ASSIGN_VECTOR           PHYSDEVOP_alloc_irq_vector
#define PHYSDEVOP_FREE_VECTOR             PHYSDEVOP_free_irq_vector
#define PHYSDEVOP_IRQ_NEEDS_UNMASK_NOTIFY XENIRQSTAT_needs_eoi
#define PHYSDEVOP_IRQ_SHARED              XENIRQSTAT_shared

#endif /* XEN_PUBLIC_PHYSDEV_H */
