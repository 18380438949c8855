# SPDX-License-Identifier: GPL-2.0-only
# Shared by scripts/check, scripts/demo and scripts/bench: where the tree and the
# build are, progress messages, and configure-and-build.

srcdir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Each configuration has its own build directory (build/default, build/sanitize).
build_root=${XEN_BUILD_ROOT:-$srcdir/build}
builddir=$build_root/default
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}

# step MESSAGE: a progress line people can follow.
step() {
    printf '\n==> %s\n' "$*"
}

# median COLUMN < FILE: the median of that column's numbers, "-" if none (benchmarks:
# one line per run, "-" where a run had no figure).
median() {
    awk -v c="$1" '$c != "-" { print $c }' | sort -g |
        awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2];
                                  else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# metric_values FIELD TAG LOG NAME...: for each NAME, the number on LOG's first
# line whose fields FIELD.. are "TAG NAME NUMBER" ("-" if none), on one line.
# Benchmark guests print such lines; FIELD skips a prefix such as a timestamp.
metric_values() {
    local f=$1 tag=$2 log=$3
    shift 3
    awk -v f="$f" -v tag="$tag" -v names="$*" '
        BEGIN { n = split(names, name, " ") }
        $f == tag && $(f + 2) ~ /^[0-9]+$/ && !($(f + 1) in val) { val[$(f + 1)] = $(f + 2) }
        END { for (k = 1; k <= n; k++) printf "%s%s", (k > 1 ? " " : ""), ((name[k] in val) ? val[name[k]] : "-"); print "" }' "$log"
}

die() {
    echo "$(basename "$0"): $*" >&2
    exit 1
}

# build VARIANT [CONFIGURE ARGS...]: (re)generate, configure when the arguments
# changed, and build in $build_root/VARIANT, which becomes $builddir.
build() {
    builddir=$build_root/$1
    shift
    local args="$*"
    if [ ! -x "$srcdir/configure" ] || [ "$srcdir/configure.ac" -nt "$srcdir/configure" ] \
       || [ -n "$(find "$srcdir" -name 'Makefile.inc' -newer "$srcdir/configure" -o \
                  -name Makefile.am -newer "$srcdir/configure" 2>/dev/null | head -n 1)" ]; then
        step "Generating the build system (autogen.sh)"
        (cd "$srcdir" && ./autogen.sh > /dev/null 2>&1) || die "autogen.sh failed"
    fi
    mkdir -p "$builddir"
    if [ ! -f "$builddir/Makefile" ] || [ "$(cat "$builddir/.configure-args" 2>/dev/null)" != "$args" ]; then
        step "Configuring in $builddir ($args)"
        (cd "$builddir" && "$srcdir/configure" $args > configure.log 2>&1) || {
            tail -n 20 "$builddir/configure.log" >&2
            die "configure failed (full log: $builddir/configure.log)"
        }
        echo "$args" > "$builddir/.configure-args"
    fi
    step "Building (make -j$jobs)"
    make -C "$builddir" -j"$jobs" > "$builddir/make.log" 2>&1 || {
        tail -n 30 "$builddir/make.log" >&2
        die "build failed (full log: $builddir/make.log)"
    }
}
