#!/usr/bin/env bash
# Scale: bounded memory at 1,000,000 paths, kept against bounded at 50,000, a run to a
# precision, MPI's parallel efficiency (when build-mpi/ holds an MPI build: cmake -DCC_MPI=ON)
# and the charts' gnuplot processes, for the baseline. Writes the section "Scale" of
# docs/performance.md. Peak memory is the process's maximum resident set (/usr/bin/time);
# times are medians (the machine is shared: the load average is recorded before and after).
# Environment: SCALE_PATHS (default 1000000) and SCALE_REPEATS (default 3) for the big run.
set -euo pipefail
cd "$(dirname "$0")/.."
. tools/setup.sh
cc_install_missing
cc_build build -DCMAKE_BUILD_TYPE=RelWithDebInfo
S=scenarios/baseline.cfg
big=${SCALE_PATHS:-1000000}
repeats=${SCALE_REPEATS:-3}
T=$(mktemp -d /tmp/carecast-bench-scale.XXXXXX)
trap 'rm -rf "$T"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
load_before=$(cut -d' ' -f1 /proc/loadavg)

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# timed N LABEL COMMAND...: runs COMMAND N times; appends "wall peak_kib cpu" per run to
# $T/times-LABEL and prints the medians "wall peak_mib cpu".
timed() {
    local n=$1 label=$2
    shift 2
    : >"$T/times-$label"
    for _ in $(seq "$n"); do
        /usr/bin/time -f "%e %M %U %S" -o "$T/time" "$@" >/dev/null 2>&1
        awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' "$T/time" >>"$T/times-$label"
    done
    local f="$T/times-$label"
    echo "$(cut -d' ' -f1 "$f" | median) $(cut -d' ' -f2 "$f" | median | awk '{ printf "%.0f", $1 / 1024 }') $(cut -d' ' -f3 "$f" | median)"
}

# ---- bounded memory at scale ----
read -r big_wall big_mib big_cpu <<<"$(timed "$repeats" big build/carecast run "$S" --paths "$big" \
    --memory bounded --quiet --out "$T/big")"
big_sim=$(awk -F': ' '/"paths_simulated"/ { gsub(/,/, "", $2); print $2 }' "$T/big/run.json")
big_runs=$(tr '\n' ';' <"$T/times-big" | sed 's/;$//; s/;/; /g')
cmake --build build -j 2 --target bench_engine >/dev/null
metrics=$(build/bench/bench_engine "$S" 16 1 1 | awk '{ print $11 }')

# ---- kept against bounded (SCALE_MID paths, default 50,000) ----
mid=${SCALE_MID:-50000}
read -r kept_wall kept_mib kept_cpu <<<"$(timed 3 kept build/carecast run "$S" --paths "$mid" \
    --memory paths --quiet --no-charts --out "$T/kept")"
read -r bnd_wall bnd_mib bnd_cpu <<<"$(timed 3 bounded build/carecast run "$S" --paths "$mid" \
    --memory bounded --quiet --no-charts --out "$T/bounded")"
bnd_sim=$(awk -F': ' '/"paths_simulated"/ { gsub(/,/, "", $2); print $2 }' "$T/bounded/run.json")
same=$(cmp -s "$T/kept/annual.csv" "$T/bounded/annual.csv" &&
    cmp -s "$T/kept/monthly.csv" "$T/bounded/monthly.csv" && echo identical || echo DIFFERENT)

# ---- a run to a precision ----
goal='se(cost.total@2023/24)<100k'
build/carecast run "$S" --precision "$goal" --paths 200000 --no-charts --out "$T/goal" \
    >"$T/goal.out" 2>&1
goal_paths=$(sed -n 's/^carecast: precision met after \([0-9]*\) paths.*/\1/p' "$T/goal.out")
read -r goal_wall goal_mib goal_cpu <<<"$(timed 3 goal build/carecast run "$S" --precision "$goal" \
    --paths 200000 --quiet --no-charts --out "$T/goal")"

