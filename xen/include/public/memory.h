/* SPDX-License-Identifier: MIT */
/*
 * memory_op(int cmd, void *arg): a domain's memory reservation, its view of
 * the machine-to-physical table, and its memory map.
 */
#ifndef XEN_PUBLIC_MEMORY_H
#define XEN_PUBLIC_MEMORY_H

#include "xen.h"

/*
 * XENMEM_increase_reservation, XENMEM_decrease_reservation,
 * XENMEM_populate_physmap: `arg` is a xen_memory_reservation. Returns the
 * number of extents handled, which is less than nr_extents on failure.
 *  increase: allocate extents; their mfns are written to extent_start.
 *  decrease: free the frames listed in extent_start.
 *  populate: allocate extents for the pfns listed (auto-translated guests).
 *  1. The command's upper bits (from bit 4) give the extent to start at, for
 *     continuations; guests pass 0.
 */
#define XENMEM_increase_reservation 0
#define XENMEM_decrease_reservation 1
#define XENMEM_populate_physmap     6

/* mem_flags: a maximum address width and a NUMA node for new memory. */
#define XENMEMF_address_bits(x)     (x)
#define XENMEMF_get_address_bits(x) ((x)&0xffu)
#define XENMEMF_node(x)             (((x) + 1) << 8)
#define XENMEMF_get_node(x)         ((((x) >> 8) - 1) & 0xffu)
#define XENMEMF_populate_on_demand  (1 << 16)
#define XENMEMF_exact_node_request  (1 << 17)
#define XENMEMF_exact_node(n)       (XENMEMF_node(n) | XENMEMF_exact_node_request)

struct xen_memory_reservation {
    XEN_GUEST_HANDLE(xen_pfn_t) extent_start; /* IN/OUT: frame list */
    xen_ulong_t nr_extents;                   /* IN */
    uint32_t extent_order;                    /* IN: each extent is 2^order pages */
    uint32_t mem_flags;                       /* IN: XENMEMF_* */
    domid_t domid;                            /* IN: DOMID_SELF or (privileged) another */
    uint16_t _pad0[3];
};
typedef struct xen_memory_reservation xen_memory_reservation_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_reservation_t);
XEN_ABI_SIZE(struct xen_memory_reservation, 32);

/*
 * XENMEM_exchange: give up the frames of `in` and get the frames of `out` in
 * return (same total size); nr_exchanged counts input extents done.
 */
#define XENMEM_exchange 11
struct xen_memory_exchange {
    struct xen_memory_reservation in;
    struct xen_memory_reservation out;
    xen_ulong_t nr_exchanged; /* OUT */
};
typedef struct xen_memory_exchange xen_memory_exchange_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_exchange_t);
XEN_ABI_SIZE(struct xen_memory_exchange, 72);

/* XENMEM_maximum_ram_page: returns the highest machine frame with RAM; no `arg`. */
#define XENMEM_maximum_ram_page 2

/*
 * XENMEM_current_reservation, XENMEM_maximum_reservation,
 * XENMEM_maximum_gpfn: `arg` points to a domid_t (DOMID_SELF for the caller;
 * another domain needs privilege). Returns pages owned, the page limit, or the
 * highest pfn in use.
 */
#define XENMEM_current_reservation 3
#define XENMEM_maximum_reservation 4
#define XENMEM_maximum_gpfn        14

/*
 * XENMEM_machphys_mfn_list: the machine frames that back the read-only M2P
 * table, one per 2MB of it, up to max_extents.
 */
#define XENMEM_machphys_mfn_list 5
struct xen_machphys_mfn_list {
    uint32_t max_extents; /* IN */
    uint32_t _pad0;
    XEN_GUEST_HANDLE(xen_pfn_t) extent_start; /* OUT */
    uint32_t nr_extents;                      /* OUT */
    uint32_t _pad1;
};
typedef struct xen_machphys_mfn_list xen_machphys_mfn_list_t;
DEFINE_XEN_GUEST_HANDLE(xen_machphys_mfn_list_t);
XEN_ABI_SIZE(struct xen_machphys_mfn_list, 24);
/* XENMEM_machphys_compat_mfn_list: the same for the 32-bit guests' M2P (a xen_machphys_mfn_list).
 */
#define XENMEM_machphys_compat_mfn_list 25

/* XENMEM_machphys_mapping: where the M2P table sits and the mfns it covers. */
#define XENMEM_machphys_mapping 12
struct xen_machphys_mapping {
    xen_ulong_t v_start; /* OUT: virtual start of the M2P */
    xen_ulong_t v_end;   /* OUT: virtual end */
    xen_ulong_t max_mfn; /* OUT: largest mfn it can translate */
};
typedef struct xen_machphys_mapping xen_machphys_mapping_t;
DEFINE_XEN_GUEST_HANDLE(xen_machphys_mapping_t);
XEN_ABI_SIZE(struct xen_machphys_mapping, 24);

/*
 * XENMEM_add_to_physmap: map a frame of space `space` at guest pfn `gpfn`
 * (auto-translated guests).
 */
