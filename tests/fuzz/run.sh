#!/usr/bin/env bash
# Builds the libFuzzer targets (clang-14, ASan+UBSan) and runs each of them.
#   tests/fuzz/run.sh                 the smoke run of scripts/test.sh: 10 s per target
#   tests/fuzz/run.sh 600             600 s per target
#   tests/fuzz/run.sh --runs 10000000 that many executions per target (the long run)
#   tests/fuzz/run.sh 60 understanding   only the targets named
# A crash stops the run with its input saved in build-fuzz/artifacts/ and exit status 1; turn it
# into a regression test (tests/fuzz/README.md). New inputs the fuzzer finds go to
# build-fuzz/corpus/<target>/ (the committed seeds in tests/fuzz/corpus/ are only read).
set -euo pipefail
cd "$(dirname "$0")/../.."

limit=(-max_total_time=10)
if [ "${1:-}" = "--runs" ]; then
  limit=(-runs="$2"); shift 2
elif [ -n "${1:-}" ] && [[ "$1" =~ ^[0-9]+$ ]]; then
  limit=(-max_total_time="$1"); shift
fi
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(telegram_update slack_event slack_request web_frame
  http_request understanding rules_yaml stories config_file)

cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=clang++-14 \
  -DFOLLOWUP_FUZZ=ON >/dev/null
cmake --build build-fuzz -j2

dict_of() {
  case "$1" in
    telegram_update|slack_event|web_frame) echo json ;;
    http_request) echo http ;;
    rules_yaml|stories) echo yaml ;;
    config_file) echo config ;;
    *) echo text ;;
  esac
}
max_len_of() {
  case "$1" in
    rules_yaml|stories) echo 8192 ;;
    *) echo 4096 ;;
  esac
}

# The targets that run the engine or parse YAML are slow per input; for them libFuzzer's entropic
# scheduling was 17% of the time (its feature-frequency bookkeeping): off, they run 1.6x faster
# at the same coverage.
extra_of() {
  case "$1" in
    understanding|rules_yaml|stories) echo -entropic=0 ;;
  esac
}

mkdir -p build-fuzz/artifacts
for t in "${targets[@]}"; do
  work=build-fuzz/corpus/$t
  mkdir -p "$work"
  # Inputs that once crashed a target are run first, every time.
  seeds=("tests/fuzz/corpus/$t")
  [ -d "tests/fuzz/regressions/$t" ] && seeds+=("tests/fuzz/regressions/$t")
  echo "== fuzz_$t ${limit[*]}"
  log=build-fuzz/$t.log
  status=0
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    "build-fuzz/tests/fuzz/fuzz_$t" "${limit[@]}" -max_len="$(max_len_of "$t")" \
    -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 $(extra_of "$t") \
    -dict="tests/fuzz/dict/$(dict_of "$t").dict" \
    -artifact_prefix="build-fuzz/artifacts/$t-" \
    "$work" "${seeds[@]}" >"$log" 2>&1 || status=$?
  grep -E "^(INFO: seed corpus|Done [0-9]+ runs|stat::number_of_executed_units|stat::peak_rss_mb|SUMMARY|.*runtime error)|^#[0-9]+.*(cov|DONE)" "$log" |
    grep -vE "^#[0-9]+[[:space:]]+(NEW|REDUCE|pulse)" | tail -n 6 || true
  if [ "$status" -ne 0 ]; then
    tail -n 40 "$log" >&2
    echo "fuzz_$t failed (exit $status); the input is in build-fuzz/artifacts/, the log in $log" >&2
    exit 1
  fi
  echo "corpus: $(find "$work" -type f | wc -l) files"
done
echo "fuzz: ${#targets[@]} target(s), no crash"
