#!/usr/bin/env bash
# Times the what-if page: from a lever change (an HTTP request to a running
# `carecast serve`) to the whole answer, 2,000 paths, for the baseline and the
# MTFP scenario (whose runs simulate each path with and without initiatives).
# Writes the medians into docs/performance.md (the section "The what-if page").
# The machine is shared: figures are medians of 15 changes each.
set -euo pipefail
cd "$(dirname "$0")/.."
. tools/setup.sh
cc_install_missing
cc_build build -DCMAKE_BUILD_TYPE=RelWithDebInfo
T=$(mktemp -d /tmp/carecast-bench-serve.XXXXXX)
PID=""
cleanup() {
    [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT

# CPU time (user + system, clock ticks) the process PID has used: unlike wall
# time, it does not grow when other work shares the cores.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# bench SCENARIO: prints "median_total_s median_server_s first_s" over 15 lever changes.
bench() {
    rm -f "$T/out" # the file of the server before must not be read for this one
    build/carecast serve "$1" --port 0 --save-dir "$T" >"$T/out" 2>"$T/err" &
    PID=$!
    local url=""
    for _ in $(seq 1 600); do
        url=$(grep -o 'http://[^ ]*' "$T/out" 2>/dev/null | head -1)
        [ -n "$url" ] && break
        sleep 0.1
    done
    [ -n "$url" ] || { cat "$T/err" >&2; exit 1; }
    : >"$T/times"
    local cpu0
    cpu0=$(cpu_ticks "$PID")
    for v in $(seq -15 -1); do
        curl -s -o "$T/answer.json" -w '%{time_total}' \
            "${url}api/whatif?levers.entries_change_pct=$v" >"$T/t"
        server=$(grep -o '"seconds":[0-9.]*' "$T/answer.json" | cut -d: -f2)
        echo "$(cat "$T/t") $server" >>"$T/times"
    done
    local cpu
    cpu=$(awk -v a="$cpu0" -v b="$(cpu_ticks "$PID")" -v hz="$(getconf CLK_TCK)" \
        'BEGIN { printf "%.3f", (b - a) / hz / 15 }')
    kill "$PID"
    wait "$PID" 2>/dev/null || true
    PID=""
    local total server
    total=$(cut -d' ' -f1 "$T/times" | sort -n | sed -n 8p)
    server=$(cut -d' ' -f2 "$T/times" | sort -n | sed -n 8p)
    echo "$total $server $(cut -d' ' -f1 "$T/times" | sort -n | sed -n 1p) $(cut -d' ' -f1 "$T/times" | sort -n | sed -n 15p) $cpu"
}

load_before=$(cut -d' ' -f1 /proc/loadavg)
read -r base_total base_server base_min base_max base_cpu <<<"$(bench scenarios/baseline.cfg)"
read -r mtfp_total mtfp_server mtfp_min mtfp_max mtfp_cpu <<<"$(bench scenarios/mtfp-2019.cfg)"
section=$(cat <<END
## The what-if page

Measured by \`bench/serve.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores, load average $load_before
before and $(cut -d' ' -f1 /proc/loadavg) after (the machine is shared): \`carecast serve\` at its
default 2,000 paths, and 15 lever changes (\`levers.entries_change_pct\` from -15 to -1), each a
request answered in full (load the changed scenario, run it, statistics of every headline figure
and fan against the cached base, JSON) before the next. Medians, with the fastest and slowest:

| scenario | request to answer, median s | in the server, median s | fastest s | slowest s | CPU s per answer |
|---|---|---|---|---|---|
| \`scenarios/baseline.cfg\` | $base_total | $base_server | $base_min | $base_max | $base_cpu |
| \`scenarios/mtfp-2019.cfg\` (10 initiatives: each path run with and without them) | $mtfp_total | $mtfp_server | $mtfp_min | $mtfp_max | $mtfp_cpu |

CPU s per answer is the server's user and system time over the 15 answers, divided by 15: it does
not grow with the load from others. The runs use both cores, so on an idle machine an answer takes
about half of it plus the serial part (loading the scenario, statistics, JSON), whatever the wall
figures above say on a busy day.

The page waits 120 ms after the last movement of a slider before asking, and a newer change
cancels an older run within a few paths, so dragging a slider costs one run, not one per step.
END
)
. bench/section.sh
write_section "The what-if page" "$section"
echo "$section"
