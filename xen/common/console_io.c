/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The console_io hypercall: the hardware domain (and, until a console daemon
 * exists, every domain) writes to the hypervisor console; reads return nothing
 * yet (the serial line feeds the debug keys).
 */
#include <public/xen.h>
#include <xen/console.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/guest_console.h>
#include <xen/lib.h>
#include <xen/sched.h>

/* Bytes copied per step: the guest's buffer is read in chunks. */
#define CHUNK 128

long do_console_io(int cmd, unsigned long count, uint64_t buffer);

long do_console_io(int cmd, unsigned long count, uint64_t buffer)
{
    struct domain *d = current->domain;
    char chunk[CHUNK + 16];
    static const char prefix_fmt[] = "(d%u) ";

    switch ( cmd )
    {
    case CONSOLEIO_write:
        for ( unsigned long done = 0; done < count; )
        {
            unsigned long n = count - done < CHUNK ? count - done : CHUNK;

            if ( copy_from_guest(chunk, buffer + done, n) )
                return -EFAULT;
            /* A domain with a console ring gets whole prefixed lines, as its ring does. */
            if ( guest_console_put(d, chunk, n) )
            {
                done += n;
                continue;
            }
            for ( unsigned long i = 0; i < n; i++ )
                if ( (chunk[i] < 32 && chunk[i] != '\n' && chunk[i] != '\t' && chunk[i] != '\r') ||
                     chunk[i] == 127 )
                    chunk[i] = '.'; /* no control sequences from a guest */
            /*
             * Domains other than dom0 are prefixed, as Xen does for guest
             * output. Either way the chunk goes out under the console lock.
             */
            if ( d->domain_id == 0 )
                console_write_hwdom(chunk, n);
            else
            {
                char pfx[16];

                snprintf(pfx, sizeof(pfx), prefix_fmt, d->domain_id);
                console_write_line(pfx, chunk, n);
            }
            done += n;
        }
        return 0;
    case CONSOLEIO_read:
        return 0;
    default:
        return -ENOSYS;
    }
}
