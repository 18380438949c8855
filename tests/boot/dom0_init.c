/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * /init of the initramfs tests/boot/linux-dom0.test gives Debian's stock kernel
 * booted as dom0 on our hypervisor: it checks, from dom0's user space, what a
 * Xen host needs (the hypervisor in sysfs, xenfs, the /dev/xen devices,
 * hypercalls through privcmd, an event channel looped back through
 * /dev/xen/evtchn, the disk and NIC QEMU gives, the clock) and prints one line
 * per check, "DOM0TEST ok NAME" or "DOM0TEST not ok NAME: WHY", then
 * "DOM0TEST done", and ends the machine as $dom0test_end says (poweroff or
 * reboot). With dom0test_xenstore=1 it also runs our xenstored and clients
 * against dom0's kernel (dom0_xenstore.c, for linux-dom0-xenstore.test); with
 * dom0test_interdomain=DOMID it talks to that domU over an event channel and
 * granted pages (interdomain.c). The same /init in a domU given
 * domutest_peer=DOMID is the other end of that test (and prints DOMUTEST).
 * Built static: it needs no library from the initramfs.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <asm/ldt.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "dom0_init.h"
#include "init_common.h"

/* Linux's evtchn device interface (include/uapi/xen/). */
struct evtchn_bind_interdomain {
    unsigned int remote_domain, remote_port;
};
struct evtchn_port_arg {
    unsigned int port_or_domain;
};
#define IOCTL_EVTCHN_BIND_INTERDOMAIN \
    _IOC(_IOC_NONE, 'E', 1, sizeof(struct evtchn_bind_interdomain))
#define IOCTL_EVTCHN_BIND_UNBOUND_PORT _IOC(_IOC_NONE, 'E', 2, sizeof(struct evtchn_port_arg))
#define IOCTL_EVTCHN_NOTIFY            _IOC(_IOC_NONE, 'E', 4, sizeof(struct evtchn_port_arg))

#define HYPERVISOR_xen_version 17
#define XENVER_version         0

static unsigned int failures;
static const char *tag = "DOM0TEST"; /* DOMUTEST when /init runs in a domU */

void result(int good, const char *name, const char *fmt, ...)
{
    char why[256] = "";
    va_list ap;

    if ( !good )
    {
        va_start(ap, fmt);
        vsnprintf(why, sizeof(why), fmt, ap);
        va_end(ap);
        failures++;
    }
    printf("%s %s %s%s%s\n", tag, good ? "ok" : "not ok", name, good ? "" : ": ", why);
    fflush(stdout);
}

/* The first line of path, without its newline; "" if unreadable. */
const char *read_line(const char *path)
{
    static char buf[256];
    FILE *f = fopen(path, "r");

    buf[0] = 0;
    if ( f == NULL )
        return buf;
    if ( fgets(buf, sizeof(buf), f) == NULL )
        buf[0] = 0;
    fclose(f);
    buf[strcspn(buf, "\n")] = 0;
    return buf;
}

/* Load every module in /lib/modules in name order (the test numbers them by dependency). */
static void module_failed(const char *name, int err)
{
    result(0, "module", "%s: %s", name, strerror(err));
}

static void check_sysfs(void)
{
    const char *t = read_line("/sys/hypervisor/type");
    char ver[64];

    result(!strcmp(t, "xen"), "sysfs-type", "/sys/hypervisor/type is '%s'", t);
    snprintf(ver, sizeof(ver), "%s.", read_line("/sys/hypervisor/version/major"));
    strncat(ver, read_line("/sys/hypervisor/version/minor"), sizeof(ver) - strlen(ver) - 1);
    result(!strcmp(ver, "4.0"), "sysfs-version", "version %s", ver);
}

/*
 * Linux's xen_cpu driver lists the machine's CPUs from platform_op
 * get_cpuinfo: "xen_cpu0,xen_cpu1:1" (a CPU's online flag where it has one:
 * never CPU 0's).
 */
