/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The daemon object: database, domains and connections set up and torn down
 * together, and logging (syslog, a file, or stderr).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <syslog.h>

#include "xenstored.h"

/* Where xsd_log writes: syslog unless a stream is set. */
FILE *xsd_log_stream;

int xsd_daemon_init(struct xsd_daemon *d)
{
    *d = (struct xsd_daemon){0};
    xsd_table_init(&d->nodes);
    d->quota = (struct xsd_quota){
        .nodes = 1000,
        .node_size = 2048,
        .watches = 128,
        .txns = 10,
        .perms = 5,
        .path_max = XENSTORE_ABS_PATH_MAX,
        .tx_nodes = 1024,
        .outstanding = 20,
    };
    d->rings = true;
    d->max_out = 65536;
    return xsd_tree_init(d);
}

void xsd_daemon_dispose(struct xsd_daemon *d)
{
    struct xsd_domain *dom;

    while ( d->conns )
        xsd_conn_free(d->conns);
    while ( (dom = d->domains) )
    {
        d->domains = dom->next;
        free(dom);
    }
    xsd_table_dispose(&d->nodes);
    free(d->lu_binary);
    d->lu_binary = NULL;
}

void xsd_log(struct xsd_daemon *d, const char *fmt, ...)
{
    va_list ap;

    (void)d;
    va_start(ap, fmt);
    if ( xsd_log_stream )
    {
        fprintf(xsd_log_stream, "xenstored: ");
        vfprintf(xsd_log_stream, fmt, ap);
        fprintf(xsd_log_stream, "\n");
        fflush(xsd_log_stream);
    }
    else
        vsyslog(LOG_INFO, fmt, ap);
    va_end(ap);
}
