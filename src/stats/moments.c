/* Mean and standard deviation by a fixed tree of partial moments: leaves of CC_STATS_LEAF
 * consecutive values, each leaf's sum and squared deviations from its own mean, then sibling
 * subtrees combined pairwise (Chan, Golub and LeVeque 1979), always left with right. The tree
 * depends only on the number of values, so a run summarised from its stored paths and one
 * summarised chunk by chunk as paths finish (in any order, src/stream) give the same bits.
 * Pairwise sums round less than a running sum, and the combined squared deviations do not
 * suffer the cancellation of the one-pass sum of squares (costs near 1e6 with a spread of
 * pounds); no value is divided by its running count, as Welford's update does. */
#include <math.h>

#include "carecast/stats.h"

#define LANES 4 /* independent partial sums: no add waits for the one before */

/* Lane l sums values l, l + 4, l + 8, ... in order; a whole leaf is the same arithmetic with
 * the loop bounds known, which the compiler unrolls into registers (the common case). */
static cc_moments leaf_of(const float *data, size_t n)
{
    double s[LANES] = {0.0, 0.0, 0.0, 0.0};
    float lo = data[0], hi = data[0];
    for (size_t i = 0; i < n; i += LANES)
        for (size_t l = 0; l < LANES && i + l < n; l++) {
            const float x = data[i + l];
            s[l] += (double)x;
            lo = x < lo ? x : lo;
            hi = x > hi ? x : hi;
        }
    const double sum = (s[0] + s[1]) + (s[2] + s[3]);
    const double mean = sum / (double)n;
    double q[LANES] = {0.0, 0.0, 0.0, 0.0};
    for (size_t i = 0; i < n; i += LANES)
        for (size_t l = 0; l < LANES && i + l < n; l++) {
            const double d = (double)data[i + l] - mean;
            q[l] += d * d;
        }
    return (cc_moments){(double)n, sum, (q[0] + q[1]) + (q[2] + q[3]), lo, hi};
}

/* leaf_of(data, CC_STATS_LEAF) written out, so that it is compiled with its bounds known. */
static cc_moments whole_leaf(const float *data)
{
    double s[LANES] = {0.0, 0.0, 0.0, 0.0};
    float lo[LANES], hi[LANES];
    for (size_t l = 0; l < LANES; l++)
        lo[l] = hi[l] = data[l];
    for (size_t i = 0; i < CC_STATS_LEAF; i += LANES)
        for (size_t l = 0; l < LANES; l++)
            s[l] += (double)data[i + l];
    for (size_t i = LANES; i < CC_STATS_LEAF; i += LANES)
        for (size_t l = 0; l < LANES; l++) {
            lo[l] = data[i + l] < lo[l] ? data[i + l] : lo[l];
            hi[l] = data[i + l] > hi[l] ? data[i + l] : hi[l];
        }
    const double sum = (s[0] + s[1]) + (s[2] + s[3]);
    const double mean = sum / (double)CC_STATS_LEAF;
    double q[LANES] = {0.0, 0.0, 0.0, 0.0};
    for (size_t i = 0; i < CC_STATS_LEAF; i += LANES)
        for (size_t l = 0; l < LANES; l++) {
            const double d = (double)data[i + l] - mean;
            q[l] += d * d;
        }
    const float a = lo[0] < lo[1] ? lo[0] : lo[1], b = lo[2] < lo[3] ? lo[2] : lo[3];
    const float c = hi[0] > hi[1] ? hi[0] : hi[1], d = hi[2] > hi[3] ? hi[2] : hi[3];
    return (cc_moments){(double)CC_STATS_LEAF, sum, (q[0] + q[1]) + (q[2] + q[3]),
                        a < b ? a : b, c > d ? c : d};
}

cc_moments cc_moments_leaf(const float *data, size_t n)
{
    return n == CC_STATS_LEAF ? whole_leaf(data) : leaf_of(data, n);
}

cc_moments cc_moments_combine(cc_moments a, cc_moments b)
{
    const double n = a.n + b.n;
    const double d = b.sum / b.n - a.sum / a.n;
    return (cc_moments){n, a.sum + b.sum, a.m2 + b.m2 + d * d * (a.n * b.n / n),
                        b.lo < a.lo ? b.lo : a.lo, b.hi > a.hi ? b.hi : a.hi};
}

void cc_moments_mean_sd(const cc_moments *m, double *mean, double *sd)
{
    *mean = m->n > 0.0 ? m->sum / m->n : 0.0;
    *sd = m->n > 1.0 && m->m2 > 0.0 ? sqrt(m->m2 / (m->n - 1.0)) : 0.0;
}

/* ---- the tree over leaves that arrive in order (a binary counter) ---- */

void cc_moment_tree_init(cc_moment_tree *t)
{
    t->depth = 0;
}

void cc_moment_tree_add(cc_moment_tree *t, cc_moments leaf)
{
    unsigned level = 0;
    /* A subtree whose left sibling of the same height is complete joins it. */
    while (t->depth > 0 && t->level[t->depth - 1] == level) {
        t->depth--;
        leaf = cc_moments_combine(t->node[t->depth], leaf);
        level++;
    }
    t->level[t->depth] = level;
    t->node[t->depth++] = leaf;
}

cc_moments cc_moment_tree_total(const cc_moment_tree *t)
{
    cc_moments total = t->depth > 0 ? t->node[0] : (cc_moments){0.0, 0.0, 0.0, 0.0f, 0.0f};
    for (size_t i = 1; i < t->depth; i++)
        total = cc_moments_combine(total, t->node[i]);
    return total;
}

cc_moments cc_moments_of(const float *data, size_t n)
{
    cc_moment_tree t;
    cc_moment_tree_init(&t);
    for (size_t i = 0; i < n; i += CC_STATS_LEAF)
        cc_moment_tree_add(&t, cc_moments_leaf(data + i, n - i < CC_STATS_LEAF ? n - i
                                                                              : CC_STATS_LEAF));
    return cc_moment_tree_total(&t);
}

void cc_stats_mean_sd(const float *data, size_t n, double *mean, double *sd)
{
    const cc_moments m = cc_moments_of(data, n);
    cc_moments_mean_sd(&m, mean, sd);
}
