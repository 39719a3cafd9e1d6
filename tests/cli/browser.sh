#!/usr/bin/env bash
# The what-if page in a real browser (headless Chromium): the page loads and
# shows the scenario; a lever moved (by a link that moves it as a person
# would: an input event on its slider) changes the headline; the page's text
# stays text. A screenshot of the what-if is kept as a test artefact in
# BUILD/test-artefacts/serve-whatif.png, to be looked at.
#
# Skips (exit 77) only when chromium is not installed; tools/setup.sh
# installs it (Debian package chromium).
#
# Usage: browser.sh CARECAST_BINARY SOURCE_DIR
set -u

. "$(dirname "$0")/common.sh" browser "$@"
D=$SRC/tests/data
if ! command -v chromium >/dev/null; then
    echo "skipped: chromium is not installed (tools/setup.sh installs the Debian package chromium)"
    exit 77
fi
ARTEFACTS=$(dirname "$CC")/test-artefacts
mkdir -p "$ARTEFACTS"

PID=""
stop_server() {
    [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
    [ -n "${KEEP:-}" ] || rm -rf "$T"
}
trap stop_server EXIT

"$CC" serve "$D/serve.cfg" --port 0 --paths 400 --save-dir "$T" >"$T/out" 2>"$T/err" &
PID=$!
URL=""
for _ in $(seq 1 600); do
    URL=$(grep -o 'http://[^ ]*' "$T/out" 2>/dev/null | head -1)
    [ -n "$URL" ] && break
    sleep 0.1
done
if [ -z "$URL" ]; then
    not_ok "serve starts" "$(cat "$T/err")"
    cc_finish
    exit 1
fi

# chromium_run N ARGS...: headless Chromium with a fresh profile, no network
# but the server's; the virtual time budget lets the page's requests finish.
chromium_run() {
    local n=$1
    shift
    timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$T/profile-$n" --window-size=1400,1900 --virtual-time-budget=30000 \
        "$@" 2>>"$T/chromium.log"
}

# The cards' figure for a metric: its data-value attribute.
card_value() { # card_value FILE METRIC
    grep -o "data-metric=\"$2\"><h3>[^<]*</h3><div class=\"big\" data-value=\"[^\"]*\"" "$1" |
        sed 's/.*data-value="\([^"]*\)"/\1/'
}

chromium_run 1 --dump-dom "$URL" >"$T/base.html"
check_state() { grep -q "<body data-state=\"$2\"" "$1"; }
if check_state "$T/base.html" base; then ok "the page loads and shows the scenario"; else
    not_ok "the page loads and shows the scenario" "$(head -c 400 "$T/base.html")"; fi
base=$(card_value "$T/base.html" cic.total)
if [ -n "$base" ]; then ok "the headline shows children in care ($base)"; else
    not_ok "the headline shows children in care" "no card"; fi

LINK="${URL}#levers.entries_change_pct=-20"
chromium_run 2 --dump-dom "$LINK" >"$T/whatif.html"
if check_state "$T/whatif.html" whatif; then ok "moving the lever runs the what-if"; else
    not_ok "moving the lever runs the what-if" "$(grep -o 'class="status[^<]*<' "$T/whatif.html")"; fi
alt=$(card_value "$T/whatif.html" cic.total)
if [ -n "$alt" ] && [ -n "$base" ] && awk -v a="$alt" -v b="$base" 'BEGIN { exit !(a < b) }'; then
    ok "20% fewer entries lower the headline: children in care $base -> $alt"
else
    not_ok "20% fewer entries lower the headline" "base '$base', what-if '$alt'"
fi
if grep -q 'class="delta' "$T/whatif.html"; then ok "the cards show the change against the scenario"; else
    not_ok "the cards show the change against the scenario" "no delta"; fi
if grep -q '<svg' "$T/whatif.html"; then ok "fan charts are drawn as SVG"; else
    not_ok "fan charts are drawn as SVG" "no svg"; fi
if grep -q 'Early help &lt;script&gt;' "$T/whatif.html" && ! grep -q '<script>alert' "$T/whatif.html"; then
    ok "labels stay text in the browser"
else
    not_ok "labels stay text in the browser" "markup from the scenario reached the DOM"
fi
if grep -q 'Monte Carlo error' "$T/whatif.html"; then ok "the note of paths and Monte Carlo error is shown"; else
    not_ok "the note of paths and Monte Carlo error is shown" "no note"; fi

chromium_run 3 --screenshot="$ARTEFACTS/serve-whatif.png" "$LINK" >/dev/null
if [ "$(wc -c <"$ARTEFACTS/serve-whatif.png" 2>/dev/null || echo 0)" -gt 20000 ]; then
    ok "screenshot kept: $ARTEFACTS/serve-whatif.png"
else
    not_ok "screenshot kept" "$(tail -3 "$T/chromium.log")"
fi
cc_finish
