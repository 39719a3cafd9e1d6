#!/usr/bin/env bash
# The money on the Board's page (issue 10): Monte Carlo standard errors in the
# CSVs and the report, chances never rounded to certainties, and the same
# figure for the same question in the CSV, the charts and the report.
#
# Usage: money.sh CARECAST_BINARY SOURCE_DIR
# Prints "ok - name" / "not ok - name: reason", then "N passed, M failed".
set -u

. "$(dirname "$0")/common.sh" money "$@"

check() { # check NAME COMMAND...: ok when the command succeeds
    local name=$1
    shift
    if "$@" >/dev/null 2>&1; then ok "$name"; else not_ok "$name" "failed: $*"; fi
}

PATHS=240
"$CC" run "$SRC/tests/data/money-cut.cfg" --paths $PATHS --out "$T/cut" --quiet 2>"$T/cut.err"
check "the money test run exits 0" test $? -eq 0

# ---- standard errors ----

for f in annual monthly; do
    check "$f.csv has a mean_se column after the mean" \
        grep -q '^metric,period,mean,mean_se,sd,' "$T/cut/$f.csv"
    # mean_se = sd / sqrt(paths) on every row, to the CSV's 10 digits.
    if awk -F, -v n=$PATHS 'NR > 1 { se = $5 / sqrt(n); d = $4 - se; if (d < 0) d = -d
                                     if (d > 1e-8 * (se < 0 ? -se : se) + 1e-12) { print; bad++ } }
                            END { exit bad > 0 || NR < 2 }' "$T/cut/$f.csv" >"$T/se.bad"; then
        ok "$f.csv: mean_se is sd / sqrt($PATHS) on every row"
    else
        not_ok "$f.csv: mean_se is sd / sqrt($PATHS) on every row" "$(head -2 "$T/se.bad" | tr '\n' '|')"
    fi
done

# A probability's standard error is sqrt(p (1 - p) / (n - 1)).
if awk -F, -v n=$PATHS '$1 ~ /\.p_over$/ { p = $3; se = sqrt(p * (1 - p) / (n - 1)); d = $4 - se
                                           if (d < 0) d = -d; if (d > 1e-8) { print; bad++ }; rows++ }
                        END { exit bad > 0 || rows == 0 }' "$T/cut/annual.csv" >"$T/pse.bad"; then
    ok "annual.csv: every p_over has the standard error of a probability"
else
    not_ok "annual.csv: every p_over has the standard error of a probability" "$(head -2 "$T/pse.bad" | tr '\n' '|')"
fi

check "mtfp.csv has savings_mean_se and p_meet_se columns" \
    grep -q '^period,contract_year,target_gbp,savings_mean,savings_mean_se,savings_p10,savings_p50,savings_p90,p_meet,p_meet_se,rag$' \
    "$T/cut/mtfp.csv"
if awk -F, -v n=$PATHS 'NR > 1 { p = $9; se = sqrt(p * (1 - p) / (n - 1)); d = $10 - se; if (d < 0) d = -d
                                 if (d > 1e-8) { print; bad++ } }
                        END { exit bad > 0 || NR < 2 }' "$T/cut/mtfp.csv" >"$T/mse.bad"; then
    ok "mtfp.csv: p_meet_se is the standard error of p_meet"
else
    not_ok "mtfp.csv: p_meet_se is the standard error of p_meet" "$(head -2 "$T/mse.bad" | tr '\n' '|')"
fi

R=$T/cut/report.html
check "the report says how many simulated futures stand behind every figure" \
    grep -q "Every figure comes from the same $PATHS simulated futures" "$R"
# Every probability cell carries its standard error, equal to annual.csv's mean_se.
grep -o 'data-metric="[^"]*" data-period="[^"]*" data-mean="[^"]*" data-se="[^"]*"' "$R" |
    sed 's/data-[a-z]*="\([^"]*\)"/\1/g' | tr ' ' ',' >"$T/se.cells"
