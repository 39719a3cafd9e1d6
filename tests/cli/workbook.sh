#!/usr/bin/env bash
# The finance officer's files: carecast.xlsx read back (zip + sheet XML, by
# tests/cli/workbook_check.py) equals annual.csv, monthly.csv and budget.csv;
# budget.csv's chances and medians are annual.csv's; the headline sentence's
# figures are the run's; a CSV holding non-ASCII text starts with a UTF-8
# byte-order mark and an ASCII one does not.
#
# Usage: workbook.sh CARECAST_BINARY SOURCE_DIR
set -u

. "$(dirname "$0")/common.sh" workbook "$@"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3)
RUN=$T/run
"$CC" run "$SRC/tests/data/money.cfg" --paths 400 --quiet --no-charts --out "$RUN" 2>"$T/run.err"
if [ $? -eq 0 ] && [ -s "$RUN/carecast.xlsx" ] && [ -s "$RUN/budget.csv" ]; then
    ok "a run writes carecast.xlsx and budget.csv"
else
    not_ok "a run writes carecast.xlsx and budget.csv" "$(head -c 300 "$T/run.err")"
    cc_finish
    exit 1
fi
check_workbook() { # check_workbook RUN_DIR LABEL: workbook_check.py's lines as ours
    "$PY" "$SRC/tests/cli/workbook_check.py" "$1" "$SRC/tests/support/xlsx_dump.py" \
        >"$T/check.out" 2>&1
    while IFS= read -r line; do
        case $line in
            "ok - "*) ok "$2: ${line#ok - }" ;;
            "not ok - "*) FAIL=$((FAIL + 1)); echo "not ok - $2: ${line#not ok - }" ;;
            *) not_ok "$2: workbook_check.py" "$line" ;;
        esac
    done <"$T/check.out"
}
check_workbook "$RUN" money

# The Sandwell model with its workforce KPIs (people, issue 11): the Headline
# sheet shows the caseload and vacancy rate and the chances they are green
# (the model sets no target for the agency share).
KPI=$T/kpi
"$CC" run "$SRC/scenarios/mtfp-2019.cfg" --paths 200 --quiet --no-charts --out "$KPI" \
    2>"$T/kpi.err"
check_workbook "$KPI" mtfp-2019
headline_metrics=$("$PY" "$SRC/tests/support/xlsx_dump.py" "$KPI/carecast.xlsx" Headline |
    awk -F'\t' 'NR > 6 { print $9 }' | sed 's/^s://' | sort -u | tr '\n' ' ')
want="caseload.average fte.vacancy_rate kpi.caseload.p_green kpi.vacancy_rate.p_green"
missing=
for m in $want; do
    case " $headline_metrics" in *" $m "*) ;; *) missing="$missing $m" ;; esac
done
if [ -z "$missing" ]; then
    ok "mtfp-2019: the Headline sheet has the workforce KPIs and their chances of green"
else
    not_ok "mtfp-2019: the Headline sheet has the workforce KPIs" "missing:$missing"
fi

# The headline sentence, from the workbook's Headline sheet (row 4).
sentence=$("$PY" "$SRC/tests/support/xlsx_dump.py" "$RUN/carecast.xlsx" Headline | sed -n '4s/^s://p')
if out=$("$PY" "$SRC/tests/cli/headline_check.py" "$RUN" "$sentence"); then
    ok "Headline sheet: ${out#ok - }"
else
    not_ok "Headline sheet: the headline's figures are the run's" "$out"
fi

# budget.csv: one row per line and year, plus the lines covering placements and the total.
lines=$(awk -F, 'NR > 1 { print $1 }' "$RUN/budget.csv" | sort -u | tr '\n' ' ')
if [ "$lines" = "fostering placement_lines residential running staff total " ]; then
    ok "budget.csv has every line, the lines covering placements and the total"
else
    not_ok "budget.csv has every line, the lines covering placements and the total" "$lines"
fi

# UTF-8 byte-order marks: a CSV that holds text that is not ASCII (the Sandwell
# model's labels say "£"; a scenario file called "coût.cfg") starts with one, so
# Excel reads it as UTF-8; an ASCII CSV carries none.
bom() { [ "$(head -c 3 "$1" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = efbbbf ]; }
"$CC" sensitivity "$SRC/scenarios/baseline.cfg" --paths 30 --out "$T/sens" --quiet --no-charts \
    2>"$T/sens.err"
if grep -q $'\xc2\xa3' "$T/sens/sensitivity.csv" && bom "$T/sens/sensitivity.csv"; then
    ok "sensitivity.csv with the model's labels (\"£\") starts with a UTF-8 byte-order mark"
else
    not_ok "sensitivity.csv with \"£\" starts with a byte-order mark" "$(head -c 200 "$T/sens.err")"
fi
"$CC" sensitivity "$SRC/tests/data/money.cfg" --param 'model.entries.annual_children:30:40' \
    --paths 30 --out "$T/sens2" --quiet --no-charts 2>"$T/sens2.err"
if [ -s "$T/sens2/sensitivity.csv" ] && ! bom "$T/sens2/sensitivity.csv"; then
    ok "an ASCII sensitivity.csv has no byte-order mark"
else
    not_ok "an ASCII sensitivity.csv has no byte-order mark" "$(head -c 200 "$T/sens2.err")"
fi
mkdir -p "$T/names"
cp "$SRC/tests/data/money.cfg" "$T/names/co$(printf '\xc3\xbb')t.cfg"
cp "$SRC/tests/data/money-model.cfg" "$T/names/"
"$CC" compare "$SRC/tests/data/money.cfg" "$T/names/co$(printf '\xc3\xbb')t.cfg" --paths 30 \
    --out "$T/cmp" --quiet --no-charts 2>"$T/cmp.err"
if bom "$T/cmp/compare.csv"; then
    ok "compare.csv naming a scenario \"coût\" starts with a byte-order mark"
else
    not_ok "compare.csv naming a scenario \"coût\" starts with a byte-order mark" \
        "$(head -c 200 "$T/cmp.err")"
fi
for f in "$RUN/annual.csv" "$RUN/monthly.csv" "$RUN/budget.csv"; do
    if bom "$f"; then
        not_ok "$(basename "$f") (ASCII) has no byte-order mark" "it has one"
    fi
done
ok "annual.csv, monthly.csv and budget.csv (ASCII) have no byte-order mark"

cc_finish
