/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The mca hypercall as Linux's xen_mcelog uses it at boot to offer
 * /dev/mcelog: XEN_MC_physcpuinfo (the CPU count, then each CPU's
 * description) and XEN_MC_fetch (telemetry; none waits on a healthy
 * machine). Probes: too small a buffer is -EINVAL, a wrong interface
 * version -EACCES, notifydomain -EINVAL, an unknown command -EINVAL and a
 * bad pointer -EFAULT. Errnos as Xen 4.17 gives them.
 */
#include "guest.h"

const char test_title[] = "mca: physcpuinfo and fetch, as Linux's xen_mcelog calls them";

#define HC_MCA         48
#define MCA_VERSION    0x01ecc003
#define MC_FETCH       1
#define MC_NOTIFYDOM   2
#define MC_PHYSCPUINFO 3
#define MC_NONURGENT   0x1
#define MC_URGENT      0x2
#define MC_NODATA      0x2

/* Our own copy of the layouts (public/arch-x86/xen-mca.h), kept to what we use. */
struct logical_cpu {
    uint32_t cpunr, chipid;
    uint16_t coreid, threadid;
    uint32_t apicid, clusterid, ncores, ncores_active, nthreads;
    int32_t cpuid_level;
    uint32_t family, vendor, model, step;
    char vendorid[16], brandid[64];
    uint32_t caps[7], cache_size, cache_alignment;
    int32_t nmsrvals;
    uint64_t msrs[16];
};

struct mc_op {
    uint32_t cmd, interface_version;
    union {
        struct {
            uint32_t flags, _pad0;
            uint64_t fetch_id;
            void *data;
        } fetch;
        struct {
            uint32_t ncpus, _pad0;
            struct logical_cpu *info;
        } cpus;
        uint8_t pad[144];
    } u;
};

static long mca(struct mc_op *op)
{
    return hypercall1(HC_MCA, (unsigned long)op);
}

static void op_init(struct mc_op *op, uint32_t cmd)
{
    guest_memset(op, 0, sizeof(*op));
    op->cmd = cmd;
    op->interface_version = MCA_VERSION;
}

static struct logical_cpu cpus[4];
static uint8_t record[768];

void test_main(void)
{
    struct mc_op op;
    uint32_t n;

    op_init(&op, MC_PHYSCPUINFO);
    if ( !check_rc("physcpuinfo: how many CPUs", mca(&op), 0) )
        return;
    n = op.u.cpus.ncpus;
    guest_printf("%u CPU(s)\n", n);
    check_true("one CPU (QEMU's default)", n == 1);

    op_init(&op, MC_PHYSCPUINFO);
    op.u.cpus.ncpus = 0;
    op.u.cpus.info = cpus;
    check_rc("physcpuinfo into a buffer of 0 entries", mca(&op), -XEN_EINVAL);

    op_init(&op, MC_PHYSCPUINFO);
    op.u.cpus.ncpus = n;
    op.u.cpus.info = cpus;
    if ( check_rc("physcpuinfo: the CPUs", mca(&op), 0) )
    {
        guest_printf("CPU %u: apic %u vendor '%.12s' family %u model %u step %u level %d\n",
                     cpus[0].cpunr, cpus[0].apicid, cpus[0].vendorid, cpus[0].family, cpus[0].model,
                     cpus[0].step, cpus[0].cpuid_level);
        check_true("CPU 0 has APIC id 0", cpus[0].cpunr == 0 && cpus[0].apicid == 0);
        check_true("its vendor is GenuineIntel (-cpu Haswell)",
                   guest_strncmp(cpus[0].vendorid, "GenuineIntel", 12) == 0);
        check_true("family 6", cpus[0].family == 6);
        check_true("a CPUID level", cpus[0].cpuid_level >= 0xd);
    }

    op_init(&op, MC_FETCH);
    op.u.fetch.flags = MC_URGENT;
    op.u.fetch.data = record;
    if ( check_rc("fetch urgent telemetry", mca(&op), 0) )
        check_true("there is none", op.u.fetch.flags == MC_NODATA);
    op_init(&op, MC_FETCH);
    op.u.fetch.flags = MC_NONURGENT;
    op.u.fetch.data = record;
    if ( check_rc("fetch non-urgent telemetry", mca(&op), 0) )
        check_true("there is none", op.u.fetch.flags == MC_NODATA);

    op_init(&op, MC_NOTIFYDOM);
    check_rc("notifydomain", mca(&op), -XEN_EINVAL);
    op_init(&op, 99);
    check_rc("command 99", mca(&op), -XEN_EINVAL);
    op_init(&op, MC_PHYSCPUINFO);
    op.interface_version = MCA_VERSION + 1;
    check_rc("a wrong interface version", mca(&op), -XEN_EACCES);
    check_rc("an unmapped argument", mca((void *)0x40000000UL), -XEN_EFAULT);
    op_init(&op, MC_PHYSCPUINFO);
    op.u.cpus.ncpus = n;
    op.u.cpus.info = (void *)0x40000000UL;
    check_rc("physcpuinfo into an unmapped buffer", mca(&op), -XEN_EFAULT);
}