if [ -s "$T/se.cells" ] &&
    awk -F, 'NR == FNR { if (FNR > 1) se[$1 "," $2] = $4; next }
             { k = $1 "," $2; if (!(k in se)) { print "missing " k; bad++; next }
               d = $4 - se[k]; if (d < 0) d = -d; if (d > 1e-9) { print k " " $4 " vs " se[k]; bad++ } }
             END { exit bad > 0 }' "$T/cut/annual.csv" "$T/se.cells" >"$T/cells.bad"; then
    ok "the report's $(wc -l <"$T/se.cells") chances carry annual.csv's standard errors"
else
    not_ok "the report's chances carry annual.csv's standard errors" "$(head -2 "$T/cells.bad" | tr '\n' '|')"
fi

# ---- chances are never rounded to certainties ----

# Every printed chance in the report and the chart labels: "100%" only for a
# probability of exactly 1, "0%" only for exactly 0.
grep -o 'data-mean="[^"]*" data-se="[^"]*">[^ <]*' "$R" | sed 's/data-[a-z]*="\([^"]*\)"/\1/g; s/>/ /' \
    >"$T/printed"
awk '{ if (($1 < 1 && $3 == "100%") || ($1 > 0 && $3 == "0%")) { print; bad++ } }
     END { exit bad > 0 || NR == 0 }' "$T/printed" >"$T/printed.bad"
check "the report prints no chance as 100% or 0% unless it is exactly 1 or 0" test $? -eq 0
if [ -s "$T/cut/charts/placement_spend.dat" ]; then
    awk '!/^#/ && $6 == $6 + 0 { if (($6 < 1 && $7 ~ /^"100%/) || ($6 > 0 && $7 ~ /^"0%/)) bad++; rows++ }
         END { exit bad > 0 || rows == 0 }' "$T/cut/charts/placement_spend.dat"
    check "the spend chart's labels never round a chance to 100% or 0%" test $? -eq 0
fi

# ---- every cost on exactly one budget line ----

MODEL=$SRC/tests/data/money-model.cfg
variant() { # variant NAME SED-EXPRESSION: a scenario on a changed copy of the money model
    sed "$2" "$MODEL" >"$T/$1-model.cfg"
    printf '@include "%s-model.cfg"\nrun = { paths = 50; horizon_months = 24; };\n' "$1" >"$T/$1.cfg"
}
variant uncovered '/running = {/d'
"$CC" validate "$T/uncovered.cfg" >/dev/null 2>"$T/uncovered.err"
rc=$?
if [ $rc -eq 2 ] && grep -q "model.finance.budgets.lines: no budget line covers the cost 'overheads'" "$T/uncovered.err"; then
    ok "validate fails and names a cost no budget line covers"
else
    not_ok "validate fails and names a cost no budget line covers" "exit $rc: $(head -2 "$T/uncovered.err" | tr '\n' '|')"
fi
variant unbudgeted 's/running = { covers = \["overheads", "initiatives"\]; annual_gbp = \[[^]]*\]; };/running = { covers = ["overheads", "initiatives"]; unbudgeted = true; };/'
check "an explicit unbudgeted line covers costs without a budget" "$CC" validate "$T/unbudgeted.cfg"
variant both 's/running = { covers = \["overheads", "initiatives"\];/running = { covers = ["overheads", "initiatives"]; unbudgeted = true;/'
"$CC" validate "$T/both.cfg" >/dev/null 2>"$T/both.err"
check "an unbudgeted line with a budget is refused" grep -q "an unbudgeted line has no budget" "$T/both.err"
variant reserved 's/running = {/total = {/'
"$CC" validate "$T/reserved.cfg" >/dev/null 2>"$T/reserved.err"
check "a line named 'total' is refused (carecast's own sum)" grep -q "'total' is reserved" "$T/reserved.err"

