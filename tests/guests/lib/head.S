/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Entry of a guest test kernel: the Xen ELF notes that tell the domain builder
 * how to load it, the start of day (stack, then guest_main), the hypercall
 * page, and the exception entry stubs that hand a frame to guest_trap().
 */
#include "public/elfnote.h"
#include "public/xen.h"

/* One ELF note named "Xen": its type, then the descriptor's data. */
.macro xen_note_begin type
    .pushsection .note.Xen, "a", @note
    .balign 4
    .long 4
    .long 952f - 951f
    .long \type
    .asciz "Xen"
    .balign 4
951:
.endm
.macro xen_note_end
952: .balign 4
    .popsection
.endm
.macro xen_note_str type, str
    xen_note_begin \type
    .asciz "\str"
    xen_note_end
.endm
.macro xen_note_quad type, value
    xen_note_begin \type
    .quad \value
    xen_note_end
.endm

    xen_note_str XEN_ELFNOTE_GUEST_OS, "xen-guest-tests"
    xen_note_str XEN_ELFNOTE_GUEST_VERSION, "1"
    xen_note_str XEN_ELFNOTE_XEN_VERSION, "xen-3.0"
    xen_note_str XEN_ELFNOTE_LOADER, "generic"
    xen_note_str XEN_ELFNOTE_FEATURES, "dom0"
    xen_note_quad XEN_ELFNOTE_VIRT_BASE, 0
    xen_note_quad XEN_ELFNOTE_PADDR_OFFSET, 0
    xen_note_quad XEN_ELFNOTE_ENTRY, _start
    xen_note_quad XEN_ELFNOTE_HYPERCALL_PAGE, hypercall_page

    .section .text.head, "ax", @progbits
    .code64
    .globl _start
_start:
    /* The TSC at the first instruction, for the boot-time benchmark. */
    rdtsc
    shl $32, %rdx
    or %rdx, %rax
    mov %rax, guest_entry_tsc(%rip)
    /* %rsi: start_info. Our own stack, then C. */
    lea boot_stack_top(%rip), %rsp
    mov %rsi, %rdi
    call guest_main
1:  ud2
    jmp 1b

    /* Filled by the hypervisor with one 32-byte stub per hypercall. */
    .section .text.hypercall_page, "ax", @progbits
    .balign 4096
    .globl hypercall_page
hypercall_page:
    .fill 4096, 1, 0xcc

/*
 * Exception entry. The hypervisor delivers a PV exception with %rcx and %r11
 * on top of the frame (rcx lowest), then the error code for the vectors that
 * have one, then rip, cs, rflags, rsp, ss. The stubs restore %rcx/%r11, make
 * every frame look alike (vector, error code) and join trap_common.
 */
.macro trap_stub vec, has_error
    .globl trap_entry_\vec
trap_entry_\vec:
    pop %rcx
    pop %r11
    .if \has_error == 0
    push $0
    .endif
    push $\vec
    jmp trap_common
.endm

    .text
    trap_stub 0, 0
    trap_stub 1, 0
    trap_stub 3, 0
    trap_stub 4, 0
    trap_stub 5, 0
    trap_stub 6, 0
    trap_stub 7, 0
    trap_stub 8, 1
    trap_stub 10, 1
    trap_stub 11, 1
    trap_stub 12, 1
    trap_stub 13, 1
    trap_stub 14, 1
    trap_stub 16, 0
    trap_stub 17, 1
    trap_stub 18, 0
    trap_stub 19, 0

/*
 * Event upcall (registered with CALLBACKOP_register): the same frame as an
 * exception without error code; it reaches guest_trap() as vector
 * GUEST_EVENT_VECTOR.
 */
    .globl event_entry
event_entry:
    pop %rcx
    pop %r11
    push $0
    push $0x100
    jmp trap_common

trap_common:
    push %rdi
    push %rsi
    push %rdx
    push %rcx
    push %rax
    push %r8
    push %r9
    push %r10
    push %r11
    push %rbx
    push %rbp
    push %r12
    push %r13
    push %r14
    push %r15
    mov %rsp, %rdi
    call guest_trap
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbp
    pop %rbx
    pop %r11
    pop %r10
    pop %r9
    pop %r8
    pop %rax
    pop %rcx
    pop %rdx
    pop %rsi
    pop %rdi
    add $16, %rsp /* vector, error code */
    /*
     * Return through the iret hypercall: its stub pushes %rcx, %r11, %rax on
     * top of our `flags` word and the rip..ss frame (struct iret_context).
     */
    push $0
    jmp hypercall_page + __HYPERVISOR_iret * 32

    .data
    .balign 8
    .globl guest_entry_tsc
guest_entry_tsc:
    .quad 0

    .bss
    .balign 4096
boot_stack:
    .skip 4 * 4096
boot_stack_top:
