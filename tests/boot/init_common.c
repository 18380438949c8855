/* SPDX-License-Identifier: GPL-2.0-only */
/* What every static /init of the Linux boot tests does first (see init_common.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
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

pid_t init_spawn(const char *const argv[], const char *env, int out_fd)
{
    extern char **environ;
    posix_spawn_file_actions_t fa;
    char *envp[64];
    size_t n = 0;
    pid_t pid;
    int r;

    for ( char **e = environ; *e && n < 62; e++ )
        envp[n++] = *e;
    if ( env != NULL )
        envp[n++] = (char *)env;
    envp[n] = NULL;
    posix_spawn_file_actions_init(&fa);
    if ( out_fd >= 0 )
    {
        posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
        posix_spawn_file_actions_adddup2(&fa, out_fd, 2);
    }
    r = posix_spawn(&pid, argv[0], &fa, NULL, (char *const *)argv, envp);
    posix_spawn_file_actions_destroy(&fa);
    if ( r != 0 )
    {
        printf("init: spawn %s: %s\n", argv[0], strerror(r));
        return -1;
    }
    return pid;
}

#define RUN_OUT "/tmp/init-run.out"

int init_run(const char *prefix, const char *tag, const char *const argv[], const char *env,
             int timeout_s)
{
    int fd = open(RUN_OUT, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    pid_t pid = fd >= 0 ? init_spawn(argv, env, fd) : -1;
    int status = -1, waited = 0, rc;
    char line[1024];
    FILE *f;

    while ( pid > 0 && waitpid(pid, &status, WNOHANG) == 0 )
    {
        if ( ++waited > timeout_s * 10 )
        {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            printf("%s %s: killed after %d s\n", prefix, tag, timeout_s);
            break;
        }
        usleep(100000);
    }
    if ( fd >= 0 )
        close(fd);
    f = fopen(RUN_OUT, "r");
    while ( f && fgets(line, sizeof(line), f) )
    {
        line[strcspn(line, "\n")] = 0;
        printf("%s %s| %s\n", prefix, tag, line);
    }
    if ( f )
        fclose(f);
    rc = pid < 0 ? -1 : WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    printf("%s %s exit %d\n", prefix, tag, rc);
    fflush(stdout);
    return rc;
}

int init_xen_toolstack(const char *prefix, const char *init_dom0_tag,
                       void (*module_report)(const char *name, int err))
{
    const char *const xenstored[] = {INIT_XEN_BIN "xenstored", "--no-fork", NULL};
    const char *const init_dom0[] = {INIT_XEN_BIN "xen-init-dom0", NULL};
    const char *const xenconsoled[] = {INIT_XEN_BIN "xenconsoled", "-i", "--log=guest",
                                       "--log-dir=/var/log/xen/console", NULL};
    static const char *const dirs[] = {
        "/run",     "/run/xen",     "/run/xenstored",       "/tmp",
        "/var",     "/var/lib",     "/var/lib/xen",         "/var/lib/xenstored",
        "/var/log", "/var/log/xen", "/var/log/xen/console", "/var/lock"};
    struct stat st;

    init_load_modules(".ko", module_report);
    mount("sysfs", "/sys", "sysfs", 0, NULL); /* if not yet */
    if ( mount("xenfs", "/proc/xen", "xenfs", 0, NULL) != 0 )
        printf("%s xenfs: %s\n", prefix, strerror(errno));
    for ( size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++ )
        mkdir(dirs[i], 0755);
    symlink("/run", "/var/run");
    mkdir("/dev/pts", 0755);
    if ( mount("devpts", "/dev/pts", "devpts", 0, "ptmxmode=0666") != 0 )
        printf("%s devpts: %s\n", prefix, strerror(errno));
    if ( init_spawn(xenstored, INIT_XEN_LIB_PATH, -1) > 0 )
        for ( int i = 0; i < 300 && stat(INIT_XS_SOCKET, &st) != 0; i++ )
            usleep(100000);
    if ( stat(INIT_XS_SOCKET, &st) != 0 )
    {
        printf("%s failed: xenstored did not make %s\n", prefix, INIT_XS_SOCKET);
        return -1;
    }
    if ( init_run(prefix, init_dom0_tag, init_dom0, INIT_XEN_LIB_PATH, 120) != 0 )
    {
        printf("%s failed: xen-init-dom0\n", prefix);
        return -1;
    }
    init_spawn(xenconsoled, INIT_XEN_LIB_PATH, -1);
    return 0;
}
