#!/usr/bin/env bash
# Runs the engine benchmark on the baseline scenario and writes docs/performance.md.
# Each configuration runs in its own process so peak memory is its own.
set -euo pipefail
cd "$(dirname "$0")/.."
. tools/setup.sh
cc_install_missing
cc_build build -DCMAKE_BUILD_TYPE=RelWithDebInfo
B=build/bench/bench_engine
S=scenarios/baseline.cfg
out=docs/performance.md
# Sections this script does not write are kept as they are: bench/whole.sh's (the whole command's
# phases) and bench/scale.sh's (long runs), which those scripts renew, and the hand-written history
# of the instruction counts and account of the open targets.
section_of() { # section_of HEADING: the section "## HEADING" of $out, or nothing
    awk -v h="## $1" '$0 == h { on = 1; print; next } on && /^## / { on = 0 } on' "$out" 2>/dev/null || true
}
whole_section=$(section_of "Whole run")
scale_section=$(section_of "Scale")
history_section=$(section_of "Instructions over time")
targets_section=$(section_of "What the open targets need")
rows=""
for spec in "1000 7" "10000 5" "100000 3"; do
    set -- $spec
    line=$($B $S "$1" "$2" 2)
    read -r paths months threads engine summary total pps peak draws floor metrics <<<"$line"
    rows+="| $paths | $months | $threads | $engine | $summary | $total | $pps | $peak |"$'\n'
done
one=$($B $S 10000 5 1)
read -r fpaths fmonths fthreads fengine fsummary ftotal fpps fpeak fdraws ffloor fmetrics <<<"$one"
ratio=$(awk -v e="$fengine" -v f="$ffloor" 'BEGIN { printf "%.2f", e / f }')
# The honest floor: the engine's own draws for 1,000 paths, recorded and replayed
# (bench/bench_floor), against the engine on the same paths (bench_engine, not wrapped).
read -r _ hcalls hsets hunif hbinom hpois hhyper hdisc _ hfloor _ <<<"$(build/bench/bench_floor $S 1000 7)"
read -r _ _ _ hengine _ <<<"$($B $S 1000 7 1)"
hratio=$(awk -v e="$hengine" -v f="$hfloor" 'BEGIN { printf "%.2f", e / f }')
cli=()
for i in 1 2 3 4 5; do
    t0=$(date +%s.%N)
    build/carecast run $S --out /tmp/carecast-bench-cli --quiet
    t1=$(date +%s.%N)
    cli+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')")
done
cli_median=$(printf '%s\n' "${cli[@]}" | sort -n | sed -n 3p)
rm -rf /tmp/carecast-bench-cli
# A what-if in a meeting: compare the baseline with one lever, 2,000 paths, charts and report included.
whatif=()
for i in 1 2 3 4 5; do
    t0=$(date +%s.%N)
    build/carecast compare $S scenarios/whatif-fewer-entries.cfg --paths 2000 \
        --out /tmp/carecast-bench-whatif --quiet
    t1=$(date +%s.%N)
    whatif+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')")
done
whatif_median=$(printf '%s\n' "${whatif[@]}" | sort -n | sed -n 3p)
rm -rf /tmp/carecast-bench-whatif
# Calibration from SSDA903 returns: the shared sample, parse + clean + count + fit + write.
ssda=$(build/bench/bench_ssda903 tests/data/ssda903-sample 51 2021-09-27 2022-03-27)
read -r ssda_median ssda_min ssda_max <<<"$ssda"
calib=()
for i in 1 2 3 4 5; do
    t0=$(date +%s.%N)
    build/carecast calibrate --ssda903 tests/data/ssda903-sample --out /tmp/carecast-bench-calib.cfg 2>/dev/null
    t1=$(date +%s.%N)
    calib+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')")
done
calib_median=$(printf '%s\n' "${calib[@]}" | sort -n | sed -n 3p)
rm -f /tmp/carecast-bench-calib.cfg
# Instructions, not seconds: the engine's work counted by callgrind, free of the shared machine's
# noise (only when valgrind is installed).
ir="not measured (valgrind is not installed)"
if command -v valgrind >/dev/null; then
    rm -rf /tmp/carecast-bench-ir
    ir=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null --toggle-collect=cc_engine_run \
        build/carecast run $S --paths 200 --seed 11 --threads 1 --no-charts --quiet \
        --out /tmp/carecast-bench-ir 2>&1 | awk '/Collected/ { printf "%.1f M", $4 / 1e6 }')
    rm -rf /tmp/carecast-bench-ir
