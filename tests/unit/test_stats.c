/* Tests for summary statistics: percentiles against GSL's own quantile of a
 * fully sorted copy, the mean against the exact sum, the sd against a plain
 * two-pass computation, and cc_stats_describe against the two separately. */
#include "test_support.h"

#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_statistics_float.h>

#include "carecast/stats.h"

enum data_kind {
    DATA_CONTINUOUS, /* uniform over a wide range: few or no ties */
    DATA_FEW_VALUES, /* five distinct values: mostly ties */
    DATA_REPEATS,    /* continuous, but a third of the values copy earlier ones */
    DATA_ASCENDING,  /* already sorted */
    DATA_DESCENDING, /* sorted backwards */
    DATA_ALL_EQUAL,  /* one value throughout */
    DATA_COUNTS,     /* whole numbers in a narrow range: the counting path */
    DATA_NEAR_WHOLE, /* whole numbers, a few of them one ulp off: counting must give up */
    DATA_WIDE,       /* both signs, zeros of both signs, magnitudes from 1e-30 to 1e30 */
    DATA_BIG_WHOLE,  /* whole numbers too far apart to count (range above 4096) */
    DATA_KIND_COUNT,
};

static void fill_data(gsl_rng *r, enum data_kind kind, float *data, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        switch (kind) {
        case DATA_CONTINUOUS:
            data[i] = (float)(gsl_rng_uniform(r) * 4770.0 - 1192.5);
            break;
        case DATA_FEW_VALUES:
            data[i] = 2.385f * (float)gsl_rng_uniform_int(r, 5);
            break;
        case DATA_REPEATS:
            if (i > 0 && gsl_rng_uniform(r) < 1.0 / 3.0) {
                data[i] = data[gsl_rng_uniform_int(r, i)];
            } else {
                data[i] = (float)(gsl_rng_uniform(r) * 100.0);
            }
            break;
        case DATA_ASCENDING:
            data[i] = 0.5f * (float)i;
            break;
        case DATA_DESCENDING:
            data[i] = -0.5f * (float)i;
            break;
        case DATA_COUNTS:
            data[i] = (float)(40 + (int)gsl_rng_uniform_int(r, 23)) - 25.0f;
            break;
        case DATA_NEAR_WHOLE:
            data[i] = (float)gsl_rng_uniform_int(r, 9);
            if (gsl_rng_uniform(r) < 0.05)
                data[i] = nextafterf(data[i], 100.0f);
            break;
        case DATA_WIDE: {
            const double u = gsl_rng_uniform(r);
            const float mag = (float)pow(10.0, -30.0 + 60.0 * gsl_rng_uniform(r));
            data[i] = u < 0.1 ? 0.0f : u < 0.2 ? -0.0f : u < 0.6 ? mag : -mag;
            break;
        }
        case DATA_BIG_WHOLE:
            data[i] = (float)gsl_rng_uniform_int(r, 100000) - 20000.0f;
            break;
        case DATA_ALL_EQUAL:
        case DATA_KIND_COUNT:
            data[i] = 2.385f;
            break;
        }
    }
}

static int compare_floats(const void *a, const void *b)
{
    const float x = *(const float *)a;
    const float y = *(const float *)b;
    return (x > y) - (x < y);
}

/* The oracle: sort a copy fully, then ask GSL itself for each quantile; tol[q]
 * is a rounding allowance scaled to the two order statistics it interpolates
 * (GSL's rounding may differ from ours in the last bit). */
static void oracle_percentiles(const float *data, size_t n, const double *pct, size_t n_pct,
                               double *out, double *tol)
{
    float *sorted = malloc(n * sizeof *sorted);
    assert_non_null(sorted);
    memcpy(sorted, data, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, compare_floats);
    for (size_t q = 0; q < n_pct; q++) {
        out[q] = gsl_stats_float_quantile_from_sorted_data(sorted, 1, n, pct[q] / 100.0);
        const size_t lo = (size_t)(pct[q] / 100.0 * (double)(n - 1));
        const size_t hi = lo + 1 < n ? lo + 1 : lo;
        tol[q] = 1e-15 * (fabs((double)sorted[lo]) + fabs((double)sorted[hi]));
    }
    free(sorted);
}

