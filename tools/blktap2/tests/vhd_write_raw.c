/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test helper: write a raw file's bytes into a VHD at a sector offset through libvhd
 * (vhd_write), as a disk client would; optionally in CHUNK-sector pieces.
 * usage: vhd_write_raw IMAGE RAWFILE SECTOR [CHUNK]
 */
#include <stdio.h>
#include <stdlib.h>

#include "vhd.h"

int main(int argc, char **argv)
{
    struct vhd_context ctx;
    unsigned long long sec, chunk = 2048;
    uint8_t *buf = NULL;
    FILE *f = NULL;
    size_t n;
    int rc = 1;

    if ( argc < 4 || argc > 5 )
    {
        fprintf(stderr, "usage: vhd_write_raw IMAGE RAWFILE SECTOR [CHUNK]\n");
        return 2;
    }
    sec = strtoull(argv[3], NULL, 0);
    if ( argc == 5 )
        chunk = strtoull(argv[4], NULL, 0);
    if ( !chunk || chunk > 8192 )
        return 2;
    if ( vhd_open(&ctx, argv[1], VHD_OPEN_RDWR) )
    {
        fprintf(stderr, "vhd_write_raw: %s\n", vhd_error());
        return 1;
    }
    buf = calloc(chunk, VHD_SECTOR_SIZE);
    f = fopen(argv[2], "rb");
    if ( !buf || !f )
    {
        perror("vhd_write_raw");
        goto out;
    }
    while ( (n = fread(buf, 1, chunk * VHD_SECTOR_SIZE, f)) > 0 )
    {
        uint32_t ns = (uint32_t)((n + VHD_SECTOR_SIZE - 1) / VHD_SECTOR_SIZE);

        if ( vhd_write(&ctx, sec, ns, buf) )
        {
            fprintf(stderr, "vhd_write_raw: %s\n", vhd_error());
            goto out;
        }
        sec += ns;
    }
    rc = vhd_flush(&ctx) ? 1 : 0;
out:
    if ( f )
        fclose(f);
    free(buf);
    vhd_close(&ctx);
    return rc;
}