# ---- MPI ----
mpi="not measured: no MPI build in build-mpi/ (cmake -S . -B build-mpi -DCC_MPI=ON)"
if [ -x build-mpi/carecast ] && command -v mpirun >/dev/null; then
    m=20000
    read -r one_wall _ one_cpu <<<"$(timed 3 one build-mpi/carecast run "$S" --paths $m \
        --threads 1 --quiet --no-charts --out "$T/m1")"
    read -r two_wall _ _ <<<"$(timed 3 two mpirun --oversubscribe -np 2 build-mpi/carecast run \
        "$S" --paths $m --threads 1 --quiet --no-charts --out "$T/m2")"
    read -r omp_wall _ _ <<<"$(timed 3 omp build-mpi/carecast run "$S" --paths $m --threads 2 \
        --quiet --no-charts --out "$T/m3")"
    msame=$(cmp -s "$T/m1/annual.csv" "$T/m2/annual.csv" && cmp -s "$T/m1/monthly.csv" \
        "$T/m2/monthly.csv" && echo identical || echo DIFFERENT)
    eff=$(awk -v a="$one_wall" -v b="$two_wall" 'BEGIN { printf "%.0f", 100 * a / (2 * b) }')
    effomp=$(awk -v a="$one_wall" -v b="$omp_wall" 'BEGIN { printf "%.0f", 100 * a / (2 * b) }')
    mpi="$m paths, no charts, medians of 3: one process, one thread **${one_wall} s**; \`mpirun -np 2\`, one thread each **${two_wall} s** (parallel efficiency ${eff}%; files $msame); one process, two threads **${omp_wall} s** (${effomp}%)."
fi

# ---- charts: one gnuplot per core against one per chart ----
build/carecast run "$S" --paths 500 --quiet --out "$T/charts" >/dev/null 2>&1
(
    cd "$T/charts/charts"
    per_chart() { for f in *.gp; do gnuplot "$f" & done; wait; }
    grouped() {
        local n i=0 args=() g
        n=$(nproc)
        for g in $(seq 0 $((n - 1))); do
            args=()
            i=0
            for f in *.gp; do
                if [ $((i % n)) -eq "$g" ]; then
                    [ ${#args[@]} -gt 0 ] && args+=(-e "reset session")
                    args+=("$f")
                fi
                i=$((i + 1))
            done
            [ ${#args[@]} -gt 0 ] && gnuplot "${args[@]}" &
        done
        wait
    }
    export -f per_chart grouped
    for how in per_chart grouped; do
        for _ in 1 2 3 4 5; do
            /usr/bin/time -f "%e %U %S" -o "$T/gp" bash -c "$how"
            awk '{ printf "%s %.3f\n", $1, $2 + $3 }' "$T/gp" >>"$T/gp-$how"
        done
    done
)
charts=$(ls "$T"/charts/charts/*.gp | wc -l)
gp_old_wall=$(cut -d' ' -f1 "$T/gp-per_chart" | median) gp_old_cpu=$(cut -d' ' -f2 "$T/gp-per_chart" | median)
gp_new_wall=$(cut -d' ' -f1 "$T/gp-grouped" | median) gp_new_cpu=$(cut -d' ' -f2 "$T/gp-grouped" | median)

section=$(cat <<END
## Scale

Measured by \`bench/scale.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores, load average $load_before
before and $(cut -d' ' -f1 /proc/loadavg) after (the machine is shared; wall times move with the
load, CPU times much less). Scenario \`$S\`, both cores unless said.

**Bounded memory** (\`run --memory bounded\`; the default above 1 GiB of paths): $big paths with
charts and report, medians of $repeats runs: **${big_wall} s** wall, **${big_mib} MiB** peak
resident, ${big_cpu} s CPU; the passes simulated $big_sim paths (the pilot's share twice). Runs
(wall s, peak KiB, CPU s): $big_runs. Kept, these paths would need
$(awk -v n="$big" -v m="$metrics" 'BEGIN { printf "%.1f", n * m * 65 * 4 / 1073741824 }') GiB of results.

At $mid paths (no charts, medians of 3): kept **${kept_wall} s**, ${kept_mib} MiB, ${kept_cpu} s
CPU; bounded **${bnd_wall} s**, ${bnd_mib} MiB, ${bnd_cpu} s CPU ($bnd_sim paths simulated); the
CSVs are $same.

**Precision**: \`run --precision '$goal'\` took $goal_paths paths: **${goal_wall} s**
(${goal_cpu} s CPU, ${goal_mib} MiB; median of 3).

**MPI**: $mpi

**Charts**: the baseline's $charts charts, drawn by one gnuplot per chart (all at once, as before)
**${gp_old_wall} s** wall, ${gp_old_cpu} s CPU; by one gnuplot per core (each drawing its share
after \`reset session\`, as now) **${gp_new_wall} s** wall, ${gp_new_cpu} s CPU (medians of 5).
END
)
. bench/section.sh
write_section "Scale" "$section"
echo "$section"
