/* SPDX-License-Identifier: GPL-2.0-only */
/* Assembly macros shared by the entry paths: saving and restoring a struct cpu_user_regs. */
#ifndef ASM_X86_ASM_DEFNS_H
#define ASM_X86_ASM_DEFNS_H

#ifdef __ASSEMBLY__
/* Assembler macros, not C: */
/* clang-format off */
#include <generated/asm-offsets.h>

/* With rsp at the frame's error_code/vector quadword: make room and save every GPR. */
.macro SAVE_ALL
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
.endm

/*
 * With rsp at the frame: reload every GPR but rcx and r11, which sysretq takes
 * from the frame's rip and rflags instead; rsp stays at the frame.
 */
.macro RESTORE_GPRS_BUT_RCX_R11
        mov     UREGS_r15(%rsp), %r15
        mov     UREGS_r14(%rsp), %r14
        mov     UREGS_r13(%rsp), %r13
        mov     UREGS_r12(%rsp), %r12
        mov     UREGS_rbp(%rsp), %rbp
        mov     UREGS_rbx(%rsp), %rbx
        mov     UREGS_r10(%rsp), %r10
        mov     UREGS_r9(%rsp), %r9
        mov     UREGS_r8(%rsp), %r8
        mov     UREGS_rax(%rsp), %rax
        mov     UREGS_rdx(%rsp), %rdx
        mov     UREGS_rsi(%rsp), %rsi
        mov     UREGS_rdi(%rsp), %rdi
.endm

/* With rsp at the frame: reload every GPR and leave rsp at the hardware frame (rip). */
.macro RESTORE_ALL
        RESTORE_GPRS_BUT_RCX_R11
        mov     UREGS_r11(%rsp), %r11
        mov     UREGS_rcx(%rsp), %rcx
        add     $UREGS_rip, %rsp
.endm
/* clang-format on */
#endif /* __ASSEMBLY__ */

#endif /* ASM_X86_ASM_DEFNS_H */
