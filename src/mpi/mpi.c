/* Paths shared among the processes of an MPI job. A request of process 0 for paths
 * [first, first + count) is broadcast; process r simulates its share
 * [first + r count / size, first + (r + 1) count / size) into a small block, packs it row by row
 * and sends it to process 0 (MPI_Gatherv), which unpacks every share into the caller's columns.
 * Requests are cut into pieces of at most PIECE_PATHS paths a process, so that messages stay
 * small whatever the run. Every process then agrees on the request's status (the worst). */
#include <mpi.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "carecast/mpi.h"

#define PIECE_PATHS 1024 /* paths a process simulates per message */

enum { REQUEST_PATHS = 0, REQUEST_RELEASE = 1 };

void cc_mpi_start(int *argc, char ***argv, int *rank, int *size)
{
    int provided = 0;
    MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, rank);
    MPI_Comm_size(MPI_COMM_WORLD, size);
}

int cc_mpi_threads(void)
{
    MPI_Comm node;
    int here = 1;
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node);
    MPI_Comm_size(node, &here);
    MPI_Comm_free(&node);
    const long cores = sysconf(_SC_NPROCESSORS_ONLN);
    const int threads = (int)(cores > 0 ? cores : 1) / here;
    return threads > 0 ? threads : 1;
}

void cc_mpi_finish(void)
{
    MPI_Finalize();
}

/* ---- one piece of a request, on every process ---- */

/* What every process needs to do its share. */
typedef struct piece {
    unsigned long long first, count;
} piece;

static void share_of(const piece *pc, int rank, int size, size_t *first, size_t *count)
{
    const size_t a = (size_t)(pc->count * (unsigned long long)rank / (unsigned long long)size);
    const size_t b = (size_t)(pc->count * (unsigned long long)(rank + 1) / (unsigned long long)size);
    *first = (size_t)pc->first + a;
    *count = b - a;
}

/* Simulates this process's share of pc into block and packs it row by row into packed. */
static cc_status simulate_share(const cc_scenario *sc, const cc_run_options *ro, const piece *pc,
                                int rank, int size, cc_results *block, float *packed,
                                int *n_floats, cc_error *err)
{
    size_t first = 0, count = 0;
    share_of(pc, rank, size, &first, &count);
    *n_floats = 0;
    if (count == 0)
        return CC_OK;
    cc_run_options opts = *ro;
    opts.first_path = first;
    opts.n_paths = count;
    opts.progress = NULL;
    const cc_status st = cc_engine_run(sc, &opts, block, err);
    if (st != CC_OK)
        return st;
    const size_t rows_m = block->n_metrics * block->n_months;
    const size_t rows_y = block->n_metrics * block->n_years;
    for (size_t r = 0; r < rows_m; r++)
        memcpy(packed + r * count, block->monthly + r * block->n_paths, count * sizeof(float));
    for (size_t r = 0; r < rows_y; r++)
        memcpy(packed + (rows_m + r) * count, block->annual + r * block->n_paths,
               count * sizeof(float));
    *n_floats = (int)((rows_m + rows_y) * count);
    return CC_OK;
}

