#!/usr/bin/env bash
# The whole test suite: installs what it needs, builds everything, runs the
# lit suites (IR and CLI tests with FileCheck; the GoogleTest binaries of the
# runtime and the end-to-end tests) and ends with "N passed, N failed".
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
tgc_install_packages
tgc_install_node
tgc_build

# TensorFlow exports the TF2 test graphs at test time (installed once into a
# cache; the tests that need it are reported unsupported without it).
if ! TGC_TF_PYTHON=$("$TGC_ROOT/scripts/setup-tensorflow.sh" | tail -n 1); then
  echo "run-tests: warning: TensorFlow could not be installed; the tests that need it will be unsupported"
else
  export TGC_TF_PYTHON
fi

# The TF.js model corpus (41 models, ~170 MB) for the corpus tests.
if ! TGC_HUMAN_MODELS=$("$TGC_ROOT/scripts/fetch-human-models.sh" | tail -n 1); then
  echo "run-tests: warning: the TF.js model corpus could not be fetched; its tests will be unsupported"
else
  export TGC_HUMAN_MODELS
fi

# The TF.js reference packages (npm) for the conformance tests, installed here
# and not inside lit: lit hands its tests a reduced environment, where npm can
# lack the machine's certificate or proxy settings. The tests' own call of
# setup.sh then finds everything in place and touches no registry.
if ! "$TGC_ROOT/test/conformance/setup.sh" >/dev/null; then
  echo "run-tests: warning: the TF.js reference could not be installed; the conformance tests will fail"
fi

log="$TGC_BUILD_DIR/test-results.log"
set +e
/usr/bin/python3 /usr/lib/llvm-19/build/utils/lit/lit.py -v \
  "$TGC_BUILD_DIR/test" "$TGC_BUILD_DIR/test/gtest" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

count() {
  # lit pads the labels of its summary ("  Passed     : 195").
  sed -n "s/^ *$1 *: *\([0-9][0-9]*\).*/\1/p" "$log" | tail -n 1
}
passed=$(count Passed)
failed=$(count Failed)
unresolved=$(count Unresolved)
timed_out=$(count "Timed Out")
failed=$(( ${failed:-0} + ${unresolved:-0} + ${timed_out:-0} ))
passed=${passed:-0}
unsupported=$(count Unsupported)
gtest_skipped=$(count Skipped)
skipped=$(( ${unsupported:-0} + ${gtest_skipped:-0} ))
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
  echo "no test ran"
  exit 1
fi
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ]; then
  exit 1
fi
