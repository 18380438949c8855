/* SPDX-License-Identifier: GPL-2.0-only */
/* Serial console drivers (xen/drivers/char/); the console= and comN= options. */
#ifndef XEN_SERIAL_H
#define XEN_SERIAL_H

#include <xen/types.h>

/** Program COM1 from the com1= option (defaults 115200,8n1 at 0x3f8). */
void serial_init(void);

/** Write len bytes to COM1, turning "\n" into "\r\n"; no-op before serial_init(). */
void serial_write(const char *s, size_t len);

/** A received byte from COM1, or -1 when none is waiting (polled). */
int serial_getc(void);

/** COM1's first I/O port (its eight ports are the hypervisor's, never dom0's). */
unsigned int serial_io_base(void);

#endif /* XEN_SERIAL_H */
