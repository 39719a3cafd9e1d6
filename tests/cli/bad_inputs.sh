#!/usr/bin/env bash
# Bad scenario inputs and bad command lines: every one must be refused with
# exit code 2 (never a crash), and every problem must be cited on stderr as
#   file:line: key.path: message
# (overrides as "--set key=value: key.path: message").
#
# Usage: bad_inputs.sh CARECAST_BINARY SOURCE_DIR
# Each case works on fresh copies of tests/data/small-model.cfg and small.cfg.
# Prints "ok - name" / "not ok - name: reason", then "N passed, M failed".
set -u

. "$(dirname "$0")/common.sh" bad "$@"
DATA=$SRC/tests/data
if [ ! -f "$DATA/small.cfg" ] || [ ! -f "$DATA/small-model.cfg" ]; then
    echo "not ok - setup: need $DATA/small.cfg and small-model.cfg"
    echo "0 passed, 1 failed"
    exit 1
fi

NCASE=0
D='' M='' S='' RC='' EDIT_ERROR=''

# A new case directory D with fresh copies: M (model) and S (scenario).
fresh() {
    NCASE=$((NCASE + 1))
    D=$T/case$NCASE
    mkdir "$D"
    cp "$DATA/small-model.cfg" "$DATA/small.cfg" "$D/"
    M=$D/small-model.cfg
    S=$D/small.cfg
    EDIT_ERROR=
}

# edit FILE SED-ARGS...: sed -i on a copy; a no-op edit makes the case fail,
# so that a change to tests/data cannot silently turn a case into a valid file.
edit() {
    local f=$1
    shift
    cp "$f" "$f.before"
    sed -i "$@" "$f"
    if cmp -s "$f" "$f.before"; then
        EDIT_ERROR="test setup: sed $* did not change $(basename "$f")"
    fi
    rm -f "$f.before"
}

# run_cc ARGS...: runs carecast with stdout/stderr captured in D; sets RC.
run_cc() {
    "$CC" "$@" >"$D/stdout" 2>"$D/stderr" </dev/null
    RC=$?
}

# line_of FILE FIXED-TEXT: the number of the first line holding the text.
line_of() {
    grep -n -F -e "$2" "$1" | head -n 1 | cut -d: -f1
}

stderr_excerpt() {
    head -c 400 "$D/stderr" | tr '\n' '|'
}

# Common checks; prints a reason and returns 1 on the first failure.
basic_failure() {
    if [ -n "$EDIT_ERROR" ]; then
        echo "$EDIT_ERROR"
        return 1
    fi
    if [ "$RC" -ge 128 ]; then
        echo "crashed: exit $RC (signal $((RC - 128))); stderr: $(stderr_excerpt)"
        return 1
    fi
    if grep -q -E 'runtime error|Sanitizer|Segmentation|Aborted' "$D/stderr"; then
        echo "sanitizer or crash report on stderr: $(stderr_excerpt)"
        return 1
    fi
    return 0
}

# expect_invalid NAME FILE LINE KEY [MESSAGE-TEXT...]
# Exit code exactly 2; stderr holds "FILE:LINE: KEY:" and each message text.
expect_invalid() {
    local name=$1 file=$2 line=$3 key=$4
    shift 4
    local why
    if ! why=$(basic_failure); then
        not_ok "$name" "$why"
        return
    fi
    if [ "$RC" -ne 2 ]; then
        not_ok "$name" "exit code $RC, expected 2; stderr: $(stderr_excerpt)"
        return
    fi
    if [ -z "$line" ]; then
        not_ok "$name" "test setup: could not compute the expected line number"
        return
    fi
    if ! grep -q -F -e "$file:" "$D/stderr"; then
        not_ok "$name" "stderr does not name $file; stderr: $(stderr_excerpt)"
        return
    fi
    if ! grep -q -F -e ": $key:" "$D/stderr"; then
        not_ok "$name" "stderr does not cite key $key; stderr: $(stderr_excerpt)"
        return
    fi
    if ! grep -q -F -e "$file:$line: $key:" "$D/stderr"; then
        not_ok "$name" "expected '$(basename "$file"):$line: $key:'; stderr: $(stderr_excerpt)"
        return
    fi
    local text
    for text in "$@"; do
        if ! grep -q -F -e "$text" "$D/stderr"; then
            not_ok "$name" "stderr lacks '$text'; stderr: $(stderr_excerpt)"
            return
        fi
    done
    ok "$name"
}

