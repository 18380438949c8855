/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer harness for decompress_unzstd (xen/common/decompress/zstd.c): any
 * bytes as Zstandard frames, decoded into bounded buffers of two sizes that
 * must never be written outside. Same harness as fuzz_xz.c.
 */
#define FUZZ_DECODER decompress_unzstd
#include "fuzz_xz.c"
