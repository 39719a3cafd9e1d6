#!/usr/bin/env bash
# Checks docs/scenario-format.md against the real program:
#   * every ```libconfig block is a complete scenario that `carecast validate` accepts;
#   * every ```libconfig-invalid block is rejected (exit 2) with the error lines given in
#     the ```text block that follows it (compared from the first ".cfg" on, i.e.
#     ":LINE: key.path: message", so the directory the check runs in does not matter);
#   * every key the loader reads (string literals passed as the key to cc_get_*,
#     cc_group_open, cc_has and the loader's wrappers, plus the key tables in
#     src/config/*.c) appears in the document as `key`.
# Blocks are written to TMP/scenarios/, beside copies of SOURCE_DIR/models and
# SOURCE_DIR/tests/data, so @include "../models/..." works as it does in the repository.
#
# Usage: check_examples.sh BINARY SOURCE_DIR
set -u

if [ $# -ne 2 ]; then
    echo "usage: $0 BINARY SOURCE_DIR" >&2
    exit 2
fi
case "$1" in
    /*) binary=$1 ;;
    *) binary=$PWD/$1 ;;
esac
source_dir=$(cd "$2" && pwd) || exit 2
doc=$source_dir/docs/scenario-format.md
loader_dir=$source_dir/src/config
for f in "$binary" "$doc" "$loader_dir/load.c"; do
    if [ ! -e "$f" ]; then
        echo "not ok - missing $f"
        echo "0 passed, 1 failed"
        exit 1
    fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/carecast-docs.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
# The loader's sources, one section per file, read as one text.
loader=$tmp/loader.c
cat "$loader_dir"/*.c >"$loader"
mkdir -p "$tmp/scenarios" "$tmp/tests"
cp -R "$source_dir/models" "$tmp/models"
cp -R "$source_dir/tests/data" "$tmp/tests/data"

passed=0
failed=0
ok() {
    passed=$((passed + 1))
    echo "ok - $1"
}
not_ok() {
    failed=$((failed + 1))
    echo "not ok - $1"
}

# ---- extract the fenced blocks ----
# Valid blocks -> scenarios/exampleN.cfg; invalid -> scenarios/invalidN.cfg, and the
# next ```text block after an invalid one -> scenarios/invalidN.expected.
awk -v dir="$tmp/scenarios" '
    BEGIN { mode = ""; nv = 0; ni = 0; want_text = 0 }
    mode == "" && /^```libconfig[ \t]*$/ {
        mode = "valid"; nv++; out = sprintf("%s/example%d.cfg", dir, nv)
        printf "" > out; next
    }
    mode == "" && /^```libconfig-invalid[ \t]*$/ {
        mode = "invalid"; ni++; out = sprintf("%s/invalid%d.cfg", dir, ni)
        printf "" > out; want_text = 1; next
    }
    mode == "" && /^```text[ \t]*$/ && want_text {
        mode = "text"; out = sprintf("%s/invalid%d.expected", dir, ni)
        printf "" > out; want_text = 0; next
    }
    mode == "" && /^```/ { mode = "other"; next }
    mode != "" && /^```[ \t]*$/ {
        if (mode != "other") close(out)
        mode = ""; next
    }
    mode == "valid" || mode == "invalid" || mode == "text" { print > out }
' "$doc"

n_valid=$(find "$tmp/scenarios" -name 'example*.cfg' | wc -l)
n_invalid=$(find "$tmp/scenarios" -name 'invalid*.cfg' | wc -l)
if [ "$n_valid" -ge 3 ]; then
    ok "document has $n_valid libconfig examples"
else
    not_ok "document has $n_valid libconfig examples (want at least 3)"
fi
if [ "$n_invalid" -ge 2 ]; then
    ok "document has $n_invalid libconfig-invalid examples"
else
    not_ok "document has $n_invalid libconfig-invalid examples (want at least 2)"
fi

# ---- valid examples: exit 0 ----
for ((i = 1; i <= n_valid; i++)); do
    name=scenarios/example$i.cfg
    out=$(cd "$tmp" && "$binary" validate "$name" 2>&1)
    rc=$?
    if [ $rc -eq 0 ]; then
        ok "example $i validates"
    else
        not_ok "example $i validates (exit $rc)"
        printf '%s\n' "$out" | sed 's/^/#   /'
    fi
done

# ---- invalid examples: exit 2 and the documented error lines ----
for ((i = 1; i <= n_invalid; i++)); do
    name=scenarios/invalid$i.cfg
    expected=$tmp/scenarios/invalid$i.expected
    stderr=$(cd "$tmp" && "$binary" validate "$name" 2>&1 >/dev/null)
    rc=$?
    if [ $rc -eq 2 ]; then
        ok "invalid example $i is rejected with exit 2"
    else
        not_ok "invalid example $i is rejected with exit 2 (exit $rc)"
    fi
    if [ ! -s "$expected" ]; then
        not_ok "invalid example $i is followed by a text block with its error"
        continue
    fi
    while IFS= read -r line || [ -n "$line" ]; do
        [ -z "$line" ] && continue
        # Compare from the first ".cfg" on: ":LINE: key.path: message".
        case "$line" in
            *.cfg*) tail_part=${line#*.cfg} ;;
            *) tail_part=$line ;;
        esac
        if printf '%s\n' "$stderr" | grep -F -q -- "$tail_part"; then
            ok "invalid example $i reports '$tail_part'"
        else
            not_ok "invalid example $i reports '$tail_part'"
            printf '%s\n' "$stderr" | sed 's/^/#   got: /'
        fi
    done <"$expected"
done

# ---- every loader key is documented ----
keys=$(
    {
        # Literal keys passed to the getters and the loader's own wrappers.
        grep -oE '(cc_get_[a-z_]+|cc_group_open|cc_has|cc_placement_shares|money_by_year|parse_plan|lever_seen)\([^,()]+, *"[A-Za-z0-9_]+"' "$loader" |
            sed -E 's/.*"([A-Za-z0-9_]+)"$/\1/'
        # Keys held in tables and passed through a variable (exit routes, funding arrays),
        # or chosen in a variable such as `const char *from_key = ... ? "placement" : "from";`.
        tr '\n' ' ' <"$loader" |
            grep -oE '(route_keys\[[A-Z_]*\]|others\[\]) *= *\{[^}]*\}' |
            grep -oE '"[A-Za-z0-9_]+"' | tr -d '"'
        grep -E 'const char \*[a-z_]*key[a-z_]* *=' "$loader" |
            grep -oE '"[A-Za-z0-9_]+"' | tr -d '"'
    } | sort -u
)
# Named values from the loader's tables ({"cin", CC_CASES_CIN}, {"reduce_entries", CC_EFFECT_...}).
values=$(grep -oE '\{"[a-z0-9_]+", *CC_' "$loader" | grep -oE '"[a-z0-9_]+"' | tr -d '"' | sort -u)
n_keys=$(printf '%s\n' "$keys" | grep -c .)
if [ "$n_keys" -ge 50 ]; then
    ok "extracted $n_keys keys from src/config/"
else
    not_ok "extracted $n_keys keys from src/config/ (extraction broken?)"
fi
missing=""
for key in $keys; do
    grep -F -q -- "\`$key\`" "$doc" || missing="$missing $key"
done
if [ -z "$missing" ]; then
    ok "every loader key is documented in docs/scenario-format.md"
else
    for key in $missing; do
        not_ok "key '$key' (read in src/config/) is documented in docs/scenario-format.md"
    done
fi
missing=""
for value in $values; do
    grep -F -q -- "\"$value\"" "$doc" || missing="$missing $value"
done
if [ -z "$missing" ]; then
    ok "every named value in src/config/'s tables is documented (as \"value\")"
else
    for value in $missing; do
        not_ok "value \"$value\" (src/config/) is documented in docs/scenario-format.md"
    done
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
