#!/usr/bin/env bash
# Builds tgc's libFuzzer targets (test/fuzz) in their own folder, replays
# the regression inputs of test/fuzz/crashes/TARGET/, then fuzzes each
# target for a fixed time, seeded from test/fuzz/seeds and the inputs of
# the lit tests. Ends with a line per target (runs, new corpus entries,
# findings) and exits non-zero on any finding.
#
#   scripts/fuzz.sh [--seconds N] [TARGET...]
#
#   --seconds N   time per target (default 60); CI runs a short budget,
#                 a search for bugs ≥ 30 minutes per target
#   TARGET        graphdef tfjs config savedmodel checkpoint npy (default:
#                 all)
#
# Environment: TGC_FUZZ_BUILD_DIR (default ./build-fuzz) for the
# instrumented build; the corpora grow in $TGC_FUZZ_BUILD_DIR/work/corpus
# and survive between runs; findings land in $TGC_FUZZ_BUILD_DIR/work/
# artifacts/TARGET/ (minimise one and add it to test/fuzz/crashes/TARGET/
# once it is fixed: see test/fuzz/README.md).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

seconds=60
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --seconds=*) seconds="${1#--seconds=}"; shift ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "fuzz.sh: unknown option '$1'" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
all=(graphdef tfjs config savedmodel checkpoint npy)
if [ ${#targets[@]} -eq 0 ]; then targets=("${all[@]}"); fi
for t in "${targets[@]}"; do
  case " ${all[*]} " in
    *" $t "*) ;;
    *) echo "fuzz.sh: unknown target '$t' (targets: ${all[*]})" >&2; exit 2 ;;
  esac
done

# clang's sanitizer and libFuzzer runtimes are a package of their own.
TGC_PACKAGES+=(libclang-rt-19-dev)
tgc_install_packages

build="${TGC_FUZZ_BUILD_DIR:-$TGC_ROOT/build-fuzz}"
if [ ! -f "$build/build.ninja" ]; then
  # Debug adds only -g: the asserts of tgc and of the LLVM/MLIR headers stay.
  CC=clang-19 CXX=clang++-19 cmake -G Ninja -S "$TGC_ROOT" -B "$build" \
    -DMLIR_DIR=/usr/lib/llvm-19/lib/cmake/mlir -DCMAKE_BUILD_TYPE=Debug \
    -DTGC_BUILD_FUZZERS=ON -DTGC_BUILD_BENCH=OFF -DTGC_BUILD_EXAMPLES=OFF \
    -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address -g -O1 -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION" \
    >"$build.configure.log" 2>&1 || { cat "$build.configure.log"; exit 1; }
fi
ninja -C "$build" -j "${TGC_JOBS:-2}" "${targets[@]/#/tgc-fuzz-}"

work="$build/work"
fuzz="$TGC_ROOT/test/fuzz"
python3 "$fuzz/make_seeds.py" --from-tests "$work/tests" >/dev/null

failed=0
summary=()
for t in "${targets[@]}"; do
  bin="$build/bin/tgc-fuzz-$t"
  # Regression inputs: each is run once and must not crash.
  replayed=0
  if [ -d "$fuzz/crashes/$t" ]; then
    inputs=("$fuzz/crashes/$t"/*)
    if [ -e "${inputs[0]}" ]; then
      if ! "$bin" -rss_limit_mb=4096 -timeout=10 "${inputs[@]}" \
          >"$work/$t.replay.log" 2>&1; then
        echo "fuzz: $t: a regression input of test/fuzz/crashes/$t fails again:"
        tail -n 40 "$work/$t.replay.log"
        summary+=("$t: a regression input fails again (test/fuzz/crashes/$t)")
        failed=1
        continue
      fi
      replayed=${#inputs[@]}
    fi
  fi
  # The first corpus directory is the one libFuzzer writes to.
  mkdir -p "$work/corpus/$t" "$work/artifacts/$t"
  corpora=("$work/corpus/$t" "$fuzz/seeds/$t")
  if [ -d "$work/tests/$t" ]; then corpora+=("$work/tests/$t"); fi
  args=(-rss_limit_mb=4096 -timeout=10 -max_total_time="$seconds"
        -artifact_prefix="$work/artifacts/$t/" -print_final_stats=1)
  if [ -f "$fuzz/dicts/$t.dict" ]; then args+=(-dict="$fuzz/dicts/$t.dict"); fi
  case "$t" in
    savedmodel) args+=(-max_len=131072) ;;
    *) args+=(-max_len=65536) ;;
  esac
  echo "fuzz: $t for ${seconds}s"
  log="$work/$t.log"
  if "$bin" "${args[@]}" "${corpora[@]}" >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    corpus=$(ls "$work/corpus/$t" | wc -l)
    summary+=("$t: ${runs:-?} runs in ${seconds}s, corpus now $corpus inputs, $replayed regression inputs replayed, no findings")
  else
    echo "fuzz: $t: a finding (log: $log):"
    grep -E "^==[0-9]+==ERROR|^SUMMARY|^artifact_prefix|Test unit written" "$log" || tail -n 40 "$log"
    summary+=("$t: a finding, input in $work/artifacts/$t/")
    failed=1
  fi
done
echo "fuzz summary:"
printf '  %s\n' "${summary[@]}"
exit $failed
