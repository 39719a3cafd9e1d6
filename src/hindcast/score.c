/* Forecast scores (carecast/score.h): proper scoring of interval forecasts
 * and the error of the median, beside the naive "no change" forecast. */
#include <math.h>
#include <stdlib.h>

#include "carecast/score.h"

double cc_score_interval(double lo, double hi, double y, double alpha)
{
    double s = hi - lo;
    if (y < lo)
        s += 2.0 / alpha * (lo - y);
    else if (y > hi)
        s += 2.0 / alpha * (y - hi);
    return s;
}

static int compare_doubles(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median of v[0..n) (sorts v); NAN when n == 0. */
static double median(double *v, size_t n)
{
    if (n == 0)
        return (double)NAN;
    qsort(v, n, sizeof *v, compare_doubles);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static double mean_or_nan(double sum, size_t n)
{
    return n > 0 ? sum / (double)n : (double)NAN;
}

cc_status cc_score_summarise(const cc_score_case *cases, size_t n, cc_score_summary *out,
                             cc_error *err)
{
    cc_score_summary s = {.n = n};
    double *ape = malloc((2 * n + 1) * sizeof *ape);
    if (ape == NULL)
        return cc_error_set(err, CC_ERR_NOMEM, "score: out of memory for %zu cases", n);
    double *naive_ape = ape + n;
    double sum_is = 0.0, sum_ape = 0.0, sum_naive = 0.0;
    size_t n_naive = 0;
    double band_is = 0.0, band_width = 0.0, model_is_band = 0.0;
    for (size_t i = 0; i < n; i++) {
        const cc_score_case *c = &cases[i];
        const double a = c->actual;
        s.inside90 += cc_score_inside(c->q[0], c->q[4], a);
        s.inside50 += cc_score_inside(c->q[1], c->q[3], a);
        s.below90 += a < c->q[0];
        s.above90 += a > c->q[4];
        const double is = cc_score_interval(c->q[0], c->q[4], a, 0.1) / a;
        sum_is += is;
        ape[i] = fabs(c->q[2] - a) / a;
        sum_ape += ape[i];
        if (isfinite(c->naive)) {
            naive_ape[n_naive] = fabs(c->naive - a) / a;
            sum_naive += naive_ape[n_naive++];
        }
        if (c->has_band) {
            s.n_band++;
            s.band_inside90 += cc_score_inside(c->band_lo, c->band_hi, a);
            band_is += cc_score_interval(c->band_lo, c->band_hi, a, 0.1) / a;
            band_width += 0.5 * (c->band_hi - c->band_lo) / c->naive;
            model_is_band += is;
        }
    }
    s.mean_is = mean_or_nan(sum_is, n);
    s.mape = mean_or_nan(sum_ape, n);
    s.n_naive = n_naive;
    s.naive_mape = mean_or_nan(sum_naive, n_naive);
    s.mdape = median(ape, n);
    s.naive_mdape = median(naive_ape, n_naive);
    s.band_mean_is = mean_or_nan(band_is, s.n_band);
    s.band_half_width = mean_or_nan(band_width, s.n_band);
    s.mean_is_band_cases = mean_or_nan(model_is_band, s.n_band);
    free(ape);
    *out = s;
    return CC_OK;
}
