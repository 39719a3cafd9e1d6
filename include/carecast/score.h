/* Scoring forecasts against what happened: coverage of the central 50% and
 * 90% intervals, the interval score, absolute percentage errors, and the same
 * for the naive "no change" forecast and its empirical band. Pure functions. */
#ifndef CARECAST_SCORE_H
#define CARECAST_SCORE_H

#include <stdbool.h>
#include <stddef.h>

#include "carecast/status.h"

#define CC_SCORE_Z90 1.6448536269514722 /* standard normal 95th percentile */

/* One forecast of one quantity, with what happened. */
typedef struct cc_score_case {
    double actual;
    double q[5];          /* forecast P5, P25, P50, P75, P95 */
    double naive;         /* the "no change" forecast: the last value known at the origin
                             (NAN when unknown: left out of the naive figures) */
    bool has_band;        /* the naive band exists (the series had an earlier change) */
    double band_lo, band_hi; /* naive x exp(-/+ 1.645 s sqrt(k)) */
} cc_score_case;

/* The interval score of the central (1 - alpha) interval [lo, hi] for the
 * outcome y (Gneiting and Raftery 2007, JASA 102, eq. 43): width plus 2/alpha
 * times the distance by which y falls outside. Lower is better. */
double cc_score_interval(double lo, double hi, double y, double alpha);

/* Scores of a set of cases. Relative figures divide by the actual, so that
 * quantities of different size can be averaged. */
typedef struct cc_score_summary {
    size_t n;                 /* cases */
    size_t inside90, inside50;/* actuals within [P5, P95] and [P25, P75] */
    size_t below90, above90;  /* misses of the 90% interval by side */
    double mean_is;           /* mean relative 90% interval score */
    double mape, mdape;       /* mean and median absolute % error of P50 (0-1) */
    size_t n_naive;           /* cases with a naive forecast */
    double naive_mape, naive_mdape; /* the same for the naive forecast */
    size_t n_band;            /* cases with a naive band */
    size_t band_inside90;     /* actuals within the naive band */
    double band_mean_is;      /* its mean relative interval score */
    double band_half_width;   /* its mean half-width relative to the naive forecast */
    double mean_is_band_cases;/* the model's mean relative interval score on the same cases */
} cc_score_summary;

/* Summarises cases[0..n). Returns CC_OK or CC_ERR_NOMEM (the medians sort a
 * copy). With n == 0 every figure is 0 or NAN. */
cc_status cc_score_summarise(const cc_score_case *cases, size_t n, cc_score_summary *out,
                             cc_error *err);

/* True when y lies in the closed interval [lo, hi]. */
static inline bool cc_score_inside(double lo, double hi, double y)
{
    return lo <= y && y <= hi;
}

#endif
