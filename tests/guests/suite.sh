# SPDX-License-Identifier: GPL-2.0-only
# Run every guest test kernel under one hypervisor image, one TAP case each.
# Sourced by ours.test and xen417.test after tests/lib.sh; expects GUEST_TESTS
# (the test names) in the environment and the kernels built in
# $top_builddir/tests/guests/NAME.elf. A test's source may ask for a machine
# with a comment line " * run-guest: OPTIONS -- XEN OPTIONS".

# run_suite IMAGE LABEL
run_suite() {
    local image=$1 label=$2 t rc line args opts xopts todo
    [ -n "${GUEST_TESTS:-}" ] || skip_all "GUEST_TESTS is empty (run through make check)"
    for t in $GUEST_TESTS; do
        elf=$top_builddir/tests/guests/$t.elf
        if [ ! -f "$elf" ]; then
            ok 1 "$label: $t: $elf was not built"
            continue
        fi
        args=$(sed -n 's/^ \* run-guest: //p' "$top_srcdir/tests/guests/tests/$t.c" | head -n 1)
        opts=${args%% -- *}
        xopts=
        case $args in *" -- "*) xopts=${args#* -- } ;; esac
        # shellcheck disable=SC2086 # the options are words
        line=$("$top_srcdir/tests/guests/run-guest" --xen "$image" --timeout 120 $opts \
            --log "$scratch/$t.log" "$elf" $xopts)
        rc=$?
        # A test on the GUEST_TESTS_TODO list (our hypervisor only) is known to
        # differ: its failure is expected (TAP TODO), its passing is an XPASS
        # that fails the run until the list is updated.
        todo=
        if [ "$label" = ours ] && [[ " ${GUEST_TESTS_TODO:-} " == *" $t "* ]]; then
            todo=" # TODO known to differ from Xen 4.17 (GUEST_TESTS_TODO in tests/guests/Makefile.inc)"
        fi
        case $rc in
        0) ok 0 "$label: $line$todo" ;;
        77) tap_n=$((tap_n + 1)); echo "ok $tap_n - $label: $t # SKIP ${line#* $t: }" ;;
        *)
            if [ -n "$todo" ]; then # an expected failure: not counted against the run
                tap_n=$((tap_n + 1))
                echo "not ok $tap_n - $label: $line$todo"
            else
                ok 1 "$label: $line"
            fi
            diag "$(tr -d '\r' < "$scratch/$t.log" | grep -v '^(XEN) ' | tail -n 30)"
            ;;
        esac
    done
    done_testing
}
