/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * On-disk encoding of the VHD footer, dynamic header and batmap header; checksums,
 * CHS geometry and VHD timestamps.
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "vhd.h"

/* Seconds from the Unix epoch to 2000-01-01 00:00:00 UTC, the VHD epoch. */
#define VHD_EPOCH_OFFSET 946684800

uint32_t vhd_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

uint64_t vhd_be64(const uint8_t *p)
{
    return (uint64_t)vhd_be32(p) << 32 | vhd_be32(p + 4);
}

void vhd_put_be32(uint8_t *p, uint32_t v)
{
    p[0] = v >> 24;
    p[1] = v >> 16;
    p[2] = v >> 8;
    p[3] = v;
}

void vhd_put_be64(uint8_t *p, uint64_t v)
{
    vhd_put_be32(p, v >> 32);
    vhd_put_be32(p + 4, (uint32_t)v);
}

uint32_t vhd_checksum_bytes(const uint8_t *p, size_t n)
{
    uint32_t sum = 0;

    for ( size_t i = 0; i < n; i++ )
        sum += p[i];
    return ~sum;
}

void vhd_footer_pack(const struct vhd_footer *f, uint8_t *buf)
{
    memset(buf, 0, VHD_SECTOR_SIZE);
    memcpy(buf, f->cookie, 8);
    vhd_put_be32(buf + 8, f->features);
    vhd_put_be32(buf + 12, f->version);
    vhd_put_be64(buf + 16, f->data_offset);
    vhd_put_be32(buf + 24, f->timestamp);
    memcpy(buf + 28, f->creator_app, 4);
    vhd_put_be32(buf + 32, f->creator_version);
    vhd_put_be32(buf + 36, f->creator_os);
    vhd_put_be64(buf + 40, f->orig_size);
    vhd_put_be64(buf + 48, f->curr_size);
    buf[56] = f->cyls >> 8;
    buf[57] = f->cyls & 0xff;
    buf[58] = f->heads;
    buf[59] = f->spt;
    vhd_put_be32(buf + 60, f->type);
    vhd_put_be32(buf + 64, f->checksum);
    memcpy(buf + 68, f->uuid, 16);
    buf[84] = f->saved_state;
    buf[85] = f->hidden;
}

void vhd_footer_unpack(struct vhd_footer *f, const uint8_t *buf)
{
    memcpy(f->cookie, buf, 8);
    f->features = vhd_be32(buf + 8);
    f->version = vhd_be32(buf + 12);
    f->data_offset = vhd_be64(buf + 16);
    f->timestamp = vhd_be32(buf + 24);
    memcpy(f->creator_app, buf + 28, 4);
    f->creator_version = vhd_be32(buf + 32);
    f->creator_os = vhd_be32(buf + 36);
    f->orig_size = vhd_be64(buf + 40);
    f->curr_size = vhd_be64(buf + 48);
    f->cyls = (uint16_t)(buf[56] << 8 | buf[57]);
    f->heads = buf[58];
    f->spt = buf[59];
    f->type = vhd_be32(buf + 60);
    f->checksum = vhd_be32(buf + 64);
    memcpy(f->uuid, buf + 68, 16);
    f->saved_state = buf[84];
    f->hidden = buf[85];
}

uint32_t vhd_footer_checksum(const struct vhd_footer *f)
{
    uint8_t buf[VHD_SECTOR_SIZE];

    vhd_footer_pack(f, buf);
    memset(buf + 64, 0, 4);
    return vhd_checksum_bytes(buf, sizeof(buf));
}

int vhd_footer_validate(const struct vhd_footer *f, const char **why)
{
    if ( memcmp(f->cookie, "conectix", 8) )
        return *why = "bad footer cookie (not \"conectix\")", -EINVAL;
    if ( f->version >> 16 != 1 )
        return *why = "unsupported footer format version", -EINVAL;
    if ( f->type != VHD_TYPE_FIXED && f->type != VHD_TYPE_DYNAMIC && f->type != VHD_TYPE_DIFF )
        return *why = "unknown disk type", -EINVAL;
    if ( f->checksum != vhd_footer_checksum(f) )
        return *why = "footer checksum mismatch", -EINVAL;
    if ( f->curr_size > VHD_MAX_SIZE )
        return *why = "virtual size past the 2 TiB limit", -EFBIG;
    if ( f->curr_size % VHD_SECTOR_SIZE )
        return *why = "virtual size not a multiple of 512", -EINVAL;
    if ( f->type == VHD_TYPE_FIXED && f->data_offset != UINT64_MAX )
        return *why = "fixed disk with a header offset", -EINVAL;
    if ( f->type != VHD_TYPE_FIXED &&
         (f->data_offset == UINT64_MAX || f->data_offset % VHD_SECTOR_SIZE ||
          f->data_offset < VHD_SECTOR_SIZE) )
        return *why = "dynamic disk with a bad header offset", -EINVAL;
    return 0;
}

