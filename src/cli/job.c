/* The processes of a run: one, or (built with -DCC_MPI=ON and started by mpirun) an MPI job
 * in which process 0 runs the command and the others simulate their share of its paths
 * (carecast/mpi.h). Without MPI every function here is the one-process case. */
#include <omp.h>
#include <stdlib.h>

#include "cli/cli_internal.h"
#ifdef CC_MPI
#include "carecast/mpi.h"
#endif

cli_job cli_job_start(int *argc, char ***argv)
{
    cli_job job = {0, 1};
#ifdef CC_MPI
    cc_mpi_start(argc, argv, &job.rank, &job.size);
#else
    (void)argc;
    (void)argv;
#endif
    return job;
}

void cli_job_end(const cli_job *job)
{
#ifdef CC_MPI
    if (job->rank == 0 && job->size > 1)
        cc_mpi_release();
    cc_mpi_finish();
#else
    (void)job;
#endif
}

int cli_threads(const cc_scenario *sc, const cli_options *opts)
{
    if (sc->run.threads > 0)
        return sc->run.threads;
#ifdef CC_MPI
    if (opts->job.size > 1)
        return cc_mpi_threads();
#else
    (void)opts;
#endif
    return omp_get_max_threads();
}

const cc_path_source *cli_path_source(const cc_scenario *sc, const cc_run_options *ro,
                                      const cli_options *opts, cli_paths *paths)
{
#ifdef CC_MPI
    if (opts->job.size > 1) {
        paths->context = (cc_mpi_context){sc, ro};
        paths->source = cc_mpi_source(&paths->context);
        return &paths->source;
    }
#else
    (void)sc;
    (void)ro;
    (void)opts;
    (void)paths;
#endif
    return NULL;
}

int cli_job_serve(const cli_options *opts)
{
#ifdef CC_MPI
    /* The scenario as process 0 reads it (the same files and overrides); problems are process
     * 0's to print. */
    cc_scenario *sc = NULL;
    cc_errlist errors;
    cc_errlist_init(&errors);
    if (opts != NULL && opts->command == CLI_RUN &&
        cc_scenario_load(opts->scenario_path, opts->overrides, opts->n_overrides, &sc,
                         &errors) != CC_OK)
        sc = NULL;
    cc_errlist_destroy(&errors);
    cc_run_options ro = {0};
    if (sc != NULL)
        ro = (cc_run_options){.seed = sc->run.seed, .threads = cli_threads(sc, opts)};
    cc_error err = {0};
    const cc_status st = cc_mpi_serve(sc, &ro, &err);
    cc_scenario_free(sc);
    return st == CC_OK ? EXIT_OK : EXIT_RUN_FAILED;
#else
    (void)opts;
    return EXIT_OK;
#endif
}
