#!/usr/bin/env bash
# The Board member's page in a real browser (headless Chromium, no network):
# it loads, every chart drawn is on it with alt text and a takeaway, it prints
# to A4 PDF (pdfinfo); the headline sentence's figures are the run's; the MTFP
# rating shows only for a scenario rated against MTFP targets, in words and
# symbols as well as shades; a --set what-if says so with its value; sources
# are in words (no "seed 000", no bare line numbers); the price basis is
# stated. Screenshots of the printed pages are kept in
# BUILD/test-artefacts/report-*.png to be looked at.
#
# Skips (exit 77) when chromium or pdfinfo is missing (tools/setup.sh installs
# chromium and poppler-utils).
#
# Usage: report.sh CARECAST_BINARY SOURCE_DIR
set -u

. "$(dirname "$0")/common.sh" report "$@"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3)
for tool in chromium pdfinfo pdftoppm gnuplot; do
    if ! command -v "$tool" >/dev/null; then
        echo "skipped: $tool is not installed (tools/setup.sh installs it)"
        exit 77
    fi
done
ARTEFACTS=$(dirname "$CC")/test-artefacts
mkdir -p "$ARTEFACTS"

check() { # check NAME COMMAND...: ok when the command succeeds
    local name=$1
    shift
    if "$@" >/dev/null 2>&1; then ok "$name"; else not_ok "$name" "failed: $*"; fi
}

# chromium_run N ARGS...: headless, a fresh profile, nothing fetched from any network.
chromium_run() {
    local n=$1
    shift
    timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --host-resolver-rules="MAP * ~NOTFOUND" --user-data-dir="$T/profile-$n" \
        "$@" 2>>"$T/chromium.log"
}

# ---- the MTFP test scenario: budgets, initiatives, targets, a workforce ----
RUN=$T/cut
"$CC" run "$SRC/tests/data/money-cut.cfg" --paths 200 --quiet --out "$RUN" 2>"$T/run.err"
check "a run with charts writes report.html" test -s "$RUN/report.html"
chromium_run 1 --dump-dom "file://$RUN/report.html" >"$T/dom.html"
check "the page loads in Chromium with no network" grep -q 'class="headline-words"' "$T/dom.html"
n_svg=$(ls "$RUN"/charts/*.svg 2>/dev/null | wc -l)
n_img=$(grep -o '<img ' "$T/dom.html" | wc -l)
check "every chart drawn is on the page ($n_img of $n_svg)" test "$n_svg" -ge 5 -a "$n_img" -eq "$n_svg"
n_alt=$(grep -o '<img alt="[A-Z][^"]\{40,\}"' "$T/dom.html" | wc -l)
check "every chart has alt text in words ($n_alt)" test "$n_alt" -eq "$n_svg"
n_cap=$(grep -o '<figcaption>[^<]\{30,\}</figcaption>' "$T/dom.html" | wc -l)
check "every chart has a one-line takeaway under it ($n_cap)" test "$n_cap" -eq "$n_svg"
check "the page fetches nothing (no http/https address)" bash -c "! grep -Eq '(src|href)=\"https?:' '$RUN/report.html'"

chromium_run 2 --no-pdf-header-footer --print-to-pdf="$T/cut.pdf" "file://$RUN/report.html" >/dev/null
pages=$(pdfinfo "$T/cut.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
check "it prints to A4 PDF ($pages pages)" bash -c "pdfinfo '$T/cut.pdf' | grep -q 'Page size:.*(A4)'"
rm -f "$ARTEFACTS"/report-cut-*.png
pdftoppm -r 60 -png "$T/cut.pdf" "$ARTEFACTS/report-cut" 2>/dev/null
check "the printed pages are kept as screenshots ($ARTEFACTS/report-cut-*.png)" \
    test -s "$ARTEFACTS/report-cut-1.png"

# The headline sentence against annual.csv and budget.csv.
sentence=$(sed -n 's/.*<p class="headline-words">\([^<]*\)<\/p>.*/\1/p' "$RUN/report.html" |
    sed "s/&#39;/'/g; s/&amp;/\&/g")
