#!/usr/bin/env bash
# Basic command-line behaviour of carecast: help, version, usage errors, and a
# small run whose outputs are checked for shape and reproducibility.
#
# Usage: basic.sh CARECAST_BINARY SOURCE_DIR
# Prints "ok - name" / "not ok - name: reason", then "N passed, M failed".
set -u

. "$(dirname "$0")/common.sh" basic "$@"
SCENARIO=$SRC/tests/data/small.cfg
MODEL=$SRC/tests/data/small-model.cfg
if [ ! -f "$SCENARIO" ] || [ ! -f "$MODEL" ]; then
    echo "not ok - setup: need $SCENARIO and $MODEL"
    echo "0 passed, 1 failed"
    exit 1
fi

RC=

# run_cc TAG ARGS...: output in $T/TAG.out and $T/TAG.err; sets RC.
run_cc() {
    local tag=$1
    shift
    "$CC" "$@" >"$T/$tag.out" 2>"$T/$tag.err" </dev/null
    RC=$?
}

excerpt() {
    head -c 300 "$1" | tr '\n' '|'
}

# ------------------------------------------------------------ help, version

run_cc help --help
if [ "$RC" -eq 0 ] && grep -q 'Usage' "$T/help.out" && grep -q 'Exit status' "$T/help.out" &&
    [ ! -s "$T/help.err" ]; then
    ok "--help exits 0 with usage on stdout"
else
    not_ok "--help exits 0 with usage on stdout" "exit $RC; stderr: $(excerpt "$T/help.err")"
fi

run_cc version --version
if [ "$RC" -eq 0 ] && grep -q -E '^carecast [0-9]+\.[0-9]+' "$T/version.out"; then
    ok "--version exits 0 and prints a version"
else
    not_ok "--version exits 0 and prints a version" "exit $RC; stdout: $(excerpt "$T/version.out")"
fi

run_cc noargs
if [ "$RC" -eq 2 ] && [ -s "$T/noargs.err" ]; then
    ok "no arguments exits 2 with a message"
else
    not_ok "no arguments exits 2 with a message" "exit $RC"
fi

# ------------------------------------------------------------------- a run

OUT=$T/out
run_cc run1 run "$SCENARIO" --paths 200 --out "$OUT" --quiet
if [ "$RC" -eq 0 ] && [ -f "$OUT/monthly.csv" ] && [ -f "$OUT/annual.csv" ] &&
    [ -f "$OUT/run.json" ]; then
    ok "run --paths 200 writes monthly.csv, annual.csv, run.json"
else
    not_ok "run --paths 200 writes monthly.csv, annual.csv, run.json" \
        "exit $RC; files: $(ls -A "$OUT" 2>/dev/null | tr '\n' ' '); stderr: $(excerpt "$T/run1.err")"
fi

HEADER='metric,period,mean,mean_se,sd,p5,p10,p25,p50,p75,p90,p95'
for f in monthly annual; do
    if [ -f "$OUT/$f.csv" ] && [ "$(head -n 1 "$OUT/$f.csv")" = "$HEADER" ]; then
        ok "$f.csv header"
    else
        not_ok "$f.csv header" "got '$(head -n 1 "$OUT/$f.csv" 2>/dev/null)'"
    fi
done

# Every data row: 12 fields, a well-formed period, numeric statistics.
check_rows() { # FILE PERIOD-KIND
    awk -F, -v kind="$2" '
        NR == 1 { next }
        NF != 12 { print "line " NR ": " NF " fields"; exit 1 }
        kind == "month" && $2 !~ /^[0-9][0-9][0-9][0-9]-(0[1-9]|1[0-2])$/ {
            print "line " NR ": period " $2; exit 1 }
        kind == "year" {
            if ($2 !~ /^[0-9][0-9][0-9][0-9]\/[0-9][0-9]$/) { print "line " NR ": period " $2; exit 1 }
            y = substr($2, 1, 4) + 0; n = substr($2, 6, 2) + 0
            if (n != (y + 1) % 100) { print "line " NR ": period " $2; exit 1 }
        }
        {
            for (i = 3; i <= 12; i++)
                if ($i !~ /^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$/) {
                    print "line " NR ": field " i " = " $i; exit 1 }
        }
        END { if (NR < 2) { print "no data rows"; exit 1 } }' "$1"
}

