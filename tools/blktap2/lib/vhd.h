/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libvhd: Microsoft's Virtual Hard Disk format (fixed, dynamic and differencing disks)
 * with blktap2's batmap extension. All on-disk fields are big-endian.
 */
#ifndef BLKTAP2_VHD_H
#define BLKTAP2_VHD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Sector size of every VHD. */
#define VHD_SECTOR_SIZE  512
#define VHD_SECTOR_SHIFT 9

/** Disk types (footer "disk type"). */
#define VHD_TYPE_NONE    0
#define VHD_TYPE_FIXED   2
#define VHD_TYPE_DYNAMIC 3
#define VHD_TYPE_DIFF    4

/** Default and limits. */
#define VHD_BLOCK_SIZE_DEFAULT (2u << 20)
#define VHD_MAX_SIZE           (2ull << 40) /* 2 TiB, blktap2's limit */
#define VHD_BAT_UNUSED         0xffffffffu
#define VHD_MAX_CHAIN          32

/** Parent locator platform codes. */
#define VHD_PLAT_NONE 0u
#define VHD_PLAT_WI2R 0x57693272u /* "Wi2r": relative Windows path (deprecated) */
#define VHD_PLAT_WI2K 0x5769326bu /* "Wi2k": absolute Windows path (deprecated) */
#define VHD_PLAT_W2RU 0x57327275u /* "W2ru": relative path, UTF-16LE */
#define VHD_PLAT_W2KU 0x57326b75u /* "W2ku": absolute path, UTF-16LE */
#define VHD_PLAT_MAC  0x4d616320u /* "Mac ": Mac OS alias blob */
#define VHD_PLAT_MACX 0x4d616358u /* "MacX": file URL, UTF-8 */

/** The 512-byte footer (at the end of every image, copied at offset 0 when dynamic). */
struct vhd_footer {
    char cookie[8]; /* "conectix" */
    uint32_t features;
    uint32_t version;
    uint64_t data_offset; /* dynamic header offset, all ones for fixed */
    uint32_t timestamp;   /* seconds since 2000-01-01 00:00:00 UTC */
    char creator_app[4];
    uint32_t creator_version;
    uint32_t creator_os;
    uint64_t orig_size;
    uint64_t curr_size;
    uint16_t cyls;
    uint8_t heads;
    uint8_t spt;
    uint32_t type;
    uint32_t checksum;
    uint8_t uuid[16];
    uint8_t saved_state;
    uint8_t hidden; /* blktap2: first reserved byte, "hidden" flag */
};

/** One of the eight parent locators of a differencing disk's header. */
struct vhd_locator {
    uint32_t code;
    uint32_t data_space; /* bytes reserved in the file (blktap2 convention, sector multiple) */
    uint32_t data_len;   /* bytes used */
    uint64_t data_offset;
};

/** The 1024-byte dynamic disk header. */
struct vhd_header {
    char cookie[8]; /* "cxsparse" */
    uint64_t data_offset;
    uint64_t table_offset;
    uint32_t version;
    uint32_t max_bat_size;
    uint32_t block_size;
    uint32_t checksum;
    uint8_t prt_uuid[16];
    uint32_t prt_ts;
    uint8_t prt_name[512]; /* UTF-16BE */
    struct vhd_locator loc[8];
};

/** blktap2's batmap header, one sector right after the BAT. */
struct vhd_batmap_header {
    char cookie[8]; /* "tdbatmap" */
    uint64_t batmap_offset;
    uint32_t batmap_size; /* sectors */
    uint32_t batmap_version;
    uint32_t checksum;
    uint8_t marker;
};

/** Open flags. */
#define VHD_OPEN_RDONLY 0x1
#define VHD_OPEN_RDWR   0x2
#define VHD_OPEN_DIRECT 0x4 /* O_DIRECT */
#define VHD_OPEN_FAST   0x8 /* skip the backup footer and BAT sanity scan */

