#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Benchmark: event-channel ping-pong between two domains, dom0 and a domU, both
# Debian's stock kernel, ours against Debian's Xen 4.17 in the same QEMU (TCG,
# -cpu Haswell-noTSX-IBRS, 2 GiB, dom0_mem=1024M, a 256 MiB domU with 1 vCPU),
# the same kernel and the same two initramfs images, whose /init is
# tests/boot/domu_bench.c. On ours the domU is started at boot from a multiboot
# module and offers its port on its console (dom0 reads the hypervisor's ring);
# on Xen 4.17 dom0 runs Debian's toolstack (xenstored, xen-init-dom0,
# xenconsoled, all from xen-utils-4.17, never installed on the host) and
# `xl create`s the domU, which offers its port in xenstore. dom0 measures the
# round trip (notify, wait for the answer) in three machines: one CPU (dom0 and
# the domU take turns on it: the hypervisor's own path, nothing waits for the
# host to schedule QEMU's other vCPU thread), two CPUs with dom0 on 1 vCPU, and
# with dom0 on 2; and in the same boot the round trip between two dom0
# processes (both pinned to vCPU 0).
# Medians of BENCH_RUNS boots, each figure the median of 5 batches of
# BENCH_ROUNDS round trips; ratio = ours / Xen 4.17, lower is better.
# BENCH_OURS_XL=1 adds a column: ours with the Xen 4.17 setup (Debian's toolstack
# in dom0 and `xl create`, as tests/boot/xl-create.test runs it). BENCH_BUILDDIR
# picks another build than build/default. Run by scripts/bench.
set -u
. "$(dirname "$0")/../lib.sh"
. "$srcdir/scripts/peers.sh"
builddir=${BENCH_BUILDDIR:-$build_root/default}

runs=${BENCH_RUNS:-3}
rounds=${BENCH_ROUNDS:-200}
make -C "$builddir" -s tests/boot/domu-bench > /dev/null || die "cannot build tests/boot/domu-bench"
ours=$builddir/xen/xen
[ -f "$ours" ] || die "$ours: not built"
real=$(peer_xen_image) || die "could not get Debian's xen-hypervisor-4.17-amd64 (apt-get download)"
peer_kernel || die "cannot get Debian's kernel"
pkg=$peer_kernel_pkg kdir=$peer_kernel_dir kernel=$peer_kernel
peer_toolstack || die "cannot get Debian's toolstack (xen-utils-4.17 and its libraries)"
bin=$peer_tool_bin libs=$peer_tool_libs
gcc_s=$(ldconfig -p | awk '/libgcc_s\.so\.1 .*x86-64/ { print $NF; exit }')
[ -f "$gcc_s" ] || die "no libgcc_s.so.1 (ldconfig -p)"

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-domu.XXXXXX")
trap 'rm -rf "$work"' EXIT
init=$builddir/tests/boot/domu-bench
"$srcdir/scripts/dom0-initramfs" "$init" "$kdir" "$work/domu.gz" || die "cannot make the domU's initramfs"
: > "$work/xl.conf"
tools=()
for t in xl xen-init-dom0 xenstored xenconsoled; do
    tools+=(--bin "$bin/$t=/usr/lib/xen-4.17/bin/$t")
done
"$srcdir/scripts/dom0-initramfs" --file "$gcc_s=/lib/x86_64-linux-gnu/libgcc_s.so.1" \
    --libdir /debian/lib --ld-path "$libs" "${tools[@]}" --file "$work/xl.conf=/etc/xen/xl.conf" \
    --file "$kernel=/boot/vmlinuz" --file "$work/domu.gz=/boot/domu-initrd.gz" \
    "$init" "$kdir" "$work/dom0.gz" || die "cannot make dom0's initramfs"

metrics=(evtchn_pingpong_domu evtchn_pingpong_dom0)
kargs="console=hvc0 loglevel=1 domubench_rounds=$rounds"

