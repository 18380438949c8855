/* SPDX-License-Identifier: MIT */
/*
 * Grant tables: how a domain lets another domain map or copy its pages. The
 * granting domain writes entries in its grant table (shared with the
 * hypervisor); the grantee names them by reference in grant_table_op.
 *
 * grant_table_op(int cmd, void *args, unsigned count): `args` is an array of
 * `count` structs of the sub-op's type; each gets its own `status`
 * (GNTST_*), the hypercall's result says whether the array could be read.
 */
#ifndef XEN_PUBLIC_GRANT_TABLE_H
#define XEN_PUBLIC_GRANT_TABLE_H

#include "xen.h"

/* An index into a domain's grant table. */
typedef uint32_t grant_ref_t;

/*
 * Version 1 grant entry. The granter fills domid and frame, then sets flags
 * last (with a write barrier before it).
 */
struct grant_entry_v1 {
    uint16_t flags; /* GTF_* */
    domid_t domid;  /* the domain allowed to use the entry */
    uint32_t frame; /* the frame granted, or the one received (transfer) */
};
typedef struct grant_entry_v1 grant_entry_v1_t;
XEN_ABI_SIZE(struct grant_entry_v1, 8);

/* References reserved for the toolstack's console and xenstore pages. */
#define GNTTAB_NR_RESERVED_ENTRIES 8
#define GNTTAB_RESERVED_CONSOLE    0
#define GNTTAB_RESERVED_XENSTORE   1

/* Entry type, in the low two bits of flags. */
#define GTF_invalid         (0U << 0) /* unused */
#define GTF_permit_access   (1U << 0) /* domid may map or copy the frame */
#define GTF_accept_transfer (2U << 0) /* domid may transfer a page into the slot */
#define GTF_transitive      (3U << 0) /* v2: re-grant of another domain's grant */
#define GTF_type_mask       (3U << 0)
/* Flags of a permit_access entry (set by the granter unless noted). */
#define _GTF_readonly (2)
#define GTF_readonly  (1U << _GTF_readonly) /* grantee maps read-only */
#define _GTF_reading  (3)
#define GTF_reading   (1U << _GTF_reading) /* set by Xen: mapped for reading */
#define _GTF_writing  (4)
#define GTF_writing   (1U << _GTF_writing) /* set by Xen: mapped for writing */
#define _GTF_PWT      (5)
#define GTF_PWT       (1U << _GTF_PWT) /* cache attributes of the grantee's mapping */
#define _GTF_PCD      (6)
#define GTF_PCD       (1U << _GTF_PCD)
#define _GTF_PAT      (7)
#define GTF_PAT       (1U << _GTF_PAT)
#define _GTF_sub_page (8)
#define GTF_sub_page  (1U << _GTF_sub_page) /* v2: only part of the page */
/* Flags of an accept_transfer entry (set by Xen). */
#define _GTF_transfer_committed (2)
#define GTF_transfer_committed  (1U << _GTF_transfer_committed)
#define _GTF_transfer_completed (3)
#define GTF_transfer_completed  (1U << _GTF_transfer_completed)

/* Version 2: the common header of every entry. */
struct grant_entry_header {
    uint16_t flags; /* GTF_* */
    domid_t domid;
};
typedef struct grant_entry_header grant_entry_header_t;
XEN_ABI_SIZE(struct grant_entry_header, 4);

/* Version 2 grant entry: 16 bytes, read according to its type and GTF_sub_page. */
union grant_entry_v2 {
    struct grant_entry_header hdr;
    struct {
        struct grant_entry_header hdr;
        uint32_t _pad0;
        uint64_t frame;
    } full_page;
    struct {
        struct grant_entry_header hdr;
        uint16_t page_off;
        uint16_t length;
        uint64_t frame;
    } sub_page;
    struct {
        struct grant_entry_header hdr;
        domid_t trans_domid;
        uint16_t _pad0;
        grant_ref_t gref;
    } transitive;
    uint32_t __spacer[4];
};
typedef union grant_entry_v2 grant_entry_v2_t;
XEN_ABI_SIZE(union grant_entry_v2, 16);

/* Version 2 keeps the in-use flags of each entry in separate status frames. */
typedef uint16_t grant_status_t;

