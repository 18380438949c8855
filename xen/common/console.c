/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor console: printk formatting with the "(XEN) " line prefix, the
 * console ring that keeps the boot log, and the console= driver selection.
 */
#include <xen/console.h>
#include <xen/errno.h>
#include <xen/keyhandler.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/serial.h>
#include <xen/shutdown.h>
#include <xen/smp.h>
#include <xen/spinlock.h>
#include <xen/string.h>
#include <xen/timer.h>

/*
 * console_lock serialises whole writes (a printk, a guest's console line), so
 * output from different CPUs never interleaves within a line. A CPU that
 * already holds it (a printk from an interrupt that came in during one, or a
 * panic) writes without it rather than deadlock.
 */
static DEFINE_SPINLOCK(console_lock);
static int console_lock_cpu = -1;

static bool console_lock_get(unsigned long *flags)
{
    int cpu = (int)smp_processor_id();

    if ( __atomic_load_n(&console_lock_cpu, __ATOMIC_RELAXED) == cpu )
        return false;
    *flags = spin_lock_irqsave(&console_lock);
    __atomic_store_n(&console_lock_cpu, cpu, __ATOMIC_RELAXED);
    return true;
}

static void console_lock_put(bool taken, unsigned long flags)
{
    if ( !taken )
        return;
    __atomic_store_n(&console_lock_cpu, -1, __ATOMIC_RELAXED);
    spin_unlock_irqrestore(&console_lock, flags);
}

static char conring[CONRING_SIZE];
static uint64_t conring_prod;    /* bytes ever written; ring index is prod % size */
static uint64_t conring_cleared; /* bytes before this were cleared by a reader */
static bool console_started;
static bool line_start = true; /* next printk character begins a line */

/* Drivers chosen with console=; COM1 unless told otherwise. */
static bool console_com1 = true;

/* console=<driver>[,<driver>...], drivers: com1, none. */
static int parse_console(const char *val)
{
    bool com1 = false;
    const char *s = val;

    if ( *s == '\0' )
        return -EINVAL;
    while ( *s )
    {
        const char *e = strchr(s, ',');
        size_t len = e ? (size_t)(e - s) : strlen(s);

        if ( len == 4 && !strncmp(s, "com1", 4) )
            com1 = true;
        else if ( !(len == 4 && !strncmp(s, "none", 4)) )
            return -EINVAL;
        s += len;
        if ( *s == ',' )
            s++;
    }
    console_com1 = com1;
    return 0;
}
custom_param("console", parse_console);

static void conring_put(const char *s, size_t len)
{
    for ( size_t i = 0; i < len; i++ )
        conring[(conring_prod + i) % CONRING_SIZE] = s[i];
    conring_prod += len;
}

static void drivers_write(const char *s, size_t len)
{
    if ( console_started && console_com1 )
        serial_write(s, len);
}

void console_write(const char *s, size_t len)
{
    conring_put(s, len);
    drivers_write(s, len);
}

/* console_to_ring: the hardware domain's output also goes to the ring (Xen's option). */
static bool console_to_ring;
boolean_param("console_to_ring", console_to_ring);

void console_write_hwdom(const char *s, size_t len)
{
    unsigned long flags = 0;
    bool taken = console_lock_get(&flags);

    if ( console_to_ring )
        conring_put(s, len);
    drivers_write(s, len);
    console_lock_put(taken, flags);
}

size_t console_ring_copy(char *buf, size_t size)
{
    uint64_t held = conring_prod < CONRING_SIZE ? conring_prod : CONRING_SIZE;
    uint64_t from;
    size_t n;

    if ( size == 0 )
        return 0;
    n = held < size - 1 ? (size_t)held : size - 1;
    from = conring_prod - n;
    for ( size_t i = 0; i < n; i++ )
        buf[i] = conring[(from + i) % CONRING_SIZE];
    buf[n] = '\0';
    return n;
}

uint64_t console_ring_produced(void)
{
    return conring_prod;
}

/* The oldest byte still held: not yet overwritten, and not cleared. */
static uint64_t conring_oldest(void)
{
    uint64_t kept = conring_prod < CONRING_SIZE ? 0 : conring_prod - CONRING_SIZE;

    return conring_cleared > kept ? conring_cleared : kept;
}

