/* Beyond one machine (built with -DCC_MPI=ON, Open MPI): the paths of a run shared among the
 * processes of an MPI job. Process 0 runs the command as usual; every time it needs paths it
 * asks all processes for a share of them (first, first + count) and gathers their values, so
 * its files are those of one process: each path's values depend only on (seed, path). The other
 * processes only simulate. Kept and bounded runs, and runs to a precision, all ask for paths
 * this way (cc_path_source). */
#ifndef CARECAST_MPI_H
#define CARECAST_MPI_H

#include <stddef.h>

#include "carecast/engine.h"
#include "carecast/scenario.h"
#include "carecast/status.h"

/* Starts MPI (MPI_Init_thread with threads funnelled to the calling one) and says which process
 * this is of how many. */
void cc_mpi_start(int *argc, char ***argv, int *rank, int *size);
/* Worker threads for each process when the command line asks for all cores: the machine's
 * cores shared among the job's processes on it. */
int cc_mpi_threads(void);
/* Ends MPI. */
void cc_mpi_finish(void);

/* Process 0: the source that shares each request for paths among every process; context (the
 * scenario, and the run's seed, threads and cancel flag) must outlive it. The paths of a
 * request come back in its columns. */
typedef struct cc_mpi_context {
    const cc_scenario *sc;
    const cc_run_options *ro;
} cc_mpi_context;
cc_path_source cc_mpi_source(cc_mpi_context *context);
/* Process 0: tells the others there will be no more requests (always, even after a failure). */
void cc_mpi_release(void);

/* The other processes: simulate their share of each request of process 0 until released. sc is
 * NULL when this process could not load the scenario (process 0 then cannot run either); ro
 * gives the seed and threads. Returns CC_OK, or the first failure (also reported to process
 * 0, whose run then fails). */
cc_status cc_mpi_serve(const cc_scenario *sc, const cc_run_options *ro, cc_error *err);

#endif
