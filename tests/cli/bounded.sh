#!/usr/bin/env bash
# run --memory: a run whose paths are summarised as they are simulated (bounded memory) writes
# the same files, byte for byte, as a run that keeps every path: CSVs, chart data and scripts,
# the report, the workbook's figures; for the baseline (budgets, workforce, carers) and the 2019 MTFP scenario
# (initiatives, savings, mtfp.csv), on 1 and 2 threads. auto switches by the size limit;
# run.json says so; bad values are refused.
set -u

. "$(dirname "$0")/common.sh" bounded "$@"
cd "$T" || exit 1

# same_files A B: every CSV, chart .dat/.gp and report.html of two runs agree (the report's
# output folder and wall time masked). Prints the first difference.
same_files() {
    local a=$1 b=$2 f
    for f in $(cd "$a" && ls -- *.csv charts/*.dat charts/*.gp 2>/dev/null); do
        if ! cmp -s "$a/$f" "$b/$f"; then
            echo "$f differs"
            return 1
        fi
    done
    # The wall time, the folder and the thread count differ by design.
    mask() {
        sed -E -e 's/[0-9]+\.[0-9]+ s\b/(time) s/g' -e 's/run\.output_dir=[^<]*/(dir)/' \
            -e 's/(Seed, paths, threads<\/td><td>[0-9]+, [0-9]+, )[0-9]+/\1(threads)/' \
            -e 's/run\.threads=[0-9]+/(threads)/' "$1"
    }
    if ! diff -q <(mask "$a/report.html") <(mask "$b/report.html") >/dev/null; then
        echo "report.html differs"
        return 1
    fi
    [ -f "$a/monthly.csv" ] || { echo "no monthly.csv"; return 1; }
}

check_same() { # NAME DIR_A DIR_B
    local why
    if why=$(same_files "$2" "$3"); then
        ok "$1"
    else
        not_ok "$1" "$why"
    fi
}

# The baseline: more paths than one round (2,048), so the pilot stops early and a second pass
# keeps values near each percentile.
"$CC" run "$SRC/scenarios/baseline.cfg" --paths 2500 --seed 5 --quiet --out kept \
    --memory paths >/dev/null 2>kept.err
"$CC" run "$SRC/scenarios/baseline.cfg" --paths 2500 --seed 5 --out bounded \
    --memory bounded >bounded.out 2>bounded.err
rc=$?
if [ "$rc" -eq 0 ] && grep -q "bounded memory: 2500 paths" bounded.out; then
    ok "run --memory bounded runs the baseline and says so"
else
    not_ok "run --memory bounded runs the baseline and says so" "exit $rc; $(head -c 300 bounded.err)"
fi
check_same "baseline: bounded and kept paths write the same files" kept bounded
if grep -q '"memory": "bounded"' bounded/run.json &&
    awk -F': ' '/"paths_simulated"/ { exit !($2 + 0 >= 2500) }' bounded/run.json &&
    ! grep -q '"memory"' kept/run.json; then
    ok "run.json records bounded memory and the paths simulated (not for kept paths)"
else
    not_ok "run.json records bounded memory" "$(grep -E 'memory|simulated' bounded/run.json)"
fi

# The workbook: every sheet but Run (threads, wall time) holds the same cells; the per-path
# values are kept only when the paths are, and query says why it cannot answer without them.
PY=$(command -v python3)
DUMP=$SRC/tests/support/xlsx_dump.py
same_sheets=yes
for sheet in Headline "Budget monitoring" "Annual results" "Monthly results"; do
    "$PY" "$DUMP" kept/carecast.xlsx "$sheet" >kept.tsv 2>&1
    "$PY" "$DUMP" bounded/carecast.xlsx "$sheet" >bounded.tsv 2>&1
    if [ ! -s kept.tsv ] || ! cmp -s kept.tsv bounded.tsv; then
        same_sheets="$sheet differs"
        break
    fi
done
if [ "$same_sheets" = yes ]; then
    ok "baseline: the workbooks of bounded and kept paths hold the same figures"
else
    not_ok "baseline: the workbooks of bounded and kept paths hold the same figures" "$same_sheets"
fi
if [ -s kept/paths-annual.bin ] && [ ! -e bounded/paths-annual.bin ] &&
    ! grep -q paths-annual bounded/run.json; then
    ok "paths-annual.bin is written when the paths are kept, not when they are summarised"
else
    not_ok "paths-annual.bin only with kept paths" "$(ls kept bounded | tr '\n' ' ')"
fi
"$CC" query bounded 'cic.total@2023/24 > 800' >query.out 2>query.err
rc=$?
if [ "$rc" -eq 2 ] && grep -q "run with bounded memory.*--memory paths" query.err; then
    ok "query on a bounded run says it kept no path's values and how to keep them (exit 2)"
else
    not_ok "query on a bounded run explains" "exit $rc; $(head -c 300 query.err)"
fi

# Initiatives (savings measured on each path with and without them), MTFP targets; one thread.
"$CC" run "$SRC/scenarios/mtfp-2019.cfg" --paths 300 --seed 9 --quiet --no-charts --out m-kept \
    --memory paths --threads 2 >/dev/null 2>&1
"$CC" run "$SRC/scenarios/mtfp-2019.cfg" --paths 300 --seed 9 --quiet --no-charts --out m-bounded \
    --memory bounded --threads 1 >/dev/null 2>&1
if [ -f m-bounded/mtfp.csv ]; then
    check_same "MTFP scenario: bounded on 1 thread and kept on 2 write the same files" \
        m-kept m-bounded
else
    not_ok "MTFP scenario: bounded on 1 thread and kept on 2 write the same files" "no mtfp.csv"
fi

# auto: bounded only when keeping the paths would pass the limit (300 baseline paths: 7.4 MB).
"$CC" run "$SRC/scenarios/baseline.cfg" --paths 300 --quiet --no-charts --out small-limit \
    --memory 2M >/dev/null 2>&1
"$CC" run "$SRC/scenarios/baseline.cfg" --paths 300 --quiet --no-charts --out big-limit \
    --memory 1G >/dev/null 2>&1
if grep -q '"memory": "bounded"' small-limit/run.json && ! grep -q '"memory"' big-limit/run.json &&
    cmp -s small-limit/annual.csv big-limit/annual.csv; then
    ok "--memory SIZE: bounded above the limit, kept below it, the same results"
else
    not_ok "--memory SIZE: bounded above the limit, kept below it" \
        "$(grep -c memory small-limit/run.json big-limit/run.json)"
fi

for bad in 0 12Q 3.5G -1M "" 99999999999999999999G; do
    "$CC" run "$SRC/scenarios/baseline.cfg" --memory "$bad" --out never >/dev/null 2>bad.err
    rc=$?
    if [ "$rc" -eq 2 ] && grep -q -- "--memory takes auto, paths, bounded or a size" bad.err &&
        [ ! -e never ]; then
        ok "--memory '$bad' is refused (exit 2, nothing written)"
    else
        not_ok "--memory '$bad' is refused" "exit $rc; $(head -c 200 bad.err)"
    fi
done
"$CC" compare "$SRC/scenarios/baseline.cfg" "$SRC/scenarios/baseline.cfg" --memory bounded \
    >/dev/null 2>cmp.err
rc=$?
if [ "$rc" -eq 2 ] && grep -q "'--memory' is not an option of compare" cmp.err; then
    ok "--memory is an option of run only"
else
    not_ok "--memory is an option of run only" "exit $rc; $(head -c 200 cmp.err)"
fi

cc_finish
