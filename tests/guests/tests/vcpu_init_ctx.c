/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The whole vcpu_guest_context that VCPUOP_initialise takes, not only its
 * registers: a GDT (gdt_frames, gdt_ents), an LDT (ldt_base, ldt_ents) and
 * FPU state (VGCF_i387_valid) given there serve the new vCPU from its first
 * instruction, without a set_gdt or MMUEXT_SET_LDT of its own. Probes: bad
 * GDT and LDT requests are refused and leave the vCPU uninitialised; the
 * started vCPU loads a selector from each table and reads the MXCSR it was
 * given; getvcpucontext-style state is not checked here (see domctl.c).
 * Regression: ours ignored all three and refused a context with an LDT.
 * run-guest: --smp 2 -- dom0_max_vcpus=2
 */
#include "guest.h"

const char test_title[] = "VCPUOP_initialise: GDT, LDT and FPU state from the context";

static uint8_t ap_stack[4096] __attribute__((aligned(4096)));
static struct vcpu_guest_context ctxt;
static volatile uint64_t gdt_marker = 0x6d7a2b1c0e9f8a57UL, ldt_marker = 0x1d2c3b4a59687706UL;
static volatile uint64_t ap_done, ap_gdt_vec, ap_gdt_read, ap_ldt_vec, ap_ldt_read, ap_mxcsr;

/* A data segment, read/write, accessed, DPL 3, byte-granular limit 0xfff, at base. */
static uint64_t data_desc(uint32_t base)
{
    return 0xfffUL | ((uint64_t)(base & 0xffffff) << 16) | (0xf3UL << 40) |
           ((uint64_t)(base >> 24) << 56);
}

#define GDT_ENTS 16
#define GDT_SEL  ((uint16_t)(5 << 3 | 3))     /* GDT entry 5, RPL 3 */
#define LDT_SEL  ((uint16_t)(1 << 3 | 4 | 3)) /* LDT entry 1, RPL 3 */
#define MXCSR    0x3f80U                      /* exceptions masked, round toward zero */

/* Offset of MXCSR in the FXSAVE image. */
#define FXSAVE_MXCSR 24

static uint64_t fs_read0(void)
{
    uint64_t v;

    __asm__ volatile("mov %%fs:0, %0" : "=r"(v) : : "memory");
    return v;
}

static void __attribute__((noreturn)) ap_main(void)
{
    uint32_t mxcsr;

    traps_install(); /* the trap table is per vCPU: for the probes' faults */
    ap_gdt_vec = (uint64_t)probe_load_seg("fs", GDT_SEL);
    if ( ap_gdt_vec == (uint64_t)-1 )
        ap_gdt_read = fs_read0();
    ap_ldt_vec = (uint64_t)probe_load_seg("fs", LDT_SEL);
    if ( ap_ldt_vec == (uint64_t)-1 )
        ap_ldt_read = fs_read0();
    probe_load_seg("fs", 0);
    __asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
    ap_mxcsr = mxcsr;
    ap_done = 1;
    for ( ;; )
        hypervisor_vcpu_op(VCPUOP_down, 1, NULL);
}

/* Make the page at va read-only (a descriptor page must be). */
static bool read_only(void *va)
{
    return check_rc(
        "making a descriptor page read-only",
        hypervisor_update_va_mapping((unsigned long)va, l1e_of(va) & ~PTE_RW, UVMF_INVLPG), 0);
}

/* A context for vCPU 1 with a GDT and an LDT (both read-only pages) and FPU state. */
static void full_context(uint64_t *gdt, uint64_t *ldt)
{
    vcpu_context_init(&ctxt, ap_main, ap_stack + sizeof(ap_stack));
    ctxt.gdt_frames[0] = virt_to_mfn(gdt);
    ctxt.gdt_ents = GDT_ENTS;
    ctxt.ldt_base = (unsigned long)ldt;
    ctxt.ldt_ents = 2;
    ctxt.flags |= VGCF_i387_valid;
    ((uint16_t *)&ctxt.fpu_ctxt)[0] = 0x37f; /* FCW: the reset value */
    *(uint32_t *)((uint8_t *)&ctxt.fpu_ctxt + FXSAVE_MXCSR) = MXCSR;
}

static void refused(const char *what, long want)
{
    check_rc(what, hypervisor_vcpu_op(VCPUOP_initialise, 1, &ctxt), want);
    check_rc("... and vCPU 1 is still uninitialised (VCPUOP_up)",
             hypervisor_vcpu_op(VCPUOP_up, 1, NULL), -XEN_EINVAL);
}

void test_main(void)
{
    uint64_t *gdt = (uint64_t *)spare_pages[5], *ldt = (uint64_t *)spare_pages[6];

    guest_memset(gdt, 0, PAGE_SIZE);
    guest_memset(ldt, 0, PAGE_SIZE);
    gdt[5] = data_desc((uint32_t)(unsigned long)&gdt_marker);
    ldt[1] = data_desc((uint32_t)(unsigned long)&ldt_marker);

    /* Refused while the GDT page is still mapped writable. */
    full_context(gdt, ldt);
    ctxt.ldt_ents = 0;
    refused("a GDT frame still mapped writable", -XEN_EINVAL);

    if ( !read_only(gdt) || !read_only(ldt) )
        return;
    full_context(gdt, ldt);
    ctxt.gdt_ents = 14 * 512 + 1; /* into the hypervisor's reserved entries */
    refused("a GDT reaching the reserved entries", -XEN_EINVAL);
    full_context(gdt, ldt);
    ctxt.gdt_frames[0] = 0x7ffffffffUL;
    refused("a GDT frame that is no frame of ours", -XEN_EINVAL);
    full_context(gdt, ldt);
    ctxt.ldt_base += 8;
    refused("an LDT at a misaligned address", -XEN_EINVAL);
    full_context(gdt, ldt);
    ctxt.ldt_ents = 8193;
    refused("an LDT of 8193 entries", -XEN_EINVAL);
    full_context(gdt, ldt);
    ctxt.ldt_base = 0xffff800000000000UL; /* the hypervisor's range */
    refused("an LDT in the hypervisor's range", -XEN_EINVAL);

    full_context(gdt, ldt);
    if ( !check_rc("VCPUOP_initialise with a GDT, an LDT and FPU state",
                   hypervisor_vcpu_op(VCPUOP_initialise, 1, &ctxt), 0) )
        return;
    check_rc("VCPUOP_up vCPU 1", hypervisor_vcpu_op(VCPUOP_up, 1, NULL), 0);
    if ( !check_true("vCPU 1 ran its probes", WAIT_FOR(ap_done, 5000000000ULL)) )
        return;
    check_rc("vCPU 1 loads GDT entry 5 into %fs", (long)ap_gdt_vec, -1);
    check_true("... and reads through its base", ap_gdt_read == gdt_marker);
    check_rc("vCPU 1 loads LDT entry 1 into %fs", (long)ap_ldt_vec, -1);
    check_true("... and reads through its base", ap_ldt_read == ldt_marker);
    guest_printf("vCPU 1's MXCSR: %#lx\n", (unsigned long)ap_mxcsr);
    check_true("vCPU 1 starts with the MXCSR of the context", ap_mxcsr == MXCSR);
    check_true("vCPU 1 took itself down",
               WAIT_FOR(hypervisor_vcpu_op(VCPUOP_is_up, 1, NULL) == 0, 5000000000ULL));
}
