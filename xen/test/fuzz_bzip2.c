/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer harness for decompress_bunzip2 (xen/common/decompress/bzip2.c):
 * any bytes as a bzip2 stream, decoded into bounded buffers of two sizes that
 * must never be written outside. Same harness as fuzz_xz.c.
 */
#define FUZZ_DECODER decompress_bunzip2
#include "fuzz_xz.c"
