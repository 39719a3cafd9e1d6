/* Uncertain parameters by inverse CDF: a path's value of a parameter is its
 * quantile at one uniform u from the parameter's own stream. A changed mean or
 * sd then moves every path's value monotonically and changes nothing else, so
 * sensitivity and goal-seek compare like with like on every path (common random
 * numbers). Gamma and beta quantiles are tabulated once per run on a grid in
 * z = Phi^-1(u) and interpolated linearly, which keeps a draw cheap and
 * monotone in u; the table's knots are exact quantiles found by safeguarded
 * Newton steps on GSL's CDFs. */
#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "engine/engine_internal.h"

#define Z_STEP ((2.0 * CC_QUANTILE_Z_MAX) / (double)(CC_QUANTILE_KNOTS - 1))
#define NEWTON_MAX 100

/* The distribution's CDF and density at x, in the parameter's own unit. */
static void cdf_pdf(const cc_param *param, double x, double *cdf, double *pdf)
{
    if (param->dist == CC_DIST_GAMMA) {
        const double shape = (param->mean / param->sd) * (param->mean / param->sd);
        const double scale = param->sd * param->sd / param->mean;
        *cdf = gsl_cdf_gamma_P(x, shape, scale);
        *pdf = gsl_ran_gamma_pdf(x, shape, scale);
        return;
    }
    /* Beta on the fraction m = mean/100 with variance v: a + b = m(1-m)/v - 1. */
    const double m = param->mean / 100.0, v = (param->sd / 100.0) * (param->sd / 100.0);
    const double total = m * (1.0 - m) / v - 1.0;
    *cdf = gsl_cdf_beta_P(x / 100.0, m * total, (1.0 - m) * total);
    *pdf = gsl_ran_beta_pdf(x / 100.0, m * total, (1.0 - m) * total) / 100.0;
}

/* The x with CDF(x) = p, by Newton steps from start kept inside a bracket that
 * bisection shrinks whenever a step would leave it. */
static double invert(const cc_param *param, double p, double start)
{
    double lo = 0.0, hi = param->dist == CC_DIST_BETA ? 100.0 : param->mean + 1000.0 * param->sd;
    double x = fmin(fmax(start, lo), hi);
    for (int i = 0; i < NEWTON_MAX; i++) {
        double cdf, pdf;
        cdf_pdf(param, x, &cdf, &pdf);
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
    return invert(param, u, param->mean + param->sd * z);
}

void cc_quantile_table_fill(const cc_param *param, cc_quantile_table *t)
{
    double x = param->mean - CC_QUANTILE_Z_MAX * param->sd;
    for (size_t i = 0; i < CC_QUANTILE_KNOTS; i++) {
        const double z = -CC_QUANTILE_Z_MAX + Z_STEP * (double)i;
        if (param->dist == CC_DIST_FIXED || param->sd <= 0.0 || param->dist == CC_DIST_NORMAL) {
            t->x[i] = cc_param_quantile(param, gsl_cdf_ugaussian_P(z));
            continue;
        }
        /* Each knot starts from the one before (quantiles rise with z). */
        x = invert(param, gsl_cdf_ugaussian_P(z), i == 0 ? param->mean + param->sd * z : x);
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
