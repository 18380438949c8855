# SPDX-License-Identifier: GPL-2.0-only
# Shared by the blktap2 shell tests: paths of our tools and the qemu oracles.
. "$top_srcdir/tests/lib.sh"

VHD_UTIL=$top_builddir/tools/blktap2/vhd-util/vhd-util
VHD_WRITE=$top_builddir/tools/blktap2/tests/vhd_write_raw
TAPDISK=$top_builddir/tools/blktap2/tapdisk/tapdisk
TAP_CTL=$top_builddir/tools/blktap2/tap-ctl/tap-ctl
[ -x "$VHD_UTIL" ] || skip_all "vhd-util not built"

# need_qemu_img: skip the whole test without Debian's qemu-utils.
need_qemu_img() {
    command -v qemu-img > /dev/null || skip_all "qemu-img not installed (scripts/install-deps)"
}

# pattern FILE KB: a file of KB KiB of random bytes.
pattern() {
    head -c $(($2 * 1024)) /dev/urandom > "$1"
}

# same FILE1 FILE2: byte-identical.
same() {
    cmp -s "$1" "$2"
}

# sha FILE: content hash, to prove a read-only command wrote nothing.
sha() {
    sha256sum < "$1" | cut -d' ' -f1
}

# skip_one DESCRIPTION REASON: one case skipped (TAP "# SKIP").
skip_one() {
    tap_n=$((tap_n + 1))
    echo "ok $tap_n - $1 # SKIP $2"
}

# td_request PID LINE: send one control request to tapdisk PID, print its reply line.
td_request() {
    python3 - "$TAP_CTL_RUNDIR/tapdisk-$1.ctl" "$2" << 'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall((sys.argv[2] + "\n").encode())
print(s.makefile().readline().rstrip("\n"))
PY
}
