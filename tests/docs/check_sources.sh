#!/usr/bin/env bash
# The shipped models and scenarios cite sources a reader has: no path outside
# the repository; every short name they cite ("seed 000", "flows file") is a
# document listed in docs/sources.md; and every line of seed 000 they cite
# falls in a part of the paper that docs/sources.md names.
#
# Usage: check_sources.sh SOURCE_DIR
set -u
src=$(cd "${1:?usage: $0 SOURCE_DIR}" && pwd) || exit 2
doc=$src/docs/sources.md
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok - $1"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $1: $2"; }

files=$(ls "$src"/models/*.cfg "$src"/scenarios/*.cfg)
outside=$(grep -n -E '(^|[[:space:]("`])/(work|home|tmp|usr|srv|root|mnt)/|DOMAIN|seed-00[0-9]-figures|flows-2018-2024' $files | head -5)
if [ -z "$outside" ]; then ok "no model or scenario cites a file outside the repository"; else
    not_ok "no model or scenario cites a file outside the repository" "$outside"; fi

missing=
for name in $(grep -ohE 'seeds? 00[0-9]' $files | grep -oE '00[0-9]' | sort -u); do
    grep -q "^| seed $name |" "$doc" || missing="$missing seed-$name"
done
grep -q 'flows file' $files && { grep -q '^| flows file |' "$doc" || missing="$missing flows-file"; }
if [ -z "$missing" ]; then ok "every document the models cite is listed in docs/sources.md"; else
    not_ok "every document the models cite is listed in docs/sources.md" "$missing"; fi

# Lines of seed 000 cited as "seed 000 ... L374" (on a line that names seed 000).
ranges=$(sed -n 's/^| seed 000 L\([0-9]*\)-L\([0-9]*\) |.*/\1 \2/p' "$doc")
uncovered=
for n in $(grep -h 'seed 000' $files | grep -oE '\bL[0-9]+' | tr -d L | sort -un); do
    inside=no
    while read -r lo hi; do
        [ "$n" -ge "$lo" ] && [ "$n" -le "$hi" ] && inside=yes
    done <<<"$ranges"
    [ "$inside" = yes ] || uncovered="$uncovered L$n"
done
if [ -n "$ranges" ] && [ -z "$uncovered" ]; then
    ok "every line of seed 000 the models cite is in a part docs/sources.md names"
else
    not_ok "every line of seed 000 the models cite is in a part docs/sources.md names" "$uncovered"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
