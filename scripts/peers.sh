# SPDX-License-Identifier: GPL-2.0-only
# Real Xen and friends as peers, from Debian's packages: downloaded with
# `apt-get download` and unpacked into a cache, never installed on the host.
# Source it after lib.sh.

peers_dir=${XEN_PEERS_DIR:-$build_root/peers}

# peer_unpack PACKAGE: download PACKAGE's .deb once and unpack it under
# $peers_dir/PACKAGE; prints that directory.
peer_unpack() {
    local pkg=$1 dir=$peers_dir/$1
    if [ ! -f "$dir/.unpacked" ]; then
        mkdir -p "$peers_dir/debs" "$dir"
        (cd "$peers_dir/debs" && ls "${pkg}"_*.deb > /dev/null 2>&1 ||
            apt-get download -q "$pkg" > /dev/null 2>&1 ||
            { apt-get update -q > /dev/null 2>&1 && apt-get download -q "$pkg" > /dev/null 2>&1; }) ||
            { echo "cannot download Debian package $pkg" >&2; return 1; }
        dpkg-deb -x "$(ls "$peers_dir/debs/${pkg}"_*.deb | head -n 1)" "$dir" || return 1
        touch "$dir/.unpacked"
    fi
    echo "$dir"
}

# peer_xen_image: the real Xen 4.17 hypervisor as an ELF QEMU's -kernel boots.
peer_xen_image() {
    local dir img
    dir=$(peer_unpack xen-hypervisor-4.17-amd64) || return 1
    img=$peers_dir/xen-4.17-amd64
    if [ ! -f "$img" ]; then
        gzip -dc "$(ls "$dir"/boot/xen-4.17*-amd64.gz | head -n 1)" > "$img.tmp" && mv "$img.tmp" "$img" ||
            return 1
    fi
    echo "$img"
}

# peer_kernel: Debian's stock kernel, the package linux-image-amd64 depends on now,
# unpacked: sets peer_kernel_pkg, peer_kernel_dir and peer_kernel (its vmlinuz).
# Returns 1, saying why, if it cannot.
peer_kernel() {
    peer_kernel_pkg=$(apt-cache depends linux-image-amd64 2> /dev/null |
        awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
    [ -n "$peer_kernel_pkg" ] || { echo "cannot resolve linux-image-amd64 (apt-get update?)" >&2; return 1; }
    peer_kernel_dir=$(peer_unpack "$peer_kernel_pkg") || return 1
    peer_kernel=$(ls "$peer_kernel_dir"/boot/vmlinuz-* 2> /dev/null | head -n 1)
    [ -n "$peer_kernel" ] || { echo "no vmlinuz in $peer_kernel_pkg" >&2; return 1; }
}

# peer_toolstack: Debian's xl, xenstored, xenconsoled, ... (xen-utils-4.17) and every
# library they load, unpacked: sets peer_tool_bin (their directory) and peer_tool_libs
# (LD_LIBRARY_PATH for them). Returns 1, saying why, if it cannot.
peer_toolstack() {
    local p d
    peer_tool_libs=
    for p in xen-utils-4.17 libxenmisc4.17 libxenstore4 libxentoolcore1 libxentoollog1 libxencall1 \
        libxenevtchn1 libxengnttab1 libxenforeignmemory1 libxendevicemodel1 libxenhypfs1 libyajl2; do
        d=$(peer_unpack "$p") || return 1
        [ "$p" = xen-utils-4.17 ] && peer_tool_bin=$d/usr/lib/xen-4.17/bin
        peer_tool_libs=$peer_tool_libs${peer_tool_libs:+:}$d/usr/lib/x86_64-linux-gnu:$d/lib/x86_64-linux-gnu
    done
}
