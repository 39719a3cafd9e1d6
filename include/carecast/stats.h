/* Summary statistics over the Monte Carlo paths of one metric and period.
 * Pure functions on caller-owned arrays; no allocation. */
#ifndef CARECAST_STATS_H
#define CARECAST_STATS_H

#include <stdbool.h>
#include <stddef.h>

/* Mean and sample standard deviation (n - 1 denominator; 0 when n < 2) of n
 * values, from the tree of partial moments below (n may be 0: both are 0). */
void cc_stats_mean_sd(const float *data, size_t n, double *mean, double *sd);

/* ---- partial moments ----
 * The mean and sd are defined by a fixed tree: leaves of CC_STATS_LEAF consecutive values
 * (the last may be shorter), and aligned sibling subtrees combined left with right. Whoever
 * builds the same tree (src/stream, from chunks of paths finishing in any order) gets the same
 * bits as cc_stats_mean_sd on the stored values. */
#define CC_STATS_LEAF 16

typedef struct cc_moments {
    double n;      /* how many values */
    double sum;    /* their sum */
    double m2;     /* the sum of their squared deviations from their mean */
    float lo, hi;  /* the least and greatest */
} cc_moments;

/* Moments of one leaf, data[0..n) with 1 <= n <= CC_STATS_LEAF. */
cc_moments cc_moments_leaf(const float *data, size_t n);
/* Moments of a's values followed by b's (Chan, Golub and LeVeque's pairwise update). */
cc_moments cc_moments_combine(cc_moments a, cc_moments b);
/* The whole tree over data[0..n) (n >= 1). */
cc_moments cc_moments_of(const float *data, size_t n);
void cc_moments_mean_sd(const cc_moments *m, double *mean, double *sd);

/* The tree over leaves added in order: a binary counter of complete subtrees. */
typedef struct cc_moment_tree {
    size_t depth;
    unsigned level[64];     /* height of each pending subtree, decreasing */
    cc_moments node[64];
} cc_moment_tree;

void cc_moment_tree_init(cc_moment_tree *t);
void cc_moment_tree_add(cc_moment_tree *t, cc_moments leaf);
/* The pending subtrees combined left to right: the moments of every leaf added. */
cc_moments cc_moment_tree_total(const cc_moment_tree *t);

/* Percentiles pct[0..n_pct) (each in [0, 100], ascending) of data[0..n),
 * interpolating linearly between order statistics at rank (n - 1) * pct / 100,
 * the definition of gsl_stats_quantile_from_sorted_data. Works by bucketing
 * and selection, not a full sort, and so reorders data (it stays a
 * permutation of itself). n must be at least 1; data must hold no NaN. */
void cc_stats_percentiles(float *data, size_t n, const double *pct, size_t n_pct, double *out);

/* ---- the pieces of a percentile, for code that finds order statistics its own way ---- */

/* Percentile pct (0-100) of n values is (1 - delta) x[lo] + delta x[lo + 1] (x sorted), or x[lo]
 * when there is no lo + 1. */
typedef struct cc_pct_rank {
    size_t lo;    /* rank below, 0-based */
    bool has_hi;  /* lo + 1 < n: the next rank exists */
    double delta; /* weight of rank lo + 1 */
} cc_pct_rank;

cc_pct_rank cc_stats_pct_rank(double pct, size_t n);
/* The percentile from its order statistics x_lo and x_hi (x_hi unused without has_hi). */
double cc_stats_interpolate(const cc_pct_rank *pr, double x_lo, double x_hi);
/* Order statistics ranks[0..n_ranks) (0-based, each < n) of data[0..n) into values; ranks in
 * ascending order are found fastest. Reorders data (it stays a permutation of itself). */
void cc_stats_order_stats(float *data, size_t n, const size_t *ranks, size_t n_ranks,
                          float *values);

/* Mean, sd and percentiles of data[0..n) in one call, leaving data as it is:
 * out[0] the mean, out[1] the sd, out[2 + q] percentile pct[q], the same
 * numbers cc_stats_mean_sd and cc_stats_percentiles give. scratch (n floats)
 * is overwritten. n must be at least 1; data must hold no NaN. */
void cc_stats_describe(const float *data, size_t n, const double *pct, size_t n_pct,
                       float *scratch, double *out);

#endif