# expect_exit2_with NAME TEXT...: exit code exactly 2 and each text on stderr.
expect_exit2_with() {
    local name=$1
    shift
    local why text
    if ! why=$(basic_failure); then
        not_ok "$name" "$why"
        return
    fi
    if [ "$RC" -ne 2 ]; then
        not_ok "$name" "exit code $RC, expected 2; stderr: $(stderr_excerpt)"
        return
    fi
    for text in "$@"; do
        if ! grep -q -F -e "$text" "$D/stderr"; then
            not_ok "$name" "stderr lacks '$text'; stderr: $(stderr_excerpt)"
            return
        fi
    done
    ok "$name"
}

# expect_valid NAME [STDOUT-TEXT...]: exit code 0 and each text on stdout.
expect_valid() {
    local name=$1
    shift
    local why text
    if ! why=$(basic_failure); then
        not_ok "$name" "$why"
        return
    fi
    if [ "$RC" -ne 0 ]; then
        not_ok "$name" "exit code $RC, expected 0; stderr: $(stderr_excerpt)"
        return
    fi
    for text in "$@"; do
        if ! grep -q -F -e "$text" "$D/stdout"; then
            not_ok "$name" "stdout lacks '$text'"
            return
        fi
    done
    ok "$name"
}

# ---------------------------------------------------------------- positives

fresh
run_cc validate "$S"
expect_valid "valid small scenario" "children in care at start: 132" "valid"

fresh
run_cc --help
if [ "$RC" -eq 0 ] && grep -q 'Exit status' "$D/stdout" &&
    grep -q -E '^ +0 ' "$D/stdout" && grep -q -E '^ +1 ' "$D/stdout" &&
    grep -q -E '^ +2 ' "$D/stdout"; then
    ok "--help exits 0 and lists exit codes 0, 1, 2"
else
    not_ok "--help exits 0 and lists exit codes 0, 1, 2" "exit $RC; stdout: $(head -c 200 "$D/stdout")"
fi

fresh
run_cc validate "$S" --set model.entries.annual_children=50
expect_valid "--set model.entries.annual_children=50 (integer for a float) accepted" "valid"

fresh
run_cc validate "$S" --set run.paths=250
expect_valid "--set run.paths=250 is applied" "250 paths"

fresh
edit "$M" 's/annual_children = 70\.0;/annual_children = 70;/'
run_cc validate "$S"
expect_valid "integer where a float is expected is accepted" "valid"

# libconfig's setting terminator is optional: a missing ';' between two
# settings is not an error, and both values must still be read correctly.
fresh
edit "$S" 's/seed = 7; horizon_months = 36;/seed = 7 horizon_months = 36/'
run_cc validate "$S"
expect_valid "missing ';' between settings is accepted with values intact" \
    "horizon 36 months, 500 paths, seed 7"

# ------------------------------------------------------------ syntax errors

fresh
edit "$M" 's/weekly_cost_gbp = 760;/weekly_cost_gbp 760;/'
run_cc validate "$S"
expect_invalid "syntax: missing '='" "$M" "$(line_of "$M" 'weekly_cost_gbp 760')" \
    "syntax error"

fresh
edit "$M" 's/start_age_shares = \[0\.45, 0\.55\]/start_age_shares = [0.45 0.55]/'
run_cc validate "$S"
expect_invalid "syntax: missing ',' in an array" "$M" "$(line_of "$M" '[0.45 0.55]')" \
    "syntax error"

fresh
edit "$M" 's/weekly_cost_gbp = 760;/weekly_cost_gbp = 760;;/'
run_cc validate "$S"
expect_invalid "syntax: doubled ';'" "$M" "$(line_of "$M" 'weekly_cost_gbp = 760;;')" \
    "syntax error"