static void check_xen_cpus(const char *want)
{
    char path[96], got[128] = "";
    unsigned int n = 0;

    for ( ; n < 64; n++ )
    {
        size_t len = strlen(got);

        snprintf(path, sizeof(path), "/sys/devices/system/xen_cpu/xen_cpu%u", n);
        if ( access(path, F_OK) != 0 )
            break;
        snprintf(got + len, sizeof(got) - len, "%sxen_cpu%u", n ? "," : "", n);
        strncat(path, "/online", sizeof(path) - strlen(path) - 1);
        len = strlen(got);
        if ( access(path, F_OK) == 0 )
            snprintf(got + len, sizeof(got) - len, ":%s", read_line(path));
    }
    result(!strcmp(got, want), "xen-cpus", "got '%s', want '%s'", got, want);
}

static void check_xenfs(void)
{
    const char *caps;

    mkdir("/proc/xen", 0755);
    if ( mount("xenfs", "/proc/xen", "xenfs", 0, NULL) != 0 )
    {
        result(0, "xenfs", "mount: %s", strerror(errno));
        return;
    }
    caps = read_line("/proc/xen/capabilities");
    result(!strcmp(caps, "control_d"), "xenfs", "capabilities '%s'", caps);
}

static void check_devices(void)
{
    static const char *const devs[] = {"/dev/xen/evtchn", "/dev/xen/privcmd",
                                       "/dev/xen/gntdev", "/dev/xen/gntalloc",
                                       "/dev/xen/xenbus", "/dev/xen/xenbus_backend"};

    for ( size_t i = 0; i < sizeof(devs) / sizeof(devs[0]); i++ )
    {
        int fd = open(devs[i], O_RDWR | O_CLOEXEC);
        char name[64];

        snprintf(name, sizeof(name), "open-%s", devs[i] + 9);
        result(fd >= 0, name, "%s: %s", devs[i], strerror(errno));
        if ( fd >= 0 )
            close(fd);
    }
}

static void check_privcmd(void)
{
    struct privcmd_hypercall h = {.op = HYPERVISOR_xen_version, .arg = {XENVER_version, 0}};
    int fd = open("/dev/xen/privcmd", O_RDWR | O_CLOEXEC);
    long r;

    if ( fd < 0 )
    {
        result(0, "privcmd-hypercall", "open: %s", strerror(errno));
        return;
    }
    r = ioctl(fd, IOCTL_PRIVCMD_HYPERCALL, &h);
    result(r == 0x40000, "privcmd-hypercall", "xen_version returned %#lx (%s)", r,
           r < 0 ? strerror(errno) : "");
    close(fd);
}

/*
 * Two ports of dom0 joined to each other: a notify on one arrives on the other.
 * (Binding also fires the new port once, as Xen does for events the unbound end
 * may have missed: that one is read past.)
 */
static void check_evtchn_loopback(void)
{
    struct evtchn_port_arg unbound = {0}, notify;
    struct evtchn_bind_interdomain bind = {0, 0};
    struct pollfd p;
    int fd = open("/dev/xen/evtchn", O_RDWR | O_CLOEXEC);
    int a, b, seen = 0;
    uint32_t got = 0;

    if ( fd < 0 )
    {
        result(0, "evtchn-loopback", "open: %s", strerror(errno));
        return;
    }
    a = ioctl(fd, IOCTL_EVTCHN_BIND_UNBOUND_PORT, &unbound);
    bind.remote_port = (unsigned int)a;
    b = a < 0 ? -1 : ioctl(fd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &bind);
    notify.port_or_domain = (unsigned int)b;
    if ( a < 0 || b < 0 || ioctl(fd, IOCTL_EVTCHN_NOTIFY, &notify) != 0 )
    {
        result(0, "evtchn-loopback", "ports %d/%d: %s", a, b, strerror(errno));
        close(fd);
        return;
    }
    p.fd = fd;
    p.events = POLLIN;
    while ( !seen && poll(&p, 1, 5000) == 1 && read(fd, &got, sizeof(got)) == sizeof(got) )
    {
        seen = got == (uint32_t)a;
        if ( got != (uint32_t)a && got != (uint32_t)b )
            break;
        if ( write(fd, &got, sizeof(got)) != sizeof(got) ) /* unmask it again */
            break;
    }
    result(seen, "evtchn-loopback", "no event on port %d within 5 s (last: %u)", a, got);
    close(fd);
}

