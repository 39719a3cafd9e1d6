#!/usr/bin/env bash
# Long commands tell a person at a terminal where they are: a progress bar
# with the time left on run, compare, sensitivity and goal-seek, and a line
# while summarising, writing the workbook and drawing; nothing when --quiet or
# when stderr is not a terminal. A run that needs more memory than the machine
# has available is refused before it starts, with the paths that would fit.
# The terminal is a pseudo-terminal from script(1) (util-linux).
#
# Usage: progress.sh CARECAST_BINARY SOURCE_DIR
set -u

. "$(dirname "$0")/common.sh" progress "$@"
if ! command -v script >/dev/null; then
    echo "skipped: script (util-linux) is not installed"
    exit 77
fi
B=$SRC/scenarios/baseline.cfg
# A bar from the first path, so the test need not make runs last over a second.
export CARECAST_PROGRESS_NOW=1

# tty NAME COMMAND: runs the command on a pseudo-terminal; its screen in $T/NAME.screen.
tty() {
    script -qec "$2" /dev/null </dev/null | tr '\r' '\n' >"$T/$1.screen"
}
has() { grep -a -q -e "$2" "$T/$1.screen"; }
check_has() { # NAME SCREEN TEXT
    if has "$2" "$3"; then ok "$1"; else
        not_ok "$1" "$(grep -a . "$T/$2.screen" | tail -3 | tr '\n' '|')"; fi
}

tty run "'$CC' run '$B' --paths 400 --out '$T/run'"
check_has "run: a bar with the time left" run '% of 400 paths, about [0-9]* \(s\|min\) left'
check_has "run: says it is summarising" run 'carecast: summarising 400 paths\.\.\.'
check_has "run: says it is writing the workbook" run 'carecast: writing the workbook'
check_has "run: says it is drawing" run 'carecast: drawing the charts\.\.\.'

tty quiet "'$CC' run '$B' --paths 400 --out '$T/quiet' --quiet --no-charts"
if ! has quiet 'paths, about' && ! has quiet 'summarising'; then ok "--quiet: no bar, no messages"; else
    not_ok "--quiet: no bar, no messages" "$(tr '\n' '|' <"$T/quiet.screen" | head -c 200)"; fi
"$CC" run "$B" --paths 400 --out "$T/pipe" --no-charts >"$T/pipe.out" 2>"$T/pipe.err"
if ! grep -q 'paths, about\|summarising' "$T/pipe.err"; then ok "stderr not a terminal: no bar"; else
    not_ok "stderr not a terminal: no bar" "$(head -c 200 "$T/pipe.err")"; fi

tty compare "'$CC' compare '$B' --set-alt levers.entries_change_pct=-10 --paths 300 --out '$T/cmp' --no-charts"
check_has "compare: a bar over both runs with the time left" compare '% of 600 paths, about'
tty sens "'$CC' sensitivity '$B' --param levers.entries_change_pct:-20:10 --paths 200 --out '$T/sens' --no-charts"
check_has "sensitivity: a bar over every run with the time left" sens '% of 600 paths, about'
tty gs "'$CC' goalseek '$B' --vary levers.entries_change_pct --range -40:0 --target 'cic.total@2023/24 <= 800' --paths 200"
check_has "goalseek: a bar with the time left" gs '% of [0-9]* paths, about'

# Memory: a million paths over twenty years, kept, is far more than any machine
# here (run --memory auto would summarise them as they run instead).
"$CC" run "$B" --paths 1000000 --set run.horizon_months=240 --memory paths --out "$T/huge" \
    >"$T/huge.out" 2>"$T/huge.err"
rc=$?
if [ "$rc" -eq 2 ] && grep -q 'paths need about [0-9.]* GB of memory, more than the [0-9.]* GB this machine has available; use --paths [0-9]* or fewer, or --memory bounded' "$T/huge.err" &&
    [ ! -e "$T/huge" ]; then
    ok "a run keeping more paths than the memory available holds is refused (exit 2) before it starts, naming --memory bounded"
else
    not_ok "a run bigger than the memory available is refused" "exit $rc; $(head -c 300 "$T/huge.err")"
fi
fits=$(sed -n 's/.*use --paths \([0-9]*\) or fewer.*/\1/p' "$T/huge.err")
"$CC" compare "$B" --set-alt levers.entries_change_pct=-10 --paths 1000000 \
    --set run.horizon_months=240 --out "$T/hugec" >/dev/null 2>"$T/hugec.err"
if [ $? -eq 2 ] && grep -q "need about" "$T/hugec.err"; then
    ok "compare is refused too (it holds every scenario's results)"
else
    not_ok "compare is refused too" "$(head -c 200 "$T/hugec.err")"
fi
[ -n "$fits" ] && ok "the refusal says how many paths would fit ($fits)" ||
    not_ok "the refusal says how many paths would fit" "no number"

cc_finish
