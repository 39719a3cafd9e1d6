/* Bounded memory: a run whose paths are summarised block by block as they are simulated, so that
 * its memory does not grow with the number of paths. The statistics are exact: the same bits as
 * summarising every stored path (cc_summary_alloc, cc_path_stats), for any thread count. Paths
 * are simulated more than once: a first pass over some of them finds, for every percentile, the
 * few buckets of values it can lie in; a second pass over all of them counts every bucket
 * exactly and keeps only the values in those buckets. A percentile that lands elsewhere (rare)
 * costs one more pass. Path p is the same path in every pass (its streams are seeded from
 * (seed, p)), so the passes agree. */
#ifndef CARECAST_STREAM_H
#define CARECAST_STREAM_H

#include <stdbool.h>
#include <stddef.h>

#include "carecast/engine.h"
#include "carecast/results.h"
#include "carecast/scenario.h"
#include "carecast/status.h"

#define CC_STREAM_ROUND_PATHS 2048            /* paths simulated and held at once */
#define CC_PRECISION_BLOCK 1024               /* paths added at a time until a precision is met */
#define CC_GOALS_MAX 16

/* ---- precision: paths run in blocks until the standard errors asked for are met ---- */

/* The Monte Carlo standard error of the mean of metric k at a month or year (sd / sqrt(n), as
 * monthly.csv and annual.csv give it) at most max_se; relative: at most max_se x |mean|. For a
 * metric that is 0 or 1 on each path (budget.total.p_over) the mean is a probability. */
typedef struct cc_precision_goal {
    size_t k;
    bool annual;
    size_t period;
    bool relative;
    double max_se;
} cc_precision_goal;

typedef struct cc_precision {
    size_t n_goals;
    cc_precision_goal goals[CC_GOALS_MAX];
} cc_precision;

/* What a run to a precision found: the paths it took and each goal's figures at the end. */
typedef struct cc_precision_report {
    bool met;                    /* every goal met (else the most paths were run) */
    size_t n_paths;              /* paths run: whole blocks, or the most */
    double se[CC_GOALS_MAX];     /* each goal's standard error */
    double mean[CC_GOALS_MAX];
} cc_precision_report;

/* Whether goal g is met by values with moments m; writes their standard error and mean. */
bool cc_precision_met(const cc_precision_goal *g, const cc_moments *m, double *se, double *mean);
#define CC_STREAM_BUDGET_BYTES ((size_t)3 << 29) /* values kept at once, at most: 1.5 GiB */

typedef struct cc_stream_options {
    cc_summary_plan plan;  /* the percentiles and sums the writers will ask for */
    const cc_precision *precision; /* when not NULL: paths in rounds of CC_PRECISION_BLOCK until
                                      its goals are met, at most ro->n_paths (borrowed) */
    const cc_path_source *source;  /* where the paths come from (NULL: the engine; borrowed) */
    size_t round_paths;    /* paths held at once, a multiple of 16 (0: CC_STREAM_ROUND_PATHS) */
    size_t budget_bytes;   /* values gathered at once, at most (0: CC_STREAM_BUDGET_BYTES) */
} cc_stream_options;

/* What a bounded run did, for its manifest and for tests. */
typedef struct cc_stream_report {
    size_t pilot_paths;    /* paths of the first pass */
    unsigned passes;       /* passes over the paths after the first: 1, or more when a
                              percentile fell outside the buckets the first pass chose */
    size_t paths_simulated; /* every pass's paths */
    size_t gathered_max;   /* most values kept at once */
    size_t missed;         /* quantities a percentile of which fell outside the buckets the
                              pilot chose (settled by more passes) */
    size_t overflowed;     /* quantities whose values outgrew the budget in the second pass */
    cc_precision_report precision; /* with so->precision */
} cc_stream_report;

/* Runs ro->n_paths paths of scenario (paths 0 .. n_paths - 1, ro->first_path must be 0) in
 * bounded memory. *out receives results with no per-path values (cc_results_stored false) and
 * their summary: every quantity's moments and its value at each of so->plan's percentiles.
 * ro->progress sees (paths simulated, paths expected over every pass). report may be NULL.
 * Returns CC_OK, CC_ERR_INVALID, CC_ERR_NOMEM, CC_ERR_NUMERIC or CC_ERR_CANCELLED. */
cc_status cc_stream_run(const cc_scenario *scenario, const cc_run_options *ro,
                        const cc_stream_options *so, cc_results **out, cc_stream_report *report,
                        cc_error *err);

/* Runs paths 0, 1, 2, ... of scenario in blocks of CC_PRECISION_BLOCK (from source; NULL: the
 * engine), keeping them, until every goal of p is met or ro->n_paths (the most) were run. *out holds the paths run: the same
 * values as cc_engine_run of that many paths. report may be NULL. Returns CC_OK, CC_ERR_INVALID
 * (a goal's metric has no value in its period), CC_ERR_NOMEM, CC_ERR_NUMERIC or
 * CC_ERR_CANCELLED. */
cc_status cc_precision_run(const cc_scenario *scenario, const cc_run_options *ro,
                           const cc_precision *p, const cc_path_source *source,
                           cc_results **out, cc_precision_report *report, cc_error *err);

/* Bytes a bounded run of scenario holds at most, whatever its number of paths: one round of
 * paths, every quantity's buckets and moments, and the values gathered. */
size_t cc_stream_memory_bytes(const cc_scenario *scenario, const cc_stream_options *so);

/* Bytes of a run that keeps every path (cc_results_alloc, and the summary's scratch). */
size_t cc_stream_stored_bytes(const cc_scenario *scenario, size_t n_paths);

#endif
