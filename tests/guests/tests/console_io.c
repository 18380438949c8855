/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * console_io: dom0's line to the hypervisor console. Probes: a write of a
 * known string succeeds (and shows in the log the runner keeps), a zero-length
 * write is accepted, a write from an unmapped or hypervisor address is
 * -EFAULT, a read (dom0 may read) returns no more than asked, an unknown
 * command is -ENOSYS.
 */
#include "guest.h"

const char test_title[] = "console_io: write, read, bad buffers";

void test_main(void)
{
    static const char msg[] = "console_io test line: 0123456789\n";
    char in[16];
    long rc;

    check_rc("CONSOLEIO_write of a line",
             hypervisor_console_io(CONSOLEIO_write, sizeof(msg) - 1, msg), 0);
    check_rc("CONSOLEIO_write of nothing", hypervisor_console_io(CONSOLEIO_write, 0, msg), 0);
    check_rc("CONSOLEIO_write from an unmapped buffer",
             hypervisor_console_io(CONSOLEIO_write, 8, (void *)0x40000000UL), -XEN_EFAULT);
    check_rc("CONSOLEIO_write from the hypervisor's area",
             hypervisor_console_io(CONSOLEIO_write, 8, (void *)HYPERVISOR_VIRT_START), -XEN_EFAULT);
    check_rc("CONSOLEIO_write from a non-canonical address",
             hypervisor_console_io(CONSOLEIO_write, 8, (void *)0x8000000000000000UL), -XEN_EFAULT);

    rc = hypervisor_console_io(CONSOLEIO_read, sizeof(in), in);
    check_true("CONSOLEIO_read returns 0..count bytes", rc >= 0 && rc <= (long)sizeof(in));

    check_rc("unknown command 99", hypervisor_console_io(99, 1, msg), -XEN_ENOSYS);
}
