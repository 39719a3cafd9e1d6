#!/usr/bin/env bash
# make_corpus.sh SOURCE_DIR OUT_DIR: the fuzzers' seed corpus. Every shipped
# model, scenario and test scenario becomes one input (bundle.h): its text,
# then a "%%file NAME" section with each file it @includes. Also writes
# OUT_DIR.dict, a libFuzzer dictionary of every key in docs/scenario-format.md.
set -eu
src=$1
out=$2
mkdir -p "$out"
for f in "$src"/models/*.cfg "$src"/scenarios/*.cfg "$src"/tests/data/*.cfg; do
    [ -f "$f" ] || continue
    dir=$(dirname "$f")
    name=$(basename "$(dirname "$f")")-$(basename "$f")
    {
        cat "$f"
        grep -E '^[[:space:]]*@include[[:space:]]+"[^"]+"' "$f" | sed -E 's/^[^"]*"([^"]+)".*/\1/' |
            while IFS= read -r inc; do
                printf '\n%%%%file %s\n' "$inc"
                cat "$dir/$inc"
            done
    } >"$out/$name"
done
{
    for word in @include '%%file ' '%%set ' '= ' '{' '}' '[' ']' '(' ')' ';' '"' '0x' 'L' 'true' 'false' '/*' '*/' '//' '#'; do
        printf '"%s"\n' "$word" | sed 's/\\/\\\\/g'
    done
    grep -o '`[a-z_][a-z0-9_]*`' "$src/docs/scenario-format.md" | tr -d '`' | sort -u | sed 's/.*/"&"/'
} >"$out.dict"
