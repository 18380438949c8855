/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Descriptor tables: the hypervisor's GDT selectors (the top GDT page, where the
 * PV ABI puts them), segment and gate descriptor encodings, the TSS.
 */
#ifndef ASM_X86_DESC_H
#define ASM_X86_DESC_H

/*
 * A CPU's GDT spans 16 pages (the full 64 KiB selector space): pages 0-13 are
 * the running guest's own descriptors, page 14 holds the hypervisor's, so its
 * selectors start at 14 * 4096 = 0xe000.
 */
#define GDT_PAGES               16
#define FIRST_RESERVED_GDT_PAGE 14
#define FIRST_RESERVED_GDT_BYTE (FIRST_RESERVED_GDT_PAGE * 4096)

#define __HYPERVISOR_CS64 0xe008 /* ring 0, 64-bit code */
#define __HYPERVISOR_DS64 0xe010 /* ring 0, data */
#define __HYPERVISOR_CS32 0xe018 /* ring 0, 32-bit code */
#define FLAT_RING3_CS32   0xe023 /* ring 3, 32-bit code (PV ABI) */
#define FLAT_RING3_DS32   0xe02b /* ring 3, data (PV ABI) */
#define FLAT_RING3_CS64   0xe033 /* ring 3, 64-bit code (PV ABI) */
#define TSS_SELECTOR      0xe040 /* 16-byte system descriptor */
#define LDT_SELECTOR      0xe050 /* 16-byte system descriptor */
#define LDT_ENTRY_SIZE    8
#define LDT_MAX_ENTRIES   8192

/* Interrupt stack table slots for the exceptions that need a known-good stack. */
#define IST_NONE 0
#define IST_NMI  1
#define IST_DF   2
#define IST_MCE  3
#define IST_MAX  3

#ifndef __ASSEMBLY__
#include <xen/types.h>

/** 64-bit TSS (hardware layout). */
struct __packed tss64 {
    uint32_t _rsvd0;
    uint64_t rsp0, rsp1, rsp2;
    uint64_t _rsvd1;
    uint64_t ist[7]; /* ist[0] is IST1 */
    uint64_t _rsvd2;
    uint16_t _rsvd3;
    uint16_t iomap_base;
};

/** A 16-byte IDT gate. */
struct idt_entry {
    uint64_t lo, hi;
};

/** Build a code/data segment descriptor (flat: base 0, limit 4 GiB). */
static inline uint64_t seg_desc_flat(unsigned int type, unsigned int dpl, bool longmode, bool db)
{
    return 0xffffULL | (0xfULL << 48) |                                      /* limit */
           ((uint64_t)(type | 0x10) << 40) |                                 /* S=1, type */
           ((uint64_t)dpl << 45) | (1ULL << 47) |                            /* DPL, present */
           ((uint64_t)longmode << 53) | ((uint64_t)db << 54) | (1ULL << 55); /* L, D/B, G */
}

#define SEG_TYPE_CODE_RX 0xb /* execute/read, accessed */
#define SEG_TYPE_DATA_RW 0x3 /* read/write, accessed */

/** Write a 16-byte system descriptor (TSS or LDT) into two GDT slots. */
static inline void sys_desc_write(uint64_t *slot, uint64_t base, uint32_t limit, unsigned int type)
{
    slot[0] = (limit & 0xffffULL) | ((base & 0xffffffULL) << 16) | ((uint64_t)type << 40) |
              (1ULL << 47) | ((uint64_t)(limit >> 16) << 48) | (((base >> 24) & 0xffULL) << 56);
    slot[1] = base >> 32;
}

#define SYS_TYPE_TSS_AVAIL 0x9
#define SYS_TYPE_LDT       0x2

/** Build an interrupt gate to handler, callable from ring dpl, on IST slot ist. */
static inline struct idt_entry idt_gate(uint64_t handler, unsigned int dpl, unsigned int ist)
{
    struct idt_entry e;

    e.lo = (handler & 0xffffULL) | ((uint64_t)__HYPERVISOR_CS64 << 16) | ((uint64_t)ist << 32) |
           (0xeULL << 40) | ((uint64_t)dpl << 45) | (1ULL << 47) |
           (((handler >> 16) & 0xffffULL) << 48);
    e.hi = handler >> 32;
    return e;
}

/** Load this CPU's GDT, segments, TSS and the IDT; cpu's tables must exist. */
void load_cpu_tables(unsigned int cpu);

struct cpu_info;

/**
 * Allocate and fill cpu's GDT page, TSS and IST stacks; ci is the struct
 * cpu_info at the top of its primary stack (rsp0 points into it). Returns 0 or
 * -ENOMEM.
 */
int init_cpu_tables(unsigned int cpu, struct cpu_info *ci);

/** Fill the IDT (once, shared by every CPU). */
void init_idt(void);

/** cpu's reserved GDT page (selectors 0xe000 up). */
uint64_t *cpu_gdt_page(unsigned int cpu);

/** Load a 16-page GDT at base (only the GDT: segments and TR stay). */
void load_gdt(uint64_t base);

/** Load cpu's own GDT (the idle vCPU's), as load_gdt(). */
void load_cpu_gdt(unsigned int cpu);
#endif /* !__ASSEMBLY__ */

#endif /* ASM_X86_DESC_H */
