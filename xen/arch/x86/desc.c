/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-CPU descriptor tables: the hypervisor's GDT page (selectors 0xe000 up),
 * the TSS with its interrupt stacks, and loading them; the shared IDT.
 */
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/smp.h>
#include <xen/string.h>

extern const char entry_stubs[];

static struct idt_entry idt[256] __aligned(16);

/** Each CPU's tables. */
static struct cpu_desc {
    uint64_t *gdt; /* the reserved GDT page */
    struct tss64 *tss;
    void *ist_stacks; /* IST_MAX pages */
} cpu_desc[NR_CPUS];

int init_cpu_tables(unsigned int cpu, struct cpu_info *ci)
{
    struct cpu_desc *d = &cpu_desc[cpu];
    uint64_t *gdt;

    if ( cpu >= NR_CPUS )
        return -EINVAL;
    if ( d->gdt == NULL )
    {
        d->gdt = alloc_xenheap_pages(0);
        d->tss = alloc_xenheap_pages(0);
        d->ist_stacks = alloc_xenheap_pages(2); /* 4 pages, IST_MAX used */
        if ( d->gdt == NULL || d->tss == NULL || d->ist_stacks == NULL )
            return -ENOMEM;
    }
    gdt = d->gdt;
    memset(gdt, 0, PAGE_SIZE);
    memset(d->tss, 0, PAGE_SIZE);

    /* Index = (selector - 0xe000) / 8 within the reserved page. */
    gdt[(__HYPERVISOR_CS64 & 0xfff) >> 3] = seg_desc_flat(SEG_TYPE_CODE_RX, 0, true, false);
    gdt[(__HYPERVISOR_DS64 & 0xfff) >> 3] = seg_desc_flat(SEG_TYPE_DATA_RW, 0, false, true);
    gdt[(__HYPERVISOR_CS32 & 0xfff) >> 3] = seg_desc_flat(SEG_TYPE_CODE_RX, 0, false, true);
    gdt[(FLAT_RING3_CS32 & 0xfff) >> 3] = seg_desc_flat(SEG_TYPE_CODE_RX, 3, false, true);
    gdt[(FLAT_RING3_DS32 & 0xfff) >> 3] = seg_desc_flat(SEG_TYPE_DATA_RW, 3, false, true);
    gdt[(FLAT_RING3_CS64 & 0xfff) >> 3] = seg_desc_flat(SEG_TYPE_CODE_RX, 3, true, false);

    d->tss->rsp0 = (uint64_t)&ci->guest_cpu_user_regs.es;
    for ( unsigned int i = 0; i < IST_MAX; i++ )
        d->tss->ist[i] = (uint64_t)d->ist_stacks + (i + 1) * PAGE_SIZE - 16;
    d->tss->iomap_base = sizeof(struct tss64); /* no I/O bitmap: all ports trap */
    sys_desc_write(&gdt[(TSS_SELECTOR & 0xfff) >> 3], (uint64_t)d->tss, sizeof(struct tss64) - 1,
                   SYS_TYPE_TSS_AVAIL);
    return 0;
}

void load_cpu_tables(unsigned int cpu)
{
    struct cpu_desc *d = &cpu_desc[cpu];
    struct __packed {
        uint16_t limit;
        uint64_t base;
    } gdtr =
        {
            /* Based 14 pages below the reserved page: only 0xe0xx selectors are used. */
            .limit = GDT_PAGES * PAGE_SIZE - 1,
            .base = (uint64_t)d->gdt - FIRST_RESERVED_GDT_BYTE,
        },
      idtr = {.limit = sizeof(idt) - 1, .base = (uint64_t)idt};

    __asm__ __volatile__("lgdt %0" : : "m"(gdtr));
    __asm__ __volatile__("lidt %0" : : "m"(idtr));
    /* Reload CS with a far return, then the data segments. */
    __asm__ __volatile__("pushq %0\n\t"
                         "lea 1f(%%rip), %%rax\n\t"
                         "pushq %%rax\n\t"
                         "lretq\n"
                         "1:\n\t"
                         "mov %1, %%ds\n\t"
                         "mov %1, %%es\n\t"
                         "mov %1, %%ss\n\t"
                         :
                         : "i"(__HYPERVISOR_CS64), "r"(__HYPERVISOR_DS64)
                         : "rax", "memory");
    __asm__ __volatile__("ltr %w0" : : "r"(TSS_SELECTOR));
}

void init_idt(void)
{
    for ( unsigned int v = 0; v < 256; v++ )
    {
        unsigned int ist = IST_NONE;

        if ( v == 2 )
            ist = IST_NMI;
        else if ( v == 8 )
            ist = IST_DF;
        else if ( v == 18 )
            ist = IST_MCE;
        /* Breakpoint and overflow may be raised by guests (int3/into): DPL 3. */
        idt[v] = idt_gate((uint64_t)(entry_stubs + v * 16), (v == 3 || v == 4) ? 3 : 0, ist);
    }
}

uint64_t *cpu_gdt_page(unsigned int cpu)
{
    return cpu_desc[cpu].gdt;
}

void load_gdt(uint64_t base)
{
    struct __packed {
        uint16_t limit;
        uint64_t base;
    } gdtr = {.limit = GDT_PAGES * PAGE_SIZE - 1, .base = base};

    __asm__ __volatile__("lgdt %0" : : "m"(gdtr));
}

void load_cpu_gdt(unsigned int cpu)
{
    load_gdt((uint64_t)cpu_desc[cpu].gdt - FIRST_RESERVED_GDT_BYTE);
}