#define GNTTABOP_map_grant_ref     0
#define GNTTABOP_unmap_grant_ref   1
#define GNTTABOP_setup_table       2
#define GNTTABOP_dump_table        3
#define GNTTABOP_transfer          4
#define GNTTABOP_copy              5
#define GNTTABOP_query_size        6
#define GNTTABOP_unmap_and_replace 7
#define GNTTABOP_set_version       8
#define GNTTABOP_get_status_frames 9
#define GNTTABOP_get_version       10

/* Names a mapping made by map_grant_ref. */
typedef uint32_t grant_handle_t;

/*
 * GNTTABOP_map_grant_ref: map grant `ref` of domain `dom` at host_addr
 * (GNTMAP_host_map) and/or for device DMA (GNTMAP_device_map).
 *  1. With GNTMAP_contains_pte, host_addr is the machine address of the PTE
 *     to write rather than a virtual address.
 */
struct gnttab_map_grant_ref {
    uint64_t host_addr;    /* IN */
    uint32_t flags;        /* IN: GNTMAP_* */
    grant_ref_t ref;       /* IN */
    domid_t dom;           /* IN */
    int16_t status;        /* OUT: GNTST_* */
    grant_handle_t handle; /* OUT */
    uint64_t dev_bus_addr; /* OUT */
};
typedef struct gnttab_map_grant_ref gnttab_map_grant_ref_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_map_grant_ref_t);
XEN_ABI_SIZE(struct gnttab_map_grant_ref, 32);

/* GNTTABOP_unmap_grant_ref: undo a map_grant_ref, identified by `handle`. */
struct gnttab_unmap_grant_ref {
    uint64_t host_addr;    /* IN: 0 to leave the host mapping */
    uint64_t dev_bus_addr; /* IN: 0 to leave the device mapping */
    grant_handle_t handle; /* IN */
    int16_t status;        /* OUT */
    uint16_t _pad0;
};
typedef struct gnttab_unmap_grant_ref gnttab_unmap_grant_ref_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_unmap_grant_ref_t);
XEN_ABI_SIZE(struct gnttab_unmap_grant_ref, 24);

/*
 * GNTTABOP_setup_table: grow domain `dom`'s grant table to nr_frames frames
 * and list their mfns (PV guests map them themselves).
 */
struct gnttab_setup_table {
    domid_t dom; /* IN */
    uint16_t _pad0;
    uint32_t nr_frames; /* IN */
    int16_t status;     /* OUT */
    uint16_t _pad1[3];
    XEN_GUEST_HANDLE(xen_pfn_t) frame_list; /* OUT */
};
typedef struct gnttab_setup_table gnttab_setup_table_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_setup_table_t);
XEN_ABI_SIZE(struct gnttab_setup_table, 24);

/* GNTTABOP_dump_table: print domain `dom`'s grant table on the console (debug). */
struct gnttab_dump_table {
    domid_t dom;    /* IN */
    int16_t status; /* OUT */
};
typedef struct gnttab_dump_table gnttab_dump_table_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_dump_table_t);
XEN_ABI_SIZE(struct gnttab_dump_table, 4);

/*
 * GNTTABOP_transfer: give page `mfn` to domain `domid`, into its
 * accept_transfer entry `ref`.
 */
struct gnttab_transfer {
    xen_pfn_t mfn; /* IN */
    domid_t domid; /* IN */
    uint16_t _pad0;
    grant_ref_t ref; /* IN */
    int16_t status;  /* OUT */
    uint16_t _pad1[3];
};
typedef struct gnttab_transfer gnttab_transfer_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_transfer_t);
XEN_ABI_SIZE(struct gnttab_transfer, 24);

/*
 * GNTTABOP_copy: copy `len` bytes between two pages, each named by a grant
 * reference (GNTCOPY_*_gref) or by the caller's own frame.
 *  1. Neither side may cross a page boundary.
 */
#define _GNTCOPY_source_gref (0)
#define GNTCOPY_source_gref  (1 << _GNTCOPY_source_gref)
#define _GNTCOPY_dest_gref   (1)
#define GNTCOPY_dest_gref    (1 << _GNTCOPY_dest_gref)
struct gnttab_copy {
    struct gnttab_copy_ptr {
        union {
            grant_ref_t ref;
            xen_pfn_t gmfn;
        } u;
        domid_t domid;
        uint16_t offset;
        uint32_t _pad0;
    } source, dest; /* IN */
    uint16_t len;   /* IN */
    uint16_t flags; /* IN: GNTCOPY_* */
    int16_t status; /* OUT */
    uint16_t _pad0;
};
typedef struct gnttab_copy gnttab_copy_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_copy_t);
XEN_ABI_SIZE(struct gnttab_copy, 40);

