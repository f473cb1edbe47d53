#!/usr/bin/env bash
# Builds and runs every test: the release build, then the same tests under ASan+UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j2
(cd build && ctest --output-on-failure)

cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DFOLLOWUP_SANITIZE=ON >/dev/null
cmake --build build-asan -j2
(cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --output-on-failure)

# The fuzz targets (clang, ASan+UBSan), 10 s each: a parser that crashes on what the fuzzer
# finds quickly fails here; the long run is tests/fuzz/README.md's.
bash tests/fuzz/run.sh 10

# The browser test (ctest "browser", in both passes) leaves screenshots of the web chat here.
for shot in build/browser/web-chat.png build-asan/browser/web-chat.png; do
  [ -f "$shot" ] && echo "web chat screenshot: $PWD/$shot"
done
true
