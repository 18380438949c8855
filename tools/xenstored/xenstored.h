/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenstored internals: the node database, transactions, watches, domains and
 * quotas, connections and their transports. Single-threaded: one poll loop.
 */
#ifndef XENSTORED_H
#define XENSTORED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <xen/io/xs_wire.h>

/* Permission bits of one entry of a node's permission list. */
#define XSD_PERM_NONE  0
#define XSD_PERM_READ  1
#define XSD_PERM_WRITE 2
#define XSD_PERM_BOTH  3

/** One permission entry: the first of a node's list names the owner. */
struct xsd_perm {
    uint32_t domid;
    uint32_t perm; /* XSD_PERM_* */
};

/** A node (or, in a transaction's read set, just a path and a generation). */
struct xsd_node {
    struct xsd_node *hnext; /* hash chain */
    char *path;
    uint32_t hash;
    bool deleted; /* tombstone in a transaction overlay */
    uint64_t gen; /* generation of the last change; 0 = absent */
    char *value;
    uint32_t vlen;
    struct xsd_perm *perms;
    uint32_t nperms;
    char *children; /* child names, each NUL-terminated */
    uint32_t clen;
};

/** A hash table of nodes keyed by path. */
struct xsd_table {
    struct xsd_node **buckets;
    size_t nbuckets, count;
};

void xsd_table_init(struct xsd_table *t);
void xsd_table_dispose(struct xsd_table *t);
struct xsd_node *xsd_table_get(const struct xsd_table *t, const char *path);
/** Insert @n (path and hash set), replacing and freeing any node of that path. */
void xsd_table_put(struct xsd_table *t, struct xsd_node *n);
/** Unlink the node of @path and return it (NULL if absent). */
struct xsd_node *xsd_table_take(struct xsd_table *t, const char *path);
struct xsd_node *xsd_node_new(const char *path);
struct xsd_node *xsd_node_copy(const struct xsd_node *n, const char *path);
void xsd_node_free(struct xsd_node *n);
int xsd_node_set_value(struct xsd_node *n, const void *v, uint32_t len);
int xsd_node_add_child(struct xsd_node *n, const char *name);
void xsd_node_del_child(struct xsd_node *n, const char *name);

struct xsd_conn;
struct xsd_daemon;

/** Quotas (per unprivileged domain unless noted); 0 means unlimited. */
struct xsd_quota {
    uint32_t nodes;       /* -E: nodes owned */
    uint32_t node_size;   /* -S: value plus permissions bytes of one node */
    uint32_t watches;     /* -W: watches */
    uint32_t txns;        /* -t: open transactions */
    uint32_t perms;       /* -A: permission entries per node */
    uint32_t path_max;    /* -M: path length */
    uint32_t tx_nodes;    /* -Q transaction-nodes: nodes touched by one transaction */
    uint32_t outstanding; /* -Q outstanding: unread replies before input stalls */
};

/** A domain the daemon knows: introduced, or owning nodes. */
struct xsd_domain {
    struct xsd_domain *next;
    uint32_t domid;
    bool introduced;
    uint32_t target;       /* domain it may act for, or UINT32_MAX */
    uint64_t mfn;          /* from INTRODUCE */
    uint32_t port;         /* from INTRODUCE */
    int64_t nodes;         /* nodes it owns */
    struct xsd_conn *conn; /* its ring connection, if any */
};

/** One modification queued for watch firing. */
struct xsd_change {
    struct xsd_change *next;
    char *path;
    bool removed; /* subtree removed: watches below fire too */
};

/** An open transaction of a connection. */
struct xsd_txn {
    struct xsd_txn *next;
    uint32_t id;
    struct xsd_table overlay; /* nodes as the transaction sees them */
    struct xsd_table seen;    /* path -> generation when first accessed */
    struct xsd_change *changes, **changes_tail;
    int64_t node_delta; /* nodes created minus removed, for the quota */
};

