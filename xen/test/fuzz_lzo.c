/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer harness for decompress_unlzo (xen/common/decompress/lzo.c): any
 * bytes as an lzop file, decoded into bounded buffers of two sizes that must
 * never be written outside. Same harness as fuzz_xz.c.
 */
#define FUZZ_DECODER decompress_unlzo
#include "fuzz_xz.c"
