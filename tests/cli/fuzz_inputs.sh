#!/usr/bin/env bash
# Deterministic fuzzing of the scenario loader through `carecast validate`.
#
# Inputs: tests/data/small-model.cfg, tests/data/small.cfg and every
# models/*.cfg and scenarios/*.cfg present when the test runs. For each input
# file a fixed-seed set of variants is written in place of the file inside a
# copy of the source tree (so @include paths still resolve): truncations at
# many byte offsets, line shuffles, line swaps, deletions and duplications,
# single-byte mutations, random bytes (pure, appended, spliced) and random
# config-like token soup. Each variant is validated directly and, when another
# input @includes it, through that including scenario too.
#
# Every run must exit 0 or 2 (never another code, never a signal, never a
# sanitizer report, never hang), and exit 2 must come with at least one stderr
# line citing a location (":LINE: ") or "cannot open".
#
# Usage: fuzz_inputs.sh CARECAST_BINARY SOURCE_DIR
# CARECAST_FUZZ_BUDGET (default 320) bounds the number of carecast runs;
# CARECAST_FUZZ_SAVE=DIR keeps a copy of every variant that fails.
# Prints "ok - name" / "not ok - name: reason", then "N passed, M failed".
set -u

. "$(dirname "$0")/common.sh" fuzz "$@"
BUDGET=${CARECAST_FUZZ_BUDGET:-320}
RUN_TIMEOUT=${CARECAST_FUZZ_TIMEOUT:-30}
export LC_ALL=C

# ------------------------------------------------------------- the inputs

TARGETS=()
for rel in tests/data/small-model.cfg tests/data/small.cfg; do
    [ -f "$SRC/$rel" ] && TARGETS+=("$rel")
done
for f in "$SRC"/models/*.cfg "$SRC"/scenarios/*.cfg; do
    [ -f "$f" ] && TARGETS+=("${f#"$SRC"/}")
done
if [ ${#TARGETS[@]} -lt 2 ]; then
    echo "not ok - setup: tests/data/small.cfg and small-model.cfg not found under $SRC"
    echo "0 passed, 1 failed"
    exit 1
fi

# A pristine copy (ORIG) and a working copy (TREE) of every input, laid out
# as in the source tree so that relative @include paths resolve.
ORIG=$T/orig
TREE=$T/tree
for rel in "${TARGETS[@]}"; do
    mkdir -p "$ORIG/$(dirname "$rel")" "$TREE/$(dirname "$rel")"
    cp "$SRC/$rel" "$ORIG/$rel"
    cp "$SRC/$rel" "$TREE/$rel"
done

# includers REL: the other inputs whose @include names REL's file.
includers() {
    local rel=$1 other base
    base=$(basename "$rel")
    for other in "${TARGETS[@]}"; do
        [ "$other" = "$rel" ] && continue
        if grep -q -E "^[[:space:]]*@include[[:space:]]+\"([^\"]*/)?$base\"" "$ORIG/$other"; then
            echo "$other"
        fi
    done
}

# Entry points per input: the input itself, then its first includer if any.
declare -A ENTRY2
TOTAL_ENTRIES=0
for rel in "${TARGETS[@]}"; do
    inc=$(includers "$rel" | head -n 1)
    ENTRY2[$rel]=$inc
    if [ -n "$inc" ]; then
        TOTAL_ENTRIES=$((TOTAL_ENTRIES + 2))
    else
        TOTAL_ENTRIES=$((TOTAL_ENTRIES + 1))
    fi
done
VARIANTS=$((BUDGET / TOTAL_ENTRIES))
[ "$VARIANTS" -lt 12 ] && VARIANTS=12

# ------------------------------------------------------------- generators
# All randomness comes from awk's srand(seed): the same seed gives the same
# variant on every run.

# rand_int SEED N: a number in [0, N).
rand_int() {
    awk -v seed="$1" -v n="$2" 'BEGIN { srand(seed); print int(rand() * n) }'
}

