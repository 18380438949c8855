/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xen/common/sysctl.c against the real console ring (console.c) and fake
 * domains: who may call it, the interface version, and readconsole's
 * semantics as `xl dmesg` and `xl dmesg -c` use them (oldest first, the
 * incremental index, clearing only what was read, a small buffer, a ring
 * that wrapped, a bad buffer).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake/fake.h"
#include "tap.h"

#include "fake/rename.h"
#include <public/sysctl.h>
#include <public/xen.h>
#include <xen/console.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/sched.h>

long do_sysctl(uint64_t arg);

static struct domain doms[2];
static struct vcpu vcpus[2];
static struct vcpu *cur;

struct vcpu *current_vcpu(void)
{
    return cur;
}

/* Guest memory: fake/guest_access.c (host pointers; address 1 is unmapped). */

/* One sysctl with cmd and the current interface version; op->u is the caller's. */
static long sysctl_call(struct xen_sysctl *op, uint32_t cmd)
{
    op->cmd = cmd;
    op->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    return do_sysctl((uint64_t)(uintptr_t)op);
}

/* readconsole into buf (count bytes); returns the result, op keeps the OUT fields. */
static long readcons(struct xen_sysctl *op, char *buf, uint32_t count, bool incremental,
                     uint32_t index, bool clear)
{
    memset(op, 0, sizeof(*op));
    op->u.readconsole.buffer.p = buf;
    op->u.readconsole.count = count;
    op->u.readconsole.incremental = incremental;
    op->u.readconsole.index = index;
    op->u.readconsole.clear = clear;
    return sysctl_call(op, XEN_SYSCTL_readconsole);
}

static char buf[CONRING_SIZE + 1];
static char want[CONRING_SIZE + 1];

static void test_access(void)
{
    struct xen_sysctl op;

    memset(&op, 0, sizeof(op));
    cur = &vcpus[1];
    ok(sysctl_call(&op, XEN_SYSCTL_readconsole) == -EPERM, "an unprivileged domain gets -EPERM");
    ok(do_sysctl(1) == -EPERM, "even with a bad pointer");
    cur = &vcpus[0];
    ok(do_sysctl(1) == -EFAULT, "dom0 with a bad argument pointer: -EFAULT");
    op.cmd = XEN_SYSCTL_readconsole;
    op.interface_version = XEN_SYSCTL_INTERFACE_VERSION - 1;
    ok(do_sysctl((uint64_t)(uintptr_t)&op) == -EACCES, "an older interface version: -EACCES");
    op.interface_version = 0x00000008;
    ok(do_sysctl((uint64_t)(uintptr_t)&op) == -EACCES, "Xen 4.0's version 8: -EACCES");
    ok(sysctl_call(&op, 24) == -ENOSYS, "a retired sub-op (tmem_op, 24): -ENOSYS");
    ok(sysctl_call(&op, 0xffffffffu) == -ENOSYS, "a sub-op number past the table: -ENOSYS");
    ok(sysctl_call(&op, XEN_SYSCTL_tbuf_op) == -ENOSYS, "tbuf_op is not implemented: -ENOSYS");
}

