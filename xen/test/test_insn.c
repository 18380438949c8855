/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest-store decoder (xen/arch/x86/pv/insn.c) against the host
 * assembler's encodings (insn_samples.S): every sample's length, opcode,
 * operand size, register, operation and immediate; each one cut short is
 * refused; the non-stores and the over-long one are refused.
 */
#include <stdint.h>
#include <stdio.h>

#include "tap.h"
#include <asm/insn.h>

extern const uint8_t insn_samples[];
extern const uint32_t insn_offsets[];
extern const uint32_t insn_nr_samples;

struct want {
    const char *text;
    bool ok;
    uint16_t opcode;
    uint8_t bytes, reg, ext;
    bool lock, has_imm;
    uint64_t imm;
};

/* In insn_samples.S's order. */
static const struct want wants[] = {
    {"mov %rax,(%rdi)", true, INSN_MOV_RM, 8, 0, 0, false, false, 0},
    {"mov %r9,0x10(%rsp)", true, INSN_MOV_RM, 8, 9, 1, false, false, 0},
    {"movl $0x12345678,(%rdx)", true, INSN_MOV_IMM, 4, 0, 0, false, true, 0x12345678},
    {"movq $-2,0x100(%rbx)", true, INSN_MOV_IMM, 8, 0, 0, false, true, 0xfffffffffffffffeULL},
    {"movw $0xbeef,(%rax)", true, INSN_MOV_IMM, 2, 0, 0, false, true, 0xbeef},
    {"movb $0x7f,(%rcx)", true, INSN_MOV_IMM8, 1, 0, 0, false, true, 0x7f},
    {"mov %al,(%rsi)", true, INSN_MOV_RM8, 1, 0, 0, false, false, 0},
    {"mov %r12b,7(%rdi)", true, INSN_MOV_RM8, 1, 12, 4, false, false, 0},
    {"lock cmpxchg %rcx,(%rdx)", true, INSN_CMPXCHG_RM, 8, 1, 1, true, false, 0},
    {"xchg %rdx,(%rax)", true, INSN_XCHG_RM, 8, 2, 2, false, false, 0},
    {"lock orq $2,(%rdi)", true, INSN_GRP1_IMM8, 8, 1, 1, true, true, 2},
    {"andq $-3,(%rdi)", true, INSN_GRP1_IMM8, 8, 4, 4, false, true, 0xfffffffffffffffdULL},
    {"orb $0x40,3(%rdi)", true, INSN_GRP1_IMM8B, 1, 1, 1, false, true, 0x40},
    {"lock btsq %rsi,(%rdi)", true, INSN_BTS_RM, 8, 6, 6, true, false, 0},
    {"btrq %rax,(%rdi)", true, INSN_BTR_RM, 8, 0, 0, false, false, 0},
    {"mov %rax,0x12345678(%rip)", true, INSN_MOV_RM, 8, 0, 0, false, false, 0},
    {"mov %rax,(,%rcx,8)", true, INSN_MOV_RM, 8, 0, 0, false, false, 0},
    {"mov %rax,%fs:(%rdi)", true, INSN_MOV_RM, 8, 0, 0, false, false, 0},
    {"ds mov %rax,(%rdi)", true, INSN_MOV_RM, 8, 0, 0, false, false, 0},
    {"orq $0x100000,(%rdi)", true, INSN_GRP1_IMM, 8, 1, 1, false, true, 0x100000},
    {"or %rax,(%rdi)", true, INSN_OR_RM, 8, 0, 0, false, false, 0},
    {"and %r11,0x80(%r13)", true, INSN_AND_RM, 8, 11, 3, false, false, 0},
    {"movl %eax,(%rdi)", true, INSN_MOV_RM, 4, 0, 0, false, false, 0},
    {"movw %ax,2(%rdi)", true, INSN_MOV_RM, 2, 0, 0, false, false, 0},
    {"mov %rax,%rbx (a register)", false, 0, 0, 0, 0, false, false, 0},
    {"add %rax,(%rdi) (not taken)", false, 0, 0, 0, 0, false, false, 0},
    {"movq $1,%rax (a register)", false, 0, 0, 0, 0, false, false, 0},
    {"mov (%rdi),%rax (a load)", false, 0, 0, 0, 0, false, false, 0},
    {"c7 /1 (no mov)", false, 0, 0, 0, 0, false, false, 0},
    {"13 REX prefixes, 15 bytes", true, INSN_MOV_RM, 8, 0, 0, false, false, 0},
    {"14 REX prefixes, 16 bytes", false, 0, 0, 0, 0, false, false, 0},
};

int main(void)
{
    unsigned int nr = insn_nr_samples;
    char what[160];

    ok(nr == sizeof(wants) / sizeof(wants[0]), "%u samples, one expectation each", nr);
    for ( unsigned int i = 0; i < nr && i < sizeof(wants) / sizeof(wants[0]); i++ )
    {
        const uint8_t *code = insn_samples + insn_offsets[i];
        unsigned int len = insn_offsets[i + 1] - insn_offsets[i];
        const struct want *w = &wants[i];
        struct insn_store s;
        uint8_t padded[32] = {0};
        int rc;

        for ( unsigned int j = 0; j < len && j < sizeof(padded); j++ )
            padded[j] = code[j];
        /* Decoded from a buffer longer than the instruction, as from guest code. */
        rc = insn_decode_store(padded, sizeof(padded), &s);
        snprintf(what, sizeof(what), "%s: %s", w->text, w->ok ? "decoded" : "refused");
        ok(w->ok ? rc == 0 : rc != 0, "%s", what);
        if ( !w->ok || rc != 0 )
            continue;
        ok(s.len == len, "%s: length %u (the assembler's %u)", w->text, s.len, len);
        ok(s.opcode == w->opcode && s.bytes == w->bytes && s.reg == w->reg && s.ext == w->ext &&
               s.lock == w->lock && s.has_imm == w->has_imm && s.imm == w->imm,
           "%s: opcode %#x, %u bytes, reg %u, ext %u, lock %d, imm %d %#llx", w->text, s.opcode,
           s.bytes, s.reg, s.ext, s.lock, s.has_imm, (unsigned long long)s.imm);
        ok(insn_decode_store(code, len, &s) == 0 && s.len == len,
           "%s: decoded from exactly its bytes", w->text);
        ok(insn_decode_store(code, len - 1, &s) != 0, "%s: one byte short is refused", w->text);
    }
    ok(insn_decode_store(insn_samples, 0, &(struct insn_store){0}) != 0, "no bytes: refused");
    return tap_done();
}
