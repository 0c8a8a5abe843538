#!/bin/sh
# Install the mamori C library like a system library: header, static archive, shared library
# with its SONAME links, and pkg-config files (mamori.pc, mamori-static.pc).
#
# usage: [DESTDIR=/staging] [PREFIX=/usr/local] [LIBDIR=PREFIX/lib] [INCLUDEDIR=PREFIX/include] \
#            examples/c/install-mamori.sh [PREFIX] [PROFILE_DIR]
#        examples/c/install-mamori.sh --uninstall [PREFIX]
#   PREFIX       install prefix (default /usr/local); the first argument wins over $PREFIX
#   LIBDIR       e.g. PREFIX/lib/x86_64-linux-gnu or PREFIX/lib64 (default PREFIX/lib)
#   DESTDIR      staging root for packaging: files go to DESTDIR/PREFIX/..., while the paths
#                written into the .pc files are PREFIX/... (the final location)
#   PROFILE_DIR  directory holding libmamori.a/.so (default target/release; build it first
#                with `cargo build --release`)
#
# Installed (for ABI version 1, SONAME libmamori.so.0, crate version X.Y.Z):
#   INCLUDEDIR/mamori.h
#   LIBDIR/libmamori.a
#   LIBDIR/libmamori.so.0.X.Y.Z             the shared library (SONAME libmamori.so.0)
#   LIBDIR/libmamori.so.0 -> libmamori.so.0.X.Y.Z   (what programs load at run time)
#   LIBDIR/libmamori.so   -> libmamori.so.0       (what `-lmamori` finds at link time)
#   LIBDIR/pkgconfig/mamori.pc, mamori-static.pc
#
# Afterwards: cc app.c $(pkg-config --cflags --libs mamori)           (shared)
#             cc app.c $(pkg-config --cflags --libs mamori-static)    (static archive)
# (set PKG_CONFIG_PATH=LIBDIR/pkgconfig if LIBDIR is not on pkg-config's default path)
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
uninstall=0
if [ "${1:-}" = "--uninstall" ]; then
    uninstall=1
    shift
fi
prefix=${1:-${PREFIX:-/usr/local}}
profile=${2:-$here/target/release}
libdir=${LIBDIR:-$prefix/lib}
includedir=${INCLUDEDIR:-$prefix/include}
destdir=${DESTDIR:-}
version=$(sed -n 's/^version *= *"\(.*\)"/\1/p' "$here/Cargo.toml" | head -n 1)
abi=$(sed -n 's/^pub const MAMORI_ABI_VERSION: u32 = \([0-9]*\);/\1/p' "$here/src/ffi/mod.rs")
somajor=$((abi - 1))
soname=libmamori.so.$somajor
real=$soname.$version
# rustc --print native-static-libs (x86_64/aarch64 Linux, glibc).
native_libs="-lpthread -ldl -lm -lrt -lutil -lgcc_s"

L=$destdir$libdir
I=$destdir$includedir
if [ "$uninstall" = 1 ]; then
    rm -f "$I/mamori.h" "$L/libmamori.a" "$L/libmamori.so" "$L/$soname" "$L/$real" \
        "$L/pkgconfig/mamori.pc" "$L/pkgconfig/mamori-static.pc"
    echo "removed mamori $version from $destdir$prefix"
    exit 0
fi

for f in libmamori.a libmamori.so; do
    [ -f "$profile/$f" ] || { echo "missing $profile/$f: run cargo build --release" >&2; exit 1; }
done
if command -v readelf >/dev/null 2>&1; then
    built=$(readelf -d "$profile/libmamori.so" | sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p')
    [ "$built" = "$soname" ] || {
        echo "$profile/libmamori.so has SONAME '$built', expected $soname (stale build?)" >&2
        exit 1
    }
fi
mkdir -p "$L/pkgconfig" "$I"
cp "$here/include/mamori.h" "$I/mamori.h"
cp "$profile/libmamori.a" "$L/libmamori.a"
rm -f "$L/$real" "$L/$soname" "$L/libmamori.so"
cp "$profile/libmamori.so" "$L/$real"
ln -s "$real" "$L/$soname"
ln -s "$soname" "$L/libmamori.so"
chmod 644 "$I/mamori.h" "$L/libmamori.a"
chmod 755 "$L/$real"
for pc in mamori mamori-static; do
    sed -e "s|@PREFIX@|$prefix|g" -e "s|@LIBDIR@|$libdir|g" -e "s|@INCLUDEDIR@|$includedir|g" \
        -e "s|@VERSION@|$version|g" -e "s|@NATIVE_LIBS@|$native_libs|g" \
        "$here/$pc.pc.in" > "$L/pkgconfig/$pc.pc"
    chmod 644 "$L/pkgconfig/$pc.pc"
done
echo "installed mamori $version ($soname) under $destdir$prefix"
