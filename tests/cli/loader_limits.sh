#!/usr/bin/env bash
# The loader against hostile and oversized files: FIFOs, directories and empty
# names as scenario or @include, absolute and self @includes, too many files,
# files above 1 MiB, oversized groups and names, NUL bytes, integer literals
# libconfig 1.5 would wrap to 32 bits (hex, across a 4,095-byte chunk, in
# --set), per-10,000 rates that convert to too many children, initiative
# routes given by a prefix, and strdup failing inside libconfig. Every case
# must end quickly with exit 2 and a message naming the file and line (or
# load, where it is valid), never hang or crash.
#
# Usage: loader_limits.sh CARECAST_BINARY SOURCE_DIR
# CC_FAIL_STRDUP_LIB: the fail_strdup.so test shim (its cases are skipped without it).
set -u

. "$(dirname "$0")/common.sh" limits "$@"
DATA=$SRC/tests/data
NCASE=0
D='' M='' S='' RC=''

# A new case directory D with fresh copies: M (model) and S (scenario).
fresh() {
    NCASE=$((NCASE + 1))
    D=$T/case$NCASE
    mkdir "$D"
    cp "$DATA/small-model.cfg" "$DATA/small.cfg" "$D/"
    M=$D/small-model.cfg
    S=$D/small.cfg
}

# run_cc ARGS...: carecast with a 20-second limit (a hang is a failure); sets RC.
run_cc() {
    timeout 20 "$CC" "$@" >"$D/stdout" 2>"$D/stderr" </dev/null
    RC=$?
}

excerpt() {
    head -c 400 "$D/stderr" | tr '\n' '|'
}

# expect NAME RC TEXT...: exit code RC and each text on stderr, no crash.
expect() {
    local name=$1 want=$2 text
    shift 2
    if [ "$RC" -eq 124 ]; then
        not_ok "$name" "still running after 20 s (hangs)"
    elif [ "$RC" -ge 128 ] || grep -q -E 'runtime error|Sanitizer|Segmentation' "$D/stderr"; then
        not_ok "$name" "crashed: exit $RC; stderr: $(excerpt)"
    elif [ "$RC" -ne "$want" ]; then
        not_ok "$name" "exit $RC, expected $want; stderr: $(excerpt)"
    else
        for text in "$@"; do
            if ! grep -q -F -e "$text" "$D/stderr"; then
                not_ok "$name" "stderr lacks '$text'; stderr: $(excerpt)"
                return
            fi
        done
        ok "$name"
    fi
}

# -------------------------------------------------------- what may be read

fresh
mkfifo "$D/pipe.cfg"
run_cc validate "$D/pipe.cfg"
expect "a FIFO as the scenario is refused at once" 2 "$D/pipe.cfg: cannot open: not a regular file"

fresh
mkfifo "$D/pipe.cfg"
printf '@include "pipe.cfg"\n' >>"$S"
run_cc validate "$S"
expect "a FIFO as an @include is refused at once" 2 "$S:3: @include: \"pipe.cfg\" is not a regular file"

fresh
mkdir "$D/models"
sed -i 's|@include "small-model.cfg"|@include "models"|' "$S"
run_cc validate "$S"
expect "@include of a directory is a located error" 2 "$S:1: @include: \"models\" is a directory"

fresh
sed -i 's|@include "small-model.cfg"|@include ""|' "$S"
run_cc validate "$S"
expect "@include \"\" is a located error" 2 "$S:1: @include: the file name is empty"

fresh
sed -i "s|@include \"small-model.cfg\"|@include \"$D/small-model.cfg\"|" "$S"
(cd / && timeout 20 "$CC" validate "$S" >"$D/stdout" 2>"$D/stderr" </dev/null)
RC=$?
expect "an absolute @include path is read" 0
grep -q -F "$D/small-model.cfg" "$D/stdout" && ok "the absolute @include is listed as read" ||
    not_ok "the absolute @include is listed as read" "stdout: $(head -c 300 "$D/stdout")"

fresh
printf '@include "small.cfg"\n' >>"$S"
run_cc validate "$S"
expect "an @include of itself is nested too deeply, not 'cannot open'" 2 \
    "@include: nested too deeply (at most 10 levels"

fresh
sed -i 's|@include "small-model.cfg"|@include "small-model.cfg" run = { seed = 3; };|' "$S"
run_cc validate "$S"
expect "text after an @include on its line is a located error" 2 \
    "$S:1: @include: nothing but a comment may follow the file name"

# 32 files in all (the scenario, the model and 30 more) load; 33 do not.
fresh
for i in $(seq 1 31); do
    printf '# part %d\n' "$i" >"$D/part$i.cfg"
done
for i in $(seq 1 30); do
    printf '@include "part%d.cfg"\n' "$i" >>"$S"
done
run_cc validate "$S"
expect "32 files load" 0
grep -q "part30.cfg" "$D/stdout" && ok "the 32nd file is listed (and hashed)" ||
    not_ok "the 32nd file is listed (and hashed)" "stdout: $(head -c 300 "$D/stdout")"
