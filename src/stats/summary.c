/* Percentiles of one metric over all paths (the mean and sd are in moments.c).
 * Percentiles are exact order statistics found by bucketing, not sorting: one
 * pass counts values into at most 4096 buckets ordered by value, and only the
 * few values in the buckets that hold the wanted ranks are then selected among.
 * Nothing is allocated; each call costs a few passes over the data. */
#include "carecast/stats.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* ---- selection among a few candidates ---- */

static void swap(float *a, float *b)
{
    const float tmp = *a;
    *a = *b;
    *b = tmp;
}

/* Rearranges data[left..right] so that data[k] holds the value it would have
 * if that range were sorted, with nothing larger before it and nothing smaller
 * after it. Iterative quickselect with a median-of-three pivot (Hoare; after
 * Numerical Recipes' select): the loop narrows [left, right] instead of
 * recursing, so there is no stack depth to worry about. Elements equal to the
 * pivot stop both scans and get swapped, which keeps the split balanced when
 * many paths give the same value (e.g. headcounts). */
static void select_rank(float *data, size_t left, size_t right, size_t k)
{
    while (right > left + 1) {
        const size_t mid = left + (right - left) / 2;
        swap(&data[mid], &data[left + 1]);
        /* Order data[left] <= data[left + 1] <= data[right]: the pivot is then
         * data[left + 1], and the outer two act as sentinels for the scans. */
        if (data[right] < data[left])
            swap(&data[left], &data[right]);
        if (data[right] < data[left + 1])
            swap(&data[left + 1], &data[right]);
        if (data[left + 1] < data[left])
            swap(&data[left], &data[left + 1]);
        const float pivot = data[left + 1];
        size_t i = left + 1;
        size_t j = right;
        for (;;) {
            do {
                i++;
            } while (data[i] < pivot);
            do {
                j--;
            } while (pivot < data[j]);
            if (j < i)
                break;
            swap(&data[i], &data[j]);
        }
        data[left + 1] = data[j];
        data[j] = pivot;
        /* j >= left + 1, so j - 1 cannot wrap. */
        if (j >= k)
            right = j - 1;
        if (j <= k)
            left = i;
    }
    if (right == left + 1 && data[right] < data[left])
        swap(&data[left], &data[right]);
}

/* Moves the smallest of data[from..n) to data[from]. Called right after
 * selecting rank from - 1, so this is order statistic number from. */
static void place_min(float *data, size_t from, size_t n)
{
    size_t best = from;
    for (size_t i = from + 1; i < n; i++)
        if (data[i] < data[best])
            best = i;
    swap(&data[from], &data[best]);
}

/* Order statistics ranks[0..n_ranks) (0-based, ascending) of data[0..n) into
 * values. Invariant: data[r] holds its sorted position for the last rank r
 * found, and every element of data[left..n) is >= every element before left,
 * so each selection searches only data[left..n); the rank right after the last
 * one is the minimum of that part. Reorders data. */
void cc_stats_order_stats(float *data, size_t n, const size_t *ranks, size_t n_ranks,
                          float *values)
{
    size_t left = 0;
    for (size_t q = 0; q < n_ranks; q++) {
        const size_t r = ranks[q];
        if (r + 1 < left)
            left = 0; /* out of order: search everything again */
        if (r == left)
            place_min(data, r, n);
        else if (r > left)
            select_rank(data, left, n - 1, r);
        if (r >= left)
            left = r + 1;
        values[q] = data[r];
    }
}

/* ---- percentiles ---- */

/* floor of (n - 1) * pct / 100 and the next rank, with the interpolation weight of the next: the
 * same operations as gsl_stats_quantile_from_sorted_data, so results agree with it to the last
 * bit. */
cc_pct_rank cc_stats_pct_rank(double pct, size_t n)
{
    const double index = pct / 100.0 * (double)(n - 1);
    size_t lo = (size_t)index; /* index >= 0, so truncation is floor */
    if (lo > n - 1)
        lo = n - 1;
    return (cc_pct_rank){lo, lo + 1 < n, index - (double)lo};
}

double cc_stats_interpolate(const cc_pct_rank *pr, double x_lo, double x_hi)
{
    return pr->has_hi ? (1 - pr->delta) * x_lo + pr->delta * x_hi : x_lo;
}