# rand_bytes SEED COUNT: COUNT arbitrary bytes (NUL included).
rand_bytes() {
    awk -v seed="$1" -v n="$2" 'BEGIN { srand(seed); for (i = 0; i < n; i++) printf "%c", int(rand() * 256) }'
}

# lines_op MODE SEED FILE: line-level edits.
lines_op() {
    awk -v mode="$1" -v seed="$2" '
        { line[NR] = $0 }
        END {
            srand(seed)
            n = NR
            if (n == 0) exit
            if (mode == "shuffle") {
                for (i = n; i > 1; i--) {
                    j = int(rand() * i) + 1
                    t = line[i]; line[i] = line[j]; line[j] = t
                }
            } else if (mode == "swap") {
                for (k = 0; k < 3; k++) {
                    i = int(rand() * n) + 1; j = int(rand() * n) + 1
                    t = line[i]; line[i] = line[j]; line[j] = t
                }
            } else if (mode == "delete") {
                drop = int(rand() * n) + 1
                drop2 = rand() < 0.5 ? int(rand() * n) + 1 : 0
            } else if (mode == "dup") {
                dup = int(rand() * n) + 1
            }
            for (i = 1; i <= n; i++) {
                if (mode == "delete" && (i == drop || i == drop2)) continue
                print line[i]
                if (mode == "dup" && i == dup) print line[i]
            }
        }' "$3"
}

# tokens SEED COUNT: a soup of config-like tokens.
tokens() {
    awk -v seed="$1" -v n="$2" 'BEGIN {
        srand(seed)
        k = split("model run levers placements entries age_bands moves cin cp name paths seed " \
                  "start_date = = = ; ; ; : , { { } } [ ] ( ) \"x\" \"2019-02-30\" \"2019/20\" " \
                  "\"\" 0 1 -1 0.5 1e999 -1e999 99999999999 0x7fffffff 10L true false " \
                  "@include \"small-model.cfg\" # // /* */ \\n \" \\", tok, " ")
        for (i = 0; i < n; i++) {
            printf "%s", tok[int(rand() * k) + 1]
            r = rand()
            printf "%s", r < 0.15 ? "\n" : (r < 0.9 ? " " : "")
        }
        printf "\n"
    }'
}

# Bytes a single-byte mutation writes (most of the time; otherwise any byte).
MUTATE_CHARS='{}[]();=,"#@-.0123e9L/\'

