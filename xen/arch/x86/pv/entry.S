/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PV guest entry and exit: the syscall path (hypercalls and the guest's own
 * syscalls) and the return to a guest through iretq from the frame in
 * cpu_info->guest_cpu_user_regs.
 */
#include <asm/config.h>
#include <asm/desc.h>
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
        sub     $UREGS_error_code, %rsp
        mov     %rdi, UREGS_rdi(%rsp)
        mov     %rsi, UREGS_rsi(%rsp)
        mov     %rdx, UREGS_rdx(%rsp)
        mov     %rcx, UREGS_rcx(%rsp)
        mov     %rax, UREGS_rax(%rsp)
        mov     %r8, UREGS_r8(%rsp)
        mov     %r9, UREGS_r9(%rsp)
        mov     %r10, UREGS_r10(%rsp)
        mov     %r11, UREGS_r11(%rsp)
        mov     %rbx, UREGS_rbx(%rsp)
        mov     %rbp, UREGS_rbp(%rsp)
        mov     %r12, UREGS_r12(%rsp)
        mov     %r13, UREGS_r13(%rsp)
        mov     %r14, UREGS_r14(%rsp)
        mov     %r15, UREGS_r15(%rsp)
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
        mov     UREGS_r15(%rsp), %r15
        mov     UREGS_r14(%rsp), %r14
        mov     UREGS_r13(%rsp), %r13
        mov     UREGS_r12(%rsp), %r12
        mov     UREGS_rbp(%rsp), %rbp
        mov     UREGS_rbx(%rsp), %rbx
        mov     UREGS_r11(%rsp), %r11
        mov     UREGS_r10(%rsp), %r10
        mov     UREGS_r9(%rsp), %r9
        mov     UREGS_r8(%rsp), %r8
        mov     UREGS_rax(%rsp), %rax
        mov     UREGS_rcx(%rsp), %rcx
        mov     UREGS_rdx(%rsp), %rdx
        mov     UREGS_rsi(%rsp), %rsi
        mov     UREGS_rdi(%rsp), %rdi
        add     $UREGS_rip, %rsp
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
