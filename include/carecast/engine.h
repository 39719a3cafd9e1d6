/* The Monte Carlo engine: simulates paths of the children's services
 * caseload month by month and stores per-path metrics in cc_results. */
#ifndef CARECAST_ENGINE_H
#define CARECAST_ENGINE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "carecast/results.h"
#include "carecast/scenario.h"
#include "carecast/status.h"

/* How many random variates a run drew, by kind, with their mean parameters:
 * the benchmark draws as many from GSL alone to time the floor. */
typedef struct cc_draw_counts {
    unsigned long long binomial, poisson, hypergeometric, discrete; /* discrete: one uniform */
    double binomial_sum_n, binomial_sum_p, poisson_sum_mu;
} cc_draw_counts;

typedef void (*cc_progress_fn)(void *context, size_t paths_done, size_t paths_total);

typedef struct cc_run_options {
    size_t n_paths;             /* paths to simulate */
    size_t first_path;          /* number of the first: paths first_path .. first_path +
                                   n_paths - 1 go to columns 0 .. n_paths - 1 of the results
                                   (a block of a longer run; 0 for a whole run) */
    unsigned long seed;         /* master seed; path p uses cc_rng_path_seed(seed, p) */
    int threads;                /* OpenMP threads, 0 = all cores */
    cc_progress_fn progress;    /* optional; called from one thread only */
    void *progress_context;
    cc_draw_counts *counts;     /* optional; receives the run's draw counts */
    bool total_savings_only;    /* skip savings.<initiative> (NaN): one pass per
                                   initiative fewer, for fast what-ifs */
    const atomic_bool *cancel;  /* optional, borrowed: set from another thread, the
                                   run stops within a few paths with CC_ERR_CANCELLED
                                   (a what-if page whose user moved on) */
} cc_run_options;

/* Runs opts->n_paths paths of scenario into results (allocated for at least
 * that many paths); results are incomplete when the run is cancelled. Path p draws from its own stream seeded from (seed, p), so
 * results are identical for any thread count and path p's values do not change
 * when n_paths grows. Returns CC_OK, CC_ERR_NUMERIC if a draw fails, or CC_ERR_CANCELLED. */
cc_status cc_engine_run(const cc_scenario *scenario, const cc_run_options *opts,
                        cc_results *results, cc_error *err);

/* Where a run's paths come from: fill puts paths opts->first_path .. + opts->n_paths - 1 into
 * columns 0 .. opts->n_paths - 1 of results, as cc_engine_run does (the source when none is
 * given); src/mpi shares them among the processes of an MPI job. */
typedef struct cc_path_source {
    cc_status (*fill)(void *context, const cc_run_options *opts, cc_results *results,
                      cc_error *err);
    void *context;
} cc_path_source;

/* Fills results through source, or by cc_engine_run(scenario, ...) when source is NULL. */
cc_status cc_path_fill(const cc_path_source *source, const cc_scenario *scenario,
                       const cc_run_options *opts, cc_results *results, cc_error *err);

/* The 32-bit seed for path p: a bijective mix of (seed + p), never 0 (GSL
 * generators replace a 0 seed). Distinct p below 2^32 - 1 give distinct seeds.
 * The path's parameters are drawn from this stream; each month then draws from
 * its own stream seeded from (path seed, month), so two runs of a path that
 * differ in one month (with and without an initiative) share every other
 * month's random numbers: common random numbers that do not drift apart. */
uint32_t cc_rng_path_seed(unsigned long seed, size_t p);

/* The name of the GSL generator the engine uses (for run manifests). */
const char *cc_engine_rng_name(void);


#endif
