#!/usr/bin/env bash
# carecast serve over HTTP, with curl against servers this script starts (and
# always stops): the page and its controls; a lever changed and the JSON
# answer equal, number for number, to `carecast compare` on the same seed;
# downloads byte-identical to `carecast compare` and `carecast run --set`, and
# a workbook with the same figures;
# bad inputs refused with clear errors; oversize requests, path traversal in
# save names, other Host names and missing tokens refused.
#
# Usage: serve.sh CARECAST_BINARY SOURCE_DIR
# Prints "ok - name" / "not ok - name: reason", then "N passed, M failed".
set -u

. "$(dirname "$0")/common.sh" serve "$@"
D=$SRC/tests/data
PATHS=400
PIDS=()
stop_servers() {
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    done
    [ -n "${KEEP:-}" ] || rm -rf "$T"
}
trap stop_servers EXIT

check() { # check NAME COMMAND...: ok when the command succeeds
    local name=$1
    shift
    if "$@" >/dev/null 2>&1; then ok "$name"; else not_ok "$name" "failed: $*"; fi
}

# start_server NAME ARGS...: starts carecast serve, waits for its address (at
# most a minute: the sanitizer build is slow), sets URL and PID.
start_server() {
    local name=$1
    shift
    "$CC" serve "$@" >"$T/$name.out" 2>"$T/$name.err" &
    PID=$!
    PIDS+=("$PID")
    URL=""
    for _ in $(seq 1 600); do
        URL=$(grep -o 'http://[^ ]*' "$T/$name.out" 2>/dev/null | head -1)
        [ -n "$URL" ] && return 0
        kill -0 "$PID" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}

# get PATH_AND_QUERY [curl args]: body to $T/body, status to $T/status
get() {
    local path=$1
    shift
    curl -s -o "$T/body" -w '%{http_code}' "$@" "$URL${path#/}" >"$T/status"
}
status() { cat "$T/status"; }

mkdir -p "$T/saved"
if ! start_server main "$D/serve.cfg" --port 0 --paths $PATHS --save-dir "$T/saved"; then
    not_ok "serve starts and prints its address" "$(cat "$T/main.err")"
    cc_finish
    exit 1
fi
ok "serve starts and prints its address ($URL)"
check "bound to 127.0.0.1 by default" grep -q '^http://127.0.0.1:' <<<"$URL"

# ---- the page

get /
check "the page answers 200" test "$(status)" = 200
check "the page has the lever controls" grep -q 'name="levers.entries_change_pct"' "$T/body"
check "the page has the initiative's start date control" \
    grep -q 'name="initiatives.early_help.start_date" value="2020-10"' "$T/body"
check "the scenario's name is shown as text, escaped" grep -q 'Serve test &lt;b&gt;&amp;&quot;quotes&quot;&lt;/b&gt;' "$T/body"
check "an initiative's label cannot inject a script" \
    bash -c "! grep -q '<script>alert' '$T/body' && grep -q 'Early help &lt;script&gt;' '$T/body'"
check "the page's table works without JavaScript" grep -q '<table id="table">' "$T/body"
check "the page fetches nothing from elsewhere" bash -c "! grep -Eiq '(src|href)=\"(https?:)?//' '$T/body'"
get /app.js
check "the script is served by carecast" test "$(status)" = 200
get /api/controls
check "controls come from the lever table" grep -q '"key":"levers.entries_change_pct"' "$T/body"
check "an initiative's size is a control" grep -q '"key":"initiatives.early_help.size.mean"' "$T/body"
check "a lever's source is the comment on its line" grep -q 'this comment is its source' "$T/body"

# ---- a lever changed, against carecast compare on the same seed

CHANGE='levers.entries_change_pct=-20'
get "/api/whatif?$CHANGE"
check "a what-if answers 200" test "$(status)" = 200
cp "$T/body" "$T/whatif.json"
check "the answer names the change" grep -q '"changes":\[{"key":"levers.entries_change_pct","value":"-20"}\]' "$T/whatif.json"
check "the answer says how many paths" grep -q "\"paths\":$PATHS," "$T/whatif.json"

