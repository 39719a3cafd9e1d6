/* Per-path results of a run: one flat float block per time scale, laid out
 * [metric][period][path] so that each (metric, period) is a contiguous array
 * of path values ready for summary statistics. */
#ifndef CARECAST_RESULTS_H
#define CARECAST_RESULTS_H

#include <stdbool.h>
#include <stddef.h>

#include "carecast/scenario.h"
#include "carecast/stats.h"
#include "carecast/status.h"

#define CC_METRIC_NAME_MAX 96
#define CC_METRICS_MAX 256
#define CC_YEARS_MAX (CC_HORIZON_MAX_MONTHS / 12 + 1)

typedef enum cc_metric_kind {
    CC_METRIC_STOCK = 0,   /* a count at the end of the period (children, carers) */
    CC_METRIC_FLOW,        /* a total over the period (entries, exits, pounds) */
    CC_METRIC_AVERAGE,     /* a monthly level averaged over the year (FTE, ratios) */
    CC_METRIC_ANNUAL_ONLY, /* defined per financial year only (budgets, MTFP) */
} cc_metric_kind;

typedef struct cc_metric {
    char name[CC_METRIC_NAME_MAX]; /* dotted, e.g. "cic.placement.ifa" */
    cc_metric_kind kind;           /* how months add up to a year */
} cc_metric;

/* A sum of metrics over which a writer asks for statistics (FTE in post = permanent + ASYE),
 * path by path in float, metric by metric in order (as cc_path_stats adds them). */
#define CC_SUM_METRICS_MAX 4
#define CC_SUMS_MAX 16
typedef struct cc_metric_sum {
    bool annual;                 /* per financial year, else per month */
    size_t nk;                   /* 2 to CC_SUM_METRICS_MAX */
    int ks[CC_SUM_METRICS_MAX];  /* metric indices, in the order they are added */
} cc_metric_sum;

/* The percentiles that may be asked of a run summarised as it ran, and the sums of metrics. */
#define CC_LEVELS_MAX (CC_MAX_PERCENTILES + 8)
typedef struct cc_summary_plan {
    size_t n_levels;
    double levels[CC_LEVELS_MAX]; /* percentiles, 0-100, ascending */
    size_t n_sums;
    cc_metric_sum sums[CC_SUMS_MAX];
} cc_summary_plan;

/* The statistics of a run whose per-path values were not kept (src/stream): for every
 * quantity (a metric at a month or year, or a sum of metrics at one) its moments and its
 * value at each percentile level of the plan; the same numbers as computed from stored values.
 * Quantities: monthly (k, t) at k * n_months + t, annual (k, y) after all monthly ones, then
 * each sum's periods (cc_results_quantity). */
typedef struct cc_path_summary {
    cc_summary_plan plan;
    size_t n_quantities;
    cc_moments *moments;  /* [quantity]; n = 0 for a quantity that is NaN on every path */
    double *at;           /* [quantity][level] */
} cc_path_summary;

typedef struct cc_results {
    size_t n_paths;
    size_t n_months;
    size_t n_years;          /* financial years touched by the horizon */
    size_t n_metrics;
    int start_year;          /* calendar year of the first month */
    int start_month;         /* 1-12 */
    int first_fin_year;      /* financial year of the first month (2019 = 2019/20) */
    cc_metric metrics[CC_METRICS_MAX];
    float *monthly;          /* [metric][month][path] */
    float *annual;           /* [metric][year][path]: year-end stock or yearly sum */
    cc_path_summary *summary; /* instead of monthly and annual (both NULL) when the paths were
                                 summarised as they ran (bounded memory); owned */
} cc_results;

/* Allocates zeroed storage for the metrics the scenario defines (see
 * docs/outputs.md), for n_paths paths over horizon_months. Returns CC_OK,
 * CC_ERR_INVALID when the block would be too large, or CC_ERR_NOMEM. */
cc_status cc_results_alloc(const cc_scenario *scenario, size_t n_paths, cc_results **out,
                           cc_error *err);
void cc_results_free(cc_results *results);

/* Fills res with the metrics, calendar and path count of a run of scenario, holding no values
 * (monthly, annual and summary NULL): what writers need to know before the run.
 * Returns CC_OK or CC_ERR_INVALID. */
cc_status cc_results_describe(const cc_scenario *scenario, size_t n_paths, cc_results *res,
                              cc_error *err);
/* Allocates res->summary for plan (levels ascending, each in [0, 100]; sums of valid
 * metrics), its statistics zeroed. Returns CC_OK, CC_ERR_INVALID or CC_ERR_NOMEM. */
cc_status cc_results_summary_alloc(cc_results *res, const cc_summary_plan *plan, cc_error *err);

/* Whether the per-path values are kept (else only res->summary). */
static inline bool cc_results_stored(const cc_results *results)
{
    return results->monthly != NULL;
}

/* Number of quantities of a summary, and the index of one: metric k (or, when sum >= 0, the
 * plan's sum number `sum`) at month or year `period`. */
size_t cc_results_n_quantities(const cc_results *res, const cc_summary_plan *plan);
size_t cc_results_quantity(const cc_results *res, bool annual, int sum, size_t k, size_t period);

/* Whether metric k is defined at the period: not NaN (a year with no budget or target is NaN
 * on every path). */
bool cc_results_defined(const cc_results *res, bool annual, size_t k, size_t period);

/* Percentiles pct[0..n_pct) and the mean over paths of the sum of metrics ks[0..nk) at one
 * month or year, from a summarised run: the plan's levels and sums only (a percentile or sum
 * outside the plan gives NaN). Either output may be NULL. */
void cc_results_summary_stats(const cc_results *res, bool annual, size_t period, const int *ks,
                              size_t nk, const double *pct, size_t n_pct, double *out_pct,
                              double *out_mean);

/* Index of the metric called name, or -1. */
int cc_results_metric_index(const cc_results *results, const char *name);

/* Values of metric k over paths for month t or year y (contiguous, n_paths long). Inline: the
 * engine and the writers call them once per value. */
static inline float *cc_results_monthly(const cc_results *results, size_t k, size_t t)
{
    return results->monthly + (k * results->n_months + t) * results->n_paths;
}

static inline float *cc_results_annual(const cc_results *results, size_t k, size_t y)
{
    return results->annual + (k * results->n_years + y) * results->n_paths;
}

/* The month ("2019-04") or financial year ("2019/20") of the run labelled `label`: sets
 * *annual and *index and returns true, or false when the run has no such period. */
bool cc_results_find_period(const cc_results *results, const char *label, bool *annual,
                            size_t *index);

/* Label of month t ("2019-04") or financial year y ("2019/20"); buf >= 8 bytes. */
void cc_results_month_label(const cc_results *results, size_t t, char *buf, size_t size);
void cc_results_year_label(const cc_results *results, size_t y, char *buf, size_t size);

#endif