# An unclosed brace can only be noticed at the end of the file.
fresh
edit "$S" 's/output_dir = "small-out"; };/output_dir = "small-out";/'
run_cc validate "$S"
expect_invalid "syntax: unclosed brace (reported at end of file)" "$S" \
    "$(($(wc -l <"$S") + 1))" "syntax error"

# Truncated mid-line (no final newline): the error is on the last, partial line.
fresh
head -c 60 "$DATA/small.cfg" >"$S"
run_cc validate "$S"
expect_invalid "syntax: truncated scenario file" "$S" "$(grep -c '' "$S")" "syntax error"

# A truncated included file: libconfig continues in the including file, so
# either file may be cited, but there must be a syntax error with a location.
fresh
head -c 900 "$DATA/small-model.cfg" >"$M"
run_cc validate "$S"
if ! why=$(basic_failure); then
    not_ok "syntax: truncated included model" "$why"
elif [ "$RC" -ne 2 ] || ! grep -q -E "^$D/small(-model)?\.cfg:[0-9]+: syntax error" "$D/stderr"; then
    not_ok "syntax: truncated included model" "exit $RC; stderr: $(stderr_excerpt)"
else
    ok "syntax: truncated included model"
fi

fresh
edit "$M" 's/name = "Test model";/name = "Test model"; name = "Again";/'
run_cc validate "$S"
expect_invalid "syntax: duplicate setting" "$M" "$(line_of "$M" 'name = "Again"')" \
    "syntax error" "duplicate"

# ------------------------------------------------------------- unknown keys

fresh
edit "$M" 's/weekly_cost_gbp = 760;/weekly_cots_gbp = 760;/'
run_cc validate "$S"
expect_invalid "unknown key with did-you-mean" "$M" "$(line_of "$M" 'weekly_cots_gbp')" \
    "model.placements.agency.weekly_cots_gbp" "did you mean 'weekly_cost_gbp'"

fresh
edit "$S" '$a\reporting = { charts = true; };'
run_cc validate "$S"
expect_invalid "unknown top-level group" "$S" "$(line_of "$S" 'reporting = {')" \
    "reporting" "unknown key"

fresh
edit "$S" '$a\levres = { entries_change_pct = 5.0; };'
run_cc validate "$S"
expect_invalid "misspelt top-level group with did-you-mean" "$S" "$(line_of "$S" 'levres')" \
    "levres" "did you mean 'levers'"

fresh
edit "$M" 's/over_60_share = 0\.3;/over_sixty_share = 0.3;/'
run_cc validate "$S"
expect_invalid "unknown key in foster_carers" "$M" "$(line_of "$M" 'over_sixty_share')" \
    "model.foster_carers.over_sixty_share" "unknown key"

# -------------------------------------------------------------- wrong types

fresh
edit "$M" 's/weekly_cost_gbp = 760;/weekly_cost_gbp = "760";/'
run_cc validate "$S"
expect_invalid "string where a number is expected" "$M" "$(line_of "$M" '"760"')" \
    "model.placements.agency.weekly_cost_gbp" "got a string"

fresh
edit "$M" 's/start_children = 60;/start_children = 60.5;/'
run_cc validate "$S"
expect_invalid "float where an integer count is expected" "$M" \
    "$(line_of "$M" 'start_children = 60.5')" "model.placements.agency.start_children" \
    "whole number"

fresh
edit "$S" 's/name = "Small test";/name = 42;/'
run_cc validate "$S"
expect_invalid "number where a string is expected" "$S" "$(line_of "$S" 'name = 42')" \
    "run.name" "expected a string"

fresh
edit "$M" 's/child_population = 50000;/child_population = true;/'
run_cc validate "$S"
expect_invalid "boolean where a number is expected" "$M" \
    "$(line_of "$M" 'child_population = true')" "model.child_population" "got a boolean"

fresh
edit "$M" 's/capacity = "carers";/capacity = 3;/'
run_cc validate "$S"
expect_invalid "number where a capacity name is expected" "$M" \
    "$(line_of "$M" 'capacity = 3')" "model.placements.in_house.capacity" "expected a string"

fresh
edit "$M" 's/^    agency = {/    agency = 5; agency_old = {/'
run_cc validate "$S"
expect_invalid "number where a placement group is expected" "$M" \
    "$(line_of "$M" 'agency = 5')" "model.placements.agency" "expected a group"