/* Checks cc_stats_percentiles on data[0..n) against the oracle, and that the
 * reordered array is still a permutation of the input. */
static void check_against_oracle(const float *data, size_t n, const double *pct, size_t n_pct)
{
    float *work = malloc(n * sizeof *work);
    float *sorted_in = malloc(n * sizeof *sorted_in);
    double *got = malloc(n_pct * sizeof *got);
    double *want = malloc(n_pct * sizeof *want);
    double *tol = malloc(n_pct * sizeof *tol);
    assert_non_null(tol);
    assert_non_null(work);
    assert_non_null(sorted_in);
    assert_non_null(got);
    assert_non_null(want);

    memcpy(work, data, n * sizeof *work);
    cc_stats_percentiles(work, n, pct, n_pct, got);
    oracle_percentiles(data, n, pct, n_pct, want, tol);

    for (size_t q = 0; q < n_pct; q++) {
        if (!(fabs(got[q] - want[q]) <= tol[q])) {
            fail_msg("n = %zu, pct = %.17g: got %.17g, want %.17g", n, pct[q], got[q], want[q]);
        }
    }

    memcpy(sorted_in, data, n * sizeof *sorted_in);
    qsort(sorted_in, n, sizeof *sorted_in, compare_floats);
    qsort(work, n, sizeof *work, compare_floats);
    for (size_t i = 0; i < n; i++)
        assert_true(work[i] == sorted_in[i]); /* -0 and +0 may swap places: equal values */

    /* cc_stats_describe gives the same percentiles, the mean and sd of
     * cc_stats_mean_sd, and leaves its input alone. */
    memcpy(work, data, n * sizeof *work);
    double *all = malloc((2 + n_pct) * sizeof *all);
    assert_non_null(all);
    cc_stats_describe(work, n, pct, n_pct, sorted_in, all);
    assert_memory_equal(work, data, n * sizeof *work);
    double mean, sd;
    cc_stats_mean_sd(data, n, &mean, &sd);
    assert_true(all[0] == mean);
    assert_true(all[1] == sd);
    for (size_t q = 0; q < n_pct; q++)
        assert_true(all[2 + q] == got[q]);
    free(all);

    free(tol);
    free(want);
    free(got);
    free(sorted_in);
    free(work);
}

static void test_percentiles_known_answers(void **state)
{
    (void)state;
    /* 1..10 shuffled; rank h = 9 * pct / 100, so p25 is at h = 2.25:
     * 3 + 0.25 * (4 - 3) = 3.25, and p50 at h = 4.5: (5 + 6) / 2. */
    float data[] = {7, 2, 10, 4, 1, 9, 3, 6, 8, 5};
    const double pct[] = {0, 10, 25, 50, 95, 100};
    const double expected[] = {1, 1.9, 3.25, 5.5, 9.55, 10};
    double out[6];
    cc_stats_percentiles(data, 10, pct, 6, out);
    for (size_t q = 0; q < 6; q++) {
        assert_near(out[q], expected[q], 1e-12, 0.0);
    }
}

static void test_percentiles_single_value(void **state)
{
    (void)state;
    float data[] = {2.385f};
    const double pct[] = {0, 37.5, 100};
    double out[3];
    cc_stats_percentiles(data, 1, pct, 3, out);
    for (size_t q = 0; q < 3; q++) {
        assert_near(out[q], (double)2.385f, 0.0, 0.0);
    }
}

/* Random data of many sizes and shapes, and pct sets that hit the ends, land
 * repeatedly on one rank, and step through consecutive ranks. */
