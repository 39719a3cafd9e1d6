#!/usr/bin/env bash
# README.md's worked examples print what the program prints: for every ```text
# block, the commands of the nearest ```sh block before it are run (build/carecast
# replaced by the binary under test, in a scratch folder beside copies of
# scenarios/ and models/) and the last command's output must equal the block,
# except the seconds a command took ("10 runs, 44.13 s", "in 7.54 s;").
#
# Usage: check_readme.sh BINARY SOURCE_DIR [skip|update]   ("skip": a sanitizer build,
# where these full-size examples would take minutes; the release build runs them.
# "update": after a change that moves results, rewrite each ```text block of
# SOURCE_DIR/README.md with what the program now prints; the prose that quotes
# those figures is for you to re-read.)
set -u

if [ $# -lt 2 ]; then
    echo "usage: $0 BINARY SOURCE_DIR [skip]" >&2
    exit 2
fi
case "$1" in /*) binary=$1 ;; *) binary=$PWD/$1 ;; esac
source_dir=$(cd "$2" && pwd) || exit 2
if [ "${3:-}" = skip ]; then
    echo "ok - # skip: README examples run in the release build only"
    echo "1 passed, 0 failed"
    exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/carecast-readme.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
cp -R "$source_dir/scenarios" "$source_dir/models" "$tmp/"

# Split README into numbered example pairs: TMP/exN.sh (commands) and TMP/exN.txt (output).
awk -v dir="$tmp" '
    /^```sh[ \t]*$/ { mode = "sh"; sh = ""; next }
    /^```text[ \t]*$/ { mode = "text"; n++; printf "%s", sh > (dir "/ex" n ".sh");
                        close(dir "/ex" n ".sh"); printf "" > (dir "/ex" n ".txt"); next }
    /^```/ { if (mode == "text") close(dir "/ex" n ".txt"); mode = ""; next }
    mode == "sh" { sh = sh $0 "\n" }
    mode == "text" { print > (dir "/ex" n ".txt") }
' "$source_dir/README.md"

passed=0
failed=0
mask() { sed -E 's/[0-9]+\.[0-9]+ s\b/N s/g'; }
n=$(find "$tmp" -name 'ex*.sh' | wc -l)
if [ "$n" -ge 3 ]; then
    passed=$((passed + 1))
    echo "ok - README.md has $n examples with their output"
else
    failed=$((failed + 1))
    echo "not ok - README.md has $n examples with their output (want at least 3)"
fi
for ((i = 1; i <= n; i++)); do
    # Join continued lines, put the binary in, and keep the last command's output.
    script=$(sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$tmp/ex$i.sh" | sed "s#build/carecast#'$binary'#g")
    printf '%s\n' "$script" | head -n -1 >"$tmp/setup$i.sh"
    printf '%s\n' "$script" | tail -n 1 >"$tmp/last$i.sh"
    (cd "$tmp" && bash "$tmp/setup$i.sh" >/dev/null 2>&1 && bash "$tmp/last$i.sh" 2>&1) \
        >"$tmp/raw$i.txt"
    mask <"$tmp/raw$i.txt" >"$tmp/got$i.txt"
    mask <"$tmp/ex$i.txt" >"$tmp/want$i.txt"
    title=$(head -n 1 "$tmp/last$i.sh" | cut -c1-90)
    if cmp -s "$tmp/got$i.txt" "$tmp/want$i.txt"; then
        passed=$((passed + 1))
        echo "ok - README example $i prints what README shows: $title"
    else
        failed=$((failed + 1))
        echo "not ok - README example $i prints what README shows: $title"
        diff "$tmp/want$i.txt" "$tmp/got$i.txt" | sed 's/^/#   /'
    fi
done
echo "$passed passed, $failed failed"
if [ "${3:-}" = update ]; then
    # Each ```text block's lines replaced by the output of its example, in order.
    awk -v dir="$tmp" '
        /^```text[ \t]*$/ { print; n++; skip = 1
                             while ((getline line < (dir "/raw" n ".txt")) > 0) print line
                             next }
        skip && /^```/ { skip = 0 }
        !skip { print }
    ' "$source_dir/README.md" >"$tmp/README.md" && cp "$tmp/README.md" "$source_dir/README.md"
    echo "README.md: $n examples' output rewritten"
    exit 0
fi
[ "$failed" -eq 0 ]