/*
 * The byte counter a 32-bit reader's index stands for, if it lies within the
 * held bytes or just past the newest one; false otherwise.
 */
static bool conring_index_held(uint32_t index, uint64_t *at)
{
    uint64_t held = conring_prod - conring_oldest();
    uint32_t back = (uint32_t)conring_prod - index; /* bytes from index to the newest */

    if ( back > held )
        return false;
    *at = conring_prod - back;
    return true;
}

uint32_t console_ring_start(bool incremental, uint32_t index)
{
    unsigned long flags = 0;
    bool taken = console_lock_get(&flags);
    uint64_t at;

    if ( !incremental || !conring_index_held(index, &at) )
        at = conring_oldest();
    console_lock_put(taken, flags);
    return (uint32_t)at;
}

size_t console_ring_fetch(uint32_t *pos, char *buf, size_t max)
{
    unsigned long flags = 0;
    bool taken = console_lock_get(&flags);
    uint64_t at;
    size_t n;

    if ( !conring_index_held(*pos, &at) )
        at = conring_oldest(); /* overwritten or cleared while the reader was away */
    n = conring_prod - at < max ? (size_t)(conring_prod - at) : max;
    for ( size_t i = 0; i < n; i++ )
        buf[i] = conring[(at + i) % CONRING_SIZE];
    *pos = (uint32_t)(at + n);
    console_lock_put(taken, flags);
    return n;
}

void console_ring_clear(uint32_t pos)
{
    unsigned long flags = 0;
    bool taken = console_lock_get(&flags);
    uint64_t at;

    if ( conring_index_held(pos, &at) )
        conring_cleared = at;
    console_lock_put(taken, flags);
}

void console_start(void)
{
    uint64_t held = conring_prod < CONRING_SIZE ? conring_prod : CONRING_SIZE;
    uint64_t from = conring_prod - held;

    if ( console_com1 )
        serial_init();
    console_started = true;
    /* Replay what was logged before any driver was up. */
    for ( uint64_t i = from; i < conring_prod; i++ )
        drivers_write(&conring[i % CONRING_SIZE], 1);
}

void console_write_line(const char *prefix, const char *s, size_t len)
{
    unsigned long flags = 0;
    bool taken = console_lock_get(&flags);

    console_write(prefix, strlen(prefix));
    console_write(s, len);
    console_lock_put(taken, flags);
}

/* Write text, inserting the prefix at the start of every line. */
static void prefixed_write(const char *s, size_t len)
{
    static const char prefix[] = "(XEN) ";
    unsigned long flags = 0;
    bool taken = console_lock_get(&flags);

    while ( len )
    {
        const char *nl = memchr(s, '\n', len);
        size_t chunk = nl ? (size_t)(nl - s) + 1 : len;

        if ( line_start )
            console_write(prefix, sizeof(prefix) - 1);
        console_write(s, chunk);
        line_start = nl != NULL;
        s += chunk;
        len -= chunk;
    }
    console_lock_put(taken, flags);
}

void vprintk(const char *fmt, va_list ap)
{
    char buf[1024];
    int n = vscnprintf(buf, sizeof(buf), fmt, ap);

    prefixed_write(buf, n);
}

void printk(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
}

void panic(const char *fmt, ...)
{
    va_list ap;

    if ( !console_started )
        console_start(); /* a panic must be seen even before the console was set up */
    if ( !line_start )
        printk("\n");
    printk("****************************************\n");
    printk("Panic on CPU 0:\n");
    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
    if ( !line_start )
        printk("\n");
    printk("****************************************\n");
    machine_shutdown(XEN_SHUTDOWN_crash);
}

static struct timer input_timer;

static void input_poll(void *data)
{
    int c;

    (void)data;
    while ( (c = serial_getc()) >= 0 )
        keyhandler_queue((unsigned char)c);
    set_timer(&input_timer, NOW() + MILLISECS(10));
}

void console_start_input(void)
{
    init_timer(&input_timer, input_poll, NULL, smp_processor_id());
    set_timer(&input_timer, NOW() + MILLISECS(10));
}
