/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The decoder of guest stores (asm/insn.h): prefixes, opcode, ModRM with its
 * SIB and displacement, immediate. Pure: bytes in, fields out.
 */
#include <asm/insn.h>
#include <xen/errno.h>

#define REX_W 8
#define REX_R 4

/* Bytes of the ModRM operand at p[0] (ModRM, SIB, displacement); 0 if not memory or cut short. */
static unsigned int modrm_mem_len(const uint8_t *p, unsigned int avail)
{
    unsigned int mod, rm, len = 1;

    if ( avail < 1 )
        return 0;
    mod = p[0] >> 6;
    rm = p[0] & 7;
    if ( mod == 3 )
        return 0; /* a register: no store */
    if ( rm == 4 )
    {
        if ( avail < 2 )
            return 0;
        if ( mod == 0 && (p[1] & 7) == 5 )
            len += 4; /* SIB with no base: disp32 */
        len++;
    }
    if ( mod == 0 && rm == 5 )
        len += 4; /* rip-relative */
    else if ( mod == 1 )
        len += 1;
    else if ( mod == 2 )
        len += 4;
    return len <= avail ? len : 0;
}

/* The immediate of `n` bytes at p, sign-extended to 64 bits. */
static uint64_t imm_sext(const uint8_t *p, unsigned int n)
{
    uint64_t v = 0;

    for ( unsigned int i = 0; i < n; i++ )
        v |= (uint64_t)p[i] << (8 * i);
    if ( n < 8 && (v >> (8 * n - 1)) & 1 )
        v |= ~0ULL << (8 * n);
    return v;
}

int insn_decode_store(const uint8_t *code, unsigned int avail, struct insn_store *s)
{
    unsigned int i, imm_len = 0, mlen, op;
    bool opsize = false, lock = false, byte_op;
    uint8_t rex = 0;

    if ( avail > INSN_MAX_LEN )
        avail = INSN_MAX_LEN;
    for ( i = 0; i < avail; i++ )
    {
        uint8_t b = code[i];

        if ( b == 0xf0 )
            lock = true;
        else if ( b == 0x66 )
            opsize = true;
        else if ( b != 0x2e && b != 0x3e && b != 0x26 && b != 0x36 && b != 0x64 && b != 0x65 &&
                  (b & 0xf0) != 0x40 )
            break;
        /* A REX prefix counts only right before the opcode. */
        rex = (b & 0xf0) == 0x40 ? b : 0;
    }
    if ( i >= avail )
        return -EINVAL;
    op = code[i++];
    if ( op == 0x0f )
    {
        if ( i >= avail )
            return -EINVAL;
        op = 0x0f00 | code[i++];
    }
    switch ( op )
    {
    case INSN_OR_RM:
    case INSN_AND_RM:
    case INSN_XCHG_RM:
    case INSN_MOV_RM:
    case INSN_MOV_RM8:
    case INSN_BTS_RM:
    case INSN_CMPXCHG_RM:
    case INSN_BTR_RM:
        break;
    case INSN_GRP1_IMM8B:
    case INSN_GRP1_IMM8:
    case INSN_MOV_IMM8:
        imm_len = 1;
        break;
    case INSN_GRP1_IMM:
    case INSN_MOV_IMM:
        imm_len = opsize && !(rex & REX_W) ? 2 : 4;
        break;
    default:
        return -EINVAL;
    }
    if ( (mlen = modrm_mem_len(&code[i], avail - i)) == 0 || avail - i - mlen < imm_len )
        return -EINVAL;
    byte_op = op == INSN_MOV_RM8 || op == INSN_GRP1_IMM8B || op == INSN_MOV_IMM8;
    s->opcode = (uint16_t)op;
    s->ext = (code[i] >> 3) & 7;
    s->reg = (uint8_t)(s->ext | ((rex & REX_R) ? 8 : 0));
    if ( (op == INSN_MOV_IMM8 || op == INSN_MOV_IMM) && s->ext != 0 )
        return -EINVAL; /* only /0 is mov */
    s->bytes = byte_op ? 1 : (rex & REX_W) ? 8 : opsize ? 2 : 4;
    s->lock = lock;
    s->has_imm = imm_len != 0;
    s->imm = imm_len ? imm_sext(&code[i + mlen], imm_len) : 0;
    if ( s->bytes < 8 )
        s->imm &= (1ULL << (8 * s->bytes)) - 1;
    s->len = (uint8_t)(i + mlen + imm_len);
    return 0;
}