static void test_percentiles_match_gsl_oracle(void **state)
{
    (void)state;
    static const size_t sizes[] = {1, 2, 3, 4, 5, 10, 17, 64, 1001, 10000};
    static const double ends[] = {0, 100};
    static const double reported[] = {0,  0.1,  1,  2.5, 5,  10,   25, 33.3, 50,
                                      50, 66.7, 75, 90,  95, 97.5, 99, 99.9, 100};
    static const double median[] = {50};
    double every_percent[101];
    for (size_t q = 0; q < 101; q++) {
        every_percent[q] = (double)q;
    }
    const struct {
        const double *pct;
        size_t n_pct;
    } pct_sets[] = {
        {ends, 2},
        {reported, sizeof reported / sizeof reported[0]},
        {median, 1},
        {every_percent, 101},
    };
    const size_t n_sets = sizeof pct_sets / sizeof pct_sets[0];

    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(r);
    gsl_rng_set(r, 20240611);
    float *data = malloc(10000 * sizeof *data);
    assert_non_null(data);

    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        for (int kind = 0; kind < DATA_KIND_COUNT; kind++) {
            for (int repeat = 0; repeat < 3; repeat++) {
                fill_data(r, (enum data_kind)kind, data, sizes[s]);
                for (size_t p = 0; p < n_sets; p++) {
                    check_against_oracle(data, sizes[s], pct_sets[p].pct, pct_sets[p].n_pct);
                }
            }
        }
    }
    free(data);
    gsl_rng_free(r);
}

/* Every pct in (0, 100) between the ranks of the p-th and (p+1)-th values
 * forces the "minimum of the right part" step after each selection. */
static void test_percentiles_dense_pct_small_n(void **state)
{
    (void)state;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(r);
    gsl_rng_set(r, 2385);
    double pct[1001];
    for (size_t q = 0; q < 1001; q++) {
        pct[q] = (double)q / 10.0;
    }
    float data[37];
    for (int kind = 0; kind < DATA_KIND_COUNT; kind++) {
        fill_data(r, (enum data_kind)kind, data, 37);
        check_against_oracle(data, 37, pct, 1001);
    }
    gsl_rng_free(r);
}

/* The contract asks for ascending pct, but descending or shuffled ones still
 * get the right answers (each path restarts its walk). */
static void test_percentiles_out_of_order(void **state)
{
    (void)state;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(r);
    gsl_rng_set(r, 4711);
    static const double pct[] = {95, 50, 5, 99.5, 0, 100, 25, 75, 2.385};
    float *data = malloc(2001 * sizeof *data);
    assert_non_null(data);
    for (int kind = 0; kind < DATA_KIND_COUNT; kind++) {
        fill_data(r, (enum data_kind)kind, data, 2001);
        check_against_oracle(data, 2001, pct, sizeof pct / sizeof pct[0]);
    }
    free(data);
    gsl_rng_free(r);
}

/* Percentiles are monotone in pct and lie within [min, max]. */
static void test_percentiles_monotone(void **state)
{
    (void)state;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(r);
    gsl_rng_set(r, 77);
    float *data = malloc(5000 * sizeof *data);
    assert_non_null(data);
    fill_data(r, DATA_REPEATS, data, 5000);
    float lo = data[0], hi = data[0];
    for (size_t i = 1; i < 5000; i++) {
        lo = fminf(lo, data[i]);
        hi = fmaxf(hi, data[i]);
    }
    const double pct[] = {0, 5, 50, 95, 100};
    double out[5];
    cc_stats_percentiles(data, 5000, pct, 5, out);
    assert_near(out[0], (double)lo, 0.0, 0.0);
    assert_near(out[4], (double)hi, 0.0, 0.0);
    for (size_t q = 1; q < 5; q++) {
        assert_true(out[q - 1] <= out[q]);
    }
    free(data);
    gsl_rng_free(r);
}

/* When every partial sum is exact in double (values on a 1/16 grid near 1e6),
 * the mean is the correctly rounded sum / n. Welford's running update drifts
 * from it here (1000000.467526244 against 1000000.4675262501). */
static void test_mean_is_exact_when_the_sum_is(void **state)
{
    (void)state;
    const size_t n = 100000;
    float *data = malloc(n * sizeof *data);
    assert_non_null(data);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(r);
    gsl_rng_set(r, 1962);
    long long sixteenths = 0; /* the exact sum, in units of 1/16 */
    for (size_t i = 0; i < n; i++) {
        const unsigned long k = gsl_rng_uniform_int(r, 16);
        data[i] = 1.0e6f + 0.0625f * (float)k;
        sixteenths += 16000000LL + (long long)k;
    }
    double mean, sd;
    cc_stats_mean_sd(data, n, &mean, &sd);
    assert_true(mean == (double)sixteenths / 16.0 / (double)n);
    free(data);
    gsl_rng_free(r);
}

