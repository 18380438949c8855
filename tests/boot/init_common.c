/* SPDX-License-Identifier: GPL-2.0-only */
/* What every static /init of the Linux boot tests does first (see init_common.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "init_common.h"

void init_console(void)
{
    int fd;

    mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
    fd = open("/dev/console", O_RDWR);
    for ( int i = 0; fd >= 0 && i < 3; i++ )
        dup2(fd, i); /* stdin, stdout and stderr */
}

void init_load_modules(const char *match, void (*report)(const char *name, int err))
{
    struct dirent **names;
    int n = scandir("/lib/modules", &names, NULL, alphasort);

    for ( int i = 0; i < n; i++ )
    {
        char path[512];
        int fd;

        if ( strstr(names[i]->d_name, match) != NULL )
        {
            snprintf(path, sizeof(path), "/lib/modules/%s", names[i]->d_name);
            fd = open(path, O_RDONLY | O_CLOEXEC);
            if ( fd < 0 || syscall(SYS_finit_module, fd, "", 0) != 0 )
                report(names[i]->d_name, errno);
            if ( fd >= 0 )
                close(fd);
        }
        free(names[i]);
    }
    if ( n >= 0 )
        free(names);
}
