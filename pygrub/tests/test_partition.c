/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests of the partition table parser on hand-made MBR, EBR chains and GPT. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "fsimage.h"
#include "tap.h"

#define DISK (8u << 20)

static uint8_t *disk;

static int rd(void *ctx, void *buf, size_t len, uint64_t off)
{
    (void)ctx;
    if ( off > DISK || len > DISK - off )
        return -5;
    memcpy(buf, disk + off, len);
    return 0;
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static void put64(uint8_t *p, uint64_t v)
{
    put32(p, (uint32_t)v);
    put32(p + 4, (uint32_t)(v >> 32));
}

static void mbr_entry(uint8_t *sec, int i, uint8_t boot, uint8_t type, uint32_t lba, uint32_t n)
{
    uint8_t *e = sec + 446 + 16 * i;

    e[0] = boot;
    e[4] = type;
    put32(e + 8, lba);
    put32(e + 12, n);
    sec[510] = 0x55;
    sec[511] = 0xaa;
}

int main(void)
{
    struct fsi_part p[16];
    size_t n;
    uint8_t *h, *ents;

    disk = calloc(1, DISK);
    ok(fsi_partitions(rd, NULL, DISK, p, 16, &n) == 0 && n == 1 && p[0].offset == 0,
       "no table: the whole disk");

    mbr_entry(disk, 0, 0, 0x83, 2048, 4096);
    mbr_entry(disk, 1, 0x80, 0x83, 6144, 2048);
    ok(fsi_partitions(rd, NULL, DISK, p, 16, &n) == 0 && n == 2 && p[0].offset == 6144 * 512 &&
           p[1].offset == 2048 * 512,
       "MBR: active partition first");

    /* Extended partition with two logical ones, then a loop back to the first EBR. */
    memset(disk, 0, 512);
    mbr_entry(disk, 0, 0, 0x05, 4096, 8192);
    mbr_entry(disk + 4096 * 512, 0, 0, 0x83, 63, 1000);
    mbr_entry(disk + 4096 * 512, 1, 0, 0x05, 2048, 2000);
    mbr_entry(disk + 6144 * 512, 0, 0, 0x83, 63, 1000);
    mbr_entry(disk + 6144 * 512, 1, 0, 0x05, 0, 2000);
    ok(fsi_partitions(rd, NULL, DISK, p, 16, &n) == 0 && n == 2 &&
           p[0].offset == (4096 + 63) * 512ull && p[0].number == 5 &&
           p[1].offset == (6144 + 63) * 512ull && p[1].number == 6,
       "MBR: logical partitions through the EBR chain");
    put32(disk + 6144 * 512 + 446 + 16 + 8, 0); /* link to itself (relative 0 -> base) */
    disk[6144 * 512 + 446 + 16 + 4] = 0x05;
    put32(disk + 6144 * 512 + 446 + 16 + 8, 1);
    ok(fsi_partitions(rd, NULL, DISK, p, 16, &n) == 0 && n == 2,
       "MBR: a backward EBR link ends the chain");

    /* Partitions past the end of the disk are ignored. */
    memset(disk, 0, 512);
    mbr_entry(disk, 0, 0, 0x83, 0xfffffff0u, 100);
    ok(fsi_partitions(rd, NULL, DISK, p, 16, &n) == 0 && n == 1 && p[0].offset == 0,
       "MBR: entry outside the disk ignored");

    /* GPT with one partition. */
    memset(disk, 0, 512);
    mbr_entry(disk, 0, 0, 0xee, 1, DISK / 512 - 1);
    h = disk + 512;
    ents = disk + 1024;
    memcpy(h, "EFI PART", 8);
    put32(h + 8, 0x10000);
    put32(h + 12, 92);
    put64(h + 72, 2);
    put32(h + 80, 128);
    put32(h + 84, 128);
    memset(ents, 0, 128 * 128);
    ents[0] = 0xaf; /* a non-zero type GUID */
    put64(ents + 32, 2048);
    put64(ents + 40, 4095);
    put32(h + 88, (uint32_t)crc32(0, ents, 128 * 128));
    put32(h + 16, 0);
    put32(h + 16, (uint32_t)crc32(0, h, 92));
    ok(fsi_partitions(rd, NULL, DISK, p, 16, &n) == 0 && n == 1 && p[0].offset == 2048 * 512 &&
           p[0].size == 2048 * 512,
       "GPT: one partition");
    ents[40] ^= 1;
    ok(fsi_partitions(rd, NULL, DISK, p, 16, &n) != 0 && strstr(fsi_last_error(), "CRC"),
       "GPT: entry array CRC checked (%s)", fsi_last_error());
    ents[40] ^= 1;
    put32(h + 80, 100000);
    ok(fsi_partitions(rd, NULL, DISK, p, 16, &n) != 0, "GPT: huge entry count refused (%s)",
       fsi_last_error());
    free(disk);
    return tap_done();
}
