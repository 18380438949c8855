/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * /init of tests/boot/linux-dom0-xl.test: in dom0 (Debian's stock kernel on
 * our hypervisor, or on Debian's Xen 4.17 for the comparison), start our
 * xenstored, let Debian's xen-init-dom0 name dom0 as Xen's init scripts do,
 * then run Debian's real xl (info, info -n, list, vcpu-list, dmesg,
 * debug-keys, dmesg -c) and print every line each one wrote as
 * "DOM0XL TAG| LINE", then "DOM0XL TAG exit STATUS". The test asserts on that
 * text. Debian's programs are in /usr/lib/xen-4.17/bin with their libraries
 * in /debian/lib. Ends with a poweroff. Built static: it needs no library.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "init_common.h"

#define XL        "/usr/lib/xen-4.17/bin/xl"
#define INIT_DOM0 "/usr/lib/xen-4.17/bin/xen-init-dom0"
#define XENSTORED "/usr/sbin/xenstored"
#define SOCKET    "/run/xenstored/socket"
#define LIB_PATH  "LD_LIBRARY_PATH=/debian/lib"

/* A step: what its lines are tagged with, and the command. */
struct step {
    const char *tag;
    const char *argv[6];
};

static const struct step steps[] = {
    {"init-dom0", {INIT_DOM0, NULL}},
    {"info", {XL, "info", NULL}},
    {"info-n", {XL, "info", "-n", NULL}},
    {"list", {XL, "list", NULL}},
    {"vcpu-list", {XL, "vcpu-list", NULL}},
    {"dmesg", {XL, "dmesg", NULL}},
    {"debug-keys", {XL, "debug-keys", "h", NULL}},
    {"dmesg-c", {XL, "dmesg", "-c", NULL}},
    {"dmesg-after-clear", {XL, "dmesg", NULL}},
};

/* Load every module in /lib/modules in name order (they are numbered). */
static void module_failed(const char *name, int err)
{
    printf("DOM0XL module %s: %s\n", name, strerror(err));
}

int main(void)
{
    const char *const daemon[] = {XENSTORED, "--no-fork", "--pid-file", "/run/xenstored.pid", NULL};
    struct stat st;

    init_console();
    mount("proc", "/proc", "proc", 0, NULL);
    mount("sysfs", "/sys", "sysfs", 0, NULL);
    printf("DOM0XL start\n");
    init_load_modules(".ko", module_failed);
    if ( mount("xenfs", "/proc/xen", "xenfs", 0, NULL) != 0 )
        printf("DOM0XL xenfs: %s\n", strerror(errno));
    mkdir("/run", 0755);
    mkdir("/tmp", 01777);
    mkdir("/var", 0755);
    symlink("/run", "/var/run");
    mkdir("/var/lib", 0755);
    mkdir("/var/lib/xen", 0755);
    mkdir("/var/log", 0755);
    mkdir("/var/log/xen", 0755);

    /* xenstored as the init scripts start it; wait for its socket. */
    if ( init_spawn(daemon, LIB_PATH, -1) > 0 )
        for ( int i = 0; i < 200 && stat(SOCKET, &st) != 0; i++ )
            usleep(100000);
    printf("DOM0XL xenstored %s\n", stat(SOCKET, &st) == 0 ? "ready" : "not ready");

    for ( size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++ )
        init_run("DOM0XL", steps[i].tag, steps[i].argv, LIB_PATH, 60);

    printf("DOM0XL done\n");
    fflush(stdout);
    sync();
    reboot(RB_POWER_OFF);
    return 1;
}
