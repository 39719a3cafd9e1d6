# Shared set-up for the CLI test scripts, sourced as: . common.sh NAME "$@"
# Reads CARECAST_BINARY and SOURCE_DIR from the arguments into CC and SRC
# (absolute), makes a temporary directory T removed on exit (kept when KEEP
# is set, to inspect a failure), tells a LeakSanitizer build to ignore
# libconfig's own leak, defines ok/not_ok counting into PASS and FAIL and
# cc_run_tagged (a run with its output kept by tag);
# cc_finish prints "N passed, M failed".

if [ $# -ne 3 ]; then
    echo "usage: $0 CARECAST_BINARY SOURCE_DIR" >&2
    exit 2
fi
CC=$2
SRC=$3
case $CC in /*) ;; *) CC=$PWD/$CC ;; esac
case $SRC in /*) ;; *) SRC=$PWD/$SRC ;; esac
if [ ! -x "$CC" ]; then
    echo "not ok - setup: $CC is not executable"
    echo "0 passed, 1 failed"
    exit 1
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/carecast-$1.XXXXXX") || exit 1
trap '[ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT

# libconfig 1.5 leaks a string buffer (strbuf_append) on some syntax errors: not
# carecast's leak, so a LeakSanitizer build is told to ignore libconfig only.
printf 'leak:libconfig.so\n' >"$T/lsan.supp"
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$T/lsan.supp:print_suppressions=0"

PASS=0
FAIL=0

# cc_run_tagged TAG ARGS...: carecast ARGS, its output in $T/TAG.out and
# $T/TAG.err; sets RC to its exit status.
RC=
cc_run_tagged() {
    local tag=$1
    shift
    "$CC" "$@" >"$T/$tag.out" 2>"$T/$tag.err" </dev/null
    RC=$?
}

ok() {
    echo "ok - $1"
    PASS=$((PASS + 1))
}

not_ok() {
    echo "not ok - $1: $2"
    FAIL=$((FAIL + 1))
}

cc_finish() {
    echo "$PASS passed, $FAIL failed"
    [ "$FAIL" -eq 0 ]
}
