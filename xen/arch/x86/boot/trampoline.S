/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Secondary CPU start-up code: copied to a page below 1 MiB (TRAMPOLINE_PHYS),
 * entered in real mode by a STARTUP IPI, it goes through protected mode into
 * long mode on the idle page tables and jumps to start_secondary() on the stack
 * the boot CPU prepared. The boot CPU fills the tramp_* slots before each start.
 */
#define CR0_PE   (1 << 0)
#define CR0_WP   (1 << 16)
#define CR0_PG   (1 << 31)
#define CR4_PAE  (1 << 5)
#define CR4_PGE  (1 << 7)
#define MSR_EFER 0xc0000080
#define EFER_LME (1 << 8)
#define EFER_NXE (1 << 11)

#define OFF(x) ((x) - trampoline_start)

        .section .rodata.trampoline, "a"
        .balign 16
        .globl trampoline_start, trampoline_end
        .globl tramp_cr3, tramp_efer, tramp_stack, tramp_entry, tramp_gdtr_base
        .globl tramp_jump32, tramp_jump64, tramp_gdt, tramp32, tramp64
        .code16
trampoline_start:
        cli
        cld
        mov     %cs, %ax
        mov     %ax, %ds
        /* ebx = physical base of this page, for 32-bit addressing below. */
        xor     %ebx, %ebx
        mov     %cs, %bx
        shl     $4, %ebx
        lgdtl   OFF(tramp_gdtr)
        mov     %cr0, %eax
        or      $CR0_PE, %eax
        mov     %eax, %cr0
        ljmpl   *OFF(tramp_jump32)

        .code32
tramp32:
        mov     $0x10, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        mov     %cr4, %eax
        or      $(CR4_PAE | CR4_PGE), %eax
        mov     %eax, %cr4
        mov     OFF(tramp_cr3)(%ebx), %eax
        mov     %eax, %cr3
        mov     $MSR_EFER, %ecx
        rdmsr
        or      OFF(tramp_efer)(%ebx), %eax
        wrmsr
        mov     %cr0, %eax
        or      $(CR0_PG | CR0_WP), %eax
        mov     %eax, %cr0
        ljmp    *OFF(tramp_jump64)(%ebx)

        .code64
tramp64:
        xor     %ebp, %ebp              /* ends the call trace */
        mov     OFF(tramp_stack)(%rbx), %rsp
        mov     OFF(tramp_entry)(%rbx), %rax
        jmp     *%rax

        .balign 8
tramp_gdt:
        .quad   0
        .quad   0x00cf9a000000ffff      /* 0x08: 32-bit code */
        .quad   0x00cf92000000ffff      /* 0x10: data */
        .quad   0x00af9a000000ffff      /* 0x18: 64-bit code */
tramp_gdt_end:
        .balign 8
tramp_gdtr:
        .short  tramp_gdt_end - tramp_gdt - 1
tramp_gdtr_base:
        .long   0                       /* physical address of tramp_gdt */
        .balign 8
tramp_jump32:
        .long   0                       /* physical address of tramp32 */
        .short  0x08
        .balign 8
tramp_jump64:
        .long   0                       /* physical address of tramp64 */
        .short  0x18
        .balign 8
tramp_cr3:
        .quad   0
tramp_efer:
        .quad   0
tramp_stack:
        .quad   0
tramp_entry:
        .quad   0
trampoline_end:
