/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Linker script for the hypervisor: linked at XEN_VIRT_START + XEN_LOAD_PHYS,
 * loaded at XEN_LOAD_PHYS, one loadable segment (xen/tools/mkelf32 relies on it).
 */
#include <asm/config.h>

OUTPUT_FORMAT("elf64-x86-64", "elf64-x86-64", "elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(start)

PHDRS
{
    image PT_LOAD FLAGS(7);
}

SECTIONS
{
    . = XEN_VIRT_START + XEN_LOAD_PHYS;
    _start = .;

    .text : AT(ADDR(.text) - XEN_VIRT_START) {
        _stext = .;
        *(.text.head)
        *(.text .text.*)
        *(.fixup)
        _etext = .;
    } :image

    .rodata : AT(ADDR(.rodata) - XEN_VIRT_START) {
        *(EXCLUDE_FILE(*obj/symbols*.o) .rodata EXCLUDE_FILE(*obj/symbols*.o) .rodata.*)
        . = ALIGN(8);
        __start_xen_params = .;
        KEEP(*(xen_params))
        __stop_xen_params = .;
        . = ALIGN(8);
        __start___ex_table = .;
        KEEP(*(__ex_table))
        __stop___ex_table = .;
        /* The linker's build ID note (XENVER_build_id): the same size in both links. */
        . = ALIGN(4);
        __note_gnu_build_id_start = .;
        KEEP(*(.note.gnu.build-id))
        __note_gnu_build_id_end = .;
        /* Last in .rodata: its size changes between the two links. */
        *(.rodata.symbols)
    } :image

    .data : AT(ADDR(.data) - XEN_VIRT_START) {
        . = ALIGN(PAGE_SIZE);
        *(.data.page_aligned)
        *(.data .data.*)
    } :image

    .got : AT(ADDR(.got) - XEN_VIRT_START) {
        *(.got .got.plt)
    } :image

    .bss : AT(ADDR(.bss) - XEN_VIRT_START) {
        . = ALIGN(8);
        __bss_start = .;
        *(.bss.stack_aligned)
        *(.bss.page_aligned)
        *(.bss .bss.*)
        *(COMMON)
        . = ALIGN(8);
        __bss_end = .;
    } :image
    _end = .;

    /DISCARD/ : {
        *(.comment) *(.note .note.*) *(.eh_frame) *(.interp)
        *(.dynamic) *(.dynsym) *(.dynstr) *(.hash) *(.gnu.hash) *(.rela.*)
    }
}

ASSERT(SIZEOF(.got) <= 24, "GOT entries in the hypervisor: a symbol lost hidden visibility")
ASSERT(_end - XEN_VIRT_START < 0x40000000, "hypervisor image larger than the 1 GiB boot mapping")
