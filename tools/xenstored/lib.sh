# SPDX-License-Identifier: GPL-2.0-only
# Shared by the xenstored tests: start our daemon on a socket in $scratch,
# stop it, and find Debian's xenstore clients (unpacked, never installed).

xsd=$top_builddir/tools/xenstored/xenstored
xsbin=$top_builddir/tools/xenstore

# xsd_start [OPTIONS...]: start the daemon in the foreground on $XENSTORED_PATH.
xsd_start() {
    export XENSTORED_PATH=$scratch/socket
    # A socket left by the previous daemon would look ready before this one listens.
    rm -f "$XENSTORED_PATH"
    "$xsd" --no-fork --socket "$XENSTORED_PATH" --no-rings --log-file "$scratch/xenstored.log" \
        "$@" &
    xsd_pid=$!
    local i
    for i in $(seq 100); do
        [ -S "$XENSTORED_PATH" ] && return 0
        sleep 0.05
    done
    return 1
}

# xsd_stop: stop it (SIGTERM) and check it exited cleanly (sanitizers included).
xsd_stop() {
    [ -n "${xsd_pid:-}" ] || return 0
    kill -TERM "$xsd_pid" 2> /dev/null
    wait "$xsd_pid"
    local rc=$?
    xsd_pid=
    return $rc
}

# debian_clients: sets deb_bin and deb_lib to Debian's xenstore-utils and
# libxenstore4 unpacked in the peers cache; fails when they cannot be had.
debian_clients() {
    . "$top_srcdir/scripts/lib.sh"
    if [ -z "${XEN_PEERS_DIR:-}" ]; then
        if [ -f "$top_srcdir/build/peers/xenstore-utils/.unpacked" ] &&
           [ -f "$top_srcdir/build/peers/libxenstore4/.unpacked" ]; then
            XEN_PEERS_DIR=$top_srcdir/build/peers
        else
            XEN_PEERS_DIR=$top_builddir/peers
        fi
    fi
    . "$top_srcdir/scripts/peers.sh"
    local u l c
    u=$(peer_unpack xenstore-utils) && l=$(peer_unpack libxenstore4) &&
        c=$(peer_unpack libxentoolcore1) || return 1
    deb_bin=$u/usr/bin
    deb_lib=$l/usr/lib/x86_64-linux-gnu:$c/usr/lib/x86_64-linux-gnu
}
