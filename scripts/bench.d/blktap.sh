#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Benchmark: a dynamic VHD served over NBD by our tapdisk against `qemu-nbd -f vpc` serving
# a copy of the same image, with the raw file (no NBD, no VHD) as the limit. One client for
# all: `qemu-img bench` (Debian's qemu-utils). Rows: sequential 1 MiB and strided 4 KiB
# (stride 1 MiB + 4 KiB: qemu-img bench has no random mode) reads and writes at queue depth
# 1 and 32. Prints MiB/s and the ratios ours/qemu-nbd and ours/raw.
# Run by scripts/bench, which has built build/default (BENCH_BUILDDIR overrides it).
set -u
. "$(dirname "$0")/../lib.sh"
builddir=${BENCH_BUILDDIR:-$build_root/default}
export top_srcdir=$srcdir top_builddir=$builddir
. "$srcdir/tests/lib.sh"

tapdisk=$builddir/tools/blktap2/tapdisk/tapdisk
vhd_util=$builddir/tools/blktap2/vhd-util/vhd-util
[ -x "$tapdisk" ] && [ -x "$vhd_util" ] || die "tapdisk/vhd-util not built in $builddir"
for t in qemu-img qemu-nbd; do
    command -v $t > /dev/null || die "$t not installed (scripts/install-deps)"
done
trap 'kill $td $qn 2> /dev/null; rm -rf "$scratch"' EXIT

size_mb=${BENCH_SIZE_MB:-1024}
"$vhd_util" create -n "$scratch/ours.vhd" -s "$size_mb"
cp "$scratch/ours.vhd" "$scratch/qemu.vhd"
truncate -s "${size_mb}M" "$scratch/raw.img"
"$tapdisk" -c "$scratch/td.ctl" -u "$scratch/td.sock" -o vhd:"$scratch/ours.vhd" &
td=$!
qemu-nbd -f vpc --persistent --cache=writeback -k "$scratch/qn.sock" "$scratch/qemu.vhd" &
qn=$!
for _ in $(seq 100); do [ -S "$scratch/td.sock" ] && [ -S "$scratch/qn.sock" ] && break; sleep 0.1; done

# run TARGET-ARGS... : MiB/s of one qemu-img bench run.
run() {
    local bytes=$1 out secs
    shift
    out=$(qemu-img bench "$@" 2>&1) || { echo "bench failed: $out" >&2; echo 0; return; }
    secs=$(sed -n 's/Run completed in \([0-9.]*\) seconds./\1/p' <<< "$out")
    awk -v b="$bytes" -v s="$secs" 'BEGIN { if (s > 0) printf "%.1f", b / 1048576 / s; else print 0 }'
}

printf '%-30s %10s %10s %10s %9s %9s\n' "row" "tapdisk" "qemu-nbd" "raw" "/qemu-nbd" "/raw"
row() {
    local name=$1 bs=$2 count=$3 step=$4 depth=$5 w=$6 a b c
    local args=(-c "$count" -d "$depth" -s "$bs" -S "$step" $w)
    a=$(run $((bs * count)) -f raw "${args[@]}" "nbd+unix:///?socket=$scratch/td.sock")
    b=$(run $((bs * count)) -f raw "${args[@]}" "nbd+unix:///?socket=$scratch/qn.sock")
    c=$(run $((bs * count)) -f raw "${args[@]}" "$scratch/raw.img")
    awk -v n="$name" -v a="$a" -v b="$b" -v c="$c" 'BEGIN {
        printf "%-30s %10.1f %10.1f %10.1f %8.2fx %8.2fx\n", n, a, b, c,
            (b > 0 ? a / b : 0), (c > 0 ? a / c : 0) }'
}
mb=1048576
seqn=$((size_mb / 2))
row "seq 1M write QD1 (allocating)" $mb $seqn $mb 1 -w
row "seq 1M write QD32" $mb $seqn $mb 32 -w
row "seq 1M read QD1" $mb $seqn $mb 1 ""
row "seq 1M read QD32" $mb $seqn $mb 32 ""
row "strided 4K write QD1" 4096 20000 $((mb + 4096)) 1 -w
row "strided 4K write QD32" 4096 20000 $((mb + 4096)) 32 -w
row "strided 4K read QD1" 4096 20000 $((mb + 4096)) 1 ""
row "strided 4K read QD32" 4096 20000 $((mb + 4096)) 32 ""
"$vhd_util" check -n "$scratch/ours.vhd" > /dev/null || die "our image is not valid after the run"
echo "(MiB/s; qemu-img bench as the client of all three; the same dynamic VHD for tapdisk and qemu-nbd)"
