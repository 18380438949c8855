/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The system clock: the TSC, calibrated against PIT channel 2 (1.193182 MHz),
 * scaled to nanoseconds with a 32.32 fixed-point multiplier.
 */
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/processor.h>
#include <asm/time.h>
#include <xen/lib.h>
#include <xen/time.h>

#define PIT_HZ   1193182
#define PIT_CH2  0x42
#define PIT_MODE 0x43
#define PORT_B   0x61 /* bit 0: ch2 gate, bit 1: speaker, bit 5: ch2 output */

unsigned long tsc_khz;
static uint64_t tsc_at_boot;
static uint64_t ns_per_tsc_32; /* nanoseconds per TSC tick, << 32 */

void pit_wait_ms(unsigned int ms)
{
    while ( ms )
    {
        unsigned int chunk = ms > 50 ? 50 : ms;
        uint16_t count = (uint16_t)((PIT_HZ * (unsigned long)chunk) / 1000);
        uint8_t b = inb(PORT_B);

        /* Channel 2, lobyte/hibyte, mode 0 (interrupt on terminal count). */
        outb((b & ~0x02) | 0x01, PORT_B);
        outb(0xb0, PIT_MODE);
        outb(count & 0xff, PIT_CH2);
        outb(count >> 8, PIT_CH2);
        while ( !(inb(PORT_B) & 0x20) )
            __asm__ __volatile__("pause");
        ms -= chunk;
    }
}

s_time_t NOW(void)
{
    uint64_t delta = rdtsc() - tsc_at_boot;

    return (s_time_t)(((unsigned __int128)delta * ns_per_tsc_32) >> 32);
}

void udelay(unsigned long us)
{
    s_time_t end = NOW() + MICROSECS(us);

    while ( NOW() < end )
        __asm__ __volatile__("pause");
}

void time_calibrate(void)
{
    uint64_t t0, t1;

    t0 = rdtsc();
    pit_wait_ms(50);
    t1 = rdtsc();
    tsc_khz = (unsigned long)((t1 - t0) / 50);
    if ( tsc_khz == 0 )
        panic("TSC does not count\n");
    ns_per_tsc_32 = (1000000ULL << 32) / tsc_khz;
    tsc_at_boot = rdtsc();
    printk("Detected %lu.%03lu MHz processor.\n", tsc_khz / 1000, tsc_khz % 1000);
}
