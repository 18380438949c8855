/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Decoding the guest stores the hypervisor emulates (x86-64): writes to a PV
 * guest's page tables (pv/ptwr.c) and the hardware domain's stores to
 * read-only MMIO. One decoder for both, fuzzed on the host (xen/test).
 */
#ifndef ASM_X86_INSN_H
#define ASM_X86_INSN_H

#include <xen/types.h>

/** The longest x86 instruction. */
#define INSN_MAX_LEN 15

/* Opcodes insn_decode_store() knows: one byte, or 0x0f00 | the byte after 0x0f. */
#define INSN_OR_RM      0x09   /* or r, m */
#define INSN_AND_RM     0x21   /* and r, m */
#define INSN_GRP1_IMM8B 0x80   /* add/or/.../cmp imm8, m8 (ext = the operation) */
#define INSN_GRP1_IMM   0x81   /* the same, imm16/32, sign-extended */
#define INSN_GRP1_IMM8  0x83   /* the same, imm8, sign-extended */
#define INSN_XCHG_RM    0x87   /* xchg r, m */
#define INSN_MOV_RM8    0x88   /* mov r8, m8 */
#define INSN_MOV_RM     0x89   /* mov r, m */
#define INSN_MOV_IMM8   0xc6   /* mov imm8, m8 (ext 0) */
#define INSN_MOV_IMM    0xc7   /* mov imm16/32 (sign-extended), m (ext 0) */
#define INSN_BTS_RM     0x0fab /* bts r, m */
#define INSN_CMPXCHG_RM 0x0fb1 /* cmpxchg r, m */
#define INSN_BTR_RM     0x0fb3 /* btr r, m */

/** A decoded store to memory. */
struct insn_store {
    uint16_t opcode; /* INSN_* */
    uint8_t len;     /* bytes of the whole instruction, prefixes included */
    uint8_t bytes;   /* operand size: 1, 2, 4 or 8 */
    uint8_t reg;     /* the register operand (ModRM reg, REX.R): 0-15 */
    uint8_t ext;     /* ModRM reg field alone: the operation of a group opcode */
    bool lock;       /* a lock prefix */
    bool has_imm;    /* an immediate operand: imm */
    uint64_t imm;    /* it, extended as the instruction does, cut to `bytes` */
};

/**
 * Decode the instruction at code[0..avail) if it is one of the stores above
 * with a memory destination. Prefixes taken: lock, operand size, segment
 * overrides, REX (only right before the opcode). 0, or -EINVAL for anything
 * else or for an instruction that runs past avail or INSN_MAX_LEN bytes.
 */
int insn_decode_store(const uint8_t *code, unsigned int avail, struct insn_store *s);

#endif /* ASM_X86_INSN_H */
