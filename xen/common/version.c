/* SPDX-License-Identifier: GPL-2.0-only */
/* The xen_version hypercall: version, build, capabilities, features, parameters. */
#include <public/version.h>
#include <public/xen.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/page-size.h>
#include <xen/sched.h>
#include <xen/string.h>
#include <xen/version.h>

/* The hypervisor's hole starts here for 64-bit PV guests. */
#define PV_HYPERVISOR_VIRT_START 0xffff800000000000UL

/** Hypervisor command line, for XENVER_commandline (set at boot). */
extern char saved_cmdline[1024];

/* The linker's build ID note (xen.lds.S): an ELF note, name "GNU", type 3. */
extern const char __note_gnu_build_id_start[], __note_gnu_build_id_end[];
#define NT_GNU_BUILD_ID 3

/* The build ID's bytes and their number; 0 if the image carries none. */
static uint32_t build_id(const uint8_t **id)
{
    const char *p = __note_gnu_build_id_start;
    uint32_t namesz, descsz, type;

    if ( __note_gnu_build_id_end - p < 16 )
        return 0;
    memcpy(&namesz, p, 4);
    memcpy(&descsz, p + 4, 4);
    memcpy(&type, p + 8, 4);
    if ( type != NT_GNU_BUILD_ID || namesz != 4 || memcmp(p + 12, "GNU", 4) != 0 ||
         descsz > (uint32_t)(__note_gnu_build_id_end - p) - 16 )
        return 0;
    *id = (const uint8_t *)p + 16;
    return descsz;
}

long do_xen_version(int cmd, uint64_t arg);

long do_xen_version(int cmd, uint64_t arg)
{
    switch ( cmd )
    {
    case XENVER_version:
        return (XEN_VERSION << 16) | XEN_SUBVERSION;
    case XENVER_extraversion:
    {
        xen_extraversion_t extra;

        memset(extra, 0, sizeof(extra));
        strlcpy(extra, XEN_EXTRAVERSION, sizeof(extra));
        return copy_to_guest(arg, extra, sizeof(extra)) ? -EFAULT : 0;
    }
    case XENVER_compile_info:
    {
        struct xen_compile_info info;

        memset(&info, 0, sizeof(info));
        strlcpy(info.compiler, XEN_COMPILER, sizeof(info.compiler));
        strlcpy(info.compile_by, XEN_COMPILE_BY, sizeof(info.compile_by));
        strlcpy(info.compile_domain, XEN_COMPILE_DOMAIN, sizeof(info.compile_domain));
        strlcpy(info.compile_date, XEN_COMPILE_DATE, sizeof(info.compile_date));
        return copy_to_guest(arg, &info, sizeof(info)) ? -EFAULT : 0;
    }
    case XENVER_capabilities:
    {
        xen_capabilities_info_t caps;

        memset(caps, 0, sizeof(caps));
        strlcpy(caps, "xen-3.0-x86_64", sizeof(caps));
        return copy_to_guest(arg, caps, sizeof(caps)) ? -EFAULT : 0;
    }
    case XENVER_changeset:
    {
        xen_changeset_info_t cs;

        memset(cs, 0, sizeof(cs));
        strlcpy(cs, "unavailable", sizeof(cs));
        return copy_to_guest(arg, cs, sizeof(cs)) ? -EFAULT : 0;
    }
    case XENVER_platform_parameters:
    {
        struct xen_platform_parameters p = {.virt_start = PV_HYPERVISOR_VIRT_START};

        return copy_to_guest(arg, &p, sizeof(p)) ? -EFAULT : 0;
    }
    case XENVER_get_features:
    {
        struct xen_feature_info fi;

        if ( copy_from_guest(&fi, arg, sizeof(fi)) )
            return -EFAULT;
        if ( fi.submap_idx >= XENFEAT_NR_SUBMAPS )
            return -EINVAL;
        fi.submap = 0;
        if ( fi.submap_idx == 0 )
        {
            /*
             * What a 64-bit PV guest can rely on here. gnttab_map_avail_bits is
             * promised for the grant-map path (Linux refuses to run without it).
             */
            fi.submap |= 1u << XENFEAT_pae_pgdir_above_4gb;
            fi.submap |= 1u << XENFEAT_mmu_pt_update_preserve_ad;
            fi.submap |= 1u << XENFEAT_gnttab_map_avail_bits;
            if ( current->domain->is_privileged )
                fi.submap |= 1u << XENFEAT_dom0;
        }
        return copy_to_guest(arg, &fi, sizeof(fi)) ? -EFAULT : 0;
    }
    case XENVER_pagesize:
        return PAGE_SIZE;
    case XENVER_guest_handle:
        if ( copy_to_guest(arg, current->domain->handle, sizeof(xen_domain_handle_t)) )
            return -EFAULT;
        return 0;
    case XENVER_commandline:
        if ( !current->domain->is_privileged )
            return -EPERM;
        return copy_to_guest(arg, saved_cmdline, sizeof(saved_cmdline)) ? -EFAULT : 0;
    case XENVER_build_id:
    {
        const uint8_t *id = NULL;
        uint32_t len, have;

        if ( !current->domain->is_privileged )
            return -EPERM;
        if ( copy_from_guest(&len, arg, sizeof(len)) )
            return -EFAULT;
        if ( len == 0 )
            return -EINVAL;
        have = build_id(&id);
        if ( have == 0 )
            return -ENODATA;
        if ( have > len )
            return -ENOBUFS;
        return copy_to_guest(arg + sizeof(len), id, have) ? -EFAULT : (long)have;
    }
    default:
        return -ENOSYS;
    }
}
