/* Unit tests of forecast scoring (src/hindcast/score.c), by hand. */
#include "test_support.h"

#include "carecast/score.h"

static void test_interval_score_by_hand(void **state)
{
    (void)state;
    /* Inside: the width. Outside: width + 2/alpha x the miss (alpha 0.1 -> 20). */
    assert_near(cc_score_interval(90.0, 130.0, 101.3, 0.1), 40.0, 1e-12, 0.0);
    assert_near(cc_score_interval(90.0, 130.0, 87.5, 0.1), 40.0 + 20.0 * 2.5, 1e-12, 0.0);
    assert_near(cc_score_interval(90.0, 130.0, 133.25, 0.1), 40.0 + 20.0 * 3.25, 1e-12, 0.0);
    assert_near(cc_score_interval(90.0, 130.0, 133.25, 0.5), 40.0 + 4.0 * 3.25, 1e-12, 0.0);
}

/* Three cases worked by hand. */
static void test_summary_by_hand(void **state)
{
    (void)state;
    const cc_score_case cases[3] = {
        /* inside both; P50 error 2/200 = 1%; naive 10% off; band [180, 220] holds it */
        {.actual = 200.0, .q = {170.0, 190.0, 198.0, 210.0, 240.0}, .naive = 180.0,
         .has_band = true, .band_lo = 162.0, .band_hi = 198.0},
        /* inside 90 only (above P75); error 10%; naive 5%; no band */
        {.actual = 100.0, .q = {80.0, 85.0, 90.0, 95.0, 110.0}, .naive = 105.0},
        /* below P5 by 5; error 25%; naive 25% */
        {.actual = 40.0, .q = {45.0, 48.0, 50.0, 55.0, 60.0}, .naive = 50.0,
         .has_band = true, .band_lo = 41.0, .band_hi = 61.0},
    };
    cc_score_summary s;
    cc_error err = {0};
    assert_int_equal(cc_score_summarise(cases, 3, &s, &err), CC_OK);
    assert_int_equal(s.n, 3);
    assert_int_equal(s.inside90, 2);
    assert_int_equal(s.inside50, 1);
    assert_int_equal(s.below90, 1);
    assert_int_equal(s.above90, 0);
    const double is0 = 70.0 / 200.0, is1 = 30.0 / 100.0, is2 = (15.0 + 20.0 * 5.0) / 40.0;
    assert_near(s.mean_is, (is0 + is1 + is2) / 3.0, 1e-12, 0.0);
    assert_near(s.mape, (0.01 + 0.10 + 0.25) / 3.0, 1e-12, 0.0);
    assert_near(s.mdape, 0.10, 1e-12, 0.0);
    assert_near(s.naive_mape, (0.10 + 0.05 + 0.25) / 3.0, 1e-12, 0.0);
    assert_near(s.naive_mdape, 0.10, 1e-12, 0.0);
    assert_int_equal(s.n_band, 2);
    assert_int_equal(s.band_inside90, 0); /* 200 > 198 and 40 < 41 */
    const double b0 = (36.0 + 20.0 * 2.0) / 200.0, b2 = (20.0 + 20.0 * 1.0) / 40.0;
    assert_near(s.band_mean_is, (b0 + b2) / 2.0, 1e-12, 0.0);
    assert_near(s.band_half_width, (18.0 / 180.0 + 10.0 / 50.0) / 2.0, 1e-12, 0.0);
    assert_near(s.mean_is_band_cases, (is0 + is2) / 2.0, 1e-12, 0.0);
}

static void test_even_count_median_averages(void **state)
{
    (void)state;
    const cc_score_case cases[2] = {
        {.actual = 100.0, .q = {0, 0, 110.0, 0, 0}, .naive = 100.0},
        {.actual = 100.0, .q = {0, 0, 70.0, 0, 0}, .naive = 100.0},
    };
    cc_score_summary s;
    cc_error err = {0};
    assert_int_equal(cc_score_summarise(cases, 2, &s, &err), CC_OK);
    assert_near(s.mdape, 0.2, 1e-12, 0.0);
    assert_true(isnan(s.band_mean_is));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_interval_score_by_hand),
        cmocka_unit_test(test_summary_by_hand),
        cmocka_unit_test(test_even_count_median_averages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
