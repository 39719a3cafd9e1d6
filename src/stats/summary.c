/* Mean, standard deviation and percentiles of one metric over all paths.
 * Percentiles use an in-place iterative quickselect, so they cost O(n) expected
 * time per call instead of the O(n log n) of a sort, and allocate nothing. */
#include "carecast/stats.h"

#include <math.h>
#include <stdbool.h>

void cc_stats_mean_sd(const float *data, size_t n, double *mean, double *sd)
{
    /* Welford (1962); Knuth TAOCP vol. 2 §4.2.2. Paths share a large common
     * level (costs near 1e6), where the textbook sum-of-squares formula loses
     * the spread to cancellation; this update stays accurate. */
    double m = 0.0;
    double m2 = 0.0; /* sum of squared deviations from the running mean */
    for (size_t i = 0; i < n; i++) {
        const double x = (double)data[i];
        const double delta = x - m;
        m += delta / (double)(i + 1);
        m2 += delta * (x - m);
    }
    *mean = m;
    *sd = n < 2 ? 0.0 : sqrt(m2 / (double)(n - 1));
}

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
        if (data[right] < data[left]) {
            swap(&data[left], &data[right]);
        }
        if (data[right] < data[left + 1]) {
            swap(&data[left + 1], &data[right]);
        }
        if (data[left + 1] < data[left]) {
            swap(&data[left], &data[left + 1]);
        }
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
            if (j < i) {
                break;
            }
            swap(&data[i], &data[j]);
        }
        data[left + 1] = data[j];
        data[j] = pivot;
        /* j >= left + 1, so j - 1 cannot wrap. */
        if (j >= k) {
            right = j - 1;
        }
        if (j <= k) {
            left = i;
        }
    }
    if (right == left + 1 && data[right] < data[left]) {
        swap(&data[left], &data[right]);
    }
}

/* Moves the smallest of data[from..n) to data[from]. Called right after
 * selecting rank from - 1, so this is order statistic number from. */
static void place_min(float *data, size_t from, size_t n)
{
    size_t best = from;
    for (size_t i = from + 1; i < n; i++) {
        if (data[i] < data[best]) {
            best = i;
        }
    }
    swap(&data[from], &data[best]);
}

#define HISTOGRAM_RANGE 4096 /* whole-number data spanning fewer values is counted */

/* Most metrics are counts of children or carers: whole numbers in a narrow
 * range. For them a histogram gives every order statistic in one pass. */
static bool percentiles_by_counting(const float *data, size_t n, const double *pct, size_t n_pct,
                                    double *out)
{
    float lo = data[0], hi = data[0];
    for (size_t i = 0; i < n; i++) {
        const float x = data[i];
        if (x != floorf(x))
            return false;
        lo = x < lo ? x : lo;
        hi = x > hi ? x : hi;
        if (hi - lo >= (float)HISTOGRAM_RANGE)
            return false;
    }
    unsigned int counts[HISTOGRAM_RANGE] = {0};
    for (size_t i = 0; i < n; i++)
        counts[(size_t)(data[i] - lo)]++;
    /* value_at(r): the r-th order statistic (0-based), walking the cumulative
     * counts forward, since ranks come in ascending order. */
    size_t bin = 0, below = 0;
    for (size_t q = 0; q < n_pct; q++) {
        const double index = pct[q] / 100.0 * (double)(n - 1);
        const size_t r = (size_t)index;
        const double delta = index - (double)r;
        while (below + counts[bin] <= r)
            below += counts[bin++];
        const double x_lo = (double)lo + (double)bin;
        double x_hi = x_lo;
        if (delta > 0.0 && r + 1 < n) {
            size_t b = bin, c = below;
            while (c + counts[b] <= r + 1)
                c += counts[b++];
            x_hi = (double)lo + (double)b;
        }
        out[q] = delta > 0.0 && r + 1 < n ? (1.0 - delta) * x_lo + delta * x_hi : x_lo;
    }
    return true;
}

void cc_stats_percentiles(float *data, size_t n, const double *pct, size_t n_pct, double *out)
{
    if (percentiles_by_counting(data, n, pct, n_pct, out))
        return;
    /* Invariant: data[placed..left) hold their sorted positions, and every
     * element of data[left..n) is >= every element before left. Ascending pct
     * gives ascending ranks, so each selection only searches data[left..n). */
    size_t placed = 0;
    size_t left = 0;
    for (size_t q = 0; q < n_pct; q++) {
        /* Same operations as gsl_stats_quantile_from_sorted_data, so results
         * agree with it to the last bit. pct <= 100 keeps index <= n - 1. */
        const double f = pct[q] / 100.0;
        const double index = f * (double)(n - 1);
        size_t lo = (size_t)index; /* index >= 0, so truncation is floor */
        if (lo > n - 1) {
            lo = n - 1;
        }
        const double delta = index - (double)lo;

        if (lo < placed) {
            /* pct out of order: the contract forbids it, but restarting the
             * search over the whole array keeps the answer right. */
            left = 0;
        }
        if (lo >= left) {
            select_rank(data, left, n - 1, lo);
            placed = lo;
            left = lo + 1;
        }
        if (lo + 1 == n) {
            out[q] = (double)data[lo];
            continue;
        }
        if (lo + 1 >= left) {
            /* The next order statistic is the minimum of the right part. */
            place_min(data, lo + 1, n);
            left = lo + 2;
        }
        out[q] = (1 - delta) * (double)data[lo] + delta * (double)data[lo + 1];
    }
}
