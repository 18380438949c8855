/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxenstore: a client of the xenstore daemon (unix socket, or the
 * /dev/xen/xenbus device in a domain). Same names, types and meaning as
 * Xen's libxenstore.so.4, so programs built for either can use the other.
 * On failure a function returns NULL, false or 0 and sets errno.
 */
#ifndef XENSTORE_H
#define XENSTORE_H

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <xen/io/xs_wire.h>

#ifdef __cplusplus
extern "C" {
#endif

/** No transaction. */
#define XBT_NULL 0

/* Flags of xs_open(); accepted and ignored, as in Xen. */
#define XS_OPEN_READONLY   (1UL << 0)
#define XS_OPEN_SOCKETONLY (1UL << 1)
/* xs_unwatch() also drops queued events of that watch. */
#define XS_UNWATCH_FILTER (1UL << 2)

/** One entry of a node's permission list; the first names the owner. */
struct xs_permissions {
    unsigned int id;    /* domain */
    unsigned int perms; /* XS_PERM_* bits */
#define XS_PERM_NONE      0x00
#define XS_PERM_READ      0x01
#define XS_PERM_WRITE     0x02
#define XS_PERM_ENOENT_OK 0x04
#define XS_PERM_OWNER     0x08
#define XS_PERM_IGNORE    0x10
};

/* Room for the decimal form of an integer of type x, with sign and NUL. */
#define MAX_STRLEN(x) ((sizeof(x) * CHAR_BIT + CHAR_BIT - 1) / 10 * 3 + 2)

struct xs_handle;
typedef uint32_t xs_transaction_t;

/** Directory of the daemon's files ($XENSTORED_RUNDIR or /run/xenstored). */
const char *xs_daemon_rundir(void);
/** The daemon's socket ($XENSTORED_PATH, or the rundir's "socket"). */
const char *xs_daemon_socket(void);
/** The read-only socket: the same socket nowadays. */
const char *xs_daemon_socket_ro(void);
/** write() all of @data, retrying short writes. */
bool xs_write_all(int fd, const void *data, unsigned int len);
/** Parse @num NUL-separated "<n|r|w|b><domid>" strings into @perms. */
bool xs_strings_to_perms(struct xs_permissions *perms, unsigned int num, const char *strings);

/** Connect to the daemon (socket first, then /dev/xen/xenbus). */
struct xs_handle *xs_open(unsigned long flags);
/** Close a connection; NULL is fine. */
void xs_close(struct xs_handle *xsh);
/* Older names of xs_open(0) and xs_close(). */
struct xs_handle *xs_daemon_open(void);
struct xs_handle *xs_domain_open(void);
struct xs_handle *xs_daemon_open_readonly(void);
void xs_daemon_close(struct xs_handle *);
/** Drop a handle inherited through fork() without talking to the daemon. */
void xs_daemon_destroy_postfork(struct xs_handle *);

/** Children of @path: one malloc'd array of *num strings; free() it. */
char **xs_directory(struct xs_handle *h, xs_transaction_t t, const char *path, unsigned int *num);
/** Value of @path, NUL-terminated, length in *len (may be NULL); free() it. */
void *xs_read(struct xs_handle *h, xs_transaction_t t, const char *path, unsigned int *len);
/** Set @path's value, creating it and missing parents. */
bool xs_write(struct xs_handle *h, xs_transaction_t t, const char *path, const void *data,
              unsigned int len);
/** Create @path (no error if it exists). */
bool xs_mkdir(struct xs_handle *h, xs_transaction_t t, const char *path);
/** Remove @path and its children. */
bool xs_rm(struct xs_handle *h, xs_transaction_t t, const char *path);
/** Retired: always fails with ENOSYS. */
bool xs_restrict(struct xs_handle *h, unsigned domid);
/** Permissions of @path (owner first); free() the array. */
struct xs_permissions *xs_get_permissions(struct xs_handle *h, xs_transaction_t t, const char *path,
                                          unsigned int *num);
/** Replace @path's permissions; perms[0] is the owner and everyone's default. */
bool xs_set_permissions(struct xs_handle *h, xs_transaction_t t, const char *path,
                        struct xs_permissions *perms, unsigned int num_perms);
/** Watch @path and its subtree; events carry @token. One event fires at once. */
bool xs_watch(struct xs_handle *h, const char *path, const char *token);
/** A descriptor that polls readable while watch events are queued. */
int xs_fileno(struct xs_handle *h);
/** Next queued event without blocking ([XS_WATCH_PATH], [XS_WATCH_TOKEN]), or
 * NULL with errno EAGAIN; free() it. */
char **xs_check_watch(struct xs_handle *h);
/** Next event, waiting for one; *num is set to 2; free() it. */
char **xs_read_watch(struct xs_handle *h, unsigned int *num);
/** Remove a watch. */
bool xs_unwatch(struct xs_handle *h, const char *path, const char *token);
/** Start a transaction; XBT_NULL on failure. */
xs_transaction_t xs_transaction_start(struct xs_handle *h);
/** Commit (or with @abort, discard); false with errno EAGAIN: start again. */
bool xs_transaction_end(struct xs_handle *h, xs_transaction_t t, bool abort);
/** Tell the daemon about a domain's store page and event channel. */
bool xs_introduce_domain(struct xs_handle *h, unsigned int domid, unsigned long mfn,
                         unsigned int eventchn);
/** Let @domid act on @target's nodes (a device model for its guest). */
bool xs_set_target(struct xs_handle *h, unsigned int domid, unsigned int target);
/** Clear a domain's shutdown state. */
bool xs_resume_domain(struct xs_handle *h, unsigned int domid);
/** Forget a domain. */
bool xs_release_domain(struct xs_handle *h, unsigned int domid);
/** "/local/domain/<domid>"; free() it. */
char *xs_get_domain_path(struct xs_handle *h, unsigned int domid);
/** Is @child equal to @parent or below it (string comparison)? */
bool xs_path_is_subpath(const char *parent, const char *child);
/** Has @domid been introduced? */
bool xs_is_domain_introduced(struct xs_handle *h, unsigned int domid);
/** Send a control command; its text reply, free() it. */
char *xs_control_command(struct xs_handle *h, const char *cmd, void *data, unsigned int len);
/** Older name of xs_control_command(). */
char *xs_debug_command(struct xs_handle *h, const char *cmd, void *data, unsigned int len);
/** Suspend event channel of @domid from the store, or -1. */
int xs_suspend_evtchn_port(int domid);

#ifdef __cplusplus
}
#endif

#endif /* XENSTORE_H */
