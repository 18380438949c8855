#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Benchmark: a dynamic VHD served over NBD by our tapdisk against `qemu-nbd -f vpc` serving
# a copy of the same image, with the raw file (no NBD, no VHD) as the limit. One client for
# both servers: fio's nbd engine (libnbd; one connection, real queue depth); the raw file
# is driven by the same fio with its io_uring engine at the same depth. Rows: sequential
# 1 MiB and random 4 KiB reads and writes at queue depth 1 and 32, in the same order for
# all three (the first sequential write allocates every block). Prints MiB/s and the ratios
# ours/qemu-nbd and ours/raw.
# Run by scripts/bench, which has built build/default (BENCH_BUILDDIR overrides it; it must
# not be a --enable-sanitizers build). BENCH_SIZE_MB (1024) and BENCH_SECS (3) size it.
# Each cell is the median of three runs (the allocating write: on fresh images each time).
set -u
. "$(dirname "$0")/../lib.sh"
builddir=${BENCH_BUILDDIR:-$build_root/default}
export top_srcdir=$srcdir top_builddir=$builddir
. "$srcdir/tests/lib.sh"

tapdisk=$builddir/tools/blktap2/tapdisk/tapdisk
vhd_util=$builddir/tools/blktap2/vhd-util/vhd-util
[ -x "$tapdisk" ] && [ -x "$vhd_util" ] || die "tapdisk/vhd-util not built in $builddir"
for t in qemu-nbd fio python3; do
    command -v $t > /dev/null || die "$t not installed (scripts/install-deps)"
done
fio --enghelp 2> /dev/null | grep -qw nbd || die "this fio has no nbd engine"
grep -q "fsanitize" "$builddir/config.log" 2> /dev/null && die "$builddir is a sanitizer build"
trap 'kill $td $qn 2> /dev/null; rm -rf "$scratch"' EXIT

size_mb=${BENCH_SIZE_MB:-1024}
secs=${BENCH_SECS:-3}
td= qn=
# fresh: new empty images (ours, qemu's copy, raw) and both servers restarted on them.
fresh() {
    [ -n "$td" ] && kill -TERM $td $qn 2> /dev/null && wait $td $qn 2> /dev/null
    rm -f "$scratch"/*.vhd "$scratch/raw.img" "$scratch"/*.sock
    "$vhd_util" create -n "$scratch/ours.vhd" -s "$size_mb"
    cp "$scratch/ours.vhd" "$scratch/qemu.vhd"
    truncate -s "${size_mb}M" "$scratch/raw.img"
    "$tapdisk" -c "$scratch/td.ctl" -u "$scratch/td.sock" -o vhd:"$scratch/ours.vhd" 2> "$scratch/td.err" &
    td=$!
    qemu-nbd -f vpc --persistent --cache=writeback --aio=${BENCH_QEMU_AIO:-threads} \
        -k "$scratch/qn.sock" "$scratch/qemu.vhd" &
    qn=$!
    for _ in $(seq 100); do [ -S "$scratch/td.sock" ] && [ -S "$scratch/qn.sock" ] && break; sleep 0.1; done
}
fresh
grep -q "io_uring unavailable" "$scratch/td.err" && cat "$scratch/td.err"

# run TARGET RW BS DEPTH: MiB/s of one fio job. Sequential rows cover the whole disk once,
# random rows run for $secs seconds over it (the same seed for every target).
run() {
    local target=$1 rw=$2 bs=$3 depth=$4 args
    case $target in
        raw) args=(--ioengine=io_uring --filename="$scratch/raw.img") ;;
        *) args=(--ioengine=nbd --uri="nbd+unix:///?socket=$scratch/$target.sock") ;;
    esac
    case $rw in
        rand*) args+=(--runtime="$secs" --time_based --randseed=7 --norandommap) ;;
    esac
    fio --name=b --rw="$rw" --bs="$bs" --iodepth="$depth" --size="${size_mb}M" "${args[@]}" \
        --output-format=json --output="$scratch/out.json" > /dev/null 2>&1 || { echo 0; return; }
    python3 -c 'import json, sys
j = json.load(open(sys.argv[1]))["jobs"][0]
print("%.1f" % ((j["read"]["bw"] + j["write"]["bw"]) / 1024.0))' "$scratch/out.json"
}

# median A B C
median() {
    printf '%s\n' "$@" | sort -g | sed -n 2p
}

printf '%-28s %10s %10s %10s %9s %9s\n' "row" "tapdisk" "qemu-nbd" "raw" "/qemu-nbd" "/raw"
# row NAME RW BS DEPTH REPS [fresh]: the three targets in turn, REPS times (the median is
# shown); with "fresh", on new empty images each time.
row() {
    local name=$1 rw=$2 bs=$3 depth=$4 reps=$5 a=() b=() c=() i
    for i in $(seq "$reps"); do
        [ "${6:-}" = fresh ] && [ "$i" -gt 1 ] && fresh
        a+=("$(run td "$rw" "$bs" "$depth")")
        b+=("$(run qn "$rw" "$bs" "$depth")")
        c+=("$(run raw "$rw" "$bs" "$depth")")
    done
    if [ "$reps" = 3 ]; then
        a=("$(median "${a[@]}")") b=("$(median "${b[@]}")") c=("$(median "${c[@]}")")
    fi
    awk -v n="$name" -v a="${a[0]}" -v b="${b[0]}" -v c="${c[0]}" 'BEGIN {
        printf "%-28s %10.1f %10.1f %10.1f %8.2fx %8.2fx\n", n, a, b, c,
            (b > 0 ? a / b : 0), (c > 0 ? a / c : 0) }'
}
row "seq 1M write QD1 (alloc)" write 1M 1 3 fresh
row "seq 1M write QD32" write 1M 32 3
row "seq 1M read QD1" read 1M 1 3
row "seq 1M read QD32" read 1M 32 3
row "rand 4K write QD1" randwrite 4k 1 3
row "rand 4K write QD32" randwrite 4k 32 3
row "rand 4K read QD1" randread 4k 1 3
row "rand 4K read QD32" randread 4k 32 3
kill -TERM $td $qn
wait $td $qn 2> /dev/null
"$vhd_util" check -n "$scratch/ours.vhd" > /dev/null || die "our image is not valid after the run"
echo "(MiB/s; fio $(fio --version | sed 's/fio-//') nbd engine for tapdisk and qemu-nbd" \
    "(--cache=writeback --aio=${BENCH_QEMU_AIO:-threads}), io_uring engine for raw; same dynamic VHD)"
