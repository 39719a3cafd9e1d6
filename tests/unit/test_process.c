/* Unit tests of the yearly processes (src/process): the recursion by hand,
 * the closed-form moments against simulation, steps, and the identity test. */
#include "test_support.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "carecast/process.h"

static cc_process example(void)
{
    cc_process pr;
    cc_process_init(&pr);
    pr.active = true;
    pr.level_pct = 123.5;
    pr.level_sd_pct = 14.2;
    pr.long_run_pct = 91.7;
    pr.yearly_sd_pct = 21.3;
    pr.half_life_years = 1.6;
    return pr;
}

static void test_phi_is_half_after_one_half_life(void **state)
{
    (void)state;
    assert_near(cc_process_phi(1.0), 0.5, 0.0, 1e-15);
    assert_near(pow(cc_process_phi(1.6), 1.6), 0.5, 0.0, 1e-14);
    assert_near(cc_process_phi(0.0), 1.0, 0.0, 0.0);  /* no pull: a random walk */
    assert_near(cc_process_phi(-3.0), 1.0, 0.0, 0.0);
}

/* l_0 = log(1.235) + 0.142 z0; l_y = m + phi (l_{y-1} - m) + 0.213 eps_y, by hand. */
static void test_log_levels_follow_the_recursion(void **state)
{
    (void)state;
    const cc_process pr = example();
    const double eps[4] = {99.0, 0.731, -1.284, 0.052}; /* eps[0] is never used */
    double l[4];
    cc_process_log_levels(&pr, -0.417, eps, 4, l);
    const double phi = exp2(-1.0 / 1.6), m = log(0.917);
    double expect = log(1.235) + 0.142 * -0.417;
    assert_near(l[0], expect, 1e-15, 0.0);
    for (int y = 1; y < 4; y++) {
        expect = m + phi * (expect - m) + 0.213 * eps[y];
        assert_near(l[y], expect, 1e-14, 0.0);
    }
}

/* Mean and variance of l_k over many simulated paths match the closed form
 * within four standard errors (mean: sd/sqrt(n); variance: var sqrt(2/(n-1))). */
static void check_moments(const cc_process *pr)
{
    enum { N = 100000, YEARS = 6 };
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 20240917);
    static double sum[YEARS], sum2[YEARS];
    for (int y = 0; y < YEARS; y++)
        sum[y] = sum2[y] = 0.0;
    for (int i = 0; i < N; i++) {
        double eps[YEARS], l[YEARS];
        for (int y = 0; y < YEARS; y++)
            eps[y] = gsl_ran_ugaussian(r);
        cc_process_log_levels(pr, gsl_ran_ugaussian(r), eps, YEARS, l);
        for (int y = 0; y < YEARS; y++) {
            sum[y] += l[y];
            sum2[y] += l[y] * l[y];
        }
    }
    for (size_t k = 0; k < YEARS; k++) {
        double mean, var;
        cc_process_log_moments(pr, k, &mean, &var);
        const double m = sum[k] / N, v = (sum2[k] - N * m * m) / (N - 1);
        assert_near(m, mean, 4.0 * sqrt(var / N), 0.0);
        assert_near(v, var, 4.0 * var * sqrt(2.0 / (N - 1)), 0.0);
    }
    gsl_rng_free(r);
}

static void test_moments_match_simulation_with_pull(void **state)
{
    (void)state;
    const cc_process pr = example();
    check_moments(&pr);
}

static void test_moments_match_simulation_for_a_random_walk(void **state)
{
    (void)state;
    cc_process pr = example();
    pr.half_life_years = 0.0;
    check_moments(&pr);
    double mean, var;
    cc_process_log_moments(&pr, 3, &mean, &var);
    assert_near(mean, log(1.235), 1e-15, 0.0); /* no pull: the start level stays the median */
    assert_near(var, 0.142 * 0.142 + 3 * 0.213 * 0.213, 1e-15, 0.0);
}

/* Far out, the pull leaves the long-run level and the stationary variance. */
static void test_moments_tend_to_the_stationary_law(void **state)
{
    (void)state;
    const cc_process pr = example();
    double mean, var;
    cc_process_log_moments(&pr, 200, &mean, &var);
    const double phi = exp2(-1.0 / 1.6);
    assert_near(mean, log(0.917), 1e-12, 0.0);
    assert_near(var, 0.213 * 0.213 / (1.0 - phi * phi), 1e-12, 0.0);
}

static void test_steps_apply_from_their_month(void **state)
{
    (void)state;
    cc_process pr = example();
    pr.n_steps = 2;
    pr.steps[0] = (cc_process_step){2020, 4, -10.0};
    pr.steps[1] = (cc_process_step){2021, 10, 25.0};
    assert_near(cc_process_step_factor(&pr, 2020, 3), 1.0, 0.0, 0.0);
    assert_near(cc_process_step_factor(&pr, 2020, 4), 0.9, 1e-15, 0.0);
    assert_near(cc_process_step_factor(&pr, 2021, 9), 0.9, 1e-15, 0.0);
    assert_near(cc_process_step_factor(&pr, 2021, 10), 0.9 * 1.25, 1e-15, 0.0);
    assert_near(cc_process_step_factor(&pr, 2030, 1), 0.9 * 1.25, 1e-15, 0.0);
}

static void test_identity_is_detected(void **state)
{
    (void)state;
    cc_process pr;
    cc_process_init(&pr);
    assert_true(cc_process_is_identity(&pr));
    pr.active = true;
    assert_true(cc_process_is_identity(&pr));
    pr.long_run_pct = 80.0; /* no pull: the long run is never reached */
    assert_true(cc_process_is_identity(&pr));
    pr.half_life_years = 2.0;
    assert_false(cc_process_is_identity(&pr));
    cc_process_init(&pr);
    pr.active = true;
    pr.yearly_sd_pct = 5.0;
    assert_false(cc_process_is_identity(&pr));
    cc_process_init(&pr);
    pr.active = true;
    pr.n_steps = 1;
    pr.steps[0] = (cc_process_step){2020, 4, 0.0};
    assert_false(cc_process_is_identity(&pr));
}

static void test_target_names_round_trip(void **state)
{
    (void)state;
    for (int i = 0; i < CC_PROC_TARGETS; i++)
        assert_int_equal(cc_process_target_index(cc_process_target_names[i]), i);
    assert_int_equal(cc_process_target_index("entry"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_phi_is_half_after_one_half_life),
        cmocka_unit_test(test_log_levels_follow_the_recursion),
        cmocka_unit_test(test_moments_match_simulation_with_pull),
        cmocka_unit_test(test_moments_match_simulation_for_a_random_walk),
        cmocka_unit_test(test_moments_tend_to_the_stationary_law),
        cmocka_unit_test(test_steps_apply_from_their_month),
        cmocka_unit_test(test_identity_is_detected),
        cmocka_unit_test(test_target_names_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
