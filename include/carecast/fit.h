/* Fitting a yearly series: the long-run level, the year-to-year spread and the
 * one-year-ahead forecast of a log-AR(1) (or a random walk, with or without
 * drift), with a documented prior for short histories (docs/calibration.md
 * §18). Pure functions on caller-owned arrays. */
#ifndef CARECAST_FIT_H
#define CARECAST_FIT_H

#include <stdbool.h>
#include <stddef.h>

#include "carecast/status.h"

#define CC_FIT_SERIES_MAX 64 /* years in one series */

/* What is assumed before the series is seen. */
typedef struct cc_fit_prior {
    double sd0;              /* prior year-to-year sd of the log value, e.g. 0.20 */
    double nu0;              /* its weight, in degrees of freedom (years of changes), e.g. 3 */
    double comparator;       /* a long-run level to shrink toward (the series' unit), or NAN */
    double comparator_years; /* the comparator's weight in years of history, e.g. 1 */
    double half_life_years;  /* pull toward the long-run level; 0 = random walk */
    bool with_drift;         /* random walk with drift: the mean log change carries on */
} cc_fit_prior;

/* What the series says, in the series' unit (levels are geometric). */
typedef struct cc_fit {
    size_t n;           /* values used */
    size_t n_changes;   /* year-to-year changes used */
    double last;        /* the latest value */
    double own_level;   /* geometric mean of the series */
    double weight;      /* weight on own_level in the long-run level: n / (n + comparator_years) */
    double long_run;    /* geometric mean of own_level and the comparator, weighted */
    double drift;       /* mean log change a year (with_drift), else 0 */
    double sd_own;      /* root mean square of the log changes (about the drift), NAN when none */
    double sd;          /* pooled: sqrt((nu0 sd0^2 + sum d^2) / (nu0 + df)) */
    double phi;         /* yearly persistence, 2^(-1/half-life) */
    double forecast;    /* median next year: exp(m + phi (log last - m) + drift) */
    double sd_forecast; /* the log sd of next year's value: sd, widened for the error of the
                           estimated long-run level (sd^2 weight^2 / n) or drift (sd^2 / changes) */
} cc_fit;

/* Fits x[0..n) (positive, oldest first). Returns CC_OK, or CC_ERR_INVALID when
 * n is 0 or above CC_FIT_SERIES_MAX or a value is not positive and finite. */
cc_status cc_fit_series(const double *x, size_t n, const cc_fit_prior *prior, cc_fit *out,
                        cc_error *err);

/* The median k years ahead (without the estimation error of sd_forecast) (k >= 1) of the fitted process, and the sd of its
 * log: m + phi^k (log last - m) + k drift, and sd sqrt(sum_{j<k} phi^(2j)). */
void cc_fit_ahead(const cc_fit *fit, size_t k, double *median, double *log_sd);

/* The root mean square of the log changes of x[0..n) (the naive band's s), or
 * NAN when n < 2. */
double cc_fit_rms_log_change(const double *x, size_t n);

#endif