/** One open image. Owned: vhd_open() fills it, vhd_close() releases it. */
struct vhd_context {
    int fd;
    char *file;
    int oflags;
    struct vhd_footer footer;
    struct vhd_header header;
    uint32_t *bat;   /* host order, header.max_bat_size entries */
    uint8_t *batmap; /* batmap bits, NULL when the image has none */
    bool has_batmap;
    struct vhd_batmap_header batmap_hdr;
    uint32_t spb;       /* sectors per block */
    uint32_t bm_secs;   /* bitmap sectors per block */
    uint64_t next_db;   /* byte offset where the next block goes (= trailing footer) */
    uint64_t file_size; /* file size when opened */
    uint8_t **bm_cache; /* per-block bitmaps read so far (NULL until first use) */
    bool sync_alloc;    /* fdatasync before a new block enters the BAT (default on) */
    bool defer_bat;     /* new blocks enter the on-disk BAT at vhd_flush() only */
    uint8_t *bat_dirty; /* per BAT entry: allocated in memory, not yet written */
    uint32_t bat_ndirty;
};

/** A chain: images[0] the leaf, then its parents. raw_parent: last is a raw file. */
struct vhd_chain {
    int depth;
    struct vhd_context images[VHD_MAX_CHAIN];
    int raw_fd; /* raw parent at the end of the chain, -1 if none */
    uint64_t raw_size;
};

/* --- vhd_format.c: encoding, checksums, geometry, time ------------------------- */

/** Encode the footer to 512 bytes (checksum field written as stored). */
void vhd_footer_pack(const struct vhd_footer *f, uint8_t *buf);
/** Decode 512 bytes into a footer. */
void vhd_footer_unpack(struct vhd_footer *f, const uint8_t *buf);
/** Checksum the footer should carry. */
uint32_t vhd_footer_checksum(const struct vhd_footer *f);
/** Check a footer: 0 or a negative errno, with a reason in why. */
int vhd_footer_validate(const struct vhd_footer *f, const char **why);
void vhd_header_pack(const struct vhd_header *h, uint8_t *buf);
void vhd_header_unpack(struct vhd_header *h, const uint8_t *buf);
uint32_t vhd_header_checksum(const struct vhd_header *h);
int vhd_header_validate(const struct vhd_header *h, const char **why);
void vhd_batmap_header_pack(const struct vhd_batmap_header *b, uint8_t *buf);
void vhd_batmap_header_unpack(struct vhd_batmap_header *b, const uint8_t *buf);
/** One's complement of the byte sum, the VHD checksum. */
uint32_t vhd_checksum_bytes(const uint8_t *p, size_t n);
/** CHS geometry for a size, as the specification computes it. */
void vhd_geometry(uint64_t bytes, uint16_t *cyls, uint8_t *heads, uint8_t *spt);
/** Now as a VHD timestamp. */
uint32_t vhd_time_now(void);
/** A VHD timestamp as Unix time. */
int64_t vhd_time_to_unix(uint32_t ts);
/** Read a big-endian value. */
uint32_t vhd_be32(const uint8_t *p);
uint64_t vhd_be64(const uint8_t *p);
void vhd_put_be32(uint8_t *p, uint32_t v);
void vhd_put_be64(uint8_t *p, uint64_t v);

/* --- vhd_open.c: open, close, chain --------------------------------------------- */

/**
 * Open and validate an image. Returns 0 or a negative errno; on error, a message naming
 * the file and what is wrong is in vhd_error(). Nothing is written.
 */
int vhd_open(struct vhd_context *ctx, const char *file, int flags);
/** Release everything; idempotent. */
void vhd_close(struct vhd_context *ctx);
/** The last error message of this thread. */
const char *vhd_error(void);
/** Record an error message (printf-style); returns -err for convenience. */
int vhd_set_error(int err, const char *fmt, ...) __attribute__((__format__(__printf__, 2, 3)));
/** Parse an in-memory image (fuzzing, tests): footer, header, BAT, locators. */
int vhd_parse_buffer(const uint8_t *buf, size_t len);
/** Virtual size in bytes. */
uint64_t vhd_size(const struct vhd_context *ctx);
/** Resolve the parent's path of a differencing disk (malloc'd), or NULL + error. */
char *vhd_parent_path(struct vhd_context *ctx);
/** Open the leaf and all its parents; detects loops. */
int vhd_chain_open(struct vhd_chain *ch, const char *leaf, int flags);
void vhd_chain_close(struct vhd_chain *ch);

/* --- vhd_bat.c: blocks, bitmaps, allocation ------------------------------------- */

