/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * First instructions: the multiboot 1 and 2 headers, the 32-bit entry point,
 * boot page tables, the switch to long mode and the jump to the linked address.
 */
#include <asm/config.h>
#include <asm/multiboot.h>
#include <generated/asm-offsets.h>

/* Physical address of a symbol while running from the load address. */
#define sym_phys(s)  ((s) - XEN_VIRT_START)

#define CR0_PE       (1 << 0)
#define CR0_WP       (1 << 16)
#define CR0_PG       (1 << 31)
#define CR4_PAE      (1 << 5)
#define MSR_EFER     0xc0000080
#define EFER_LME     (1 << 8)

#define PTE_P        0x001
#define PTE_RW       0x002
#define PTE_PSE      0x080
#define L4_SLOT(va)  (((va) >> 39) & 511)
#define L3_SLOT(va)  (((va) >> 30) & 511)

        .section .text.head, "ax", @progbits
        .code32
        .globl start
start:
        jmp     __start

        /* Multiboot 1 header: must be 4-byte aligned in the first 8 KiB. */
        .balign 4
mb1_header:
        .long   MB1_HEADER_MAGIC
        .long   MB1_HDR_PAGE_ALIGN | MB1_HDR_MEMORY_INFO
        .long   0x100000000 - (MB1_HEADER_MAGIC + (MB1_HDR_PAGE_ALIGN | MB1_HDR_MEMORY_INFO))

        /* Multiboot 2 header: 8-byte aligned in the first 32 KiB. */
        .balign 8
mb2_header:
        .long   MB2_HEADER_MAGIC
        .long   MB2_ARCH_I386
        .long   mb2_header_end - mb2_header
        .long   0x100000000 - (MB2_HEADER_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
        /* Ask for the command line, loader name, modules and memory map. */
        .balign 8
mb2_info_req:
        .short  MB2_HDR_TAG_INFO_REQ, MB2_HDR_TAG_OPTIONAL
        .long   mb2_info_req_end - mb2_info_req
        .long   MB2_TAG_CMDLINE, MB2_TAG_LOADER_NAME, MB2_TAG_MODULE, MB2_TAG_MMAP
mb2_info_req_end:
        /* Modules page aligned. */
        .balign 8
        .short  MB2_HDR_TAG_MOD_ALIGN, 0
        .long   8
        .balign 8
        .short  MB2_HDR_TAG_END, 0
        .long   8
mb2_header_end:

__start:
        cli
        cld
        /* Keep the loader's magic and info pointer while clearing .bss. */
        mov     %eax, %ebp
        mov     %ebx, %esi
        mov     $sym_phys(__bss_start), %edi
        mov     $sym_phys(__bss_end), %ecx
        sub     %edi, %ecx
        xor     %eax, %eax
        rep stosb
        mov     %ebp, sym_phys(boot_loader_magic)
        mov     %esi, sym_phys(boot_loader_info)

        /* The stack starts below the struct cpu_info at its top. */
        mov     $sym_phys(boot_stack + STACK_SIZE - CPUINFO_sizeof), %esp

        lgdt    sym_phys(boot_gdtr)
        mov     $BOOT_DS, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        ljmp    $BOOT_CS32, $sym_phys(1f)
1:
        /* Long mode: PAE, the boot page tables, EFER.LME, then paging. */
        mov     %cr4, %eax
        or      $CR4_PAE, %eax
        mov     %eax, %cr4
        mov     $sym_phys(boot_l4), %eax
        mov     %eax, %cr3
        mov     $MSR_EFER, %ecx
        rdmsr
        or      $EFER_LME, %eax
        wrmsr
        mov     %cr0, %eax
        or      $(CR0_PE | CR0_WP | CR0_PG), %eax
        mov     %eax, %cr0
        ljmp    $BOOT_CS64, $sym_phys(start64)

        .code64
start64:
        /* Still at the load address: jump to where we are linked. */
        movabs  $high_start, %rax
        jmp     *%rax

        .text
high_start:
        xor     %eax, %eax
        mov     %eax, %fs
        mov     %eax, %gs
        lea     boot_stack + STACK_SIZE - CPUINFO_sizeof(%rip), %rsp
        mov     boot_loader_magic(%rip), %edi
        mov     boot_loader_info(%rip), %esi
        xor     %ebp, %ebp
        call    __start_xen
        ud2

        .data
        .balign 8
        .globl boot_loader_magic, boot_loader_info
boot_loader_magic:
        .long   0
boot_loader_info:
        .long   0

        .balign 8
boot_gdt:
        .quad   0
        .quad   0x00cf9a000000ffff      /* BOOT_CS32: 32-bit flat code */
        .quad   0x00af9a000000ffff      /* BOOT_CS64: 64-bit code */
        .quad   0x00cf92000000ffff      /* BOOT_DS: flat data */
boot_gdt_end:
boot_gdtr:
        .short  boot_gdt_end - boot_gdt - 1
        .long   sym_phys(boot_gdt)

        /*
         * Boot page tables: physical 0..1 GiB mapped twice with 2 MiB pages, at 0
         * (so the switch to long mode keeps running) and at XEN_VIRT_START.
         */
        .section .data.page_aligned, "aw", @progbits
        .balign PAGE_SIZE
boot_l4:
        .quad   sym_phys(boot_l3_low) + (PTE_P | PTE_RW)
        .org    boot_l4 + L4_SLOT(XEN_VIRT_START) * 8
        .quad   sym_phys(boot_l3_high) + (PTE_P | PTE_RW)
        .org    boot_l4 + PAGE_SIZE
boot_l3_low:
        .quad   sym_phys(boot_l2) + (PTE_P | PTE_RW)
        .org    boot_l3_low + PAGE_SIZE
boot_l3_high:
        .org    boot_l3_high + L3_SLOT(XEN_VIRT_START) * 8
        .quad   sym_phys(boot_l2) + (PTE_P | PTE_RW)
        .org    boot_l3_high + PAGE_SIZE
boot_l2:
        .set    pfn2m, 0
        .rept   512
        .quad   (pfn2m << 21) + (PTE_P | PTE_RW | PTE_PSE)
        .set    pfn2m, pfn2m + 1
        .endr

        .section .bss.stack_aligned, "aw", @nobits
        .balign STACK_SIZE
        .globl boot_stack
boot_stack:
        .skip   STACK_SIZE
