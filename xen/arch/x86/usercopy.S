/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copies to and from guest memory that survive a fault: the faulting
 * instruction is listed in __ex_table with where to resume, and the copy then
 * returns how many bytes it did not copy.
 */
        .text
/* unsigned long raw_copy_from_guest(void *dst, const void *src, unsigned long n) */
        .globl raw_copy_from_guest, raw_copy_to_guest
raw_copy_from_guest:
raw_copy_to_guest:
        /* Quadwords, then the tail: a string instruction is one step per element under emulation. */
        mov     %rdx, %rcx
        shr     $3, %rcx
1:      rep movsq
        mov     %edx, %ecx
        and     $7, %ecx
2:      rep movsb
        xor     %eax, %eax
        ret
3:      and     $7, %edx                /* a fault in the quadwords: those left and the tail */
        lea     (%rdx,%rcx,8), %rax
        ret
4:      mov     %rcx, %rax              /* bytes left when the fault hit */
        ret

        .section __ex_table, "a"
        .balign 8
        .quad   1b, 3b
        .quad   2b, 4b
        .previous
