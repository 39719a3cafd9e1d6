#!/usr/bin/env bash
# The whole command, as a user waits for it: `carecast run` of the baseline (load, simulate,
# summarise, charts, CSVs, workbook, report, publish) at a few path counts, with and without
# charts; the median wall time over RUNS runs and, from CARECAST_TIMINGS=1, the median of each
# phase. Writes the section "Whole run" of docs/performance.md (bench/section.sh) and prints it.
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

# one PATHS OPTION...: runs the command RUNS times; prints "wall" and each phase with its
# median, one a line, in the order the run reports them.
one() {
    local paths=$1 i t0 t1
    shift
    : >"$out/timings"
    for i in $(seq "$runs"); do
        rm -rf "$out/run"
        t0=$(date +%s.%N)
        CARECAST_TIMINGS=1 build/carecast run "$S" --paths "$paths" --quiet --out "$out/run" "$@" \
            2>>"$out/timings"
        t1=$(date +%s.%N)
        echo "wall $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')" >>"$out/walls"
    done
    median <<<"$(awk '{ print $2 }' "$out/walls")" | sed 's/^/wall /'
    rm -f "$out/walls"
    # "carecast: timings: load 0.0014 simulate 0.05 ..." -> a phase's values, in first-seen order.
    local phases
    phases=$(grep -m1 '^carecast: timings:' "$out/timings" | cut -d' ' -f3- |
        awk '{ for (i = 1; i < NF; i += 2) print $i }')
    for p in $phases; do
        grep '^carecast: timings:' "$out/timings" |
            awk -v p="$p" '{ for (i = 3; i < NF; i += 2) if ($i == p) print $(i + 1) }' |
            median | sed "s/^/$p /"
    done
}

rows=""
for paths in "${sizes[@]}"; do
    for charts in with without; do
        opt=()
        [ "$charts" = with ] || opt=(--no-charts)
        res=$(one "$paths" "${opt[@]}")
        wall=$(awk '$1 == "wall" { print $2 }' <<<"$res")
        phases=$(awk '$1 != "wall" && $1 != "total" { printf "%s%s %.3f", sep, $1, $2; sep = ", " }' \
            <<<"$res")
        rows+="| $paths | $charts | $wall | $phases |"$'\n'
    done
done
load_after=$(cut -d' ' -f1 /proc/loadavg)

text="## Whole run

Measured by \`bench/whole.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores, load average $load_before
before and $load_after after (the machine is shared: compare runs at similar loads). The whole
\`carecast run $S --paths N --quiet\` as a user waits for it, 2 threads: median wall over $runs
runs, and the median of each phase in seconds (\`CARECAST_TIMINGS=1\` prints them on stderr;
charts-data writes the charts' data and scripts and starts gnuplot, which then draws while the
CSVs, the workbook and the paths are written; charts-wait is what is left of the drawing when
the report needs it; free gives the paths' memory back).

| paths | charts | wall s | phases (s) |
|---|---|---|---|
$rows"
write_section "Whole run" "$text"
printf '%s\n' "$text"