#define COUNT_RANGE 4096 /* whole-number data spanning fewer values are counted */
#define MAX_BUCKETS 4096 /* buckets of other data */
#define CHUNK_PCT 16     /* percentiles selected per gathering pass */

/* Most metrics are counts of children or carers: whole numbers in a narrow
 * range. For them a histogram gives every order statistic in one pass.
 * Returns false when some value is not whole (out is then unchanged). */
static bool percentiles_by_counting(const float *data, size_t n, float lo, size_t range,
                                    const double *pct, size_t n_pct, double *out)
{
    unsigned int counts[COUNT_RANGE];
    memset(counts, 0, range * sizeof counts[0]);
    const int32_t base = (int32_t)lo;
    for (size_t i = 0; i < n; i++) {
        /* |x| < 2^24 (checked by the caller), so the conversion is defined and
         * exact for whole numbers. */
        const int32_t c = (int32_t)data[i];
        if ((float)c != data[i])
            return false;
        counts[c - base]++;
    }
    size_t bin = 0, below = 0;
    for (size_t q = 0; q < n_pct; q++) {
        const cc_pct_rank pr = cc_stats_pct_rank(pct[q], n);
        if (pr.lo < below)
            bin = below = 0; /* out of order: walk from the start again */
        while (below + counts[bin] <= pr.lo)
            below += counts[bin++];
        const double x_lo = (double)base + (double)bin;
        double x_hi = x_lo;
        if (pr.has_hi && below + counts[bin] <= pr.lo + 1) {
            size_t b = bin + 1;
            while (counts[b] == 0)
                b++;
            x_hi = (double)base + (double)b;
        }
        out[q] = pr.delta > 0.0 ? cc_stats_interpolate(&pr, x_lo, x_hi) : x_lo;
    }
    return true;
}

/* A 32-bit key that orders as the float does (-0 just below +0). */
static uint32_t order_key(float x)
{
    uint32_t u;
    memcpy(&u, &x, sizeof u);
    /* Negative: flip every bit; positive: flip the sign bit. */
    return u ^ ((uint32_t)-(int32_t)(u >> 31) | 0x80000000u);
}

/* Values bucketed by their order key's offset from the least value's, shifted
 * so that at most MAX_BUCKETS buckets (about one per two values) cover them. */
typedef struct buckets {
    uint32_t base;
    unsigned shift;
    size_t n;
    unsigned int counts[MAX_BUCKETS];
    unsigned char mark[MAX_BUCKETS]; /* 1 for a bucket whose values are gathered */
} buckets;

static size_t bucket_of(const buckets *bk, float x)
{
    return (size_t)((order_key(x) - bk->base) >> bk->shift);
}

static void count_buckets(const float *data, size_t n, float lo, float hi, buckets *bk)
{
    size_t limit = 16;
    while (limit < MAX_BUCKETS && 2 * limit < n)
        limit *= 2;
    bk->base = order_key(lo);
    const uint32_t span = order_key(hi) - bk->base;
    bk->shift = 0;
    while ((span >> bk->shift) >= limit)
        bk->shift++;
    bk->n = (size_t)(span >> bk->shift) + 1;
    memset(bk->counts, 0, bk->n * sizeof bk->counts[0]);
    for (size_t i = 0; i < n; i++)
        bk->counts[bucket_of(bk, data[i])]++;
}

/* Marks the buckets holding ranks[0..n_ranks) (ascending) and writes each
 * rank's position among the values of the marked buckets, in bucket order. */
static void mark_buckets(buckets *bk, const size_t *ranks, size_t n_ranks, size_t *local)
{
    memset(bk->mark, 0, bk->n);
    size_t b = 0, below = 0, gathered_below = 0;
    for (size_t q = 0; q < n_ranks; q++) {
        while (below + bk->counts[b] <= ranks[q]) {
            below += bk->counts[b];
            gathered_below += bk->mark[b] ? bk->counts[b] : 0u;
            b++;
        }
        bk->mark[b] = 1;
        local[q] = gathered_below + (ranks[q] - below);
    }
}

/* Copies the values of marked buckets to the front of dst and returns how many
 * there are. dst may be data itself: values are then swapped, not copied, so
 * data stays a permutation of itself. */