# make_variant KIND INDEX SEED SRC-FILE OUT-FILE: writes the variant and
# prints a short description of it.
make_variant() {
    local kind=$1 k=$2 seed=$3 src=$4 out=$5
    local size off len byte
    size=$(wc -c <"$src")
    case $kind in
    truncate)
        # Evenly spread offsets (from 0, the empty file) plus a seeded jitter.
        off=$((size * k / N_TRUNC + $(rand_int "$seed" 17)))
        [ "$off" -gt "$size" ] && off=$size
        head -c "$off" "$src" >"$out"
        echo "truncated at byte $off of $size"
        ;;
    shuffle | swap | delete | dup)
        lines_op "$kind" "$seed" "$src" >"$out"
        echo "lines $kind, seed $seed"
        ;;
    mutate)
        off=$(rand_int "$seed" "$size")
        byte=$(rand_int "$((seed + 1))" $((${#MUTATE_CHARS} + 2)))
        {
            head -c "$off" "$src"
            if [ "$byte" -lt ${#MUTATE_CHARS} ]; then
                printf "%s" "${MUTATE_CHARS:$byte:1}"
            else
                rand_bytes "$seed" 1
            fi
            tail -c +"$((off + 2))" "$src"
        } >"$out"
        echo "byte $off replaced, seed $seed"
        ;;
    bytes)
        len=$(($(rand_int "$seed" 600) + 1))
        rand_bytes "$seed" "$len" >"$out"
        echo "$len random bytes, seed $seed"
        ;;
    append)
        off=$(rand_int "$seed" "$size")
        len=$(($(rand_int "$((seed + 1))" 64) + 1))
        { head -c "$off" "$src"; rand_bytes "$seed" "$len"; } >"$out"
        echo "first $off bytes then $len random bytes, seed $seed"
        ;;
    splice)
        off=$(rand_int "$seed" "$size")
        len=$(($(rand_int "$((seed + 1))" 16) + 1))
        { head -c "$off" "$src"; rand_bytes "$seed" "$len"; tail -c +"$((off + 1))" "$src"; } >"$out"
        echo "$len random bytes spliced in at $off, seed $seed"
        ;;
    tokens)
        len=$(($(rand_int "$seed" 120) + 5))
        tokens "$seed" "$len" >"$out"
        echo "$len random tokens, seed $seed"
        ;;
    esac
}

# The variant plan: which kind the k-th variant of a file is.
N_TRUNC=$((VARIANTS * 2 / 5))
[ "$N_TRUNC" -lt 4 ] && N_TRUNC=4
kind_of() {
    local k=$1
    if [ "$k" -lt "$N_TRUNC" ]; then
        echo truncate
        return
    fi
    local kinds=(shuffle swap mutate delete bytes append dup splice tokens mutate swap splice)
    echo "${kinds[$(((k - N_TRUNC) % ${#kinds[@]}))]}"
}

# ------------------------------------------------------------------ checks

# check NAME ENTRY-FILE: validates and asserts the exit contract.
check() {
    local name=$1 entry=$2 rc
    timeout "$RUN_TIMEOUT" "$CC" validate "$entry" >"$T/stdout" 2>"$T/stderr" </dev/null
    rc=$?
    if [ "$rc" -eq 124 ]; then
        not_ok "$name" "no answer within ${RUN_TIMEOUT}s (hang?)"
    elif [ "$rc" -ge 128 ]; then
        not_ok "$name" "killed by signal $((rc - 128)); stderr: $(head -c 300 "$T/stderr" | tr '\n' '|')"
    elif grep -a -q -E 'runtime error|Sanitizer|LeakSanitizer' "$T/stderr"; then
        not_ok "$name" "sanitizer report (exit $rc): $(grep -a -m 1 -E 'runtime error|Sanitizer' "$T/stderr")"
    elif [ "$rc" -ne 0 ] && [ "$rc" -ne 2 ]; then
        not_ok "$name" "exit code $rc, expected 0 or 2; stderr: $(head -c 300 "$T/stderr" | tr '\n' '|')"
    elif [ "$rc" -eq 2 ] && ! grep -a -q -E ':[0-9]+: |cannot open' "$T/stderr"; then
        not_ok "$name" "exit 2 without a located message; stderr: $(head -c 300 "$T/stderr" | tr '\n' '|')"
    else
        ok "$name (exit $rc)"
        return 0
    fi
    return 1
}

# ------------------------------------------------------------------ the run

echo "# $(printf '%s ' "${TARGETS[@]}")"
echo "# $VARIANTS variants per file, up to $((VARIANTS * TOTAL_ENTRIES)) runs"

ti=0
for rel in "${TARGETS[@]}"; do
    ti=$((ti + 1))
    # The unmodified file must be acceptable input too (0 or 2 with locations).
    check "$rel unmodified" "$TREE/$rel"
    for ((k = 0; k < VARIANTS; k++)); do
        kind=$(kind_of "$k")
        seed=$((ti * 10007 + k * 101 + 1))
        desc=$(make_variant "$kind" "$k" "$seed" "$ORIG/$rel" "$TREE/$rel")
        failed_before=$FAIL
        check "$rel $kind: $desc" "$TREE/$rel"
        inc=${ENTRY2[$rel]}
        if [ -n "$inc" ]; then
            check "$rel $kind: $desc (via $inc)" "$TREE/$inc"
        fi
        if [ "$FAIL" -ne "$failed_before" ] && [ -n "${CARECAST_FUZZ_SAVE:-}" ]; then
            mkdir -p "$CARECAST_FUZZ_SAVE"
            cp "$TREE/$rel" "$CARECAST_FUZZ_SAVE/fail$FAIL-$(basename "$rel")"
        fi
        cp "$ORIG/$rel" "$TREE/$rel"
    done
done

cc_finish
