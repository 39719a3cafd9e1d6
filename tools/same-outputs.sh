#!/usr/bin/env bash
# same-outputs.sh [REV]: do this tree and git revision REV (default: main) give the same results?
#
# For refactors that must not change behaviour. Builds REV from a temporary checkout under /tmp
# (`git archive`, built RelWithDebInfo; kept in a cache keyed by commit so later calls skip the
# build) and this working tree (uncommitted changes included) in build/. Then, with both
# programs, on this tree's scenario files:
#   - runs every scenarios/*.cfg and tests/data/*.cfg with --paths 400 --seed 11 --threads 2
#     --no-charts and compares every CSV written (monthly.csv, annual.csv, mtfp.csv, ...) byte
#     for byte (run.json and report.html hold wall times, so they are not compared);
#   - runs compare (baseline vs whatif-fewer-entries), sensitivity (baseline) and goalseek
#     (mtfp-2019) and compares compare.csv, sensitivity.csv and what each prints (wall times
#     masked);
#   - with this tree's program, checks that --threads 1 writes the same CSVs as --threads 2.
# A file both programs reject (an invalid-input fixture) is skipped; one only REV cannot read
# (a new key) is listed but not counted as a difference.
# Exit status: 0 all identical; 1 some output differs (a summary of each difference is printed);
# 2 usage or build error. Environment: SAME_OUTPUTS_PATHS (default 400), SAME_OUTPUTS_SEED (11).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
rev=${1:-main}
paths=${SAME_OUTPUTS_PATHS:-400}
seed=${SAME_OUTPUTS_SEED:-11}
jobs=2 # the machine is shared: never more

sha=$(git rev-parse --verify --quiet "$rev^{commit}") || {
    echo "same-outputs: unknown revision '$rev'" >&2
    exit 2
}

# ---- build REV (cached by commit) and this tree ----
cache=${TMPDIR:-/tmp}/carecast-same-outputs
rev_bin=$cache/$sha/carecast
if [ ! -x "$rev_bin" ]; then
    mkdir -p "$cache"
    stage=$(mktemp -d "$cache/build.XXXXXX")
    trap 'rm -rf "$stage"' EXIT
    echo "same-outputs: building $rev (${sha:0:10}) in $stage" >&2
    git archive --prefix=src/ "$sha" | tar -x -C "$stage"
    if ! { cmake -S "$stage/src" -B "$stage/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null &&
        cmake --build "$stage/build" -j "$jobs" --target carecast >/dev/null; }; then
        echo "same-outputs: building $rev failed" >&2
        exit 2
    fi
    mkdir -p "$stage/out"
    cp "$stage/build/carecast" "$stage/out/carecast"
    # Publish atomically: another caller may be building the same commit.
    mv -T "$stage/out" "$cache/$sha" 2>/dev/null || true
    rm -rf "$stage"
    trap - EXIT
fi
echo "same-outputs: building this tree in build/" >&2
if [ ! -f build/CMakeCache.txt ]; then
    cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build build -j "$jobs" --target carecast >/dev/null || {
    echo "same-outputs: building this tree failed" >&2
    exit 2
}
here_bin=$root/build/carecast

work=$(mktemp -d "${TMPDIR:-/tmp}/same-outputs.XXXXXX")
trap 'rm -rf "$work"' EXIT
common=(--paths "$paths" --seed "$seed" --quiet)
differences=0 compared=0
notes=()

# differ WHAT FILE_A FILE_B: counts and summarises a difference between two files.
differ() {
    differences=$((differences + 1))
    local n
    diff "$2" "$3" >"$work/diff" || true
    n=$(grep -c '^[<>]' "$work/diff" || true)
    echo "DIFFERS: $1 ($n lines differ; first ones, < this tree, > $rev):"
    awk '/^[<>]/ && n++ < 6 { print "    " substr($0, 1, 160) }' "$work/diff"
}

# same_csvs WHAT DIR_A DIR_B: compares every CSV of two output directories.
same_csvs() {
    local what=$1 a=$2 b=$3 f
    local la lb
    la=$(cd "$a" && ls -- *.csv 2>/dev/null | sort | tr '\n' ' ')
    lb=$(cd "$b" && ls -- *.csv 2>/dev/null | sort | tr '\n' ' ')
    if [ "$la" != "$lb" ]; then
        differences=$((differences + 1))
        echo "DIFFERS: $what: files [${la% }] vs [${lb% }]"
    fi
    for f in $la; do
        [ -f "$b/$f" ] || continue
        compared=$((compared + 1))
        cmp -s "$a/$f" "$b/$f" || differ "$what $f" "$a/$f" "$b/$f"
    done
}