# ------------------------------------------------------ missing keys/groups

fresh
edit "$M" '/^    agency = {/,/^    };/s/start_children = 60; //'
run_cc validate "$S"
expect_invalid "missing required key (cited at its group)" "$M" \
    "$(line_of "$M" '    agency = {')" "model.placements.agency.start_children" \
    "required key is missing"

fresh
edit "$M" '/^  cp  = {/d'
run_cc validate "$S"
expect_invalid "missing required group model.cp" "$M" "$(line_of "$M" 'model = {')" \
    "model.cp" "required group is missing"

fresh
edit "$S" '/^run = {/d'
run_cc validate "$S"
# run is optional (a model file alone validates): defaults apply.
expect_valid "scenario without a run group takes the defaults" "horizon 60 months, 1000 paths"

# ---------------------------------------------------------- ranges, shares

fresh
edit "$M" 's/cin = { start_children = 300;/cin = { start_children = -5;/'
run_cc validate "$S"
expect_invalid "negative count" "$M" "$(line_of "$M" 'start_children = -5')" \
    "model.cin.start_children" "must not be negative"

fresh
edit "$M" 's/weekly_cost_gbp = 760;/weekly_cost_gbp = -760;/'
run_cc validate "$S"
expect_invalid "negative cost" "$M" "$(line_of "$M" 'weekly_cost_gbp = -760')" \
    "model.placements.agency.weekly_cost_gbp" "must not be negative"

fresh
edit "$M" 's/to_care_share = 0\.12;/to_care_share = 1.5;/'
run_cc validate "$S"
expect_invalid "share above 1 (cp.to_care_share = 1.5)" "$M" \
    "$(line_of "$M" 'to_care_share = 1.5')" "model.cp.to_care_share" "at most 1"

fresh
edit "$M" 's/over_60_share = 0\.3;/over_60_share = -0.1;/'
run_cc validate "$S"
expect_invalid "share below 0" "$M" "$(line_of "$M" 'over_60_share = -0.1')" \
    "model.foster_carers.over_60_share" "must not be negative"

fresh
edit "$M" 's/return_home_annual_pct = 35\.0;/return_home_annual_pct = 120.0;/'
run_cc validate "$S"
expect_invalid "percentage above 100" "$M" "$(line_of "$M" 'return_home_annual_pct = 120.0')" \
    "model.placements.home.exits.return_home_annual_pct" "at most 100"

fresh
edit "$M" 's/start_age_shares = \[0\.6, 0\.4\];/start_age_shares = [0.6, 0.5];/'
run_cc validate "$S"
expect_invalid "start_age_shares not summing to 1" "$M" "$(line_of "$M" '[0.6, 0.5]')" \
    "model.placements.in_house.start_age_shares" "sum to 1"

fresh
edit "$M" 's/start_age_shares = \[0\.6, 0\.4\];/start_age_shares = [0.6, 0.2, 0.2];/'
run_cc validate "$S"
expect_invalid "start_age_shares with one value too many" "$M" \
    "$(line_of "$M" '[0.6, 0.2, 0.2]')" "model.placements.in_house.start_age_shares" \
    "expected 2 values"

fresh
edit "$M" 's/age_shares = \[0\.55, 0\.45\];/age_shares = [0.55, 0.55];/'
run_cc validate "$S"
expect_invalid "entries.age_shares not summing to 1" "$M" "$(line_of "$M" '[0.55, 0.55]')" \
    "model.entries.age_shares" "sum to 1"

fresh
edit "$M" 's/young = { in_house = 0\.5; agency = 0\.3;/young = { in_house = 0.5; agency = 0.4;/'
run_cc validate "$S"
expect_invalid "first_placement shares not summing to 1" "$M" \
    "$(line_of "$M" 'young = { in_house = 0.5; agency = 0.4')" \
    "model.entries.first_placement.young" "sum to 1"

