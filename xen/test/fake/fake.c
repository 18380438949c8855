/* SPDX-License-Identifier: GPL-2.0-only */
/* Fake serial driver and fake arch hooks for host unit tests (see fake.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake.h"

#include "rename.h"
#include <xen/arch.h>
#include <xen/mm.h>
#include <xen/serial.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/time.h>
#include <xen/tlbflush.h>

char fake_serial_buf[65536];
size_t fake_serial_len;
unsigned int fake_serial_inits;
jmp_buf fake_shutdown_jmp;
bool fake_shutdown_armed;
int fake_shutdown_reason = -1;

void fake_serial_reset(void)
{
    fake_serial_len = 0;
    fake_serial_buf[0] = '\0';
}

void serial_init(void)
{
    fake_serial_inits++;
}

void (*fake_serial_hook)(const char *s, size_t len);
_Thread_local unsigned int fake_cpu;

void serial_write(const char *s, size_t len)
{
    if ( fake_serial_hook )
        fake_serial_hook(s, len);
    for ( size_t i = 0; i < len && fake_serial_len + 1 < sizeof(fake_serial_buf); i++ )
        fake_serial_buf[fake_serial_len++] = s[i];
    fake_serial_buf[fake_serial_len] = '\0';
}

void arch_shutdown(unsigned int reason)
{
    fake_shutdown_reason = (int)reason;
    if ( fake_shutdown_armed )
    {
        fake_shutdown_armed = false;
        longjmp(fake_shutdown_jmp, 1);
    }
    fprintf(stderr, "unexpected arch_shutdown(%u)\n", reason);
    abort();
}

void arch_halt(void)
{
    fprintf(stderr, "unexpected arch_halt()\n");
    abort();
}

unsigned char *fake_ram;

void fake_ram_setup(unsigned long nr_frames)
{
    fake_ram = aligned_alloc(PAGE_SIZE, nr_frames * PAGE_SIZE);
    frame_table = calloc(nr_frames, sizeof(*frame_table));
    if ( fake_ram == NULL || frame_table == NULL )
        abort();
    max_page = nr_frames;
}

void *arch_mfn_to_virt(unsigned long mfn)
{
    return fake_ram + mfn * PAGE_SIZE;
}

unsigned long arch_virt_to_mfn(const void *va)
{
    return (unsigned long)(((const unsigned char *)va - fake_ram) / PAGE_SIZE);
}

void arch_cpu_relax(void)
{
}

uint64_t fake_tlb_flush_mask;
unsigned int fake_tlb_flushes;

void arch_flush_tlb_mask(uint64_t mask)
{
    uint64_t stamp = tlbflush_stamp();

    /* As the real one: each CPU of mask flushes after reading the clock past stamp. */
    fake_tlb_flushes++;
    fake_tlb_flush_mask |= mask;
    for ( unsigned int cpu = 0; cpu < 64; cpu++ )
        if ( mask >> cpu & 1 )
            tlbflush_note(cpu, stamp + 1);
}

bool fake_continuations;
unsigned int fake_continued;
uint64_t fake_continue_args[5];

bool arch_hypercall_continue(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4)
{
    if ( !fake_continuations )
        return false;
    fake_continued++;
    fake_continue_args[0] = a0, fake_continue_args[1] = a1, fake_continue_args[2] = a2;
    fake_continue_args[3] = a3, fake_continue_args[4] = a4;
    return true;
}

static unsigned long fake_irq_depth;

unsigned long arch_irq_save(void)
{
    return fake_irq_depth++;
}

void arch_irq_restore(unsigned long flags)
{
    fake_irq_depth = flags;
}

s_time_t fake_now;
s_time_t fake_deadline = STIME_MAX;
int fake_input[64];
unsigned int fake_input_len, fake_input_pos;

s_time_t NOW(void)
{
    return fake_now;
}

void arch_set_timer_deadline(s_time_t deadline)
{
    fake_deadline = deadline;
}

unsigned int smp_processor_id(void)
{
    return fake_cpu;
}

void arch_send_event_check(unsigned int cpu)
{
    (void)cpu;
}

void on_selected_cpus(uint64_t mask, void (*fn)(void *data), void *data)
{
    if ( mask & 1 )
        fn(data);
}

int serial_getc(void)
{
    return fake_input_pos < fake_input_len ? fake_input[fake_input_pos++] : -1;
}
