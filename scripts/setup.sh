#!/usr/bin/env bash
# Installs what tgc needs on Debian 12/13 (apt packages by name), then
# configures and builds it in ./build (or $TGC_BUILD_DIR).
#
#   scripts/setup.sh [ninja targets...]      (default: everything)
#
# Sourced by run-example.sh and run-tests.sh; safe to run again: packages
# already installed are skipped and the build is incremental.
set -euo pipefail

TGC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TGC_BUILD_DIR="${TGC_BUILD_DIR:-$TGC_ROOT/build}"

TGC_PACKAGES=(
  llvm-19-dev libmlir-19-dev mlir-19-tools llvm-19-tools clang-19 lld-19
  libomp-19-dev libprotobuf-dev protobuf-compiler libeigen3-dev libgtest-dev
  libopenblas-dev ninja-build cmake ccache python3 python3-numpy python3-venv
  python3-pip python3-setuptools python3-wheel g++ dpkg-dev
)

tgc_install_packages() {
  local missing=()
  for pkg in "${TGC_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$pkg")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return
  fi
  tgc_apt_install "${missing[@]}"
}

tgc_apt_install() {
  echo "setup: installing $*"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@"
}

# Node and npm, for the TF.js reference of the conformance tests. Checked by
# command rather than by package: a node from another apt source (which
# bundles npm) is kept.
tgc_install_node() {
  if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
    return
  fi
  tgc_apt_install nodejs npm
}

tgc_build() {
  if [ ! -f "$TGC_BUILD_DIR/build.ninja" ]; then
    # TGC_CMAKE_ARGS: extra cache settings for a new build folder
    # (run-tests.sh --sanitize passes -DTGC_SANITIZE=...).
    # shellcheck disable=SC2086
    CC=clang-19 CXX=clang++-19 cmake -G Ninja -S "$TGC_ROOT" -B "$TGC_BUILD_DIR" \
      -DCMAKE_BUILD_TYPE=Release \
      -DMLIR_DIR=/usr/lib/llvm-19/lib/cmake/mlir \
      -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-19/build/utils/lit/lit.py \
      ${TGC_CMAKE_ARGS:-}
  fi
  # Two jobs: MLIR translation units need ~1 GiB each and the machines
  # this runs on have two cores.
  ninja -C "$TGC_BUILD_DIR" -j "${TGC_JOBS:-2}" "$@"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  tgc_install_packages
  tgc_build "$@"
fi
