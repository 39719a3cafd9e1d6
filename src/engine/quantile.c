/* Uncertain parameters by inverse CDF: a path's value of a parameter is its
 * quantile at one uniform u from the parameter's own stream. A changed mean or
 * sd then moves every path's value monotonically and changes nothing else, so
 * sensitivity and goal-seek compare like with like on every path (common random
 * numbers). Gamma and beta quantiles are tabulated once per run on a grid in
 * z = Phi^-1(u) and interpolated linearly, which keeps a draw cheap and
 * monotone in u; the table's knots are exact quantiles found by safeguarded
 * Newton steps on GSL's CDFs. */
#include <math.h>
#include <stdbool.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>

#include "engine/engine_internal.h"

#define Z_STEP ((2.0 * CC_QUANTILE_Z_MAX) / (double)(CC_QUANTILE_KNOTS - 1))
#define NEWTON_MAX 100

/* A gamma or beta parameter's distribution, with the log-gamma terms of its density worked out
 * once: GSL's density functions take them again at every call (three for the beta), which was
 * a fifth of a table's cost. */
typedef struct dist {
    bool beta;
    double a, b;     /* gamma: shape and scale; beta: its two shapes (on the fraction) */
    double log_norm; /* gamma: lngamma(a); beta: lngamma(a + b) - lngamma(a) - lngamma(b) */
} dist;

static dist dist_of(const cc_param *param)
{
    dist d = {.beta = param->dist != CC_DIST_GAMMA};
    if (!d.beta) {
        d.a = (param->mean / param->sd) * (param->mean / param->sd);
        d.b = param->sd * param->sd / param->mean;
        d.log_norm = gsl_sf_lngamma(d.a);
        return d;
    }
    /* Beta on the fraction m = mean/100 with variance v: a + b = m(1-m)/v - 1. */
    const double m = param->mean / 100.0, v = (param->sd / 100.0) * (param->sd / 100.0);
    const double total = m * (1.0 - m) / v - 1.0;
    d.a = m * total;
    d.b = (1.0 - m) * total;
    d.log_norm = gsl_sf_lngamma(d.a + d.b) - gsl_sf_lngamma(d.a) - gsl_sf_lngamma(d.b);
    return d;
}

/* gsl_ran_gamma_pdf(x, a, b) and gsl_ran_beta_pdf(x, a, b) of GSL 2.7, with their log-gamma
 * terms from d: the same operations in the same order, so the same values
 * (tests/unit/test_engine.c checks them against GSL's). */
static double gamma_pdf(const dist *d, double x)
{
    const double a = d->a, b = d->b;
    if (x < 0.0)
        return 0.0;
    if (x == 0.0)
        return a == 1.0 ? 1.0 / b : 0.0;
    if (a == 1.0)
        return exp(-x / b) / b;
    return exp((a - 1.0) * log(x / b) - x / b - d->log_norm) / b;
}

static double beta_pdf(const dist *d, double x)
{
    const double a = d->a, b = d->b;
    if (x < 0.0 || x > 1.0)
        return 0.0;
    if (x == 0.0 || x == 1.0)
        return a > 1.0 && b > 1.0 ? 0.0 : exp(d->log_norm) * pow(x, a - 1.0) * pow(1.0 - x, b - 1.0);
    return exp(d->log_norm + log(x) * (a - 1.0) + log1p(-x) * (b - 1.0));
}

/* The distribution's CDF and density at x, in the parameter's own unit (the beta's on the
 * percentage). */
static void cdf_pdf(const dist *d, double x, double *cdf, double *pdf)
{
    if (!d->beta) {
        *cdf = gsl_cdf_gamma_P(x, d->a, d->b);
        *pdf = gamma_pdf(d, x);
        return;
    }
    *cdf = gsl_cdf_beta_P(x / 100.0, d->a, d->b);
    *pdf = beta_pdf(d, x / 100.0) / 100.0;
}

double cc_param_density(const cc_param *param, double x)
{
    const dist d = dist_of(param);
    return d.beta ? beta_pdf(&d, x / 100.0) / 100.0 : gamma_pdf(&d, x);
}

/* The x with CDF(x) = p, by Newton steps from start kept inside a bracket that
 * bisection shrinks whenever a step would leave it. */
static double invert(const cc_param *param, const dist *d, double p, double start)
{
    double lo = 0.0, hi = d->beta ? 100.0 : param->mean + 1000.0 * param->sd;
    double x = fmin(fmax(start, lo), hi);
    for (int i = 0; i < NEWTON_MAX; i++) {
        double cdf, pdf;
        cdf_pdf(d, x, &cdf, &pdf);
        if (cdf < p)
            lo = x;
        else
            hi = x;
        double next = pdf > 0.0 ? x - (cdf - p) / pdf : 0.5 * (lo + hi);
        if (!(next > lo && next < hi))
            next = 0.5 * (lo + hi);
        if (fabs(next - x) <= 1e-13 * fmax(1.0, fabs(x)) || hi - lo <= 1e-13 * fmax(1.0, hi))
            return next;
        x = next;
    }
    return x;
}

double cc_param_quantile(const cc_param *param, double u)
{
    if (param->dist == CC_DIST_FIXED || param->sd <= 0.0)
        return param->mean;
    const double z = gsl_cdf_ugaussian_Pinv(u);
    if (param->dist == CC_DIST_NORMAL)
        return param->mean + param->sd * z;
    const dist d = dist_of(param);
    return invert(param, &d, u, param->mean + param->sd * z);
}

void cc_quantile_table_fill(const cc_param *param, cc_quantile_table *t)
{
    const bool tabulated =
        !(param->dist == CC_DIST_FIXED || param->sd <= 0.0 || param->dist == CC_DIST_NORMAL);
    const dist d = tabulated ? dist_of(param) : (dist){0};
    double x = param->mean - CC_QUANTILE_Z_MAX * param->sd;
    for (size_t i = 0; i < CC_QUANTILE_KNOTS; i++) {
        const double z = -CC_QUANTILE_Z_MAX + Z_STEP * (double)i;
        if (!tabulated) {
            t->x[i] = cc_param_quantile(param, gsl_cdf_ugaussian_P(z));
            continue;
        }
        /* Each knot starts from the one before (quantiles rise with z). */
        x = invert(param, &d, gsl_cdf_ugaussian_P(z), i == 0 ? param->mean + param->sd * z : x);
        t->x[i] = x;
    }
}

double cc_quantile_table_at(const cc_quantile_table *t, double u)
{
    const double z = gsl_cdf_ugaussian_Pinv(u);
    const double pos = (z + CC_QUANTILE_Z_MAX) / Z_STEP;
    if (!(pos > 0.0))
        return t->x[0];
    if (pos >= (double)(CC_QUANTILE_KNOTS - 1))
        return t->x[CC_QUANTILE_KNOTS - 1];
    const size_t i = (size_t)pos;
    const double w = pos - (double)i;
    return t->x[i] + w * (t->x[i + 1] - t->x[i]);
}
