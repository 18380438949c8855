/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exception and interrupt entry: one stub per vector builds a struct
 * cpu_user_regs (error code and vector in one quadword) and calls handle_trap().
 */
#include <asm/config.h>
#include <asm/asm_defns.h>
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
        SAVE_ALL
        mov     %rsp, %rdi
        call    handle_trap
        RESTORE_ALL
        iretq
