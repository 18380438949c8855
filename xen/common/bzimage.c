/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bzImage unwrapping: the Linux x86 boot protocol puts a setup header at 0x1f1;
 * from version 2.08 it records where the compressed kernel sits, relative to
 * the protected-mode code that follows the (setup_sects + 1) real-mode sectors.
 */
#include <xen/bzimage.h>
#include <xen/errno.h>
#include <xen/string.h>

#define HDR_SETUP_SECTS 0x1f1
#define HDR_BOOT_FLAG   0x1fe
#define HDR_MAGIC       0x202
#define HDR_VERSION     0x206
#define HDR_PAYLOAD_OFF 0x248
#define HDR_PAYLOAD_LEN 0x24c
#define HDR_END         0x250

static uint32_t get_le(const uint8_t *p, unsigned int n)
{
    uint32_t v = 0;

    while ( n-- )
        v = (v << 8) | p[n];
    return v;
}

bool bzimage_is(const void *image, size_t len)
{
    return image && len >= HDR_END && !memcmp((const uint8_t *)image + HDR_MAGIC, "HdrS", 4);
}

static int fail(const char **why, const char *reason)
{
    if ( why )
        *why = reason;
    return -EINVAL;
}

int bzimage_payload(const void *image, size_t len, const void **payload, size_t *payload_len,
                    const char **why)
{
    const uint8_t *p = image;
    size_t setup_sects, pm_start, off, plen;

    if ( !image || len < HDR_END )
        return fail(why, "bzImage: shorter than its setup header");
    if ( memcmp(p + HDR_MAGIC, "HdrS", 4) )
        return fail(why, "bzImage: no HdrS setup header magic");
    if ( get_le(p + HDR_BOOT_FLAG, 2) != 0xaa55 )
        return fail(why, "bzImage: boot flag is not 0xaa55");
    if ( get_le(p + HDR_VERSION, 2) < 0x0208 )
        return fail(why, "bzImage: boot protocol older than 2.08 has no payload fields");
    setup_sects = p[HDR_SETUP_SECTS];
    if ( setup_sects == 0 )
        setup_sects = 4;
    pm_start = (setup_sects + 1) * 512;
    if ( pm_start > len )
        return fail(why, "bzImage: setup sectors run past the end of the image");
    off = get_le(p + HDR_PAYLOAD_OFF, 4);
    plen = get_le(p + HDR_PAYLOAD_LEN, 4);
    if ( plen == 0 )
        return fail(why, "bzImage: payload length is zero");
    if ( off > len - pm_start || plen > len - pm_start - off )
        return fail(why, "bzImage: payload runs past the end of the image");
    *payload = p + pm_start + off;
    *payload_len = plen;
    return 0;
}
