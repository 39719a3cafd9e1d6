#!/usr/bin/env bash
# What-if commands through the real binary: compare (a scenario against itself
# differs by exactly zero; fewer entries mean fewer children; the same files
# for any thread count), sensitivity (CSV and tornado charts; bad parameters
# refused) and goal-seek (a value found, and a clear message when none works).
#
# Usage: whatif.sh CARECAST_BINARY SOURCE_DIR
# Prints "ok - name" / "not ok - name: reason", then "N passed, M failed".
set -u

. "$(dirname "$0")/common.sh" whatif "$@"
D=$SRC/tests/data

check() { # check NAME COMMAND...: ok when the command succeeds
    local name=$1
    shift
    if "$@" >/dev/null 2>&1; then ok "$name"; else not_ok "$name" "failed: $*"; fi
}

# ---- compare

"$CC" compare "$D/small.cfg" "$D/small.cfg" --paths 300 --out "$T/self" --quiet --no-charts
check "compare a scenario with itself exits 0" test $? -eq 0
check "compare.csv has the documented header" \
    test "$(head -1 "$T/self/compare.csv")" = "metric,period,scenario,mean,p5,p10,p25,p50,p75,p90,p95"
nonzero=$(awk -F, '$3 ~ /-minus-/ { rows++; for (i = 4; i <= NF; i++) if ($i != 0) bad++ }
                   END { print (rows > 1000 ? bad + 0 : "too few rows: " rows) }' "$T/self/compare.csv")
check "a scenario compared with itself differs by exactly zero everywhere ($nonzero non-zero)" \
    test "$nonzero" = 0

"$CC" compare "$D/small.cfg" "$D/small-fewer.cfg" --paths 400 --out "$T/fewer" >"$T/fewer.out" 2>"$T/fewer.err"
check "compare base and alternative exits 0" test $? -eq 0
check "compare prints the differences for the meeting" grep -q "small-fewer vs small" "$T/fewer.out"
median=$(awk -F, '$1 == "entries.total" && $2 == "2022/23" && $3 == "small-fewer-minus-small" { print $8 }' \
    "$T/fewer/compare.csv")
check "20% fewer entries: the median difference in a year's entries is negative ($median)" \
    awk -v m="$median" 'BEGIN { exit !(m < 0) }'
levels=$(awk -F, '$2 == "2022/23" && $1 == "cic.total" { n++ } END { print n }' "$T/fewer/compare.csv")
check "each year has the base, the alternative and the difference ($levels rows)" test "$levels" -eq 3
check "the comparison report has side-by-side tables" \
    grep -q 'data-scenario="small-fewer-minus-small"' "$T/fewer/report.html"
check "the comparison directory is marked by run.json" test -s "$T/fewer/run.json"
if command -v gnuplot >/dev/null; then
    for c in compare_cic compare_spend compare_fte compare_cic_levels compare_capacity; do
        check "$c chart drawn" test -s "$T/fewer/charts/$c.svg" -a -s "$T/fewer/charts/$c.png"
    done
fi
# The levels beside each other: both scenarios' columns in the data the charts draw.
check "compare_cic_levels draws the base beside the alternative" \
    grep -q '"small P10" "small" "small P90" "small-fewer P10" "small-fewer" "small-fewer P90"' \
    "$T/fewer/charts/compare_cic_levels.dat"
check "compare_capacity draws both scenarios' places and agency fostering" \
    grep -q '"small in-house places" "small in agency fostering" "small-fewer in-house places"' \
    "$T/fewer/charts/compare_capacity.dat"

# --set-alt: the alternative is the base with a change, no file needed; it
# gives the same differences as a file that makes the change.
"$CC" compare "$D/small.cfg" --set-alt levers.entries_change_pct=-20 --paths 400 --out "$T/alt" \
    --quiet --no-charts 2>"$T/alt.err"
check "compare BASE --set-alt k=v exits 0" test $? -eq 0
strip() { awk -F, -v OFS=, '$3 ~ /-minus-/ { $3 = "diff"; print }' "$1"; }
check "... with the differences of a file that makes the change (small-fewer.cfg)" \
    cmp <(strip "$T/fewer/compare.csv") <(strip "$T/alt/compare.csv")
check "... and names the alternative by its change" \
    grep -q '^cic.total,2022/23,small with levers.entries_change_pct=-20,' "$T/alt/compare.csv"

# --measure: more measures in the printed summary and the report; a chance as
# both scenarios' chances and the change in points.
"$CC" compare "$D/money.cfg" "$D/money-cut.cfg" --paths 200 --out "$T/meas" --no-charts \
    --measure cost.placement.agency --measure overspend >"$T/meas.out" 2>"$T/meas.err"
check "compare --measure exits 0" test $? -eq 0
check "... prints the measure in words" grep -q "^  placement spend: Agency " "$T/meas.out"
check "... prints a chance as both chances and the change in points" \
    grep -q "^  chance of overspending the budget: all budget lines .*% -> .*% ([-+][0-9]* points)" "$T/meas.out"
check "... and the report has a table for each" \
    grep -q '<h3>Placement spend: Agency</h3>' "$T/meas/report.html"
"$CC" compare "$D/money.cfg" "$D/money-cut.cfg" --paths 200 --out "$T/meas2" --quiet \
    --measure cost.placment.agency 2>"$T/meas2.err"
check "an unknown --measure exits 2 with a suggestion, before running" \
    grep -q "did you mean 'cost.placement.agency'" "$T/meas2.err"
# The alternative keeps its own metrics: money-cut's savings, which money.cfg has not.
check "compare.csv keeps the alternative's own metrics (its savings)" \
    grep -q '^savings.total,2021/22,money-cut,' "$T/meas/compare.csv"
"$CC" compare "$D/small.cfg" "$D/small-fewer.cfg" --paths 400 --out "$T/one" --threads 1 --quiet --no-charts
"$CC" compare "$D/small.cfg" "$D/small-fewer.cfg" --paths 400 --out "$T/two" --threads 2 --quiet --no-charts
check "compare.csv is the same for 1 and 2 threads" cmp "$T/one/compare.csv" "$T/two/compare.csv"

"$CC" compare "$D/small.cfg" "$D/small-short.cfg" --out "$T/mismatch" --quiet 2>"$T/mismatch.err"
rc=$?
check "compare refuses scenarios with different horizons (exit 2)" test "$rc" -eq 2
check "... and says why" grep -q "horizon" "$T/mismatch.err"
"$CC" compare "$D/small.cfg" --quiet 2>/dev/null
check "compare needs an alternative (exit 2)" test $? -eq 2

# ---- sensitivity

"$CC" sensitivity "$D/small.cfg" --paths 300 --out "$T/sens" --quiet \
    --param model.entries.annual_children:50:90 --param levers.exits_change_pct:-20:20 \
    --output cic.total@2022/23
check "sensitivity exits 0" test $? -eq 0
check "sensitivity.csv has a row per parameter" test "$(wc -l <"$T/sens/sensitivity.csv")" -eq 3
entries=$(awk -F, '$3 == "model.entries.annual_children" { print ($8 > $7) }' "$T/sens/sensitivity.csv")
check "more entries mean more children in care" test "$entries" = 1
exits=$(awk -F, '$3 == "levers.exits_change_pct" { print ($8 < $7) }' "$T/sens/sensitivity.csv")
check "more exits mean fewer children in care" test "$exits" = 1
check "a tornado chart is written" test -s "$T/sens/charts/tornado_1.gp"
"$CC" sensitivity "$D/small.cfg" --paths 100 --out "$T/sens" --quiet \
    --param model.entries.annual_children:50:90 --output cic.total@2022/23 --output cp.total@2022/23
"$CC" sensitivity "$D/small.cfg" --paths 100 --out "$T/sens" --quiet \
    --param model.entries.annual_children:50:90 --output cic.total@2022/23
check "a rerun into the same directory leaves no stale chart behind" \
    test ! -e "$T/sens/charts/tornado_2.gp" -a -s "$T/sens/charts/tornado_1.gp"

"$CC" sensitivity "$D/small.cfg" --paths 50 --out "$T/sens2" --quiet --param model.entries.annual_childs:50:90 \
    2>"$T/sens2.err"
rc=$?
check "sensitivity refuses an unknown parameter (exit 2)" test "$rc" -eq 2
check "... naming it" grep -q "annual_childs" "$T/sens2.err"
"$CC" sensitivity "$D/small.cfg" --out "$T/sens3" --quiet 2>"$T/sens3.err"
rc=$?
check "sensitivity without parameters on a model with none listed exits 2" test "$rc" -eq 2
check "... and says how to give them" grep -q -- "--param" "$T/sens3.err"
"$CC" sensitivity "$D/small.cfg" --quiet --param x.y:3:1 2>/dev/null
check "sensitivity refuses low >= high (exit 2)" test $? -eq 2

# ---- goal-seek

"$CC" goalseek "$D/money-cut.cfg" --vary initiatives.framework.size --range 0:40 \
    --target 'savings.total@2021/22 >= 600k' --prob 0.5 --paths 300 --out "$T/gs" \
    >"$T/gs.out" 2>"$T/gs.err"
check "goalseek exits 0 (a target written 600k, a range from 0)" test $? -eq 0
# A price cut is a percentage: "initiatives.framework.size = 14.1% meets ... >= £600,000".
x=$(sed -n 's/^initiatives.framework.size = \([0-9.]*\)% meets savings.total in 2021\/22 >= £600,000 .*/\1/p' "$T/gs.out")
check "goalseek finds a value in the range ($x), printed with its unit and the target in £" \
    awk -v x="$x" 'BEGIN { exit !(x > 0 && x < 40) }'
check "goalseek states the Monte Carlo uncertainty" grep -q "uncertainty" "$T/gs.out"
check "goalseek says what the value achieves" grep -q "At that value, savings from all the initiatives in 2021/22: median £" "$T/gs.out"
# --out: goalseek.csv holds the answer printed, and run.json marks the folder.
csv_x=$(awk -F, 'NR == 2 && $6 == "yes" { printf "%.1f", $7 }' "$T/gs/goalseek.csv" 2>/dev/null)
check "goalseek --out writes goalseek.csv with the value printed ($csv_x)" test -n "$x" -a "$csv_x" = "$x"
check "goalseek --out writes run.json" test -s "$T/gs/run.json"
# The folder is published whole like a run's: run.json lists goalseek.csv and
# itself, and nothing else of carecast's is left there (staging, temp files).
listed=$(sed -n '/"outputs": \[/,/\]/p' "$T/gs/run.json" | grep -o '"[^"]*"' | tr -d '"' |
    grep -v '^outputs$' | tr '\n' ' ')
present=$(cd "$T/gs" && find . -mindepth 1 ! -name .carecast.lock | sed 's|^\./||' | sort | tr '\n' ' ')
check "goalseek --out: run.json lists goalseek.csv and run.json, the folder holds just them ($present)" \
    test "$listed" = "goalseek.csv run.json " -a "$present" = "goalseek.csv run.json "
csv_p=$(awk -F, 'NR == 2 { print $9 }' "$T/gs/goalseek.csv" 2>/dev/null)
check "goalseek.csv's probability ($csv_p) is at least the one wanted" \
    awk -v p="$csv_p" 'BEGIN { exit !(p >= 0.5 && p <= 1) }'
"$CC" goalseek "$D/money-cut.cfg" --vary initiatives.framework.size --range 0:1 \
    --target 'savings.total@2021/22>=600000' --paths 200 >"$T/gs2.out" 2>&1
check "goalseek with no value in range exits 0 and says so" grep -q "^No value of initiatives.framework.size from 0% to 1% meets" "$T/gs2.out"
"$CC" goalseek "$D/money-cut.cfg" --vary initiatives.framework.size --range 0:40 \
    --target 'savings.totl@2021/22>=600000' --paths 50 2>"$T/gs3.err"
rc=$?
check "goalseek with an unknown metric exits 2" test "$rc" -eq 2
check "... naming it" grep -q "savings.totl" "$T/gs3.err"
"$CC" goalseek "$D/money-cut.cfg" --vary initiatives.framework.size --target 'x@2021/22>=1' 2>/dev/null
check "goalseek without --range exits 2" test $? -eq 2

cc_finish
