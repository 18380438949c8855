/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event-channel ping-pong between two domains for scripts/bench.d/domu.sh: the
 * /init of both initramfs images, dom0's and the domU's, booted with Debian's
 * kernel on our hypervisor and on Debian's Xen 4.17. What it does comes from
 * the kernel command line:
 *   domubench=serve   (the domU) allocates a port unbound for dom0, offers it
 *                     (domubench_offer=console: on its console, which the
 *                     hypervisor carries into its ring; =xenstore: as
 *                     data/domubench-port in its xenstore home, beside whether
 *                     it could have written the hypervisor's console,
 *                     data/domubench-console-io) and answers every event on it
 *                     with one back, for ever;
 *   domubench=boot    (dom0, ours) the domU started at boot (domubench_domu,
 *                     default 1) offers its port in the console ring (sysctl
 *                     readconsole through privcmd);
 *   domubench=xl      (dom0, Xen 4.17) starts Debian's toolstack from the
 *                     initramfs (xenstored, xen-init-dom0, xenconsoled), makes
 *                     the domU with `xl create`, reads its offer from xenstore.
 * dom0 then binds the port and measures round trips (notify, wait for the
 * answer): "DOMUBENCH evtchn_pingpong_domu NS", the median of BATCHES batches
 * of domubench_rounds round trips; the same between two dom0 processes as
 * "DOMUBENCH evtchn_pingpong_dom0 NS"; then "DOMUBENCH done" and a poweroff.
 * Anything that goes wrong is "DOMUBENCH failed: WHY". Built static.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "console_ring.h"
#include "dom0_init.h"
#include "evtchn_pingpong.h"
#include "init_common.h"
typedef uint16_t domid_t; /* what <xen/evtchn.h> expects from the kernel */
#include <xen/evtchn.h>

#define BATCHES      5
#define OFFER_TAG    "DOMUBENCH offer port="
#define OFFER_NODE   "data/domubench-port"
#define CONSIO_NODE  "data/domubench-console-io"
#define OFFER_WAIT_S 300 /* the domU may still be booting */
#define DOMU_NAME    "domu-bench"
#define BIN          INIT_XEN_BIN
#define LIB_PATH     INIT_XEN_LIB_PATH
#define XS_SOCKET    INIT_XS_SOCKET
#define XL_CONFIG    "/etc/xen/" DOMU_NAME ".cfg"

/* xenstore's wire format (docs/misc/xenstore.txt): a header, then len bytes. */
struct xs_header {
    uint32_t type;
    uint32_t req_id;
    uint32_t tx_id;
    uint32_t len;
};
#define XS_DIRECTORY 1
#define XS_READ      2
#define XS_WRITE     11
#define XS_ERROR     16
#define XS_MAX       4096

static void say(const char *fmt, ...) __attribute__((__format__(__printf__, 1, 2)));
static void say(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    fputs("DOMUBENCH ", stdout);
    vprintf(fmt, ap);
    putchar('\n');
    fflush(stdout);
    va_end(ap);
}

static void module_failed(const char *name, int err)
{
    say("module %s: %s", name, strerror(err));
}

static const char *arg(const char *name, const char *dflt)
{
    const char *v = getenv(name);

    return v != NULL && *v ? v : dflt;
}

/* ---- a minimal xenstore client: /dev/xen/xenbus or the daemon's socket ---- */

/* Read exactly len bytes: 0, or -1. */
static int read_all(int fd, void *buf, size_t len)
{
    for ( size_t got = 0; got < len; )
    {
        ssize_t r = read(fd, (char *)buf + got, len - got);

        if ( r <= 0 )
            return -1;
        got += (size_t)r;
    }
    return 0;
}

/*
 * One request: path, then (XS_WRITE) the value. The reply's payload goes to out
 * (outlen bytes, NUL-terminated): its length, or -1 (errno; EIO with the
 * daemon's error name in out for an XS_ERROR reply).
 */
