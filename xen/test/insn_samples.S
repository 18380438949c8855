/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest stores for test_insn.c, assembled by the host's own assembler, which
 * is the oracle for their encodings and lengths: sample i lies at
 * insn_samples + insn_offsets[i], up to insn_offsets[i + 1]. Data, never run.
 */
        .section .rodata
        .globl insn_samples, insn_offsets, insn_nr_samples
insn_samples:
s0:     mov     %rax, (%rdi)
s1:     mov     %r9, 0x10(%rsp)
s2:     movl    $0x12345678, (%rdx)
s3:     movq    $-2, 0x100(%rbx)
s4:     movw    $0xbeef, (%rax)
s5:     movb    $0x7f, (%rcx)
s6:     mov     %al, (%rsi)
s7:     mov     %r12b, 7(%rdi)
s8:     lock cmpxchg %rcx, (%rdx)
s9:     xchg    %rdx, (%rax)
s10:    lock orq $2, (%rdi)
s11:    andq    $-3, (%rdi)
s12:    orb     $0x40, 3(%rdi)
s13:    lock btsq %rsi, (%rdi)
s14:    btrq    %rax, (%rdi)
s15:    mov     %rax, 0x12345678(%rip)
s16:    mov     %rax, (,%rcx,8)
s17:    mov     %rax, %fs:(%rdi)
s18:    ds mov  %rax, (%rdi)
s19:    orq     $0x100000, (%rdi)
s20:    or      %rax, (%rdi)
s21:    and     %r11, 0x80(%r13)
s22:    movl    %eax, (%rdi)
s23:    movw    %ax, 2(%rdi)
/* Not stores the decoder takes: register destinations, loads, other opcodes. */
s24:    mov     %rax, %rbx
s25:    add     %rax, (%rdi)
s26:    movq    $1, %rax
s27:    mov     (%rdi), %rax
s28:    .byte   0xc7, 0x0f, 1, 0, 0, 0 /* c7 /1: no mov */
s29:    .byte   0x48, 0x48, 0x48, 0x48, 0x48, 0x48, 0x48, 0x48, 0x48, 0x48, 0x48, 0x48, 0x48, 0x89, 0x07 /* 15 bytes */
s30:    .byte   0x48, 0x48, 0x48, 0x48, 0x48, 0x48, 0x48, 0x48, 0x48, 0x48, 0x48, 0x48, 0x48, 0x48, 0x89, 0x07 /* 16 */
s31:
        .p2align 2
insn_offsets:
        .long   s0 - s0, s1 - s0, s2 - s0, s3 - s0, s4 - s0, s5 - s0, s6 - s0, s7 - s0
        .long   s8 - s0, s9 - s0, s10 - s0, s11 - s0, s12 - s0, s13 - s0, s14 - s0, s15 - s0
        .long   s16 - s0, s17 - s0, s18 - s0, s19 - s0, s20 - s0, s21 - s0, s22 - s0, s23 - s0
        .long   s24 - s0, s25 - s0, s26 - s0, s27 - s0, s28 - s0, s29 - s0, s30 - s0, s31 - s0
insn_nr_samples:
        .long   31
        .section .note.GNU-stack, "", @progbits
