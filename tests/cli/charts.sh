#!/usr/bin/env bash
# Charts and the report: scripts and data are written for a small run; where
# gnuplot is installed the PNG and SVG files are valid and non-empty; the
# report is self-contained and its headline table agrees with annual.csv; one
# gnuplot per core draws them all, and a chart gnuplot cannot draw is named
# while the others are drawn; a run without gnuplot still succeeds with one
# warning; --no-charts skips them.
#
# Usage: charts.sh CARECAST_BINARY SOURCE_DIR
# Prints "ok - name" / "not ok - name: reason", then "N passed, M failed".
set -u

. "$(dirname "$0")/common.sh" charts "$@"
SCENARIO=$SRC/tests/data/money-cut.cfg
CHARTS="cic_fan placement_mix placement_spend workforce mtfp net_position foster_capacity"

check() { # check NAME COMMAND...: ok when the command succeeds
    local name=$1
    shift
    if "$@" >/dev/null 2>&1; then ok "$name"; else not_ok "$name" "failed: $*"; fi
}

"$CC" run "$SCENARIO" --paths 200 --out "$T/out" --quiet 2>"$T/run.err"
check "a run with charts exits 0" test $? -eq 0

for c in $CHARTS; do
    check "$c: script and data written" test -s "$T/out/charts/$c.gp" -a -s "$T/out/charts/$c.dat"
done

if command -v gnuplot >/dev/null; then
    for c in $CHARTS; do
        png=$T/out/charts/$c.png svg=$T/out/charts/$c.svg
        if [ "$(head -c 8 "$png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] &&
            [ "$(stat -c %s "$png")" -gt 2000 ]; then
            ok "$c.png is a PNG file"
        else
            not_ok "$c.png is a PNG file" "missing, empty or not PNG"
        fi
        if grep -q '<svg' "$svg" 2>/dev/null && grep -q '</svg>' "$svg" &&
            [ "$(grep -c '<path\|<rect\|<polygon' "$svg")" -gt 3 ]; then
            ok "$c.svg is a complete SVG drawing"
        else
            not_ok "$c.svg is a complete SVG drawing" "missing, truncated or empty"
        fi
    done
    check "gnuplot left no error logs" test -z "$(ls "$T"/out/charts/*.log 2>/dev/null)"
    # The scripts are for people to restyle and re-run.
    rm -f "$T/out/charts/mtfp.svg" "$T/out/charts/mtfp.png"
    (cd "$T/out/charts" && gnuplot mtfp.gp) >/dev/null 2>&1
    check "a chart script re-runs by hand" test -s "$T/out/charts/mtfp.svg" -a -s "$T/out/charts/mtfp.png"
    n=$(grep -o 'data:image/svg+xml;base64' "$T/out/report.html" | wc -l)
    check "the report inlines all 7 charts" test "$n" -eq 7
else
    ok "gnuplot is not installed here: pictures not checked"
fi

# The placement spend chart keys "Actual" only when the history knows a
# year's spend: money-cut has none; the 2018 back-test has Table 8's 2018/19.
check "placement_spend: no \"Actual\" in the key without an actual spend" \
    bash -c "! grep -q 'title \"Actual\"' '$T/out/charts/placement_spend.gp'"
"$CC" run "$SRC/scenarios/backtest-2018-19.cfg" --paths 50 --out "$T/bt" --quiet \
    2>"$T/bt.err"
actual=$(awk 'NR == 2 { print $NF }' "$T/bt/charts/placement_spend.dat" 2>/dev/null)
check "placement_spend: the back-test's actual 2018/19 spend is Table 8's £31.7m ($actual)" \
    test "$actual" = 31.7152
check "... and the key has \"Actual\"" grep -q 'title "Actual"' "$T/bt/charts/placement_spend.gp"

R=$T/out/report.html
check "report.html written" test -s "$R"
check "report.html fetches nothing (no http/https sources or links)" \
    bash -c "! grep -Eq '(src|href)=\"(https?:)?//' '$R'"
check "report.html prints on A4" grep -q '@page { size: A4' "$R"
check "report.html lists key assumptions with sources" grep -Eq "Unit cost: agency</td><td>£760 a week</td><td>[^<]*money-model.cfg:[0-9]+" "$R"
check "report.html lists the input files with SHA-256" \
    grep -Eq 'sha256 [0-9a-f]{64}' "$R"

# Every headline cell against annual.csv: p10, p50, p90 (or the mean of an
# indicator) must equal the CSV's figure for the same metric and year.
grep -o 'data-metric="[^"]*" data-period="[^"]*" data-[a-z0-9]*="[^"]*"\( data-p50="[^"]*" data-p90="[^"]*"\)\?' "$R" |
    sed 's/data-[a-z0-9]*="\([^"]*\)"/\1/g' >"$T/cells"
