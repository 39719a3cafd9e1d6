/* Fitting one yearly series (carecast/fit.h). The long-run level is the
 * series' geometric mean shrunk toward a comparator by n / (n + k0) (a
 * comparator worth k0 years of history); the spread pools the series' own log
 * changes with a prior sd0 worth nu0 degrees of freedom (the posterior mean of
 * a scaled inverse-chi-square prior, Gelman et al., Bayesian Data Analysis,
 * §2.6); the forecast is the log-AR(1) mean one year on, and its spread adds to
 * the year's shock the error of the estimated level the series returns to (or
 * of its drift): a long-run mean of n values of an AR(1) has variance about
 * sd^2 / (n (1 - phi)^2), and the forecast carries (1 - phi) of it, weighted
 * by the share w of the series in the shrunk level: sd^2 w^2 / n. */
#include <math.h>

#include "carecast/fit.h"

double cc_fit_rms_log_change(const double *x, size_t n)
{
    if (n < 2)
        return (double)NAN;
    double ss = 0.0;
    for (size_t i = 1; i < n; i++) {
        const double d = log(x[i] / x[i - 1]);
        ss += d * d;
    }
    return sqrt(ss / (double)(n - 1));
}

static double mean_log(const double *x, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += log(x[i]);
    return s / (double)n;
}

cc_status cc_fit_series(const double *x, size_t n, const cc_fit_prior *prior, cc_fit *out,
                        cc_error *err)
{
    if (n == 0 || n > CC_FIT_SERIES_MAX)
        return cc_error_set(err, CC_ERR_INVALID, "fit: %zu values (1 to %d needed)", n,
                            CC_FIT_SERIES_MAX);
    for (size_t i = 0; i < n; i++)
        if (!(x[i] > 0.0) || !isfinite(x[i]))
            return cc_error_set(err, CC_ERR_INVALID, "fit: value %zu is %g, not positive", i,
                                x[i]);
    cc_fit f = {.n = n, .n_changes = n - 1, .last = x[n - 1]};
    const double own = mean_log(x, n);
    f.own_level = exp(own);
    double m = own;
    f.weight = 1.0;
    if (isfinite(prior->comparator) && prior->comparator > 0.0 && prior->comparator_years > 0.0) {
        f.weight = (double)n / ((double)n + prior->comparator_years);
        m = f.weight * own + (1.0 - f.weight) * log(prior->comparator);
    }
    f.long_run = exp(m);

    /* Year-to-year changes: about their mean when the series drifts (one degree of
     * freedom spent on the drift), about zero otherwise. */
    double sum_d = 0.0, ss = 0.0;
    for (size_t i = 1; i < n; i++)
        sum_d += log(x[i] / x[i - 1]);
    f.drift = prior->with_drift && n > 1 ? sum_d / (double)(n - 1) : 0.0;
    for (size_t i = 1; i < n; i++) {
        const double d = log(x[i] / x[i - 1]) - f.drift;
        ss += d * d;
    }
    double df = (double)(n - 1) - (prior->with_drift && n > 1 ? 1.0 : 0.0);
    df = df > 0.0 ? df : 0.0;
    f.sd_own = df > 0.0 ? sqrt(ss / df) : (double)NAN;
    const double denom = prior->nu0 + df;
    f.sd = denom > 0.0 ? sqrt((prior->nu0 * prior->sd0 * prior->sd0 + ss) / denom) : prior->sd0;

    f.phi = prior->with_drift ? 1.0 : exp2(prior->half_life_years > 0.0
                                               ? -1.0 / prior->half_life_years
                                               : 0.0);
    f.forecast = exp(m + f.phi * (log(f.last) - m) + f.drift);
    double estimation = 0.0;
    if (prior->with_drift)
        estimation = n > 1 ? 1.0 / (double)(n - 1) : 0.0;
    else if (f.phi < 1.0)
        estimation = f.weight * f.weight / (double)n;
    f.sd_forecast = f.sd * sqrt(1.0 + estimation);
    *out = f;
    return CC_OK;
}

void cc_fit_ahead(const cc_fit *fit, size_t k, double *median, double *log_sd)
{
    const double m = log(fit->long_run);
    const double phi_k = pow(fit->phi, (double)k);
    *median = exp(m + phi_k * (log(fit->last) - m) + (double)k * fit->drift);
    double sum = 0.0, p2 = 1.0;
    for (size_t j = 0; j < k; j++) {
        sum += p2;
        p2 *= fit->phi * fit->phi;
    }
    *log_sd = fit->sd * sqrt(sum);
}
