/* SPDX-License-Identifier: GPL-2.0-only */
/* 16550-compatible UART driver for the COM1 console, polled, and its com1= option. */
#include <asm/io.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/serial.h>
#include <xen/string.h>

/* Register offsets from the I/O base. */
#define UART_THR 0 /* transmit holding (write) */
#define UART_DLL 0 /* divisor latch low (DLAB=1) */
#define UART_IER 1 /* interrupt enable */
#define UART_DLM 1 /* divisor latch high (DLAB=1) */
#define UART_FCR 2 /* FIFO control */
#define UART_LCR 3 /* line control */
#define UART_MCR 4 /* modem control */
#define UART_LSR 5 /* line status */
#define UART_SCR 7 /* scratch */

#define LCR_DLAB    0x80
#define LSR_THRE    0x20
#define LSR_DR      0x01 /* data ready */
#define UART_RBR    0    /* receive buffer (read) */
#define FCR_ENABLE  0x01
#define FCR_CLEAR   0x06
#define MCR_DTR_RTS 0x03

#define UART_CLOCK_HZ 1843200
#define TX_SPIN_LIMIT 1000000 /* polls of LSR before giving up on one byte */

/** Settings of one UART, from the comN= option. */
struct uart {
    unsigned int baud; /* 0: leave as the firmware set it */
    uint8_t lcr;       /* data bits, parity, stop bits */
    uint16_t io_base;
    bool present;
};

static struct uart com1 = {.baud = 115200, .lcr = 0x03, .io_base = 0x3f8};

/* "8n1" and friends: data bits 5-8, parity n/o/e/m/s, stop bits 1-2. */
static int parse_dps(const char *s, size_t len, uint8_t *lcr)
{
    static const char parities[] = "noems";
    static const uint8_t parity_bits[] = {0x00, 0x08, 0x18, 0x28, 0x38};
    const char *p;

    if ( len != 3 || s[0] < '5' || s[0] > '8' || s[2] < '1' || s[2] > '2' )
        return -EINVAL;
    p = strchr(parities, s[1]);
    if ( p == NULL || s[1] == '\0' )
        return -EINVAL;
    *lcr = (s[0] - '5') | parity_bits[p - parities] | (s[2] == '2' ? 0x04 : 0);
    return 0;
}

/* com1=<baud>|auto[,DPS[,<io-base>[,<irq>]]] */
static int parse_com1(const char *val)
{
    struct uart u = com1;
    const char *s = val, *end;
    unsigned long long v;

    if ( !strncmp(s, "auto", 4) )
    {
        u.baud = 0;
        s += 4;
    }
    else
    {
        v = simple_strtoull(s, &end, 10);
        if ( end == s || v < 50 || v > 115200 || UART_CLOCK_HZ / 16 % v )
            return -EINVAL;
        u.baud = v;
        s = end;
    }
    if ( *s == ',' )
    {
        const char *e = strchr(++s, ',');
        size_t len = e ? (size_t)(e - s) : strlen(s);

        if ( len && parse_dps(s, len, &u.lcr) )
            return -EINVAL;
        s += len;
    }
    if ( *s == ',' )
    {
        v = simple_strtoull(++s, &end, 0);
        if ( end == s || v == 0 || v > 0xfff8 )
            return -EINVAL;
        u.io_base = v;
        s = end;
    }
    if ( *s == ',' )
    {
        /* The IRQ: accepted for compatibility; the driver polls. */
        simple_strtoull(++s, &end, 0);
        if ( end == s )
            return -EINVAL;
        s = end;
    }
    if ( *s != '\0' )
        return -EINVAL;
    com1 = u;
    return 0;
}
custom_param("com1", parse_com1);

void serial_init(void)
{
    struct uart *u = &com1;

    /* Is anything there? The scratch register of a 16550 keeps what we write. */
    outb(0x5a, u->io_base + UART_SCR);
    if ( inb(u->io_base + UART_SCR) != 0x5a )
        return;

    outb(0, u->io_base + UART_IER);
    if ( u->baud )
    {
        unsigned int div = UART_CLOCK_HZ / 16 / u->baud;

        outb(LCR_DLAB, u->io_base + UART_LCR);
        outb(div & 0xff, u->io_base + UART_DLL);
        outb(div >> 8, u->io_base + UART_DLM);
    }
    outb(u->lcr, u->io_base + UART_LCR);
    outb(FCR_ENABLE | FCR_CLEAR, u->io_base + UART_FCR);
    outb(MCR_DTR_RTS, u->io_base + UART_MCR);
    u->present = true;
}

static void uart_putc(struct uart *u, char c)
{
    for ( unsigned int i = 0; i < TX_SPIN_LIMIT; i++ )
        if ( inb(u->io_base + UART_LSR) & LSR_THRE )
            break;
    outb(c, u->io_base + UART_THR);
}

unsigned int serial_io_base(void)
{
    return com1.io_base;
}

void serial_write(const char *s, size_t len)
{
    if ( !com1.present )
        return;
    for ( size_t i = 0; i < len; i++ )
    {
        if ( s[i] == '\n' )
            uart_putc(&com1, '\r');
        uart_putc(&com1, s[i]);
    }
}

int serial_getc(void)
{
    if ( !com1.present || !(inb(com1.io_base + UART_LSR) & LSR_DR) )
        return -1;
    return inb(com1.io_base + UART_RBR);
}
