/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PV guest entry and exit: the syscall path (hypercalls and the guest's own
 * syscalls) and the return to a guest from the frame in
 * cpu_info->guest_cpu_user_regs, through sysretq when the frame allows it and
 * iretq otherwise.
 */
#include <asm/config.h>
#include <asm/desc.h>
#include <asm/asm_defns.h>
#include <generated/asm-offsets.h>

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
        movl    $PV_SYSCALL_VECTOR, 4(%rsp) /* a syscall frame (asm/regs.h) */
        SAVE_ALL
        cld
        xor     %ebp, %ebp
        mov     %rsp, %rdi
        call    pv_syscall_entry        /* returns only to go back to the guest */
        jmp     restore_guest_regs

/*
 * Return to the guest whose frame is at %rsp (this CPU's guest_cpu_user_regs),
 * after pv_exit_to_guest() ran softirqs and delivered events. It answers true
 * when sysretq restores the frame exactly (rcx = rip, r11 = rflags, flat ring 3
 * selectors): sysretq reads no descriptor and no stack, cheaper than iretq.
 */
        .globl restore_guest_regs
restore_guest_regs:
        cli
        mov     %rsp, %rdi
        call    pv_exit_to_guest
        test    %al, %al
        jz      .Liret
        /*
         * Never sysretq to a non-canonical rip: the CPU would raise #GP in ring 0
         * with the guest's rsp already loaded (CVE-2012-0217). The C side checked
         * it too; this check sits beside the instruction it protects.
         */
        mov     UREGS_rip(%rsp), %rcx
        mov     %rcx, %r11
        sar     $47, %r11               /* 0 or -1 when canonical */
        inc     %r11
        cmp     $1, %r11
        ja      .Liret
        RESTORE_GPRS_BUT_RCX_R11
        mov     UREGS_rflags(%rsp), %r11
        /* Interrupts are off and NMI, #DF and #MC run on IST stacks: the guest rsp is safe here. */
        mov     UREGS_rsp(%rsp), %rsp
        sysretq
.Liret:
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