# An exit route given twice (as a rate and as a probability), and one missing.
fresh
edit "$M" 's/return_home_annual_pct = 35\.0;/return_home_annual_pct = 35.0; return_home_annual_rate = 0.4;/'
run_cc validate "$S"
expect_invalid "an exit route given as a rate and a probability" "$M" \
    "$(line_of "$M" 'return_home_annual_rate = 0.4')" "model.placements.home.exits.return_home_annual_rate" \
    "give this route once"
fresh
edit "$M" 's/return_home_annual_pct = 35\.0; sgo_annual_pct = 0\.0;/sgo_annual_pct = 0.0;/'
run_cc validate "$S"
expect_invalid "a missing exit route names both forms" "$M" \
    "$(line_of "$M" 'sgo_annual_pct = 0.0; adoption_annual_pct = 0.0; other_annual_pct = 4.0;')" \
    "model.placements.home.exits" "needs return_home_annual_rate (events per child-year) or return_home_annual_probability_pct"

fresh
edit "$M" 's/sgo_annual_pct = 6\.5;/sgo_annual_pct = { mean = 6.5; sd = 30.0; };/'
run_cc validate "$S"
expect_invalid "uncertain percentage with sd too large" "$M" \
    "$(line_of "$M" 'sd = 30.0')" "model.placements.in_house.exits.sgo_annual_pct" \
    "too large for a percentage"

fresh
edit "$M" 's/child_population = 50000;/child_population = 1e999;/'
run_cc validate "$S"
expect_invalid "1e999 (overflows to inf) is not finite" "$M" \
    "$(line_of "$M" 'child_population = 1e999')" "model.child_population" "finite"

fresh
edit "$M" 's/annual_children = 70\.0;/annual_children = -1e999;/'
run_cc validate "$S"
expect_invalid "-1e999 (overflows to -inf) rejected" "$M" \
    "$(line_of "$M" 'annual_children = -1e999')" "model.entries.annual_children"

# libconfig 1.5 wraps integer literals beyond 32 bits without an L suffix
# (4294967796 reads as 500): such a value must not be silently accepted.
fresh
edit "$S" 's/paths = 500;/paths = 4294967796;/'
run_cc validate "$S"
expect_invalid "integer literal beyond 32 bits is not silently wrapped" "$S" \
    "$(line_of "$S" 'paths = 4294967796')" "run.paths"

# ---------------------------------------------------------------- dates

fresh
edit "$M" 's/start_date = "2020-04-01";/start_date = "2019-02-30";/'
run_cc validate "$S"
expect_invalid "impossible date 2019-02-30" "$M" "$(line_of "$M" '2019-02-30')" \
    "model.start_date" "not a real date"

fresh
edit "$M" 's/start_date = "2020-04-01";/start_date = "2019-13-01";/'
run_cc validate "$S"
expect_invalid "impossible date 2019-13-01" "$M" "$(line_of "$M" '2019-13-01')" \
    "model.start_date" "not a real date"

fresh
edit "$M" 's/start_date = "2020-04-01";/start_date = "01\/04\/2020";/'
run_cc validate "$S"
expect_invalid "date in the wrong format" "$M" "$(line_of "$M" '01/04/2020')" \
    "model.start_date" "YYYY-MM-DD"

fresh
edit "$M" 's/start_date = "2020-04-01";/start_date = "2020-04-15";/'
run_cc validate "$S"
expect_invalid "start date not the first of a month" "$M" "$(line_of "$M" '2020-04-15')" \
    "model.start_date" "first day of a month"

fresh
edit "$M" '/^  foster_carers = {/i\  finance = { funding = { first_year = "2019/21"; contract_sum_gbp = [1000000.0]; }; };'
run_cc validate "$S"
expect_invalid "bad financial year 2019/21" "$M" "$(line_of "$M" '"2019/21"')" \
    "model.finance.funding.first_year" "financial year"

fresh
edit "$M" '/^  foster_carers = {/i\  finance = { mtfp = { contract_year_1 = "2019-20"; targets_gbp = [1.0]; }; };'
run_cc validate "$S"
expect_invalid "bad financial year 2019-20" "$M" "$(line_of "$M" '"2019-20"')" \
    "model.finance.mtfp.contract_year_1" "financial year"

# ------------------------------------------------------------ run settings

