#!/usr/bin/env bash
# carecast query: the chance that a metric passes a threshold in a financial
# year, from a run's per-path values (paths-annual.bin), with its standard
# error. Checked against what the run itself wrote: the chance of overspending
# a budget line (budget.<line>.p_over in annual.csv) is the chance that the
# line's spend exceeds its budget; thresholds at the run's percentiles give
# the shares of paths they must; the ways of writing an amount agree.
#
# Usage: query.sh CARECAST_BINARY SOURCE_DIR
set -u

. "$(dirname "$0")/common.sh" query "$@"
RUN=$T/run
excerpt() { head -c 400 "$1" | tr '\n' '|'; }
# field FILE COLUMN METRIC PERIOD: a column of annual.csv
field() {
    awk -F, -v m="$3" -v p="$4" -v c="$2" '
        NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
        $1 == m && $2 == p { print $col[c] }' "$1"
}
# prob TAG: the probability and standard error a query printed ("P(...) = p ± se")
prob() { sed -n 's/^P(.*) = \([0-9.]*\) ± \([0-9.]*\) .*/\1 \2/p' "$T/$1.out" | head -n 1; }

cc_run_tagged run run "$SRC/tests/data/money.cfg" --paths 400 --quiet --no-charts --out "$RUN"
if [ "$RC" -eq 0 ] && [ -s "$RUN/paths-annual.bin" ]; then
    ok "a run writes paths-annual.bin"
else
    not_ok "a run writes paths-annual.bin" "exit $RC; $(excerpt "$T/run.err")"
    cc_finish
    exit 1
fi
ANNUAL=$RUN/annual.csv

# The budgets of tests/data/money-model.cfg: residential 2.6m then 2.7m, staff 2.9m then 3.0m.
while read -r line year budget; do
    expected=$(field "$ANNUAL" mean "budget.$line.p_over" "$year")
    tag=b-$line-${year%/*}
    cc_run_tagged "$tag" query "$RUN" "budget.$line.spend@$year > $budget"
    read -r p se <<<"$(prob "$tag")"
    if [ "$RC" -eq 0 ] && [ -n "$p" ] && awk -v p="$p" -v e="$expected" -v se="$se" 'BEGIN {
            n = 400; want = sqrt(e * (1 - e) / (n - 1))
            exit !((p - e) ^ 2 < 1e-12 && (se - want) ^ 2 < 1e-8) }'; then
        ok "P($line spend $year > budget) = annual.csv's p_over ($expected) with its standard error"
    else
        not_ok "P($line spend $year > budget) = annual.csv's p_over" \
            "exit $RC; query says $p ± $se, annual.csv $expected; $(excerpt "$T/$tag.err")"
    fi
done <<'EOF2'
residential 2020/21 2.6m
residential 2021/22 2,700,000
staff 2021/22 £3m
EOF2

# Thresholds at the run's own percentiles: P(X > p50) is at most a half and
# within one path of it; below p10 at least 90%; P(X <= p90) at least 90%.
metric=cost.placements.total
year=2021/22
p10=$(field "$ANNUAL" p10 "$metric" "$year")
p50=$(field "$ANNUAL" p50 "$metric" "$year")
p90=$(field "$ANNUAL" p90 "$metric" "$year")
cc_run_tagged q50 query "$RUN" "$metric@$year > $p50" "$metric@$year >= $p10" "$metric@$year <= $p90"
got=$(sed -n 's/^P(.*) = \([0-9.]*\) ± .*/\1/p' "$T/q50.out" | tr '\n' ' ')
if [ "$RC" -eq 0 ] && awk -v s="$got" 'BEGIN { split(s, p, " ");
        exit !(p[1] <= 0.5 && p[1] >= 0.5 - 2 / 400 && p[2] >= 0.9 && p[3] >= 0.9) }'; then
    ok "thresholds at annual.csv's P10, P50 and P90 give the shares of paths they must ($got)"
else
    not_ok "thresholds at annual.csv's P10, P50 and P90" "exit $RC; got '$got'; $(excerpt "$T/q50.err")"
fi
if grep -q "median" "$T/q50.out" && grep -q "Placement spend" "$T/q50.out"; then
    ok "an answer says the metric in words and its median and range"
else
    not_ok "an answer says the metric in words and its median and range" "$(excerpt "$T/q50.out")"
fi

# Every way of writing 2.6 million gives the same answer.
cc_run_tagged forms query "$RUN" "budget.residential.spend@2020/21>2600000" \
    "budget.residential.spend @ 2020/21 > 2,600,000" "budget.residential.spend@2020/21 > £2.6m" \
    "budget.residential.spend@2020/21 > 2600k" "budget.residential.spend@2020/21 > 2.6 m"
answers=$(sed -n 's/^P(.*) = \([0-9.]* ± [0-9.]*\) .*/\1/p' "$T/forms.out" | sort -u)
if [ "$RC" -eq 0 ] && [ "$(printf '%s\n' "$answers" | grep -c .)" -eq 1 ] &&
    [ "$(grep -c '^P(' "$T/forms.out")" -eq 5 ]; then
    ok "2600000, 2,600,000, £2.6m, 2600k and '2.6 m' give one answer ($answers)"
else
    not_ok "the ways of writing an amount agree" "exit $RC; $(excerpt "$T/forms.out")"
fi

# Refusals: exit 2 with a reason.
while IFS='|' read -r name question expect; do
    cc_run_tagged refuse "query" "$RUN" "$question"
    if [ "$RC" -eq 2 ] && grep -q -F -- "$expect" "$T/refuse.err"; then
        ok "refused: $name"
    else
        not_ok "refused: $name" "exit $RC; $(excerpt "$T/refuse.err")"
    fi
done <<'EOF2'
a misspelt metric, with a suggestion|cost.placments.total@2020/21 > 1m|did you mean 'cost.placements.total'
a year the run does not have|cic.total@2030/31 > 5|not in this run
a month (the run keeps years)|cic.total@2020-06 > 5|financial years
an amount that is not one|cic.total@2020/21 > lots|not an amount
commas in the wrong places|cost.total@2020/21 > 3,00,000|not an amount
no comparison|cic.total@2020/21|comparison
an unquoted '>'|>|quote each one
EOF2
cc_run_tagged nodir query "$T/nothing-here" "cic.total@2020/21 > 5"
if [ "$RC" -eq 2 ] && grep -q "paths-annual.bin" "$T/nodir.err"; then
    ok "a folder without a run is refused (exit 2), naming the file it needs"
else
    not_ok "a folder without a run is refused" "exit $RC; $(excerpt "$T/nodir.err")"
fi
head -c 100 "$RUN/paths-annual.bin" >"$T/cut.bin"
mkdir -p "$T/cut" && mv "$T/cut.bin" "$T/cut/paths-annual.bin"
cc_run_tagged cut query "$T/cut" "cic.total@2020/21 > 5"
if [ "$RC" -eq 2 ] && grep -q "damaged" "$T/cut.err"; then
    ok "a cut paths-annual.bin is refused as damaged (exit 2)"
else
    not_ok "a cut paths-annual.bin is refused as damaged" "exit $RC; $(excerpt "$T/cut.err")"
fi

cc_finish
