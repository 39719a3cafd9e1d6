/* What-if helpers: targets "metric@period>=value", parameter ranges, and
 * goal-seek by bisection against probability curves with known answers. */
#include "test_support.h"

#include <string.h>

#include "carecast/whatif.h"

static void test_target_parse(void **state)
{
    (void)state;
    cc_target t;
    cc_error err = {0};
    assert_int_equal(cc_target_parse("savings.total@2022/23>=7334781", true, &t, &err), CC_OK);
    assert_string_equal(t.metric, "savings.total");
    assert_string_equal(t.period, "2022/23");
    assert_true(t.has_value);
    assert_int_equal(t.comparison, CC_AT_LEAST);
    assert_near(t.value, 7334781.0, 0.0, 0.0);
    assert_int_equal(cc_target_parse("cost.total@2023/24<=6.5e7", true, &t, &err), CC_OK);
    assert_int_equal(t.comparison, CC_AT_MOST);
    assert_near(t.value, 6.5e7, 0.0, 0.0);
    assert_int_equal(cc_target_parse("cic.total@2024-03=800", true, &t, &err), CC_OK);
    assert_int_equal(t.comparison, CC_AT_LEAST);
    assert_int_equal(cc_target_parse("cic.total@2024-03", false, &t, &err), CC_OK);
    assert_false(t.has_value);
}

static void test_target_parse_errors(void **state)
{
    (void)state;
    cc_target t;
    cc_error err = {0};
    const char *bad[] = {"cic.total", "@2023/24", "cic.total@", "cic.total@2023/24>=",
                         "cic.total@2023/24>=abc", "cic.total@2023/24>5", "cic.total@2023/24"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err.message[0] = '\0';
        assert_int_equal(cc_target_parse(bad[i], true, &t, &err), CC_ERR_INVALID);
        assert_non_null(strstr(err.message, bad[i][0] == '@' ? "@2023/24" : bad[i]));
    }
}

static void test_param_range_parse(void **state)
{
    (void)state;
    cc_param_range r;
    cc_error err = {0};
    assert_int_equal(cc_param_range_parse("levers.entries_change_pct:-20:10.5", &r, &err), CC_OK);
    assert_string_equal(r.key_path, "levers.entries_change_pct");
    assert_near(r.low, -20.0, 0.0, 0.0);
    assert_near(r.high, 10.5, 0.0, 0.0);
    assert_int_equal(cc_param_range_parse("a.b:5:1", &r, &err), CC_ERR_INVALID);
    assert_int_equal(cc_param_range_parse("a.b:5", &r, &err), CC_ERR_INVALID);
    assert_int_equal(cc_param_range_parse(":1:5", &r, &err), CC_ERR_INVALID);
    assert_int_equal(cc_param_range_parse("a.b:x:5", &r, &err), CC_ERR_INVALID);
}

/* p(x) = (x - 2) / 10 clamped to [0, 1], in steps of 1/n_paths as a Monte
 * Carlo estimate would be: the 0.5 crossing is at x = 7. */
typedef struct curve {
    double slope_sign; /* +1 rising, -1 falling */
    int calls;
    bool fail_at_third;
} curve;

static cc_status step_curve(void *context, double x, double *p, cc_error *err)
{
    curve *c = context;
    if (c->fail_at_third && ++c->calls == 3)
        return cc_error_set(err, CC_ERR_INVALID, "evaluation failed at %g", x);
    double v = (c->slope_sign > 0 ? x - 2.0 : 12.0 - x) / 10.0;
    v = v < 0.0 ? 0.0 : (v > 1.0 ? 1.0 : v);
    *p = floor(v * 1000.0) / 1000.0;
    return CC_OK;
}

static void test_goalseek_finds_the_crossing(void **state)
{
    (void)state;
    cc_error err = {0};
    cc_goalseek_result r;
    curve rising = {1.0, 0, false}, falling = {-1.0, 0, false};
    assert_int_equal(cc_goalseek(step_curve, &rising, 0.0, 20.0, 0.5, 0.01, 1000, &r, &err),
                     CC_OK);
    assert_true(r.found);
    assert_near(r.x, 7.0, 0.02, 0.0);
    assert_true(r.p >= 0.5);          /* reported on the side that meets it */
    assert_near(r.p_low, 0.0, 0.0, 0.0);
    assert_near(r.p_high, 1.0, 0.0, 0.0);
    /* One standard error of p at 0.5 with 1000 paths, over a slope of 1/20 per unit. */
    assert_near(r.x_uncertainty, sqrt(0.25 / 1000.0) / (1.0 / 20.0), 1e-9, 1e-9);
    assert_int_equal(cc_goalseek(step_curve, &falling, 0.0, 20.0, 0.8, 0.01, 1000, &r, &err),
                     CC_OK);
    assert_true(r.found);
    assert_near(r.x, 4.0, 0.02, 0.0);
    assert_true(r.p >= 0.8);
}

