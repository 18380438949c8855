/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer harness for decompress_unlzma (xen/common/decompress/xz.c): any
 * bytes as a legacy .lzma stream, decoded into bounded buffers of two sizes
 * that must never be written outside. Same harness as fuzz_xz.c.
 */
#define FUZZ_DECODER decompress_unlzma
#include "fuzz_xz.c"
