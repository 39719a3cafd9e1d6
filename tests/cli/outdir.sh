#!/usr/bin/env bash
# The output folder: a run never deletes the user's files, never follows a
# planted link, refuses a folder another run holds, and never leaves a mixed
# or partial folder: after a failure (a full disk), a signal at any stage of
# writing or publishing, or a signal while gnuplot draws, the folder holds
# the earlier run exactly; after success, the new run exactly, as its
# run.json lists.
#
# Usage: outdir.sh CARECAST_BINARY SOURCE_DIR
# CC_INJECT_LIB names the fault-injection library (tests/cli/inject.c);
# without it the fault cases are skipped.
# Prints "ok - name" / "not ok - name: reason", then "N passed, M failed".
set -u

. "$(dirname "$0")/common.sh" outdir "$@"
D=$SRC/tests/data
INJECT=${CC_INJECT_LIB:-}
# The sanitizer runtime must come first unless told not to mind the preload.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

check() { # check NAME COMMAND...: ok when the command succeeds
    local name=$1
    shift
    if "$@" >/dev/null 2>&1; then ok "$name"; else not_ok "$name" "failed: $*"; fi
}

# A stand-in for gnuplot, first on PATH: called as carecast calls it (-e "cd 'DIR'" A.gp
# -e "reset session" B.gp ...), writes NAME.svg and NAME.png of each script at once (failing at
# the script named by FAKE_GNUPLOT_FAIL), or, with FAKE_GNUPLOT_PIDS set, records its pid there
# and draws for a minute.
mkdir -p "$T/bin"
cat >"$T/bin/gnuplot" <<'EOF'
#!/usr/bin/env bash
dir=${2#cd \'}
dir=${dir%\'}
if [ -n "${FAKE_GNUPLOT_PIDS:-}" ]; then
    echo $$ >>"$FAKE_GNUPLOT_PIDS"
    exec sleep 60
fi
for script in "${@:3}"; do
    case $script in *.gp) ;; *) continue ;; esac
    name=${script%.gp}
    if [ -n "${FAKE_GNUPLOT_FAIL:-}" ] && [ "$name" = "$FAKE_GNUPLOT_FAIL" ]; then
        echo "fake gnuplot: cannot draw $name" >&2
        exit 1 # gnuplot stops at a script's error
    fi
    printf '<svg xmlns="http://www.w3.org/2000/svg">%s</svg>\n' "$name" >"$dir/$name.svg"
    printf 'PNG %s\n' "$name" >"$dir/$name.png"
done
EOF
chmod +x "$T/bin/gnuplot"
export PATH="$T/bin:$PATH"

cp "$D/small.cfg" "$D/small-model.cfg" "$D/money-cut.cfg" "$D/money-model.cfg" "$T/"
S=$T/small.cfg

run_cc() { # run_cc OUT SEED [ARGS...]: a small run; sets RC, stderr in $T/err
    local out=$1 seed=$2
    shift 2
    "$CC" run "$S" --paths 20 --seed "$seed" --out "$out" --quiet "$@" 2>"$T/err" </dev/null
    RC=$?
}

# Every entry of a folder but the lock (type, name, link target) and the
# SHA-256 of every file: two snapshots are equal when the folders are.
snapshot() {
    (cd "$1" && find . -mindepth 1 ! -name .carecast.lock -printf '%y %p %l\n' | sort &&
        find . -type f ! -name .carecast.lock -print0 | sort -z | xargs -0 -r sha256sum)
}

# The folder holds what its run.json lists, and besides only the lock and the
# files named in KEEP (the user's).
matches_run_json() { # matches_run_json DIR [KEEP...]
    local dir=$1
    shift
    sed -n '/"outputs": \[/,/\]/p' "$dir/run.json" | grep -o '"[^"]*"' | tr -d '"' |
        grep -v '^outputs$' | sort >"$T/listed"
    (cd "$dir" && find . -type f ! -name .carecast.lock | sed 's|^\./||' | sort) >"$T/present"
    for keep in "$@"; do
        grep -vxF "$keep" "$T/present" >"$T/present.new"
        mv "$T/present.new" "$T/present"
    done
    cmp -s "$T/listed" "$T/present" && [ -s "$T/listed" ]
}