static void test_goalseek_reports_an_unreachable_target(void **state)
{
    (void)state;
    cc_error err = {0};
    cc_goalseek_result r;
    curve rising = {1.0, 0, false};
    /* On [0, 4] p goes from 0 to 0.2: 0.5 is out of reach. */
    assert_int_equal(cc_goalseek(step_curve, &rising, 0.0, 4.0, 0.5, 0.01, 1000, &r, &err), CC_OK);
    assert_false(r.found);
    assert_int_equal(r.evaluations, 2);
    assert_near(r.p_high, 0.2, 1e-12, 0.0);
}

static void test_goalseek_passes_failures_on(void **state)
{
    (void)state;
    cc_error err = {0};
    cc_goalseek_result r;
    curve failing = {1.0, 0, true};
    assert_int_equal(cc_goalseek(step_curve, &failing, 0.0, 20.0, 0.5, 0.01, 1000, &r, &err),
                     CC_ERR_INVALID);
    assert_non_null(strstr(err.message, "evaluation failed"));
}

/* p(x) = 1 for x >= 0, else 0: the crossing is at 0, where doubles are dense
 * enough for about 1,075 halvings of [-1, 1]. Fails the test (instead of
 * hanging it) if goal-seek asks for far more evaluations than its limit. */
static cc_status jump_at_zero(void *context, double x, double *p, cc_error *err)
{
    int *calls = context;
    if (++*calls > 10 * CC_GOALSEEK_MAX_EVALUATIONS)
        return cc_error_set(err, CC_ERR_NUMERIC, "no iteration limit: %d evaluations", *calls);
    *p = x >= 0.0 ? 1.0 : 0.0;
    return CC_OK;
}

static void test_goalseek_stops_at_its_iteration_limit(void **state)
{
    (void)state;
    cc_error err = {0};
    cc_goalseek_result r;
    int calls = 0;
    /* A tolerance of 0 can never be met. */
    assert_int_equal(cc_goalseek(jump_at_zero, &calls, -1.0, 1.0, 0.5, 0.0, 1000, &r, &err),
                     CC_OK);
    assert_int_equal(r.evaluations, CC_GOALSEEK_MAX_EVALUATIONS);
    assert_int_equal(calls, CC_GOALSEEK_MAX_EVALUATIONS);
    assert_true(r.found);
    assert_true(r.at_limit);
    assert_near(r.x, 0.0, 0.0, 0.0); /* the end that meets the target */
    assert_near(r.p, 1.0, 0.0, 0.0);
    /* 62 halvings of [-1, 1] leave a bracket of 2^-61: the uncertainty covers it. */
    assert_true(r.x_uncertainty >= 0.5 * ldexp(1.0, -61));
}

/* step_curve, failing the test (instead of hanging it) after far more
 * evaluations than goal-seek's limit. */
static cc_status guarded_step(void *context, double x, double *p, cc_error *err)
{
    curve *c = context;
    if (++c->calls > 10 * CC_GOALSEEK_MAX_EVALUATIONS)
        return cc_error_set(err, CC_ERR_NUMERIC, "no iteration limit: %d evaluations", c->calls);
    return step_curve(context, x, p, err);
}

static void test_goalseek_stops_when_the_bracket_cannot_shrink(void **state)
{
    (void)state;
    cc_error err = {0};
    cc_goalseek_result r;
    curve rising = {1.0, 0, false};
    /* Near 7 doubles are 2^-50 apart: bisection of [0, 20] runs out of
     * midpoints after about 54 halvings, before the limit. */
    assert_int_equal(cc_goalseek(guarded_step, &rising, 0.0, 20.0, 0.5, 0.0, 1000, &r, &err),
                     CC_OK);
    assert_true(r.found);
    assert_true(r.at_limit);
    assert_true(r.evaluations < CC_GOALSEEK_MAX_EVALUATIONS);
    assert_near(r.x, 7.0, 1e-12, 0.0);
    assert_true(r.p >= 0.5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_target_parse),
        cmocka_unit_test(test_target_parse_errors),
        cmocka_unit_test(test_param_range_parse),
        cmocka_unit_test(test_goalseek_finds_the_crossing),
        cmocka_unit_test(test_goalseek_reports_an_unreachable_target),
        cmocka_unit_test(test_goalseek_passes_failures_on),
        cmocka_unit_test(test_goalseek_stops_at_its_iteration_limit),
        cmocka_unit_test(test_goalseek_stops_when_the_bracket_cannot_shrink),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