/**
 * Map sectors [sec, sec+max) of one image: returns 1 if sec is stored here (then *off is
 * its byte offset), 0 if not, or a negative errno. *n is the length of the run with the
 * same answer (contiguous in the file when present), at most max.
 */
int vhd_map(struct vhd_context *ctx, uint64_t sec, uint32_t max, uint64_t *off, uint32_t *n);
/** The cached bitmap of block blk (read on first use), or NULL with an error. */
uint8_t *vhd_bitmap_get(struct vhd_context *ctx, uint32_t blk);
/** Write the BAT entry blk (one sector of the BAT). */
int vhd_bat_write_entry(struct vhd_context *ctx, uint32_t blk);
/** Read block blk's bitmap into bm (bm_secs sectors). */
int vhd_bitmap_read(struct vhd_context *ctx, uint32_t blk, uint8_t *bm);
int vhd_bitmap_write(struct vhd_context *ctx, uint32_t blk, const uint8_t *bm);
/** Allocate block blk at the end of the file (crash-safe ordering). */
int vhd_block_alloc(struct vhd_context *ctx, uint32_t blk);
/** Test/set a sector bit in a bitmap (MSB first, as the specification says). */
bool vhd_bit_test(const uint8_t *bm, uint32_t bit);
void vhd_bit_set(uint8_t *bm, uint32_t bit);
/** Rewrite the batmap (header checksum and bits). */
int vhd_batmap_write(struct vhd_context *ctx);
/** Write both footers (primary at next_db, backup at 0 for dynamic disks). */
int vhd_footer_write(struct vhd_context *ctx);
int vhd_header_write(struct vhd_context *ctx);

/* --- vhd_io.c: sector I/O --------------------------------------------------------- */

/**
 * Read sectors from one image. Sectors not present in this image are left untouched and
 * their indexes are cleared in present (one byte per sector) when present is not NULL.
 */
int vhd_read_image(struct vhd_context *ctx, uint64_t sec, uint32_t nsec, uint8_t *buf,
                   uint8_t *present);
/** Read through a whole chain (missing sectors read as zero). */
int vhd_chain_read(struct vhd_chain *ch, uint64_t sec, uint32_t nsec, uint8_t *buf);
/** One extent of a chain read: len bytes at off in fd go to buf. 0 or a negative errno. */
typedef int vhd_extent_fn(void *arg, int fd, uint8_t *buf, size_t len, uint64_t off);
/**
 * Map a chain read without doing it: zeros (sectors no image holds) are filled in buf now,
 * every other extent is handed to fn, which reads it or queues the read (tapdisk).
 */
int vhd_chain_plan(struct vhd_chain *ch, uint64_t sec, uint32_t nsec, uint8_t *buf,
                   vhd_extent_fn *fn, void *arg);
/** Write sectors into one image (allocating blocks, then bitmap, then BAT). */
int vhd_write(struct vhd_context *ctx, uint64_t sec, uint32_t nsec, const uint8_t *buf);
/**
 * vhd_write() in two halves, for callers doing the data I/O themselves (tapdisk):
 * vhd_write_map() gives the file offset of sector sec and the n sectors (at most nsec)
 * contiguous with it, allocating their block if needed; once the caller has written
 * them, vhd_write_done() marks them in the block's bitmap and, unless defer_bat, links a
 * new block into the on-disk BAT. Sectors are present for readers only after done.
 */
int vhd_write_map(struct vhd_context *ctx, uint64_t sec, uint32_t nsec, uint64_t *off, uint32_t *n);
int vhd_write_done(struct vhd_context *ctx, uint64_t sec, uint32_t nsec);
/** vhd_write_map() over a whole range, handing each contiguous extent of buf to fn. */
int vhd_write_plan(struct vhd_context *ctx, uint64_t sec, uint32_t nsec, uint8_t *buf,
                   vhd_extent_fn *fn, void *arg);
/** fdatasync the image; with blocks waiting for the BAT: sync, write the BAT, sync. */
int vhd_flush(struct vhd_context *ctx);

/* --- vhd_create.c: create, snapshot, resize --------------------------------------- */

