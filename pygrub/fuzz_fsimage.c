/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer harness for the filesystem readers (ext2/3/4 via libext2fs, FAT, ISO 9660):
 * the input is an image; the files pygrub looks for are opened and read through.
 */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fsimage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const paths[] = {
    "/boot/grub/grub.cfg", "/boot/grub/menu.lst", "/extlinux.conf",          "/boot/vmlinuz",
    "/boot/initrd.img",    "/a/b/c/../../b/link", "/EFI/BOOT/LONGNAME.CONF",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char buf[4096];
    fsi_t *fs;
    size_t i;
    int fd = memfd_create("fuzz", MFD_CLOEXEC);

    if ( fd < 0 )
        return 0;
    if ( write(fd, data, size) != (ssize_t)size )
        goto out;
    if ( fsi_open_fd(fd, "fuzz", 0, &fs) )
        goto out;
    for ( i = 0; i < sizeof(paths) / sizeof(paths[0]); i++ )
    {
        fsi_file_t *f;
        uint64_t off = 0;
        int reads = 0;

        if ( fsi_file_open(fs, paths[i], &f) )
            continue;
        while ( reads++ < 64 )
        {
            ssize_t n = fsi_file_pread(f, buf, sizeof(buf), off);

            if ( n <= 0 )
                break;
            off += (uint64_t)n;
        }
        fsi_file_close(f);
    }
    for ( i = 0; i < 2; i++ )
    {
        char **names;
        size_t n;

        if ( fsi_dir_list(fs, i ? "/boot/grub" : "/", 64, &names, &n) == 0 )
            fsi_dir_free(names, n);
    }
    fsi_close(fs);
out:
    close(fd);
    return 0;
}
