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

#include <stddef.h>

#include "carecast/engine.h"
#include "carecast/results.h"
#include "carecast/scenario.h"
#include "carecast/status.h"

#define CC_STREAM_ROUND_PATHS 2048            /* paths simulated and held at once */
#define CC_STREAM_BUDGET_BYTES ((size_t)1 << 30) /* values kept at once, at most */

typedef struct cc_stream_options {
    cc_summary_plan plan;  /* the percentiles and sums the writers will ask for */
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
} cc_stream_report;

/* Runs ro->n_paths paths of scenario (paths 0 .. n_paths - 1, ro->first_path must be 0) in
 * bounded memory. *out receives results with no per-path values (cc_results_stored false) and
 * their summary: every quantity's moments and its value at each of so->plan's percentiles.
 * ro->progress sees (paths simulated, paths expected over every pass). report may be NULL.
 * Returns CC_OK, CC_ERR_INVALID, CC_ERR_NOMEM, CC_ERR_NUMERIC or CC_ERR_CANCELLED. */
cc_status cc_stream_run(const cc_scenario *scenario, const cc_run_options *ro,
                        const cc_stream_options *so, cc_results **out, cc_stream_report *report,
                        cc_error *err);

/* Bytes a bounded run of scenario holds at most, whatever its number of paths: one round of
 * paths, every quantity's buckets and moments, and the values gathered. */
size_t cc_stream_memory_bytes(const cc_scenario *scenario, const cc_stream_options *so);

/* Bytes of a run that keeps every path (cc_results_alloc, and the summary's scratch). */
size_t cc_stream_stored_bytes(const cc_scenario *scenario, size_t n_paths);

#endif