fresh
edit "$S" 's/horizon_months = 36;/horizon_months = 241;/'
run_cc validate "$S"
expect_invalid "horizon_months beyond 240" "$S" "$(line_of "$S" 'horizon_months = 241')" \
    "run.horizon_months" "at most 240"

fresh
edit "$S" 's/paths = 500;/paths = 1000001;/'
run_cc validate "$S"
expect_invalid "paths beyond 1000000" "$S" "$(line_of "$S" 'paths = 1000001')" "run.paths"

# The message must not read "must be at most 1e+06 (got 1e+06)".
fresh
edit "$S" 's/paths = 500;/paths = 1000001;/'
run_cc validate "$S"
expect_invalid "paths beyond 1000000: message shows the value given" "$S" \
    "$(line_of "$S" 'paths = 1000001')" "run.paths" "1000001"

fresh
edit "$S" 's/paths = 500;/paths = 0;/'
run_cc validate "$S"
expect_invalid "zero paths" "$S" "$(line_of "$S" 'paths = 0')" "run.paths" "at least 1"

fresh
edit "$S" 's/horizon_months = 36;/horizon_months = 36; percentiles = [50.0, 10.0, 90.0];/'
run_cc validate "$S"
expect_invalid "percentiles not ascending" "$S" "$(line_of "$S" 'percentiles')" \
    "run.percentiles" "ascending"

# -------------------------------------------------- placement type references

fresh
edit "$M" 's/overflow_to = "agency";/overflow_to = "agncy";/'
run_cc validate "$S"
expect_invalid "unknown overflow_to with suggestion" "$M" "$(line_of "$M" '"agncy"')" \
    "model.placements.in_house.overflow_to" "unknown placement type 'agncy'" \
    "did you mean 'agency'"

fresh
edit "$M" 's/from = "residential";/from = "residental";/'
run_cc validate "$S"
expect_invalid "unknown moves.from with suggestion" "$M" "$(line_of "$M" '"residental"')" \
    "model.moves.step_down.from" "did you mean 'residential'"

fresh
edit "$M" 's/young = { in_house = 0\.5; agency = 0\.3;/young = { in_house = 0.5; agnecy = 0.3;/'
run_cc validate "$S"
expect_invalid "unknown first_placement type with suggestion" "$M" \
    "$(line_of "$M" 'agnecy')" "model.entries.first_placement.young.agnecy" \
    "did you mean 'agency'"

# ------------------------------------------------------------------ @include

fresh
edit "$S" 's/@include "small-model.cfg"/@include "nonexistent-model.cfg"/'
run_cc validate "$S"
expect_invalid "missing @include file is named" "$S" "$(line_of "$S" '@include')" \
    "@include" "nonexistent-model.cfg"

# A scenario given by a relative path: the included file is named so that
# it can be opened from the current directory.
fresh
edit "$M" 's/weekly_cost_gbp = 760;/weekly_cots_gbp = 760;/'
(cd "$T" && "$CC" validate "case$NCASE/small.cfg" >"$D/stdout" 2>"$D/stderr" </dev/null)
RC=$?
expect_invalid "relative scenario path: included file cited relative to cwd" \
    "case$NCASE/small-model.cfg" "$(line_of "$M" 'weekly_cots_gbp')" \
    "model.placements.agency.weekly_cots_gbp"

# ------------------------------------------------------------------ age bands

fresh
edit "$M" 's/min_age_years = 10;/min_age_years = 11;/'
run_cc validate "$S"
expect_invalid "age bands not contiguous" "$M" "$(line_of "$M" 'min_age_years = 11')" \
    "model.age_bands.older.min_age_years" "contiguous"

fresh
edit "$M" 's/max_age_years = 17;/max_age_years = 16;/'
run_cc validate "$S"
expect_invalid "last age band not ending at 17" "$M" "$(line_of "$M" 'max_age_years = 16')" \
    "model.age_bands.older.max_age_years" "end at age 17"

# A band whose max is one below its min has zero width: reported as such,
# with no knock-on "sum to inf" and no division by zero.
fresh
edit "$M" 's/min_age_years = 10; max_age_years = 17;/min_age_years = 10; max_age_years = 9;/'
run_cc validate "$S"
expect_invalid "age band with max one below min" "$M" "$(line_of "$M" 'min_age_years = 10; max_age_years = 9;')" \
    "model.age_bands.older.max_age_years" "must not be below min_age_years"
