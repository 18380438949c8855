#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Benchmark: the PV guest path, ours against Debian's Xen 4.17 in the same QEMU
# (TCG): time from machine reset to the first dom0 instruction (the guest's TSC
# at entry) and a null hypercall's cost in TSC cycles (xen_version), both
# reported by the tests/guests/bench_hypercall kernel. Xen 4.17 runs twice: as
# shipped (XPTI and the other speculation mitigations on for a PV dom0, which
# we do not have) and with them off, the like-for-like figure. Run by scripts/bench.
set -u
. "$(dirname "$0")/../lib.sh"
. "$srcdir/scripts/peers.sh"
builddir=$build_root/default

runs=${BENCH_RUNS:-5}
make -C "$builddir" -s tests/guests/bench_hypercall.elf > /dev/null || die "cannot build the benchmark kernel"
elf=$builddir/tests/guests/bench_hypercall.elf
ours=$builddir/xen/xen
real=$(peer_xen_image) || die "could not get Debian's xen-hypervisor-4.17-amd64 (apt-get download)"

# measure IMAGE FILE [XEN OPTIONS...]: append "first_ms cycles" to FILE; status 2
# when the hypervisor cannot run a PV dom0 yet, 1 on any other failure.
measure() {
    local image=$1 file=$2 log verdict rc first cycles
    shift 2
    log=$(mktemp)
    verdict=$("$srcdir/tests/guests/run-guest" --xen "$image" --timeout 120 --log "$log" "$elf" "$@")
    rc=$?
    first=$(tr -d '\r' < "$log" | awk '$1 == "BENCH" && $2 == "first_instruction" { print $3 }')
    cycles=$(tr -d '\r' < "$log" | awk '$1 == "BENCH" && $2 == "null_hypercall" { print $3 }')
    rm -f "$log"
    [ "$rc" = 77 ] && { echo "    $verdict" >&2; return 2; }
    [ "$rc" = 0 ] && [ -n "$first" ] && [ -n "$cycles" ] || { echo "    $verdict" >&2; return 1; }
    echo "$first $cycles" >> "$file"
}

median() { # COLUMN < FILE
    awk -v c="$1" '{ print $c }' | sort -g |
        awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

step "PV guest path under QEMU TCG, $runs runs each"
: > "$builddir/bench-hc-ours"
: > "$builddir/bench-hc-real"
: > "$builddir/bench-hc-real-nomit"
no_mitigations=(xpti=false spec-ctrl=no pv-l1tf=false)
ours_ok=yes
for i in $(seq "$runs"); do
    measure "$real" "$builddir/bench-hc-real" || die "the benchmark kernel failed on Xen 4.17"
    measure "$real" "$builddir/bench-hc-real-nomit" "${no_mitigations[@]}" ||
        die "the benchmark kernel failed on Xen 4.17 (${no_mitigations[*]})"
    if [ $ours_ok = yes ]; then
        measure "$ours" "$builddir/bench-hc-ours"
        case $? in 0) ;; 2) ours_ok=no ;; *) die "the benchmark kernel failed on our hypervisor" ;; esac
    fi
done
r_first=$(median 1 < "$builddir/bench-hc-real")
r_cyc=$(median 2 < "$builddir/bench-hc-real")
printf '    %-38s %10s ms\n' "Xen 4.17: reset to first dom0 insn" "$r_first"
printf '    %-38s %10s cycles\n' "Xen 4.17: null hypercall" "$r_cyc"
n_cyc=$(median 2 < "$builddir/bench-hc-real-nomit")
printf '    %-38s %10s cycles\n' "Xen 4.17, mitigations off: null hcall" "$n_cyc"
if [ $ours_ok = no ]; then
    echo "    ours: not measured: the hypervisor has no PV domain builder yet (no ratio)"
    exit 0
fi
o_first=$(median 1 < "$builddir/bench-hc-ours")
o_cyc=$(median 2 < "$builddir/bench-hc-ours")
printf '    %-38s %10s ms\n' "ours: reset to first dom0 insn" "$o_first"
printf '    %-38s %10s cycles\n' "ours: null hypercall" "$o_cyc"
awk -v r="$r_first" -v o="$o_first" 'BEGIN { printf "    ratio first insn (Xen 4.17 / ours)  %8.2fx\n", r / o }'
awk -v r="$r_cyc" -v o="$o_cyc" 'BEGIN { printf "    ratio null hypercall (Xen 4.17 / ours) %6.2fx\n", r / o }'
awk -v r="$n_cyc" -v o="$o_cyc" \
    'BEGIN { printf "    ratio null hypercall, mitigations off (Xen 4.17 / ours) %6.2fx\n", r / o }'
