#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Benchmark: Debian's stock kernel as dom0, ours against Debian's Xen 4.17 in the
# same QEMU (TCG, -cpu Haswell-noTSX-IBRS, 2 CPUs, dom0 with 2 vCPUs and the same
# dom0_mem), same kernel, same initramfs, whose /init is tests/boot/dom0_bench.c:
# time from QEMU's start to /init's first line (host clock) and the kernel's own
# uptime then; in dom0 user space, getppid, a fresh page's first write, a
# copy-on-write fault, fork+exec+wait, and event-channel ping-pong between two
# dom0 processes over an interdomain channel from dom0 to itself (ping-pong
# between dom0 and a domU, with Debian's toolstack on Xen 4.17: scripts/bench.d/domu.sh).
# Xen 4.17 also runs with its speculation mitigations off (we have no XPTI).
# Medians of BENCH_RUNS boots each; ratio = ours / Xen 4.17, lower is better.
# BENCH_ICOUNT=1 runs every boot with QEMU's -icount shift=0,sleep=off: one
# instruction is one virtual nanosecond and idle time is skipped, so the kernel's
# uptime and the in-guest figures count instructions, whatever the host's load
# (the host time to /init then measures QEMU's slower, instruction-counting run).
# Run by scripts/bench, which has built build/default (BENCH_BUILDDIR overrides it).
set -u
. "$(dirname "$0")/../lib.sh"
. "$srcdir/scripts/peers.sh"
builddir=${BENCH_BUILDDIR:-$build_root/default}

runs=${BENCH_RUNS:-5}
make -C "$builddir" -s tests/boot/dom0-bench > /dev/null || die "cannot build tests/boot/dom0-bench"
ours=$builddir/xen/xen
[ -f "$ours" ] || die "$ours: not built"
real=$(peer_xen_image) || die "could not get Debian's xen-hypervisor-4.17-amd64 (apt-get download)"
peer_kernel || die "cannot get Debian's kernel"
pkg=$peer_kernel_pkg kdir=$peer_kernel_dir kernel=$peer_kernel
work=$(mktemp -d "${TMPDIR:-/tmp}/bench-dom0.XXXXXX")
trap 'rm -rf "$work"' EXIT
"$srcdir/scripts/dom0-initramfs" "$builddir/tests/boot/dom0-bench" "$kdir" "$work/initrd.gz" ||
    die "cannot make the initramfs"

metrics=(syscall_getppid fault_anon fault_cow fork_exec_wait evtchn_pingpong_1cpu evtchn_pingpong_2cpu)
xen_args=(console=com1 com1=115200,8n1 dom0_mem=1024M dom0_max_vcpus=2)
no_mitigations=(xpti=false spec-ctrl=no pv-l1tf=false)
qemu_args=()
timeout=600
if [ "${BENCH_ICOUNT:-0}" = 1 ]; then
    qemu_args=(--qemu-arg=-icount --qemu-arg=shift=0,sleep=off)
    timeout=3600 # one vCPU at a time, no multi-threaded TCG: several times slower
fi

# measure NAME IMAGE [XEN OPTIONS...]: boot once; append to $work/NAME one line
# "first_ms boot_ms METRIC-NS..." (host ms from QEMU's start to /init's first
# line, the kernel's uptime then in ms, then each metric of $metrics in ns).
measure() {
    local name=$1 image=$2 start rc line vals m v
    shift 2
    start=$EPOCHREALTIME
    "$srcdir/scripts/xen-qemu" --xen "$image" --smp 2 --mem 2G --timeout "$timeout" "${qemu_args[@]}" \
        --kernel "$kernel" --initrd "$work/initrd.gz" --append "console=hvc0 earlyprintk=xen" \
        -- "${xen_args[@]}" "$@" 2>&1 |
        while IFS= read -r line; do printf '%s %s\n' "$EPOCHREALTIME" "${line//$'\r'/}"; done > "$work/log"
    rc=${PIPESTATUS[0]}
    cp "$work/log" "$builddir/bench-dom0-$name.log" # the last boot's, for a look
    line=$(grep -m 1 ' DOM0BENCH start boot_ns ' "$work/log")
    # Xen 4.17 powers off through ACPI S5, which QEMU reports as a plain stop (126).
    if { [ "$rc" != 0 ] && [ "$rc" != 126 ]; } || [ -z "$line" ] ||
        ! grep -q ' DOM0BENCH done$' "$work/log"; then
        echo "    $name: the boot failed (xen-qemu status $rc); its log's end:" >&2
        tail -n 25 "$work/log" | cut -d' ' -f2- | sed 's/^/    | /' >&2
        return 1
    fi
    vals=$(awk -v s="$start" '{ printf "%.0f %.0f", ($1 - s) * 1000, $5 / 1e6 }' <<< "$line")
    vals="$vals $(metric_values 2 DOM0BENCH "$work/log" "${metrics[@]}")"
    echo "$vals" >> "$work/$name"
}

step "dom0 (Debian's $pkg) under QEMU TCG${qemu_args[*]:+ with -icount shift=0,sleep=off}, ours and Xen 4.17, $runs boots each"
: > "$work/ours"
: > "$work/real"
: > "$work/nomit"
for i in $(seq "$runs"); do
    measure real "$real" || die "dom0 failed on Xen 4.17 (log: above)"
    measure nomit "$real" "${no_mitigations[@]}" ||
        die "dom0 failed on Xen 4.17 (${no_mitigations[*]})"
    measure ours "$ours" || die "dom0 failed on our hypervisor"
done

names=("QEMU start to dom0 /init (host)" "dom0 kernel uptime at /init"
       "syscall (getppid)" "page fault, fresh anon page" "page fault, COW after fork"
       "fork+exec+wait" "evtchn ping-pong dom0<->dom0, 1 vCPU"
       "evtchn ping-pong dom0<->dom0, 2 vCPUs")
units=(ms ms ns ns ns ns ns ns)
printf '    %-38s %5s %10s %10s %7s %12s %7s\n' metric unit ours "Xen 4.17" ratio "4.17 no-mit" ratio
for c in $(seq ${#names[@]}); do
    o=$(median "$c" < "$work/ours")
    r=$(median "$c" < "$work/real")
    n=$(median "$c" < "$work/nomit")
    awk -v name="${names[$((c - 1))]}" -v u="${units[$((c - 1))]}" -v o="$o" -v r="$r" -v n="$n" '
        function ratio(a, b) { return (a == "-" || b == "-" || b == 0) ? "-" : sprintf("%.2f", a / b) }
        BEGIN { printf "    %-38s %5s %10s %10s %7s %12s %7s\n", name, u, o, r, ratio(o, r), n, ratio(o, n) }'
done
echo "    (ratio = ours / Xen 4.17, lower is better; medians of $runs boots; in-guest figures"
echo "     are per operation, each the median of 5 batches; the event-channel ping-pong is"
echo "     between two dom0 processes over an interdomain channel dom0<->dom0 on both"
echo "     hypervisors; \`scripts/bench domu' measures it between dom0 and a domU)"
