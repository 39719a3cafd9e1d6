#!/usr/bin/env bash
# The command line's help: per-command help pages, "did you mean" for
# commands and options, the manual page, bash completion and `cmake --install`
# (the binary, the man page, completion, shipped models, scenarios and plots).
#
# Usage: help.sh CARECAST_BINARY SOURCE_DIR (the binary's directory is its
# CMake build tree, which the install check installs from).
set -u

. "$(dirname "$0")/common.sh" help "$@"

excerpt() { head -c 300 "$1" | tr '\n' '|'; }

COMMANDS="validate run compare sensitivity goalseek query calibrate hindcast serve"

# ---------------------------------------------------------------- help pages

for c in $COMMANDS; do
    cc_run_tagged "help-$c" help "$c"
    cc_run_tagged "flag-$c" "$c" --help
    if [ "$RC" -eq 0 ] && grep -q "^Usage: carecast $c" "$T/help-$c.out" &&
        cmp -s "$T/help-$c.out" "$T/flag-$c.out" && [ ! -s "$T/help-$c.err" ]; then
        ok "help $c and $c --help print the same page (exit 0)"
    else
        not_ok "help $c and $c --help print the same page (exit 0)" \
            "exit $RC; $(excerpt "$T/help-$c.out")"
    fi
    if awk 'length > 80 { exit 1 }' "$T/help-$c.out"; then
        ok "help $c fits 80 columns"
    else
        not_ok "help $c fits 80 columns" "$(awk 'length > 80' "$T/help-$c.out" | head -n 1)"
    fi
done

cc_run_tagged overview help
if [ "$RC" -eq 0 ] && cmp -s "$T/overview.out" <("$CC" --help) &&
    for c in $COMMANDS; do grep -q "^  $c " "$T/overview.out" || exit 1; done; then
    ok "help (the overview) lists every command and equals --help"
else
    not_ok "help (the overview) lists every command and equals --help" "$(excerpt "$T/overview.out")"
fi

# Every option in src/cli/args.c's table is on some command's page and in the man page.
OPTIONS=$(grep -oE '^    \{"--[a-z0-9-]+"' "$SRC/src/cli/args.c" | grep -oE -- '--[a-z0-9-]+')
if [ "$(printf '%s\n' "$OPTIONS" | grep -c .)" -ge 15 ]; then
    ok "read $(printf '%s\n' "$OPTIONS" | grep -c .) options from src/cli/args.c"
else
    not_ok "read the options from src/cli/args.c" "got: $OPTIONS"
fi
cat "$T"/help-*.out >"$T/all-pages"
MAN=$SRC/docs/carecast.1
for o in $OPTIONS; do
    [ "$o" = --help ] && continue
    grep -q -e "$o\b" "$T/all-pages" || not_ok "option $o is on a help page" "missing"
    # The man page writes - as \-.
    grep -q -F -e "$(printf '%s' "$o" | sed 's/-/\\-/g')" "$MAN" ||
        not_ok "option $o is in docs/carecast.1" "missing"
done
ok "checked every option against the help pages and the man page"

# Each command's page lists exactly the options it takes: an option carecast
# refuses for a command ("is not an option of") must not be on its page.
mismatch=
for c in $COMMANDS; do
    for o in $OPTIONS; do
        [ "$o" = --help ] && continue
        "$CC" "$c" "$o" >/dev/null 2>"$T/probe.err" </dev/null
        taken=yes
        grep -q "is not an option of" "$T/probe.err" && taken=no
        listed=no
        grep -q -e "^ *$o\b" "$T/help-$c.out" && listed=yes
        [ "$taken" = "$listed" ] || mismatch="$mismatch $c:$o(takes=$taken,listed=$listed)"
    done
done
if [ -z "$mismatch" ]; then
    ok "each command's help page lists exactly the options it takes"
else
    not_ok "each command's help page lists exactly the options it takes" "$mismatch"
fi

# ------------------------------------------------------------ did you mean

cc_run_tagged typo rnu scenarios/baseline.cfg
if [ "$RC" -eq 2 ] && grep -q "did you mean 'run'" "$T/typo.err"; then
    ok "a misspelt command exits 2 with 'did you mean run'"
else
    not_ok "a misspelt command exits 2 with 'did you mean run'" "exit $RC; $(excerpt "$T/typo.err")"
fi
cc_run_tagged help-typo help comapre
if [ "$RC" -eq 2 ] && grep -q "did you mean 'compare'" "$T/help-typo.err"; then
    ok "help of a misspelt command exits 2 with 'did you mean compare'"
else
    not_ok "help of a misspelt command exits 2 with 'did you mean compare'" \
        "exit $RC; $(excerpt "$T/help-typo.err")"
