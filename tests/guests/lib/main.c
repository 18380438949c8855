/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Start of day and the verdict: map shared_info, install the trap table, run
 * the test, print `RESULT: PASS|FAIL|SKIP name`, shut the domain down.
 */
#include "guest.h"

start_info_t *start_info;
shared_info_t *shared_info;

static unsigned int failures;
static bool skipped;
static char skip_reason[128];

/* Where shared_info gets mapped: a page of the image, remapped at boot. */
static uint8_t shared_info_page[4096] __attribute__((aligned(4096)));

static const char *const errno_names[] = {
    [XEN_EPERM] = "EPERM",   [XEN_ENOENT] = "ENOENT",       [XEN_ESRCH] = "ESRCH",
    [XEN_EIO] = "EIO",       [XEN_ENXIO] = "ENXIO",         [XEN_E2BIG] = "E2BIG",
    [XEN_EBADF] = "EBADF",   [XEN_EAGAIN] = "EAGAIN",       [XEN_ENOMEM] = "ENOMEM",
    [XEN_EACCES] = "EACCES", [XEN_EFAULT] = "EFAULT",       [XEN_EBUSY] = "EBUSY",
    [XEN_EEXIST] = "EEXIST", [XEN_EXDEV] = "EXDEV",         [XEN_ENODEV] = "ENODEV",
    [XEN_EINVAL] = "EINVAL", [XEN_ENOSPC] = "ENOSPC",       [XEN_EDOM] = "EDOM",
    [XEN_ERANGE] = "ERANGE", [XEN_ENOSYS] = "ENOSYS",       [XEN_ENODATA] = "ENODATA",
    [XEN_ETIME] = "ETIME",   [XEN_EOVERFLOW] = "EOVERFLOW", [XEN_EOPNOTSUPP] = "EOPNOTSUPP",
};

const char *rc_name(long rc)
{
    static char buf[32];

    if ( rc < 0 && -rc < (long)(sizeof(errno_names) / sizeof(errno_names[0])) && errno_names[-rc] )
    {
        guest_snprintf(buf, sizeof(buf), "-%s", errno_names[-rc]);
        return buf;
    }
    guest_snprintf(buf, sizeof(buf), "%ld", rc);
    return buf;
}

/* Print one "FAIL: ..." line (with `suffix`) and count the failure. */
static void record_failure(const char *suffix, const char *fmt, va_list ap)
{
    char buf[256];

    guest_vsnprintf(buf, sizeof(buf), fmt, ap);
    guest_printf("FAIL: %s%s\n", buf, suffix);
    failures++;
}

void test_fail(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    record_failure("", fmt, ap);
    va_end(ap);
}

void test_skip(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    guest_vsnprintf(skip_reason, sizeof(skip_reason), fmt, ap);
    va_end(ap);
    guest_printf("SKIP: %s\n", skip_reason);
    skipped = true;
}

unsigned int test_failures(void)
{
    return failures;
}

long guest_shutdown(unsigned int reason)
{
    struct sched_shutdown arg = {.reason = reason};

    return hypervisor_sched_op(SCHEDOP_shutdown, &arg);
}

static void __attribute__((noreturn)) finish(void)
{
    const char *verdict = failures ? "FAIL" : skipped ? "SKIP" : "PASS";
    long rc;

    guest_printf("RESULT: %s %s\n", verdict, test_name);
    rc = guest_shutdown(failures ? SHUTDOWN_crash : SHUTDOWN_poweroff);
    /* Still here: the hypervisor refused to stop us. Spin, yielding. */
    guest_printf("SCHEDOP_shutdown returned %s: the domain was not stopped\n", rc_name(rc));
    for ( ;; )
        hypervisor_sched_op(SCHEDOP_yield, NULL);
}

void test_abort(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    record_failure(" (test aborted)", fmt, ap);
    va_end(ap);
    finish();
}

bool check_rc(const char *what, long rc, long want)
{
    char got[32];

    if ( rc == want )
        return true;
    guest_snprintf(got, sizeof(got), "%s", rc_name(rc));
    test_fail("%s: returned %s, expected %s", what, got, rc_name(want));
    return false;
}

bool check_true(const char *what, bool cond)
{
    if ( !cond )
        test_fail("%s: not so", what);
    return cond;
}

void vcpu_context_init(struct vcpu_guest_context *c, void (*entry)(void), void *stack_top)
{
    guest_memset(c, 0, sizeof(*c));
    c->flags = VGCF_in_kernel;
    c->user_regs.rip = (uint64_t)entry;
    c->user_regs.rsp = (uint64_t)stack_top - 8; /* as after a call */
    c->user_regs.cs = FLAT_KERNEL_CS;
    c->user_regs.ss = FLAT_KERNEL_SS;
    c->user_regs.rflags = 0x2;
    c->kernel_ss = FLAT_KERNEL_SS;
    c->kernel_sp = c->user_regs.rsp;
    c->ctrlreg[3] = xen_pfn_to_cr3(l4_mfn());
}

long vcpu_start(unsigned int id, void (*entry)(void), void *stack_top)
{
    static struct vcpu_guest_context ctxt; /* too big for the stack; one start at a time */
    long rc;

    vcpu_context_init(&ctxt, entry, stack_top);
    rc = hypervisor_vcpu_op(VCPUOP_initialise, id, &ctxt);
    return rc ? rc : hypervisor_vcpu_op(VCPUOP_up, id, NULL);
}

static void map_shared_info(void)
{
    long rc = hypervisor_update_va_mapping(
        (unsigned long)shared_info_page,
        start_info->shared_info | PTE_P | PTE_RW | PTE_A | PTE_D | PTE_NX, UVMF_INVLPG);

    if ( rc )
        test_abort("mapping shared_info (maddr %#lx): %s", (unsigned long)start_info->shared_info,
                   rc_name(rc));
    shared_info = (shared_info_t *)shared_info_page;
}

void guest_main(start_info_t *si);
void __attribute__((noreturn)) guest_main(start_info_t *si)
{
    long rc;

    start_info = si;
    guest_printf("guest test %s: %s\n", test_name, test_title);
    if ( guest_strncmp(si->magic, "xen-", 4) )
        test_abort("start_info magic is not \"xen-...\"");
    rc = traps_install();
    if ( rc )
        test_abort("set_trap_table: %s", rc_name(rc));
    map_shared_info();
    test_main();
    finish();
}