static long xs_request(int fd, uint32_t type, const char *path, const char *value, char *out,
                       size_t outlen)
{
    static uint32_t req_id;
    struct {
        struct xs_header h;
        char body[XS_MAX];
    } m;
    size_t plen = strlen(path) + 1, vlen = value ? strlen(value) : 0;

    if ( plen + vlen > XS_MAX || outlen == 0 )
    {
        errno = E2BIG;
        return -1;
    }
    m.h = (struct xs_header){.type = type, .req_id = ++req_id, .len = (uint32_t)(plen + vlen)};
    memcpy(m.body, path, plen);
    if ( vlen )
        memcpy(m.body + plen, value, vlen);
    if ( write(fd, &m, sizeof(m.h) + plen + vlen) != (ssize_t)(sizeof(m.h) + plen + vlen) ||
         read_all(fd, &m.h, sizeof(m.h)) != 0 || m.h.len > XS_MAX ||
         read_all(fd, m.body, m.h.len) != 0 )
    {
        errno = errno ? errno : EIO;
        return -1;
    }
    if ( m.h.len >= outlen )
        m.h.len = (uint32_t)outlen - 1;
    memcpy(out, m.body, m.h.len);
    out[m.h.len] = 0;
    if ( m.h.type == XS_ERROR )
    {
        errno = EIO;
        return -1;
    }
    return m.h.len;
}

/* The daemon's socket, or the kernel's /dev/xen/xenbus: an fd, or -1. */
static int xs_open(void)
{
    struct sockaddr_un sa = {.sun_family = AF_UNIX, .sun_path = XS_SOCKET};
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

    if ( fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 )
        return fd;
    if ( fd >= 0 )
        close(fd);
    return open("/dev/xen/xenbus", O_RDWR | O_CLOEXEC);
}

/* ---- the domU ---- */

#define HYPERVISOR_console_io 18
#define CONSOLEIO_write       0

/*
 * Whether this domain may write the hypervisor's console (console_io write through
 * privcmd), as a domU started at boot on ours offers its port: "ok", or why not.
 */
static const char *console_io_probe(void)
{
    static const char line[] = "(domU) DOMUBENCH console_io write probe\n";
    struct privcmd_hypercall h = {.op = HYPERVISOR_console_io,
                                  .arg = {CONSOLEIO_write, sizeof(line) - 1, (uintptr_t)line}};
    int fd = open("/dev/xen/privcmd", O_RDWR | O_CLOEXEC);
    int r = fd < 0 ? -1 : ioctl(fd, IOCTL_PRIVCMD_HYPERCALL, &h);

    if ( fd >= 0 )
        close(fd);
    return r < 0 ? strerror(errno) : "ok";
}

static void serve(void)
{
    struct ioctl_evtchn_bind_unbound_port u = {.remote_domain =
                                                   (unsigned int)atoi(arg("domubench_peer", "0"))};
    const char *how = arg("domubench_offer", "console");
    int efd = open("/dev/xen/evtchn", O_RDWR | O_CLOEXEC);
    int port = efd < 0 ? -1 : ioctl(efd, IOCTL_EVTCHN_BIND_UNBOUND_PORT, &u);
    struct pollfd p = {.fd = efd, .events = POLLIN};
    char value[16], reply[64] = "";
    long n;

    if ( port <= 0 )
    {
        say("failed: a port unbound for d%u: %s", u.remote_domain, strerror(errno));
        return;
    }
    snprintf(value, sizeof(value), "%d", port);
    if ( !strcmp(how, "xenstore") )
    {
        int xfd = open("/dev/xen/xenbus", O_RDWR | O_CLOEXEC);

        if ( xfd < 0 ||
             xs_request(xfd, XS_WRITE, CONSIO_NODE, console_io_probe(), reply, sizeof(reply)) < 0 ||
             xs_request(xfd, XS_WRITE, OFFER_NODE, value, reply, sizeof(reply)) < 0 )
        {
            say("failed: write %s and %s to xenstore: %s %s", CONSIO_NODE, OFFER_NODE,
                strerror(errno), reply);
            return;
        }
        close(xfd);
        say("offered port %d in xenstore", port);
    }
    else
    {
        /* Repeated until dom0's first event: the ring is small, and dom0's boot may push
         * the offer out before dom0 reads it. */
        for ( int waited = 0; waited < OFFER_WAIT_S; waited += 2 )
        {
            printf(OFFER_TAG "%d\n", port);
            fflush(stdout);
            if ( poll(&p, 1, 2000) == 1 )
                break;
        }
    }
    n = evtchn_pingpong_serve(efd, (unsigned int)port, -1);
    say("failed: serving stopped after %ld events: %s", n, strerror(errno));
}