# unchanged DIR FILE: DIR's snapshot equals the one saved in FILE.
unchanged() {
    snapshot "$1" | cmp -s - "$2"
}

no_stage_left() { # no_stage_left DIR
    [ -z "$(find "$1" -name '.carecast-stage-*')" ]
}

# ---- the user's files

O=$T/keep
run_cc "$O" 1
check "a first run exits 0" test "$RC" -eq 0
check "... its run.json lists exactly the files written" matches_run_json "$O"
printf 'board paper\n' >"$O/charts/board-2019-final.png"
printf 'my notes\n' >"$O/notes.txt"
printf 'set title "mine"\n' >"$O/charts/mine.gp"
printf '1 2\n' >"$O/charts/mine.dat"
run_cc "$O" 2
check "a re-run exits 0" test "$RC" -eq 0
check "... keeps the user's chart charts/board-2019-final.png" \
    grep -qx 'board paper' "$O/charts/board-2019-final.png"
check "... keeps the user's charts/mine.gp and charts/mine.dat" \
    test -s "$O/charts/mine.gp" -a -s "$O/charts/mine.dat"
check "... keeps the user's notes.txt" grep -qx 'my notes' "$O/notes.txt"
check "... and holds its own files as run.json lists them, besides the user's" \
    matches_run_json "$O" charts/board-2019-final.png notes.txt charts/mine.gp charts/mine.dat

# Files the earlier run recorded and this one does not write go.
M=$T/money
"$CC" run "$T/money-cut.cfg" --paths 20 --out "$M" --quiet 2>"$T/err"
check "a run with MTFP writes mtfp.csv and a workforce chart" \
    test -s "$M/mtfp.csv" -a -s "$M/charts/workforce.dat"
run_cc "$M" 1
check "a run without them into the same folder exits 0" test "$RC" -eq 0
check "... and removes the earlier mtfp.csv and workforce chart (no stale files)" \
    test ! -e "$M/mtfp.csv" -a ! -e "$M/charts/workforce.dat" -a ! -e "$M/charts/workforce.png"
check "... its run.json lists exactly the files there" matches_run_json "$M"

# A run.json naming files outside the folder makes nothing outside go.
F=$T/forged
run_cc "$F" 1
printf 'precious\n' >"$T/victim.txt"
sed -i 's|"annual.csv",|"annual.csv", "../victim.txt", "/tmp/x", "charts/../../victim.txt",|' "$F/run.json"
run_cc "$F" 2
check "a forged run.json cannot make a run delete files outside the folder" \
    grep -qx precious "$T/victim.txt"

# ---- links and non-folders

L=$T/linked
run_cc "$L" 1
mkdir "$T/elsewhere"
printf 'x\n' >"$T/elsewhere/other.png"
printf 'y\n' >"$T/elsewhere/other.gp"
rm -rf "$L/charts"
ln -s "$T/elsewhere" "$L/charts"
snapshot "$L" >"$T/linked.snap"
run_cc "$L" 2
check "a symlinked charts/ is refused (exit 1)" test "$RC" -eq 1
check "... saying why" grep -q 'charts is a symbolic link' "$T/err"
check "... nothing in the folder it points to is touched" \
    test "$(ls "$T/elsewhere" | tr '\n' ' ')" = "other.gp other.png "
check "... and the run's folder is as it was" unchanged "$L" "$T/linked.snap"

N=$T/notdir
run_cc "$N" 1
rm -rf "$N/charts"
printf 'a file\n' >"$N/charts"
run_cc "$N" 2
check "a charts that is a file is refused (exit 1)" test "$RC" -eq 1 -a -s "$N/charts"
check "... saying why" grep -q 'charts is not a directory' "$T/err"

P=$T/planted
run_cc "$P" 1
printf 'precious\n' >"$T/target.txt"
for name in .monthly.csv.tmp .annual.csv.tmp .report.html.tmp .run.json.tmp \
    charts/.cic_fan.dat.tmp charts/.cic_fan.gp.tmp; do
    ln -s "$T/target.txt" "$P/$name"
done
run_cc "$P" 2
check "a run with planted temporary links exits 0" test "$RC" -eq 0
check "... and writes through none of them" grep -qx precious "$T/target.txt"
check "... and leaves them alone" test -L "$P/.monthly.csv.tmp" -a -L "$P/charts/.cic_fan.dat.tmp"

