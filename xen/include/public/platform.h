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

/*
 * XENPF_firmware_info: what the firmware told the hypervisor at boot, by type
 * and index. The BIOS-derived types (disk parameters and MBR signatures from
 * int 13h, EDID from int 10h, the keyboard shift flags from int 16h) exist
 * only where the hypervisor gathered them: an index past what it has gives
 * -ESRCH. Notes: (1) disk_info.edd_params must point at a buffer whose first
 * uint16_t holds its size; (2) vbeddc_info.edid must point at 128 bytes;
 * (3) efi_info only when booted by EFI.
 */
#define XENPF_firmware_info         50
#define XEN_FW_DISK_INFO            1 /* int 13h AH=08h/41h/48h */
#define XEN_FW_DISK_MBR_SIGNATURE   2 /* the 32 bits at MBR offset 0x1b8 */
#define XEN_FW_VBEDDC_INFO          3 /* int 10h AX=4f15h */
#define XEN_FW_EFI_INFO             4 /* from EFI; index one of: */
#define XEN_FW_EFI_VERSION          0
#define XEN_FW_EFI_CONFIG_TABLE     1
#define XEN_FW_EFI_VENDOR           2
#define XEN_FW_EFI_MEM_INFO         3
#define XEN_FW_EFI_RT_VERSION       4
#define XEN_FW_EFI_PCI_ROM          5
#define XEN_FW_EFI_APPLE_PROPERTIES 6
#define XEN_FW_KBD_SHIFT_FLAGS      5 /* int 16h AH=02h */
struct xenpf_firmware_info {
    /* IN */
    uint32_t type; /* XEN_FW_* */
    uint32_t index;
    /* OUT */
    union {
        struct {
            uint8_t device;             /* BIOS drive number */
            uint8_t version;            /* EDD major version */
            uint16_t interface_support; /* EDD support bitmap */
            uint16_t legacy_max_cylinder;
            uint8_t legacy_max_head;
            uint8_t legacy_sectors_per_track;
            XEN_GUEST_HANDLE(void) edd_params; /* note 1 */
        } disk_info;
        struct {
            uint8_t device; /* BIOS drive number */
            uint32_t mbr_signature;
        } disk_mbr_signature;
        struct {
            uint8_t capabilities;
            uint8_t edid_transfer_time;
            XEN_GUEST_HANDLE(uint8) edid; /* note 2 */
        } vbeddc_info;
        union xenpf_efi_info {
            uint32_t version;
            struct {
                uint64_t addr; /* the EFI configuration table */
                uint32_t nent;
            } cfg;
            struct {
                uint32_t revision;
                uint32_t bufsz;              /* IN: bytes at name */
                XEN_GUEST_HANDLE(void) name; /* UTF-16 */
            } vendor;
            struct {
                uint64_t addr;
                uint64_t size;
                uint64_t attr;
                uint32_t type;
            } mem;
            struct {
                uint16_t segment; /* IN */
                uint8_t bus;      /* IN */
                uint8_t devfn;    /* IN */
                uint16_t vendor;  /* IN */
                uint16_t devid;   /* IN */
                uint64_t address; /* OUT */
                xen_ulong_t size; /* OUT */
            } pci_rom;
            struct {
                uint64_t address;
                xen_ulong_t size;
            } apple_properties;
        } efi_info;              /* note 3 */
        uint8_t kbd_shift_flags; /* the BIOS data area's byte at 0x417 */
    } u;
};
typedef struct xenpf_firmware_info xenpf_firmware_info_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_firmware_info_t);
XEN_ABI_SIZE(struct xenpf_firmware_info, 40);

/*
 * XENPF_enter_acpi_sleep: put the machine into ACPI sleep state sleep_state
 * (S3 or S5) with the PM1a/PM1b control values dom0's ACPI interpreter
 * computed (or, with XENPF_ACPI_SLEEP_EXTENDED, the sleep type values for a
 * hardware-reduced platform's sleep control register).
 */
#define XENPF_enter_acpi_sleep 51
struct xenpf_enter_acpi_sleep {
    /* IN */
    uint16_t val_a; /* PM1a control value / sleep type A */
    uint16_t val_b; /* PM1b control value / sleep type B */
    uint32_t sleep_state;
#define XENPF_ACPI_SLEEP_EXTENDED 0x00000001
    uint32_t flags;
};
typedef struct xenpf_enter_acpi_sleep xenpf_enter_acpi_sleep_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_enter_acpi_sleep_t);
XEN_ABI_SIZE(struct xenpf_enter_acpi_sleep, 12);

/*
 * XENPF_get_cpuinfo: one physical CPU by the hypervisor's number for it.
 * max_present is always the highest present CPU number; a CPU that is not
 * present has XEN_PCPU_FLAGS_INVALID and nothing else filled in.
 */
#define XENPF_get_cpuinfo 55
struct xenpf_pcpuinfo {
    /* IN */
    uint32_t xen_cpuid;
    /* OUT */
    uint32_t max_present;
#define XEN_PCPU_FLAGS_ONLINE  1
#define XEN_PCPU_FLAGS_INVALID 2
    uint32_t flags;
    uint32_t apic_id;
    uint32_t acpi_id;
};
typedef struct xenpf_pcpuinfo xenpf_pcpuinfo_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_pcpuinfo_t);
XEN_ABI_SIZE(struct xenpf_pcpuinfo, 20);

/* The call's argument: a command, the interface version, 128 bytes of union. */
struct xen_platform_op {
    uint32_t cmd;
    uint32_t interface_version; /* XENPF_INTERFACE_VERSION */
    union {
        xenpf_settime32_t settime32;
        xenpf_settime64_t settime64;
        xenpf_firmware_info_t firmware_info;
        xenpf_enter_acpi_sleep_t enter_acpi_sleep;
        xenpf_pcpuinfo_t pcpu_info;
        uint8_t pad[128];
    } u;
};
typedef struct xen_platform_op xen_platform_op_t;
DEFINE_XEN_GUEST_HANDLE(xen_platform_op_t);
XEN_ABI_SIZE(struct xen_platform_op, 136);

#endif /* XEN_PUBLIC_PLATFORM_H */