/* The first disk: its first sector holds the signature the test wrote. */
static void check_disk(const char *want)
{
    char sector[512];
    int fd = -1;

    for ( int i = 0; i < 200 && fd < 0; i++ )
    {
        fd = open("/dev/sda", O_RDONLY | O_CLOEXEC);
        if ( fd < 0 )
            usleep(100000);
    }
    if ( fd < 0 )
    {
        result(0, "disk-read", "no /dev/sda after 20 s");
        return;
    }
    memset(sector, 0, sizeof(sector));
    if ( read(fd, sector, sizeof(sector)) != (ssize_t)sizeof(sector) )
        result(0, "disk-read", "read: %s", strerror(errno));
    else
        result(!strncmp(sector, want, strlen(want)), "disk-read", "sector 0 is '%.32s'", sector);
    close(fd);
}

/* The first Ethernet interface comes up with a carrier. */
/*
 * The NIC's driver got MSI-X vectors (PHYSDEVOP_map_pirq with a table base:
 * the hypervisor programs the device's table) and they deliver: the lines of
 * /proc/interrupts that are Xen pirqs of type msi-x named after the interface,
 * and their counts over all CPUs.
 */
static void check_msix(const char *ifname)
{
    FILE *f = fopen("/proc/interrupts", "r");
    char line[512];
    unsigned int vectors = 0;
    unsigned long long total = 0;

    while ( f && fgets(line, sizeof(line), f) )
    {
        char *p = strchr(line, ':');

        if ( p == NULL || strstr(line, "-msi-x") == NULL || strstr(line, ifname) == NULL )
            continue;
        vectors++;
        for ( p++;; )
        {
            char *end;
            unsigned long long n = strtoull(p, &end, 10);

            if ( end == p )
                break; /* the chip's name: the counts (one per CPU) are done */
            total += n;
            p = end;
        }
    }
    if ( f )
        fclose(f);
    result(vectors > 0 && total > 0, "nic-msix", "%s: %u MSI-X vectors, %llu interrupts", ifname,
           vectors, total);
}

static void check_nic(void)
{
    struct ifreq ifr;
    char path[128] = "";
    DIR *d;
    struct dirent *e;
    int s, up = 0;
    FILE *f = fopen("/proc/sys/kernel/printk", "w");

    /*
     * From here on the console shows only kernel errors: the driver's "Link is
     * Up" comes at the moment we report the carrier, and once split one of our
     * result lines. The checks of kernel messages are all of earlier ones.
     */
    if ( f )
    {
        fputs("4", f);
        fclose(f);
    }
    for ( int i = 0; i < 100 && !path[0]; i++ )
    {
        if ( (d = opendir("/sys/class/net")) != NULL )
        {
            while ( (e = readdir(d)) != NULL )
                if ( e->d_name[0] == 'e' && strlen(e->d_name) < sizeof(ifr.ifr_name) )
                {
                    memcpy(ifr.ifr_name, e->d_name, strlen(e->d_name) + 1);
                    snprintf(path, sizeof(path), "/sys/class/net/%.16s/carrier", ifr.ifr_name);
                    break;
                }
            closedir(d);
        }
        if ( !path[0] )
            usleep(100000);
    }
    if ( !path[0] )
    {
        result(0, "nic-up", "no Ethernet interface after 10 s");
        return;
    }
    s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if ( s < 0 || ioctl(s, SIOCGIFFLAGS, &ifr) != 0 )
    {
        result(0, "nic-up", "%s: SIOCGIFFLAGS: %s", ifr.ifr_name, strerror(errno));
        return;
    }
    ifr.ifr_flags |= IFF_UP;
    if ( ioctl(s, SIOCSIFFLAGS, &ifr) != 0 )
    {
        result(0, "nic-up", "%s: SIOCSIFFLAGS: %s", ifr.ifr_name, strerror(errno));
        close(s);
        return;
    }
    for ( int i = 0; i < 100 && !up; i++ )
    {
        up = !strcmp(read_line(path), "1");
        if ( !up )
            usleep(100000);
    }
    result(up, "nic-up", "%s: no carrier after 10 s", ifr.ifr_name);
    close(s);
    check_msix(ifr.ifr_name);
}