curl -s -o "$T/save.json" -w '%{http_code}' -X POST --data "$CHANGE&name=fewer" "${URL}api/save" >"$T/status"
check "save as scenario answers 201" test "$(status)" = 201
check "the saved scenario is in the save folder" test -s "$T/saved/fewer.cfg"
check "the saved scenario validates" "$CC" validate "$T/saved/fewer.cfg"
check "the saved scenario includes the base's model" grep -q '@include ".*small-model.cfg"' "$T/saved/fewer.cfg"
check "the saved scenario marks the change" grep -q 'entries_change_pct = -20.*# changed' "$T/saved/fewer.cfg"

"$CC" compare "$D/serve.cfg" "$T/saved/fewer.cfg" --paths $PATHS --out "$T/cmp" --quiet --no-charts
check "carecast compare runs the saved what-if" test -s "$T/cmp/compare.csv"
get "/download/compare.csv?$CHANGE&name=fewer"
check "compare.csv downloads (200)" test "$(status)" = 200
check "the downloaded compare.csv is byte-identical to carecast compare's" cmp "$T/body" "$T/cmp/compare.csv"

# The JSON's numbers are compare.csv's: difference and level of the last year.
last=$(awk -F, '$1 == "cic.total" && $2 ~ /\// { y = $2 } END { print y }' "$T/cmp/compare.csv")
for row in fewer-minus-serve:diff fewer:alt serve:base; do
    scen=${row%%:*}
    key=${row##*:}
    want=$(awk -F, -v y="$last" -v s="$scen" -v k="$key" \
        '$1 == "cic.total" && $2 == y && $3 == s { printf "\"%s\":{\"p10\":%s,\"p50\":%s,\"p90\":%s,\"mean\":%s", k, $6, $8, $10, $4 }' \
        "$T/cmp/compare.csv")
    check "JSON $key of children in care in $last equals compare.csv ($want)" \
        grep -qF "$want" "$T/whatif.json"
done

"$CC" run "$D/serve.cfg" --set "$CHANGE" --paths $PATHS --out "$T/run" --quiet --no-charts
for csv in annual.csv monthly.csv; do
    get "/download/$csv?$CHANGE"
    check "the downloaded $csv is byte-identical to carecast run --set's" cmp "$T/body" "$T/run/$csv"
done
# The workbook of the what-if holds the figures of carecast run --set's
# workbook, sheet for sheet (the Run sheet records the threads, so it is
# checked for the change only).
PY=$(command -v python3)
DUMP=$SRC/tests/support/xlsx_dump.py
get "/download/carecast.xlsx?$CHANGE" -D "$T/headers"
check "the workbook downloads (200) as an Excel file named whatif-carecast.xlsx" \
    bash -c "test '$(status)' = 200 &&
             grep -qi '^content-type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' '$T/headers' &&
             grep -qi 'filename=\"whatif-carecast.xlsx\"' '$T/headers'"
cp "$T/body" "$T/whatif.xlsx"
sheets=$("$PY" "$DUMP" "$T/whatif.xlsx" 2>/dev/null | tr '\n' ',')
check "the downloaded workbook has the run's sheets ($sheets)" \
    test "$sheets" = "$("$PY" "$DUMP" "$T/run/carecast.xlsx" | tr '\n' ',')"
for sheet in Headline "Annual results" "Monthly results"; do
    "$PY" "$DUMP" "$T/whatif.xlsx" "$sheet" >"$T/got.tsv" 2>&1
    "$PY" "$DUMP" "$T/run/carecast.xlsx" "$sheet" >"$T/want.tsv" 2>&1
    check "the downloaded workbook's $sheet sheet equals carecast run --set's ($(wc -l <"$T/want.tsv") rows)" \
        bash -c "test -s '$T/want.tsv' && cmp '$T/got.tsv' '$T/want.tsv'"
done
check "the downloaded workbook's Run sheet records the change" \
    bash -c "'$PY' '$DUMP' '$T/whatif.xlsx' Run | grep -q 'levers.entries_change_pct=-20'"
get "/"
check "the page links the workbook" grep -q 'href="/download/carecast.xlsx"' "$T/body"

get "/download/report.html?$CHANGE&name=fewer"
check "the report downloads" test "$(status)" = 200
check "the report compares the what-if with the base" grep -q 'data-scenario="fewer-minus-serve"' "$T/body"

# ---- dates and initiatives

get "/api/whatif?initiatives.early_help.start_date=2021-04&initiatives.early_help.size.mean=20"
check "an initiative's start and size change the answer (200)" test "$(status)" = 200
check "... and the date is passed as a date" grep -q '"value":"\\"2021-04-01\\""' "$T/body"

# levers.start_date moves every lever: from April 2021, 2020/21 has neither the
# 20% fewer entries nor the scenario's own 5% more exits, so its children in care
# rise against the scenario (fewer exits), where from the start they fall.
first_mean() { grep -o '"metric":"cic.total"[^]]*' "$1" | grep -o '"diff":{[^}]*}' | head -1 |
    grep -o '"mean":[-0-9.e]*' | cut -d: -f2; }
get "/api/whatif?levers.start_date=2021-04&$CHANGE"
check "the levers can start at a chosen month (200)" test "$(status)" = 200
dated=$(first_mean "$T/body")
undated=$(first_mean "$T/whatif.json")
check "... and act only from it: 2020/21's change in children in care is $dated from April 2021, $undated from the start" \
    awk -v d="$dated" -v u="$undated" 'BEGIN { exit !(d > 0 && u < 0) }'

# ---- bad inputs: clear errors, never a crash

bad() { # bad NAME QUERY EXPECTED_TEXT
    get "/api/whatif?$2"
    if [ "$(status)" = 400 ] && grep -q "$3" "$T/body"; then
        ok "$1"
    else
        not_ok "$1" "status $(status): $(head -c 300 "$T/body")"
    fi
}
bad "a value that is not a number is refused" 'levers.entries_change_pct=abc' 'expected a number'
bad "a value out of range is refused as --set would be" 'levers.entries_change_pct=5000' \
    'levers.entries_change_pct: must be at most 1000'
bad "a key that is not a control is refused" 'model.child_population=5' 'not something this scenario lets you change'
bad "a date before the start is refused" 'initiatives.early_help.start_date=2019-01' 'before the model'
bad "a malformed date is refused" 'initiatives.early_help.start_date=April' 'expected a month'
bad "a libconfig injection is refused" 'levers.entries_change_pct=1;run.paths=5' 'expected a number'
bad "a key given twice is refused" 'levers.entries_change_pct=-1&levers.entries_change_pct=-2' 'given twice'
bad "a NUL inside a value is refused" 'levers.entries_change_pct=-1%00junk' 'NUL'
get "/?levers.entries_change_pct=%3Cb%3E"
check "the form without JavaScript shows errors on the page (400)" test "$(status)" = 400
check "... escaped" grep -q 'got &quot;&lt;b&gt;&quot;' "$T/body"
get "/?$CHANGE"
check "the form without JavaScript shows the what-if" grep -q '<tr class="diff">' "$T/body"

# ---- sizes, names, methods, hosts

long=$(head -c 10000 /dev/zero | tr '\0' 'x')
get "/api/whatif?levers.entries_change_pct=$long"
check "an oversize query is refused (400)" test "$(status)" = 400
head -c 20000 /dev/zero | tr '\0' 'x' >"$T/big"
curl -s -o "$T/body" -w '%{http_code}' -X POST --data-binary "@$T/big" "${URL}api/save" >"$T/status"
check "an oversize request body is refused (413)" test "$(status)" = 413
for name in '../evil' '..%2F..%2Fevil' '.hidden' 'a%2Fb' '-rf' 'x%00y'; do
    curl -s -o "$T/body" -w '%{http_code}' -X POST --data "$CHANGE&name=$name" "${URL}api/save" >"$T/status"
    check "save name '$name' is refused (400)" test "$(status)" = 400
done
check "no file was written outside the save folder" bash -c "! ls '$T' | grep -q evil"
curl -s -o "$T/body" -w '%{http_code}' -X POST --data "$CHANGE&name=fewer" "${URL}api/save" >"$T/status"
check "saving over an existing file needs overwrite (409)" test "$(status)" = 409
curl -s -o "$T/body" -w '%{http_code}' -X POST --data "$CHANGE&name=fewer&overwrite=1" "${URL}api/save" >"$T/status"
check "... and overwrites when asked (201)" test "$(status)" = 201
curl -s -o "$T/body" -w '%{http_code}' -X POST --data "$CHANGE&name=nojs" "${URL}save" >"$T/status"
check "the save form without JavaScript saves (201, a page)" \
    bash -c "test '$(status)' = 201 && grep -q 'Saved as' '$T/body'"
get / -H 'Host: evil.example:80'
check "another Host name is refused (403)" test "$(status)" = 403
get / -X DELETE
check "other methods are refused (405)" test "$(status)" = 405
get /nothing
check "unknown addresses are 404" test "$(status)" = 404

# ---- many changes at once: every one answered, the newest wins, rate bounded

for i in $(seq 1 30); do
    curl -s -o /dev/null -w '%{http_code}\n' "${URL}api/whatif?levers.entries_change_pct=-$i" >>"$T/burst" &
done
wait_burst() {
    for _ in $(seq 1 600); do
        [ "$(wc -l <"$T/burst")" -ge 30 ] && return 0
        sleep 0.1
    done
}
wait_burst
check "30 changes at once are all answered (200, 409 superseded or 429)" \
    bash -c "[ \$(grep -cE '^(200|409|429)$' '$T/burst') -eq 30 ]"
check "... older ones are superseded or the rate is bounded" grep -qE '^(409|429)$' "$T/burst"
sleep 2
get "/api/whatif?$CHANGE"
check "the server answers afterwards" test "$(status)" = 200

# ---- stopping

kill -TERM "$PID"
wait "$PID"
check "SIGTERM stops the server with exit 0" test $? -eq 0
check "... and it says so" grep -q stopped "$T/main.err"

# ---- another address needs the token

if start_server token "$D/serve.cfg" --host 0.0.0.0 --port 0 --paths 50; then
    ok "serve --host starts"
    token=$(grep -o 'token=[0-9a-f]*' <<<"$URL" | cut -d= -f2)
    check "the address printed carries a token" test ${#token} -eq 32
    base="http://127.0.0.1:$(grep -o ':[0-9][0-9]*/' <<<"$URL" | tr -d ':/')/"
    code=$(curl -s -o /dev/null -w '%{http_code}' "${base}api/controls")
    check "without the token: 403" test "$code" = 403
    code=$(curl -s -o /dev/null -w '%{http_code}' "${base}api/controls?token=0123456789abcdef0123456789abcdef")
    check "with a wrong token: 403" test "$code" = 403
    code=$(curl -s -D "$T/headers" -o /dev/null -w '%{http_code}' "${base}?token=$token")
    check "with the token: 200" test "$code" = 200
    check "... and a cookie for the page's own requests" grep -qi '^Set-Cookie: carecast_token=' "$T/headers"
    code=$(curl -s -o /dev/null -w '%{http_code}' -b "carecast_token=$token" "${base}api/controls")
    check "the cookie is accepted" test "$code" = 200
else
    not_ok "serve --host starts" "$(cat "$T/token.err")"
fi

"$CC" serve "$D/serve.cfg" --set run.paths=5 >/dev/null 2>&1
check "serve refuses --set (exit 2)" test $? -eq 2
"$CC" serve "$D/serve.cfg" --port 70000 >/dev/null 2>&1
check "serve refuses a port out of range (exit 2)" test $? -eq 2
"$CC" serve "$D/serve.cfg" --save-dir "$T/none" --port 0 >/dev/null 2>"$T/nodir.err"
check "serve refuses a save folder that does not exist (exit 2)" test $? -eq 2
"$CC" serve "$D/nothing.cfg" --port 0 >/dev/null 2>&1
check "serve refuses a missing scenario" test $? -ne 0

cc_finish
