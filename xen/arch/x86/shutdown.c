/* SPDX-License-Identifier: GPL-2.0-only */
/* Stopping an x86 machine: tell QEMU why, then reset or halt; the noreboot option. */
#include <asm/debug_exit.h>
#include <asm/io.h>
#include <xen/arch.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/shutdown.h>
#include <xen/string.h>

/* noreboot: on reboot or crash, halt instead of resetting the machine. */
static bool opt_noreboot;
boolean_param("noreboot", opt_noreboot);

static void cpuid(uint32_t leaf, uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d)
{
    __asm__ __volatile__("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "0"(leaf), "2"(0));
}

/* True when the CPUID hypervisor leaf says QEMU (TCG or KVM) runs us. */
static bool running_under_qemu(void)
{
    uint32_t a, b, c, d;
    char sig[13];

    cpuid(1, &a, &b, &c, &d);
    if ( !(c & (1u << 31)) )
        return false;
    cpuid(0x40000000, &a, &b, &c, &d);
    memcpy(sig + 0, &b, 4);
    memcpy(sig + 4, &c, 4);
    memcpy(sig + 8, &d, 4);
    sig[12] = '\0';
    return !strcmp(sig, "TCGTCGTCGTCG") || !memcmp(sig, "KVMKVMKVM", 9);
}

void arch_halt(void)
{
    for ( ;; )
        __asm__ __volatile__("cli; hlt");
}

void arch_shutdown(unsigned int reason)
{
    /* Under QEMU, an isa-debug-exit device (if present) ends the emulator here. */
    if ( running_under_qemu() )
        outb(DEBUG_EXIT_BASE + reason, DEBUG_EXIT_PORT);

    if ( (reason == XEN_SHUTDOWN_reboot || reason == XEN_SHUTDOWN_crash) && !opt_noreboot )
    {
        printk("Resetting the machine\n");
        outb(0xfe, 0x64); /* pulse the reset line through the keyboard controller */
    }
    else if ( reason == XEN_SHUTDOWN_poweroff )
        printk("Power-off is not implemented (no ACPI yet): halting; it is safe to switch off\n");
    else
        printk("Halting ('noreboot' given)\n");
    arch_halt();
}