static size_t gather(const float *data, size_t n, const buckets *bk, float *dst)
{
    size_t m = 0;
    if (dst == data) {
        for (size_t i = 0; i < n; i++) {
            const float x = dst[i];
            const size_t take = bk->mark[bucket_of(bk, x)];
            dst[i] = dst[m];
            dst[m] = x;
            m += take;
        }
        return m;
    }
    for (size_t i = 0; i < n; i++) {
        const float x = data[i];
        dst[m] = x;
        m += bk->mark[bucket_of(bk, x)];
    }
    return m;
}

/* Percentiles pct[0..n_pct) (at most CHUNK_PCT, ascending) of bucketed data:
 * gather the values of the buckets that hold the wanted ranks into scratch and
 * select among those few. */
static void select_from_buckets(const float *data, size_t n, buckets *bk, const double *pct,
                                size_t n_pct, float *scratch, double *out)
{
    size_t ranks[2 * CHUNK_PCT], local[2 * CHUNK_PCT], n_ranks = 0;
    cc_pct_rank pr[CHUNK_PCT];
    for (size_t q = 0; q < n_pct; q++) {
        pr[q] = cc_stats_pct_rank(pct[q], n);
        ranks[n_ranks++] = pr[q].lo;
        if (pr[q].has_hi)
            ranks[n_ranks++] = pr[q].lo + 1;
    }
    mark_buckets(bk, ranks, n_ranks, local);
    const size_t m = gather(data, n, bk, scratch);
    float values[2 * CHUNK_PCT];
    cc_stats_order_stats(scratch, m, local, n_ranks, values);
    for (size_t q = 0, j = 0; q < n_pct; q++) {
        const double x_lo = (double)values[j++];
        out[q] = cc_stats_interpolate(&pr[q], x_lo, pr[q].has_hi ? (double)values[j++] : x_lo);
    }
}

/* Percentiles of data that are not all whole numbers in a narrow range, a
 * chunk of ascending percentiles at a time. */
static void percentiles_by_buckets(const float *data, size_t n, float lo, float hi,
                                   const double *pct, size_t n_pct, float *scratch, double *out)
{
    buckets bk;
    count_buckets(data, n, lo, hi, &bk);
    for (size_t q = 0; q < n_pct;) {
        size_t k = 1;
        while (q + k < n_pct && k < CHUNK_PCT && pct[q + k] >= pct[q + k - 1])
            k++;
        select_from_buckets(data, n, &bk, pct + q, k, scratch, out + q);
        q += k;
    }
}

/* Percentiles of data[0..n), whose least and greatest values are lo and hi. */
static void percentiles_in_range(const float *data, size_t n, float lo, float hi,
                                 const double *pct, size_t n_pct, float *scratch, double *out)
{
    if (lo == hi) {
        for (size_t q = 0; q < n_pct; q++)
            out[q] = (double)lo;
        return;
    }
    /* Whole numbers of magnitude below 2^24 are exact in float, as are their differences. */
    const bool countable = (double)hi - (double)lo < (double)COUNT_RANGE && fabsf(lo) < 0x1p24f &&
                           fabsf(hi) < 0x1p24f && lo == floorf(lo);
    if (countable &&
        percentiles_by_counting(data, n, lo, (size_t)(hi - lo) + 1, pct, n_pct, out))
        return;
    percentiles_by_buckets(data, n, lo, hi, pct, n_pct, scratch, out);
}

static void range_of(const float *data, size_t n, float *lo, float *hi)
{
    float a = data[0], b = data[0];
    for (size_t i = 1; i < n; i++) {
        a = data[i] < a ? data[i] : a;
        b = data[i] > b ? data[i] : b;
    }
    *lo = a;
    *hi = b;
}

void cc_stats_percentiles(float *data, size_t n, const double *pct, size_t n_pct, double *out)
{
    float lo, hi;
    range_of(data, n, &lo, &hi);
    percentiles_in_range(data, n, lo, hi, pct, n_pct, data, out);
}

void cc_stats_describe(const float *data, size_t n, const double *pct, size_t n_pct,
                       float *scratch, double *out)
{
    const cc_moments m = cc_moments_of(data, n);
    cc_moments_mean_sd(&m, &out[0], &out[1]);
    percentiles_in_range(data, n, m.lo, m.hi, pct, n_pct, scratch, &out[2]);
}