# ---- every scenario: this tree vs REV, and 1 vs 2 threads ----
for cfg in scenarios/*.cfg tests/data/*.cfg; do
    name=${cfg//\//_}
    here=$work/here/$name rev_out=$work/rev/$name one=$work/one/$name
    rc_here=0 rc_rev=0
    "$here_bin" run "$cfg" "${common[@]}" --threads 2 --no-charts --out "$here" \
        >/dev/null 2>"$work/err" || rc_here=$?
    "$rev_bin" run "$cfg" "${common[@]}" --threads 2 --no-charts --out "$rev_out" \
        >/dev/null 2>>"$work/err" || rc_rev=$?
    if [ "$rc_here" -ne 0 ] && [ "$rc_rev" -ne 0 ]; then
        notes+=("skipped $cfg: neither program runs it")
        continue
    elif [ "$rc_here" -eq 0 ] && [ "$rc_rev" -ne 0 ]; then
        notes+=("new: $cfg runs here but $rev cannot run it")
        continue
    elif [ "$rc_here" -ne 0 ]; then
        differences=$((differences + 1))
        echo "DIFFERS: $cfg: this tree fails (exit $rc_here), $rev runs it:"
        awk 'NR <= 4 { print "    " $0 }' "$work/err"
        continue
    fi
    same_csvs "$cfg" "$here" "$rev_out"
    "$here_bin" run "$cfg" "${common[@]}" --threads 1 --no-charts --out "$one" >/dev/null
    same_csvs "$cfg (1 vs 2 threads)" "$one" "$here"
done

# ---- what-if commands ----
# whatif NAME FILE ARGS...: runs a command with both programs; compares FILE (if not -) and stdout.
whatif() {
    local name=$1 file=$2
    shift 2
    local a=$work/here/$name b=$work/rev/$name
    mkdir -p "$a" "$b"
    # A command that writes no file (goalseek) takes no --out.
    local out_a=() out_b=()
    [ "$file" != - ] && out_a=(--out "$a/out") && out_b=(--out "$b/out")
    if ! "$here_bin" "$@" "${common[@]}" --threads 2 "${out_a[@]}" >"$a/stdout" 2>&1; then
        differences=$((differences + 1))
        echo "DIFFERS: $name: this tree fails:"
        awk 'NR <= 4 { print "    " $0 }' "$a/stdout"
        return
    fi
    if ! "$rev_bin" "$@" "${common[@]}" --threads 2 "${out_b[@]}" >"$b/stdout" 2>&1; then
        notes+=("new: $name runs here but $rev cannot run it")
        return
    fi
    # What they print may hold a wall time ("10 runs, 2.13 s"): mask it.
    sed -Ei 's/[0-9]+\.[0-9]+ s\b/(time) s/g' "$a/stdout" "$b/stdout"
    compared=$((compared + 1))
    cmp -s "$a/stdout" "$b/stdout" || differ "$name (printed)" "$a/stdout" "$b/stdout"
    if [ "$file" != - ]; then
        compared=$((compared + 1))
        cmp -s "$a/out/$file" "$b/out/$file" || differ "$name $file" "$a/out/$file" "$b/out/$file"
    fi
}
whatif compare compare.csv compare scenarios/baseline.cfg scenarios/whatif-fewer-entries.cfg \
    --no-charts
whatif sensitivity sensitivity.csv sensitivity scenarios/baseline.cfg --no-charts
whatif goalseek - goalseek scenarios/mtfp-2019.cfg --vary initiatives.edge_of_care.size.mean \
    --range 5:60 --target 'savings.total@2022/23>=7334781' --prob 0.5

for n in "${notes[@]}"; do
    echo "note: $n"
done
if [ "$differences" -ne 0 ]; then
    echo "same-outputs: $differences difference(s) against $rev (${sha:0:10}); $compared files compared"
    exit 1
fi
echo "same-outputs: identical to $rev (${sha:0:10}): $compared files compared" \
    "($paths paths, seed $seed; 1 and 2 threads agree)"
