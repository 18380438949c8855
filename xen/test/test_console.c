/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xen/common/console.c with a fake serial port: line prefixes, the ring buffer
 * (wrap-around keeps the newest bytes), replay at console start, console=
 * selection, dom0's text and guest lines from two CPUs kept whole, and panic
 * ending in a crash shutdown.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fake/fake.h"
#include "tap.h"

#include "fake/rename.h"
#include <xen/console.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/string.h>
#include <xen/shutdown.h>

/* The parameters registered by the code under test (host linker-made bounds). */
extern const struct kernel_param __start_xen_params[], __stop_xen_params[];

static unsigned int set(const char *cmdline)
{
    return cmdline_parse(cmdline, __start_xen_params, __stop_xen_params);
}

static char ring[CONRING_SIZE + 1];

static void test_before_start(void)
{
    xen_printk("early %d\n", 1);
    ok(fake_serial_len == 0 && fake_serial_inits == 0,
       "nothing reaches the serial port before start");
    console_ring_copy(ring, sizeof(ring));
    ok(!strcmp(ring, "(XEN) early 1\n"), "but the ring has it, prefixed");

    console_start();
    ok(fake_serial_inits == 1, "start initialises COM1 once");
    ok(!strcmp(fake_serial_buf, "(XEN) early 1\n"), "start replays the ring to COM1 (%s)",
       fake_serial_buf);
}

static void test_prefixes(void)
{
    fake_serial_reset();
    xen_printk("a");
    xen_printk("b\nc\n");
    xen_printk("\n");
    ok(!strcmp(fake_serial_buf, "(XEN) ab\n(XEN) c\n(XEN) \n"),
       "one prefix per line, partial lines joined (%s)", fake_serial_buf);
}

static void test_ring_wrap(void)
{
    char line[64];
    uint64_t before = console_ring_produced();
    size_t n;

    for ( int i = 0; i < 2000; i++ )
        xen_printk("line %05d\n", i);
    ok(console_ring_produced() - before == 2000 * 17, "produced counts every byte");
    n = console_ring_copy(ring, sizeof(ring));
    ok(n == CONRING_SIZE, "a full ring copies CONRING_SIZE bytes (%zu)", n);
    snprintf(line, sizeof(line), "(XEN) line %05d\n", 1999);
    ok(!strcmp(ring + n - strlen(line), line), "the newest line is last");
    ok(strstr(ring, "line 00000") == NULL, "the oldest lines were overwritten");

    n = console_ring_copy(ring, 11);
    ok(n == 10 && !strcmp(ring, "ine 01999\n"),
       "a small buffer gets the newest bytes, NUL-terminated (%zu: %s)", n, ring);
    ok(console_ring_copy(ring, 0) == 0, "size 0 copies nothing");
}

static void test_console_option(void)
{
    ok(set("console=none") == 0, "console=none accepted");
    fake_serial_reset();
    xen_printk("hidden\n");
    ok(fake_serial_len == 0, "console=none keeps COM1 quiet");
    ok(set("console=com1,none") == 0, "console=com1,none accepted");
    xen_printk("shown\n");
    ok(strstr(fake_serial_buf, "shown") != NULL, "com1 back on");
    ok(set("console=vga9") == 1 && set("console=") == 1 && set("console") == 1,
       "unknown drivers and empty values rejected");
    ok(set("console=com1,") == 0, "a trailing comma is harmless");
}

/*
 * dom0's console_io text and a guest's line from two CPUs at once: the second
 * waits for the first (the console lock), so neither lands inside the other.
 * CPU 1 is held inside its line (the serial port stalls after its prefix)
 * while CPU 0 writes dom0's text. Regression: dom0's text went out unlocked and
 * split a domU's line ("(" + dom0's line + "d1) ...").
 */
static volatile int line_started;

static void stall_after_prefix(const char *s, size_t len)
{
    if ( fake_cpu == 1 && len == 5 && !memcmp(s, "(d1) ", 5) )
    {
        line_started = 1;
        usleep(200000);
    }
}

static void *guest_cpu(void *arg)
{
    (void)arg;
    fake_cpu = 1;
    console_write_line("(d1) ", "guest line\n", 11);
    return NULL;
}

static void test_hwdom_and_guest_lines(void)
{
    pthread_t t;

    fake_serial_reset();
    fake_serial_hook = stall_after_prefix;
    line_started = 0;
    if ( pthread_create(&t, NULL, guest_cpu, NULL) != 0 )
    {
        ok(0, "pthread_create");
        return;
    }
    while ( !line_started )
        usleep(1000);
    console_write_hwdom("dom0 text\r\n", 11);
    pthread_join(t, NULL);
    fake_serial_hook = NULL;
    ok(!strcmp(fake_serial_buf, "(d1) guest line\ndom0 text\r\n"),
       "dom0's text waits for the guest line another CPU is writing (%s)", fake_serial_buf);
}

static void test_panic(void)
{
    fake_serial_reset();
    fake_shutdown_armed = true;
    if ( setjmp(fake_shutdown_jmp) == 0 )
    {
        xen_panic("it broke: %d", 42);
        ok(0, "panic returned");
        return;
    }
    ok(fake_shutdown_reason == XEN_SHUTDOWN_crash, "panic shuts down with the crash reason");
    ok(strstr(fake_serial_buf, "(XEN) Panic on CPU 0:\n(XEN) it broke: 42\n") != NULL,
       "panic message printed (%s)", fake_serial_buf);
    ok(strstr(fake_serial_buf, "Machine shutting down: crash") != NULL, "shutdown reason printed");
}

int main(void)
{
    test_before_start();
    test_prefixes();
    test_ring_wrap();
    test_console_option();
    test_hwdom_and_guest_lines();
    test_panic();
    return tap_done();
}
