#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Benchmark: xenstore. Off Xen no real daemon can run as a peer (Debian's C
# xenstored segfaults on its first request, oxenstored cannot set its
# rlimits), so the peers here are Debian's client side, on OUR daemon:
#  1. request throughput and latency through Debian's libxenstore.so.4 vs ours
#     (the same load generator binary, the library swapped by soname), for
#     read, write, directory and transaction with 1, 16 and 256 clients;
#  2. Debian's xenstore-read process per request vs ours;
#  3. our daemon's memory per node with BENCH_NODES (default 1,000,000) nodes.
# A ratio above 1 means ours is faster. Daemon-vs-daemon numbers need a dom0
# under the real Xen in QEMU, which this script does not do.
set -u
. "$(dirname "$0")/../lib.sh"
. "$srcdir/scripts/peers.sh"
builddir=$build_root/default

secs=${BENCH_SECONDS:-2}
nodes=${BENCH_NODES:-1000000}
xsd=$builddir/tools/xenstored/xenstored
gen=$builddir/tools/xenstored/.libs/xs_bench
[ -x "$gen" ] || gen=$builddir/tools/xenstored/xs_bench
ourlib=$builddir/tools/libs/store/.libs
[ -x "$xsd" ] && [ -x "$gen" ] || die "xenstored or xs_bench not built in $builddir"
u=$(peer_unpack xenstore-utils) && l=$(peer_unpack libxenstore4) && c=$(peer_unpack libxentoolcore1) ||
    die "could not get Debian's xenstore-utils/libxenstore4 (apt-get download)"
deblib=$l/usr/lib/x86_64-linux-gnu:$c/usr/lib/x86_64-linux-gnu

work=$(mktemp -d)
trap 'kill $dpid 2> /dev/null; rm -rf "$work"' EXIT
export XENSTORED_PATH=$work/socket
"$xsd" --no-fork --socket "$XENSTORED_PATH" --no-rings --log-file "$work/log" &
dpid=$!
for i in $(seq 100); do [ -S "$XENSTORED_PATH" ] && break; sleep 0.05; done

step "Requests through libxenstore on our daemon, ${secs}s each (ops/s, mean latency)"
printf '    %-12s %7s %14s %14s %14s %14s %7s\n' op clients "Debian ops/s" "ours ops/s" \
    "Debian us" "ours us" ratio
for op in read write directory transaction; do
    for n in 1 16 256; do
        d=$(LD_LIBRARY_PATH=$deblib "$gen" "$op" "$n" "$secs") || die "xs_bench $op $n (Debian's library) failed"
        o=$(LD_LIBRARY_PATH=$ourlib "$gen" "$op" "$n" "$secs") || die "xs_bench $op $n (our library) failed"
        set -- $d
        d_ops=$1 d_lat=$2
        set -- $o
        o_ops=$1 o_lat=$2
        awk -v op="$op" -v n="$n" -v a="$d_ops" -v b="$o_ops" -v la="$d_lat" -v lb="$o_lat" \
            'BEGIN { printf "    %-12s %7d %14.0f %14.0f %14.1f %14.1f %6.2fx\n", op, n, a, b, la, lb, b / a }'
    done
done

step "One process per request: 200 x xenstore-read"
"$builddir/tools/xenstore/xenstore-write" /bench/one value
t0=$(date +%s%N)
for i in $(seq 200); do LD_LIBRARY_PATH=$deblib "$u/usr/bin/xenstore-read" /bench/one > /dev/null; done
t1=$(date +%s%N)
for i in $(seq 200); do LD_LIBRARY_PATH=$ourlib "$builddir/tools/xenstore/.libs/xenstore" read /bench/one > /dev/null; done
t2=$(date +%s%N)
awk -v a=$((t1 - t0)) -v b=$((t2 - t1)) 'BEGIN {
    printf "    Debian xenstore-read  %8.1f ms each\n    ours                  %8.1f ms each\n    ratio (Debian / ours) %8.2fx\n",
        a / 200e6, b / 200e6, a / b }'

step "Memory of our daemon with $nodes nodes (no peer daemon runs on this host)"
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$dpid/status"; }
before=$(rss)
t0=$(date +%s%N)
LD_LIBRARY_PATH=$ourlib "$gen" fill "$nodes" 16 || die "filling $nodes nodes failed"
t1=$(date +%s%N)
after=$(rss)
awk -v a="$before" -v b="$after" -v n="$nodes" -v t=$((t1 - t0)) 'BEGIN {
    printf "    RSS %d kB -> %d kB: %.0f bytes per node (path /fill/dNNN/nNNNNNN, 13-byte value)\n", a, b, (b - a) * 1024 / n
    printf "    filled at %.0f writes/s with 16 clients\n", n / (t / 1e9) }'
