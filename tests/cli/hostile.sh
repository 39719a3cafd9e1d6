#!/usr/bin/env bash
# Hostile text: scenario file names and every text field of a scenario (names,
# labels, comments that become sources) carry gnuplot command injections
# (backquotes, a closing quote then system(), a newline) and HTML injections.
# No command may run, when carecast draws the charts or when a user re-runs
# the kept scripts; legends and .dat headers stay intact; report.html holds
# only carecast's own tags and attributes.
#
# Usage: hostile.sh CARECAST_BINARY SOURCE_DIR
# Prints "ok - name" / "not ok - name: reason", then "N passed, M failed".
set -u

. "$(dirname "$0")/common.sh" hostile "$@"
D=$SRC/tests/data

check() { # check NAME COMMAND...: ok when the command succeeds
    local name=$1
    shift
    if "$@" >/dev/null 2>&1; then ok "$name"; else not_ok "$name" "failed: $*"; fi
}

HAVE_GNUPLOT=false
command -v gnuplot >/dev/null && HAVE_GNUPLOT=true

# No file called PWNED* anywhere under $T: no injected command ran. Any found
# are listed and removed, so each later check stands on its own.
no_command_ran() {
    local found
    found=$(find "$T" -name 'PWNED*' 2>/dev/null)
    [ -z "$found" ] && return 0
    echo "$found" >&2
    find "$T" -name 'PWNED*' -delete
    return 1
}

