/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxenstore operations: one function per request type, plus the
 * permission-string and path helpers.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xs_private.h"

static bool ok_reply(void *r)
{
    free(r);
    return r != NULL;
}

/* Split @len bytes of NUL-terminated strings into one array block. */
static char **split_strings(const char *buf, unsigned int len, unsigned int *num)
{
    unsigned int n = 0, i, off;
    char **v, *data;

    for ( off = 0; off < len; off += strlen(buf + off) + 1 )
        n++;
    v = malloc((n + 1) * sizeof(char *) + len + 1);
    if ( !v )
        return NULL;
    data = (char *)(v + n + 1);
    memcpy(data, buf, len);
    data[len] = 0;
    for ( i = 0, off = 0; i < n; i++, off += strlen(data + off) + 1 )
        v[i] = data + off;
    v[n] = NULL;
    *num = n;
    return v;
}

/* A large directory, part by part; restarts when it changes meanwhile. */
static char **directory_parts(struct xs_handle *h, xs_transaction_t t, const char *path,
                              unsigned int *num)
{
    char *all = NULL, *part, *gen0 = NULL, off[16];
    unsigned int len, total = 0, glen, tries = 0;
    char **v;

again:
    if ( ++tries > 16 )
    {
        errno = EAGAIN;
        goto fail;
    }
    total = 0;
    free(gen0);
    gen0 = NULL;
    for ( ;; )
    {
        struct iovec iov[2] = {{(void *)path, strlen(path) + 1}, {off, 0}};
        char *na;

        iov[1].iov_len = (size_t)snprintf(off, sizeof(off), "%u", total) + 1;
        part = xs__talk(h, t, XS_DIRECTORY_PART, iov, 2, &len);
        if ( !part )
            goto fail;
        glen = strnlen(part, len) + 1;
        if ( glen > len )
        {
            free(part);
            errno = EBADMSG;
            goto fail;
        }
        if ( !gen0 )
            gen0 = strdup(part);
        else if ( strcmp(gen0, part) )
        {
            free(part);
            goto again;
        }
        {
            const char *data = part + glen;
            unsigned int dl = len - glen;
            bool last = dl == 1 ? data[0] == 0 : (dl >= 2 && !data[dl - 1] && !data[dl - 2]);

            if ( last )
                dl--; /* the extra NUL that marks the last part */
            else if ( !dl )
            {
                free(part);
                errno = EBADMSG;
                goto fail;
            }
            na = realloc(all, total + dl + 1);
            if ( !na )
            {
                free(part);
                goto fail;
            }
            all = na;
            memcpy(all + total, data, dl);
            total += dl;
            free(part);
            if ( last )
                break;
        }
    }
    v = split_strings(all ? all : "", total, num);
    free(all);
    free(gen0);
    return v;
fail:
    free(all);
    free(gen0);
    return NULL;
}

char **xs_directory(struct xs_handle *h, xs_transaction_t t, const char *path, unsigned int *num)
{
    unsigned int len;
    char *r = xs__single(h, t, XS_DIRECTORY, path, &len);
    char **v;

    if ( !r )
        return errno == E2BIG ? directory_parts(h, t, path, num) : NULL;
    v = split_strings(r, len, num);
    free(r);
    return v;
}

void *xs_read(struct xs_handle *h, xs_transaction_t t, const char *path, unsigned int *len)
{
    return xs__single(h, t, XS_READ, path, len);
}

bool xs_write(struct xs_handle *h, xs_transaction_t t, const char *path, const void *data,
              unsigned int len)
{
    struct iovec iov[2] = {{(void *)path, strlen(path) + 1}, {(void *)data, len}};

    return ok_reply(xs__talk(h, t, XS_WRITE, iov, 2, NULL));
}

bool xs_mkdir(struct xs_handle *h, xs_transaction_t t, const char *path)
{
    return ok_reply(xs__single(h, t, XS_MKDIR, path, NULL));
}

bool xs_rm(struct xs_handle *h, xs_transaction_t t, const char *path)
{
    return ok_reply(xs__single(h, t, XS_RM, path, NULL));
}

bool xs_restrict(struct xs_handle *h, unsigned domid)
{
    (void)h;
    (void)domid;
    errno = ENOSYS;
    return false;
}

bool xs_strings_to_perms(struct xs_permissions *perms, unsigned int num, const char *strings)
{
    const char *p = strings;
    unsigned int i;
    char *end;

    for ( i = 0; i < num; i++, p += strlen(p) + 1 )
    {
        switch ( *p )
        {
        case 'n':
            perms[i].perms = XS_PERM_NONE;
            break;
        case 'r':
            perms[i].perms = XS_PERM_READ;
            break;
        case 'w':
            perms[i].perms = XS_PERM_WRITE;
            break;
        case 'b':
            perms[i].perms = XS_PERM_READ | XS_PERM_WRITE;
            break;
        default:
            errno = EINVAL;
            return false;
        }
        if ( p[1] < '0' || p[1] > '9' )
        {
            errno = EINVAL;
            return false;
        }
        perms[i].id = strtoul(p + 1, &end, 10);
        if ( *end )
        {
            errno = EINVAL;
            return false;
        }
    }
    return true;
}

struct xs_permissions *xs_get_permissions(struct xs_handle *h, xs_transaction_t t, const char *path,
                                          unsigned int *num)
{
    unsigned int len, n = 0, off;
    char *r = xs__single(h, t, XS_GET_PERMS, path, &len);
    struct xs_permissions *p;

    if ( !r )
        return NULL;
    for ( off = 0; off < len; off += strlen(r + off) + 1 )
        n++;
    p = malloc((n ? n : 1) * sizeof(*p));
    if ( p && !xs_strings_to_perms(p, n, r) )
    {
        free(p);
        p = NULL;
    }
    free(r);
    if ( p )
        *num = n;
    return p;
}

