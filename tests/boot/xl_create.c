/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * /init of tests/boot/xl-create.test, dom0's and the domU's (the kernel command
 * line says which: xltest=dom0 or xltest=domu), and the domU's /sbin/poweroff.
 *   dom0: starts Debian's toolstack (xenstored, xen-init-dom0, xenconsoled from
 *         xen-utils-4.17), then runs Debian's xl: info, create a PV domU, list, pause,
 *         list, unpause, list, vcpu-list, shutdown -w, list; create -p a second
 *         one, list, vcpu-list, destroy, list, info. Each step's lines are
 *         "XLTEST TAG| LINE" and its status "XLTEST TAG exit STATUS"; after the
 *         shutdown, the domU's console log (xenconsoled's) as
 *         "XLTEST console| LINE". Ends with a poweroff.
 *   domU: reads its own domid from xenstore (/dev/xen/xenbus), says
 *         "XLDOMU hello domid=N" on its console, writes data/xltest = "up N" to
 *         its xenstore home, then says it is alive every 5 s until the
 *         toolstack shuts it down (Linux runs /sbin/poweroff, this program,
 *         which says "XLDOMU poweroff" and powers off).
 * Built static: it needs no library.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <unistd.h>

#include "init_common.h"

#define BIN        INIT_XEN_BIN
#define LIB_PATH   INIT_XEN_LIB_PATH
#define CONSOLE    "/var/log/xen/console/guest-xltest.log"
#define XL_CONFIG  "/etc/xen/xltest.cfg"
#define XL_CONFIG2 "/etc/xen/xltest2.cfg"

static void module_failed(const char *name, int err)
{
    printf("XLTEST module %s: %s\n", name, strerror(err));
}

/* ---- the domU ---- */

/* xenstore's wire header (docs/misc/xenstore.txt); XS_READ is 2, XS_WRITE 11, XS_ERROR 16. */
struct xsd_msg {
    uint32_t type, req_id, tx_id, len;
    char body[256];
};

/* One xenstore request on fd with body path[\0value]; the reply's text in *m. 0 or -1. */
static int xs_call(int fd, uint32_t type, const char *path, const char *value, struct xsd_msg *m)
{
    size_t plen = strlen(path) + 1, vlen = value ? strlen(value) : 0;
    size_t hdr = offsetof(struct xsd_msg, body);
    ssize_t r;

    if ( plen + vlen >= sizeof(m->body) )
        return -1;
    m->type = type;
    m->req_id = type;
    m->tx_id = 0;
    m->len = (uint32_t)(plen + vlen);
    memcpy(m->body, path, plen);
    if ( value )
        memcpy(m->body + plen, value, vlen);
    if ( write(fd, m, hdr + m->len) != (ssize_t)(hdr + m->len) )
        return -1;
    /* /dev/xen/xenbus hands back one whole reply per read */
    r = read(fd, m, sizeof(*m) - 1);
    if ( r < (ssize_t)hdr || m->len > (size_t)r - hdr )
        return -1;
    m->body[m->len] = 0;
    return m->type == 16 ? -1 : 0;
}

static void domu(void)
{
    struct xsd_msg m;
    char up[32];
    int fd, domid = -1;

    mount("xenfs", "/proc/xen", "xenfs", 0, NULL);
    fd = open("/dev/xen/xenbus", O_RDWR | O_CLOEXEC);
    if ( fd < 0 )
        fd = open("/proc/xen/xenbus", O_RDWR | O_CLOEXEC);
    if ( fd >= 0 && xs_call(fd, 2, "domid", NULL, &m) == 0 )
        domid = atoi(m.body);
    printf("XLDOMU hello domid=%d\n", domid);
    snprintf(up, sizeof(up), "up %d", domid);
    if ( fd < 0 || xs_call(fd, 11, "data/xltest", up, &m) != 0 )
        printf("XLDOMU failed: write data/xltest: %s\n", fd < 0 ? strerror(errno) : m.body);
    fflush(stdout);
    for ( int s = 0;; s++ )
    {
        sleep(5);
        printf("XLDOMU alive %d\n", s);
        fflush(stdout);
    }
}

/* ---- dom0 ---- */

/* Print the file's lines as "XLTEST TAG| LINE". */
static void show(const char *tag, const char *path)
{
    char line[512];
    FILE *f = fopen(path, "r");

    while ( f != NULL && fgets(line, sizeof(line), f) != NULL )
        printf("XLTEST %s| %.*s\n", tag, (int)strcspn(line, "\r\n"), line);
    if ( f != NULL )
        fclose(f);
}

