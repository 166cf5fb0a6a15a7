#!/usr/bin/env bash
# Installs TensorFlow (PyPI tensorflow-cpu 2.21) into a virtual environment
# in a cache outside the repository, for the tests that export graphs with
# TensorFlow itself. Prints the environment's python on its last line.
#
#   scripts/setup-tensorflow.sh      (TGC_CACHE, default ~/.cache/tgc)
set -euo pipefail
cache="${TGC_CACHE:-$HOME/.cache/tgc}"
venv="$cache/tf-venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import tensorflow" 2>/dev/null; then
  mkdir -p "$cache"
  rm -rf "$venv"
  /usr/bin/python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "tensorflow-cpu==2.21.*" numpy
fi
echo "$venv/bin/python"