static void test_readconsole(void)
{
    struct xen_sysctl op;
    uint32_t idx, n;

    /* Whole ring, not incremental: what console_ring_copy sees, oldest first. */
    xen_printk("sysctl test line one\n");
    n = (uint32_t)console_ring_copy(want, sizeof(want));
    ok(readcons(&op, buf, sizeof(buf) - 1, false, 0, false) == 0, "readconsole succeeds");
    ok(op.u.readconsole.count == n && !memcmp(buf, want, n),
       "a whole read returns the ring oldest first (%u of %u bytes)", op.u.readconsole.count, n);
    ok(op.u.readconsole.index == (uint32_t)console_ring_produced(),
       "index ends at the newest byte (%u)", op.u.readconsole.index);
    idx = op.u.readconsole.index;

    /* Incremental from there: only what came after. */
    ok(readcons(&op, buf, 100, true, idx, false) == 0 && op.u.readconsole.count == 0 &&
           op.u.readconsole.index == idx,
       "incremental at the end: nothing, index unchanged");
    xen_printk("sysctl test line two\n");
    ok(readcons(&op, buf, 100, true, idx, false) == 0 && op.u.readconsole.count == 27 &&
           !memcmp(buf, "(XEN) sysctl test line two\n", 27),
       "incremental: only the new line (%u bytes)", op.u.readconsole.count);
    ok(op.u.readconsole.index == idx + 27, "index moves past it");

    /* A small buffer: the oldest part, and the index to continue from. */
    ok(readcons(&op, buf, 10, true, idx, false) == 0 && op.u.readconsole.count == 10 &&
           !memcmp(buf, "(XEN) sysc", 10) && op.u.readconsole.index == idx + 10,
       "a 10-byte buffer gets the first 10 bytes, index + 10");
    ok(readcons(&op, buf, 100, true, idx + 10, false) == 0 && op.u.readconsole.count == 17 &&
           !memcmp(buf, "tl test line two\n", 17),
       "continuing at that index gets the rest");
    ok(readcons(&op, buf, 0, true, idx, false) == 0 && op.u.readconsole.count == 0,
       "count 0 copies nothing");

    /* An index the ring does not hold (ahead of it): start at the oldest byte. */
    ok(readcons(&op, buf, 6, true, idx + 100000, false) == 0 && op.u.readconsole.count == 6 &&
           !memcmp(buf, want, 6),
       "an index ahead of the ring reads from the oldest byte");

    /* A bad buffer: -EFAULT, and nothing is cleared. */
    memset(&op, 0, sizeof(op));
    op.u.readconsole.buffer.p = (char *)1;
    op.u.readconsole.count = 100;
    op.u.readconsole.clear = 1;
    ok(sysctl_call(&op, XEN_SYSCTL_readconsole) == -EFAULT, "a bad buffer: -EFAULT");
    ok(readcons(&op, buf, 6, false, 0, false) == 0 && op.u.readconsole.count == 6 &&
           !memcmp(buf, want, 6),
       "and the ring was not cleared");
    memset(&op, 0, sizeof(op));
    op.u.readconsole.buffer.p = (char *)(uintptr_t)UINT64_C(0xfffffffffffffff0);
    op.u.readconsole.count = 100;
    ok(sysctl_call(&op, XEN_SYSCTL_readconsole) == -EFAULT,
       "a buffer that wraps the address space: -EFAULT");

    /* Clear with a small buffer clears only what was read. */
    ok(readcons(&op, buf, 10, false, 0, true) == 0 && op.u.readconsole.count == 10,
       "clear with a 10-byte buffer");
    ok(readcons(&op, buf, sizeof(buf) - 1, false, 0, false) == 0 &&
           op.u.readconsole.count == n + 27 - 10 && !memcmp(buf, want + 10, n - 10),
       "only those 10 bytes are gone (%u left)", op.u.readconsole.count);
    ok(readcons(&op, buf, sizeof(buf) - 1, false, 0, true) == 0 && op.u.readconsole.count == n + 17,
       "clear after reading everything");
    ok(readcons(&op, buf, 100, false, 0, false) == 0 && op.u.readconsole.count == 0,
       "then the ring reads empty");
    ok(readcons(&op, buf, 100, true, idx, false) == 0 && op.u.readconsole.count == 0,
       "an index inside the cleared part reads nothing either");
    xen_printk("after clear\n");
    ok(readcons(&op, buf, 100, false, 0, false) == 0 && op.u.readconsole.count == 18 &&
           !memcmp(buf, "(XEN) after clear\n", 18),
       "new output after a clear is read (%u bytes)", op.u.readconsole.count);
    idx = op.u.readconsole.index;

    /* Wrap: an old index is gone, reading starts at the oldest byte still held. */
    for ( int i = 0; i < 2000; i++ )
        xen_printk("wrap %04d\n", i);
    ok(readcons(&op, buf, sizeof(buf) - 1, true, idx, false) == 0 &&
           op.u.readconsole.count == CONRING_SIZE,
       "after a wrap an old index gets the whole ring (%u bytes)", op.u.readconsole.count);
    n = (uint32_t)console_ring_copy(want, sizeof(want));
    ok(n == CONRING_SIZE && !memcmp(buf, want, n), "the newest CONRING_SIZE bytes, oldest first");
    ok(op.u.readconsole.index == (uint32_t)console_ring_produced(), "index at the newest byte");
}

int main(void)
{
    doms[0].domain_id = 0;
    doms[0].is_privileged = true;
    doms[1].domain_id = 1;
    for ( unsigned int i = 0; i < 2; i++ )
    {
        vcpus[i].domain = &doms[i];
    }
    cur = &vcpus[0];
    test_access();
    test_readconsole();
    return tap_done();
}
