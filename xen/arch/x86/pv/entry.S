/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PV guest entry and exit: the syscall path (hypercalls and the guest's own
 * syscalls) and the return to a guest through iretq from the frame in
 * cpu_info->guest_cpu_user_regs.
 */
#include <asm/config.h>
#include <asm/desc.h>
#include <asm/asm_defns.h>
#include <generated/asm-offsets.h>

/* Marks a frame built by the syscall path (not a hardware vector). */
#define SYSCALL_ENTRY_VECTOR 0x100

        .text
/*
 * Reached from this CPU's syscall stub (pv/traps.c writes it): guest rsp and ss
 * are already pushed at the top of the guest frame; rcx = guest rip, r11 =
 * guest rflags, interrupts off.
 */
        .globl lstar_common
lstar_common:
        push    %r11                    /* rflags */
        pushq   $FLAT_RING3_CS64        /* cs */
        push    %rcx                    /* rip */
        pushq   $0
        movl    $SYSCALL_ENTRY_VECTOR, 4(%rsp)
        SAVE_ALL
        cld
        xor     %ebp, %ebp
        mov     %rsp, %rdi
        call    pv_syscall_entry        /* returns only to go back to the guest */
        jmp     restore_guest_regs

/*
 * Return to the guest whose frame is at %rsp (this CPU's guest_cpu_user_regs),
 * after pv_exit_to_guest() ran softirqs and delivered events.
 */
        .globl restore_guest_regs
restore_guest_regs:
        cli
        mov     %rsp, %rdi
        call    pv_exit_to_guest
        RESTORE_ALL
        iretq

/* Start running a guest: its frame is in place; reset the stack onto it. */
        .globl pv_enter_guest
pv_enter_guest:
        mov     %rdi, %rsp
        jmp     restore_guest_regs

/* Reset this CPU's stack to just below its cpu_info and run fn (rdi). */
        .globl reset_stack_and_call
reset_stack_and_call:
        mov     %rsi, %rsp
        xor     %ebp, %ebp
        call    *%rdi
        ud2