# The MTFP scenario's initiatives' costs are on a line: the total budget's
# spend is the whole spend, and so is the chance of overspending it.
"$CC" run "$SRC/scenarios/mtfp-2019.cfg" --paths 200 --out "$T/mtfp" --quiet --no-charts 2>"$T/mtfp.err"
check "the MTFP scenario runs" test $? -eq 0
if awk -F, '$1 == "cost.total" { c[$2] = $3 } $1 == "budget.total.spend" { b[$2] = $3 }
            END { for (y in c) { d = c[y] - b[y]; if (d < 0) d = -d; if (d > 1e-6 * c[y]) bad++; n++ }
                  exit bad > 0 || n < 5 }' "$T/mtfp/annual.csv"; then
    ok "MTFP 2019: budget.total.spend is cost.total in every year (initiatives included)"
else
    not_ok "MTFP 2019: budget.total.spend is cost.total in every year" "$(grep -E '^(cost.total|budget.total.spend),' "$T/mtfp/annual.csv" | cut -d, -f1-3 | tr '\n' '|')"
fi

# ---- one definition: the chart reads the CSV's chance of overspending ----

# In the cut run the fostering line covers placements only; with one line
# covering placements and care leavers, the chart must still read that line.
chart_matches() { # chart_matches DIR METRIC: the chart's p_over is METRIC's mean in annual.csv
    awk -F, -v m="$2" 'NR == FNR { if ($1 == m) p[$2] = $3; next }
         !/^#/ { split($0, f, " "); y = f[1]; if (!(y in p)) { print "no " m " for " y; bad++; next }
                 d = f[6] - p[y]; if (d < 0) d = -d; if (d > 1e-9) { print y " chart " f[6] " csv " p[y]; bad++ }; n++ }
         END { exit bad > 0 || n == 0 }' "$1/annual.csv" "$1/charts/placement_spend.dat"
}
if chart_matches "$T/cut" budget.placement_lines.p_over >"$T/chart.bad"; then
    ok "the placement spend chart's chances are annual.csv's budget.placement_lines.p_over"
else
    not_ok "the placement spend chart's chances are annual.csv's" "$(head -2 "$T/chart.bad" | tr '\n' '|')"
fi
variant oneline 's/fostering = { covers = \["in_house", "agency"\]; annual_gbp = \[[^]]*\]; };/fostering = { covers = ["in_house", "agency", "residential", "care_leavers"]; annual_gbp = [7200000.0, 9350000.0]; };/; /residential = { covers/d'
sed -i 's/care_leavers = { start_young_people = 60; share_supported_to_25 = 0.3; };/care_leavers = { start_young_people = 60; share_supported_to_25 = 0.3; support_annual_cost_gbp = 2600.0; };/' "$T/oneline-model.cfg"
"$CC" run "$T/oneline.cfg" --paths 200 --out "$T/oneline" --quiet 2>"$T/oneline.err"
if [ $? -eq 0 ] && chart_matches "$T/oneline" budget.fostering.p_over >"$T/one.bad"; then
    ok "one line covering placements and care leavers: the chart's chance is that line's p_over"
else
    not_ok "one line covering placements and care leavers: the chart's chance is that line's p_over" \
        "$(head -2 "$T/one.bad" "$T/oneline.err" | tr '\n' '|')"
fi

# ---- validate lists initiatives; the report shows every year's contract sum ----

"$CC" validate "$SRC/scenarios/mtfp-2019.cfg" >"$T/validate.out" 2>&1
check "validate lists the initiatives" grep -q '^  initiatives: 10$' "$T/validate.out"
check "validate gives each initiative's effect and start" \
    grep -Eq '^    edge_of_care +reduce_entries +from 2020-02, 75% likely to deliver$' "$T/validate.out"
missing=""
for y in 2019/20 2020/21 2021/22 2022/23 2023/24; do
    grep -q "<td>Contract sum $y</td><td>£58.2m a year</td>" "$T/mtfp/report.html" || missing="$missing $y"
done
check "the report's key assumptions show every year of the contract sum${missing:+ (missing$missing)}" test -z "$missing"
check "the report's key assumptions show the opening balance" \
    grep -q '<td>Opening balance (negative = deficit carried in)</td><td>-£1.40m</td>' "$T/mtfp/report.html"

# ---- the README's worked example is what the program prints ----

