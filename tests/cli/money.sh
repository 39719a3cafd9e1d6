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

cc_finish
