#!/usr/bin/env bash
# carecast calibrate SCENARIO --as-at DATE and carecast hindcast: usage errors,
# history that cannot support the request, the fitted fragment read back over
# the model, and the hindcast's files (docs/calibration.md §18, docs/outputs.md).
#
# Usage: hindcast.sh CARECAST_BINARY SOURCE_DIR
set -u

. "$(dirname "$0")/common.sh" hindcast "$@"
BASE=$SRC/scenarios/baseline.cfg
RC=

# run_cc ARGS...: stdout and stderr in $T; sets RC.
run_cc() {
    "$CC" "$@" >"$T/stdout" 2>"$T/stderr" </dev/null
    RC=$?
}

# expect NAME CODE [FRAGMENT]: the last command exited with CODE and its stderr
# (or stdout) holds FRAGMENT.
expect() {
    if [ "$RC" -ne "$2" ]; then
        not_ok "$1" "exit $RC, expected $2: $(head -c 300 "$T/stderr" | tr '\n' '|')"
    elif [ $# -ge 3 ] && ! grep -qF -- "$3" "$T/stderr" "$T/stdout"; then
        not_ok "$1" "output lacks '$3': $(head -c 300 "$T/stderr" | tr '\n' '|')"
    else
        ok "$1"
    fi
}

# ---- calibrate ----
run_cc calibrate "$BASE" --as-at 2019-03-30
expect "--as-at must be a 31 March" 2 "give the 31 March"
run_cc calibrate "$BASE" --as-at 2016-03-31
expect "an as-at date before the history" 2 "no children in care (cic) for 2015/16"
run_cc calibrate "$SRC/tests/data/small.cfg" --as-at 2020-03-31
expect "a model without history" 2 "no children in care (cic) for 2019/20"
run_cc calibrate "$BASE" --as-at 2021-03-31 --out "$T/fit.cfg"
expect "calibrate writes the fragment" 0 "wrote $T/fit.cfg"
if grep -q '^calibration = {' "$T/fit.cfg" && grep -q 'as_at = "2021-03-31";' "$T/fit.cfg" &&
    grep -q 'entries = { level_pct' "$T/fit.cfg"; then
    ok "the fragment is a calibration section"
else
    not_ok "the fragment is a calibration section" "$(head -c 300 "$T/fit.cfg" | tr '\n' '|')"
fi
# Read back over the model: the start moves to April 2021 with 888 children in care.
mkdir -p "$T/scenarios"
cp -r "$SRC/models" "$T/models"
cp "$T/fit.cfg" "$T/scenarios/fit.cfg"
printf '@include "../models/sandwell-2019.cfg"\n@include "fit.cfg"\nrun = { name = "Fitted"; };\n' \
    >"$T/scenarios/fitted.cfg"
run_cc validate "$T/scenarios/fitted.cfg"
expect "the fitted scenario validates" 0 "start:     April 2021"
expect "the fitted scenario starts from the history's stocks" 0 "children in care at start: 888"
run_cc run "$T/scenarios/fitted.cfg" --paths 50 --no-charts --quiet --out "$T/fitted-run"
expect "the fitted scenario runs" 0
if grep -q '^entries.total,2021/22,' "$T/fitted-run/annual.csv"; then
    ok "its first year is 2021/22"
else
    not_ok "its first year is 2021/22" "$(sed -n 2p "$T/fitted-run/annual.csv")"
fi

# ---- hindcast ----
run_cc hindcast "$BASE"
expect "hindcast needs --origins" 2 "hindcast needs --origins"
run_cc hindcast "$BASE" --origins 2019-2020
expect "malformed origins" 2 "--origins '2019-2020'"
run_cc hindcast "$BASE" --origins 2012:2013 --out "$T/h0"
expect "origins before the history" 2 "the model's history has no year 2011/12"
run_cc hindcast "$BASE" --origins 2019:2020 --horizon-years 11
expect "a horizon beyond 10 years" 2 "--horizon-years"
run_cc hindcast "$BASE" --origins 2019:2020 --horizon-years 2 --paths 300 --out "$T/h1" --no-charts
expect "hindcast runs" 0 "in P5-P95"
header=$(head -1 "$T/h1/hindcast.csv")
if [ "$header" = "origin,metric,period,actual,p5,p25,p50,p75,p95,inside50,inside90,interval_score,naive" ]; then
    ok "hindcast.csv header"
else
    not_ok "hindcast.csv header" "$header"
fi
# Two origins x six metrics, one and two years ahead: 24 rows.
rows=$(($(wc -l <"$T/h1/hindcast.csv") - 1))
if [ "$rows" -eq 24 ]; then ok "one row per origin, metric and year"; else not_ok "rows" "$rows"; fi
if grep -q '^2019-03-31,cic.total,2020/21,888,' "$T/h1/hindcast.csv"; then
    ok "two years ahead is scored against that year's history"
else
    not_ok "two years ahead" "$(grep cic.total "$T/h1/hindcast.csv" | tr '\n' '|')"
fi
if [ -f "$T/h1/run.json" ] && grep -q '"command": "hindcast"' "$T/h1/run.json"; then
    ok "run.json marks the hindcast"
else
    not_ok "run.json" "missing"
fi
# The same seed gives the same file.
run_cc hindcast "$BASE" --origins 2019:2020 --horizon-years 2 --paths 300 --out "$T/h2" --no-charts --threads 1
if cmp -s "$T/h1/hindcast.csv" "$T/h2/hindcast.csv"; then
    ok "hindcast.csv is the same for any thread count"
else
    not_ok "same seed" "differs"
fi
# ---- a model whose history has no CIN, CP or care leavers ----
# calibrate --ssda903 writes children in care, entries and exits only: the
# summary says n/a for the rest (never nan), and each origin's chart draws the
# three quantities it has (gnuplot refuses a panel with no point at all).
run_cc calibrate --ssda903 "$SRC/tests/data/ssda903-sample" --out "$T/903.cfg"
expect "an SSDA903 model to hindcast" 0
run_cc hindcast "$T/903.cfg" --origins 2019:2020 --paths 100 --seed 3 --out "$T/h903"
expect "hindcast of a model without CIN, CP or care-leaver history" 0 "cic.total"
if grep -qi 'nan' "$T/stdout"; then
    not_ok "no nan in the summary" "$(grep -i nan "$T/stdout" | head -3 | tr '\n' '|')"
else
    ok "no nan in the summary"
fi
if grep -Eq '^  cin\.total +0/0 +0/0 +n/a +n/a +n/a$' "$T/stdout" &&
    grep -Eq '^  care_leavers\.total +0/0 +0/0 +n/a +n/a +n/a$' "$T/stdout" &&
    grep -Eq '^  exits\.total +[0-9]+/2 +[0-9]+/2 +[0-9.]+% +[0-9.]+% +[0-9.]+$' "$T/stdout"; then
    ok "metrics with no cases read n/a, the others their scores"
else
    not_ok "metrics with no cases read n/a" "$(tr '\n' '|' <"$T/stdout")"
fi
blocks=$(grep -c '^# [a-z_]*\.total$' "$T/h903/charts/hindcast_2019.dat" 2>/dev/null)
if grep -q 'array panel\[3\] = \[.Children in care' "$T/h903/charts/hindcast_2019.gp" 2>/dev/null &&
    [ "$blocks" = 3 ] && ! grep -q 'cin\.total' "$T/h903/charts/hindcast_2019.dat"; then
    ok "the chart has a panel and a block for each quantity with a history, no more"
else
    not_ok "the chart's panels" "blocks: $blocks; $(grep -h 'array panel' "$T"/h903/charts/*.gp | head -1)"
fi
if command -v gnuplot >/dev/null; then
    if grep -q 'could not draw' "$T/stderr" || ! [ -s "$T/h903/charts/hindcast_2019.png" ] ||
        ! [ -s "$T/h903/charts/hindcast_2020.svg" ] || ls "$T"/h903/charts/*.log >/dev/null 2>&1; then
        not_ok "gnuplot draws every origin's chart" "$(head -c 300 "$T/stderr" | tr '\n' '|')"
    else
        ok "gnuplot draws every origin's chart"
    fi
else
    ok "gnuplot is not installed here: pictures not checked"
fi
# The Sandwell model has all six.
run_cc hindcast "$BASE" --origins 2021:2021 --paths 100 --out "$T/h6"
if [ "$RC" -eq 0 ] && grep -q 'array panel\[6\]' "$T/h6/charts/hindcast_2021.gp" &&
    [ "$(grep -c '^# [a-z_]*\.total$' "$T/h6/charts/hindcast_2021.dat")" = 6 ] &&
    ! grep -q 'could not draw' "$T/stderr"; then
    ok "a model with all six histories charts all six"
else
    not_ok "all six panels" "exit $RC; $(head -c 300 "$T/stderr" | tr '\n' '|')"
fi
cc_finish