(cd "$SRC" && "$CC" compare scenarios/baseline.cfg scenarios/whatif-fewer-entries.cfg --paths 2000 \
    --out "$T/readme" 2>/dev/null) | sed -n '/^whatif-fewer-entries vs baseline/,/social workers/p' >"$T/readme.out"
sed -n '/^whatif-fewer-entries vs baseline/,/social workers/p' "$SRC/README.md" >"$T/readme.doc"
if [ -s "$T/readme.out" ] && cmp -s "$T/readme.out" "$T/readme.doc"; then
    ok "README's worked example (fewer entries) prints what the README says"
else
    not_ok "README's worked example prints what the README says" "$(tr '\n' '|' <"$T/readme.out")"
fi
# The lever scales every stream of entries: CP-linked entries fall about 10% too.
awk -F, '$1 ~ /^entries\.(total|from_cp)$/ && $2 == "2020/21" && $3 ~ /minus/ { d[$1] = $4 }
         $1 ~ /^entries\.(total|from_cp)$/ && $2 == "2020/21" && $3 == "baseline" { b[$1] = $4 }
         END { for (k in d) { r = d[k] / b[k]; if (r > -0.07 || r < -0.13) { print k " " r; bad++ } }
               exit bad > 0 || length(d) < 2 }' "$T/readme/compare.csv" >"$T/streams.bad"
check "entries_change_pct = -10 cuts all entries and CP-linked entries by about 10%" test $? -eq 0

# ---- goal-seek answers how much to save to break even ----

"$CC" goalseek "$SRC/scenarios/break-even-2019.cfg" --vary initiatives.savings_plan.size \
    --range 0:30000000 --target 'net.position@2023/24>=0' --prob 0.8 --paths 300 \
    --out "$T/gs" >"$T/gs.out" 2>"$T/gs.err"
# The answer in pounds ("= £15,000,000 a year (£15.0m) meets"), and exactly in goalseek.csv.
X=$(awk -F, 'NR == 2 && $6 == "yes" { print $7 }' "$T/gs/goalseek.csv" 2>/dev/null)
check "goal-seek prints the saving in pounds a year" \
    grep -q '^initiatives.savings_plan.size = £[0-9,]* a year (£[0-9.]*m) meets net.position in 2023/24 >= £0' "$T/gs.out"
if [ -n "$X" ]; then
    "$CC" run "$SRC/scenarios/break-even-2019.cfg" --paths 300 --set initiatives.savings_plan.size="$X" \
        --out "$T/even" --quiet --no-charts 2>/dev/null
    # With 80% confidence of no deficit, the 20th percentile of the year's position is about 0:
    # between the 10th and the 25th.
    awk -F, '$1 == "net.position" && $2 == "2023/24" { exit !($7 <= 0 && $10 >= 0) }' "$T/even/annual.csv"
    check "goal-seek's saving ($X a year) breaks even in 2023/24 on about 80% of paths" test $? -eq 0
else
    not_ok "goal-seek finds the saving that breaks even" "$(tr '\n' '|' <"$T/gs.out" "$T/gs.err")"
fi

# ---- docs/validation.md: the 2018/19 spend gap, like for like, is occupancy ----

"$CC" run "$SRC/scenarios/backtest-2018-19.cfg" --paths 1000 --out "$T/back" --quiet --no-charts 2>/dev/null
doc_median=$(sed -n 's/.*Like for like the model is £\([0-9.]*\)m (median.*/\1/p' "$SRC/docs/validation.md")
run_median=$(awk -F, '$1 == "budget.placement_lines.spend" && $2 == "2018/19" { printf "%.4f", $9 / 1e6 }' "$T/back/annual.csv")
# The median of 1,000 paths moves by about £0.05m (1.25 sd / sqrt(n)); allow four times that.
check "validation.md's like-for-like spend (£${doc_median}m) is the back-test's (£${run_median}m)" \
    awk -v a="$doc_median" -v b="$run_median" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(a != "" && d < 0.2) }'
