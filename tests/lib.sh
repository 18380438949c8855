# SPDX-License-Identifier: GPL-2.0-only
# Shared helpers for shell tests: TAP output, skipping, temporary directories.
# Source it; it expects top_srcdir and top_builddir in the environment.

: "${top_srcdir:?top_srcdir not set}"
: "${top_builddir:?top_builddir not set}"

tap_n=0
tap_failed=0

# ok COND_STATUS DESCRIPTION: record one test case from a command's status.
ok() {
    tap_n=$((tap_n + 1))
    if [ "$1" = 0 ]; then
        echo "ok $tap_n - $2"
    else
        echo "not ok $tap_n - $2"
        tap_failed=$((tap_failed + 1))
    fi
}

# todo COND_STATUS DESCRIPTION REASON: a case that is known not to work yet (TAP
# "# TODO": Automake counts its failure as XFAIL, and its passing as XPASS, an
# error, so the marker goes when the work is done).
todo() {
    tap_n=$((tap_n + 1))
    if [ "$1" = 0 ]; then
        echo "ok $tap_n - $2 # TODO $3"
    else
        echo "not ok $tap_n - $2 # TODO $3"
    fi
}

# check DESCRIPTION COMMAND...: run COMMAND, record its success.
check() {
    local desc=$1
    shift
    "$@"
    ok $? "$desc"
}

diag() {
    sed 's/^/# /' <<< "$*"
}

# skip_all REASON: the whole script is skipped (TAP plan 1..0).
skip_all() {
    echo "1..0 # SKIP $*"
    exit 0
}

done_testing() {
    echo "1..$tap_n"
    [ "$tap_failed" = 0 ]
}

# A scratch directory removed on exit.
scratch=$(mktemp -d "${TMPDIR:-/tmp}/xentest.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
