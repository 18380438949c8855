/* SPDX-License-Identifier: MIT */
/*
 * The xenstore protocol: the header every message starts with, the operation
 * numbers, the error names sent back in XS_ERROR replies, and the shared page
 * through which a guest and the store daemon exchange those messages.
 */
#ifndef XEN_PUBLIC_IO_XS_WIRE_H
#define XEN_PUBLIC_IO_XS_WIRE_H

/*
 * Operations: the `type` field of struct xsd_sockmsg. Arguments are
 * NUL-terminated strings one after another in the payload unless noted; a
 * reply carries the same type (or XS_ERROR) and the request's req_id and tx_id.
 */
enum xsd_sockmsg_type {
    /* CONTROL: "cmd\0arg\0...": daemon commands (log, print, quota, live-update). */
    XS_CONTROL,
#define XS_DEBUG XS_CONTROL
    /* DIRECTORY: "path\0" -> each child name NUL-terminated. */
    XS_DIRECTORY,
    /* READ: "path\0" -> the value bytes, no terminator. */
    XS_READ,
    /* GET_PERMS: "path\0" -> one "<letter><domid>\0" per entry, owner first. */
    XS_GET_PERMS,
    /* WATCH: "path\0token\0" -> "OK\0"; an event fires at once. */
    XS_WATCH,
    /* UNWATCH: "path\0token\0" -> "OK\0". */
    XS_UNWATCH,
    /* TRANSACTION_START: "\0" -> "<id>\0", the id for later tx_id fields. */
    XS_TRANSACTION_START,
    /* TRANSACTION_END: "T\0" commits, "F\0" aborts -> "OK\0" or EAGAIN. */
    XS_TRANSACTION_END,
    /* INTRODUCE: "domid\0mfn\0port\0": a domain's ring page and event channel. */
    XS_INTRODUCE,
    /* RELEASE: "domid\0": forget a domain (fires @releaseDomain). */
    XS_RELEASE,
    /* GET_DOMAIN_PATH: "domid\0" -> "/local/domain/<domid>\0". */
    XS_GET_DOMAIN_PATH,
    /* WRITE: "path\0" then the value bytes up to the payload's end. */
    XS_WRITE,
    /* MKDIR: "path\0" -> "OK\0"; an existing node is not an error. */
    XS_MKDIR,
    /* RM: "path\0" -> "OK\0"; removes the node and its subtree. */
    XS_RM,
    /* SET_PERMS: "path\0perm\0perm\0..." -> "OK\0". */
    XS_SET_PERMS,
    /* WATCH_EVENT (daemon to client only): "path\0token\0". */
    XS_WATCH_EVENT,
    /* ERROR (reply only): "<ERRNAME>\0", a name from xsd_errors. */
    XS_ERROR,
    /* IS_DOMAIN_INTRODUCED: "domid\0" -> "T\0" or "F\0". */
    XS_IS_DOMAIN_INTRODUCED,
    /* RESUME: "domid\0": clear a domain's shutdown state. */
    XS_RESUME,
    /* SET_TARGET: "domid\0target\0": domid may act on target's nodes. */
    XS_SET_TARGET,
    /* Number 20 was once XS_RESTRICT and is retired. */
    /* RESET_WATCHES: drop every watch and transaction of the connection. */
    XS_RESET_WATCHES = XS_SET_TARGET + 2,
    /* DIRECTORY_PART: "path\0offset\0" -> "<gen>\0" and children from byte
     * offset; a final extra "\0" marks the last part. */
    XS_DIRECTORY_PART,

    XS_TYPE_COUNT,      /* one past the last operation */
    XS_INVALID = 0xffff /* never a valid operation */
};

/* Historic write-mode strings, kept for source compatibility. */
#define XS_WRITE_NONE        "NONE"
#define XS_WRITE_CREATE      "CREATE"
#define XS_WRITE_CREATE_EXCL "CREATE|EXCL"

