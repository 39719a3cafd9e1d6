/* The rolling hindcast (carecast/hindcast.h): calibrate as at each origin,
 * run the model forward, and score each year's forecast against history. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "carecast/engine.h"
#include "carecast/fit.h"
#include "carecast/hindcast.h"
#include "carecast/results.h"
#include "carecast/stats.h"

const cc_history_field cc_hindcast_fields[CC_HINDCAST_METRICS] = {
    CC_HIST_CIC, CC_HIST_CIN, CC_HIST_CP, CC_HIST_CARE_LEAVERS, CC_HIST_ENTRIES, CC_HIST_EXITS};

static double hist(const cc_scenario *sc, int year, cc_history_field f)
{
    const cc_history_year *h = cc_scenario_history_year(sc, year);
    return h != NULL ? h->value[f] : (double)NAN;
}

/* The naive forecast and its band: the last value known at the origin, and
 * x exp(-/+ 1.645 s sqrt(ahead)), s the rms of the series' own log changes
 * up to the origin (no band before a change is seen). */
static void naive_case(const cc_scenario *sc, cc_history_field f, int last_year, int ahead,
                       cc_score_case *c)
{
    double series[CC_FIT_SERIES_MAX];
    size_t n = 0;
    int first = last_year;
    while (first - 1 > last_year - CC_FIT_SERIES_MAX && hist(sc, first - 1, f) > 0.0)
        first--;
    for (int y = first; y <= last_year && hist(sc, y, f) > 0.0; y++)
        series[n++] = hist(sc, y, f);
    c->naive = hist(sc, last_year, f);
    const double s = cc_fit_rms_log_change(series, n);
    c->has_band = isfinite(s) && c->naive > 0.0;
    if (c->has_band) {
        const double w = CC_SCORE_Z90 * s * sqrt((double)ahead);
        c->band_lo = c->naive * exp(-w);
        c->band_hi = c->naive * exp(w);
    }
}

/* Percentiles of metric k in year y over paths; children in care get a
 * reconciliation error (published stock against flows) on each path. */
static void forecast_case(const cc_results *res, int k, size_t y, double reconciliation_sd,
                          gsl_rng *r, float *scratch, cc_score_case *c)
{
    static const double pct[5] = {5.0, 25.0, 50.0, 75.0, 95.0};
    const float *v = cc_results_annual(res, (size_t)k, y);
    for (size_t p = 0; p < res->n_paths; p++)
        scratch[p] = v[p] + (r != NULL ? (float)gsl_ran_gaussian(r, reconciliation_sd) : 0.0f);
    cc_stats_percentiles(scratch, res->n_paths, pct, 5, c->q);
}

/* Scores every metric and year of one origin's run. */
static void score_origin(const cc_scenario *sc, const cc_results *res, cc_hindcast *h,
                         cc_hindcast_origin *o, float *scratch)
{
    const int last = o->origin - 1; /* the financial year ending at the origin */
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (r != NULL)
        gsl_rng_set(r, (unsigned long)(h->options.seed * 1000003ul + (unsigned long)o->origin));
    o->first_row = h->n_rows;
    for (int i = 0; i < CC_HINDCAST_METRICS; i++) {
        const cc_history_field f = cc_hindcast_fields[i];
        const int k = cc_results_metric_index(res, cc_history_metric_names[f]);
        for (int a = 1; a <= h->options.horizon_years && k >= 0; a++) {
            const double actual = hist(sc, last + a, f);
            if (!(actual > 0.0) || (size_t)a > res->n_years)
                continue;
            cc_hindcast_row *row = &h->rows[h->n_rows++];
            *row = (cc_hindcast_row){.origin = o->origin, .field = f, .year = last + a, .ahead = a};
            row->c.actual = actual;
            forecast_case(res, k, (size_t)(a - 1), o->fit.reconciliation_sd,
                          f == CC_HIST_CIC ? r : NULL, scratch, &row->c);
            naive_case(sc, f, last, a, &row->c);
            row->interval_score = cc_score_interval(row->c.q[0], row->c.q[4], actual, 0.1) / actual;
        }
    }
    o->n_rows = h->n_rows - o->first_row;
    gsl_rng_free(r);
}

