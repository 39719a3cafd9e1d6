#!/usr/bin/env bash
# One command: install what is missing, build, and run the shipped baseline
# scenario. Extra arguments go to `carecast run` (e.g. --paths 2000).
set -euo pipefail
cd "$(dirname "$0")"
. tools/setup.sh
cc_install_missing
cc_build build -DCMAKE_BUILD_TYPE=RelWithDebInfo
./build/carecast run scenarios/baseline.cfg "$@"