# ---- concurrent runs

C=$T/busy
run_cc "$C" 1
snapshot "$C" >"$T/busy.snap"
flock "$C/.carecast.lock" sleep 30 &
holder=$!
for _ in $(seq 50); do
    flock -n "$C/.carecast.lock" true 2>/dev/null || break
    sleep 0.1
done
run_cc "$C" 2
check "a run into a folder another run holds is refused (exit 2)" test "$RC" -eq 2
check "... saying so" grep -q 'in use by another carecast run' "$T/err"
check "... and the folder is as it was" unchanged "$C" "$T/busy.snap"
"$CC" compare "$S" "$S" --paths 20 --out "$C" --quiet 2>"$T/err"
check "... and so is a comparison into it (exit 2)" test $? -eq 2
"$CC" sensitivity "$S" --param model.entries.annual_children:50:90 --paths 20 --out "$C" \
    --quiet 2>"$T/err"
check "... and a sensitivity analysis (exit 2)" test $? -eq 2
check "... the folder still as it was" unchanged "$C" "$T/busy.snap"
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null

# Four runs at once with different seeds: each finishes or is refused, and
# the folder holds one run's files, all of them, exactly as that run alone.
for seed in 11 12 13 14; do
    run_cc "$T/alone-$seed" "$seed"
done
R=$T/race
for round in 1 2 3; do
    pids=()
    for seed in 11 12 13 14; do
        "$CC" run "$S" --paths 20 --seed "$seed" --out "$R" --quiet 2>"$T/race-$seed.err" &
        pids+=($!)
    done
    codes=""
    for pid in "${pids[@]}"; do
        wait "$pid"
        codes="$codes $?"
    done
    seed=$(sed -n 's/^  "seed": \([0-9]*\),$/\1/p' "$R/run.json")
    same=true
    for f in monthly.csv annual.csv charts/cic_fan.dat charts/placement_mix.dat; do
        cmp -s "$R/$f" "$T/alone-$seed/$f" || same=false
    done
    if echo "$codes" | grep -q '^\( [02]\)*$' && echo "$codes" | grep -q ' 0'; then
        ok "round $round of 4 concurrent runs: each exits 0 or 2 ($codes)"
    else
        not_ok "round $round of 4 concurrent runs: each exits 0 or 2" "exit codes$codes"
    fi
    if $same && matches_run_json "$R"; then
        ok "... the folder holds the run of seed $seed alone, complete"
    else
        not_ok "... the folder holds the run of seed $seed alone, complete" "mixed or partial"
    fi
done

# ---- failures and signals: the earlier run stays, whole

if [ -z "$INJECT" ] || [ ! -f "$INJECT" ]; then
    ok "no fault-injection library (CC_INJECT_LIB): fault cases skipped"
    cc_finish
    exit $?
fi

# Each command in turn (CMD, writing into --out): an earlier run (seed 1)
# with a user's file beside it, a reference run alone (seed 2), then faulty
# runs (seed 2) each into a fresh copy of the earlier folder.
CMD=()
KEY=""  # a file of the command's that depends on the seed

cmd_into() { # cmd_into OUT SEED [ENV...]: CMD into OUT; sets RC
    local out=$1 seed=$2
    shift 2
    env "$@" "$CC" "${CMD[@]}" --paths 20 --seed "$seed" --out "$out" --quiet 2>"$T/err" </dev/null
    RC=$?
}

prepare_earlier() { # prepare_earlier LABEL
    E=$T/earlier-$1
    W=$T/work-$1
    A=$T/alone-$1
    cmd_into "$A" 2
    cmd_into "$E" 1
    mkdir -p "$E/charts"
    printf 'board paper\n' >"$E/charts/board-2019-final.png"
    snapshot "$E" >"$T/earlier.snap"
}

faulty_run() { # faulty_run VAR=VALUE...: CMD into a fresh copy, with faults
    rm -rf "$W"
    cp -a "$E" "$W"
    cmd_into "$W" 2 "$@" CC_INJECT_UNDER="$W" CC_INJECT_COUNT="$T/counts" LD_PRELOAD="$INJECT"
}