/*
 * The wallclock dom0 got from the hypervisor is within a minute of the host's:
 * host_now is the host's clock when QEMU started, late (seconds, may be NULL)
 * how long the boot may have taken until this check.
 */
static void check_clock(const char *host_now, const char *late)
{
    long long want = host_now ? atoll(host_now) : 0, now = (long long)time(NULL);
    long long slack = late ? atoll(late) : 0;

    result(want > 0 && now > want - 60 && now < want + slack + 60, "clock",
           "dom0 says %lld, the host said %lld (boot allowed %lld s)", now, want, slack);
}

#define BALLOON_DIR "/sys/devices/system/xen_memory/xen_memory0"

/* Write a balloon target (kB) and wait up to 20 s for current_kb to reach it. */
static long balloon_to(long target_kb)
{
    FILE *f = fopen(BALLOON_DIR "/target_kb", "w");
    long cur = -1;

    if ( f == NULL )
        return -1;
    fprintf(f, "%ld\n", target_kb);
    fclose(f);
    for ( int i = 0; i < 200; i++ )
    {
        cur = atol(read_line(BALLOON_DIR "/info/current_kb"));
        if ( cur == target_kb )
            break;
        usleep(100000);
    }
    return cur;
}

/*
 * Linux's balloon driver gives 16 MiB back to the hypervisor
 * (decrease_reservation) and takes it again (populate_physmap).
 */
static void check_balloon(void)
{
    long start = atol(read_line(BALLOON_DIR "/info/current_kb")), down, up;

    if ( start <= 0 )
    {
        result(0, "balloon", "no %s/info/current_kb", BALLOON_DIR);
        return;
    }
    down = balloon_to(start - 16384);
    up = balloon_to(start);
    result(down == start - 16384 && up == start, "balloon",
           "from %ld kB: down to %ld kB (want %ld), back up to %ld kB", start, down, start - 16384,
           up);
}

/*
 * Every vCPU dom0 was given is online (/sys/devices/system/cpu/online reads
 * `want`, e.g. "0-1"), and this process, pinned to the last of them, runs there.
 */
static void check_cpus(const char *want)
{
    const char *online = read_line("/sys/devices/system/cpu/online");
    long last = strtol(strrchr(want, '-') ? strrchr(want, '-') + 1 : want, NULL, 10);
    cpu_set_t set, all;
    int cpu = -1;

    result(!strcmp(online, want), "cpus-online", "/sys/devices/system/cpu/online is '%s', not '%s'",
           online, want);
    sched_getaffinity(0, sizeof(all), &all);
    CPU_ZERO(&set);
    CPU_SET((int)last, &set);
    errno = 0;
    if ( sched_setaffinity(0, sizeof(set), &set) == 0 )
        cpu = sched_getcpu();
    result(cpu == (int)last, "cpus-run", "pinned to CPU %ld, running on CPU %d (%s)", last, cpu,
           strerror(errno));
    sched_setaffinity(0, sizeof(all), &all);
}

/*
 * fork(): Linux write-protects the parent's page-table entries one bit at a
 * time (its clear_bit on a PTE), each write trapped and emulated by the
 * hypervisor; the child then writes to a page both share (copy on write).
 */
