#!/usr/bin/env bash
# One command: install what is missing, build, and run every test twice: in
# the release build and in a sanitizer build (address, undefined,
# float-divide-by-zero); then the MPI build and its test of two processes. Then build the other common build types (Release,
# MinSizeRel, Debug) without running the tests again: each sets its own
# optimisation level, and GCC's warnings (errors here) differ between them.
set -euo pipefail
cd "$(dirname "$0")"
. tools/setup.sh
cc_install_missing
cc_build build -DCMAKE_BUILD_TYPE=RelWithDebInfo
(cd build && ctest --output-on-failure -j 2)
cc_build build-sanitize -DCMAKE_BUILD_TYPE=Debug -DCC_SANITIZE=ON
(cd build-sanitize && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j 2)
# The optional MPI build (-DCC_MPI=ON): its own test runs two processes with mpirun.
cc_build build-mpi -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCC_MPI=ON -DCC_FUZZ=OFF
(cd build-mpi && ctest --output-on-failure -R '^cli\.mpi$')
for type in Release MinSizeRel Debug; do
    echo "carecast: building the $type build (build-only: warnings are errors)"
    cc_build "build-$(echo "$type" | tr '[:upper:]' '[:lower:]')" -DCMAKE_BUILD_TYPE=$type
done