/* The worst status of every process's share (so all agree whether the request worked). */
static cc_status agree(cc_status mine)
{
    int local = (int)mine, worst = 0;
    MPI_Allreduce(&local, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return (cc_status)worst;
}

/* ---- process 0 ---- */

/* Unpacks the shares of pc gathered in all (process by process) into columns from `column` of
 * results. */
static void unpack(const piece *pc, int size, const float *all, cc_results *results,
                   size_t column)
{
    const size_t rows_m = results->n_metrics * results->n_months;
    const size_t rows_y = results->n_metrics * results->n_years;
    size_t at = 0;
    for (int r = 0; r < size; r++) {
        size_t first = 0, count = 0;
        share_of(pc, r, size, &first, &count);
        const size_t col = column + (first - (size_t)pc->first);
        for (size_t i = 0; i < rows_m; i++)
            memcpy(results->monthly + i * results->n_paths + col, all + at + i * count,
                   count * sizeof(float));
        for (size_t i = 0; i < rows_y; i++)
            memcpy(results->annual + i * results->n_paths + col,
                   all + at + (rows_m + i) * count, count * sizeof(float));
        at += (rows_m + rows_y) * count;
    }
}

/* One piece on every process, gathered into columns from `column` of results. */
static cc_status gather_piece(const cc_mpi_context *m, const piece *pc, cc_results *block,
                              float *packed, float *all, cc_results *results, size_t column,
                              cc_error *err)
{
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int request[3] = {REQUEST_PATHS, 0, 0};
    MPI_Bcast(request, 3, MPI_INT, 0, MPI_COMM_WORLD);
    piece sent = *pc;
    MPI_Bcast(&sent, 2, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
    int n_floats = 0;
    cc_status st = simulate_share(m->sc, m->ro, pc, rank, size, block, packed, &n_floats, err);
    int *counts = malloc((size_t)size * sizeof *counts), *offsets = malloc((size_t)size * sizeof *offsets);
    if (counts == NULL || offsets == NULL) {
        free(counts);
        free(offsets);
        return cc_error_set(err, CC_ERR_NOMEM, "MPI: out of memory");
    }
    MPI_Gather(&n_floats, 1, MPI_INT, counts, 1, MPI_INT, 0, MPI_COMM_WORLD);
    for (int r = 0, at = 0; r < size; r++) {
        offsets[r] = at;
        at += counts[r];
    }
    MPI_Gatherv(packed, n_floats, MPI_FLOAT, all, counts, offsets, MPI_FLOAT, 0, MPI_COMM_WORLD);
    free(counts);
    free(offsets);
    const cc_status all_st = agree(st);
    if (all_st != CC_OK)
        return st != CC_OK ? st
                           : cc_error_set(err, all_st, "MPI: another process failed (%s)",
                                          cc_status_name(all_st));
    unpack(pc, size, all, results, column);
    return CC_OK;
}

static cc_status mpi_fill(void *context, const cc_run_options *opts, cc_results *results,
                          cc_error *err)
{
    const cc_mpi_context *m = context;
    int size = 1;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t piece_paths = PIECE_PATHS * (size_t)size;
    cc_results *block = NULL;
    cc_status st = cc_results_alloc(m->sc, PIECE_PATHS, &block, err);
    const size_t rows = block != NULL ? block->n_metrics * (block->n_months + block->n_years) : 0;
    float *packed = st == CC_OK ? malloc(rows * PIECE_PATHS * sizeof *packed) : NULL;
    float *all = st == CC_OK ? malloc(rows * piece_paths * sizeof *all) : NULL;
    if (st == CC_OK && (packed == NULL || all == NULL))
        st = cc_error_set(err, CC_ERR_NOMEM, "MPI: out of memory");
    for (size_t done = 0; st == CC_OK && done < opts->n_paths; done += piece_paths) {
        const size_t n = opts->n_paths - done < piece_paths ? opts->n_paths - done : piece_paths;
        const piece pc = {opts->first_path + done, n};
        st = gather_piece(m, &pc, block, packed, all, results, done, err);
        if (st == CC_OK && opts->progress != NULL)
            opts->progress(opts->progress_context, done + n, opts->n_paths);
        if (st == CC_OK && opts->cancel != NULL && atomic_load(opts->cancel))
            st = cc_error_set(err, CC_ERR_CANCELLED, "engine: run cancelled");
    }
    free(all);
    free(packed);
    cc_results_free(block);
    return st;
}

cc_path_source cc_mpi_source(cc_mpi_context *context)
{
    return (cc_path_source){mpi_fill, context};
}

void cc_mpi_release(void)
{
    int request[3] = {REQUEST_RELEASE, 0, 0};
    MPI_Bcast(request, 3, MPI_INT, 0, MPI_COMM_WORLD);
}

/* ---- the other processes ---- */

cc_status cc_mpi_serve(const cc_scenario *sc, const cc_run_options *ro, cc_error *err)
{
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    cc_results *block = NULL;
    cc_status first_failure = CC_OK;
    if (sc != NULL)
        first_failure = cc_results_alloc(sc, PIECE_PATHS, &block, err);
    const size_t rows = block != NULL ? block->n_metrics * (block->n_months + block->n_years) : 0;
    float *packed = rows > 0 ? malloc(rows * PIECE_PATHS * sizeof *packed) : NULL;
    for (;;) {
        int request[3];
        MPI_Bcast(request, 3, MPI_INT, 0, MPI_COMM_WORLD);
        if (request[0] == REQUEST_RELEASE)
            break;
        piece pc;
        MPI_Bcast(&pc, 2, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
        int n_floats = 0;
        cc_status st = block == NULL || packed == NULL
                           ? cc_error_set(err, CC_ERR_NOMEM, "MPI: no scenario or no memory")
                           : simulate_share(sc, ro, &pc, rank, size, block, packed, &n_floats,
                                            err);
        if (st != CC_OK)
            n_floats = 0;
        MPI_Gather(&n_floats, 1, MPI_INT, NULL, 1, MPI_INT, 0, MPI_COMM_WORLD);
        MPI_Gatherv(packed, n_floats, MPI_FLOAT, NULL, NULL, NULL, MPI_FLOAT, 0, MPI_COMM_WORLD);
        agree(st);
        if (first_failure == CC_OK)
            first_failure = st;
    }
    free(packed);
    cc_results_free(block);
    return first_failure;
}
