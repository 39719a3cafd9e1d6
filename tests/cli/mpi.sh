#!/usr/bin/env bash
# An MPI build (-DCC_MPI=ON): `mpirun -np 2 carecast run ...` shares the paths between two
# processes and writes the files one process writes, byte for byte: kept paths (with charts),
# bounded memory and a run to a precision; a bad scenario fails cleanly (no process left
# waiting); other commands run in process 0. MPIEXEC (from CMake's FindMPI) starts the job.
set -u

. "$(dirname "$0")/common.sh" mpi "$@"
cd "$T" || exit 1
S=$SRC/scenarios/baseline.cfg
MPIEXEC=${MPIEXEC:-mpirun}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 # containers run tests as root
export OMPI_MCA_rmaps_base_oversubscribe=1                       # two processes on any machine

job() { # job ARGS...: carecast in a job of two processes, at most two minutes
    timeout 120 "$MPIEXEC" --oversubscribe -np 2 "$CC" "$@"
}

same_files() { # same_files A B: CSVs, chart data and scripts, the report (times and folder masked)
    local f
    for f in $(cd "$1" && ls -- *.csv charts/*.dat charts/*.gp 2>/dev/null); do
        cmp -s "$1/$f" "$2/$f" || { echo "$f differs"; return 1; }
    done
    mask() { sed -E -e 's/[0-9]+\.[0-9]+ s\b/(time) s/g' -e 's/run\.output_dir=[^<]*/(dir)/' "$1"; }
    diff -q <(mask "$1/report.html") <(mask "$2/report.html") >/dev/null || {
        echo "report.html differs"
        return 1
    }
    [ -s "$1/annual.csv" ] || { echo "no annual.csv"; return 1; }
}

check_same() { # NAME A B
    local why
    if why=$(same_files "$2" "$3"); then ok "$1"; else not_ok "$1" "$why"; fi
}

"$CC" run "$S" --paths 2500 --seed 6 --threads 1 --quiet --out one >/dev/null 2>one.err
job run "$S" --paths 2500 --seed 6 --threads 1 --quiet --out two >/dev/null 2>two.err
rc=$?
if [ "$rc" -eq 0 ]; then
    check_same "mpirun -np 2: the files of one process (kept paths, charts)" one two
else
    not_ok "mpirun -np 2 runs the baseline" "exit $rc; $(head -c 300 two.err)"
fi

job run "$S" --paths 2500 --seed 6 --threads 1 --quiet --no-charts --memory bounded \
    --out two-bounded >/dev/null 2>&1
"$CC" run "$S" --paths 2500 --seed 6 --threads 1 --quiet --no-charts --out one-plain >/dev/null 2>&1
check_same "mpirun -np 2 with bounded memory: the files of one process keeping its paths" \
    one-plain two-bounded

goal='se(cost.total@2021/22)<90k'
"$CC" run "$S" --precision "$goal" --paths 20000 --seed 6 --threads 1 --no-charts \
    --out one-goal >one-goal.out 2>&1
job run "$S" --precision "$goal" --paths 20000 --seed 6 --threads 1 --no-charts \
    --out two-goal >two-goal.out 2>&1
n=$(sed -n 's/^carecast: precision met after \([0-9]*\) paths.*/\1/p' one-goal.out)
if [ -n "$n" ] && grep -q "precision met after $n paths" two-goal.out; then
    check_same "mpirun -np 2 to a precision: the same $n paths and files" one-goal two-goal
else
    not_ok "mpirun -np 2 to a precision" "$(cat one-goal.out two-goal.out | head -c 300)"
fi

printf 'run = { paths = "many"; };\n' >bad.cfg
job run bad.cfg --out never >/dev/null 2>bad.err
rc=$?
if [ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] && grep -q "bad.cfg" bad.err && [ ! -e never ]; then
    ok "a bad scenario under mpirun fails cleanly (exit $rc, every process ended)"
else
    not_ok "a bad scenario under mpirun fails cleanly" "exit $rc; $(head -c 300 bad.err)"
fi

job validate "$S" >validate.out 2>&1
rc=$?
if [ "$rc" -eq 0 ] && [ "$(grep -c ': valid' validate.out)" -eq 1 ]; then
    ok "validate under mpirun runs once, in process 0"
else
    not_ok "validate under mpirun runs once" "exit $rc; $(head -c 300 validate.out)"
fi

cc_finish
