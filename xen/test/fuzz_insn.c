/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer harness for the guest-store decoder (xen/arch/x86/pv/insn.c):
 * guest code bytes are untrusted. A decoded store must lie within the bytes
 * given and INSN_MAX_LEN, have a valid size and an immediate that fits it,
 * decode the same from exactly its own bytes, and not from one byte fewer.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <asm/insn.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct insn_store s, again;
    unsigned int avail = size > 64 ? 64 : (unsigned int)size;

    if ( insn_decode_store(data, avail, &s) )
        return 0;
    if ( s.len < 2 || s.len > INSN_MAX_LEN || s.len > avail )
        abort();
    if ( s.bytes != 1 && s.bytes != 2 && s.bytes != 4 && s.bytes != 8 )
        abort();
    if ( s.bytes < 8 && (s.imm >> (8 * s.bytes)) != 0 )
        abort();
    if ( s.reg > 15 || s.ext > 7 || (s.reg & 7) != s.ext || (!s.has_imm && s.imm) )
        abort();
    if ( insn_decode_store(data, s.len, &again) || memcmp(&s, &again, sizeof(s)) != 0 )
        abort();
    if ( insn_decode_store(data, s.len - 1U, &again) == 0 )
        abort();
    return 0;
}