fi
cc_run_tagged opt-typo run "$SRC/tests/data/small.cfg" --pahts 10
if [ "$RC" -eq 2 ] && grep -q "did you mean '--paths'" "$T/opt-typo.err"; then
    ok "a misspelt option exits 2 with 'did you mean --paths'"
else
    not_ok "a misspelt option exits 2 with 'did you mean --paths'" "exit $RC; $(excerpt "$T/opt-typo.err")"
fi
cc_run_tagged other run "$SRC/tests/data/small.cfg" --vary run.paths
if [ "$RC" -eq 2 ] && grep -q "'--vary' is not an option of run" "$T/other.err"; then
    ok "an option of another command is named as such (exit 2)"
else
    not_ok "an option of another command is named as such (exit 2)" "exit $RC; $(excerpt "$T/other.err")"
fi
cc_run_tagged eq validate "$SRC/tests/data/small.cfg" --set=run.paths=7
if [ "$RC" -eq 0 ] && grep -q "7 paths" "$T/eq.out"; then
    ok "--option=value is read like --option value"
else
    not_ok "--option=value is read like --option value" "exit $RC; $(excerpt "$T/eq.out")"
fi

# ---------------------------------------------------------------- man page

if command -v groff >/dev/null; then
    warnings=$(groff -man -Tutf8 -ww -z "$MAN" 2>&1)
    if [ -z "$warnings" ]; then
        ok "docs/carecast.1 renders without groff warnings"
    else
        not_ok "docs/carecast.1 renders without groff warnings" "$warnings"
    fi
else
    ok "# skip: groff not installed"
fi
for c in $COMMANDS help; do
    grep -q "^\.B $c\$" "$MAN" || not_ok "docs/carecast.1 describes $c" "no '.B $c' entry"
done
ok "docs/carecast.1 has an entry per command"

# ------------------------------------------------------------- completion

complete() { :; } # the script registers itself; not needed here
compopt() { :; }
# shellcheck source=/dev/null
. "$SRC/tools/carecast.bash-completion"
completes() { # EXPECTED WORDS...: the completion of the last word holds EXPECTED
    local expected=$1
    shift
    COMP_WORDS=("$@")
    COMP_CWORD=$(($# - 1))
    _carecast
    printf '%s\n' "${COMPREPLY[@]}" | grep -q -x -e "$expected"
}
if completes run "$CC" ru && completes goalseek "$CC" go &&
    completes --paths "$CC" run x.cfg --pa && completes --vary "$CC" goalseek x.cfg --va &&
    ! completes --vary "$CC" run x.cfg --va && completes sensitivity "$CC" help sen &&
    (cd "$SRC" && completes scenarios/baseline.cfg "$CC" run scenarios/base); then
    ok "bash completion: commands, each command's options, scenario files"
else
    not_ok "bash completion: commands, each command's options, scenario files" \
        "last reply: ${COMPREPLY[*]}"
fi

# ---------------------------------------------------------------- install

BUILD=$(dirname "$CC")
PREFIX=$T/prefix
if [ ! -f "$BUILD/cmake_install.cmake" ]; then
    not_ok "cmake --install" "$BUILD is not a CMake build tree"
elif ! cmake --install "$BUILD" --prefix "$PREFIX" >"$T/install.log" 2>&1; then
    not_ok "cmake --install" "$(excerpt "$T/install.log")"
else
    missing=
    for f in bin/carecast share/man/man1/carecast.1 share/bash-completion/completions/carecast \
        share/carecast/scenarios/baseline.cfg share/carecast/models/sandwell-2019.cfg \
        share/carecast/models/ssda903/mapping-default.csv share/carecast/plots/cic_fan.gp; do
        [ -e "$PREFIX/$f" ] || missing="$missing $f"
    done
    if [ -z "$missing" ]; then
        ok "cmake --install installs the binary, man page, completion, models, scenarios, plots"
    else
        not_ok "cmake --install installs the binary, man page, completion, models, scenarios, plots" \
            "missing:$missing"
    fi
    bad=
    for s in "$PREFIX"/share/carecast/scenarios/*.cfg; do
        (cd "$T" && "$PREFIX/bin/carecast" validate "$s" >/dev/null 2>&1) || bad="$bad $(basename "$s")"
    done
    if [ -z "$bad" ] && [ -n "$(ls "$PREFIX"/share/carecast/scenarios/*.cfg 2>/dev/null)" ]; then
        ok "the installed carecast validates every installed scenario"
    else
        not_ok "the installed carecast validates every installed scenario" "failed:$bad"
    fi
    if MANWIDTH=80 man -l "$PREFIX/share/man/man1/carecast.1" 2>/dev/null | grep -q "goalseek"; then
        ok "man -l reads the installed page"
    else
        not_ok "man -l reads the installed page" "no output"
    fi
fi

cc_finish