printf '@include "part31.cfg"\n' >>"$S"
run_cc validate "$S"
expect "a 33rd file is an error, not left out of run.json's hashes" 2 \
    "$S:33: @include: too many files (a scenario may read at most 32)"

fresh
head -c 1048576 /dev/zero | tr '\0' 'x' | sed 's/^/# /' >>"$M"
run_cc validate "$S"
expect "an included file above 1 MiB is refused" 2 "$S:1: @include: \"small-model.cfg\" is too large"

fresh
{ printf 'levers = {'; for i in $(seq 1 65); do printf ' k%d = 1;' "$i"; done; printf ' };\n'; } >>"$S"
run_cc validate "$S"
expect "a group of 65 settings is refused before libconfig reads it" 2 \
    "$S:3: too many settings in one group (at most 64)"

fresh
printf 'levers = { %s = 1; };\n' "$(head -c 48 /dev/zero | tr '\0' 'k')" >>"$S"
run_cc validate "$S"
expect "a 48-character name is refused" 2 "$S:3: name 'kkkkkkkkkkkkkkkkkkkk...' is too long (at most 47 characters)"

fresh
printf 'run2 = 1;\0\n' >>"$S"
run_cc validate "$S"
expect "a NUL byte is a located error (not a silently shortened file)" 2 "$S:3: contains a NUL byte"

# ------------------------------------------------- integers libconfig would wrap

fresh
sed -i 's/seed = 7;/seed = 0x100000007;/' "$S"
run_cc validate "$S"
expect "a hex literal above 32 bits is refused" 2 "$S:2: run.seed: integer 0x100000007 is too large"

# The literal straddles byte 4,095 of its line (the old scanner read 4,095-byte chunks).
fresh
pad=$(head -c 4059 /dev/zero | tr '\0' ' ') # the literal takes bytes 4,091-4,100
printf 'levers = {%sentries_change_pct = 4294967297; };\n' "$pad" >>"$S"
run_cc validate "$S"
expect "a wide literal across a 4,095-byte chunk is refused" 2 \
    "$S:3: levers.entries_change_pct: integer 4294967297 is too large"

fresh
run_cc validate "$S" --set run.paths=4294967796
expect "--set run.paths=4294967796 is refused, not read as 500" 2 \
    "--set run.paths=4294967796: run.paths: integer 4294967796 is too large"

fresh
run_cc validate "$S" --set run.seed=0x100000007
expect "--set of a hex literal above 32 bits is refused" 2 \
    "--set run.seed=0x100000007: run.seed: integer 0x100000007 is too large"

# A group made by --set holds the unknown key: the message cites the override, not line 1.
fresh
run_cc validate "$S" --set levers.x.y=1
expect "an unknown key inside a group --set made cites the override" 2 \
    "--set levers.x.y=1: levers.x: unknown key"

# --------------------------------------------------------- values

fresh
sed -i 's/annual_children = 70.0;/per_10k_annual_rate = 2000.0;/; s/child_population = 50000;/child_population = 100000000;/' "$M"
run_cc validate "$S"
expect "per_10k_annual_rate is checked after conversion (2e7 children a year)" 2 \
    "small-model.cfg:" "model.entries.per_10k_annual_rate: gives 20000000 children a year"

fresh
printf 'initiatives = { more_sgo = { effect = "raise_exits"; start_date = "2021-04-01"; size = 10.0; route = "return"; }; };\n' >>"$S"
run_cc validate "$S"
expect "an initiative route must be a route name, not a prefix" 2 \
    "$S:3: initiatives.more_sgo.route: expected \"return_home\"" "got \"return\""

fresh
printf 'initiatives = { more_sgo = { effect = "raise_exits"; start_date = "2021-04-01"; size = 10.0; route = "retrun_home"; }; };\n' >>"$S"
run_cc validate "$S"
expect "a misspelt initiative route gets a suggestion" 2 \
    "$S:3: initiatives.more_sgo.route:" "got \"retrun_home\" (did you mean 'return_home'?)"

# ------------------------------------------- strdup failing inside libconfig

# Each copy of "agency" (a placement name, overflow_to, from/to strings,
# first_placement keys) fails in turn: the loader reports running out of
# memory instead of following a NULL name or string.
if [ -n "${CC_FAIL_STRDUP_LIB:-}" ] && [ -f "$CC_FAIL_STRDUP_LIB" ]; then
    for n in 1 2 3 4 5 6; do
        fresh
        FAIL_STRDUP=agency FAIL_STRDUP_NTH=$n LD_PRELOAD=$CC_FAIL_STRDUP_LIB \
            ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
            timeout 20 "$CC" validate "$S" >"$D/stdout" 2>"$D/stderr" </dev/null
        RC=$?
        expect "strdup of copy $n of \"agency\" fails: out of memory, no crash" 2 \
            "out of memory while reading the scenario"
    done
else
    not_ok "strdup failure cases" "CC_FAIL_STRDUP_LIB is not set (run through ctest)"
fi

cc_finish
