/* SPDX-License-Identifier: GPL-2.0-only */
/* Small helpers shared by the decoders in xen/common/decompress (not an interface). */
#ifndef XEN_DECOMPRESS_PRIVATE_H
#define XEN_DECOMPRESS_PRIVATE_H

#include <xen/decompress.h>
#include <xen/errno.h>
#include <xen/string.h>

/* Records the reason (when asked for) and returns rc. */
static inline int dec_fail(const char **why, const char *reason, int rc)
{
    if ( why )
        *why = reason;
    return rc;
}

static inline uint32_t dec_le32(const uint8_t *p)
{
    return p[0] | (p[1] << 8) | (p[2] << 16) | ((uint32_t)p[3] << 24);
}

static inline uint32_t dec_be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
}

static inline uint64_t dec_le64(const uint8_t *p)
{
    return dec_le32(p) | ((uint64_t)dec_le32(p + 4) << 32);
}

/*
 * Copies n bytes forward, 8 at a time (the hypervisor's memcpy goes byte by
 * byte): d and s must not overlap, or d must lie at least 8 bytes past s.
 */
static inline void dec_copy(uint8_t *d, const uint8_t *s, size_t n)
{
    for ( ; n >= 8; n -= 8, d += 8, s += 8 )
    {
        uint64_t w;

        __builtin_memcpy(&w, s, 8);
        __builtin_memcpy(d, &w, 8);
    }
    while ( n-- )
        *d++ = *s++;
}

/* An LZ match: n bytes at d repeat the bytes dist before them (overlap allowed). */
static inline void dec_match(uint8_t *d, size_t dist, size_t n)
{
    if ( dist >= 8 )
        dec_copy(d, d - dist, n);
    else
        for ( ; n; n--, d++ )
            *d = *(d - dist);
}

/* Work area bytes the bzip2 stream starting at in needs (by its block size digit). */
size_t decompress_bzip2_work_size(const void *in, size_t len);

/* Work area bytes the zstd decoder needs (tables and one block's literals). */
size_t decompress_zstd_work_size(void);

#endif /* XEN_DECOMPRESS_PRIVATE_H */