# earlier_kept CODE TEXT: the run failed with CODE, said TEXT, and the folder
# is the earlier run exactly, with no staging folder left; else prints why.
earlier_kept() {
    local code=$1 text=$2
    if [ "$RC" -ne "$code" ]; then
        echo "exit $RC, expected $code; stderr: $(head -c 300 "$T/err")"
    elif ! grep -q -- "$text" "$T/err"; then
        echo "stderr lacks '$text': $(head -c 300 "$T/err")"
    elif ! unchanged "$W" "$T/earlier.snap"; then
        echo "the folder changed: $(snapshot "$W" | diff "$T/earlier.snap" - | head -4 | tr '\n' ' ')"
    else
        return 0
    fi
    return 1
}

# new_run_complete: the run exited 0 and the folder holds it whole (seed 2,
# the file KEY as the run alone wrote it, every file run.json lists, and the
# user's file).
new_run_complete() {
    [ "$RC" -eq 0 ] && grep -q '"seed": 2,' "$W/run.json" && cmp -s "$W/$KEY" "$A/$KEY" &&
        matches_run_json "$W" charts/board-2019-final.png
}

# sweep NAME CODE TEXT VAR FORMAT N: faulty runs with VAR=FORMAT (%d = 1..N),
# one check for all; the first failure is shown. A signal just before the
# last rename (run.json's, which publishes the run) may come too late to
# stop it: then the new run must be there whole.
sweep() {
    local name=$1 code=$2 text=$3 var=$4 format=$5 count=$6 n why first=""
    local failed=0
    for n in $(seq 1 "$count"); do
        # shellcheck disable=SC2059
        faulty_run "$var=$(printf "$format" "$n")"
        if [ "$n" -eq "$count" ] && [ "$code" -gt 128 ] && new_run_complete; then
            continue
        fi
        if ! why=$(earlier_kept "$code" "$text"); then
            failed=$((failed + 1))
            [ -z "$first" ] && first="at $n: $why"
        fi
    done
    if [ "$failed" -eq 0 ]; then
        ok "$name: exit $code, '$text', the earlier run kept (all $count)"
    else
        not_ok "$name" "$failed of $count left another folder or exit; first $first"
    fi
}

# fault_suite LABEL SIGNALS...: a full disk at each file, a failed rename at
# each step, and each signal before each file and each rename. The clean run
# must create MIN_CREATES files and make MIN_RENAMES renames (default 4 and 7)
# at least, or the faults would miss what they are meant to hit.
fault_suite() {
    local label=$1 sig num
    shift
    prepare_earlier "$label"
    faulty_run
    read -r _ N_CREATES _ N_RENAMES <"$T/counts"
    if [ "$RC" -eq 0 ] && [ "$N_CREATES" -ge "${MIN_CREATES:-4}" ] &&
        [ "$N_RENAMES" -ge "${MIN_RENAMES:-7}" ] && new_run_complete; then
        ok "$label: a clean run ($N_CREATES files created, $N_RENAMES renames) publishes whole"
    else
        not_ok "$label: a clean run publishes whole" "exit $RC, $N_CREATES files, $N_RENAMES renames"
    fi
    sweep "$label: a full disk while each file is written" 1 "No space left on device" \
        CC_INJECT_FULL %d "$N_CREATES"
    sweep "$label: a rename that fails at each step of writing and publishing" 1 \
        "No space left on device" CC_INJECT_RENAME %d "$N_RENAMES"
    for sig in "$@"; do
        num=$(kill -l "$sig")
        sweep "$label: SIG$sig before each file is created" $((128 + num)) "interrupted" \
            CC_INJECT_CREATE "%d:$num" "$N_CREATES"
        sweep "$label: SIG$sig before each rename" $((128 + num)) "interrupted" \
            CC_INJECT_RENAME "%d:$num" "$N_RENAMES"
    done
    check "$label: no staging folder is left behind" no_stage_left "$W"
}

cp "$D/small-fewer.cfg" "$T/"
CMD=(compare "$S" "$T/small-fewer.cfg")
KEY=compare.csv
fault_suite compare INT
CMD=(sensitivity "$S" --param model.entries.annual_children:50:90 --output cic.total@2021/22
    --output cic.total@2022/23)
KEY=sensitivity.csv
fault_suite sensitivity TERM
# goalseek --out writes two files (goalseek.csv, run.json) the same way.
CMD=(goalseek "$S" --vary model.entries.annual_children --range 30:90
    --target 'cic.total@2021/22 <= 240' --prob 0.5)
