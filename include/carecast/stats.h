/* Summary statistics over the Monte Carlo paths of one metric and period.
 * Pure functions on caller-owned arrays; no allocation. */
#ifndef CARECAST_STATS_H
#define CARECAST_STATS_H

#include <stddef.h>

/* Mean and sample standard deviation (n - 1 denominator; 0 when n < 2) of n
 * values: the sum in double, then the corrected two-pass deviations. */
void cc_stats_mean_sd(const float *data, size_t n, double *mean, double *sd);

/* Percentiles pct[0..n_pct) (each in [0, 100], ascending) of data[0..n),
 * interpolating linearly between order statistics at rank (n - 1) * pct / 100,
 * the definition of gsl_stats_quantile_from_sorted_data. Works by bucketing
 * and selection, not a full sort, and so reorders data (it stays a
 * permutation of itself). n must be at least 1; data must hold no NaN. */
void cc_stats_percentiles(float *data, size_t n, const double *pct, size_t n_pct, double *out);

/* Mean, sd and percentiles of data[0..n) in one call, leaving data as it is:
 * out[0] the mean, out[1] the sd, out[2 + q] percentile pct[q], the same
 * numbers cc_stats_mean_sd and cc_stats_percentiles give. scratch (n floats)
 * is overwritten. n must be at least 1; data must hold no NaN. */
void cc_stats_describe(const float *data, size_t n, const double *pct, size_t n_pct,
                       float *scratch, double *out);

#endif
