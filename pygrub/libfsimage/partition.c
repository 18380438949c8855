/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Partition tables: MBR (primary, extended and logical partitions) and GPT, and the
 * whole-disk cases (no table, hybrid ISO). Everything read from the disk is untrusted.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "private.h"

#define SECTOR          512u
#define MBR_SIG_OFF     510
#define MBR_TABLE_OFF   446
#define MBR_TYPE_GPT    0xee
#define GPT_MAX_ENTRIES 1024u
#define MAX_LOGICAL     128u

static bool is_extended(uint8_t type)
{
    return type == 0x05 || type == 0x0f || type == 0x85;
}

struct scan {
    fsi_read_fn *rd;
    void *ctx;
    uint64_t disk_size;
    struct fsi_part *parts;
    size_t max, n;
};

/* Record a partition of @sectors sectors at sector @lba if it lies on the disk. */
static void add_part(struct scan *s, uint64_t lba, uint64_t sectors, unsigned int number,
                     uint8_t type, bool active)
{
    uint64_t off = lba * SECTOR;

    if ( lba == 0 || lba > s->disk_size / SECTOR || off >= s->disk_size || s->n == s->max )
        return;
    if ( sectors > (s->disk_size - off) / SECTOR )
        sectors = (s->disk_size - off) / SECTOR;
    if ( active )
    {
        /* The active partition is tried first, as the boot firmware would. */
        memmove(&s->parts[1], &s->parts[0], s->n * sizeof(s->parts[0]));
        s->n++;
        s->parts[0] = (struct fsi_part){off, sectors * SECTOR, number, type, 1};
        return;
    }
    s->parts[s->n++] = (struct fsi_part){off, sectors * SECTOR, number, type, 0};
}

static int scan_gpt(struct scan *s)
{
    uint8_t hdr[SECTOR], *ents = NULL;
    uint32_t hsize, crc, nent, esize, i;
    uint64_t elba;
    size_t total;
    int rc;

    if ( s->disk_size < 2 * SECTOR )
        return fsi__error(-EINVAL, "GPT: disk too small for a header");
    rc = s->rd(s->ctx, hdr, SECTOR, SECTOR);
    if ( rc )
        return rc;
    if ( memcmp(hdr, "EFI PART", 8) )
        return fsi__error(-EINVAL, "GPT: protective MBR but no \"EFI PART\" header at LBA 1");
    hsize = fsi__le32(hdr + 12);
    if ( hsize < 92 || hsize > SECTOR )
        return fsi__error(-EINVAL, "GPT: header size %u out of range", hsize);
    crc = fsi__le32(hdr + 16);
    memset(hdr + 16, 0, 4);
    if ( (uint32_t)crc32(0, hdr, hsize) != crc )
        return fsi__error(-EINVAL, "GPT: header CRC mismatch");
    elba = fsi__le64(hdr + 72);
    nent = fsi__le32(hdr + 80);
    esize = fsi__le32(hdr + 84);
    if ( esize < 128 || esize > 4096 || esize % 8 )
        return fsi__error(-EINVAL, "GPT: entry size %u invalid", esize);
    if ( nent > GPT_MAX_ENTRIES )
        return fsi__error(-EINVAL, "GPT: %u entries, more than %u", nent, GPT_MAX_ENTRIES);
    total = (size_t)nent * esize;
    if ( elba < 2 || elba > s->disk_size / SECTOR || total > s->disk_size - elba * SECTOR )
        return fsi__error(-EINVAL, "GPT: entry array outside the disk");
    ents = malloc(total ? total : 1);
    if ( !ents )
        return fsi__error(-ENOMEM, "GPT: out of memory");
    rc = s->rd(s->ctx, ents, total, elba * SECTOR);
    if ( rc )
        goto out;
    if ( (uint32_t)crc32(0, ents, (uInt)total) != fsi__le32(hdr + 88) )
    {
        rc = fsi__error(-EINVAL, "GPT: partition entry array CRC mismatch");
        goto out;
    }
    for ( i = 0; i < nent; i++ )
    {
        const uint8_t *e = ents + (size_t)i * esize;
        static const uint8_t zero[16];
        uint64_t first = fsi__le64(e + 32), last = fsi__le64(e + 40);

        if ( !memcmp(e, zero, 16) || last < first )
            continue;
        add_part(s, first, last - first + 1, i + 1, MBR_TYPE_GPT, false);
    }
out:
    free(ents);
    return rc;
}

/* Walk the chain of extended boot records of the extended partition at @base. */
static int scan_logical(struct scan *s, uint64_t base, uint64_t ext_sectors)
{
    uint8_t sec[SECTOR];
    uint64_t ebr = base;
    unsigned int i;
    int rc;

    for ( i = 0; i < MAX_LOGICAL; i++ )
    {
        const uint8_t *e;
        uint64_t next;

        if ( ebr > s->disk_size / SECTOR - 1 )
            return 0;
        rc = s->rd(s->ctx, sec, SECTOR, ebr * SECTOR);
        if ( rc )
            return rc;
        if ( fsi__le16(sec + MBR_SIG_OFF) != 0xaa55 )
            return 0;
        e = sec + MBR_TABLE_OFF;
        if ( e[4] && fsi__le32(e + 8) )
            add_part(s, ebr + fsi__le32(e + 8), fsi__le32(e + 12), 5 + i, e[4], false);
        e += 16;
        if ( !is_extended(e[4]) || !fsi__le32(e + 8) )
            return 0;
        next = base + fsi__le32(e + 8);
        /* Links point forward inside the extended partition; anything else is a loop. */
        if ( next <= ebr || next >= base + ext_sectors )
            return 0;
        ebr = next;
    }
    return 0;
}

int fsi_partitions(fsi_read_fn *rd, void *ctx, uint64_t disk_size, struct fsi_part *parts,
                   size_t max, size_t *count)
{
    struct scan s = {rd, ctx, disk_size, parts, max, 0};
    uint8_t mbr[SECTOR], cd[6];
    unsigned int i;
    int rc = 0;

    *count = 0;
    if ( max == 0 )
        return fsi__error(-EINVAL, "no room for partitions");
    if ( disk_size < SECTOR || rd(ctx, mbr, SECTOR, 0) || fsi__le16(mbr + MBR_SIG_OFF) != 0xaa55 )
        goto whole;
    /* A hybrid ISO has an MBR for USB boot, but is really an ISO 9660 image at 0. */
    if ( disk_size >= 0x8006 && !rd(ctx, cd, 6, 0x8000) && !memcmp(cd + 1, "CD001", 5) )
        parts[s.n++] = (struct fsi_part){0, disk_size, 0, 0, 0};
    for ( i = 0; i < 4; i++ )
    {
        const uint8_t *e = mbr + MBR_TABLE_OFF + 16 * i;
        uint32_t lba = fsi__le32(e + 8), nsec = fsi__le32(e + 12);

        if ( e[4] == 0 || lba == 0 )
            continue;
        if ( e[4] == MBR_TYPE_GPT )
        {
            rc = scan_gpt(&s);
            break;
        }
        if ( is_extended(e[4]) )
        {
            rc = scan_logical(&s, lba, nsec);
            if ( rc )
                break;
            continue;
        }
        add_part(&s, lba, nsec, i + 1, e[4], e[0] == 0x80);
    }
    if ( rc )
        return rc;
    if ( s.n )
    {
        *count = s.n;
        return 0;
    }
    /* A boot sector signature without usable entries (a filesystem's own boot sector). */
whole:
    parts[0] = (struct fsi_part){0, disk_size, 0, 0, 0};
    *count = 1;
    return 0;
}
