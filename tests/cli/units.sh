#!/usr/bin/env bash
# Values typed in the wrong unit are accepted with a warning naming file,
# line and key: a weekly cost that is an annual one, a percentage typed as a
# fraction, a salary typed by the week. The shipped scenarios and models
# raise none, and a goal-seek's many re-loads show a warning once.
#
# Usage: units.sh CARECAST_BINARY SOURCE_DIR
set -u

. "$(dirname "$0")/common.sh" units "$@"
D=$T/case
mkdir -p "$D"
cp "$SRC/tests/data/money.cfg" "$SRC/tests/data/money-model.cfg" "$D/"
M=$D/money-model.cfg

# warns NAME EXPECTED-TEXT ARGS...: exit 0 and the warning on stderr.
warns() {
    local name=$1 want=$2
    shift 2
    "$CC" "$@" >"$T/out" 2>"$T/err" </dev/null
    local rc=$?
    if [ "$rc" -eq 0 ] && grep -q -F -- "$want" "$T/err" && grep -q "carecast: warning:" "$T/err"; then
        ok "$name"
    else
        not_ok "$name" "exit $rc; $(head -c 400 "$T/err" | tr '\n' '|')"
    fi
}

line=$(grep -n 'weekly_cost_gbp = 4100' "$M" | cut -d: -f1)
sed -i 's/weekly_cost_gbp = 4100/weekly_cost_gbp = 213200/' "$M"
if [ -z "$line" ] || grep -q 'weekly_cost_gbp = 4100' "$M"; then
    not_ok "setup" "tests/data/money-model.cfg has no weekly_cost_gbp = 4100"
fi
warns "an annual cost typed as weekly: file:line: key and the yearly figure" \
    "money-model.cfg:$line: model.placements.residential.weekly_cost_gbp: £213200 a week is £11124471 a year: is it an annual cost?" \
    validate "$D/money.cfg"
warns "a run goes ahead after the warning" "is it an annual cost?" \
    run "$D/money.cfg" --paths 20 --quiet --no-charts --out "$T/run"
if [ -s "$T/run/annual.csv" ]; then ok "... and writes its results"; else not_ok "... and writes its results" "no annual.csv"; fi
cp "$SRC/tests/data/money-model.cfg" "$M"

warns "a percentage typed as a fraction (--set)" \
    "--set levers.entries_change_pct=-0.1: levers.entries_change_pct: -0.1 means -0.1%, less than one per cent" \
    validate "$D/money.cfg" --set levers.entries_change_pct=-0.1
warns "a salary typed by the week" \
    "model.workforce.agency_annual_cost_gbp: £1500 a year for a social worker is £29 a week" \
    validate "$D/money.cfg" --set model.workforce.agency_annual_cost_gbp=1500

# A goal-seek re-loads the scenario for every value: the warning shows once.
"$CC" goalseek "$D/money.cfg" --set levers.entries_change_pct=-0.1 \
    --vary model.entries.annual_children --range 10:60 --target 'cic.total@2021/22 >= 0' \
    --paths 20 >"$T/gs.out" 2>"$T/gs.err"
n=$(grep -c "carecast: warning:" "$T/gs.err")
if [ "$n" -eq 1 ]; then ok "a goal-seek shows a warning once"; else
    not_ok "a goal-seek shows a warning once" "$n times"; fi

# Nothing shipped raises a warning (0.5% a year moves are real: no false alarms).
noisy=
for s in "$SRC"/scenarios/*.cfg "$SRC"/tests/data/*.cfg; do
    "$CC" validate "$s" >/dev/null 2>"$T/v.err"
    grep -q "warning" "$T/v.err" && noisy="$noisy $(basename "$s")"
done
if [ -z "$noisy" ]; then ok "no shipped scenario or test scenario raises a warning"; else
    not_ok "no shipped scenario or test scenario raises a warning" "$noisy"; fi

cc_finish
