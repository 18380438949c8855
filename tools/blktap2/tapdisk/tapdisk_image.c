/* SPDX-License-Identifier: GPL-2.0-only */
/* tapdisk's image layer: "vhd:PATH" through libvhd's chain, "aio:PATH" as a raw file. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tapdisk.h"

int td_image_open(struct td_image *im, const char *spec, bool ro)
{
    int rc;

    memset(im, 0, sizeof(*im));
    im->raw_fd = -1;
    im->chain.raw_fd = -1;
    im->ro = ro;
    if ( !strncmp(spec, "vhd:", 4) )
    {
        im->is_vhd = true;
        rc = vhd_chain_open(&im->chain, spec + 4, ro ? VHD_OPEN_RDONLY : VHD_OPEN_RDWR);
        if ( rc )
            return rc;
        im->size = vhd_size(&im->chain.images[0]);
    }
    else if ( !strncmp(spec, "aio:", 4) )
    {
        struct stat st;

        im->raw_fd = open(spec + 4, (ro ? O_RDONLY : O_RDWR) | O_CLOEXEC);
        if ( im->raw_fd < 0 || fstat(im->raw_fd, &st) )
            return vhd_set_error(errno, "%s: %s", spec + 4, strerror(errno));
        im->size = (uint64_t)st.st_size & ~511ull;
    }
    else
        return vhd_set_error(EINVAL, "%s: unknown image type (vhd:PATH or aio:PATH)", spec);
    im->spec = strdup(spec);
    if ( !im->spec )
    {
        td_image_close(im);
        return vhd_set_error(ENOMEM, "out of memory");
    }
    return 0;
}

void td_image_close(struct td_image *im)
{
    if ( im->is_vhd )
        vhd_chain_close(&im->chain);
    if ( im->raw_fd >= 0 )
        close(im->raw_fd);
    im->raw_fd = -1;
    im->is_vhd = false;
    free(im->spec);
    im->spec = NULL;
    im->size = 0;
}

static int raw_io(int fd, uint8_t *buf, uint32_t len, uint64_t off, bool wr)
{
    while ( len )
    {
        ssize_t r = wr ? pwrite(fd, buf, len, (off_t)off) : pread(fd, buf, len, (off_t)off);

        if ( r < 0 && errno == EINTR )
            continue;
        if ( r < 0 )
            return -errno;
        if ( r == 0 )
        {
            memset(buf, 0, len);
            return 0;
        }
        buf += r;
        len -= (uint32_t)r;
        off += (uint64_t)r;
    }
    return 0;
}

int td_image_read(struct td_image *im, uint64_t off, uint32_t len, uint8_t *buf)
{
    if ( (off | len) & 511 || off + len > im->size )
        return -EINVAL;
    if ( im->is_vhd )
        return vhd_chain_read(&im->chain, off >> 9, len >> 9, buf);
    return raw_io(im->raw_fd, buf, len, off, false);
}

int td_image_write(struct td_image *im, uint64_t off, uint32_t len, const uint8_t *buf)
{
    if ( im->ro )
        return -EPERM;
    if ( (off | len) & 511 || off + len > im->size )
        return -EINVAL;
    if ( im->is_vhd )
        return vhd_write(&im->chain.images[0], off >> 9, len >> 9, buf);
    return raw_io(im->raw_fd, (uint8_t *)buf, len, off, true);
}

int td_image_flush(struct td_image *im)
{
    if ( im->is_vhd )
        return vhd_flush(&im->chain.images[0]);
    return fdatasync(im->raw_fd) ? -errno : 0;
}
