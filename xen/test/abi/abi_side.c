/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One side of the ABI comparison. Compiled twice, with the same generated
 * list (abi-list.h) and include lines (abi-headers.h) but a different
 * -iquote directory: once for our public headers (-DABI_ROWS=abi_ours) and
 * once for the reference headers (-DABI_ROWS=abi_theirs).
 */
#include <stddef.h>
#include <stdint.h>

#include "abi.h"
#include "abi-headers.h"

#define ABI_SIZE(type) {#type, "sizeof", sizeof(type)},
#define ABI_FIELD(type, field)                             \
    {#type "." #field, "offsetof", offsetof(type, field)}, \
        {#type "." #field, "sizeof", sizeof(((type *)0)->field)},
#define ABI_CONST(name) {#name, "value", (unsigned long long)(name)},

const struct abi_row ABI_ROWS[] = {
#include "abi-list.h"
};
const size_t ABI_COUNT = sizeof(ABI_ROWS) / sizeof(ABI_ROWS[0]);