if [ "$RC" -eq 2 ] && grep -q -E 'sum to inf|runtime error|division by zero' "$D/stderr"; then
    not_ok "age band with max one below min: no division by zero / 'sum to inf'" \
        "stderr: $(grep -E 'sum to inf|runtime error' "$D/stderr" | head -n 2 | tr '\n' '|')"
elif [ "$RC" -ne 2 ]; then
    not_ok "age band with max one below min: no division by zero / 'sum to inf'" \
        "exit code $RC; stderr: $(stderr_excerpt)"
else
    ok "age band with max one below min: no division by zero / 'sum to inf'"
fi

# --------------------------------------------------------- several errors

fresh
edit "$M" -e 's/weekly_cost_gbp = 760;/weekly_cots_gbp = 760;/' \
    -e 's/to_care_share = 0\.12;/to_care_share = 1.5;/' \
    -e 's/start_date = "2020-04-01";/start_date = "2019-02-30";/'
edit "$S" 's/paths = 500;/paths = 0;/'
run_cc validate "$S"
name="four errors in two files are all reported"
n_lines=$(grep -c -E '^[^ ]+:[0-9]+: ' "$D/stderr")
if ! why=$(basic_failure); then
    not_ok "$name" "$why"
elif [ "$RC" -ne 2 ]; then
    not_ok "$name" "exit code $RC, expected 2"
elif [ "$n_lines" -ne 4 ]; then
    not_ok "$name" "$n_lines located lines on stderr, expected 4: $(stderr_excerpt)"
elif ! grep -q -F "$M:$(line_of "$M" weekly_cots_gbp): model.placements.agency.weekly_cots_gbp:" "$D/stderr" ||
    ! grep -q -F "$M:$(line_of "$M" 'to_care_share = 1.5'): model.cp.to_care_share:" "$D/stderr" ||
    ! grep -q -F "$M:$(line_of "$M" 2019-02-30): model.start_date:" "$D/stderr" ||
    ! grep -q -F "$S:$(line_of "$S" 'paths = 0'): run.paths:" "$D/stderr"; then
    not_ok "$name" "a location is missing: $(stderr_excerpt)"
elif ! grep -q -F "4 problems found" "$D/stderr"; then
    not_ok "$name" "no '4 problems found' summary"
else
    ok "$name"
fi

# ------------------------------------------------------------------- --set

fresh
run_cc validate "$S" --set model.nosuch.x=1
expect_exit2_with "--set with an unknown key path" "--set model.nosuch.x=1: model.nosuch: unknown key"

fresh
run_cc validate "$S" --set model.entries.annual_childs=50
expect_exit2_with "--set with a misspelt key (did-you-mean)" \
    "--set model.entries.annual_childs=50: model.entries.annual_childs: unknown key" \
    "did you mean 'annual_children'"

fresh
run_cc validate "$S" --set run.paths=-5
expect_exit2_with "--set run.paths=-5" "--set run.paths=-5: run.paths:" "at least 1"

fresh
run_cc validate "$S" --set run.horizon_months=abc
expect_exit2_with "--set of a word where a whole number is expected" \
    "--set run.horizon_months=abc: run.horizon_months:" "whole number"

fresh
run_cc validate "$S" --set model.cp=1
expect_exit2_with "--set of a group path" "--set model.cp=1:" "model.cp" "group"

fresh
run_cc validate "$S" --set run.paths
expect_exit2_with "--set without '='" "key.path=value"

fresh
edit "$S" 's/paths = 500;/paths = 0;/'
run_cc run "$S" --quiet --out "$D/out"
expect_exit2_with "run of an invalid scenario exits 2" "run.paths"
if [ -e "$D/out" ]; then
    not_ok "run of an invalid scenario creates no output directory" "$D/out exists"
else
    ok "run of an invalid scenario creates no output directory"
fi

# -------------------------------------------------------------- command line

fresh
run_cc validate "$D/no-such-scenario.cfg"
expect_exit2_with "missing scenario file" "$D/no-such-scenario.cfg" "cannot open"

