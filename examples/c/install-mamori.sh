#!/bin/sh
# Install the mamori C library, header and pkg-config file.
#
# usage: examples/c/install-mamori.sh [PREFIX] [PROFILE_DIR]
#   PREFIX       install prefix (default /usr/local)
#   PROFILE_DIR  directory holding libmamori.a/.so (default target/release; build it first
#                with `cargo build --release`)
#
# Afterwards: cc app.c $(pkg-config --cflags --libs mamori)
# (set PKG_CONFIG_PATH=$PREFIX/lib/pkgconfig if PREFIX is not on pkg-config's default path)
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
prefix=${1:-/usr/local}
profile=${2:-$here/target/release}
version=$(sed -n 's/^version *= *"\(.*\)"/\1/p' "$here/Cargo.toml" | head -n 1)
libdir=$prefix/lib
includedir=$prefix/include

for f in libmamori.a libmamori.so; do
    [ -f "$profile/$f" ] || { echo "missing $profile/$f: run cargo build --release" >&2; exit 1; }
done
mkdir -p "$libdir/pkgconfig" "$includedir"
cp "$here/include/mamori.h" "$includedir/mamori.h"
cp "$profile/libmamori.a" "$libdir/libmamori.a"
cp "$profile/libmamori.so" "$libdir/libmamori.so"
chmod 644 "$includedir/mamori.h" "$libdir/libmamori.a"
chmod 755 "$libdir/libmamori.so"
sed -e "s|@PREFIX@|$prefix|g" -e "s|@LIBDIR@|$libdir|g" -e "s|@INCLUDEDIR@|$includedir|g" \
    -e "s|@VERSION@|$version|g" "$here/mamori.pc.in" > "$libdir/pkgconfig/mamori.pc"
echo "installed mamori $version under $prefix"