/* Calibrates as at one origin, runs and scores it. */
static cc_status run_origin(const cc_scenario *sc, cc_hindcast *h, cc_hindcast_origin *o,
                            cc_error *err)
{
    const cc_hindcast_options *opts = &h->options;
    const cc_calibrate_options co = {.as_at_year = o->origin, .probe_paths = opts->probe_paths,
                                     .seed = opts->seed, .threads = opts->threads};
    cc_status st = cc_calibrate(sc, &co, &o->fit, err);
    cc_scenario *m = NULL;
    cc_results *res = NULL;
    float *scratch = NULL;
    if (st == CC_OK)
        st = cc_calibrate_origin_model(sc, &o->fit.section, 12 * opts->horizon_years, &m, err);
    if (st == CC_OK)
        st = cc_results_alloc(m, opts->n_paths, &res, err);
    if (st == CC_OK) {
        const cc_run_options ro = {.n_paths = opts->n_paths, .seed = opts->seed,
                                   .threads = opts->threads};
        st = cc_engine_run(m, &ro, res, err);
    }
    if (st == CC_OK && (scratch = malloc(opts->n_paths * sizeof *scratch)) == NULL)
        st = cc_error_set(err, CC_ERR_NOMEM, "hindcast: out of memory");
    if (st == CC_OK)
        score_origin(sc, res, h, o, scratch);
    free(scratch);
    cc_results_free(res);
    free(m);
    return st;
}

static cc_status check_options(const cc_scenario *sc, const cc_hindcast_options *opts,
                               cc_error *err)
{
    const int n = opts->last_origin - opts->first_origin + 1;
    if (n < 1 || n > CC_HINDCAST_ORIGINS_MAX)
        return cc_error_set(err, CC_ERR_INVALID, "hindcast: origins %d:%d: need 1 to %d origins",
                            opts->first_origin, opts->last_origin, CC_HINDCAST_ORIGINS_MAX);
    if (opts->horizon_years < 1 || opts->horizon_years > CC_HINDCAST_HORIZON_MAX)
        return cc_error_set(err, CC_ERR_INVALID, "hindcast: horizon of %d years (1 to %d)",
                            opts->horizon_years, CC_HINDCAST_HORIZON_MAX);
    if (opts->n_paths < 2)
        return cc_error_set(err, CC_ERR_INVALID, "hindcast: %zu paths (at least 2)",
                            opts->n_paths);
    for (int o = opts->first_origin; o <= opts->last_origin; o++)
        if (cc_scenario_history_year(sc, o - 1) == NULL)
            return cc_error_set(err, CC_ERR_INVALID,
                                "hindcast: origin 31 March %d: the model's history has no year "
                                "%d/%02d",
                                o, o - 1, o % 100);
    return CC_OK;
}

cc_status cc_hindcast_run(const cc_scenario *scenario, const cc_hindcast_options *opts,
                          cc_hindcast **out, cc_error *err)
{
    *out = NULL;
    cc_status st = check_options(scenario, opts, err);
    if (st != CC_OK)
        return st;
    cc_hindcast *h = calloc(1, sizeof *h);
    if (h == NULL)
        return cc_error_set(err, CC_ERR_NOMEM, "hindcast: out of memory");
    h->options = *opts;
    for (int o = opts->first_origin; o <= opts->last_origin && st == CC_OK; o++) {
        cc_hindcast_origin *origin = &h->origins[h->n_origins++];
        origin->origin = o;
        st = run_origin(scenario, h, origin, err);
    }
    if (st != CC_OK) {
        free(h);
        return st;
    }
    *out = h;
    return CC_OK;
}

cc_status cc_hindcast_summarise(const cc_hindcast *h, int field, int ahead,
                                cc_score_summary *out, cc_error *err)
{
    cc_score_case *cases = malloc((h->n_rows + 1) * sizeof *cases);
    if (cases == NULL)
        return cc_error_set(err, CC_ERR_NOMEM, "hindcast: out of memory");
    size_t n = 0;
    for (size_t i = 0; i < h->n_rows; i++) {
        const cc_hindcast_row *row = &h->rows[i];
        if ((field < 0 || (int)row->field == field) && (ahead <= 0 || row->ahead == ahead))
            cases[n++] = row->c;
    }
    const cc_status st = cc_score_summarise(cases, n, out, err);
    free(cases);
    return st;
}