# Re-runs every kept chart script by hand, as a user restyling a chart would.
rerun_scripts() { # rerun_scripts CHARTS_DIR
    local gp
    for gp in "$1"/*.gp; do
        (cd "$1" && gnuplot "$(basename "$gp")") >/dev/null 2>&1
    done
}

# Every tag of an HTML page is one carecast writes, with only its attributes,
# each value double-quoted and free of < > " (so no text broke out of one).
html_tags_are_ours() { # html_tags_are_ours FILE
    sed '/^<style>$/,/^<\/style>$/d' "$1" | grep -o '<[^>]*>' |
        grep -Ev '^</?(html|head|meta|title|body|h1|h2|h3|p|b|br|code|span|table|thead|tbody|tr|th|td|figure|figcaption|img)( (lang|charset|class|alt|src|data-[a-z0-9]+)="[^"<>]*")*>$' |
        grep -v '^<!DOCTYPE html>$' >"$T/bad-tags"
    if [ -s "$T/bad-tags" ]; then
        head -3 "$T/bad-tags" >&2
        return 1
    fi
    # Text outside tags has no raw quote-breaking payload left either.
    ! grep -q 'onerror=alert(1)>' "$1" || grep -q '&lt;img src=x onerror=alert(1)&gt;' "$1"
}

# Every CSV record (RFC 4180: a quoted field may hold commas, "" and line
# breaks) has N fields, and there are more than 1000 records.
csv_fields() { # csv_fields N FILE
    awk -v want="$1" '
        { rec = pending == "" ? $0 : pending "\n" $0
          if (gsub(/"/, "\"", rec) % 2) { pending = rec; next }
          pending = ""
          t = rec; gsub(/"[^"]*"/, "Q", t)
          if (split(t, f, ",") != want) bad++
          n++ }
        END { exit !(bad == 0 && pending == "" && n > 1000) }' "$2"
}

# ---- hostile file names in compare (the name reaches titles, legends, headers)

mkdir -p "$T/names"
cp "$D/small.cfg" "$D/small-model.cfg" "$D/small-fewer.cfg" "$T/names/"
BQ='base`touch PWNED_bq`.cfg'
QU='x";system("touch PWNED_quote");".cfg'
NL=$'n\nsystem("touch PWNED_newline")\n.cfg'
HT='a"><img src=x onerror=alert(1)>.cfg'
for f in "$BQ" "$QU" "$NL" "$HT"; do
    cp "$D/small-fewer.cfg" "$T/names/$f"
done

i=0
for base in "$BQ" "$QU" "$NL" "$HT"; do
    i=$((i + 1))
    form=$(printf '%s' "$base" | head -1)
    out=$T/names/out$i
    (cd "$T/names" && "$CC" compare "$base" small.cfg "$BQ" "$QU" "$NL" "$HT" --paths 30 \
        --out "$out" --quiet 2>"$T/names/err$i")
    rc=$?
    check "compare with base '$form' exits 0" test "$rc" -eq 0
    check "... no command ran while the charts were drawn" no_command_ran
    if $HAVE_GNUPLOT; then
        check "... every chart was drawn (no gnuplot error log)" \
            test -z "$(ls "$out"/charts/*.log 2>/dev/null)" -a -s "$out/charts/compare_cic.svg"
        rerun_scripts "$out/charts"
        check "... no command ran when the kept scripts were re-run" no_command_ran
    fi
    check "... no text after # in a script comment line comes from a name" \
        bash -c "! grep -h '^#' '$out'/charts/*.gp | grep -q 'PWNED\|small\|img'"
    # period + 3 columns per alternative, in a header of one line.
    n_months=$(($(wc -l <"$out/charts/compare_cic.dat") - 1))
    check "... compare_cic.dat has one header line and 36 months ($n_months)" test "$n_months" -eq 36
    fields=$(head -1 "$out/charts/compare_cic.dat" | awk -F'"' '{ print (NF - 1) / 2 }')
    check "... its header names 3 columns for each of 5 alternatives ($fields)" test "$fields" -eq 15
    check "... report.html holds only carecast's tags" html_tags_are_ours "$out/report.html"
    check "... every compare.csv record has 11 fields (names quoted as CSV)" csv_fields 11 "$out/compare.csv"
done
if $HAVE_GNUPLOT; then
    # In a .dat a " can only be shown as '; in a title it stays a ".
    check "the legend shows a name with a quote as '" \
        grep -q "<text>x';system('touch PWNED_quote');'</text>" "$T/names/out1/charts/compare_cic.svg"
    check "the title shows a name with a quote, quote intact" \
        grep -q "difference from x\";system(\"touch PWNED_quote\");\" (median" \
        "$T/names/out2/charts/compare_cic.svg"
    check "the title shows a name with a newline on one line" \
        grep -q "difference from n system(\"touch PWNED_newline\")  (median" \
        "$T/names/out3/charts/compare_cic.svg"
fi

# ---- hostile text in every field of a scenario

# A payload per field: a backquote command, a quote closing a gnuplot string
# then system(), a newline then a command, and HTML that would run script.
payload() { # payload MARK: text for a libconfig string
    printf '%s `touch PWNED_%s_bq` \\";system(\\"touch PWNED_%s_q\\");\\" \\nsystem(\\"touch PWNED_%s_nl\\")\\n <img src=x onerror=alert(1)> \\\\ end' \
        "$1" "$1" "$1" "$1"
}
comment() { # comment MARK: text for a comment (a key assumption's source)
    printf '# %s `touch PWNED_%s_bq` ";system("touch PWNED_%s_q");" <img src=x onerror=alert(1)> \\' \
        "$1" "$1" "$1"
}
M=$T/fields/model.cfg
mkdir -p "$T/fields"
shopt -u patsub_replacement 2>/dev/null
model=$(<"$D/money-model.cfg")
model=${model/name = \"Test model\";/"name = \"$(payload model)\";"}
# Placement labels short (gnuplot drops a key too wide for the chart): a
# quote, a newline, backquotes, a backslash, HTML.
model=${model/weekly_cost_gbp = 480;/"weekly_cost_gbp = 480; label = \"inhouse \\\";system(\\\"touch PWNED_pl\\\")\\n<img src=x>\";"}
model=${model/weekly_cost_gbp = 4100;/"weekly_cost_gbp = 4100; $(comment cost)"}
model=${model/weekly_cost_gbp = 760;/"weekly_cost_gbp = 760; label = \"IFA \\\"kin\\\"\\nnext \`x\` \\\\ end\";"}
model=${model/annual_children = 70.0;/"annual_children = 70.0; $(comment entries)"}
sensitivity="  sensitivity = {
    entries = { label = \"$(payload sens)\"; key = \"model.entries.annual_children\"; low = 50.0; high = 90.0; };
  };
  finance = {"
model=${model/  finance = \{/"$sensitivity"}
printf '%s\n' "$model" >"$M"
cat >"$T/fields/scenario.cfg" <<EOF
@include "model.cfg"
run = { name = "$(payload run)"; paths = 60; seed = 3; horizon_months = 24; };
initiatives = {
  framework = { label = "$(payload initiative)"; effect = "price_cut"; placement = "agency";
                start_date = "2020-04-01"; size = 10.0; annual_cost_gbp = 12000.0;
                delivery_probability = 1.0; };
};
EOF

"$CC" validate "$T/fields/scenario.cfg" >"$T/fields/validate.out" 2>&1
check "the hostile scenario is valid" test $? -eq 0
"$CC" run "$T/fields/scenario.cfg" --out "$T/fields/run" --quiet 2>"$T/fields/run.err"
check "run with hostile text exits 0" test $? -eq 0
check "... no command ran while the charts were drawn" no_command_ran
R=$T/fields/run/report.html
for mark in model run initiative cost entries; do
    check "... the report shows the $mark text, escaped" grep -q "$mark \`touch PWNED_$mark" "$R"
done
check "... the report shows a placement label, escaped" \
    grep -q 'Unit cost: inhouse &quot;;system(&quot;touch PWNED_pl&quot;)' "$R"
check "... report.html holds only carecast's tags" html_tags_are_ours "$R"
if $HAVE_GNUPLOT; then
    check "... every chart was drawn (no gnuplot error log)" \
        test -z "$(ls "$T"/fields/run/charts/*.log 2>/dev/null)" -a -s "$T/fields/run/charts/placement_mix.svg"
    rerun_scripts "$T/fields/run/charts"
    check "... no command ran when the kept scripts were re-run" no_command_ran
    check "... the placement legend shows a label with a quote, a newline and a backslash" \
        grep -q "<text>IFA 'kin' next \`x\` \\\\ end</text>" "$T/fields/run/charts/placement_mix.svg"
    check "... and another with HTML" \
        grep -q "<text>inhouse ';system('touch PWNED_pl') &lt;img src=x></text>" "$T/fields/run/charts/placement_mix.svg"
    check "... and the labels after them (the header is not shifted)" \
        grep -q "<text>residential</text>" "$T/fields/run/charts/placement_mix.svg"
fi
months=$(($(wc -l <"$T/fields/run/charts/placement_mix.dat") - 1))
check "... placement_mix.dat keeps one header line (24 months: $months)" test "$months" -eq 24

"$CC" sensitivity "$T/fields/scenario.cfg" --paths 40 --out "$T/fields/sens" --quiet \
    --output cic.total@2021/22 2>"$T/fields/sens.err"
check "sensitivity with a hostile label exits 0" test $? -eq 0
check "... no command ran while the tornado was drawn" no_command_ran
if $HAVE_GNUPLOT; then
    check "... the tornado was drawn" test -s "$T/fields/sens/charts/tornado_1.svg" -a \
        -z "$(ls "$T"/fields/sens/charts/*.log 2>/dev/null)"
    rerun_scripts "$T/fields/sens/charts"
    check "... no command ran when the tornado script was re-run" no_command_ran
fi
check "... tornado_1.dat has one row per parameter" \
    test "$(grep -vc '^#' "$T/fields/sens/charts/tornado_1.dat")" -eq 1

cc_finish
