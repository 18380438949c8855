/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Freestanding one-shot decompressors for kernel payloads (gzip/zlib DEFLATE,
 * xz with LZMA2, legacy lzma, lz4, lzop's LZO1X, bzip2, zstd). The whole input
 * and an output buffer of out_max bytes are given; the output buffer doubles
 * as the LZ history window, so no memory is allocated. Scratch state lives in a
 * caller-provided work area (8-byte aligned): DECOMPRESS_WORK_SIZE bytes are
 * enough for every format, decompress_work_size() says what one stream needs.
 * No recursion.
 *
 * Every function returns 0 on success, -EINVAL for malformed or truncated
 * input, -ENOSPC when the output does not fit in out_max, -ENOMEM when the
 * work area is too small; *why (when why is not NULL) then names the reason.
 */
#ifndef XEN_DECOMPRESS_H
#define XEN_DECOMPRESS_H

#include <xen/types.h>

/*
 * Bytes of scratch space enough for any decoder here: bzip2's 900 kB blocks
 * need a 3.6 MB table; kept under 4 MiB so that a page-order allocation of it
 * with a small header does not round up to 8 MiB.
 */
#define DECOMPRESS_WORK_SIZE (3840u * 1024)

enum decompress_format {
    DECOMP_NONE = 0,
    DECOMP_GZIP,
    DECOMP_ZLIB,
    DECOMP_XZ,
    DECOMP_LZMA,
    DECOMP_LZ4,
    DECOMP_LZO,
    DECOMP_BZIP2,
    DECOMP_ZSTD,
};

/* Identifies a format by its magic bytes; DECOMP_NONE when unknown. */
enum decompress_format decompress_detect(const void *in, size_t len);

/*
 * Bytes of work area the stream in[0, len) needs (at most DECOMPRESS_WORK_SIZE;
 * 0 for formats that need none); DECOMPRESS_WORK_SIZE for an unknown format.
 */
size_t decompress_work_size(const void *in, size_t len);

/*
 * "gzip", "zlib", "xz", "lzma", "lz4", "lzo", "bzip2", "zstd" or NULL. A .lzma stream has no magic:
 * like Linux, the usual header start 5d 00 00 (lc=3 lp=0 pb=2) is taken as one.
 */
const char *decompress_format_name(const void *in, size_t len);

/* Decompresses whatever decompress_detect() recognises. */
int xen_decompress(const void *in, size_t in_len, void *out, size_t out_max, size_t *out_len,
                   void *work, size_t work_len, const char **why);

/* The per-format decoders (raw = bare DEFLATE stream, no header). */
int decompress_inflate_raw(const void *in, size_t in_len, size_t *in_used, void *out,
                           size_t out_max, size_t *out_len, void *work, size_t work_len,
                           const char **why);
int decompress_gunzip(const void *in, size_t in_len, void *out, size_t out_max, size_t *out_len,
                      void *work, size_t work_len, const char **why);
int decompress_zlib(const void *in, size_t in_len, void *out, size_t out_max, size_t *out_len,
                    void *work, size_t work_len, const char **why);
/* Legacy .lzma (LZMA alone); lc + lp above 4 is refused. */
int decompress_unlzma(const void *in, size_t in_len, void *out, size_t out_max, size_t *out_len,
                      void *work, size_t work_len, const char **why);
/* LZ4 legacy (Linux's "lz4 -l") or frame format; no work area needed. */
int decompress_unlz4(const void *in, size_t in_len, void *out, size_t out_max, size_t *out_len,
                     void *work, size_t work_len, const char **why);
int decompress_unxz(const void *in, size_t in_len, void *out, size_t out_max, size_t *out_len,
                    void *work, size_t work_len, const char **why);

/* lzop files (Linux's lzo kernels): LZO1X blocks, Adler-32/CRC-32 checks; no work area. */
int decompress_unlzo(const void *in, size_t in_len, void *out, size_t out_max, size_t *out_len,
                     void *work, size_t work_len, const char **why);

/*
 * bzip2 (one or more concatenated streams); the work area must hold a table of
 * 4 bytes per byte of the block size ("BZh9": 900 kB, 3.6 MB): see
 * decompress_work_size().
 */
int decompress_bunzip2(const void *in, size_t in_len, void *out, size_t out_max, size_t *out_len,
                       void *work, size_t work_len, const char **why);

/*
 * Zstandard: frames (with content checksums and repeat offsets), skippable
 * frames; no dictionaries. The output buffer is the window, so any window size
 * (zstd --ultra -22, --long) decodes.
 */
int decompress_unzstd(const void *in, size_t in_len, void *out, size_t out_max, size_t *out_len,
                      void *work, size_t work_len, const char **why);

/* Adler-32, chained: start with adler = 1. */
uint32_t decompress_adler32(uint32_t adler, const void *buf, size_t len);

/* CRC-32 (IEEE, reflected), chained: start with crc = 0. */
uint32_t decompress_crc32(uint32_t crc, const void *buf, size_t len);

#endif /* XEN_DECOMPRESS_H */