static void test_mean_sd_known_answer(void **state)
{
    (void)state;
    const float data[] = {1, 2, 3, 4};
    double mean, sd;
    cc_stats_mean_sd(data, 4, &mean, &sd);
    assert_near(mean, 2.5, 0.0, 1e-15);
    assert_near(sd, sqrt(5.0 / 3.0), 0.0, 1e-15); /* sum of squares 5, n - 1 = 3 */
}

static void test_mean_sd_small_n(void **state)
{
    (void)state;
    const float one[] = {2.385f};
    double mean = -1, sd = -1;
    cc_stats_mean_sd(one, 1, &mean, &sd);
    assert_near(mean, (double)2.385f, 0.0, 0.0);
    assert_near(sd, 0.0, 0.0, 0.0);
    cc_stats_mean_sd(one, 0, &mean, &sd);
    assert_near(sd, 0.0, 0.0, 0.0);
}

/* Values near 1e6 with a spread of about 0.3: the regime of cost paths.
 * Two-pass (mean, then squared deviations from it) in double is the oracle;
 * the textbook one-pass sum of squares is shown to fail here, so the data
 * are hard enough to tell a stable method from an unstable one. */
static void test_mean_sd_large_mean_small_spread(void **state)
{
    (void)state;
    const size_t n = 100000;
    float *data = malloc(n * sizeof *data);
    assert_non_null(data);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(r);
    gsl_rng_set(r, 1962);
    for (size_t i = 0; i < n; i++) {
        /* Steps of 1/16 are exactly representable in float at 1e6. */
        data[i] = 1.0e6f + 0.0625f * (float)gsl_rng_uniform_int(r, 16);
    }

    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        sum += (double)data[i];
    }
    const double two_pass_mean = sum / (double)n;
    double squares = 0.0;
    for (size_t i = 0; i < n; i++) {
        const double d = (double)data[i] - two_pass_mean;
        squares += d * d;
    }
    const double two_pass_sd = sqrt(squares / (double)(n - 1));

    double naive_sum_sq = 0.0;
    for (size_t i = 0; i < n; i++) {
        naive_sum_sq += (double)data[i] * (double)data[i];
    }
    const double naive_var = (naive_sum_sq - sum * sum / (double)n) / (double)(n - 1);
    const double naive_sd = sqrt(fabs(naive_var));

    double mean, sd;
    cc_stats_mean_sd(data, n, &mean, &sd);
    assert_near(mean, two_pass_mean, 0.0, 1e-14);
    assert_near(sd, two_pass_sd, 0.0, 1e-9);
    assert_true(fabs(naive_sd - two_pass_sd) > 1e-6 * two_pass_sd);
    assert_true(two_pass_sd > 0.28 && two_pass_sd < 0.30); /* sqrt(255 / 12) / 16 = 0.2882 */

    free(data);
    gsl_rng_free(r);
}

/* An all-equal array has sd exactly 0, with no negative rounding residue. */
static void test_mean_sd_constant_data(void **state)
{
    (void)state;
    float data[1000];
    for (size_t i = 0; i < 1000; i++) {
        data[i] = 1234567.0f;
    }
    double mean, sd;
    cc_stats_mean_sd(data, 1000, &mean, &sd);
    assert_near(mean, 1234567.0, 0.0, 0.0);
    assert_near(sd, 0.0, 0.0, 0.0);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_percentiles_known_answers),
        cmocka_unit_test(test_percentiles_single_value),
        cmocka_unit_test(test_percentiles_match_gsl_oracle),
        cmocka_unit_test(test_percentiles_dense_pct_small_n),
        cmocka_unit_test(test_percentiles_out_of_order),
        cmocka_unit_test(test_percentiles_monotone),
        cmocka_unit_test(test_mean_is_exact_when_the_sum_is),
        cmocka_unit_test(test_mean_sd_known_answer),
        cmocka_unit_test(test_mean_sd_small_n),
        cmocka_unit_test(test_mean_sd_large_mean_small_spread),
        cmocka_unit_test(test_mean_sd_constant_data),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