void vhd_header_pack(const struct vhd_header *h, uint8_t *buf)
{
    memset(buf, 0, 1024);
    memcpy(buf, h->cookie, 8);
    vhd_put_be64(buf + 8, h->data_offset);
    vhd_put_be64(buf + 16, h->table_offset);
    vhd_put_be32(buf + 24, h->version);
    vhd_put_be32(buf + 28, h->max_bat_size);
    vhd_put_be32(buf + 32, h->block_size);
    vhd_put_be32(buf + 36, h->checksum);
    memcpy(buf + 40, h->prt_uuid, 16);
    vhd_put_be32(buf + 56, h->prt_ts);
    memcpy(buf + 64, h->prt_name, 512);
    for ( int i = 0; i < 8; i++ )
    {
        uint8_t *l = buf + 576 + 24 * i;

        vhd_put_be32(l, h->loc[i].code);
        vhd_put_be32(l + 4, h->loc[i].data_space);
        vhd_put_be32(l + 8, h->loc[i].data_len);
        vhd_put_be64(l + 16, h->loc[i].data_offset);
    }
}

void vhd_header_unpack(struct vhd_header *h, const uint8_t *buf)
{
    memcpy(h->cookie, buf, 8);
    h->data_offset = vhd_be64(buf + 8);
    h->table_offset = vhd_be64(buf + 16);
    h->version = vhd_be32(buf + 24);
    h->max_bat_size = vhd_be32(buf + 28);
    h->block_size = vhd_be32(buf + 32);
    h->checksum = vhd_be32(buf + 36);
    memcpy(h->prt_uuid, buf + 40, 16);
    h->prt_ts = vhd_be32(buf + 56);
    memcpy(h->prt_name, buf + 64, 512);
    for ( int i = 0; i < 8; i++ )
    {
        const uint8_t *l = buf + 576 + 24 * i;

        h->loc[i].code = vhd_be32(l);
        h->loc[i].data_space = vhd_be32(l + 4);
        h->loc[i].data_len = vhd_be32(l + 8);
        h->loc[i].data_offset = vhd_be64(l + 16);
    }
}

uint32_t vhd_header_checksum(const struct vhd_header *h)
{
    uint8_t buf[1024];

    vhd_header_pack(h, buf);
    memset(buf + 36, 0, 4);
    return vhd_checksum_bytes(buf, sizeof(buf));
}

int vhd_header_validate(const struct vhd_header *h, const char **why)
{
    if ( memcmp(h->cookie, "cxsparse", 8) )
        return *why = "bad header cookie (not \"cxsparse\")", -EINVAL;
    if ( h->version != 0x00010000 )
        return *why = "unsupported header version", -EINVAL;
    if ( h->checksum != vhd_header_checksum(h) )
        return *why = "header checksum mismatch", -EINVAL;
    if ( h->block_size < 4096 || h->block_size > (256u << 20) ||
         (h->block_size & (h->block_size - 1)) )
        return *why = "block size not a power of two between 4 KiB and 256 MiB", -EINVAL;
    if ( h->table_offset % VHD_SECTOR_SIZE || h->table_offset == UINT64_MAX ||
         h->table_offset < VHD_SECTOR_SIZE )
        return *why = "BAT offset not sector aligned", -EINVAL;
    if ( (uint64_t)h->max_bat_size * h->block_size > VHD_MAX_SIZE + h->block_size )
        return *why = "BAT larger than the 2 TiB limit", -EFBIG;
    return 0;
}

void vhd_batmap_header_pack(const struct vhd_batmap_header *b, uint8_t *buf)
{
    memset(buf, 0, VHD_SECTOR_SIZE);
    memcpy(buf, b->cookie, 8);
    vhd_put_be64(buf + 8, b->batmap_offset);
    vhd_put_be32(buf + 16, b->batmap_size);
    vhd_put_be32(buf + 20, b->batmap_version);
    vhd_put_be32(buf + 24, b->checksum);
    buf[28] = b->marker;
}

void vhd_batmap_header_unpack(struct vhd_batmap_header *b, const uint8_t *buf)
{
    memcpy(b->cookie, buf, 8);
    b->batmap_offset = vhd_be64(buf + 8);
    b->batmap_size = vhd_be32(buf + 16);
    b->batmap_version = vhd_be32(buf + 20);
    b->checksum = vhd_be32(buf + 24);
    b->marker = buf[28];
}

void vhd_geometry(uint64_t bytes, uint16_t *cyls, uint8_t *heads, uint8_t *spt)
{
    uint64_t total = bytes / VHD_SECTOR_SIZE, cth;
    uint32_t h, s;

    if ( total > 65535ull * 16 * 255 )
        total = 65535ull * 16 * 255;
    if ( total >= 65535ull * 16 * 63 )
    {
        s = 255;
        h = 16;
        cth = total / s;
    }
    else
    {
        s = 17;
        cth = total / s;
        h = (uint32_t)((cth + 1023) / 1024);
        if ( h < 4 )
            h = 4;
        if ( cth >= h * 1024ull || h > 16 )
        {
            s = 31;
            h = 16;
            cth = total / s;
        }
        if ( cth >= h * 1024ull )
        {
            s = 63;
            h = 16;
            cth = total / s;
        }
    }
    *cyls = (uint16_t)(cth / h);
    *heads = (uint8_t)h;
    *spt = (uint8_t)s;
}

uint32_t vhd_time_now(void)
{
    time_t now = time(NULL);

    return now > VHD_EPOCH_OFFSET ? (uint32_t)(now - VHD_EPOCH_OFFSET) : 0;
}

int64_t vhd_time_to_unix(uint32_t ts)
{
    return (int64_t)ts + VHD_EPOCH_OFFSET;
}
