/* Unit tests of series fitting (src/calibrate/fit.c). Known answers were
 * computed independently with Python from the formulas of docs/calibration.md
 * §17, on the Sandwell series of flows-2018-2024.md. */
#include "test_support.h"

#include <string.h>

#include "carecast/fit.h"

/* Entries 2018/19-2019/20 (362, 194), shrunk toward England's 27 per 10,000 of
 * 81,100 children (219.0) with the weight of one year; prior 20% on 3 df. */
static void test_entries_shrink_toward_the_comparator(void **state)
{
    (void)state;
    const double x[2] = {362.0, 194.0};
    const cc_fit_prior prior = {.sd0 = 0.20, .nu0 = 3.0, .comparator = 27.0e-4 * 81100.0,
                                .comparator_years = 1.0, .half_life_years = 1.0};
    cc_fit f;
    cc_error err = {0};
    assert_int_equal(cc_fit_series(x, 2, &prior, &f, &err), CC_OK);
    assert_int_equal(f.n, 2);
    assert_int_equal(f.n_changes, 1);
    assert_near(f.own_level, 265.0056603169074, 1e-9, 0.0);
    assert_near(f.weight, 2.0 / 3.0, 1e-15, 0.0);
    assert_near(f.long_run, 248.6747211447412, 1e-9, 0.0);
    assert_near(f.sd, 0.35675938656920764, 1e-12, 0.0);
    assert_near(f.phi, 0.5, 1e-15, 0.0);
    assert_near(f.forecast, 219.64265501509445, 1e-9, 0.0);
    assert_near(f.drift, 0.0, 0.0, 0.0);
}

/* Care leavers 268, 282, 324, 328: a random walk with drift; the spread is
 * about the mean change, so one of three degrees of freedom goes to the drift. */
static void test_drift_spends_a_degree_of_freedom(void **state)
{
    (void)state;
    const double x[4] = {268.0, 282.0, 324.0, 328.0};
    const cc_fit_prior prior = {.sd0 = 0.05, .nu0 = 3.0, .comparator = NAN, .with_drift = true};
    cc_fit f;
    cc_error err = {0};
    assert_int_equal(cc_fit_series(x, 4, &prior, &f, &err), CC_OK);
    assert_near(f.drift, 0.06734220929109576, 1e-12, 0.0);
    assert_near(f.sd, 0.0564163978723779, 1e-12, 0.0);
    assert_near(f.forecast, 350.8489600740512, 1e-9, 0.0);
    assert_near(f.phi, 1.0, 0.0, 0.0);
    assert_near(f.weight, 1.0, 0.0, 0.0); /* no comparator */
}

/* With no changes yet the spread is the prior's. */
static void test_one_value_gives_the_prior_spread(void **state)
{
    (void)state;
    const double x[1] = {584.0};
    const cc_fit_prior prior = {.sd0 = 0.2, .nu0 = 3.0, .comparator = NAN, .half_life_years = 1.0};
    cc_fit f;
    cc_error err = {0};
    assert_int_equal(cc_fit_series(x, 1, &prior, &f, &err), CC_OK);
    assert_near(f.sd, 0.2, 1e-15, 0.0);
    assert_true(isnan(f.sd_own));
    assert_near(f.forecast, 584.0, 1e-9, 0.0);
}

/* k years ahead: the median decays toward the long run by phi^k and the log
 * spread grows as sqrt(1 + phi^2 + ... + phi^(2(k-1))). */
static void test_ahead_decays_by_phi(void **state)
{
    (void)state;
    const double x[3] = {810.0, 856.0, 558.0};
    const cc_fit_prior prior = {.sd0 = 0.2, .nu0 = 3.0, .comparator = NAN, .half_life_years = 2.0};
    cc_fit f;
    cc_error err = {0};
    assert_int_equal(cc_fit_series(x, 3, &prior, &f, &err), CC_OK);
    double med, sd;
    cc_fit_ahead(&f, 1, &med, &sd);
    assert_near(med, f.forecast, 1e-9, 0.0);
    assert_near(sd, f.sd, 1e-15, 0.0);
    cc_fit_ahead(&f, 3, &med, &sd);
    const double phi = sqrt(0.5), m = log(f.long_run);
    assert_near(med, exp(m + phi * phi * phi * (log(558.0) - m)), 1e-9, 0.0);
    assert_near(sd, f.sd * sqrt(1.0 + 0.5 + 0.25), 1e-12, 0.0);
}

static void test_rms_log_change_of_exits(void **state)
{
    (void)state;
    const double x[4] = {215.0, 242.0, 218.0, 201.0};
    assert_near(cc_fit_rms_log_change(x, 4), 0.1024612605006705, 1e-12, 0.0);
    assert_true(isnan(cc_fit_rms_log_change(x, 1)));
}

static void test_rejects_bad_series(void **state)
{
    (void)state;
    const cc_fit_prior prior = {.sd0 = 0.2, .nu0 = 3.0, .comparator = NAN};
    cc_fit f;
    cc_error err = {0};
    const double zero[2] = {12.0, 0.0};
    assert_int_equal(cc_fit_series(zero, 2, &prior, &f, &err), CC_ERR_INVALID);
    assert_non_null(strstr(err.message, "not positive"));
    assert_int_equal(cc_fit_series(zero, 0, &prior, &f, &err), CC_ERR_INVALID);
    const double nan[1] = {NAN};
    assert_int_equal(cc_fit_series(nan, 1, &prior, &f, &err), CC_ERR_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_entries_shrink_toward_the_comparator),
        cmocka_unit_test(test_drift_spends_a_degree_of_freedom),
        cmocka_unit_test(test_one_value_gives_the_prior_spread),
        cmocka_unit_test(test_ahead_decays_by_phi),
        cmocka_unit_test(test_rms_log_change_of_exits),
        cmocka_unit_test(test_rejects_bad_series),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
