#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Benchmark: hypervisor early boot under QEMU TCG, ours against Debian's Xen 4.17.
# Run by scripts/bench, which has built build/default.
set -u
. "$(dirname "$0")/../lib.sh"
. "$srcdir/scripts/peers.sh"
builddir=$build_root/default

runs=${BENCH_RUNS:-10}

ours=$builddir/xen/xen
real=$(peer_xen_image) || die "could not get Debian's xen-hypervisor-4.17-amd64 (apt-get download)"

# boot_time IMAGE PATTERN: seconds from starting QEMU until the serial console
# shows a line containing PATTERN; the machine is then stopped.
boot_time() {
    local fifo t0 t1= pid line
    fifo=$(mktemp -u) && mkfifo "$fifo" || return 1
    t0=$(date +%s%N)
    setsid "$srcdir/scripts/xen-qemu" --xen "$1" --smp 1 --mem 512M --timeout 60 \
        -- console=com1 noreboot > "$fifo" 2> /dev/null &
    pid=$!
    while IFS= read -r line; do
        case $line in *"$2"*) t1=$(date +%s%N); break ;; esac
    done < "$fifo"
    kill -TERM -- -"$pid" 2> /dev/null
    wait "$pid" 2> /dev/null
    rm -f "$fifo"
    [ -n "$t1" ] || { echo "no '$2' line from $1" >&2; return 1; }
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f\n", (b - a) / 1e9 }'
}

median() {
    sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

step "Early boot under QEMU TCG, $runs runs each, interleaved"
cat <<'TXT'
    ours: QEMU start to "Machine shutting down" (booted, parsed the loader's data
    and options, reported them). Xen 4.17: QEMU start to its panic for want of a
    dom0 kernel, which comes after its early platform setup. Same QEMU, same flags.
TXT
: > "$builddir/bench-ours" ; : > "$builddir/bench-real"
for i in $(seq "$runs"); do
    boot_time "$ours" "Machine shutting down" >> "$builddir/bench-ours" || die "our hypervisor did not stop"
    boot_time "$real" "Panic on CPU" >> "$builddir/bench-real" || die "Xen 4.17 did not stop as expected"
done
m_ours=$(median < "$builddir/bench-ours")
m_real=$(median < "$builddir/bench-real")
printf '    %-28s %8.3f s (median of %d)\n' "ours: boot to power-off" "$m_ours" "$runs"
printf '    %-28s %8.3f s (median of %d)\n' "Xen 4.17: boot to panic" "$m_real" "$runs"
awk -v r="$m_real" -v o="$m_ours" 'BEGIN { printf "    ratio (Xen 4.17 / ours)      %8.2fx\n", r / o }'
