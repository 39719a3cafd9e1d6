/* Per-path results of a run: one flat float block per time scale, laid out
 * [metric][period][path] so that each (metric, period) is a contiguous array
 * of path values ready for summary statistics. */
#ifndef CARECAST_RESULTS_H
#define CARECAST_RESULTS_H

#include <stddef.h>

#include "carecast/scenario.h"
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
} cc_results;

/* Allocates zeroed storage for the metrics the scenario defines (see
 * docs/outputs.md), for n_paths paths over horizon_months. Returns CC_OK,
 * CC_ERR_INVALID when the block would be too large, or CC_ERR_NOMEM. */
cc_status cc_results_alloc(const cc_scenario *scenario, size_t n_paths, cc_results **out,
                           cc_error *err);
void cc_results_free(cc_results *results);

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

/* Label of month t ("2019-04") or financial year y ("2019/20"); buf >= 8 bytes. */
void cc_results_month_label(const cc_results *results, size_t t, char *buf, size_t size);
void cc_results_year_label(const cc_results *results, size_t y, char *buf, size_t size);

#endif
