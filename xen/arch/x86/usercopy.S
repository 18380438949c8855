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
        mov     %rdx, %rcx
1:      rep movsb
        xor     %eax, %eax
        ret
2:      mov     %rcx, %rax              /* bytes left when the fault hit */
        ret

        .section __ex_table, "a"
        .balign 8
        .quad   1b, 2b
        .previous