/* ---- dom0 ---- */

/* The domU's offer from its console, through the hypervisor's ring: its port, or -1. */
static int offer_from_console(unsigned int domu)
{
    static struct console_ring con;
    int pfd = open("/dev/xen/privcmd", O_RDWR | O_CLOEXEC);
    char tag[64];
    const char *at;
    int found;

    snprintf(tag, sizeof(tag), "(d%u) " OFFER_TAG, domu);
    found = pfd >= 0 && console_ring_find(&con, pfd, tag, OFFER_WAIT_S * 1000);
    if ( pfd >= 0 )
        close(pfd);
    if ( !found )
    {
        say("failed: no '%s' in the console ring: %s", tag,
            pfd < 0     ? strerror(errno)
            : con.error ? strerror(con.error)
                        : "timeout");
        return -1;
    }
    at = strstr(con.line, OFFER_TAG) + strlen(OFFER_TAG);
    return atoi(at);
}

/* The first domain in xenstore's /local/domain but dom0: its id, or -1. */
static int find_domu(int xfd)
{
    char list[1024];
    long n = xs_request(xfd, XS_DIRECTORY, "/local/domain", NULL, list, sizeof(list));

    for ( long i = 0; i < n; i += (long)strlen(list + i) + 1 )
        if ( atoi(list + i) > 0 )
            return atoi(list + i);
    return -1;
}

/* What the toolstack logged, line by line: for a failure's diagnosis. */
static void show_logs(void)
{
    static const char *const logs[] = {"/var/log/xen/console/guest-" DOMU_NAME ".log",
                                       "/var/log/xen/xl-" DOMU_NAME ".log"};
    char line[512];

    for ( size_t i = 0; i < sizeof(logs) / sizeof(logs[0]); i++ )
    {
        FILE *f = fopen(logs[i], "r");

        while ( f != NULL && fgets(line, sizeof(line), f) != NULL )
            say("log %s| %.*s", logs[i], (int)strcspn(line, "\n"), line);
        if ( f != NULL )
            fclose(f);
    }
}

/* The domU made by Debian's xl: its id into *domu and its offered port, or -1. */
static int offer_from_xl(unsigned int *domu)
{
    const char *const create[] = {BIN "xl", "create", XL_CONFIG, NULL};
    char path[128], value[64] = "";
    FILE *f = fopen(XL_CONFIG, "w");
    int xfd = -1, id = -1, port = -1;

    if ( f == NULL )
    {
        say("failed: %s: %s", XL_CONFIG, strerror(errno));
        return -1;
    }
    fprintf(f, "name = \"" DOMU_NAME "\"\nkernel = \"/boot/vmlinuz\"\n"
               "ramdisk = \"/boot/domu-initrd.gz\"\nmemory = 256\nvcpus = 1\n"
               "extra = \"console=hvc0 loglevel=1 domubench=serve domubench_offer=xenstore\"\n"
               "on_poweroff = \"destroy\"\non_crash = \"destroy\"\n");
    fclose(f);
    if ( init_xen_toolstack("DOMUBENCH", "xen-init-dom0", module_failed) != 0 )
        return -1;
    if ( init_run("DOMUBENCH", "xl-create", create, LIB_PATH, 300) != 0 )
    {
        say("failed: xl create");
        show_logs();
        return -1;
    }
    xfd = xs_open();
    id = xfd < 0 ? -1 : find_domu(xfd);
    if ( id < 0 )
    {
        say("failed: no domU in xenstore's /local/domain: %s", strerror(errno));
        goto out;
    }
    *domu = (unsigned int)id;
    snprintf(path, sizeof(path), "/local/domain/%d/" OFFER_NODE, id);
    for ( int i = 0; i < OFFER_WAIT_S * 10; i++ )
    {
        if ( xs_request(xfd, XS_READ, path, NULL, value, sizeof(value)) > 0 )
            break;
        usleep(100000);
    }
    port = atoi(value) > 0 ? atoi(value) : -1;
    if ( port < 0 )
        say("failed: no %s in xenstore (%s)", path, value);
    snprintf(path, sizeof(path), "/local/domain/%d/" CONSIO_NODE, id);
    if ( port > 0 && xs_request(xfd, XS_READ, path, NULL, value, sizeof(value)) > 0 )
        say("d%d console_io write: %s", id, value);
out:
    if ( port < 0 )
        show_logs();
    if ( xfd >= 0 )
        close(xfd);
    return port;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

    return (x > y) - (x < y);
}

