#!/usr/bin/env bash
# validate-hindcast.sh [--check] [BINARY]: the bar of issue 9 on the Sandwell series.
#
# Runs `carecast hindcast scenarios/baseline.cfg --origins 2019:2023` (one year ahead, 5,000 paths,
# seed 20190401) and five years ahead from March 2019, then checks the bar:
#   * at least 26 of the 30 actuals inside P5-P95;
#   * between 10 and 20 inside P25-P75;
#   * the median absolute percentage error of the median below the "no change" forecast's;
#   * the mean relative interval score below the naive empirical band's, on the cases where the
#     band exists.
# Writes the figures into docs/validation.md between the "hindcast" markers; with --check, only
# compares (exit 1 when the document's figures differ from the run's). Not a unit test: a
# validation of the method on one real series, whose figures the document carries.
# Exit status: 0 the bar is met (and, with --check, the document agrees); 1 otherwise; 2 usage.
set -euo pipefail
cd "$(dirname "$0")/.."
check=0
if [ "${1:-}" = "--check" ]; then
    check=1
    shift
fi
cc=${1:-build/carecast}
if [ ! -x "$cc" ]; then
    echo "validate-hindcast: $cc is not built (run ./run-tests.sh or cmake --build build)" >&2
    exit 2
fi
doc=docs/validation.md
work=$(mktemp -d "${TMPDIR:-/tmp}/validate-hindcast.XXXXXX")
trap 'rm -rf "$work"' EXIT
paths=5000
seed=20190401

"$cc" hindcast scenarios/baseline.cfg --origins 2019:2023 --paths "$paths" --seed "$seed" \
    --out "$work/one" --no-charts --quiet >"$work/one.txt"
"$cc" hindcast scenarios/baseline.cfg --origins 2019:2019 --horizon-years 5 --paths "$paths" \
    --seed "$seed" --out "$work/five" --no-charts --quiet >"$work/five.txt"

# The summary line of the model, the naive forecast and the band (see docs/outputs.md §8).
read -r in90 n in50 mape mdape is < <(awk '$1 == "model" { split($2, a, "/"); split($3, b, "/");
    print a[1], a[2], b[1], $4, $5, $6; exit }' "$work/one.txt")
read -r naive_mape naive_mdape < <(awk '$1 == "no" && $2 == "change" { print $3, $4; exit }' \
    "$work/one.txt")
read -r band_in band_n band_is model_is_band < <(awk '$1 == "naive" && $2 == "band" {
    split($3, a, "/"); m = $0; sub(/.*model /, "", m); sub(/ on.*/, "", m);
    print a[1], a[2], $4, m; exit }' "$work/one.txt")

fails=()
[ "$in90" -ge 26 ] || fails+=("only $in90 of $n inside P5-P95 (at least 26)")
{ [ "$in50" -ge 10 ] && [ "$in50" -le 20 ]; } || fails+=("$in50 of $n inside P25-P75 (10-20)")
awk -v a="${mdape%\%}" -v b="${naive_mdape%\%}" 'BEGIN { exit !(a < b) }' ||
    fails+=("median APE $mdape not below the naive forecast's $naive_mdape")
awk -v a="$model_is_band" -v b="$band_is" 'BEGIN { exit !(a < b) }' ||
    fails+=("interval score $model_is_band not below the naive band's $band_is")

# The generated block: the bar, then every metric, then five years ahead.
{
    echo "<!-- hindcast:begin (written by tools/validate-hindcast.sh; do not edit by hand) -->"
    echo
    echo "Origins 31 March 2019 to 2023, one year ahead, $paths paths, seed $seed:"
    echo
    echo "| | in P5-P95 | in P25-P75 | MAPE | median APE | mean interval score |"
    echo "|---|---|---|---|---|---|"
    echo "| model | **$in90 of $n** | **$in50 of $n** | $mape | **$mdape** | $is ($model_is_band on the band's $band_n) |"
    echo "| no change | | | $naive_mape | $naive_mdape | |"
    echo "| naive empirical band | $band_in of $band_n | | | | $band_is |"
    echo
    echo "| metric | in P5-P95 | in P25-P75 | MAPE | median APE | mean interval score |"
    echo "|---|---|---|---|---|---|"
    awk '/by metric:/ { on = 1; next } on && NF >= 6 {
        printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6 }' "$work/one.txt"
    echo
    echo "Every forecast (\`hindcast.csv\`; the actual outside P5-P95 in bold):"
    echo
    echo "| origin | metric | year | actual | P5 | P25 | P50 | P75 | P95 | no change |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
    awk -F, 'NR > 1 { a = ($11 == 1) ? $4 : "**" $4 "**";
        printf "| %s | %s | %s | %s | %.0f | %.0f | %.0f | %.0f | %.0f | %s |\n",
        $1, $2, $3, a, $5, $6, $7, $8, $9, $13 }' "$work/one/hindcast.csv"
    echo
    echo "Five years ahead from 31 March 2019 (calibrated on 2017/18-2018/19 only):"
    echo
    echo "| metric | year | actual | P5 | P50 | P95 | inside |"
    echo "|---|---|---|---|---|---|---|"
    awk -F, 'NR > 1 { printf "| %s | %s | %s | %.0f | %.0f | %.0f | %s |\n",
        $2, $3, $4, $5, $7, $9, ($11 == 1) ? "yes" : "**no**" }' "$work/five/hindcast.csv"
    echo
    echo "<!-- hindcast:end -->"
} >"$work/block.md"

if ! grep -q '<!-- hindcast:begin' "$doc" || ! grep -q '<!-- hindcast:end -->' "$doc"; then
    echo "validate-hindcast: $doc has no hindcast markers" >&2
    exit 2
fi
awk -v block="$work/block.md" '
    /<!-- hindcast:begin/ { while ((getline line < block) > 0) print line; skip = 1; next }
    /<!-- hindcast:end -->/ { skip = 0; next }
    !skip { print }' "$doc" >"$work/doc.md"
status=0
if [ "$check" -eq 1 ]; then
    if ! cmp -s "$work/doc.md" "$doc"; then
        echo "validate-hindcast: $doc's figures differ from this run's:"
        diff "$doc" "$work/doc.md" | head -20 || true
        status=1
    fi
else
    cp "$work/doc.md" "$doc"
fi
cat "$work/one.txt"
for f in "${fails[@]}"; do
    echo "validate-hindcast: FAILS THE BAR: $f"
    status=1
done
[ "${#fails[@]}" -eq 0 ] && echo "validate-hindcast: the bar is met ($in90/$n in P5-P95, $in50/$n in P25-P75, median APE $mdape vs $naive_mdape, interval score $model_is_band vs the band's $band_is)"
exit $status
