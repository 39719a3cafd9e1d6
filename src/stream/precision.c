/* Precision on request: paths run in blocks until the standard errors asked for are met. The
 * paths are kept here (a bounded run to a precision is stream.c's pilot with these goals): each
 * block is simulated straight into a store that doubles when full, and the store is packed to
 * the paths run at the end, so the results are those of a plain run of that many paths. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "carecast/stream.h"

bool cc_precision_met(const cc_precision_goal *g, const cc_moments *m, double *se, double *mean)
{
    double sd = 0.0;
    cc_moments_mean_sd(m, mean, &sd);
    *se = m->n > 0.0 ? sd / sqrt(m->n) : (double)INFINITY;
    const double limit = g->relative ? g->max_se * fabs(*mean) : g->max_se;
    return *se <= limit;
}

static const float *goal_values(const cc_results *res, const cc_precision_goal *g)
{
    return g->annual ? cc_results_annual(res, g->k, g->period)
                     : cc_results_monthly(res, g->k, g->period);
}

/* Whether every goal is met by the first n paths of res (recorded in report). */
static bool all_met(const cc_results *res, size_t n, const cc_precision *p,
                    cc_precision_report *report)
{
    bool met = true;
    for (size_t i = 0; i < p->n_goals; i++) {
        const cc_moments m = cc_moments_of(goal_values(res, &p->goals[i]), n);
        met &= cc_precision_met(&p->goals[i], &m, &report->se[i], &report->mean[i]);
    }
    return met;
}

/* Moves the store to `capacity` paths a row, keeping the first n paths of each row: rows are
 * moved in order, so a smaller capacity can be packed in place. */
static cc_status restride(cc_results *res, size_t n, size_t capacity, cc_error *err)
{
    const size_t rows_m = res->n_metrics * res->n_months, rows_y = res->n_metrics * res->n_years;
    float *monthly = res->monthly, *annual = res->annual;
    if (capacity > res->n_paths) {
        monthly = malloc(rows_m * capacity * sizeof *monthly);
        annual = malloc(rows_y * capacity * sizeof *annual);
        if (monthly == NULL || annual == NULL) {
            free(monthly);
            free(annual);
            return cc_error_set(err, CC_ERR_NOMEM, "precision: out of memory for %zu paths",
                                capacity);
        }
    }
    for (size_t r = 0; r < rows_m; r++)
        memmove(monthly + r * capacity, res->monthly + r * res->n_paths, n * sizeof *monthly);
    for (size_t r = 0; r < rows_y; r++)
        memmove(annual + r * capacity, res->annual + r * res->n_paths, n * sizeof *annual);
    if (monthly != res->monthly) {
        free(res->monthly);
        free(res->annual);
    } else {
        /* Packed in place: give the rest back (shrinking cannot fail to keep the data). */
        float *m = realloc(monthly, rows_m * capacity * sizeof *m);
        float *a = realloc(annual, rows_y * capacity * sizeof *a);
        monthly = m != NULL ? m : monthly;
        annual = a != NULL ? a : annual;
    }
    res->monthly = monthly;
    res->annual = annual;
    res->n_paths = capacity;
    return CC_OK;
}

/* Simulates paths first .. first + count - 1 into columns first .. of res: a view of res whose
 * rows start at column `first` (the engine writes columns 0 .. count - 1 of what it is given). */
static cc_status run_block(const cc_scenario *sc, const cc_run_options *ro,
                           const cc_path_source *source, cc_results *res, size_t first,
                           size_t count, cc_error *err)
{
    cc_results *view = malloc(sizeof *view);
    if (view == NULL)
        return cc_error_set(err, CC_ERR_NOMEM, "precision: out of memory");
    *view = *res;
    view->monthly += first;
    view->annual += first;
    cc_run_options block = *ro;
    block.first_path = first;
    block.n_paths = count;
    const cc_status st = cc_path_fill(source, sc, &block, view, err);
    free(view);
    return st;
}

/* A goal whose metric is NaN on the first path (a year with no budget) can never be met. */
static cc_status check_defined(const cc_results *res, const cc_precision *p, cc_error *err)
{
    for (size_t i = 0; i < p->n_goals; i++)
        if (isnan(goal_values(res, &p->goals[i])[0]))
            return cc_error_set(err, CC_ERR_INVALID, "precision: %s has no value in that %s",
                                res->metrics[p->goals[i].k].name,
                                p->goals[i].annual ? "year" : "month");
    return CC_OK;
}

cc_status cc_precision_run(const cc_scenario *scenario, const cc_run_options *ro,
                           const cc_precision *p, const cc_path_source *source,
                           cc_results **out, cc_precision_report *report, cc_error *err)
{
    *out = NULL;
    cc_precision_report r = {0};
    const size_t most = ro->n_paths;
    cc_results *res = NULL;
    cc_status st = cc_results_alloc(scenario, most < CC_PRECISION_BLOCK ? most : CC_PRECISION_BLOCK,
                                    &res, err);
    size_t n = 0;
    while (st == CC_OK && n < most && !(n > 0 && all_met(res, n, p, &r))) {
        const size_t count = most - n < CC_PRECISION_BLOCK ? most - n : CC_PRECISION_BLOCK;
        if (n + count > res->n_paths) {
            const size_t grown = 2 * res->n_paths > n + count ? 2 * res->n_paths : n + count;
            st = restride(res, n, grown < most ? grown : most, err);
        }
        if (st == CC_OK)
            st = run_block(scenario, ro, source, res, n, count, err);
        if (st == CC_OK && n == 0)
            st = check_defined(res, p, err);
        n += count;
    }
    r.n_paths = n;
    r.met = st == CC_OK && all_met(res, n, p, &r);
    if (st == CC_OK && n < res->n_paths)
        st = restride(res, n, n, err);
    if (st != CC_OK) {
        cc_results_free(res);
        return st;
    }
    res->n_paths = n;
    *out = res;
    if (report != NULL)
        *report = r;
    return CC_OK;
}
