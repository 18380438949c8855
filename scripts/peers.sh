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
