/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer harness for decompress_unlz4 (xen/common/decompress/lz4.c): any
 * bytes as an LZ4 legacy or frame stream, decoded into bounded buffers of two sizes
 * that must never be written outside. Same harness as fuzz_xz.c.
 */
#define FUZZ_DECODER decompress_unlz4
#include "fuzz_xz.c"