/** A registered watch. */
struct xsd_watch {
    struct xsd_watch *next;
    char *path; /* absolute, or a special @name */
    char *token;
    bool relative; /* events report paths relative to the domain home */
};

/** An outgoing message, queued until the transport takes it. */
struct xsd_out {
    struct xsd_out *next;
    size_t len, done;
    bool is_reply;
    uint8_t data[];
};

/**
 * A transport: how bytes move for one connection. read/write return bytes
 * moved, 0 when nothing can move now, -1 when the connection is dead.
 */
struct xsd_transport {
    const char *name;
    long (*read)(struct xsd_conn *c, void *buf, size_t len);
    long (*write)(struct xsd_conn *c, const void *buf, size_t len);
    void (*close)(struct xsd_conn *c);
    /* Room to write is signalled as input (an event on fd), never as POLLOUT. */
    bool space_is_event;
};

/** A client connection. */
struct xsd_conn {
    struct xsd_conn *next;
    struct xsd_daemon *d;
    const struct xsd_transport *tp;
    void *tp_data;
    int fd;          /* socket, or the event channel fd; -1 for none */
    uint32_t domid;  /* acting domain (0 for dom0's sockets) */
    bool privileged; /* may do everything, ignores permissions and quotas */
    bool dead;
    /* input: header then payload */
    uint8_t in[sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX];
    size_t in_have;
    struct xsd_out *out, **out_tail;
    uint32_t out_replies, out_count;
    struct xsd_watch *watches;
    uint32_t nwatches;
    struct xsd_txn *txns;
    uint32_t ntxns, next_txid;
    /* a live-update request waiting for the exec */
    bool lu_waiting;
    uint32_t lu_req_id;
};

/** The daemon: database, domains, connections, settings. */
struct xsd_daemon {
    struct xsd_table nodes;
    uint64_t gen;
    struct xsd_domain *domains;
    struct xsd_conn *conns;
    struct xsd_quota quota;
    bool rings;  /* map guests' ring pages on INTRODUCE */
    FILE *trace; /* -T: every message, or NULL */
    int verbose;
    char *lu_binary;  /* live-update: new binary */
    bool lu_pending;  /* live-update: exec when the loop is idle */
    uint32_t max_out; /* queued messages before a connection is dropped */
};

/* daemon.c */
int xsd_daemon_init(struct xsd_daemon *d);
void xsd_daemon_dispose(struct xsd_daemon *d);
struct xsd_domain *xsd_domain_get(struct xsd_daemon *d, uint32_t domid, bool create);
/** Log a line (syslog, or xsd_log_stream when set). */
void xsd_log(struct xsd_daemon *d, const char *fmt, ...)
    __attribute__((__format__(__printf__, 2, 3)));
extern FILE *xsd_log_stream;

/* tree.c: the database as seen by a connection, maybe inside a transaction. */
/** Context of one request: who asks, in which transaction. */
struct xsd_ctx {
    struct xsd_daemon *d;
    struct xsd_conn *c;
    struct xsd_txn *tx; /* NULL: direct */
};
const struct xsd_node *xsd_lookup(struct xsd_ctx *x, const char *path);
int xsd_check_perm(struct xsd_ctx *x, const struct xsd_node *n, uint32_t want);
int xsd_do_write(struct xsd_ctx *x, const char *path, const void *val, uint32_t len);
int xsd_do_mkdir(struct xsd_ctx *x, const char *path);
int xsd_do_rm(struct xsd_ctx *x, const char *path);
int xsd_do_set_perms(struct xsd_ctx *x, const char *path, const struct xsd_perm *p, uint32_t n);
/** Canonical absolute path of @in for connection @c into @out, or -errno. */
int xsd_canon_path(struct xsd_ctx *x, const char *in, char *out, size_t outlen, bool allow_special);
int xsd_perms_parse(const char *s, size_t len, struct xsd_perm **out, uint32_t *n);
int xsd_tree_init(struct xsd_daemon *d);
void xsd_note_change(struct xsd_ctx *x, const char *path, bool removed);

