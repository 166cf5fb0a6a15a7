#!/bin/sh
# Installs the TF.js packages the conformance harness uses as its reference
# into a cache outside the repository.  Idempotent: does nothing when the
# pinned versions are already there.  Prints the node_modules directory.
set -eu
VERSION=4.22.0
CACHE="${TGC_CACHE:-$HOME/.cache/tgc}"
PREFIX="$CACHE/tfjs-node-modules"
PKGS="@tensorflow/tfjs-core @tensorflow/tfjs-converter @tensorflow/tfjs-backend-cpu @tensorflow/tfjs-backend-wasm"

have_all() {
  for p in $PKGS; do
    f="$PREFIX/node_modules/$p/package.json"
    [ -f "$f" ] || return 1
    grep -q "\"version\": \"$VERSION\"" "$f" || return 1
  done
  return 0
}

if ! have_all; then
  command -v npm >/dev/null 2>&1 || { echo "setup.sh: npm not found" >&2; exit 1; }
  mkdir -p "$PREFIX"
  specs=""
  for p in $PKGS; do specs="$specs $p@$VERSION"; done
  # shellcheck disable=SC2086
  npm install --prefix "$PREFIX" --no-save --ignore-scripts --no-audit \
      --no-fund --loglevel=error $specs >&2
  have_all || { echo "setup.sh: install into $PREFIX failed" >&2; exit 1; }
fi
echo "$PREFIX/node_modules"
