#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Benchmark: pygrub extracting a kernel and initrd from the same disk images, ours against
# Debian's pygrub (xen-utils-4.17 with libxenmisc4.17's xenfsimage, unpacked, not
# installed), interleaved in one run: median wall time, ratio, and peak memory (max RSS).
# Run by scripts/bench, which has built build/default (BENCH_BUILDDIR overrides it).
set -u
. "$(dirname "$0")/../lib.sh"
. "$srcdir/scripts/peers.sh"
builddir=${BENCH_BUILDDIR:-$build_root/default}
export top_srcdir=$srcdir top_builddir=$builddir
. "$srcdir/tests/lib.sh"
. "$srcdir/pygrub/tests/lib.sh"

runs=${BENCH_RUNS:-7}
ours=$builddir/pygrub/pygrub
[ -x "$ours" ] || die "$ours not built"
# Not libtool's wrapper script (a shell and a few seds per run): the binary it runs.
if [ -x "$builddir/pygrub/.libs/pygrub" ]; then
    ours=$builddir/pygrub/.libs/pygrub
    export LD_LIBRARY_PATH=$builddir/pygrub/libfsimage/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
fi
utils=$(peer_unpack xen-utils-4.17) || die "could not get Debian's xen-utils-4.17 (apt-get download)"
misc=$(peer_unpack libxenmisc4.17) || die "could not get Debian's libxenmisc4.17 (apt-get download)"
real_pygrub=$utils/usr/lib/xen-4.17/bin/pygrub
libdir=$misc/usr/lib/xen-4.17/lib/x86_64-linux-gnu
for t in /usr/bin/time mkfs.ext4 sfdisk mkfs.vfat mcopy xorriso xz; do
    PATH=$PATH:/sbin:/usr/sbin command -v "$t" > /dev/null || die "$t not installed (scripts/install-deps)"
done
PATH=$PATH:/sbin:/usr/sbin
export MTOOLS_SKIP_CHECK=1

step "Building images: 8 MiB xz kernel and 48 MiB initrd, Debian's grub.cfg"
mkpayload "$scratch/payload" 12000000
xz -1 -T1 -c "$scratch/payload" | head -c 8388608 > "$scratch/vmlinuz"
head -c 50331648 /dev/urandom > "$scratch/initrd"
root=$scratch/root
mkdir -p "$root/boot/grub"
cp "$srcdir/pygrub/examples/debian12-grub.cfg" "$root/boot/grub/grub.cfg"
cp "$scratch/vmlinuz" "$root/boot/vmlinuz-6.1.0-13-amd64"
cp "$scratch/initrd" "$root/boot/initrd.img-6.1.0-13-amd64"
mkext "$scratch/ext4.fs" 128M "$root"
mkdisk "$scratch/ext4-mbr.img" dos "$scratch/ext4.fs"
mkfs.vfat -F 32 -C "$scratch/fat.fs" 131072 > /dev/null
mmd -i "$scratch/fat.fs" ::/boot ::/boot/grub
mcopy -i "$scratch/fat.fs" "$root/boot/grub/grub.cfg" ::/boot/grub/grub.cfg
mcopy -i "$scratch/fat.fs" "$root/boot/vmlinuz-6.1.0-13-amd64" "$root/boot/initrd.img-6.1.0-13-amd64" ::/boot/
PART_TYPE=c mkdisk "$scratch/fat-mbr.img" dos "$scratch/fat.fs"
xorriso -as mkisofs -quiet -R -o "$scratch/cd.iso" "$root" > /dev/null 2>&1

out=$scratch/out
mkdir -p "$out"
# one IMPL IMG: "SECONDS MAXRSS_KIB" of one extraction (the pygrub run alone is timed), the
# extracted files then checked byte for byte.
one() {
    local t0 t1
    rm -f "$out"/*
    t0=$(date +%s%N)
    if [ "$1" = ours ]; then
        /usr/bin/time -f '%M' -o "$scratch/time" "$ours" -q --output-directory="$out" "$2" > /dev/null 2>&1
    else
        XEN_FSIMAGE_FSDIR=$libdir/xenfsimage LD_LIBRARY_PATH=$libdir /usr/bin/time -f '%M' \
            -o "$scratch/time" python3 "$real_pygrub" -q --output-directory="$out" "$2" > /dev/null 2>&1
    fi || { echo "$1 pygrub failed on $2" >&2; return 1; }
    t1=$(date +%s%N)
    cmp -s "$out"/boot_kernel.* "$scratch/vmlinuz" && cmp -s "$out"/boot_ramdisk.* "$scratch/initrd" ||
        { echo "$1 pygrub extracted wrong files from $2" >&2; return 1; }
    awk -v a="$t0" -v b="$t1" -v m="$(tail -n 1 "$scratch/time")" 'BEGIN { printf "%.4f %d\n", (b - a) / 1e9, m }'
}

median() {
    sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

step "Extracting kernel and initrd (56 MiB), $runs runs each, interleaved"
for img in ext4-mbr.img fat-mbr.img cd.iso; do
    : > "$scratch/ours.t"
    : > "$scratch/real.t"
    for i in $(seq "$runs"); do
        one ours "$scratch/$img" >> "$scratch/ours.t" || die "our pygrub failed"
        one real "$scratch/$img" >> "$scratch/real.t" || die "Debian's pygrub failed"
    done
    mo=$(cut -d' ' -f1 "$scratch/ours.t" | median)
    mr=$(cut -d' ' -f1 "$scratch/real.t" | median)
    ro=$(cut -d' ' -f2 "$scratch/ours.t" | sort -n | tail -n 1)
    rr=$(cut -d' ' -f2 "$scratch/real.t" | sort -n | tail -n 1)
    printf '    %-14s ours %7.3f s %7d KiB   Debian %7.3f s %7d KiB   time ratio %6.2fx   memory ratio %5.2fx\n' \
        "$img" "$mo" "$ro" "$mr" "$rr" "$(awk -v a="$mr" -v b="$mo" 'BEGIN { print a / b }')" \
        "$(awk -v a="$rr" -v b="$ro" 'BEGIN { print a / b }')"
done