#define XENMAPSPACE_shared_info 0 /* the shared info page */
#define XENMAPSPACE_grant_table 1 /* a grant table frame */
#define XENMAPSPACE_gmfn        2 /* another pfn of the domain */
#define XENMEM_add_to_physmap   7
struct xen_add_to_physmap {
    domid_t domid;
    uint16_t size;  /* unused at this interface level */
    uint32_t space; /* XENMAPSPACE_* */
#define XENMAPIDX_grant_table_status 0x80000000
    xen_ulong_t idx; /* index in the space */
    xen_pfn_t gpfn;  /* where to map it */
};
typedef struct xen_add_to_physmap xen_add_to_physmap_t;
DEFINE_XEN_GUEST_HANDLE(xen_add_to_physmap_t);
XEN_ABI_SIZE(struct xen_add_to_physmap, 24);

/*
 * XENMEM_add_to_physmap_batch: many add_to_physmap at once (auto-translated
 * guests). XENMEM_get_vnumainfo: a guest's virtual NUMA topology. Neither
 * exists for the PV guests here: add_to_physmap(_batch) and
 * remove_from_physmap are -EACCES (a PV guest keeps its own physmap), vnumainfo
 * -EOPNOTSUPP, once the request is read (-EFAULT) and its domain found
 * (-ESRCH) and the caller's to ask about (-EPERM).
 */
#define XENMEM_add_to_physmap_batch 23
#define XENMEM_get_vnumainfo        26

/* XENMEM_remove_from_physmap: unmap guest pfn `gpfn` (auto-translated guests). */
#define XENMEM_remove_from_physmap 15
struct xen_remove_from_physmap {
    domid_t domid;
    uint16_t _pad0[3];
    xen_pfn_t gpfn;
};
typedef struct xen_remove_from_physmap xen_remove_from_physmap_t;
DEFINE_XEN_GUEST_HANDLE(xen_remove_from_physmap_t);
XEN_ABI_SIZE(struct xen_remove_from_physmap, 16);

/*
 * XENMEM_memory_map: the caller's pseudo-physical memory map, as e820
 * entries (20 bytes each: base, length, type). nr_entries is the buffer's
 * capacity on entry and the count written on return.
 * XENMEM_machine_memory_map: the same for the host's map (privileged).
 */
#define XENMEM_memory_map         9
#define XENMEM_machine_memory_map 10
struct xen_memory_map {
    uint32_t nr_entries; /* IN/OUT */
    uint32_t _pad0;
    XEN_GUEST_HANDLE(void) buffer; /* OUT: e820 entries */
};
typedef struct xen_memory_map xen_memory_map_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_map_t);
XEN_ABI_SIZE(struct xen_memory_map, 16);

/*
 * XENMEM_set_memory_map: set the map XENMEM_memory_map gives a domain (at most
 * 1024 entries, else -EINVAL; 0 entries takes it away). The domain itself or a
 * privileged one may set it (-EPERM otherwise).
 */
#define XENMEM_set_memory_map 13
struct xen_foreign_memory_map {
    domid_t domid;
    uint16_t _pad0[3];
    struct xen_memory_map map;
};
typedef struct xen_foreign_memory_map xen_foreign_memory_map_t;
DEFINE_XEN_GUEST_HANDLE(xen_foreign_memory_map_t);
XEN_ABI_SIZE(struct xen_foreign_memory_map, 24);

/* XENMEM_set_pod_target / XENMEM_get_pod_target: populate-on-demand targets (privileged). */
#define XENMEM_set_pod_target 16
#define XENMEM_get_pod_target 17
struct xen_pod_target {
    uint64_t target_pages;    /* IN */
    uint64_t tot_pages;       /* OUT */
    uint64_t pod_cache_pages; /* OUT */
    uint64_t pod_entries;     /* OUT */
    domid_t domid;            /* IN */
    uint16_t _pad0[3];
};
typedef struct xen_pod_target xen_pod_target_t;
XEN_ABI_SIZE(struct xen_pod_target, 40);

/*
 * XENMEM_get_sharing_freed_pages / XENMEM_get_sharing_shared_pages: pages
 * saved and pages shared by memory sharing; no `arg`. Always 0 here (there is
 * no memory sharing).
 */
#define XENMEM_get_sharing_freed_pages  18
#define XENMEM_get_sharing_shared_pages 19

/*
 * XENMEM_acquire_resource: the frames of one of a domain's resources (its
 * grant table, an ioreq server's pages), for the caller to map. No resource
 * is offered here: a request naming a domain the caller may control is
 * -EOPNOTSUPP, which toolstacks take as "map the grant table the old way"
 * (GNTTABOP_setup_table for the domain, then a foreign mapping).
 */
#define XENMEM_acquire_resource               28
#define XENMEM_resource_ioreq_server          0
#define XENMEM_resource_grant_table           1
#define XENMEM_resource_vmtrace_buf           2
#define XENMEM_resource_grant_table_id_shared 0
#define XENMEM_resource_grant_table_id_status 1
struct xen_mem_acquire_resource {
    domid_t domid;                          /* IN */
    uint16_t type;                          /* IN: XENMEM_resource_* */
    uint32_t id;                            /* IN: which one of that type */
    uint32_t nr_frames;                     /* IN/OUT: how many frames (IN 0: ask the count) */
    uint32_t pad;                           /* zero */
    uint64_t frame;                         /* IN: the first frame */
    XEN_GUEST_HANDLE(xen_pfn_t) frame_list; /* OUT: their machine frames */
};
typedef struct xen_mem_acquire_resource xen_mem_acquire_resource_t;
XEN_ABI_SIZE(struct xen_mem_acquire_resource, 32);

#endif /* XEN_PUBLIC_MEMORY_H */