bool xs_set_permissions(struct xs_handle *h, xs_transaction_t t, const char *path,
                        struct xs_permissions *perms, unsigned int num_perms)
{
    char buf[XENSTORE_PAYLOAD_MAX];
    size_t off = strlen(path) + 1;
    unsigned int i;
    int n;

    if ( off > sizeof(buf) )
    {
        errno = E2BIG;
        return false;
    }
    memcpy(buf, path, off);
    for ( i = 0; i < num_perms; i++ )
    {
        static const char letters[] = "nrwb";

        n = snprintf(buf + off, sizeof(buf) - off, "%c%u",
                     letters[perms[i].perms & (XS_PERM_READ | XS_PERM_WRITE)], perms[i].id);
        if ( n < 0 || off + n + 1 > sizeof(buf) )
        {
            errno = E2BIG;
            return false;
        }
        off += n + 1;
    }
    {
        struct iovec iov = {buf, off};

        return ok_reply(xs__talk(h, t, XS_SET_PERMS, &iov, 1, NULL));
    }
}

bool xs_watch(struct xs_handle *h, const char *path, const char *token)
{
    struct iovec iov[2] = {{(void *)path, strlen(path) + 1}, {(void *)token, strlen(token) + 1}};

    if ( xs__start_reader(h) )
        return false;
    return ok_reply(xs__talk(h, XBT_NULL, XS_WATCH, iov, 2, NULL));
}

bool xs_unwatch(struct xs_handle *h, const char *path, const char *token)
{
    struct iovec iov[2] = {{(void *)path, strlen(path) + 1}, {(void *)token, strlen(token) + 1}};

    return ok_reply(xs__talk(h, XBT_NULL, XS_UNWATCH, iov, 2, NULL));
}

xs_transaction_t xs_transaction_start(struct xs_handle *h)
{
    char *r = xs__single(h, XBT_NULL, XS_TRANSACTION_START, "", NULL), *end;
    unsigned long id;

    if ( !r )
        return XBT_NULL;
    id = strtoul(r, &end, 10);
    if ( *end || !id )
    {
        free(r);
        errno = EBADMSG;
        return XBT_NULL;
    }
    free(r);
    return (xs_transaction_t)id;
}

bool xs_transaction_end(struct xs_handle *h, xs_transaction_t t, bool abort)
{
    return ok_reply(xs__single(h, t, XS_TRANSACTION_END, abort ? "F" : "T", NULL));
}

/* A request whose arguments are decimal numbers. */
static void *numbers(struct xs_handle *h, uint32_t type, unsigned int n, const unsigned long *v)
{
    char buf[4][MAX_STRLEN(unsigned long)];
    struct iovec iov[4];
    unsigned int i;

    for ( i = 0; i < n; i++ )
    {
        iov[i].iov_base = buf[i];
        iov[i].iov_len = (size_t)snprintf(buf[i], sizeof(buf[i]), "%lu", v[i]) + 1;
    }
    return xs__talk(h, XBT_NULL, type, iov, n, NULL);
}

bool xs_introduce_domain(struct xs_handle *h, unsigned int domid, unsigned long mfn,
                         unsigned int eventchn)
{
    unsigned long v[3] = {domid, mfn, eventchn};

    return ok_reply(numbers(h, XS_INTRODUCE, 3, v));
}

bool xs_set_target(struct xs_handle *h, unsigned int domid, unsigned int target)
{
    unsigned long v[2] = {domid, target};

    return ok_reply(numbers(h, XS_SET_TARGET, 2, v));
}

bool xs_resume_domain(struct xs_handle *h, unsigned int domid)
{
    unsigned long v = domid;

    return ok_reply(numbers(h, XS_RESUME, 1, &v));
}

bool xs_release_domain(struct xs_handle *h, unsigned int domid)
{
    unsigned long v = domid;

    return ok_reply(numbers(h, XS_RELEASE, 1, &v));
}

char *xs_get_domain_path(struct xs_handle *h, unsigned int domid)
{
    unsigned long v = domid;

    return numbers(h, XS_GET_DOMAIN_PATH, 1, &v);
}

bool xs_is_domain_introduced(struct xs_handle *h, unsigned int domid)
{
    unsigned long v = domid;
    char *r = numbers(h, XS_IS_DOMAIN_INTRODUCED, 1, &v);
    bool yes = r && !strcmp(r, "T");

    free(r);
    return yes;
}

bool xs_path_is_subpath(const char *parent, const char *child)
{
    size_t l = strlen(parent);

    if ( l && parent[l - 1] == '/' )
        l--;
    if ( strncmp(parent, child, l) )
        return false;
    return child[l] == 0 || child[l] == '/';
}

char *xs_control_command(struct xs_handle *h, const char *cmd, void *data, unsigned int len)
{
    struct iovec iov[2] = {{(void *)cmd, strlen(cmd) + 1}, {data, len}};

    return xs__talk(h, XBT_NULL, XS_CONTROL, iov, 2, NULL);
}

char *xs_debug_command(struct xs_handle *h, const char *cmd, void *data, unsigned int len)
{
    return xs_control_command(h, cmd, data, len);
}

int xs_suspend_evtchn_port(int domid)
{
    char path[64], *v;
    struct xs_handle *h = xs_open(0);
    int port = -1;

    if ( !h )
        return -1;
    snprintf(path, sizeof(path), "/local/domain/%d/device/suspend/event-channel", domid);
    v = xs_read(h, XBT_NULL, path, NULL);
    if ( v && *v )
        port = atoi(v);
    free(v);
    xs_close(h);
    return port;
}