fresh
run_cc validate "$S" --bogus
expect_exit2_with "unknown command-line option" "--bogus"

fresh
run_cc frobnicate "$S"
expect_exit2_with "unknown command" "frobnicate"

fresh
run_cc run "$S" --paths
expect_exit2_with "--paths without a value" "--paths"

fresh
run_cc validate
expect_exit2_with "validate without a scenario" "scenario"

# Whole numbers on the command line: a value beyond 32 bits must not wrap to
# a valid one (4294967796 = 2^32 + 500), and nothing but decimal digits is
# read. Each is refused (exit 2) naming the option, its range and the value,
# before any output directory is made.
while IFS='|' read -r flag value range; do
    fresh
    run_cc run "$S" "$flag" "$value" --quiet --no-charts --out "$D/out"
    expect_exit2_with "$flag '$value' is refused" "carecast: error: $flag " "$range" "'$value'"
    if [ -e "$D/out" ]; then
        not_ok "$flag '$value' writes nothing" "$D/out exists"
    fi
done <<'EOF'
--paths|4294967796|from 1 to 1000000
--paths|18446744073709552116|from 1 to 1000000
--paths|1000001|from 1 to 1000000
--paths|0|from 1 to 1000000
--paths|-1|from 1 to 1000000
--paths|0x10|from 1 to 1000000
--paths|1e3|from 1 to 1000000
--paths| 50|from 1 to 1000000
--paths|50 |from 1 to 1000000
--seed|4294967303|from 0 to 2147483647
--seed|2147483648|from 0 to 2147483647
--seed|-1|from 0 to 2147483647
--seed|7.5|from 0 to 2147483647
--threads|4294967297|from 0 to 256
--threads|257|from 0 to 256
--threads|-1|from 0 to 256
--threads|two|from 0 to 256
EOF

# The largest values are taken as they are, and recorded in run.json plainly.
fresh
run_cc run "$S" --paths 0000012 --seed 2147483647 --threads 256 --quiet --no-charts --out "$D/out"
if [ "$RC" -eq 0 ] && grep -q '"paths": 12,' "$D/out/run.json" &&
    grep -q '"seed": 2147483647,' "$D/out/run.json" && grep -q '"threads": 256,' "$D/out/run.json" &&
    grep -q '"run.paths=12"' "$D/out/run.json"; then
    ok "--paths 0000012 --seed 2147483647 --threads 256 run and are recorded"
else
    not_ok "--paths 0000012 --seed 2147483647 --threads 256 run and are recorded" \
        "exit $RC; $(grep -E 'paths|seed|threads' "$D/out/run.json" 2>/dev/null | tr '\n' ' ')"
fi

# run --out into a non-empty directory that holds no earlier run: refused with
# exit 2 (invalid usage, as README says), the existing file untouched, no
# outputs written.
fresh
mkdir "$D/busy"
printf 'precious notes\n' >"$D/busy/notes.txt"
cp "$D/busy/notes.txt" "$D/notes.expected"
run_cc run "$S" --paths 50 --quiet --out "$D/busy"
name="run --out into a non-empty directory without run.json is refused"
if ! why=$(basic_failure); then
    not_ok "$name" "$why"
elif [ "$RC" -ne 2 ]; then
    not_ok "$name" "exit code $RC, expected 2"
elif ! cmp -s "$D/busy/notes.txt" "$D/notes.expected"; then
    not_ok "$name" "the existing file was changed"
elif [ -e "$D/busy/monthly.csv" ] || [ -e "$D/busy/annual.csv" ] || [ -e "$D/busy/run.json" ]; then
    not_ok "$name" "outputs were written: $(ls -A "$D/busy" | tr '\n' ' ')"
elif [ "$(ls -A "$D/busy")" != "notes.txt" ]; then
    not_ok "$name" "stray files left: $(ls -A "$D/busy" | tr '\n' ' ')"
elif ! grep -q -F "$D/busy" "$D/stderr"; then
    not_ok "$name" "stderr does not name the directory: $(stderr_excerpt)"
else
    ok "$name (exit $RC)"
fi

cc_finish
