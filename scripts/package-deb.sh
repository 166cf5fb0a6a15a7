#!/usr/bin/env bash
# Builds tgc (as scripts/setup.sh does) and packs the installed layout --
# bin/ (tgc, tgc-run, tgc-opt), lib/ (libtgrt.so, libtgrt.a), include/tgrt/
# and lib/cmake/tgc/ under /usr -- into a Debian package with CPack. Its
# library dependencies come from the binaries (dpkg-shlibdeps).
#
#   scripts/package-deb.sh [--no-build] [OUTPUT_DIR]   (default: the build folder)
#
# --no-build packs the build folder as it is (no apt, no ninja): the test
# suite uses it (test/install/deb-package.test).
#
# Prints the path of the .deb as its last line. Install it with
# `apt-get install ./tgc_<version>_amd64.deb`; then find_package(tgc) works
# in any CMake project (see examples/installed).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
if [ "${1:-}" = "--no-build" ]; then
  shift
else
  tgc_install_packages
  # dpkg-shlibdeps comes with dpkg-dev.
  command -v dpkg-shlibdeps >/dev/null 2>&1 || tgc_apt_install dpkg-dev
  tgc_build
fi

out="${1:-$TGC_BUILD_DIR}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
(cd "$TGC_BUILD_DIR" && cpack -G DEB -B "$out/_cpack" >&2)
deb=$(ls -t "$out"/_cpack/tgc_*.deb | head -n 1)
mv "$deb" "$out/"
rm -rf "$out/_cpack"
echo "$out/$(basename "$deb")"
