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
        /* New blocks reach the on-disk BAT at the next flush (td_image_flush). */
        im->chain.images[0].defer_bat = !ro;
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

int td_image_flush(struct td_image *im)
{
    if ( im->is_vhd )
        return vhd_flush(&im->chain.images[0]);
    return fdatasync(im->raw_fd) ? -errno : 0;
}

static int plan_extent(void *arg, int fd, uint8_t *buf, size_t len, uint64_t off)
{
    return td_req_add(arg, fd, TD_OP_READ, buf, (uint32_t)len, off);
}

int td_image_plan_read(struct td_image *im, struct td_req *r)
{
    if ( (r->off | r->len) & 511 || r->off + r->len > im->size )
        return -EINVAL;
    if ( !r->len )
        return 0;
    if ( im->is_vhd )
        return vhd_chain_plan(&im->chain, r->off >> 9, r->len >> 9, r->buf, plan_extent, r);
    return td_req_add(r, im->raw_fd, TD_OP_READ, r->buf, r->len, r->off);
}

static int plan_write_extent(void *arg, int fd, uint8_t *buf, size_t len, uint64_t off)
{
    return td_req_add(arg, fd, TD_OP_WRITE, buf, (uint32_t)len, off);
}

int td_image_plan_write(struct td_image *im, struct td_req *r)
{
    if ( im->ro )
        return -EPERM;
    if ( (r->off | r->len) & 511 || r->off + r->len > im->size )
        return -EINVAL;
    if ( !r->len )
        return 0;
    if ( !im->is_vhd )
        return td_req_add(r, im->raw_fd, TD_OP_WRITE, r->buf, r->len, r->off);
    return vhd_write_plan(&im->chain.images[0], r->off >> 9, r->len >> 9, r->buf, plan_write_extent,
                          r);
}

int td_image_write_done(struct td_image *im, uint64_t off, uint32_t len)
{
    if ( !im->is_vhd || !len )
        return 0;
    return vhd_write_done(&im->chain.images[0], off >> 9, len >> 9);
}

int td_image_flush_fd(struct td_image *im)
{
    if ( !im->is_vhd )
        return im->raw_fd;
    return im->chain.images[0].bat_ndirty ? -1 : im->chain.images[0].fd;
}
