/* Summary statistics over paths for every metric and period. */
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "carecast/output.h"
#include "carecast/stats.h"

/* Summarises n_blocks blocks of n_paths values into out (stride 2 + n_pct). Block i is skipped
 * (NaN) when skip is not NULL and skip[i / per_metric] is set: the monthly blocks of annual-only
 * metrics, which the engine never writes. */
static int summarise(const float *values, size_t n_blocks, size_t n_paths, const double *pct,
                     size_t n_pct, int threads, const bool *skip, size_t per_metric, double *out)
{
    int failed = 0;
    const long n = (long)n_blocks;
#pragma omp parallel num_threads(threads)
    {
        float *scratch = malloc(n_paths * sizeof *scratch);
        if (scratch == NULL) {
#pragma omp atomic write
            failed = 1;
        }
#pragma omp for schedule(dynamic, 4)
        for (long i = 0; i < n; i++) {
            if (scratch == NULL)
                continue;
            const float *block = values + (size_t)i * n_paths;
            double *o = out + (size_t)i * (2 + n_pct);
            if ((skip != NULL && skip[(size_t)i / per_metric]) || isnan(block[0])) {
                /* A year with no budget or target: NaN on every path, left out by writers. */
                for (size_t j = 0; j < 2 + n_pct; j++)
                    o[j] = NAN;
                continue;
            }
            cc_stats_describe(block, n_paths, pct, n_pct, scratch, o);
        }
        free(scratch);
    }
    return failed;
}

/* The statistics of a run summarised as it ran: its moments and its plan's levels. */
static void from_summary(const cc_results *res, bool annual, const bool *skip, size_t n_periods,
                         const double *pct, size_t n_pct, double *out)
{
    for (size_t k = 0; k < res->n_metrics; k++)
        for (size_t t = 0; t < n_periods; t++) {
            double *o = out + (k * n_periods + t) * (2 + n_pct);
            const int ks = (int)k;
            if ((skip != NULL && skip[k]) || !cc_results_defined(res, annual, k, t)) {
                for (size_t j = 0; j < 2 + n_pct; j++)
                    o[j] = NAN;
                continue;
            }
            const cc_moments *m =
                &res->summary->moments[cc_results_quantity(res, annual, -1, k, t)];
            cc_moments_mean_sd(m, &o[0], &o[1]);
            cc_results_summary_stats(res, annual, t, &ks, 1, pct, n_pct, o + 2, NULL);
        }
}

cc_status cc_summary_alloc(const cc_results *results, const double *pct, size_t n_pct,
                           int threads, cc_summary **out, cc_error *err)
{
    *out = NULL;
    if (n_pct == 0 || n_pct > CC_MAX_PERCENTILES)
        return cc_error_set(err, CC_ERR_INVALID, "summary: 1 to %d percentiles",
                            CC_MAX_PERCENTILES);
    cc_summary *s = calloc(1, sizeof *s);
    if (s == NULL)
        return cc_error_set(err, CC_ERR_NOMEM, "summary: out of memory");
    s->n_metrics = results->n_metrics;
    s->n_months = results->n_months;
    s->n_years = results->n_years;
    s->n_pct = n_pct;
    memcpy(s->pct, pct, n_pct * sizeof pct[0]);
    const size_t stride = 2 + n_pct;
    s->monthly = malloc(s->n_metrics * s->n_months * stride * sizeof(double));
    s->annual = malloc(s->n_metrics * s->n_years * stride * sizeof(double));
    const int nt = threads > 0 ? threads : omp_get_max_threads();
    bool annual_only[CC_METRICS_MAX];
    for (size_t k = 0; k < s->n_metrics; k++)
        annual_only[k] = results->metrics[k].kind == CC_METRIC_ANNUAL_ONLY;
    if (s->monthly != NULL && s->annual != NULL && !cc_results_stored(results)) {
        from_summary(results, false, annual_only, s->n_months, pct, n_pct, s->monthly);
        from_summary(results, true, NULL, s->n_years, pct, n_pct, s->annual);
    } else if (s->monthly == NULL || s->annual == NULL ||
        summarise(results->monthly, s->n_metrics * s->n_months, results->n_paths, pct, n_pct, nt,
                  annual_only, s->n_months, s->monthly) ||
        summarise(results->annual, s->n_metrics * s->n_years, results->n_paths, pct, n_pct, nt,
                  NULL, s->n_years, s->annual)) {
        cc_summary_free(s);
        return cc_error_set(err, CC_ERR_NOMEM, "summary: out of memory");
    }
    *out = s;
    return CC_OK;
}

void cc_summary_free(cc_summary *summary)
{
    if (summary == NULL)
        return;
    free(summary->monthly);
    free(summary->annual);
    free(summary);
}

const double *cc_summary_monthly(const cc_summary *summary, size_t k, size_t t)
{
    return summary->monthly + (k * summary->n_months + t) * (2 + summary->n_pct);
}

const double *cc_summary_annual(const cc_summary *summary, size_t k, size_t y)
{
    return summary->annual + (k * summary->n_years + y) * (2 + summary->n_pct);
}