/* An errno value and the name that travels in an XS_ERROR payload. */
struct xsd_errors {
    int errnum;
    const char *errstring;
};
#ifdef EINVAL
#define XSD_ERROR_ENTRY(e) \
    {                      \
        e, #e              \
    }
/* The order is part of the ABI: new names only ever go at the end. */
static const struct xsd_errors xsd_errors[]
#if defined(__GNUC__)
    __attribute__((__unused__))
#endif
    = {
        XSD_ERROR_ENTRY(EINVAL), XSD_ERROR_ENTRY(EACCES),  XSD_ERROR_ENTRY(EEXIST),
        XSD_ERROR_ENTRY(EISDIR), XSD_ERROR_ENTRY(ENOENT),  XSD_ERROR_ENTRY(ENOMEM),
        XSD_ERROR_ENTRY(ENOSPC), XSD_ERROR_ENTRY(EIO),     XSD_ERROR_ENTRY(ENOTEMPTY),
        XSD_ERROR_ENTRY(ENOSYS), XSD_ERROR_ENTRY(EROFS),   XSD_ERROR_ENTRY(EBUSY),
        XSD_ERROR_ENTRY(EAGAIN), XSD_ERROR_ENTRY(EISCONN), XSD_ERROR_ENTRY(E2BIG),
        XSD_ERROR_ENTRY(EPERM),
};
#endif

/* The 16-byte header in front of every message, in host byte order. */
struct xsd_sockmsg {
    uint32_t type;   /* enum xsd_sockmsg_type */
    uint32_t req_id; /* chosen by the client, copied into the reply */
    uint32_t tx_id;  /* transaction, 0 for none */
    uint32_t len;    /* payload bytes after the header */
};

/* Index of the two strings in a watch event as libxenstore returns them. */
enum xs_watch_type { XS_WATCH_PATH = 0, XS_WATCH_TOKEN };

/*
 * The shared page of a guest's store connection: two byte rings (requests
 * from the guest, responses and events to it) with free-running indices;
 * the producer advances *_prod after writing, the consumer *_cons after
 * reading, and each side kicks the event channel after moving an index.
 */
#define XENSTORE_RING_SIZE 1024
typedef uint32_t XENSTORE_RING_IDX;
#define MASK_XENSTORE_IDX(idx) ((idx) & (XENSTORE_RING_SIZE - 1))
struct xenstore_domain_interface {
    char req[XENSTORE_RING_SIZE]; /* guest -> daemon */
    char rsp[XENSTORE_RING_SIZE]; /* daemon -> guest */
    XENSTORE_RING_IDX req_cons, req_prod;
    XENSTORE_RING_IDX rsp_cons, rsp_prod;
    uint32_t server_features; /* XENSTORE_SERVER_FEATURE_* the daemon offers */
    uint32_t connection;      /* XENSTORE_CONNECTED or XENSTORE_RECONNECT */
    uint32_t error;           /* XENSTORE_ERROR_* once the daemon gives up */
};

/* Largest payload; a longer one is a protocol violation. */
#define XENSTORE_PAYLOAD_MAX 4096

/* Longest paths accepted; longer ones get EINVAL. */
#define XENSTORE_ABS_PATH_MAX 3072
#define XENSTORE_REL_PATH_MAX 2048

/* server_features bits. */
#define XENSTORE_SERVER_FEATURE_RECONNECTION 1 /* connection field usable */
#define XENSTORE_SERVER_FEATURE_ERROR        2 /* error field usable */

/* connection field values. */
#define XENSTORE_CONNECTED 0
#define XENSTORE_RECONNECT 1

/* error field values. */
#define XENSTORE_ERROR_NONE    0
#define XENSTORE_ERROR_COMM    1
#define XENSTORE_ERROR_RINGIDX 2
#define XENSTORE_ERROR_PROTO   3

#endif /* XEN_PUBLIC_IO_XS_WIRE_H */