cells=$(wc -l <"$T/cells")
# Two financial years x 7 ranges (children, placement and total spend, FTE,
# agency share, savings, the cumulative net position), 2 chances of overspend,
# 2 expected overspends, 1 chance of meeting a target.
check "the headline tables have all 19 cells" test "$cells" -eq 19
awk -F, 'NR == FNR { if (FNR > 1) { mean[$1 "," $2] = $3; p10[$1 "," $2] = $7;
                                     p50[$1 "," $2] = $9; p90[$1 "," $2] = $11 }; next }
         function near(a, b) { d = a - b; if (d < 0) d = -d; t = b < 0 ? -b : b;
                               return d <= 1e-9 * t + 1e-9 }
         { key = $1 "," $2
           if (!(key in mean)) { print "missing " key; bad++; next }
           if (NF == 3) { if (!near($3, mean[key])) { print key " mean " $3 " vs " mean[key]; bad++ } }
           else if (!near($3, p10[key]) || !near($4, p50[key]) || !near($5, p90[key])) {
               print key " " $3 "/" $4 "/" $5 " vs " p10[key] "/" p50[key] "/" p90[key]; bad++ } }
         END { exit bad > 0 }' "$T/out/annual.csv" <(tr ' ' ',' <"$T/cells") >"$T/compare" 2>&1
if [ $? -eq 0 ]; then
    ok "the report's $cells headline cells agree with annual.csv"
else
    not_ok "the report's headline cells agree with annual.csv" "$(head -3 "$T/compare" | tr '\n' '|')"
fi

# Without gnuplot: success, one warning naming the package, data and report kept.
env PATH=/nonexistent "$CC" run "$SCENARIO" --paths 50 --out "$T/nognu" --quiet 2>"$T/nognu.err"
rc=$?
check "without gnuplot the run still exits 0" test "$rc" -eq 0
check "without gnuplot: exactly one warning, naming gnuplot-nox" \
    test "$(grep -c 'gnuplot-nox' "$T/nognu.err")" -eq 1 -a "$(wc -l <"$T/nognu.err")" -eq 1
check "without gnuplot: chart scripts and data still written" test -s "$T/nognu/charts/cic_fan.gp"
check "without gnuplot: no pictures" test -z "$(ls "$T"/nognu/charts/*.png "$T"/nognu/charts/*.svg 2>/dev/null)"
check "without gnuplot: report written without pictures" \
    bash -c "test -s '$T/nognu/report.html' && ! grep -q 'data:image' '$T/nognu/report.html'"
check "without gnuplot: the CSVs and run.json are written" \
    test -s "$T/nognu/annual.csv" -a -s "$T/nognu/run.json"

# The charts are drawn by one gnuplot per core (each loading its fonts once), not one per chart.
if command -v gnuplot >/dev/null; then
    mkdir -p "$T/count"
    real=$(command -v gnuplot)
    cat >"$T/count/gnuplot" <<EOF
#!/usr/bin/env bash
echo "\$\$" >>"$T/gnuplot-calls"
exec "$real" "\$@"
EOF
    chmod +x "$T/count/gnuplot"
    : >"$T/gnuplot-calls"
    PATH="$T/count:$PATH" "$CC" run "$SCENARIO" --paths 50 --out "$T/counted" --quiet 2>/dev/null
    calls=$(wc -l <"$T/gnuplot-calls")
    drawn=$(ls "$T"/counted/charts/*.png 2>/dev/null | wc -l)
    if [ "$calls" -le "$(nproc)" ] && [ "$drawn" -eq 7 ]; then
        ok "7 charts drawn by $calls gnuplot processes ($(nproc) cores)"
    else
        not_ok "7 charts drawn by at most one gnuplot per core" "$calls processes, $drawn drawn"
    fi
fi

# One chart gnuplot cannot draw (a wrapper swaps its script for a missing one): gnuplot draws
# its share of the charts in one process per core and stops at an error, so carecast draws the
# failed share again one chart a process: every other chart is drawn, the broken one is named
# once and keeps its log.
if command -v gnuplot >/dev/null; then
    mkdir -p "$T/bin"
    real=$(command -v gnuplot)
    cat >"$T/bin/gnuplot" <<EOF
#!/usr/bin/env bash
args=()
for a in "\$@"; do [ "\$a" = workforce.gp ] && a=missing.gp; args+=("\$a"); done
exec "$real" "\${args[@]}"
EOF
    chmod +x "$T/bin/gnuplot"
    PATH="$T/bin:$PATH" "$CC" run "$SCENARIO" --paths 50 --out "$T/broken" --quiet 2>"$T/broken.err"
    rc=$?
    drawn=0
    for c in $CHARTS; do
        [ -s "$T/broken/charts/$c.png" ] && [ -s "$T/broken/charts/$c.svg" ] && drawn=$((drawn + 1))
    done
    if [ "$rc" -eq 0 ] && [ "$drawn" -eq 6 ] && [ ! -e "$T/broken/charts/workforce.png" ] &&
        [ "$(grep -c 'could not draw workforce' "$T/broken.err")" -eq 1 ] &&
        [ "$(wc -l <"$T/broken.err")" -eq 1 ] &&
        [ "$(ls "$T"/broken/charts/*.log)" = "$T/broken/charts/workforce.log" ]; then
        ok "one chart gnuplot cannot draw: the other 6 drawn, it alone named, its log kept"
    else
        not_ok "one chart gnuplot cannot draw" \
            "exit $rc, $drawn drawn, logs: $(ls "$T"/broken/charts/*.log 2>&1 | tr '\n' ' ')"
    fi
fi

"$CC" run "$SCENARIO" --paths 50 --out "$T/nocharts" --quiet --no-charts 2>"$T/nocharts.err"
check "--no-charts exits 0" test $? -eq 0
check "--no-charts: no charts directory" test ! -e "$T/nocharts/charts"
check "--no-charts: report still written" test -s "$T/nocharts/report.html"

cc_finish