static void check_fork(void)
{
    static volatile int shared = 1;
    int status = 0;
    pid_t pid = fork();

    if ( pid == 0 )
    {
        shared = 2;
        _exit(shared == 2 ? 7 : 1);
    }
    if ( pid < 0 || waitpid(pid, &status, 0) != pid )
    {
        result(0, "fork", "fork/waitpid: %s", strerror(errno));
        return;
    }
    result(WIFEXITED(status) && WEXITSTATUS(status) == 7 && shared == 1, "fork",
           "child status %#x, parent's copy %d", status, shared);
}

/*
 * modify_ldt(): Linux gives the process an LDT (MMUEXT_SET_LDT, its pages made
 * read-only first); a data segment from it loads into %gs and reads through
 * its base, in a process of its own (a fault kills it, not /init) and in a
 * child of that (which gets a copy). Returns the exit status: 7 for success.
 */
static int ldt_child(void)
{
    static const uint64_t want = 0x1dcafe5eedUL;
    uint64_t *low =
        mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
    struct user_desc ud = {.entry_number = 0, .limit = 0xfff, .seg_32bit = 1, .useable = 1};
    uint64_t got = 0;
    int status = 0;
    pid_t pid;

    if ( low == MAP_FAILED )
        return 2;
    low[0] = want;
    ud.base_addr = (unsigned int)(uintptr_t)low;
    if ( syscall(SYS_modify_ldt, 1, &ud, sizeof(ud)) != 0 )
        return 3;
    /* Selector 7: LDT entry 0, RPL 3. */
    __asm__ volatile("mov %w1, %%gs\n\tmov %%gs:0, %0" : "=r"(got) : "r"(7) : "memory");
    if ( got != want )
        return 4;
    pid = fork();
    if ( pid == 0 )
    {
        __asm__ volatile("mov %%gs:0, %0" : "=r"(got) : : "memory");
        _exit(got == want ? 7 : 5);
    }
    if ( pid < 0 || waitpid(pid, &status, 0) != pid )
        return 6;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 8;
}

static void check_ldt(void)
{
    int status = 0;
    pid_t pid = fork();

    if ( pid == 0 )
        _exit(ldt_child());
    if ( pid < 0 || waitpid(pid, &status, 0) != pid )
        status = -1;
    result(WIFEXITED(status) && WEXITSTATUS(status) == 7, "ldt",
           "status %#x (exit 2: mmap, 3: modify_ldt, 4: %%gs:0 wrong, 5: wrong in the child, "
           "6: fork, 8: the child died)",
           status);
}

/* Everything /init checks in dom0, in order; the command line's dom0test_* choose some. */
static void check_dom0(void)
{
    check_sysfs();
    if ( getenv("dom0test_cpus") )
        check_cpus(getenv("dom0test_cpus"));
    if ( getenv("dom0test_xen_cpus") )
        check_xen_cpus(getenv("dom0test_xen_cpus"));
    check_xenfs();
    check_devices();
    check_privcmd();
    check_evtchn_loopback();
    check_clock(getenv("dom0test_now"), getenv("dom0test_late"));
    check_balloon();
    check_fork();
    check_ldt();
    check_cpu_features();
    if ( getenv("dom0test_disk") )
        check_disk(getenv("dom0test_disk"));
    if ( getenv("dom0test_nic") )
        check_nic();
    if ( getenv("dom0test_xenstore") )
        check_xenstore();
    if ( getenv("dom0test_interdomain") )
        check_interdomain((unsigned int)atoi(getenv("dom0test_interdomain")));
}

int main(void)
{
    const char *end = getenv("dom0test_end"), *peer = getenv("domutest_peer");

    init_console();
    mount("proc", "/proc", "proc", 0, NULL);
    mount("sysfs", "/sys", "sysfs", 0, NULL);
    if ( peer )
        tag = "DOMUTEST";
    printf("%s start\n", tag);

    init_load_modules(".ko", module_failed);
    if ( peer )
        serve_interdomain((unsigned int)atoi(peer));
    else
        check_dom0();

    printf("%s done, %u failed\n", tag, failures);
    fflush(stdout);
    sync();
    reboot(end && !strcmp(end, "reboot") ? RB_AUTOBOOT : RB_POWER_OFF);
    return 1;
}
