/* Summary statistics over the Monte Carlo paths of one metric and period.
 * Pure functions on caller-owned arrays; no allocation. */
#ifndef CARECAST_STATS_H
#define CARECAST_STATS_H

#include <stddef.h>

/* Mean and sample standard deviation (n - 1 denominator; 0 when n < 2) of n
 * values, accumulated in double with Welford's update. */
void cc_stats_mean_sd(const float *data, size_t n, double *mean, double *sd);

/* Percentiles pct[0..n_pct) (each in [0, 100], ascending) of data[0..n),
 * interpolating linearly between order statistics at rank (n - 1) * pct / 100,
 * the definition of gsl_stats_quantile_from_sorted_data. Works by selection,
 * not a full sort, and so reorders data. n must be at least 1. */
void cc_stats_percentiles(float *data, size_t n, const double *pct, size_t n_pct, double *out);

#endif