/* GNTTABOP_query_size: current and maximum grant table frames of `dom`. */
struct gnttab_query_size {
    domid_t dom; /* IN */
    uint16_t _pad0;
    uint32_t nr_frames;     /* OUT */
    uint32_t max_nr_frames; /* OUT */
    int16_t status;         /* OUT */
    uint16_t _pad1;
};
typedef struct gnttab_query_size gnttab_query_size_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_query_size_t);
XEN_ABI_SIZE(struct gnttab_query_size, 16);

/*
 * GNTTABOP_unmap_and_replace: unmap the grant mapped at host_addr and move
 * the mapping found at new_addr there (new_addr is then cleared).
 */
struct gnttab_unmap_and_replace {
    uint64_t host_addr;    /* IN */
    uint64_t new_addr;     /* IN */
    grant_handle_t handle; /* IN */
    int16_t status;        /* OUT */
    uint16_t _pad0;
};
typedef struct gnttab_unmap_and_replace gnttab_unmap_and_replace_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_unmap_and_replace_t);
XEN_ABI_SIZE(struct gnttab_unmap_and_replace, 24);

/*
 * GNTTABOP_set_version: switch the caller's table to version 1 or 2 (only
 * while no grant is in use); returns the version in effect.
 */
struct gnttab_set_version {
    uint32_t version; /* IN/OUT */
};
typedef struct gnttab_set_version gnttab_set_version_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_set_version_t);
XEN_ABI_SIZE(struct gnttab_set_version, 4);

/* GNTTABOP_get_status_frames: the machine addresses of the v2 status frames. */
struct gnttab_get_status_frames {
    uint32_t nr_frames;                    /* IN */
    domid_t dom;                           /* IN */
    int16_t status;                        /* OUT */
    XEN_GUEST_HANDLE(uint64_t) frame_list; /* OUT */
};
typedef struct gnttab_get_status_frames gnttab_get_status_frames_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_get_status_frames_t);
XEN_ABI_SIZE(struct gnttab_get_status_frames, 16);

/* GNTTABOP_get_version: the table version of domain `dom`. */
struct gnttab_get_version {
    domid_t dom; /* IN */
    uint16_t _pad0;
    uint32_t version; /* OUT */
};
typedef struct gnttab_get_version gnttab_get_version_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_get_version_t);
XEN_ABI_SIZE(struct gnttab_get_version, 8);

/* map_grant_ref flags. */
#define _GNTMAP_device_map      (0) /* map for device DMA */
#define GNTMAP_device_map       (1 << _GNTMAP_device_map)
#define _GNTMAP_host_map        (1) /* map into the caller's page tables */
#define GNTMAP_host_map         (1 << _GNTMAP_host_map)
#define _GNTMAP_readonly        (2) /* read-only */
#define GNTMAP_readonly         (1 << _GNTMAP_readonly)
#define _GNTMAP_application_map (3) /* user-accessible mapping */
#define GNTMAP_application_map  (1 << _GNTMAP_application_map)
#define _GNTMAP_contains_pte    (4) /* host_addr names a PTE */
#define GNTMAP_contains_pte     (1 << _GNTMAP_contains_pte)
#define _GNTMAP_guest_avail0    (16) /* bits from here go into the PTE's free bits */
#define GNTMAP_guest_avail_mask ((uint32_t)~0 << _GNTMAP_guest_avail0)

/* Per-operation status values. */
#define GNTST_okay              (0)
#define GNTST_general_error     (-1)
#define GNTST_bad_domain        (-2)
#define GNTST_bad_gntref        (-3)
#define GNTST_bad_handle        (-4)
#define GNTST_bad_virt_addr     (-5)
#define GNTST_bad_dev_addr      (-6)
#define GNTST_no_device_space   (-7)
#define GNTST_permission_denied (-8)
#define GNTST_bad_page          (-9)
#define GNTST_bad_copy_arg      (-10)
#define GNTST_address_too_big   (-11)
#define GNTST_eagain            (-12)

#endif /* XEN_PUBLIC_GRANT_TABLE_H */
