#!/usr/bin/env bash
# run_fuzz.sh FUZZER SOURCE_DIR WORK_DIR SECONDS: the ctest entry for a libFuzzer target.
#   SECONDS = 0: run every input in tests/fuzz/regressions/NAME once (NAME is
#                the fuzzer's name without "fuzz_"): crashes found earlier stay fixed.
#   SECONDS > 0: fuzz for that long from the seed corpus (make_corpus.sh), the
#                regression inputs and WORK_DIR/corpus (kept between runs).
# A crash's input is saved as WORK_DIR/artifacts/crash-*: copy it into
# tests/fuzz/regressions/NAME/ once fixed. CC_FUZZ_SECONDS overrides a SECONDS above 0.
set -eu
fuzzer=$1
src=$2
work=$3
seconds=$4
[ "$seconds" -eq 0 ] || seconds=${CC_FUZZ_SECONDS:-$seconds}
name=$(basename "$fuzzer")
name=${name#fuzz_}
regressions=$src/tests/fuzz/regressions/$name
mkdir -p "$work/corpus" "$work/artifacts"
# libconfig 1.5 leaks its scanner's string buffer on some syntax errors (see lsan.supp).
export LSAN_OPTIONS="suppressions=$src/tests/fuzz/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export TMPDIR=$work # fuzz_run draws its charts in a directory it makes there
if [ "$seconds" -eq 0 ]; then
    inputs=("$regressions"/*)
    [ -e "${inputs[0]}" ] || { echo "no regression inputs in $regressions"; exit 1; }
    exec "$fuzzer" -runs=1 "${inputs[@]}"
fi
"$src/tests/fuzz/make_corpus.sh" "$src" "$work/seeds"
exec "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -dict="$work/seeds.dict" -artifact_prefix="$work/artifacts/" -print_final_stats=1 \
    "$work/corpus" "$work/seeds" "$regressions"
