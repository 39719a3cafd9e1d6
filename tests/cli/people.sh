#!/usr/bin/env bash
# Workforce KPIs on the Board's page (issue 11): each KPI with a target has its
# chances of green, amber and red per financial year in annual.csv, and the
# report's KPI table shows the same chances and rates each year by its median.
#
# Usage: people.sh CARECAST_BINARY SOURCE_DIR
# Prints "ok - name" / "not ok - name: reason", then "N passed, M failed".
set -u

. "$(dirname "$0")/common.sh" people "$@"

"$CC" run "$SRC/tests/data/people.cfg" --paths 120 --out "$T/run" --quiet 2>"$T/run.err"
if [ $? -eq 0 ]; then ok "the people test run exits 0"; else not_ok "the people test run exits 0" "$(cat "$T/run.err")"; fi

# annual.csv: three chances per KPI and year, summing to 1.
for kpi in caseload vacancy_rate agency_share; do
    if awk -F, -v k="kpi.$kpi." 'index($1, k) == 1 { sum[$2] += $3; rows++ }
                                 END { for (y in sum) if (sum[y] < 0.999999 || sum[y] > 1.000001) bad++
                                       exit bad > 0 || rows != 9 }' "$T/run/annual.csv"; then
        ok "annual.csv: kpi.$kpi green, amber and red chances sum to 1 in each of 3 years"
    else
        not_ok "annual.csv: kpi.$kpi green, amber and red chances sum to 1 in each of 3 years" \
            "$(grep "^kpi.$kpi" "$T/run/annual.csv" | head -3 | tr '\n' '|')"
    fi
done

# The report shows the CSV's chance (to its 10 digits) and a rating for each row.
if grep -q '<h2>Workforce KPIs</h2>' "$T/run/report.html"; then ok "the report has a KPI table"
else not_ok "the report has a KPI table" "no heading"; fi
csv=$(awk -F, '$1 == "kpi.caseload.p_amber" && $2 == "2021/22" { printf "%.6f", $3 }' "$T/run/annual.csv")
html=$(grep -o 'data-metric="kpi.caseload.p_amber" data-period="2021/22" data-mean="[^"]*"' \
       "$T/run/report.html" | sed 's/.*data-mean="//; s/"$//' | awk '{ printf "%.6f", $1 }')
if [ -n "$csv" ] && [ "$csv" = "$html" ]; then ok "report and annual.csv agree on kpi.caseload.p_amber 2021/22"
else not_ok "report and annual.csv agree on kpi.caseload.p_amber 2021/22" "csv '$csv', report '$html'"; fi

# The rating is that of the median: caseload p50 against 18.5 and 23.
p50=$(grep -o 'data-metric="caseload.average" data-period="2021/22" data-p50="[^"]*"' \
      "$T/run/report.html" | sed 's/.*data-p50="//; s/"$//')
rating=$(grep -A0 'data-metric="caseload.average" data-period="2021/22"' "$T/run/report.html" |
         grep -o 'data-rag="[a-z]*"' | sed 's/data-rag="//; s/"//')
want=$(awk -v x="$p50" 'BEGIN { print (x <= 18.5 ? "green" : (x <= 23 ? "amber" : "red")) }')
if [ -n "$p50" ] && [ "$rating" = "$want" ]; then ok "2021/22 caseload rated $rating at a median of $p50"
else not_ok "2021/22 caseload rating" "median '$p50', rated '$rating', expected '$want'"; fi

cc_finish