# measure NAME CPUS VCPUS: boot once a machine of CPUS CPUs, dom0 with VCPUS vCPUs,
# on ours (NAME ours*) or Xen 4.17; append to $work/NAME one line with each metric
# of $metrics in ns ("-" if missing).
measure() {
    local name=$1 cpus=$2 vcpus=$3 rc vals m v
    local args=(--smp "$cpus" --mem 2G --timeout 900 --kernel "$kernel" --initrd "$work/dom0.gz")
    case $name in
        xlours*) args=(--xen "$ours" "${args[@]}" --append "$kargs domubench=xl") ;;
        ours*)
            args=(--xen "$ours" "${args[@]}" --append "$kargs domubench=boot"
                  --module "$kernel domU mem=256M -- $kargs domubench=serve domubench_offer=console"
                  --module "$work/domu.gz domU-initrd") ;;
        *) args=(--xen "$real" "${args[@]}" --append "$kargs domubench=xl") ;;
    esac
    "$srcdir/scripts/xen-qemu" "${args[@]}" -- console=com1 com1=115200,8n1 dom0_mem=1024M \
        dom0_max_vcpus="$vcpus" > "$work/raw" 2>&1
    rc=$?
    tr -d '\r' < "$work/raw" | sed 's/\(.\)(d1) /\1\n(d1) /g' > "$work/log"
    cp "$work/log" "$builddir/bench-domu-$name.log" # the last boot's, for a look
    # Xen 4.17 powers off through ACPI S5, which QEMU reports as a plain stop (126).
    if { [ "$rc" != 0 ] && [ "$rc" != 126 ]; } || ! grep -q '^DOMUBENCH done$' "$work/log" ||
        grep -q '^DOMUBENCH failed' "$work/log"; then
        echo "    $name: the boot failed (xen-qemu status $rc); its log's end:" >&2
        grep -E '^(\(d1\) )?DOMUBENCH' "$work/log" | tail -n 40 | sed 's/^/    | /' >&2
        tail -n 15 "$work/log" | sed 's/^/    | /' >&2
        return 1
    fi
    metric_values 1 DOMUBENCH "$work/log" "${metrics[@]}" >> "$work/$name"
}

step "dom0 and a domU (Debian's $pkg) under QEMU TCG, ours and Xen 4.17, $runs boots each"
configs=("1 1" "2 1" "2 2") # CPUS VCPUS
for c in "${configs[@]}"; do
    for f in ours real xlours; do : > "$work/$f-${c// /-}"; done
done
for i in $(seq "$runs"); do
    for c in "${configs[@]}"; do
        measure "real-${c// /-}" $c || die "dom0 + xl domU failed on Xen 4.17 (log: above)"
        measure "ours-${c// /-}" $c || die "dom0 + boot-time domU failed on our hypervisor"
        [ "${BENCH_OURS_XL:-0}" = 1 ] || continue
        measure "xlours-${c// /-}" $c || echo "    (ours with Debian's xl failed: left out)" >&2
    done
done

# row NAME UNIT CONFIG COLUMN: ours, Xen 4.17, the ratio (and ours with xl, its ratio)
row() {
    local o r x
    o=$(median "$4" < "$work/ours-$3")
    r=$(median "$4" < "$work/real-$3")
    x=$(median "$4" < "$work/xlours-$3")
    awk -v name="$1" -v u="$2" -v o="$o" -v r="$r" -v x="$x" -v xl="${BENCH_OURS_XL:-0}" '
        function ratio(a, b) { return (a == "-" || b == "-" || b == 0) ? "-" : sprintf("%.2f", a / b) }
        BEGIN { printf "    %-38s %5s %10s %10s %7s", name, u, o, r, ratio(o, r)
                if (xl == 1) printf " %12s %7s", x, ratio(x, r)
                printf "\n" }'
}
printf '    %-38s %5s %10s %10s %7s' metric unit ours "Xen 4.17" ratio
[ "${BENCH_OURS_XL:-0}" = 1 ] && printf ' %12s %7s' "ours by xl" ratio
echo
for m in 1 2; do
    for c in "${configs[@]}"; do
        set -- $c
        row "evtchn $([ $m = 1 ] && echo 'dom0<->domU' || echo 'dom0<->dom0') $1 CPU, dom0 $2 vCPU" \
            ns "$1-$2" "$m"
    done
done
echo "    (ratio = ours / Xen 4.17, lower is better; medians of $runs boots, each figure the"
echo "     median of 5 batches of $rounds round trips; N CPU: QEMU's CPUs; the domU has"
echo "     1 vCPU; dom0<->dom0, a reference, is two dom0 processes on vCPU 0 in the same"
echo "     boots as dom0<->domU)"