res=$(awk -F, '$1 == "cic.placement.external_residential" && $2 ~ /^201[89]-/ { s += $3; n++ } END { printf "%.1f", s / n }' "$T/back/monthly.csv")
check "validation.md: residential averages 47.5 in the model (run: $res) against 53.5" \
    awk -v r="$res" 'BEGIN { exit !(r > 46.4 && r < 48.4) }'
check "validation.md blames occupancy, not prices" grep -q '^occupancy, not prices' "$SRC/docs/validation.md"
check "validation.md no longer says care leavers explain the gap" \
    bash -c "! grep -q 'The gap is about that size' '$SRC/docs/validation.md'"

# ---- bad inputs to the new keys: one clear error each, exit 2 ----

EXTRAS=$SRC/tests/data/money-extras.cfg
refused() { # refused NAME SED-EXPRESSION EXPECTED-TEXT [--set ...]: the changed extras model fails
    local name=$1 expr=$2 want=$3
    shift 3
    sed "$expr" "$EXTRAS" >"$T/bad-$name.cfg"
    "$CC" validate "$T/bad-$name.cfg" "$@" >/dev/null 2>"$T/bad-$name.err"
    local rc=$?
    if [ $rc -eq 2 ] && grep -q -F -- "$want" "$T/bad-$name.err"; then
        ok "refused: $name"
    else
        not_ok "refused: $name" "exit $rc: $(head -2 "$T/bad-$name.err" | tr '\n' '|')"
    fi
}
refused "unknown cost driver" 's/driver = "cic";/driver = "children";/' \
    'model.other_costs.transport.driver: unknown driver'
refused "unknown exit route for an allowance" 's/from_exit_route = "sgo";/from_exit_route = "sgos";/' \
    'model.allowances.sgo.from_exit_route: expected "return_home", "sgo", "adoption", "other" or "none"'
refused "an allowance named like a placement type" 's/    cao = {/    agency = {/' \
    "'agency' is already the name of a placement type or a cost"
refused "a contribution sharing an unknown cost" 's/share_of = \["residential"\]/share_of = ["residental"]/' \
    "model.finance.contributions.health.share_of: unknown cost 'residental' (did you mean 'residential'?)"
refused "inflation out of range" 's/pay_award_annual_pct = 2.0;/pay_award_annual_pct = 150.0;/' \
    'model.finance.inflation.pay_award_annual_pct: must be at most 100'
refused "an inflation array element out of range" 's/overheads_annual_pct = \[1.0, 2.0\]/overheads_annual_pct = [1.0, -60.0]/' \
    'model.finance.inflation.overheads_annual_pct[1]: must be at least -50'
refused "UASC at the start beyond the children in care" 's/start_children = 10;/start_children = 1000;/' \
    'model.uasc.start_children: is more than the 132 children in care at the start'
refused "levers ending before they start" 's/^run = /levers = { start_date = "2021-04-01"; end_date = "2020-04-01"; };\nrun = /' \
    'levers.end_date: must be after start_date'
refused "a lever date that is not the first of a month" 's/^run = /levers = { start_date = "2021-04-15"; };\nrun = /' \
    'levers.start_date: must be the first day of a month'
refused "an initiative ending before it starts" 's/^run = /initiatives = { x = { effect = "fixed_saving"; size = 1.0; start_date = "2021-04-01"; end_date = "2021-04-01"; }; };\nrun = /' \
    'initiatives.x.end_date: must be after start_date'
refused "add_children with an end date" 's/^run = /initiatives = { x = { effect = "add_children"; placement = "agency"; size = 2.0; start_date = "2021-04-01"; end_date = "2022-04-01"; }; };\nrun = /' \
    'initiatives.x.end_date: does not apply to add_children'
refused "add_children without a placement" 's/^run = /initiatives = { x = { effect = "add_children"; size = 2.0; start_date = "2021-04-01"; }; };\nrun = /' \
    'initiatives.x.placement'
refused "a fixed saving no line covers" 's/covers = \["transport", "initiatives"\]/covers = ["transport"]/; s/^run = /initiatives = { x = { effect = "fixed_saving"; size = 1.0; start_date = "2021-04-01"; }; };\nrun = /' \
    "no budget line covers the cost 'initiatives'"

cc_finish
