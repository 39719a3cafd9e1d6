#!/usr/bin/env bash
# The whole command, as a user waits for it: `carecast run` of the baseline (load, simulate,
# summarise, charts, CSVs, workbook, report, publish) at a few path counts, with and without
# charts; the median wall time over RUNS runs and, from CARECAST_TIMINGS=1, the median wall and
# CPU time of each phase. Writes the section "Whole run" of docs/performance.md (bench/section.sh) and prints it.
# Usage: bench/whole.sh [RUNS (default 7)] [PATHS... (default 10 10000)]
set -euo pipefail
cd "$(dirname "$0")/.."
. tools/setup.sh
. bench/section.sh
cc_install_missing
cc_build build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
runs=${1:-7}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10 10000)
S=scenarios/baseline.cfg
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
load_before=$(cut -d' ' -f1 /proc/loadavg)

# median: the middle of the numbers on stdin (the lower middle of an even count).
median() {
    sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'
}

# one PATHS OPTION...: runs the command RUNS times; prints "wall W" (the median wall seconds) and
# "PHASE W C" for each phase (median wall and CPU seconds), in the order the run reports them.
one() {
    local paths=$1 i t0 t1
    shift
    : >"$out/timings"
    : >"$out/walls"
    for i in $(seq "$runs"); do
        rm -rf "$out/run"
        t0=$(date +%s.%N)
        CARECAST_TIMINGS=1 build/carecast run "$S" --paths "$paths" --quiet --out "$out/run" "$@" \
            2>>"$out/timings"
        t1=$(date +%s.%N)
        awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f\n", b - a }' >>"$out/walls"
    done
    echo "wall $(median <"$out/walls")"
    # "carecast: timings: load 0.0014/0.0013 simulate ..." -> each phase's medians.
    local p phases
    phases=$(grep -m1 '^carecast: timings:' "$out/timings" | cut -d' ' -f3- |
        awk '{ for (i = 1; i < NF; i += 2) print $i }')
    for p in $phases; do
        printf '%s %s %s\n' "$p" \
            "$(awk -v p="$p" '/^carecast: timings:/ { for (i = 3; i < NF; i += 2) if ($i == p) {
                split($(i + 1), v, "/"); print v[1] } }' "$out/timings" | median)" \
            "$(awk -v p="$p" '/^carecast: timings:/ { for (i = 3; i < NF; i += 2) if ($i == p) {
                split($(i + 1), v, "/"); print v[2] } }' "$out/timings" | median)"
    done
}

rows=""
for paths in "${sizes[@]}"; do
    for charts in with without; do
        opt=()
        [ "$charts" = with ] || opt=(--no-charts)
        res=$(one "$paths" "${opt[@]}")
        wall=$(awk '$1 == "wall" { print $2 }' <<<"$res")
        cpu=$(awk '$1 == "total" { print $3 }' <<<"$res")
        phases=$(awk '$1 != "wall" && $1 != "total" && ($2 >= 0.0005 || $3 >= 0.0005) {
            printf "%s%s %.3f (%.3f)", sep, $1, $2, $3; sep = ", " }' <<<"$res")
        rows+="| $paths | $charts | $wall | $cpu | $phases |"$'\n'
    done
done
load_after=$(cut -d' ' -f1 /proc/loadavg)

text="## Whole run

Measured by \`bench/whole.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores, load average $load_before
before and $load_after after (the machine is shared: compare runs at similar loads). The whole
\`carecast run $S --paths N --quiet\` as a user waits for it, 2 threads: median wall over $runs
runs; its CPU seconds (every thread, and gnuplot's processes); and each phase's median wall
seconds with its CPU seconds in brackets (\`CARECAST_TIMINGS=1\` prints them on stderr; phases
under half a millisecond are left out). charts-data writes the charts' data and scripts and
starts gnuplot, which draws while the CSVs and the paths are written: its CPU shows at
charts-wait, where the report waits for what is left of the drawing. The workbook is written on a
thread of its own from charts-data on (its CPU counts in the phases it overlaps); workbook-wait
is what is left of it when run.json, which lists every file, is due. free gives the paths'
memory back. On a shared machine the CPU seconds move less than the wall seconds.

| paths | charts | wall s | CPU s | phases: wall s (CPU s) |
|---|---|---|---|---|
$rows"
write_section "Whole run" "$text"
printf '%s\n' "$text"
