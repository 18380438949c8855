/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xen_version: every sub-op a guest may use. Probes: the version number
 * (major 4), the extraversion, compile info and capabilities strings are
 * NUL-terminated and plausible, the feature submap 0 answers and an
 * out-of-range one is refused, the page size is 4096, the platform parameters
 * name the hypervisor hole, an unknown sub-op is -ENOSYS and a bad buffer
 * pointer is -EFAULT (not a crash of the hypervisor); dom0's guest handle is
 * its (all-zero) UUID; the build ID (what `xl info` shows) comes back whole,
 * -ENOBUFS in a buffer too small for it, -EINVAL for a size of 0.
 */
#include "guest.h"

const char test_title[] = "xen_version: version, strings, features, bad pointers";

static bool terminated(const char *s, size_t size)
{
    size_t i;

    for ( i = 0; i < size; i++ )
        if ( !s[i] )
            return true;
    return false;
}

void test_main(void)
{
    static xen_capabilities_info_t caps;
    xen_extraversion_t extra;
    struct xen_compile_info info;
    struct xen_feature_info feat = {.submap_idx = 0};
    struct xen_platform_parameters params;
    long rc;

    rc = hypervisor_xen_version(XENVER_version, NULL);
    guest_printf("version %ld.%ld\n", rc >> 16, rc & 0xffff);
    check_true("XENVER_version reports major 4", (rc >> 16) == 4);

    guest_memset(extra, 'x', sizeof(extra));
    check_rc("XENVER_extraversion", hypervisor_xen_version(XENVER_extraversion, extra), 0);
    check_true("extraversion is NUL-terminated", terminated(extra, sizeof(extra)));

    guest_memset(&info, 'x', sizeof(info));
    check_rc("XENVER_compile_info", hypervisor_xen_version(XENVER_compile_info, &info), 0);
    check_true("compile info strings are NUL-terminated",
               terminated(info.compiler, sizeof(info.compiler)) &&
                   terminated(info.compile_by, sizeof(info.compile_by)) &&
                   terminated(info.compile_date, sizeof(info.compile_date)));

    check_rc("XENVER_capabilities", hypervisor_xen_version(XENVER_capabilities, caps), 0);
    guest_printf("capabilities: %.64s\n", caps);
    check_true("capabilities list xen-3.0-x86_64", guest_strstr(caps, "xen-3.0-x86_64") != NULL);

    check_rc("XENVER_get_features submap 0", hypervisor_xen_version(XENVER_get_features, &feat), 0);
    guest_printf("features[0] = %#x\n", feat.submap);
    feat.submap_idx = XENFEAT_NR_SUBMAPS + 5;
    check_rc("XENVER_get_features beyond the last submap",
             hypervisor_xen_version(XENVER_get_features, &feat), -XEN_EINVAL);

    check_rc("XENVER_pagesize", hypervisor_xen_version(XENVER_pagesize, NULL), 4096);
    check_rc("XENVER_platform_parameters",
             hypervisor_xen_version(XENVER_platform_parameters, &params), 0);
    check_true("virt_start is the start of the hypervisor hole",
               params.virt_start == HYPERVISOR_VIRT_START);

    {
        static uint8_t handle[20];
        static struct {
            uint32_t len;
            uint8_t buf[64];
        } bid;
        long n;
        unsigned int nonzero = 0;

        guest_memset(handle, 0x5a, sizeof(handle));
        check_rc("XENVER_guest_handle", hypervisor_xen_version(XENVER_guest_handle, handle), 0);
        for ( unsigned int i = 0; i < 16; i++ )
            nonzero += handle[i] != 0;
        check_true("dom0's handle is all zero, 16 bytes", nonzero == 0 && handle[16] == 0x5a);

        bid.len = sizeof(bid.buf);
        n = hypervisor_xen_version(XENVER_build_id, &bid);
        guest_printf("build id: %ld bytes, %02x%02x%02x%02x...\n", n, bid.buf[0], bid.buf[1],
                     bid.buf[2], bid.buf[3]);
        check_true("XENVER_build_id: a 20-byte SHA-1 build ID", n == 20);
        bid.len = 4;
        check_rc("XENVER_build_id into 4 bytes", hypervisor_xen_version(XENVER_build_id, &bid),
                 -XEN_ENOBUFS);
        bid.len = 0;
        check_rc("XENVER_build_id with size 0", hypervisor_xen_version(XENVER_build_id, &bid),
                 -XEN_EINVAL);
    }

    check_rc("unknown sub-op 0x7ff", hypervisor_xen_version(0x7ff, NULL), -XEN_ENOSYS);
    check_rc("extraversion into an unmapped buffer",
             hypervisor_xen_version(XENVER_extraversion, (void *)0x40000000UL), -XEN_EFAULT);
    check_rc("capabilities into the hypervisor's own area",
             hypervisor_xen_version(XENVER_capabilities, (void *)HYPERVISOR_VIRT_START),
             -XEN_EFAULT);
    check_rc("compile info to a non-canonical address",
             hypervisor_xen_version(XENVER_compile_info, (void *)0x8000000000000000UL),
             -XEN_EFAULT);
}
