/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Parse an image held in memory through the same code as a file (a memfd): used by the
 * fuzz harness and by tests to exercise every metadata path on untrusted bytes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "vhd.h"

int vhd_parse_buffer(const uint8_t *buf, size_t len)
{
    struct vhd_context c;
    char path[64];
    uint8_t *data = NULL;
    int fd = memfd_create("vhd-parse", MFD_CLOEXEC), rc;

    if ( fd < 0 )
        return -errno;
    if ( write(fd, buf, len) != (ssize_t)len )
    {
        close(fd);
        return -EIO;
    }
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    rc = vhd_open(&c, path, VHD_OPEN_RDONLY);
    close(fd);
    if ( rc )
        return rc;
    /* Read the first 64 MiB of the disk, sector maps and all. */
    data = malloc(1 << 20);
    if ( !data )
    {
        rc = -ENOMEM;
        goto out;
    }
    for ( uint64_t sec = 0; sec * VHD_SECTOR_SIZE < vhd_size(&c) && sec < (64u << 11); sec += 2048 )
    {
        uint64_t left = vhd_size(&c) / VHD_SECTOR_SIZE - sec;

        rc = vhd_read_image(&c, sec, left < 2048 ? (uint32_t)left : 2048, data, NULL);
        if ( rc )
            goto out;
    }
    for ( int i = 0; i < 8 && c.footer.type == VHD_TYPE_DIFF; i++ )
        free(vhd_locator_read(&c, i));
    free(vhd_parent_name(&c.header));
out:
    free(data);
    vhd_close(&c);
    return rc;
}
