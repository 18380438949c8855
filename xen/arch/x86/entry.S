/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exception and interrupt entry: one stub per vector builds a struct
 * cpu_user_regs (error code and vector in one quadword) and calls handle_trap().
 */
#include <asm/config.h>
#include <generated/asm-offsets.h>

/* Vectors for which the CPU pushes an error code. */
#define HAS_ERRCODE(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || \
                        (v) == 29 || (v) == 30)

        .text
/* The stub of vector v is at entry_stubs + v * 16. */
        .balign 16
        .globl entry_stubs
entry_stubs:
        .set vec, 0
        .rept 256
        .balign 16
        .if !HAS_ERRCODE(vec)
        pushq   $0
        .endif
        movl    $vec, 4(%rsp)
        /* jmp rel32 spelled out: 2 + 8 + 5 bytes always fit the 16-byte slot. */
        .byte   0xe9
        .long   common_entry - (. + 4)
        .set vec, vec + 1
        .endr

common_entry:
        cld
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
        mov     %rsp, %rdi
        call    handle_trap
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