/** Options of vhd_create(). */
struct vhd_create_opts {
    uint64_t size;     /* bytes */
    int type;          /* VHD_TYPE_FIXED or VHD_TYPE_DYNAMIC */
    uint64_t max_size; /* BAT room (bytes) for growing later; 0 = size */
    bool batmap;       /* add blktap2's batmap */
};
int vhd_create(const char *file, const struct vhd_create_opts *o);
/**
 * Create a differencing child of parent. parent_raw: the parent is a raw file.
 * size 0 = the parent's size.
 */
int vhd_snapshot(const char *child, const char *parent, bool parent_raw, uint64_t size);
/** Point a differencing disk at a new parent (locators, name, uuid, timestamp). */
int vhd_set_parent(struct vhd_context *ctx, const char *parent, bool parent_raw);
/** Grow the virtual size of a dynamic/differencing image (within its BAT). */
int vhd_resize(struct vhd_context *ctx, uint64_t new_size);

/* --- vhd_locator.c: parent names and locators ------------------------------------- */

/** Decode the header's UTF-16BE parent name into UTF-8 (malloc'd). */
char *vhd_parent_name(const struct vhd_header *h);
/** Encode a UTF-8 name as UTF-16BE into the header. */
int vhd_parent_name_set(struct vhd_header *h, const char *name);
/** Read locator i's path (malloc'd, UTF-8) or NULL + error. */
char *vhd_locator_read(struct vhd_context *ctx, int i);
/** Encode a path for a locator code: returns bytes (malloc'd) and length. */
int vhd_locator_encode(uint32_t code, const char *path, uint8_t **out, size_t *len);
/** Bytes a locator reserves (data_space is bytes for blktap2, sectors for some writers). */
uint64_t vhd_locator_space(const struct vhd_locator *l);
/** Decode locator bytes into a UTF-8 path (malloc'd). */
char *vhd_locator_decode(uint32_t code, const uint8_t *data, size_t len);

/* --- vhd_check.c: whole-image consistency ------------------------------------------ */

/** Check flags. */
#define VHD_CHECK_PARENTS 0x1
#define VHD_CHECK_BITMAPS 0x2
#define VHD_CHECK_NOTIME  0x4
/** Check an image; prints each problem to stderr prefixed by prog. 0 when valid. */
int vhd_check(const char *prog, const char *file, int flags);

/* --- vhd_journal.c: the undo journal of resize ----------------------------------- */

/** One saved range of an image: len bytes that were at off. */
struct vhd_journal_entry {
    uint64_t off;
    uint32_t len;
    const uint8_t *data;
};

/** A parsed journal. Owned: vhd_journal_read() fills it, vhd_journal_dispose() frees it. */
struct vhd_journal {
    uint8_t uuid[16];   /* the footer uuid of the journalled image */
    uint64_t file_size; /* its file length before the change */
    uint64_t virt_size; /* its virtual size before the change */
    uint32_t nentries;
    struct vhd_journal_entry entries[16];
    uint8_t *buf; /* the journal's bytes (entries point into it) */
};

/**
 * Save what a resize of ctx may overwrite (footers, header, BAT, batmap) and the file's
 * length into a new file journal (which must not exist), synced to disk before returning.
 */
int vhd_journal_create(struct vhd_context *ctx, const char *journal);
/** Validate a journal held in memory (name is for messages); entries point into buf. */
int vhd_journal_parse(struct vhd_journal *j, const uint8_t *buf, size_t len, const char *name);
/** Read and validate a journal file. */
int vhd_journal_read(struct vhd_journal *j, const char *journal);
/** Release a journal; idempotent. */
void vhd_journal_dispose(struct vhd_journal *j);
/**
 * Put image back as the journal saw it: check that the journal is whole and belongs to
 * this image (else nothing is written), write the saved bytes back, cut the file to its old
 * length, sync. The journal itself is left for vhd_journal_remove().
 */
int vhd_journal_revert(const char *image, const char *journal);
/** Delete a journal file (and sync its directory). */
int vhd_journal_remove(const char *journal);
/**
 * Fault injection for tests: when VHD_UTIL_TEST_FAIL_<point> is set (and not "0") in the
 * environment, print so and _exit(22) on the spot, as blktap2's vhd-util does; when it is
 * "stop", stop the process first (SIGSTOP), so a test can kill -9 it there.
 */
void vhd_fail_point(const char *point);

#endif /* BLKTAP2_VHD_H */
