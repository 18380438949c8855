#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Benchmark: the hypervisor's kernel decompressors (xen/common/decompress, built for the
# host in xen/test/test_decompress -d) against Debian's command-line tools, on the same
# files compressed the way Linux's build compresses a kernel payload. Each side is one
# process reading the compressed file and writing the result to /dev/null; interleaved
# runs, median wall time, ratio ours/Debian (below 1.0: ours is faster). Ours writes into
# one fresh buffer (as in the hypervisor), so its page faults count; "decoder only" is
# the time of our decode alone into an already faulted-in buffer, beside its own ratio.
# Run by scripts/bench, which has built build/default (BENCH_BUILDDIR overrides it).
set -u
. "$(dirname "$0")/../lib.sh"
builddir=${BENCH_BUILDDIR:-$build_root/default}
export top_srcdir=$srcdir top_builddir=$builddir
. "$srcdir/tests/lib.sh"

runs=${BENCH_RUNS:-5}
size=${BENCH_DECOMPRESS_MIB:-32}
make -C "$builddir" -s xen/test/test_decompress > /dev/null || die "cannot build xen/test/test_decompress"
ours=$builddir/xen/test/test_decompress
for t in gzip xz lzma lz4 lzop bzip2 zstd; do
    command -v "$t" > /dev/null || die "$t not installed (scripts/install-deps)"
done

median() {
    sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# seconds CMD...: wall time of one run.
seconds() {
    local t0 t1
    t0=$(date +%s%N)
    "$@" > /dev/null 2>&1 || return 1
    t1=$(date +%s%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f\n", (b - a) / 1e9 }'
}

# The input: a kernel-like mix of machine code and text, $size MiB: Debian's kernel as
# an ELF when the bzImage test can reach one, else the programs in /usr/bin.
step "Building a ${size} MiB input and compressing it as Linux's build does"
kernel=$(ls /boot/vmlinuz-* 2> /dev/null | head -n 1)
if [ -n "$kernel" ] && [ -r "$kernel" ] && "$ours" "$kernel" "$scratch/vmlinux" > /dev/null 2>&1; then
    head -c $((size << 20)) "$scratch/vmlinux" > "$scratch/plain"
    diag "input: $kernel decompressed, first $size MiB"
else
    find /usr/bin -maxdepth 1 -type f -size +100k | sort | xargs cat 2> /dev/null | head -c $((size << 20)) > "$scratch/plain"
    diag "input: programs in /usr/bin, first $size MiB"
fi
# format | Linux's compressor (scripts/Makefile.lib) | Debian's decompressor
formats=(
    "gzip|gzip -n -9|gzip -dc"
    "bzip2|bzip2 -9|bzip2 -dc"
    "lzma|lzma -9|lzma -dc"
    "xz|xz --check=crc32 --x86 --lzma2=,dict=32MiB|xz -dc"
    "lzo|lzop -9|lzop -dc"
    "lz4|lz4 -q -l -12 --favor-decSpeed|lz4 -q -dc"
    "zstd|zstd -q -22 --ultra|zstd -q -dc"
)
for f in "${formats[@]}"; do
    IFS='|' read -r name comp real <<< "$f"
    $comp -c < "$scratch/plain" > "$scratch/in.$name" || die "$comp failed"
    "$ours" -d "$scratch/in.$name" "$scratch/out" || die "our $name decoder failed"
    cmp -s "$scratch/out" "$scratch/plain" || die "our $name decoder's output differs"
done
rm -f "$scratch/out" "$scratch/vmlinux"

step "Decompressing, $runs runs each, interleaved"
for f in "${formats[@]}"; do
    IFS='|' read -r name comp real <<< "$f"
    : > "$scratch/ours.t"
    : > "$scratch/real.t"
    : > "$scratch/core.t"
    for i in $(seq "$runs"); do
        seconds "$ours" -d "$scratch/in.$name" /dev/null >> "$scratch/ours.t" || die "our $name decoder failed"
        seconds sh -c "$real < '$scratch/in.$name'" >> "$scratch/real.t" || die "'$real' failed"
        "$ours" -b "$scratch/in.$name" >> "$scratch/core.t" || die "our $name decoder failed"
    done
    mo=$(median < "$scratch/ours.t")
    mr=$(median < "$scratch/real.t")
    mc=$(median < "$scratch/core.t")
    printf '    %-6s %8d bytes   ours %6.3f s   Debian %-14s %6.3f s   ratio ours/Debian %5.2f   decoder only %6.3f s, ratio %5.2f\n' \
        "$name" "$(stat -c %s "$scratch/in.$name")" "$mo" "'$real'" "$mr" \
        "$(awk -v a="$mo" -v b="$mr" 'BEGIN { print a / b }')" "$mc" \
        "$(awk -v a="$mc" -v b="$mr" 'BEGIN { print a / b }')"
done
