#!/usr/bin/env bash
# One command: install what is missing, build, and run every test twice: in
# the release build and in a sanitizer build (address, undefined,
# float-divide-by-zero).
set -euo pipefail
cd "$(dirname "$0")"
. tools/setup.sh
cc_install_missing
cc_build build -DCMAKE_BUILD_TYPE=RelWithDebInfo
(cd build && ctest --output-on-failure -j 2)
cc_build build-sanitize -DCMAKE_BUILD_TYPE=Debug -DCC_SANITIZE=ON
(cd build-sanitize && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j 2)