for pair in monthly:month annual:year; do
    f=${pair%%:*}
    kind=${pair#*:}
    if [ ! -f "$OUT/$f.csv" ]; then
        not_ok "$f.csv rows are well formed" "no file"
    elif why=$(check_rows "$OUT/$f.csv" "$kind"); then
        ok "$f.csv rows are well formed (periods like $([ "$kind" = month ] && echo YYYY-MM || echo YYYY/YY))"
    else
        not_ok "$f.csv rows are well formed" "$why"
    fi
done

# The small scenario starts in April 2020 and runs 36 months.
if [ -f "$OUT/monthly.csv" ]; then
    periods=$(awk -F, '$1 == "cic.total" { print $2 }' "$OUT/monthly.csv")
    n=$(printf '%s\n' "$periods" | grep -c .)
    first=$(printf '%s\n' "$periods" | head -n 1)
    last=$(printf '%s\n' "$periods" | tail -n 1)
    if [ "$n" -eq 36 ] && [ "$first" = 2020-04 ] && [ "$last" = 2023-03 ]; then
        ok "monthly cic.total covers 2020-04 to 2023-03 (36 months)"
    else
        not_ok "monthly cic.total covers 2020-04 to 2023-03 (36 months)" \
            "$n periods, $first to $last"
    fi
fi
if [ -f "$OUT/annual.csv" ]; then
    periods=$(awk -F, '$1 == "cic.total" { printf "%s ", $2 }' "$OUT/annual.csv")
    if [ "$periods" = "2020/21 2021/22 2022/23 " ]; then
        ok "annual cic.total covers 2020/21 to 2022/23"
    else
        not_ok "annual cic.total covers 2020/21 to 2022/23" "got '$periods'"
    fi
fi

for metric in cic.total cic.placement.agency cic.age.young entries.total exits.total \
    cin.total cp.total care_leavers.total carers.households carers.places_free; do
    missing=
    for f in monthly annual; do
        if ! awk -F, -v m="$metric" '$1 == m { found = 1 } END { exit !found }' \
            "$OUT/$f.csv" 2>/dev/null; then
            missing="$missing $f.csv"
        fi
    done
    if [ -z "$missing" ]; then
        ok "metric $metric present"
    else
        not_ok "metric $metric present" "missing from$missing"
    fi
done

# run.json names both input files with their SHA-256.
if [ -f "$OUT/run.json" ]; then
    for input in "$SCENARIO" "$MODEL"; do
        name=$(basename "$input")
        entry=$(grep -F "$name\"" "$OUT/run.json" | head -n 1)
        hash=$(printf '%s\n' "$entry" | grep -o -E '"sha256": *"[0-9a-f]{64}"' | grep -o -E '[0-9a-f]{64}')
        want=$(sha256sum "$input" | cut -c1-64)
        if [ -z "$hash" ]; then
            not_ok "run.json has a sha256 for $name" "entry: '$entry'"
        elif [ "$hash" != "$want" ]; then
            not_ok "run.json has a sha256 for $name" "recorded $hash, file has $want"
        else
            ok "run.json has the sha256 of $name"
        fi
    done
fi

# A second run into a directory holding an earlier run (run.json) is allowed.
run_cc run2 run "$SCENARIO" --paths 200 --out "$OUT" --quiet
if [ "$RC" -eq 0 ] && [ -f "$OUT/run.json" ]; then
    ok "second run into the same directory is allowed"
else
    not_ok "second run into the same directory is allowed" "exit $RC; stderr: $(excerpt "$T/run2.err")"
fi

# ---------------------------------------------------------- reproducibility

same_csvs() { # NAME DIR-A DIR-B
    local f
    for f in monthly.csv annual.csv; do
        if [ ! -f "$2/$f" ] || [ ! -f "$3/$f" ]; then
            not_ok "$1" "$f missing"
            return
        fi
        if ! cmp -s "$2/$f" "$3/$f"; then
            not_ok "$1" "$f differs: $(diff "$2/$f" "$3/$f" | head -n 3 | tr '\n' '|')"
            return
        fi
    done
    ok "$1"
}

run_cc seed_a run "$SCENARIO" --paths 200 --seed 99 --out "$T/seed_a" --quiet
rc_a=$RC
run_cc seed_b run "$SCENARIO" --paths 200 --seed 99 --out "$T/seed_b" --quiet
if [ "$rc_a" -eq 0 ] && [ "$RC" -eq 0 ]; then
    same_csvs "same seed twice gives byte-identical CSVs" "$T/seed_a" "$T/seed_b"
else
    not_ok "same seed twice gives byte-identical CSVs" "exit codes $rc_a, $RC"
fi

run_cc seed_c run "$SCENARIO" --paths 200 --seed 100 --out "$T/seed_c" --quiet
if [ "$RC" -eq 0 ] && [ -f "$T/seed_a/monthly.csv" ] &&
    ! cmp -s "$T/seed_a/monthly.csv" "$T/seed_c/monthly.csv"; then
    ok "a different seed gives different results"
else
    not_ok "a different seed gives different results" "exit $RC or identical monthly.csv"
fi

run_cc thr1 run "$SCENARIO" --paths 200 --seed 5 --threads 1 --out "$T/thr1" --quiet
rc_1=$RC
run_cc thr2 run "$SCENARIO" --paths 200 --seed 5 --threads 2 --out "$T/thr2" --quiet
if [ "$rc_1" -eq 0 ] && [ "$RC" -eq 0 ]; then
    same_csvs "--threads 1 and --threads 2 give byte-identical CSVs" "$T/thr1" "$T/thr2"
else
    not_ok "--threads 1 and --threads 2 give byte-identical CSVs" "exit codes $rc_1, $RC"
fi

# CARECAST_TIMINGS=1: one line on stderr naming each phase with its wall and CPU seconds, the
# charts' wait when drawn, the files as written and the wait for the workbook (written on its own
# thread); nothing without it (the runs above).
export CARECAST_TIMINGS=1
run_cc timed run "$SCENARIO" --paths 20 --seed 5 --out "$T/timed" --quiet
unset CARECAST_TIMINGS
phases=$(grep '^carecast: timings:' "$T/timed.err" | cut -d' ' -f3- |
    awk '{ for (i = 1; i < NF; i += 2) if ($(i + 1) ~ /^[0-9]+\.[0-9]+\/[0-9]+\.[0-9]+$/) printf "%s ", $i }')
want="load simulate summary charts-data monthly.csv annual.csv "
want+="paths-annual.bin charts-wait report.html workbook-wait run.json publish free total "
if [ "$RC" -eq 0 ] && [ "$(wc -l <"$T/timed.err")" -eq 1 ] && [ "$phases" = "$want" ] &&
    ! grep -q 'timings' "$T/thr2.err"; then
    ok "CARECAST_TIMINGS=1 prints each phase's wall/CPU seconds on one line of stderr"
else
    not_ok "CARECAST_TIMINGS=1 prints each phase's wall/CPU seconds" \
        "exit $RC; phases '$phases'; stderr: $(excerpt "$T/timed.err")"
fi

cc_finish
