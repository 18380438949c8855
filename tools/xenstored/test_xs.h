/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers shared by the C tests that talk to a running xenstored.
 */
#ifndef XENSTORED_TEST_XS_H
#define XENSTORED_TEST_XS_H

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <xenstore.h>

/* Does @path read exactly @want? */
static inline bool reads(struct xs_handle *h, xs_transaction_t t, const char *path,
                         const char *want)
{
    unsigned int len;
    char *v = xs_read(h, t, path, &len);
    bool same = v && len == strlen(want) && !memcmp(v, want, len);

    free(v);
    return same;
}

#endif /* XENSTORED_TEST_XS_H */
