# SPDX-License-Identifier: GPL-2.0-only
# Helpers for the pygrub tests: fake kernels in every compression, and disk images built
# with the real tools (mkfs.ext4 -d, sfdisk, mkfs.vfat + mcopy, xorriso), never mounted.
# Source it after tests/lib.sh.

PYGRUB=$top_builddir/pygrub/pygrub
examples=$top_srcdir/pygrub/examples

need() {
    local t
    for t in "$@"; do
        command -v "$t" > /dev/null 2>&1 || PATH=$PATH:/sbin:/usr/sbin command -v "$t" > /dev/null 2>&1 ||
            skip_all "$t not installed (scripts/install-deps)"
    done
    PATH=$PATH:/sbin:/usr/sbin
}

# mkpayload FILE SIZE: SIZE bytes that do not compress to nothing.
mkpayload() {
    head -c "$2" /dev/urandom > "$1.raw"
    # Half random, half text: every compressor has work to do.
    seq 1 $(($2 / 8)) >> "$1.raw"
    mv "$1.raw" "$1"
}

# mkbzimage OUT PAYLOAD: a Linux x86 boot-protocol 2.15 image around PAYLOAD.
mkbzimage() {
    python3 - "$1" "$2" <<'PY'
import sys
out, payload = sys.argv[1], open(sys.argv[2], 'rb').read()
setup = 4
img = bytearray((setup + 1) * 512)
img[0x1f1] = setup
img[0x1fe:0x200] = b'\x55\xaa'
img[0x202:0x206] = b'HdrS'
img[0x206:0x208] = (0x020f).to_bytes(2, 'little')
pm = bytearray(0x200)
img[0x248:0x24c] = len(pm).to_bytes(4, 'little')
img[0x24c:0x250] = len(payload).to_bytes(4, 'little')
open(out, 'wb').write(bytes(img) + bytes(pm) + payload)
PY
}

# mkkernels DIR: DIR/vmlinuz-{gzip,bzip2,lzma,xz,lz4,zstd,bzimage-xz} and DIR/initrd.img.
mkkernels() {
    local d=$1
    mkdir -p "$d"
    mkpayload "$d/payload" 200000
    gzip -9 -n -c "$d/payload" > "$d/vmlinuz-gzip"
    bzip2 -c "$d/payload" > "$d/vmlinuz-bzip2"
    xz --format=lzma -c "$d/payload" > "$d/vmlinuz-lzma"
    xz --check=crc32 -c "$d/payload" > "$d/vmlinuz-xz"
    lz4 -q -l -c "$d/payload" > "$d/vmlinuz-lz4"
    zstd -q -c "$d/payload" > "$d/vmlinuz-zstd"
    xz --check=crc32 -c "$d/payload" > "$d/payload.xz"
    mkbzimage "$d/vmlinuz-bzimage-xz" "$d/payload.xz"
    rm -f "$d/payload" "$d/payload.xz"
    mkpayload "$d/initrd.img" 300000
}

# mkext IMG SIZE DIR [mkfs args]: an ext filesystem image holding DIR.
mkext() {
    local img=$1 size=$2 dir=$3
    shift 3
    mkfs.ext4 -q -F -E root_owner=0:0 "$@" -d "$dir" "$img" "$size" > /dev/null 2>&1
}

# mkdisk IMG TABLE FS1 [FS2...]: a disk with an sfdisk TABLE ("dos" or "gpt"), partition n
# of each FSn's size (1 MiB aligned, in order), FSn copied into it.
mkdisk() {
    local img=$1 label=$2 start=2048 script fs size sectors
    shift 2
    script="label: $label"$'\n'
    for fs in "$@"; do
        size=$(stat -c %s "$fs")
        sectors=$(((size + 1048575) / 1048576 * 2048))
        script+="start=$start, size=$sectors, type=${PART_TYPE:-83}"$'\n'
        start=$((start + sectors))
    done
    [ "$label" = gpt ] && script=${script//type=83/type=0FC63DAF-8483-4772-8E79-3D69D8477DE4}
    truncate -s $(((start + 2048) * 512)) "$img"
    sfdisk -q "$img" <<< "$script" > /dev/null || return 1
    start=2048
    for fs in "$@"; do
        size=$(stat -c %s "$fs")
        dd if="$fs" of="$img" bs=512 seek=$start conv=notrunc status=none || return 1
        start=$((start + (size + 1048575) / 1048576 * 2048))
    done
}

# run_pygrub ARGS...: our pygrub; stdout in $out, stderr in $err, status in $rc.
run_pygrub() {
    out=$("$PYGRUB" "$@" 2> "$scratch/stderr")
    rc=$?
    err=$(cat "$scratch/stderr")
}

# field NAME: the value of "NAME value" in $out (simple format).
field() {
    sed -n "s/^$1 //p" <<< "$out"
}

# same FILE1 FILE2: byte for byte equal.
same() {
    cmp -s "$1" "$2"
}

# empty_dir DIR: DIR holds no file.
empty_dir() {
    [ -z "$(ls -A "$1")" ]
}