if out=$("$PY" "$SRC/tests/cli/headline_check.py" "$RUN" "$sentence"); then
    ok "the headline sentence: ${out#ok - }"
else
    not_ok "the headline sentence's figures are the run's" "$out"
fi
# Budget, expected overspend and the cumulative position in the headline table,
# each the run's figure.
budget=$(grep -o 'data-period="2020/21" data-budget="[^"]*"' "$RUN/report.html" | sed 's/.*="//; s/"//')
want=$(awk -F, '$1 == "total" && $3 == "2020/21" { print $4 }' "$RUN/budget.csv")
check "the table's budget for 2020/21 is budget.csv's ($budget)" test -n "$budget" -a "$budget" = "$want"
check "the table has the expected overspend" grep -q 'data-metric="budget.total.expected_over"' "$RUN/report.html"
check "the table has the cumulative net position" grep -q 'data-metric="net.cumulative"' "$RUN/report.html"
check "the price basis is stated" grep -q '<b>Prices.</b> Money is in pounds of each year' "$RUN/report.html"
# Ratings in words and symbols, not colour alone.
check "the MTFP rating is shown with a word and a symbol" \
    grep -Eq 'data-rag="(red|amber|green)".*<b>&#(10004|9650|10006); (Red|Amber|Green)</b>' "$RUN/report.html"

# ---- the same scenario not rated against the MTFP ----
"$CC" run "$SRC/tests/data/money-cut.cfg" --paths 100 --quiet --out "$T/norate" \
    --set run.mtfp_rating=false 2>/dev/null
check "run.mtfp_rating = false: no MTFP column or chart" \
    bash -c "test -s '$T/norate/report.html' && ! grep -q 'data-rag=' '$T/norate/report.html' && ! test -e '$T/norate/charts/mtfp.svg'"

# ---- the Sandwell baseline: sources in words, a what-if with its value ----
"$CC" run "$SRC/scenarios/baseline.cfg" --paths 100 --quiet --out "$T/base" \
    --set levers.entries_change_pct=-10 2>/dev/null
R=$T/base/report.html
check "a --set what-if says so in the title, with its value" \
    grep -q '<span class="whatif">What-if: Entries to care (every way in) -10%</span></h1>' "$R"
check "... and opens \"In this scenario\", not \"today's policies\"" \
    grep -q '<p class="headline-words">In this scenario' "$R"
sources=$(sed -n '/<h2>Key assumptions<\/h2>/,/<\/table>/p' "$R")
check "sources name the papers (no \"seed 000\")" bash -c "! grep -q 'seed 0' <<<'$(printf '%s' "$sources" | tr "'" ' ')'"
check "sources cite sections, not bare line numbers" \
    bash -c "! grep -Eq '[ (,]L[0-9]+' <<<'$(printf '%s' "$sources" | tr "'" ' ')'"
check "sources cite the calibration notes by section" grep -q 'calibration notes §' "$R"
check "teams are named in plain English" grep -q 'Caseload: Care management (CIN and CP plans)' "$R"
chromium_run 3 --no-pdf-header-footer --print-to-pdf="$T/base.pdf" "file://$R" >/dev/null
rm -f "$ARTEFACTS"/report-base-*.png
pdftoppm -r 60 -png "$T/base.pdf" "$ARTEFACTS/report-base" 2>/dev/null
check "the baseline report prints to A4 too" bash -c "pdfinfo '$T/base.pdf' | grep -q 'Page size:.*(A4)'"

# ---- the 2018 back-test: actuals beside the model, every quantity in words ----
"$CC" run "$SRC/scenarios/backtest-2018-19.cfg" --paths 100 --quiet --no-charts --out "$T/bt" \
    2>/dev/null
labels=$(grep -o '<tr[^>]*data-actual="[^"]*"><td>[^<]*' "$T/bt/report.html" | sed 's/.*<td>//')
check "the back-test's actuals are named in words ($(wc -l <<<"$labels") rows, no '_')" \
    bash -c "test \$(wc -l <<<'$labels') -ge 10 && ! grep -q '_' <<<'$labels' &&
             grep -q 'Spend against the budget: External residential' <<<'$labels'"

cc_finish
