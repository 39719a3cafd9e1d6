# Sourced by the bench scripts: write_section HEADING TEXT replaces the section "## HEADING" of
# docs/performance.md (up to the next "## ") with TEXT, or appends TEXT when there is none.
write_section() {
    local heading=$1 text=$2 out=docs/performance.md tmp
    tmp=$(mktemp)
    if grep -q "^## $heading" "$out"; then
        awk -v s="$text" -v h="## $heading" 'BEGIN { skip = 0 }
            index($0, h) == 1 { print s; skip = 1; next }
            skip && /^## / { skip = 0; print "" }
            !skip { print }' "$out" >"$tmp"
    else
        { cat "$out"; echo; echo "$text"; } >"$tmp"
    fi
    cp "$tmp" "$out"
    rm -f "$tmp"
}