fi
{
    echo "# Performance"
    echo
    echo "Measured by \`bench/run.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')),"
    echo "RelWithDebInfo build, scenario \`$S\` ($fmetrics metrics). Times are medians of repeated runs"
    echo "(the machines are shared and noisy). Peak memory is the process's maximum resident set."
    echo
    echo "| paths | months | threads | engine s | summary s | total s | paths/s | peak MiB |"
    echo "|---|---|---|---|---|---|---|---|"
    printf '%s' "$rows"
    echo
    echo "Whole command \`carecast run $S\` (10,000 paths x 60 months, load + simulate + summarise +"
    echo "write, charts and report included): median **$cli_median s** wall over 5 runs (its phases:"
    echo "bench/whole.sh, section Whole run below)."
    echo
    echo "What-if for a meeting: \`carecast compare $S scenarios/whatif-fewer-entries.cfg --paths 2000\`"
    echo "(two scenarios x 2,000 paths x 60 months, compare.csv, three charts and the report): median"
    echo "**$whatif_median s** wall over 5 runs."
    echo
    echo "Calibration from SSDA903 returns: \`bench/bench_ssda903\` reads the shared sample"
    echo "(\`tests/data/ssda903-sample\`: 15 CSV files, 3,737 episode rows, 2,123 header rows), merges and"
    echo "cleans the episodes, counts and fits one window and writes the model, 51 times in one process:"
    echo "median **$(awk -v s="$ssda_median" 'BEGIN { printf "%.1f", s * 1000 }') ms** (fastest $(awk -v s="$ssda_min" 'BEGIN { printf "%.1f", s * 1000 }') ms, slowest $(awk -v s="$ssda_max" 'BEGIN { printf "%.1f", s * 1000 }') ms). The whole command"
    echo "\`carecast calibrate --ssda903 tests/data/ssda903-sample\`: median **$calib_median s** wall over 5 runs. The"
    echo "sector's models take 0.4-0.7 s to load and fit the same files."
    echo
    echo "## Against the floor"
    echo
    echo "The honest floor (\`bench/bench_floor\`): every random draw the engine makes for 1,000 paths"
    echo "on one thread, recorded by its own samplers (built with \`CC_RECORD_DRAWS\`) and, for the GSL"
    echo "calls it still makes directly, through the linker's \`--wrap\` ($hcalls calls: $hsets reseeds of its"
    echo "streams, $hunif uniforms, $hbinom binomials, $hpois Poisson, $hhyper hypergeometric, $hdisc"
    echo "discrete draws), replayed in the same order with the same parameters and seeds from a plain loop"
    echo "with the same generator and samplers: **$hfloor s**. The engine on the same paths: **$hengine s** (medians of"
    echo "7). Ratio engine / honest floor: **$hratio** (the target is 1.2): what the engine does besides"
    echo "drawing (rates, ages, capacity, money, workforce, recording) costs about as much as the draws."
    echo
    echo "The former floor, for comparison: on one thread, 10,000 paths, the engine takes $fengine s and"
    echo "draws $fdraws random variates; drawing as many of the same kinds at their mean parameters,"
    echo "without the reseeds, takes $ffloor s (ratio $ratio): it understates the draws' cost."
    echo
    echo "## Instructions"
    echo
    echo "Wall times on a shared machine move by 10-20% from run to run, so a change to the engine's"
    echo "speed is best checked by counting its instructions: \`valgrind --tool=callgrind"
    echo "--toggle-collect=cc_engine_run build/carecast run $S --paths 200 --seed 11 --threads 1"
    echo "--no-charts --quiet --out DIR\` (the \"Collected\" line): **$ir**. For reference, when the"
    echo "engine was split into files by domain (issue 17) this count went from 350.8 M to 358.4 M"
    echo "(+2.2%: calls between files were no longer inlined), and with link-time optimisation of the"
    echo "engine (\`CC_ENGINE_LTO\`, on by default) to 327.5 M (-6.6%); for scenarios/mtfp-2019.cfg"
    echo "3,790 M before, 3,828 M split, 3,715 M split with link-time optimisation (-2.0%)."
    echo
    echo "## How memory grows"
    echo
    echo "Results are kept per path so that percentiles are exact: 4 bytes x metrics x (months + years) x"
    echo "paths (for this scenario $fmetrics metrics x 65 periods x 4 B = $(( fmetrics * 65 * 4 )) bytes per path), plus"
    echo "one workspace per thread (a few kilobytes) and, while summarising, one scratch copy of a single"
    echo "metric-period per thread. Memory therefore grows linearly in paths x horizon x metrics and"
    echo "no faster; the table above shows it (at most about $(( fmetrics * 65 * 4 * 100000 / 1048576 )) MiB of results at 100,000 paths; less is resident, as the monthly blocks of annual-only
metrics are allocated but never written)."
} > "$out"
# The what-if page's latency (its own section, appended by bench/serve.sh).
bench/serve.sh >/dev/null
for kept in "$history_section" "$whole_section" "$scale_section" "$targets_section"; do
    if [ -n "$kept" ]; then
        { echo; echo "$kept"; } >>"$out"
    fi
done
echo "wrote $out"
cat "$out"
