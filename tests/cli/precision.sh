#!/usr/bin/env bash
# run --precision: paths in blocks of 1,024 until the standard errors asked for are met. The
# run says how many paths it took; its files are those of a plain run of that many paths (and
# the same with bounded memory); one block fewer would not have met the goal; the most paths
# (--paths) stop it with a warning; bad goals are refused before anything runs.
set -u

. "$(dirname "$0")/common.sh" precision "$@"
cd "$T" || exit 1
S=$SRC/scenarios/baseline.cfg

se_of() { # se_of DIR METRIC PERIOD: annual.csv's mean_se of metric at period
    awk -F, -v m="$2" -v p="$3" '
        /^#/ { next }
        !h { for (i = 1; i <= NF; i++) if ($i == "mean_se") c = i; h = 1; next }
        $1 == m && $2 == p { print $c }' "$1/annual.csv"
}

goal='se(cost.total@2021/22)<70k'
"$CC" run "$S" --precision "$goal" --paths 20000 --seed 3 --no-charts --out goal >goal.out 2>goal.err
rc=$?
n=$(sed -n 's/^carecast: precision met after \([0-9]*\) paths:.*/\1/p' goal.out)
if [ "$rc" -eq 0 ] && [ -n "$n" ] && [ $((n % 1024)) -eq 0 ] && [ "$n" -lt 20000 ] &&
    grep -q '"paths": '"$n"',' goal/run.json; then
    ok "--precision: met after $n paths (whole blocks of 1,024), run.json says $n"
else
    not_ok "--precision: met after whole blocks" "exit $rc; $(cat goal.out goal.err | head -c 300)"
    n=1024
fi
"$CC" run "$S" --paths "$n" --seed 3 --no-charts --quiet --out plain >/dev/null 2>&1
if cmp -s goal/annual.csv plain/annual.csv && cmp -s goal/monthly.csv plain/monthly.csv; then
    ok "its files are those of a plain run of $n paths"
else
    not_ok "its files are those of a plain run of $n paths" "annual.csv or monthly.csv differ"
fi
se=$(se_of goal cost.total 2021/22)
if awk -v s="$se" 'BEGIN { exit !(s <= 70000) }'; then
    ok "annual.csv's standard error meets the goal ($se)"
else
    not_ok "annual.csv's standard error meets the goal" "se $se"
fi
if [ "$n" -gt 1024 ]; then
    "$CC" run "$S" --paths $((n - 1024)) --seed 3 --no-charts --quiet --out fewer >/dev/null 2>&1
    se=$(se_of fewer cost.total 2021/22)
    if awk -v s="$se" 'BEGIN { exit !(s > 70000) }'; then
        ok "one block fewer would not have met it ($se)"
    else
        not_ok "one block fewer would not have met it" "se $se with $((n - 1024)) paths"
    fi
fi

# The same goal with bounded memory: the same paths and files.
"$CC" run "$S" --precision "$goal" --paths 20000 --seed 3 --no-charts --memory bounded \
    --out goal-b >goal-b.out 2>&1
if grep -q "precision met after $n paths" goal-b.out && cmp -s goal/annual.csv goal-b/annual.csv &&
    cmp -s goal/monthly.csv goal-b/monthly.csv; then
    ok "with bounded memory: the same $n paths, the same files"
else
    not_ok "with bounded memory: the same paths and files" "$(head -c 300 goal-b.out)"
fi

# A chance and a share of the mean, together: both must be met.
"$CC" run "$S" --precision 'se(budget.total.p_over@2022/23)<0.0025' \
    --precision 'rse(cic.total@2022-03)<0.3%' --paths 20000 --seed 4 --no-charts --out two \
    >two.out 2>two.err
rc=$?
n2=$(sed -n 's/^carecast: precision met after \([0-9]*\) paths:.*/\1/p' two.out)
p_se=$(se_of two budget.total.p_over 2022/23)
if [ "$rc" -eq 0 ] && [ -n "$n2" ] && [ "$n2" -gt 1024 ] &&
    awk -v s="$p_se" 'BEGIN { exit !(s <= 0.0025) }'; then
    ok "a chance and a share of the mean together: met after $n2 paths (se of the chance $p_se)"
else
    not_ok "a chance and a share of the mean together" "exit $rc; $(cat two.out two.err | head -c 300)"
fi

# Not met within the most paths: a warning, exit 0, the paths allowed.
"$CC" run "$S" --precision 'se(cost.total@2021/22)<1' --paths 1500 --seed 3 --no-charts \
    --out most >most.out 2>most.err
rc=$?
"$CC" run "$S" --paths 1500 --seed 3 --no-charts --quiet --out plain-most >/dev/null 2>&1
if [ "$rc" -eq 0 ] && grep -q "warning: precision not met after 1500 paths" most.err &&
    cmp -s most/annual.csv plain-most/annual.csv; then
    ok "not met within --paths: a warning, exit 0, the files of 1500 paths"
else
    not_ok "not met within --paths" "exit $rc; $(head -c 300 most.err)"
fi

refused() { # refused NAME MESSAGE GOAL: exit 2, the message, no results written
    rm -rf never
    "$CC" run "$S" --precision "$3" --paths 2000 --out never >/dev/null 2>bad.err
    local rc=$?
    if [ "$rc" -eq 2 ] && grep -q -- "$2" bad.err && [ -z "$(ls never 2>/dev/null)" ]; then
        ok "$1 is refused (exit 2, no results written)"
    else
        not_ok "$1 is refused" "exit $rc; $(head -c 300 bad.err)"
    fi
}
refused "a goal without se()" "expected se(metric@period)<value" 'cost.total@2021/22<100k'
refused "a goal with >" "expected se(metric@period)<value" 'se(cost.total@2021/22)>100k'
refused "an unknown metric" "no metric 'cost.totl'" 'se(cost.totl@2021/22)<100k'
refused "a period outside the run" "no period '2031/32'" 'se(cost.total@2031/32)<100k'
refused "a value that is not one" "'lots' is not a positive value" 'se(cost.total@2021/22)<lots'
refused "an annual-only metric by month" "given by financial year, not by month" \
    'se(budget.total.p_over@2021-03)<0.01'
refused "a line without a budget (NaN every year)" "has no value in that year" \
    'se(budget.invest_to_save.p_over@2021/22)<0.01'

cc_finish