KEY=goalseek.csv
MIN_CREATES=2 MIN_RENAMES=6 fault_suite goalseek TERM
CMD=(run "$S")
KEY=monthly.csv
fault_suite run INT

faulty_run CC_INJECT_WAIT="$(kill -l TERM)"
if why=$(earlier_kept 143 "interrupted"); then
    ok "SIGTERM while gnuplot draws: exit 143, the earlier run kept"
else
    not_ok "SIGTERM while gnuplot draws" "$why"
fi

# A real SIGTERM while gnuplot draws (one process per core, each drawing its share of the
# charts): the drawing processes are ended too.
rm -rf "$W"
cp -a "$E" "$W"
: >"$T/gnuplot-pids"
FAKE_GNUPLOT_PIDS=$T/gnuplot-pids "$CC" run "$S" --paths 20 --seed 2 --out "$W" --quiet \
    2>"$T/err" </dev/null &
cc_pid=$!
gnuplots=$(nproc)
[ "$gnuplots" -le 5 ] || gnuplots=5 # no more processes than charts (this run has 5)
for _ in $(seq 100); do
    [ "$(wc -l <"$T/gnuplot-pids")" -ge "$gnuplots" ] && break
    sleep 0.1
done
kill -TERM "$cc_pid"
wait "$cc_pid"
RC=$?
if why=$(earlier_kept 143 "interrupted"); then
    ok "SIGTERM to carecast while $gnuplots gnuplots draw: exit 143, the earlier run kept"
else
    not_ok "SIGTERM to carecast while $gnuplots gnuplots draw" "$why"
fi
alive=""
for pid in $(cat "$T/gnuplot-pids"); do
    kill -0 "$pid" 2>/dev/null && alive="$alive $pid"
done
check "... and no gnuplot is left running (alive:${alive:- none})" test -z "$alive"
for pid in $alive; do kill "$pid" 2>/dev/null; done

# A run killed outright (SIGKILL cannot be caught) leaves its staging folder;
# the next run clears it and publishes whole.
# (In a subshell, so that the shell's "Killed" notice goes nowhere.)
(
    FAKE_GNUPLOT_PIDS=$T/gnuplot-pids2 "$CC" run "$S" --paths 20 --seed 2 --out "$W" --quiet \
        2>/dev/null </dev/null &
    cc_pid=$!
    for _ in $(seq 100); do
        [ -s "$T/gnuplot-pids2" ] && break
        sleep 0.1
    done
    kill -KILL "$cc_pid"
    wait "$cc_pid"
) 2>/dev/null
# Its gnuplots carry on (they are orphans now): end them, including any still
# starting, whose copy of the lock goes only when it starts gnuplot.
flock -w 20 "$W/.carecast.lock" true
sleep 0.5
for pid in $(cat "$T/gnuplot-pids2"); do kill "$pid" 2>/dev/null; done
check "a killed run leaves the earlier run in place" \
    bash -c "$(declare -f snapshot); snapshot '$W' | grep -v carecast-stage | cmp -s - '$T/earlier.snap'"
run_cc "$W" 3
if [ "$RC" -eq 0 ]; then
    ok "the next run exits 0"
else
    not_ok "the next run exits 0" "exit $RC: $(head -c 300 "$T/err")"
fi
check "... clears the killed run's staging folder" no_stage_left "$W"
check "... and holds its files as run.json lists them" matches_run_json "$W" charts/board-2019-final.png

# A chart gnuplot cannot draw: the warning names its log where the user finds
# it (the output folder's charts/), not in the staging folder that is gone.
W2=$T/failed-chart
FAKE_GNUPLOT_FAIL=cic_fan run_cc "$W2" 4
log=$(sed -n 's/.*gnuplot could not draw cic_fan (its messages: \(charts\/cic_fan\.log\) in the output folder).*/\1/p' "$T/err")
if [ "$RC" -eq 0 ] && [ -n "$log" ] && grep -q "cannot draw cic_fan" "$W2/$log"; then
    ok "a chart gnuplot cannot draw: the warning names its log in the output folder"
else
    not_ok "a chart gnuplot cannot draw: the warning names its log in the output folder" \
        "exit $RC: $(head -c 300 "$T/err")"
fi

cc_finish
