/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The ABI comparison's tables: one row per size, offset or constant value,
 * filled by abi_side.c once against each set of headers.
 */
#ifndef XEN_TEST_ABI_H
#define XEN_TEST_ABI_H

#include <stddef.h>

/** One measured fact: `what` is the type, field or constant, `kind` what was measured. */
struct abi_row {
    const char *what;
    const char *kind;
    unsigned long long value;
};

/** The rows measured against our headers and against the reference headers. */
extern const struct abi_row abi_ours[], abi_theirs[];
extern const size_t abi_ours_count, abi_theirs_count;

#endif /* XEN_TEST_ABI_H */