/* Wait up to timeout_s seconds for text in the domU's console log: 1 found, 0 not. */
static int console_wait(const char *text, int timeout_s)
{
    char line[512];

    for ( int i = 0; i < timeout_s * 2; i++ )
    {
        FILE *f = fopen(CONSOLE, "r");
        int found = 0;

        while ( f != NULL && !found && fgets(line, sizeof(line), f) != NULL )
            found = strstr(line, text) != NULL;
        if ( f != NULL )
            fclose(f);
        if ( found )
            return 1;
        usleep(500000);
    }
    return 0;
}

static int write_config(const char *path, const char *name, const char *extra)
{
    FILE *f = fopen(path, "w");

    if ( f == NULL )
    {
        printf("XLTEST failed: %s: %s\n", path, strerror(errno));
        return -1;
    }
    fprintf(f,
            "name = \"%s\"\nkernel = \"/boot/vmlinuz\"\nramdisk = \"/boot/domu-initrd.gz\"\n"
            "memory = 200\nvcpus = 2\nextra = \"%s\"\non_poweroff = \"destroy\"\n"
            "on_crash = \"preserve\"\n",
            name, extra);
    fclose(f);
    return 0;
}

#define XL(...) ((const char *const[]){BIN "xl", __VA_ARGS__, NULL})

static void dom0(void)
{
    const char *extra = getenv("xltest_domu_args");
    char args[256];

    snprintf(args, sizeof(args), "console=hvc0 loglevel=1 xltest=domu %s", extra ? extra : "");
    if ( write_config(XL_CONFIG, "xltest", args) != 0 ||
         write_config(XL_CONFIG2, "xltest2", args) ||
         init_xen_toolstack("XLTEST", "init-dom0", module_failed) != 0 )
        return;
    init_run("XLTEST", "list-before", XL("list"), LIB_PATH, 60);
    init_run("XLTEST", "info-before", XL("info"), LIB_PATH, 60);
    if ( init_run("XLTEST", "create", XL("-vvv", "create", XL_CONFIG), LIB_PATH, 300) != 0 )
    {
        show("xl-log", "/var/log/xen/xl-xltest.log");
        return;
    }
    printf("XLTEST domu-marker %s\n", console_wait("XLDOMU hello", 600) ? "seen" : "missing");
    /* now that its kernel brought its second vCPU up */
    init_run("XLTEST", "list", XL("list"), LIB_PATH, 60);
    init_run("XLTEST", "pause", XL("pause", "xltest"), LIB_PATH, 60);
    init_run("XLTEST", "list-paused", XL("list", "xltest"), LIB_PATH, 60);
    init_run("XLTEST", "unpause", XL("unpause", "xltest"), LIB_PATH, 60);
    init_run("XLTEST", "list-unpaused", XL("list", "xltest"), LIB_PATH, 60);
    printf("XLTEST domu-alive-after-unpause %s\n",
           console_wait("XLDOMU alive 1", 300) ? "seen" : "missing");
    init_run("XLTEST", "vcpu-list", XL("vcpu-list", "xltest"), LIB_PATH, 60);
    init_run("XLTEST", "shutdown", XL("shutdown", "-w", "xltest"), LIB_PATH, 300);
    init_run("XLTEST", "list-after-shutdown", XL("list"), LIB_PATH, 60);
    show("console", CONSOLE);
    if ( init_run("XLTEST", "create-paused", XL("create", "-p", XL_CONFIG2), LIB_PATH, 300) == 0 )
    {
        init_run("XLTEST", "list-created-paused", XL("list", "xltest2"), LIB_PATH, 60);
        init_run("XLTEST", "vcpu-list-paused", XL("vcpu-list", "xltest2"), LIB_PATH, 60);
        init_run("XLTEST", "destroy", XL("destroy", "xltest2"), LIB_PATH, 120);
    }
    init_run("XLTEST", "list-end", XL("list"), LIB_PATH, 60);
    sleep(2); /* xenconsoled and xenstored let the domains' pages go on @releaseDomain */
    init_run("XLTEST", "info-end", XL("info"), LIB_PATH, 60);
}

int main(int argc, char **argv)
{
    const char *role = getenv("xltest");

    (void)argc;
    if ( strstr(argv[0], "poweroff") != NULL )
    {
        /* run by the kernel (orderly_poweroff) with no stdout: say it on the console */
        int fd = open("/dev/console", O_WRONLY | O_CLOEXEC);

        if ( fd >= 0 )
            dprintf(fd, "XLDOMU poweroff\n");
        sync();
        reboot(RB_POWER_OFF);
        return 1;
    }
    init_console();
    mount("proc", "/proc", "proc", 0, NULL);
    mount("sysfs", "/sys", "sysfs", 0, NULL);
    if ( role != NULL && !strcmp(role, "domu") )
    {
        domu();
        return 0;
    }
    mkdir("/tmp", 01777);
    printf("XLTEST start\n");
    fflush(stdout);
    dom0();
    printf("XLTEST done\n");
    fflush(stdout);
    sync();
    reboot(RB_POWER_OFF);
    return 0;
}