/* transaction.c */
int xsd_txn_start(struct xsd_ctx *x, uint32_t *id);
struct xsd_txn *xsd_txn_find(struct xsd_conn *c, uint32_t id);
int xsd_txn_end(struct xsd_ctx *x, bool commit);
void xsd_txn_free(struct xsd_txn *t);

/* watch.c */
int xsd_watch_add(struct xsd_ctx *x, const char *path, const char *token, bool relative);
int xsd_watch_del(struct xsd_ctx *x, const char *path, const char *token);
void xsd_watch_fire(struct xsd_daemon *d, const char *path, bool removed);
void xsd_watch_free_all(struct xsd_conn *c);

/* conn.c */
struct xsd_conn *xsd_conn_new(struct xsd_daemon *d, const struct xsd_transport *tp, void *data,
                              int fd, uint32_t domid, bool privileged);
void xsd_conn_free(struct xsd_conn *c);
/** Feed received bytes; complete messages are processed. -1: close it. */
int xsd_conn_input(struct xsd_conn *c, const uint8_t *buf, size_t len);
int xsd_conn_send(struct xsd_conn *c, uint32_t type, uint32_t req_id, uint32_t tx_id,
                  const void *data, size_t len);
/** Queue bytes already framed (a whole message, or the rest of one). */
int xsd_conn_queue_raw(struct xsd_conn *c, const void *data, size_t len, bool is_reply);
/** Push queued output through the transport; -1 if the connection died. */
int xsd_conn_flush(struct xsd_conn *c);
bool xsd_conn_wants_input(const struct xsd_conn *c);
const char *xsd_errname(int err);

/* ops.c */
void xsd_process(struct xsd_conn *c, const struct xsd_sockmsg *h, const char *body);

/* control.c */
int xsd_control(struct xsd_ctx *x, const struct xsd_sockmsg *h, const char *body, char *reply,
                size_t replylen, size_t *outlen);

/* domain.c */
int xsd_introduce(struct xsd_ctx *x, uint32_t domid, uint64_t mfn, uint32_t port);
int xsd_release(struct xsd_ctx *x, uint32_t domid);
void xsd_domain_account(struct xsd_daemon *d, uint32_t domid, int64_t delta);
int xsd_quota_check_nodes(struct xsd_ctx *x, int64_t more);

/* transport_unix.c */
extern const struct xsd_transport xsd_unix_transport;

/* transport_ring.c */
extern const struct xsd_transport xsd_ring_transport;
/** Map @domid's ring page and bind its event channel (dom0 on Xen only). */
int xsd_ring_attach(struct xsd_daemon *d, struct xsd_domain *dom);

/* dom0.c */
/**
 * Connect dom0's kernel: its store page and event channel from
 * /dev/xen/xenbus_backend, then an event to start its xenbus. 0, or -errno
 * (-ENOENT: not in a Xen dom0; logged, the caller goes on with sockets).
 */
int xsd_dom0_init(struct xsd_daemon *d);
/** Whether @c is dom0's kernel connection. */
bool xsd_dom0_is_kernel(const struct xsd_conn *c);
/** Live update: the record that makes the restored @c dom0's kernel connection again. */
void xsd_dom0_save(FILE *f, const struct xsd_conn *c);
/** Live update: @c, its fd the still-bound event channel, is dom0's kernel connection. */
int xsd_dom0_restore(struct xsd_conn *c, uint32_t local_port, uint32_t port);
/* liveupdate.c */
/** Save everything to @path for the new binary; fds stay open across exec. */
int xsd_lu_save(struct xsd_daemon *d, const char *path, const int *listen_fds, int nlisten);
/** Rebuild @d from @path; the listening fds are returned. */
int xsd_lu_load(struct xsd_daemon *d, const char *path, int *listen_fds, int *nlisten);
#endif /* XENSTORED_H */
