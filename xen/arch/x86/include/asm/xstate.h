/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Extended processor state (XSAVE): the components the hypervisor enables, and
 * each vCPU's save area with its save and restore on context switch.
 */
#ifndef ASM_X86_XSTATE_H
#define ASM_X86_XSTATE_H

#include <xen/types.h>

struct arch_vcpu;

/* XCR0 state-component bits. */
#define XSTATE_X87 (1ULL << 0)
#define XSTATE_SSE (1ULL << 1)
#define XSTATE_YMM (1ULL << 2)
/* The components we know how to switch and offer to guests. */
#define XSTATE_SUPPORTED (XSTATE_X87 | XSTATE_SSE | XSTATE_YMM)

/** The legacy (fxsave) region at the start of every save area. */
#define XSTATE_LEGACY_SIZE 512

/**
 * XCR0 as the hypervisor runs it, and the set a guest may enable: x87, SSE
 * and AVX as far as the CPU has them; 0 when the CPU has no XSAVE (state is
 * then switched with fxsave/fxrstor).
 */
extern uint64_t xstate_host_mask;

/** Enable XSAVE on this CPU (CR4.OSXSAVE, XCR0); the first call also sizes the area. */
void xstate_cpu_init(void);

/** Whether this CPU has XSAVEOPT (CPUID.(0xD,1):EAX[0]), used to save. */
bool xstate_has_xsaveopt(void);

/** Bytes of an XSAVE area holding the components of xcr0 (CPUID.(0xD,0):EBX). */
uint32_t xstate_size(uint64_t xcr0);

/**
 * Whether a guest may load val into XCR0 index idx (XSETBV): index 0 only,
 * x87 set, AVX only with SSE, nothing beyond xstate_host_mask.
 */
bool xstate_xcr0_valid(uint32_t idx, uint64_t val);

/** Load val (checked with xstate_xcr0_valid) as the current vCPU's XCR0. */
void xstate_set_guest_xcr0(struct arch_vcpu *a, uint64_t val);

/** Allocate a's save area in the initial state (XCR0 x87|SSE); -ENOMEM. */
int xstate_alloc(struct arch_vcpu *a);
/** Free a's save area (idempotent). */
void xstate_free(struct arch_vcpu *a);
/** Put a's state back to the power-on state (fninit, MXCSR 0x1f80, zeroed registers). */
void xstate_reset(struct arch_vcpu *a);

/** Save this CPU's extended state into a (the vCPU that ran here). CR0.TS must be clear. */
void xstate_save(struct arch_vcpu *a);
/** Load a's extended state and its XCR0 on this CPU. CR0.TS must be clear. */
void xstate_restore(struct arch_vcpu *a);

/** a's x87/SSE state as a 512-byte fxsave image (vcpu_guest_context.fpu_ctxt). */
void xstate_get_fxsave(const struct arch_vcpu *a, void *out);
/** Load a 512-byte fxsave image into a (MXCSR sanitised; other components reset). */
void xstate_set_fxsave(struct arch_vcpu *a, const void *in);

#endif /* ASM_X86_XSTATE_H */
