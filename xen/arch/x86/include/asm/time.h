/* SPDX-License-Identifier: GPL-2.0-only */
/* x86 time: TSC calibration against the PIT, and the TSC-based system clock. */
#ifndef ASM_X86_TIME_H
#define ASM_X86_TIME_H

#include <xen/types.h>

/** TSC frequency in kHz (valid after time_calibrate()). */
extern unsigned long tsc_khz;

/**
 * Calibrate the TSC (and, through apic_calibrate_timer, the APIC timer)
 * against PIT channel 2, and start the system clock. Boot CPU, early.
 */
void time_calibrate(void);

/** Busy-wait for the PIT to count ms milliseconds (calibration and SMP boot). */
void pit_wait_ms(unsigned int ms);

/** Busy-wait us microseconds on the calibrated TSC. */
void udelay(unsigned long us);

#endif /* ASM_X86_TIME_H */