/* "DOMUBENCH NAME MEDIAN" and the batches, or why there is none. */
static void report(const char *name, int done, int64_t *ns)
{
    if ( done < BATCHES )
    {
        say("failed: %s: %d of %d batches (%s)", name, done, BATCHES, strerror(errno));
        return;
    }
    qsort(ns, BATCHES, sizeof(*ns), cmp_i64);
    say("%s %lld", name, (long long)ns[BATCHES / 2]);
    say("%s batches %lld %lld %lld %lld %lld", name, (long long)ns[0], (long long)ns[1],
        (long long)ns[2], (long long)ns[3], (long long)ns[4]);
}

/* Bind the domU's port, warm up with one round trip, then measure; then dom0<->dom0. */
static void measure(unsigned int domu, int port, long rounds)
{
    struct ioctl_evtchn_bind_interdomain bi = {.remote_domain = domu,
                                               .remote_port = (unsigned int)port};
    int efd = open("/dev/xen/evtchn", O_RDWR | O_CLOEXEC);
    int lport = efd < 0 ? -1 : ioctl(efd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &bi);
    int64_t ns[BATCHES], warm;
    int done;

    if ( lport <= 0 )
    {
        say("failed: bind d%u port %d: %s", domu, port, strerror(errno));
        goto out;
    }
    say("d%u port %d bound to local port %d", domu, port, lport);
    evtchn_drain(efd);
    if ( evtchn_pingpong_run(efd, (unsigned int)lport, 1, 1, OFFER_WAIT_S, &warm) != 1 )
    {
        say("failed: the domU never answered: %s", strerror(errno));
        goto out;
    }
    done = evtchn_pingpong_run(efd, (unsigned int)lport, rounds, BATCHES, 60, ns);
    report("evtchn_pingpong_domu", done, ns);
    done = evtchn_pingpong_loopback(rounds, BATCHES, 0, 0, ns);
    report("evtchn_pingpong_dom0", done, ns);
out:
    if ( efd >= 0 )
        close(efd);
}

int main(void)
{
    const char *role = arg("domubench", "");
    long rounds = atol(arg("domubench_rounds", "200"));
    unsigned int domu = (unsigned int)atoi(arg("domubench_domu", "1"));
    int port = -1;
    struct timespec ts;

    init_console();
    clock_gettime(CLOCK_BOOTTIME, &ts);
    say("start %s boot_ms %lld", role, (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
    mount("proc", "/proc", "proc", 0, NULL);
    if ( rounds <= 0 )
        rounds = 200;
    if ( !strcmp(role, "serve") )
    {
        init_load_modules("xen-evtchn", module_failed);
        init_load_modules("xen-privcmd", module_failed);
        serve();
        for ( ;; )
            pause(); /* a domU's /init never ends: dom0 powers the machine off */
    }
    if ( !strcmp(role, "boot") )
    {
        init_load_modules("xen", module_failed);
        port = offer_from_console(domu);
    }
    else if ( !strcmp(role, "xl") )
        port = offer_from_xl(&domu);
    else
        say("failed: domubench='%s' on the kernel command line: want serve, boot or xl", role);
    if ( port > 0 )
        measure(domu, port, rounds);
    say("done");
    sync();
    reboot(RB_POWER_OFF);
    return 1;
}
