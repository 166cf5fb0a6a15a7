#!/usr/bin/env bash
# The main job: build tgc, compile the MNIST MLP graph into an object file and
# a header, link the example application against it and run it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
tgc_install_packages
tgc_build tgc tgrt

out="$TGC_BUILD_DIR/example"
mkdir -p "$out"
set -x
"$TGC_BUILD_DIR/bin/tgc" "$TGC_ROOT/examples/mnist_mlp/mnist_mlp.pb" \
  --fetch probs --feed x:1x784 --class mnist::Mlp \
  -o "$out/mnist_mlp.o" --header "$out/mnist_mlp.h"
clang++-19 -std=c++17 -O2 "$TGC_ROOT/examples/mnist_mlp/app.cc" "$out/mnist_mlp.o" \
  -I "$out" -I "$TGC_ROOT/runtime/include" -I "$TGC_ROOT/examples/mnist_mlp" \
  -L "$TGC_BUILD_DIR/lib" -ltgrt -Wl,-rpath,"$TGC_BUILD_DIR/lib" \
  -o "$out/mnist_mlp_app"
"$out/mnist_mlp_app" "$TGC_ROOT/examples/mnist_mlp/data/images.npy" \
  "$TGC_ROOT/examples/mnist_mlp/data/labels.npy"
