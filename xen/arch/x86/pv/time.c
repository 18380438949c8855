/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PV time: each vCPU's vcpu_time_info (a TSC snapshot, the system time at it and
 * the scale from TSC ticks to nanoseconds) and the domain's wallclock, both
 * published with the version protocol (odd while being written). The wallclock
 * comes from the CMOS real-time clock, read once at boot.
 */
#include <asm/io.h>
#include <asm/processor.h>
#include <asm/time.h>
#include <public/xen.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/time.h>

static uint32_t tsc_mul; /* ns = ((ticks << or >> shift) * mul) >> 32 */
static int8_t tsc_shift;
static uint64_t boot_wallclock;    /* seconds since 1970 at system time 0 */
static uint32_t boot_wallclock_ns; /* and nanoseconds */

static unsigned int cmos_read(unsigned int reg)
{
    outb(reg, 0x70);
    return inb(0x71);
}

static unsigned int bcd(unsigned int v, bool binary)
{
    return binary ? v : (v & 0xf) + (v >> 4) * 10;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static uint64_t days_since_epoch(unsigned int y, unsigned int m, unsigned int d)
{
    static const unsigned int before[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    uint64_t days = 365ULL * (y - 1970) + before[(m - 1) % 12] + d - 1;

    for ( unsigned int yy = 1970; yy < y; yy++ )
        days += (yy % 4 == 0 && (yy % 100 != 0 || yy % 400 == 0));
    if ( m > 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) )
        days++;
    return days;
}

/** Read the RTC and compute the TSC scale for guests; boot CPU, after time_calibrate(). */
void pv_time_init(void);

void pv_time_init(void)
{
    uint64_t hz = (uint64_t)tsc_khz * 1000;
    unsigned int sec, min, hour, day, mon, year, statb;
    bool binary;
    s_time_t now;

    /* Smallest shift whose multiplier fits 32 bits keeps the most precision. */
    for ( tsc_shift = -8; tsc_shift <= 8; tsc_shift++ )
    {
        uint64_t scaled = tsc_shift >= 0 ? hz << tsc_shift : hz >> -tsc_shift;
        uint64_t mul = scaled ? (1000000000ULL << 32) / scaled : ~0ULL;

        if ( mul <= 0xffffffffULL )
        {
            tsc_mul = (uint32_t)mul;
            break;
        }
    }

    /* Wait out an update in progress, then read (BCD unless the status says binary). */
    for ( unsigned int i = 0; i < 1000000 && (cmos_read(0x0a) & 0x80); i++ )
        ;
    now = NOW();
    statb = cmos_read(0x0b);
    binary = statb & 0x04;
    sec = bcd(cmos_read(0x00), binary);
    min = bcd(cmos_read(0x02), binary);
    hour = bcd(cmos_read(0x04) & 0x7f, binary);
    day = bcd(cmos_read(0x07), binary);
    mon = bcd(cmos_read(0x08), binary);
    year = bcd(cmos_read(0x09), binary) + 2000;
    if ( !(statb & 0x02) && (cmos_read(0x04) & 0x80) )
        hour = (hour % 12) + 12; /* 12-hour mode, PM */
    if ( mon < 1 || mon > 12 || day < 1 || day > 31 )
        mon = day = 1;
    boot_wallclock = days_since_epoch(year, mon, day) * 86400 + hour * 3600 + min * 60 + sec -
                     (uint64_t)(now / 1000000000);
    printk("Wallclock: %04u-%02u-%02u %02u:%02u:%02u UTC (RTC); guest TSC scale %u >> %d\n", year,
           mon, day, hour, min, sec, tsc_mul, tsc_shift);
}

/** Publish the domain's wallclock in its shared_info. */
void pv_update_wallclock(struct domain *d);

void pv_update_wallclock(struct domain *d)
{
    struct shared_info *s = d->shared_info;

    __atomic_fetch_add(&s->wc_version, 1, __ATOMIC_SEQ_CST);
    s->wc_sec = (uint32_t)boot_wallclock;
    s->wc_sec_hi = (uint32_t)(boot_wallclock >> 32);
    s->wc_nsec = boot_wallclock_ns;
    __atomic_fetch_add(&s->wc_version, 1, __ATOMIC_SEQ_CST);
}

/**
 * Set the wallclock so that it reads secs.nsecs at system time system_time
 * (platform_op settime), and publish it to every domain.
 */
void pv_set_wallclock(uint64_t secs, uint32_t nsecs, uint64_t system_time);

void pv_set_wallclock(uint64_t secs, uint32_t nsecs, uint64_t system_time)
{
    /* Wallclock at system time 0, in ns (secs < 2^34: no overflow); clamped at the epoch. */
    uint64_t ns = secs * 1000000000u + nsecs;
    struct domain *d;

    ns = ns > system_time ? ns - system_time : 0;
    boot_wallclock = (uint64_t)(ns / 1000000000u);
    boot_wallclock_ns = (uint32_t)(ns % 1000000000u);
    for ( d = domain_list; d != NULL; d = d->next_in_list )
        pv_update_wallclock(d);
}

/** Refresh v's vcpu_time_info (before it runs). */
void pv_update_vcpu_time(struct vcpu *v);

void pv_update_vcpu_time(struct vcpu *v)
{
    struct vcpu_time_info *t = &v->vcpu_info->time;
    uint64_t tsc = rdtsc();

    __atomic_fetch_add(&t->version, 1, __ATOMIC_SEQ_CST);
    t->tsc_timestamp = tsc;
    t->system_time = (uint64_t)NOW();
    t->tsc_to_system_mul = tsc_mul;
    t->tsc_shift = tsc_shift;
    t->flags = 0;
    __atomic_fetch_add(&t->version, 1, __ATOMIC_SEQ_CST);
}
